// Several devices of one station against the real lanxin-district: offline edits of one referral
// converge in either sync order, a change made elsewhere is pulled, and devices whose clocks are a
// year wrong still get their records to the district without beating newer writes.
#include "synctestsupport.h"

#include <QDir>
#include <QStandardPaths>

using namespace lanxin;
using namespace lanxin::test;

namespace {

const QString kStation = QStringLiteral("FH-XW-012");
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kYear = 365LL * 24 * 3600 * 1000;

QString makeResident(Device &d, const QString &name)
{
    Resident r;
    r.name = name;
    r.gender = QStringLiteral("F");
    r.birthDate = QDate(1972, 3, 8);
    r.village = QStringLiteral("白杜村");
    auto made = d.store.residents().create(r);
    if (!made)
        qFatal("resident: %s", qPrintable(made.error().message));
    return made->envelope.id;
}

QString makeReferral(Device &d, const QString &residentId)
{
    ScreeningReferral ref;
    ref.residentId = residentId;
    ref.cervical = true;
    ref.breast = true;
    ref.referredOn = d.clock.today();
    auto made = d.store.referrals().create(ref);
    if (!made)
        qFatal("referral: %s", qPrintable(made.error().message));
    return made->envelope.id;
}

} // namespace

class TestSyncMerge : public QObject
{
    Q_OBJECT
    District m_district{kUnlimitedRates};

