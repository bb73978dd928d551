// Station → district against the real lanxin-district: enrollment, a 10,000-record push, lost
// replies re-sent with their batch ids. What the district refuses (a record, a batch, a device, an
// enrollment) is in tst_syncrefusals.
#include "synctestsupport.h"

#include "demoseeder.h"

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

        const int connections = d.engine->connectionCount();
        const SyncReport r = d.cycle();
        QVERIFY2(r.complete(), qPrintable(r.message));
        // Twenty-odd batches, the pull and the receipt on kept-alive connections: two, one for each batch
        // on the wire.
        QVERIFY2(d.engine->connectionCount() - connections <= 2,
                 qPrintable(QString::number(d.engine->connectionCount() - connections)));
        // The station's own receipt, computed once (it reads every record).
        const auto receipt = d.sync().computeReceipt();
        int receiptTotal = 0;
        for (Kind k : recordKinds())
            receiptTotal += receipt.value(kindName(k)).count;
        QCOMPARE(r.pushed, receiptTotal);
        QCOMPARE(r.applied, r.pushed);
        QCOMPARE(r.rejected, 0);
        QVERIFY(r.batches >= total / 500);
        QVERIFY(r.receiptMatch);
        QCOMPARE(r.outboxPending, 0);
        QCOMPARE(withoutZeros(m_district.stats(kStation)), withoutZeros(counts));
        QCOMPARE(d.sync().receipt(), receipt);

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

    void cleanupTestCase() { m_district.stop(); }
};

QTEST_GUILESS_MAIN(TestSyncPush)
#include "tst_syncpush.moc"
