#pragma once

// Shared by the app tests (C++ and QML): the real services on a station store in a temporary
// directory, with a clock that stands still until a test moves it.
#include "services.h"
#include "shell/staffsession.h"

#include "storage/stationstore.h"

#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

namespace lanxin::test {

/// 2026-11-28 10:00 Asia/Shanghai (02:00 UTC).
inline constexpr qint64 kAppNow = 1795831200000;
inline constexpr const char *kDirectorPin = "2468";
inline constexpr const char *kVolunteerPin = "1357";

struct AppFixture
{
    QTemporaryDir dir;
    Clock clock;
    StationStore store{&clock};
    std::unique_ptr<StationServices> services;
    QString directorId;
    QString volunteerId;

    AppFixture()
    {
        clock.setFixed(kAppNow);
        auto opened = store.open(dir.path());
        if (!opened)
            qFatal("cannot open test store: %s", qPrintable(opened.error().message));
        services = std::make_unique<StationServices>(&store, QString(), StationServices::Options{PinHashCost::Fast});
        directorId = addStaff(QStringLiteral("李桂兰"), QStringLiteral("director"), QLatin1String(kDirectorPin));
        volunteerId = addStaff(QStringLiteral("王小红"), QStringLiteral("volunteer"), QLatin1String(kVolunteerPin));
        services->session().refreshStaff();
    }

    QString addStaff(const QString &name, const QString &role, const QString &pin)
    {
        Staff s;
        s.name = name;
        s.role = role;
        const QString id = store.staff().create(s)->envelope.id;
        auto hash = hashPin(pin, PinHashCost::Fast);
        if (!hash || !store.credentials().setHash(id, hash.value(), clock.now()))
            qFatal("cannot set a test PIN");
        return id;
    }

    /// Unlocks as `staffId` and waits (bounded) for the PIN check; true when unlocked.
    bool unlock(const QString &staffId, const QString &pin)
    {
        StaffSession &session = services->session();
        QEventLoop loop;
        QObject::connect(&session, &StaffSession::busyChanged, &loop, [&] {
            if (!session.busy())
                loop.quit();
        });
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        session.unlock(staffId, pin);
        if (session.busy())
            loop.exec();
        return !session.locked() && session.staffId() == staffId;
    }
};

inline Resident resident(const QString &name, QDate birth, const QString &village = QStringLiteral("白杜村"))
{
    Resident r;
    r.name = name;
    r.gender = QStringLiteral("F");
    r.birthDate = birth;
    r.village = village;
    return r;
}

} // namespace lanxin::test