    /// Two enrolled devices that both hold one resident and her referral.
    struct Pair
    {
        std::unique_ptr<Device> a;
        std::unique_ptr<Device> b;
        QString resident;
        QString referral;
    };
    Pair makePair()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Pair p{std::make_unique<Device>(now), std::make_unique<Device>(now), {}, {}};
        if (!p.a->enroll(m_district, kStation) || !p.b->enroll(m_district, kStation))
            qFatal("enrollment failed");
        p.resident = makeResident(*p.a, QStringLiteral("李秀珍"));
        p.referral = makeReferral(*p.a, p.resident);
        if (!p.a->cycle().complete() || p.b->cycle().pulled < 2)
            qFatal("setup sync failed");
        return p;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_district.addStation(kStation));
        QVERIFY(m_district.start());
    }

    void offlineEditsOfOneReferralConvergeInEitherOrder_data()
    {
        QTest::addColumn<bool>("aFirst");
        QTest::newRow("A then B") << true;
        QTest::newRow("B then A") << false;
    }
    void offlineEditsOfOneReferralConvergeInEitherOrder()
    {
        QFETCH(bool, aFirst);
        Pair p = makePair();
        const QDate screened = p.a->clock.today().addDays(1);
        const QDate appointment = p.a->clock.today().addDays(2);
        // Offline: A records the screening (one milestone) and a follow-up date; B, a minute later,
        // the appointment (another field) and a different follow-up date (the same field).
        p.a->clock.advance(kMinute);
        QVERIFY(p.a->store.referrals().updateFields(p.referral, {{QStringLiteral("screened_on"), screened},
                                                                 {QStringLiteral("follow_up_due"), screened.addDays(30)}}));
        p.b->clock.advance(2 * kMinute);
        QVERIFY(p.b->store.referrals().updateFields(p.referral, {{QStringLiteral("appointment_date"), appointment},
                                                                 {QStringLiteral("follow_up_due"), screened.addDays(60)}}));

        Device &first = aFirst ? *p.a : *p.b;
        Device &second = aFirst ? *p.b : *p.a;
        QVERIFY(first.cycle().complete());
        const SyncReport r2 = second.cycle();
        QVERIFY2(r2.complete(), qPrintable(r2.message));
        const SyncReport r3 = first.cycle();
        QVERIFY2(r3.complete(), qPrintable(r3.message));

        // Both hold the same referral: each side's own field kept, the later follow-up date on both.
        const auto ra = p.a->store.referrals().get(p.referral);
        const auto rb = p.b->store.referrals().get(p.referral);
        QVERIFY(ra && rb);
        for (const auto *r : {&*ra, &*rb}) {
            QCOMPARE(r->screenedOn, screened);
            QCOMPARE(r->appointmentDate, appointment);
            QCOMPARE(r->followUpDue, screened.addDays(60));
        }
        QCOMPARE(p.a->store.records().get(Kind::ScreeningReferral, p.referral)->stamps,
                 p.b->store.records().get(Kind::ScreeningReferral, p.referral)->stamps);

        // A's follow-up date was superseded: A is told, with both values; B is not.
        const auto notices = p.a->sync().conflicts();
        QCOMPARE(notices.size(), 1);
        QCOMPARE(notices[0].recordId, p.referral);
        QCOMPARE(notices[0].field, QStringLiteral("follow_up_due"));
        QCOMPARE(notices[0].localValue, formatDate(screened.addDays(30)));
        QCOMPARE(notices[0].remoteValue, formatDate(screened.addDays(60)));
        QVERIFY(p.b->sync().conflicts().isEmpty());
        QCOMPARE(p.a->sync().receipt(), p.b->sync().receipt());
    }

    void aResultRecordedElsewhereIsPulled()
    {
        Pair p = makePair();
        // The result comes in on the other tablet (or from the district's side of the station).
        p.b->clock.advance(kMinute);
        QVERIFY(p.b->store.referrals().updateFields(p.referral, {{QStringLiteral("screened_on"), p.b->clock.today()},
                                                                 {QStringLiteral("result"), QStringLiteral("abnormal")},
                                                                 {QStringLiteral("result_on"), p.b->clock.today()}}));
        QVERIFY(p.b->cycle().complete());
        const SyncReport r = p.a->cycle();
        QVERIFY2(r.complete(), qPrintable(r.message));
        QCOMPARE(r.pulled, 1);
        const auto ref = p.a->store.referrals().get(p.referral);
        QCOMPARE(ref->result, QStringLiteral("abnormal"));
        QCOMPARE(ref->status(), ScreeningReferral::Status::Result);
        QVERIFY(p.a->sync().conflicts().isEmpty()); // A had not touched those fields
    }

    void aClockAYearAheadIsCorrectedAndNewerWritesStillWin()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Device c(now);
        Device d(now);
        QVERIFY(c.enroll(m_district, kStation));
        QVERIFY(d.enroll(m_district, kStation));
        // C's clock jumps a year ahead (a flat battery, a bad NTP answer); records are made offline.
        c.clock.setFixed(now + kYear);
        const QString resident = makeResident(c, QStringLiteral("周玉梅"));
        FamilyVisit v;
        v.residentId = resident;
        v.visitedAt = c.clock.now().addSecs(-3600);
        v.purposes = {QStringLiteral("elderly_care")};
        v.riskLevel = QStringLiteral("low");
        QVERIFY(c.store.visits().create(v));
        QVERIFY(c.store.records().get(Kind::Resident, resident)->stamps.value(QStringLiteral("name")).ms > now + kYear / 2);

        const SyncReport r = c.cycle();
        QVERIFY2(r.complete(), qPrintable(r.message));
        QVERIFY(r.restamped >= 2); // refused clock_ahead, re-stamped with the corrected clock, accepted
        QCOMPARE(r.rejected, 0);
        QCOMPARE(m_district.stats(kStation).value(QStringLiteral("family_visit")) > 0, true);
        const auto restamped = c.store.records().get(Kind::Resident, resident);
        for (const Hlc &h : restamped->stamps)
            QVERIFY2(h.ms < QDateTime::currentMSecsSinceEpoch() + 60 * kMinute, // not a year: the corrected clock
                     qPrintable(restamped->stamps.key(h) + u' ' + h.toString()));

        // D, with a right clock, changes the address a minute later: it wins on both devices.
        QVERIFY(d.cycle().complete());
        d.clock.advance(kMinute);
        QVERIFY(d.store.residents().updateFields(resident, {{QStringLiteral("address"), QStringLiteral("白杜村8号")}}));
        QVERIFY(d.cycle().complete());
        QVERIFY(c.cycle().complete());
        QCOMPARE(c.store.residents().get(resident)->address, QStringLiteral("白杜村8号"));
        // And C's own later edit, stamped with its corrected clock, wins in turn.
        c.clock.advance(2 * kMinute);
        QVERIFY(c.store.residents().updateFields(resident, {{QStringLiteral("address"), QStringLiteral("白杜村9号")}}));
        const SyncReport again = c.cycle();
        QVERIFY2(again.complete(), qPrintable(again.message));
        QCOMPARE(again.restamped, 0);
        QVERIFY(d.cycle().complete());
        QCOMPARE(d.store.residents().get(resident)->address, QStringLiteral("白杜村9号"));
    }

    void aClockAYearBehindStillDeliversAndLosesToNewerWrites()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Device e(now - kYear); // wrong from the start: records made before enrollment, offline
        Device d(now);
        const QString resident = makeResident(e, QStringLiteral("吴春兰"));
        QVERIFY(e.store.records().get(Kind::Resident, resident)->stamps.value(QStringLiteral("name")).ms < now - kYear / 2);
        QVERIFY(e.enroll(m_district, kStation));
        QVERIFY(d.enroll(m_district, kStation));
        const SyncReport r = e.cycle();
        QVERIFY2(r.complete(), qPrintable(r.message));
        QCOMPARE(r.applied, 1);
        QVERIFY(d.cycle().complete());
        QCOMPARE(d.store.residents().get(resident)->name, QStringLiteral("吴春兰"));

        // D's later edit wins over E's year-old stamp; E's next edit (corrected clock) wins over D's.
        d.clock.advance(kMinute);
        QVERIFY(d.store.residents().updateFields(resident, {{QStringLiteral("village"), QStringLiteral("西坞村")}}));
        QVERIFY(d.cycle().complete());
        QVERIFY(e.cycle().complete());
        QCOMPARE(e.store.residents().get(resident)->village, QStringLiteral("西坞村"));
        e.clock.advance(2 * kMinute);
        QVERIFY(e.store.residents().updateFields(resident, {{QStringLiteral("village"), QStringLiteral("白杜村")}}));
        QVERIFY(e.cycle().complete());
        QVERIFY(d.cycle().complete());
        QCOMPARE(d.store.residents().get(resident)->village, QStringLiteral("白杜村"));
    }

    void aDeviceRestoredFromABackupRecoversWhatItHadSent()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QTemporaryDir backup;
        QStringList later;
        {
            Device d(now);
            QVERIFY(d.enroll(m_district, kStation));
            makeResident(d, QStringLiteral("冯玉兰"));
            QVERIFY(d.cycle().complete());
            // The backup: the data dir (database and key) as it is now.
            QVERIFY(d.store.database().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
            for (const QString &f : QDir(d.dir.path()).entryList(QDir::Files))
                QVERIFY(QFile::copy(d.dir.filePath(f), backup.filePath(f)));
            // Afterwards the device sends more, then breaks.
            for (int i = 0; i < 3; ++i) {
                d.clock.advance(kMinute);
                later << makeResident(d, QStringLiteral("后来%1").arg(i));
                QVERIFY(d.cycle().complete());
            }
        }
        // Restored from the backup: it knows one acknowledged batch, the district four.
        Clock clock;
        clock.setFixed(now + 5 * kMinute);
        StationStore restored(&clock);
        QVERIFY(restored.open(backup.path()));
        SyncEngine engine(restored);
        QCOMPARE(engine.syncStore().pushesAcknowledged(), 1);
        for (const QString &id : std::as_const(later))
            QVERIFY(!restored.records().get(Kind::Resident, id));
        Resident r;
        r.name = QStringLiteral("恢复后");
        r.gender = QStringLiteral("F");
        r.birthDate = QDate(1975, 1, 1);
        r.village = QStringLiteral("白杜村");
        QVERIFY(restored.residents().create(r));
        const SyncReport report = engine.runCycle();
        QVERIFY2(report.complete(), qPrintable(report.message));
        QVERIFY(report.restored);
        QVERIFY(!engine.syncStore().recoveryPending());
        // Its own records sent after the backup came back from the district.
        for (const QString &id : std::as_const(later))
            QVERIFY(restored.records().get(Kind::Resident, id));
        QCOMPARE(engine.syncStore().pushesAcknowledged(), 5);
        // And its clock is past its own earlier stamps: a new edit wins.
        clock.advance(kMinute);
        QVERIFY(restored.residents().updateFields(later.last(), {{QStringLiteral("address"), QStringLiteral("恢复后的地址")}}));
        const auto rec = restored.records().get(Kind::Resident, later.last());
        QVERIFY(rec->stamps.value(QStringLiteral("address")) > rec->stamps.value(QStringLiteral("name")));
        QVERIFY(engine.runCycle().complete());
    }

    void cleanupTestCase() { m_district.stop(); }
};

QTEST_GUILESS_MAIN(TestSyncMerge)
#include "tst_syncmerge.moc"
