#include "appfixture.h"

#include "shell/appsettings.h"

#include "core/pinpolicy.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace lanxin;
using namespace lanxin::test;

namespace {
QStringList auditActions(StationStore &s, const QString &staffId)
{
    QSqlQuery q(s.database().db());
    q.prepare(QStringLiteral("SELECT action FROM audit_log WHERE kind = 'staff' AND record_id = ? ORDER BY seq"));
    q.addBindValue(staffId);
    q.exec();
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}
} // namespace

class TestStaffSession : public QObject
{
    Q_OBJECT
private slots:
    void startsLockedAndUnlocksWithTheRightPin()
    {
        AppFixture f;
        StaffSession &s = f.services->session();
        QVERIFY(s.locked());
        QVERIFY(!s.needsSetup());
        QCOMPARE(s.unlockable().size(), 2);
        QCOMPARE(s.unlockable().first().toMap().value(QStringLiteral("director")).toBool(), true);
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
        QVERIFY(s.director());
        QCOMPARE(s.staffName(), QStringLiteral("李桂兰"));
        QCOMPARE(f.store.records().actor(), f.directorId);
        s.lock();
        QVERIFY(s.locked());
        QVERIFY(f.store.records().actor().isEmpty());
        QCOMPARE(auditActions(f.store, f.directorId), (QStringList{QStringLiteral("create"), QStringLiteral("unlock"),
                                                                   QStringLiteral("lock")}));
    }

    void fiveWrongTriesWaitThirtySecondsThenDouble()
    {
        AppFixture f;
        StaffSession &s = f.services->session();
        QSignalSpy failed(&s, &StaffSession::unlockFailed);
        for (int i = 0; i < 4; ++i)
            QVERIFY(!f.unlock(f.volunteerId, QStringLiteral("0000")));
        QCOMPARE(s.waitSeconds(f.volunteerId), 0);
        QVERIFY(!f.unlock(f.volunteerId, QStringLiteral("0000")));
        QCOMPARE(s.waitSeconds(f.volunteerId), 30);
        QCOMPARE(failed.last().at(1).toInt(), 30);
        // While waiting even the right PIN is not checked.
        QVERIFY(!f.unlock(f.volunteerId, QLatin1String(kVolunteerPin)));
        QVERIFY(s.locked());
        f.clock.advance(29'000);
        QCOMPARE(s.waitSeconds(f.volunteerId), 1);
        f.clock.advance(1'000);
        QCOMPARE(s.waitSeconds(f.volunteerId), 0);
        QVERIFY(!f.unlock(f.volunteerId, QStringLiteral("0000"))); // sixth wrong: 60 s
        QCOMPARE(s.waitSeconds(f.volunteerId), 60);
        f.clock.advance(60'000);
        QVERIFY(f.unlock(f.volunteerId, QLatin1String(kVolunteerPin)));
        QCOMPARE(f.store.credentials().get(f.volunteerId)->failures, 0);
        const QStringList audit = auditActions(f.store, f.volunteerId);
        QCOMPARE(audit.count(QStringLiteral("pin_failed")), 6);
        QVERIFY(audit.contains(QStringLiteral("unlock")));
    }

    void tenWrongTriesLeaveItToTheDirector()
    {
        AppFixture f;
        StaffSession &s = f.services->session();
        for (int i = 0; i < 10; ++i) {
            f.clock.advance(pinpolicy::kMaxWaitMs);
            QVERIFY(!f.unlock(f.volunteerId, QStringLiteral("9999")));
        }
        QVERIFY(s.blocked(f.volunteerId));
        f.clock.advance(pinpolicy::kMaxWaitMs * 2);
        QVERIFY(!f.unlock(f.volunteerId, QLatin1String(kVolunteerPin))); // her own PIN no longer works
        QVERIFY(auditActions(f.store, f.volunteerId).contains(QStringLiteral("pin_blocked")));
        // Only a director lets her in again.
        QVERIFY(!s.clearBlock(f.volunteerId)); // not while locked
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
        QVERIFY(s.clearBlock(f.volunteerId));
        s.lock();
        QVERIFY(f.unlock(f.volunteerId, QLatin1String(kVolunteerPin)));
    }

    void aDirectorIsNeverBlockedOnlyDelayed()
    {
        AppFixture f;
        StaffSession &s = f.services->session();
        for (int i = 0; i < 11; ++i) {
            f.clock.advance(pinpolicy::kMaxWaitMs);
            QVERIFY(!f.unlock(f.directorId, QStringLiteral("1111")));
        }
        QVERIFY(!s.blocked(f.directorId));
        QVERIFY(s.waitSeconds(f.directorId) > 0);
        f.clock.advance(pinpolicy::kMaxWaitMs);
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
    }

    void locksWhenIdleAndOnSuspend()
    {
        AppFixture f;
        StaffSession &s = f.services->session();
        f.services->settings().setIdleLockMinutes(3);
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
        f.clock.advance(2 * 60'000);
        QVERIFY(!s.checkIdle());
        s.noteActivity();
        f.clock.advance(2 * 60'000);
        QVERIFY(!s.checkIdle()); // activity restarted the idle time
        f.clock.advance(60'000);
        QVERIFY(s.checkIdle());
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
        s.onApplicationState(Qt::ApplicationInactive);
        QVERIFY(!s.locked());
        s.onApplicationState(Qt::ApplicationSuspended);
        QVERIFY(s.locked());
        QSqlQuery q(f.store.database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT detail FROM audit_log WHERE action = 'lock' ORDER BY seq")));
        QStringList reasons;
        while (q.next())
            reasons << q.value(0).toString();
        QCOMPARE(reasons, (QStringList{QStringLiteral("idle"), QStringLiteral("suspend")}));
    }

    void firstRunSetupMakesTheDirector()
    {
        QTemporaryDir dir;
        Clock clock;
        clock.setFixed(kAppNow);
        StationStore store(&clock);
        QVERIFY(store.open(dir.path()));
        StationServices services(&store, {}, {PinHashCost::Fast});
        StaffSession &s = services.session();
        QVERIFY(s.needsSetup());
        QSignalSpy done(&s, &StaffSession::setupFinished);
        s.setupDirector(QStringLiteral("陈美华"), {}, QStringLiteral("123"));
        QCOMPARE(done.size(), 1);
        QVERIFY(!done.last().at(0).toBool()); // too short
        s.setupDirector(QStringLiteral("陈美华"), {}, QStringLiteral("4321"));
        QVERIFY(done.wait(10000));
        QVERIFY(done.last().at(0).toBool());
        QVERIFY(!s.locked());
        QVERIFY(s.director());
        QVERIFY(!s.needsSetup());
        QCOMPARE(store.staff().active().first().name, QStringLiteral("陈美华"));
        // Setting a volunteer's PIN needs the director unlocked.
        Staff v;
        v.name = QStringLiteral("志愿者");
        v.role = QStringLiteral("volunteer");
        const QString id = store.staff().create(v)->envelope.id;
        QSignalSpy set(&s, &StaffSession::pinSetFinished);
        s.setPin(id, QStringLiteral("5555"));
        QVERIFY(set.wait(10000));
        QVERIFY(set.last().at(0).toBool());
        QVERIFY(store.credentials().get(id));
        s.lock();
        s.setPin(id, QStringLiteral("6666"));
        QVERIFY(!set.last().at(0).toBool());
    }
};

QTEST_MAIN(TestStaffSession)
#include "tst_staffsession.moc"
