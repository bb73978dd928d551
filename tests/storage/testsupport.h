#pragma once

// Shared by the storage tests: a station store in a temporary directory with a fixed clock.
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

} // namespace lanxin::test
