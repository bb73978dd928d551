#pragma once

// Shared by the storage tests: a station store in a temporary directory with a fixed clock.
#include "core/idnumber.h"
#include "storage/stationstore.h"

#include <QTemporaryDir>
#include <QTest>

namespace lanxin::test {

/// 2025-11-28 10:00 Asia/Shanghai (a fixed instant; tests never read the real clock).
inline constexpr qint64 kNow = 1764295200000;

struct TempStation
{
    QTemporaryDir dir;
    Clock clock;
    StationStore store{&clock};

    TempStation()
    {
        clock.setFixed(kNow);
        auto opened = store.open(dir.path());
        if (!opened)
            qFatal("cannot open test store: %s", qPrintable(opened.error().message));
    }
};

inline Resident woman(const QString &name, QDate birth, const QString &village = QStringLiteral("白杜村"))
{
    Resident r;
    r.name = name;
    r.gender = QStringLiteral("F");
    r.birthDate = birth;
    r.village = village;
    return r;
}

/// 张秀英 with a value of every kind a push carries: sensitive fields (ID number, phone), a set, an
/// instant, and quotes and a backslash in text.
inline Resident everyValueWoman(const QDateTime &consentAt)
{
    Resident w = woman(QStringLiteral("张秀英"), QDate(1980, 1, 1));
    const QString first17 = QStringLiteral("33028219800101002");
    w.idNumber = first17 + idNumberCheckChar(first17);
    w.phone = QStringLiteral("13812345678");
    w.tags = {QStringLiteral("left_behind"), QStringLiteral("migrant")};
    w.address = QStringLiteral("白杜村\"5\"号\\东");
    w.consentGeneralAt = consentAt;
    return w;
}

} // namespace lanxin::test
