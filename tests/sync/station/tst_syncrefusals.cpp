// Station → district against the real lanxin-district: what the district refuses and how the
// station carries on. A rejected record among 500, a batch over the body limit (sent in halves), a
// revoked device, an enrollment at another station while holding this one's records. Split from
// tst_syncpush so the two run side by side (each starts its own district).
#include "synctestsupport.h"

#include "demoseeder.h"

#include <QStandardPaths>

using namespace lanxin;
using namespace lanxin::test;

namespace {

const QString kStation = QStringLiteral("FH-XW-012");

} // namespace

class TestSyncRefusals : public QObject
{
    Q_OBJECT
    District m_district{kUnlimitedRates};

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_district.addStation(kStation));
        QVERIFY(m_district.addStation(QStringLiteral("FH-XW-013"), QStringLiteral("白杜村妇女之家")));
        QVERIFY(m_district.start());
    }

    void aRejectedRecordBlocksNeitherItsBatchNorTheQueue()
    {
        Device d;
        QVERIFY(d.enroll(m_district, kStation));
        QStringList ids;
        QVERIFY(d.store.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < 500; ++i) {
                Resident r = woman(QStringLiteral("退回测试%1").arg(i), QDate(1970, 1, 1).addDays(i), QStringLiteral("白杜村"));
                auto made = d.store.residents().create(r);
                if (!made)
                    return made.error();
                ids << made->envelope.id;
            }
            return {};
        }));
        // An older app wrote a bad ID number past validation: merge it in and queue it, as that app would have.
        const QString bad = ids[250];
        const Hlc stamp = d.store.hlc().now();
        QVERIFY(d.store.records().merge(Kind::Resident, bad, kStation,
                                        {FieldWrite{QStringLiteral("id_number"), QStringLiteral("110105197001010021"), stamp}}));
        QVERIFY(d.store.database().exec(QStringLiteral("UPDATE outbox SET fields = json_set(fields, '$.id_number', '%1') "
                                                       "WHERE record_id = '%2'")
                                            .arg(stamp.toString(), bad)));
        const SyncReport r = d.cycle();
        QCOMPARE(r.outcome, SyncOutcome::Incomplete);
        QCOMPARE(r.pushed, 500);
        QCOMPARE(r.batches, 1);
        QCOMPARE(r.applied, 499);
        QCOMPARE(r.rejected, 1);
        QCOMPARE(r.outboxPending, 0);
        const auto problems = d.sync().problems();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].recordId, bad);
        QCOMPARE(problems[0].code, QStringLiteral("invalid_field"));
        QCOMPARE(problems[0].field, QStringLiteral("id_number"));
        QVERIFY(!problems[0].message.contains(QStringLiteral("110105"))); // no value in the reason

        // The queue moves on: a new record goes through while the bad one waits for staff.
        Resident next = woman(QStringLiteral("后来的人"), QDate(1980, 2, 2), QStringLiteral("西坞村"));
        QVERIFY(d.store.residents().create(next));
        const SyncReport moved = d.cycle();
        QCOMPARE(moved.applied, 1);
        QCOMPARE(moved.outcome, SyncOutcome::Incomplete); // the rejected record still waits
        QCOMPARE(d.sync().problemCount(), 1);

        // Staff fixes it: the whole record goes, the problem clears, the receipt matches.
        QVERIFY(d.store.residents().updateFields(bad, {{QStringLiteral("id_number"), QString()}}));
        QCOMPARE(d.sync().problemCount(), 0);
        const SyncReport fixed = d.cycle();
        QVERIFY2(fixed.complete(), qPrintable(fixed.message));
        QCOMPARE(fixed.applied, 1);
    }

    /// A district with a small body limit refuses a whole batch with 413 as it arrives (by its
    /// Content-Length, before the body is read); the station reads that answer while it is still
    /// sending, takes the records back, and sends them in halves until they fit. Nothing is lost or
    /// doubled, and the cycle completes.
    void aBatchOverTheDistrictsBodyLimitIsSentInHalves()
    {
        District limited{kUnlimitedRates};
        QVERIFY(limited.addStation(kStation));
        QVERIFY(limited.start({QStringLiteral("--max-body-bytes"), QStringLiteral("16384")}));
        Device d;
        QVERIFY(d.enroll(limited, kStation));
        QVERIFY(d.store.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < 1200; ++i) {
                Resident r = woman(QStringLiteral("分批测试%1").arg(i), QDate(1960, 1, 1).addDays(i * 7), QStringLiteral("白杜村"));
                r.phone = QStringLiteral("1390000%1").arg(i, 4, 10, QLatin1Char('0'));
                if (auto made = d.store.residents().create(r); !made)
                    return made.error();
            }
            return {};
        }));
        const SyncReport r = d.cycle();
        QVERIFY2(r.complete(), qPrintable(r.message));
        QCOMPARE(r.applied, 1200);
        QCOMPARE(r.rejected, 0);
        QVERIFY2(r.batches > 1200 / 250, qPrintable(QString::number(r.batches))); // smaller than 500: halved
        QVERIFY(r.receiptMatch);
        QCOMPARE(r.outboxPending, 0);
        QCOMPARE(limited.stats(kStation).value(QStringLiteral("resident")), 1200);
        const QByteArray log = limited.takeErrorOutput();
        QVERIFY2(log.contains("refused 413 too_large"), log.left(2000).constData()); // by the guard, as it arrived
        limited.stop();
    }

    void aRevokedDeviceStopsAndMustEnrollAgain()
    {
        Device d;
        QVERIFY(d.enroll(m_district, kStation));
        QVERIFY(d.cycle().complete());
        QVERIFY(m_district.revoke(d.store.deviceId()));
        Resident r = woman(QStringLiteral("撤销后"), QDate(1975, 5, 5), QStringLiteral("白杜村"));
        QVERIFY(d.store.residents().create(r));
        const SyncReport refused = d.cycle();
        QCOMPARE(refused.outcome, SyncOutcome::Unauthenticated);
        QVERIFY(d.sync().mustReenroll());
        QCOMPARE(d.sync().pendingCount(), 1); // kept for after re-enrollment
        // No request until enrolled again.
        const int before = d.engine->requestCount();
        QCOMPARE(d.cycle().outcome, SyncOutcome::Unauthenticated);
        QCOMPARE(d.engine->requestCount(), before);
        QVERIFY(d.enroll(m_district, kStation));
        QVERIFY(!d.sync().mustReenroll());
        const SyncReport after = d.cycle();
        QVERIFY2(after.complete(), qPrintable(after.message));
        QCOMPARE(after.applied, 1);
    }

    void aDeviceHoldingAnotherStationsRecordsCannotEnrollElsewhere()
    {
        Device d;
        QVERIFY(d.enroll(m_district, kStation));
        QVERIFY(seedDemo(d.store, 3, 0, 5));
        const QString code = m_district.enrollmentCode(QStringLiteral("FH-XW-013"));
        auto refused = d.engine->enroll(m_district.baseUrl(), QStringLiteral("FH-XW-013"), code, QString());
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("holds_other_station"));
        // The code was not spent: another device can use it.
        Device other;
        QVERIFY(other.engine->enroll(m_district.baseUrl(), QStringLiteral("FH-XW-013"), code, QString()));
    }

    void cleanupTestCase() { m_district.stop(); }
};

QTEST_GUILESS_MAIN(TestSyncRefusals)
#include "tst_syncrefusals.moc"
