// Exactly-once under faults (issue 6, SECURITY.md 5–6): stations sync with the REAL lanxin-district
// through a fault-injecting proxy. For every fault the proxy makes — refused connections, cuts during
// the request, after it, before the reply, after the reply's head, a slow or a corrupted reply, a reply
// later than the station waits — over plain HTTP and TLS: after recovery the district holds each record
// exactly once with its last value, the station's outbox is empty and the receipt matches. Kills of the
// district or the station and a restored backup are in tst_killed.
#include "exactlyoncefixture.h"

#include <QRegularExpression>
#include <QSqlDatabase>

#include <algorithm>

using namespace lanxin;
using namespace lanxin::test;

class TestExactlyOnce : public ExactlyOnceFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { startAll(); }

    void theProxyPassesExchangesOnAndLogsThem()
    {
        const QString station = newStation();
        auto d = enrolledDevice(station);
        QVERIFY(seedDemo(d->store, 20, 30, 3));
        m_proxy->resetCounts();
        const SyncReport r = d->cycle();
        verifyExactlyOnce(d->store, *d->engine, r, station);
        QVERIFY(m_proxy->requestCount() >= 3);
        for (const auto &e : m_proxy->exchanges()) {
            QVERIFY(e.delivered);
            QCOMPARE(e.status, 200);
        }
    }

    void recoversFromEveryFault_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("nth");
        const QList<FaultKind> kinds{FaultKind::CutDuringRequest, FaultKind::CutAfterRequest, FaultKind::CutBeforeReply,
                                     FaultKind::CutAfterReplyHeaders, FaultKind::CorruptReply, FaultKind::UnreadableReply,
                                     FaultKind::Delay, FaultKind::Trickle};
        for (FaultKind k : kinds) {
            const QByteArray name = faultName(k).toLatin1();
            QTest::newRow(name + " first push") << int(k) << QByteArray("/api/v1/sync/push") << 1;
            if (k != FaultKind::Delay && k != FaultKind::Trickle)
                QTest::newRow(name + " third push") << int(k) << QByteArray("/api/v1/sync/push") << 3;
            QTest::newRow(name + " pull") << int(k) << QByteArray("/api/v1/sync/pull") << 1;
            QTest::newRow(name + " receipt") << int(k) << QByteArray("/api/v1/sync/receipt") << 1;
        }
    }

    void recoversFromEveryFault()
    {
        QFETCH(int, fault);
        QFETCH(QByteArray, path);
        QFETCH(int, nth);
        checkRecovery(*m_proxy, static_cast<FaultKind>(fault), path, nth);
    }

    // The station's connections to a real district are TLS: a cut, a corrupted or a trickled answer
    // arrives there as a TLS error or a closed TLS connection, which must count as an unknown outcome
    // (resend), never as a refused certificate or a success.
    void recoversFromEveryFaultOverTls_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("nth");
        for (FaultKind k : {FaultKind::CutDuringRequest, FaultKind::CutAfterRequest, FaultKind::CutBeforeReply,
                            FaultKind::CutAfterReplyHeaders, FaultKind::CorruptReply, FaultKind::Trickle}) {
            const QByteArray name = faultName(k).toLatin1();
            QTest::newRow(name + " first push") << int(k) << QByteArray("/api/v1/sync/push") << 1;
            QTest::newRow(name + " pull") << int(k) << QByteArray("/api/v1/sync/pull") << 1;
        }
    }

    void recoversFromEveryFaultOverTls()
    {
        QFETCH(int, fault);
        QFETCH(QByteArray, path);
        QFETCH(int, nth);
        checkRecovery(*m_tlsProxy, static_cast<FaultKind>(fault), path, nth);
    }

    void aReplyLaterThanTheStationWaitsIsResentNotDoubled()
    {
        const QString station = newStation();
        auto d = enrolledDevice(station);
        QVERIFY(seedDemo(d->store, 40, 100, 17));
        SyncEngineOptions o;
        o.networkTimeoutMs = 700;
        o.batchSize = kBatch;
        d->engine->setOptions(o);
        Fault late;
        late.kind = FaultKind::Delay;
        late.delayMs = 2500; // the district has committed; the station gave up waiting
        m_proxy->faultOnPath("/api/v1/sync/push", 2, late);
        const SyncReport first = d->cycle();
        QCOMPARE(first.outcome, SyncOutcome::Failed);
        QVERIFY(d->sync().hasBatchInFlight());
        o.networkTimeoutMs = 8000;
        d->engine->setOptions(o);
        const SyncReport last = recover(*d->engine);
        QVERIFY(last.resent >= 1);
        verifyExactlyOnce(d->store, *d->engine, last, station);
    }

    /// An answer that arrives whole but cannot be read, while the next batch is already out (it goes as
    /// soon as an answer is in, before the answer is read): both outcomes are unknown, so both batches stay
    /// in flight and go again with their ids, oldest first; nothing is lost or doubled.
    void anUnreadableAnswerLeavesItsBatchAndTheNextInFlight()
    {
        const QString station = newStation();
        auto d = enrolledDevice(station);
        QVERIFY(seedDemo(d->store, 25, 80, 31)); // three batches or more
        Fault unreadable;
        unreadable.kind = FaultKind::UnreadableReply;
        m_proxy->resetCounts();
        m_proxy->faultOnPath("/api/v1/sync/push", 1, unreadable);
        const SyncReport first = d->cycle();
        QCOMPARE(first.outcome, SyncOutcome::Failed);
        const auto pushes = [this] {
            int n = 0;
            for (const auto &e : m_proxy->exchanges())
                n += e.request.path == "/api/v1/sync/push" ? 1 : 0;
            return n;
        };
        // The second batch went before the first answer was read. The proxy runs in this thread: it
        // logs the request once its event loop has run.
        QTRY_COMPARE(pushes(), 2);
        QSqlQuery q(d->store.database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sync_batch")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        const SyncReport last = recover(*d->engine);
        QCOMPARE(last.resent, 2);
        verifyExactlyOnce(d->store, *d->engine, last, station);
    }

    /// Two (or three) batches on the wire (SyncEngine::push): every other push trickles to the district, so
    /// a batch sent beside it on another connection is stored first. Either order comes to the same end: nothing
    /// lost or doubled; no record sent beside the batch of a record it names (none comes back
    /// reference_missing, though parents and children meet at several batch boundaries); and the
    /// district's counts of our batches, which then arrive out of order, are never taken for a restored
    /// device.
    void twoBatchesOnTheWireMayBeStoredInEitherOrder_data()
    {
        QTest::addColumn<int>("parity");
        QTest::addColumn<int>("onTheWire");
        for (int n : {2, 3, 1}) {
            QTest::addRow("%d on the wire, odd pushes trickle", n) << 1 << n;
            QTest::addRow("%d on the wire, even pushes trickle", n) << 0 << n;
        }
    }

    void twoBatchesOnTheWireMayBeStoredInEitherOrder()
    {
        QFETCH(int, parity);
        QFETCH(int, onTheWire);
        const QString station = newStation();
        auto d = enrolledDevice(station);
        SyncEngineOptions o;
        o.networkTimeoutMs = 8000;
        o.batchSize = kBatch;
        o.onTheWire = onTheWire;
        d->engine->setOptions(o);
        QVERIFY(seedDemo(d->store, 200, 400, 41)); // five batches of residents, then their children
        Fault slow;
        slow.kind = FaultKind::Trickle;
        slow.trickleBytes = 256;
        slow.trickleMs = 5; // a batch's ~4 KB take ~80 ms to reach the district
        int pushes = 0;
        m_proxy->setScript([&](const ProxiedRequest &request) {
            return request.path == "/api/v1/sync/push" && ++pushes % 2 == parity ? slow : Fault{};
        });
        const SyncReport r = d->cycle();
        verifyExactlyOnce(d->store, *d->engine, r, station);
        QCOMPARE(r.retried, 0);
        QCOMPARE(r.resent, 0);
        QVERIFY(!r.restored);
        QVERIFY(!d->sync().recoveryPending());
        // The district stored the second batch before the first: its audit lists pushes in commit order,
        // and batch ids (UUID v7, made at each take) grow in the order the station sent them.
        QStringList committed;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("audit-order"));
            db.setDatabaseName(m_district.dataDir() + QStringLiteral("/district.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT detail FROM audit WHERE action = 'push' ORDER BY seq")));
            const QRegularExpression batch(QStringLiteral("station=%1 batch=([0-9a-f-]{36}) ").arg(station));
            while (q.next()) {
                const auto m = batch.match(q.value(0).toString());
                if (m.hasMatch())
                    committed << m.captured(1);
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("audit-order"));
        QCOMPARE(committed.size(), r.batches);
        QStringList sent = committed;
        std::sort(sent.begin(), sent.end());
        if (onTheWire == 1)
            QCOMPARE(committed, sent); // one at a time: stored in the order sent
        else
            QVERIFY2(committed != sent, "the district stored the batches in the order sent: nothing was tested");
        // Our count of answered batches is the district's.
        QCOMPARE(d->sync().pushesAcknowledged(), qint64(r.batches));
        m_proxy->passEverything();
    }

    void refusedConnectionsAreRetriedLater()
    {
        const QString station = newStation();
        auto d = enrolledDevice(station);
        QVERIFY(seedDemo(d->store, 30, 60, 5));
        QVERIFY(m_proxy->setRefusing(true));
        const SyncReport refused = d->cycle();
        QCOMPARE(refused.outcome, SyncOutcome::Failed);
        QCOMPARE(d->sync().pendingCount(), d->store.outboxPending());
        QVERIFY(d->sync().pendingCount() > 0);
        QVERIFY(m_proxy->setRefusing(false));
        verifyExactlyOnce(d->store, *d->engine, recover(*d->engine), station);
    }

    void cleanupTestCase() { stopAll(); }
};

QTEST_GUILESS_MAIN(TestExactlyOnce)
#include "tst_exactlyonce.moc"
