// Station → district against the real lanxin-district: enrollment, a 10,000-record push, lost
// replies, a rejected record among 500, a revoked device.
#include "synctestsupport.h"

#include "demoseeder.h"

#include "protocol/gzip.h"

#include <QSqlQuery>
#include <QStandardPaths>

using namespace lanxin;
using namespace lanxin::test;

namespace {

const QString kStation = QStringLiteral("FH-XW-012");

int sql(StationStore &s, const QString &query)
{
    QSqlQuery q(s.database().db());
    if (!q.exec(query) || !q.next())
        return -1;
    return q.value(0).toInt();
}

QMap<QString, int> withoutZeros(QMap<QString, int> m)
{
    for (auto it = m.begin(); it != m.end();)
        it = it.value() == 0 ? m.erase(it) : std::next(it);
    return m;
}

} // namespace

class TestSyncPush : public QObject
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

    void enrollmentRefusesAWrongCodeAndAcceptsTheRightOne()
    {
        Device d;
        auto wrong = d.engine->enroll(m_district.baseUrl(), kStation, QStringLiteral("AAAA-BBBB"), QString());
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, QStringLiteral("enrollment_code_invalid"));
        QVERIFY(!d.sync().enrollment());
        auto ok = d.enroll(m_district, kStation);
        QVERIFY2(ok, qPrintable(ok.error().message));
        QCOMPARE(ok->stationName, QStringLiteral("西坞村妇女之家"));
        QCOMPARE(d.store.stationCode(), kStation);
        QVERIFY(!d.sync().clockOffsetStale());
    }

    void tenThousandRecordsReachTheDistrictAndTheReceiptMatches()
    {
        Device d;
        // Made before enrollment: they become the station's at enrollment.
        auto seeded = seedDemo(d.store, 3000, 7000, 7);
        QVERIFY2(seeded, qPrintable(seeded.error().message));
        const auto counts = d.store.liveCounts();
        int total = 0;
        for (int n : counts)
            total += n;
        QVERIFY2(total >= 10000, qPrintable(QString::number(total)));
        QVERIFY(d.enroll(m_district, kStation));
        QCOMPARE(sql(d.store, QStringLiteral("SELECT count(*) FROM resident WHERE station_id IS NULL")), 0);

        const SyncReport r = d.cycle();
        QVERIFY2(r.complete(), qPrintable(r.message));
        QCOMPARE(r.pushed, d.sync().computeReceipt().value(QStringLiteral("resident")).count
                               + d.sync().computeReceipt().value(QStringLiteral("training_session")).count
                               + d.sync().computeReceipt().value(QStringLiteral("attendance")).count
                               + d.sync().computeReceipt().value(QStringLiteral("screening_referral")).count
                               + d.sync().computeReceipt().value(QStringLiteral("family_visit")).count
                               + d.sync().computeReceipt().value(QStringLiteral("staff")).count);
        QCOMPARE(r.applied, r.pushed);
        QCOMPARE(r.rejected, 0);
        QVERIFY(r.batches >= total / 500);
        QVERIFY(r.receiptMatch);
        QCOMPARE(r.outboxPending, 0);
        QCOMPARE(withoutZeros(m_district.stats(kStation)), withoutZeros(counts));
        QCOMPARE(d.sync().receipt(), d.sync().computeReceipt());

        // A sync with nothing to do: at most three small requests, and still a match.
        const SyncReport idle = d.cycle();
        QVERIFY(idle.complete());
        QVERIFY2(idle.requests <= 3, qPrintable(QString::number(idle.requests)));
        QCOMPARE(idle.pushed, 0);
    }

    void lostRepliesAreResentWithTheirBatchIdAndNothingIsDoubled()
    {
        // Everything goes through a proxy that can lose the district's answers.
        LossyProxy proxy(m_district.port());
        Device d;
        QVERIFY(d.enroll(m_district, kStation, proxy.url()));
        QVERIFY(seedDemo(d.store, 800, 700, 11));
        const auto counts = d.store.liveCounts();
        const auto before = m_district.stats(kStation);

        // The first answer to every batch is lost after the district committed it; the resend passes.
        QSet<QByteArray> seen;
        proxy.drop = [&seen](const QByteArray &path, const QByteArray &body) {
            if (path != "/api/v1/sync/push" || seen.contains(body))
                return false;
            seen.insert(body);
            return true;
        };
        int cycles = 0;
        for (; cycles < 40; ++cycles) {
            const SyncReport r = d.cycle();
            if (r.complete())
                break;
            QVERIFY2(r.outcome == SyncOutcome::Failed, qPrintable(r.message));
            QVERIFY(d.sync().hasBatchInFlight()); // unknown outcome: kept, resent next time
        }
        QVERIFY2(cycles < 40, "did not converge");
        QCOMPARE(d.sync().pendingCount(), 0);

        // Every lost answer was followed by a resend of the same batch id, answered byte for byte alike.
        int lost = 0;
        for (int i = 0; i < proxy.exchanges.size(); ++i) {
            const auto &e = proxy.exchanges[i];
            if (e.path != "/api/v1/sync/push" || !e.dropped)
                continue;
            ++lost;
            QVERIFY(i + 1 < proxy.exchanges.size());
            const auto &again = proxy.exchanges[i + 1];
            QCOMPARE(again.path, QByteArray("/api/v1/sync/push"));
            QCOMPARE(again.requestBody, e.requestBody);
            QCOMPARE(again.responseBody, e.responseBody);
            QVERIFY(!e.responseBody.isEmpty());
        }
        QVERIFY(lost >= 3);

        // Nothing doubled: the district holds exactly what it held plus this device's records.
        auto after = m_district.stats(kStation);
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            QCOMPARE(after.value(it.key()), before.value(it.key()) + it.value());

        // The same records in new batches: all unchanged.
        for (Kind k : recordKinds()) {
            QVERIFY(d.store.database().exec(QStringLiteral("INSERT INTO outbox (kind, record_id, fields, queued_at) "
                                                           "SELECT '%1', id, stamps, '2026-01-01T00:00:00.000Z' FROM %1")
                                                .arg(kindName(k))));
        }
        proxy.drop = [](const QByteArray &, const QByteArray &) { return false; };
        const SyncReport again = d.cycle();
        QVERIFY2(again.complete(), qPrintable(again.message));
        QCOMPARE(again.applied, 0);
        QCOMPARE(again.unchanged, again.pushed);
        QVERIFY(again.pushed >= 1500);
        QCOMPARE(m_district.stats(kStation), after);
    }

    void aRejectedRecordBlocksNeitherItsBatchNorTheQueue()
    {
        Device d;
        QVERIFY(d.enroll(m_district, kStation));
        QStringList ids;
        QVERIFY(d.store.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < 500; ++i) {
                Resident r;
                r.name = QStringLiteral("退回测试%1").arg(i);
                r.gender = QStringLiteral("F");
                r.birthDate = QDate(1970, 1, 1).addDays(i);
                r.village = QStringLiteral("白杜村");
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
        Resident next;
        next.name = QStringLiteral("后来的人");
        next.gender = QStringLiteral("F");
        next.birthDate = QDate(1980, 2, 2);
        next.village = QStringLiteral("西坞村");
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
                Resident r;
                r.name = QStringLiteral("分批测试%1").arg(i);
                r.gender = QStringLiteral("F");
                r.birthDate = QDate(1960, 1, 1).addDays(i * 7);
                r.village = QStringLiteral("白杜村");
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
        Resident r;
        r.name = QStringLiteral("撤销后");
        r.gender = QStringLiteral("F");
        r.birthDate = QDate(1975, 5, 5);
        r.village = QStringLiteral("白杜村");
        QVERIFY(d.store.residents().create(r));
        const SyncReport refused = d.cycle();
        QCOMPARE(refused.outcome, SyncOutcome::Unauthenticated);
        QVERIFY(d.sync().mustReenroll());
        QCOMPARE(d.sync().pendingCount(), 1); // kept for after re-enrollment
        // No request until enrolled again.
        const int before = d.engine->transport().requestCount();
        QCOMPARE(d.cycle().outcome, SyncOutcome::Unauthenticated);
        QCOMPARE(d.engine->transport().requestCount(), before);
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

QTEST_GUILESS_MAIN(TestSyncPush)
#include "tst_syncpush.moc"
