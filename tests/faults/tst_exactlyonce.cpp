// Exactly-once under faults (issue 6, SECURITY.md 5–6): stations sync with the REAL lanxin-district
// through a fault-injecting proxy. For every fault the proxy makes — refused connections, cuts during
// the request, after it, before the reply, after the reply's head, a slow or a corrupted reply, a reply
// later than the station waits — and for SIGKILL of the district and of the station mid-sync, and a
// station restored from a backup: after recovery the district holds each record exactly once with its
// last value, the station's outbox is empty and the receipt matches.
#include "faultcheck.h"
#include "faultproxy.h"
#include "synctestsupport.h"

#include "demoseeder.h"

#include <QDir>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimer>

#include <csignal>

using namespace lanxin;
using namespace lanxin::test;

namespace {

constexpr int kBatch = 40; // small batches: a few hundred records make several

QMap<QString, int> withoutZeros(QMap<QString, int> m)
{
    for (auto it = m.begin(); it != m.end();)
        it = it.value() == 0 ? m.erase(it) : std::next(it);
    return m;
}

QStringList residentIds(StationStore &store, int n)
{
    Page page;
    page.limit = n;
    QStringList ids;
    for (const StoredRecord &r : store.records().select(Kind::Resident, QStringLiteral("deleted = 0"), {}, QStringLiteral("id"), page))
        ids << r.id;
    return ids;
}

/// Edits `n` residents (address and a set member) and deletes `deletes` others: the "last values".
void editAndDelete(StationStore &store, int n, int deletes, const QString &tag)
{
    const QStringList ids = residentIds(store, n + deletes);
    for (int i = 0; i < ids.size(); ++i) {
        if (i < n) {
            auto r = store.residents().updateFields(ids[i], {{QStringLiteral("address"), QStringLiteral("%1号 %2").arg(i).arg(tag)},
                                                             {QStringLiteral("phone"), QStringLiteral("1390000%1").arg(i, 4, 10, QLatin1Char('0'))}});
            if (!r)
                qFatal("edit: %s", qPrintable(r.error().message));
        } else {
            auto r = store.residents().remove(ids[i]);
            if (!r)
                qFatal("delete: %s", qPrintable(r.error().message));
        }
    }
}

QStringList filesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files);
}

bool copyFiles(const QString &from, const QString &to, bool skipShm)
{
    QDir(to).removeRecursively();
    QDir().mkpath(to);
    for (const QString &f : filesOf(from)) {
        if (skipShm && f.endsWith(QLatin1String("-shm")))
            continue;
        if (!QFile::copy(from + u'/' + f, to + u'/' + f))
            return false;
    }
    return true;
}

} // namespace

class TestExactlyOnce : public QObject
{
    Q_OBJECT
    District m_district{kUnlimitedRates};
    std::unique_ptr<FaultProxy> m_proxy;
    /// The same faults on TLS connections: the station pins the proxy's certificate (SECURITY.md 24).
    std::unique_ptr<FaultProxy> m_tlsProxy;
    const QString m_tlsCert = QStringLiteral(LANXIN_TLS_DATA "/test-server.crt");
    int m_stations = 0;
    QTemporaryDir m_tmp;

    QString newStation()
    {
        const QString code = QStringLiteral("FH-FT-%1").arg(++m_stations, 3, 10, QLatin1Char('0'));
        if (!m_district.addStation(code))
            qFatal("cannot add station");
        return code;
    }

    std::unique_ptr<Device> enrolledDevice(const QString &station, FaultProxy *through = nullptr)
    {
        FaultProxy &proxy = through ? *through : *m_proxy;
        auto d = std::make_unique<Device>(QDateTime::currentMSecsSinceEpoch(), 8000);
        SyncEngineOptions o;
        o.networkTimeoutMs = 8000;
        o.batchSize = kBatch;
        d->engine->setOptions(o);
        proxy.passEverything();
        auto e = d->engine->enroll(proxy.url(), station, m_district.enrollmentCode(station),
                                   &proxy == m_tlsProxy.get() ? m_tlsCert : QString());
        if (!e)
            qFatal("enroll: %s", qPrintable(e.error().message));
        return d;
    }

    /// Syncs through a healthy proxy until a cycle completes (bounded).
    SyncReport recover(SyncEngine &engine)
    {
        m_proxy->passEverything();
        if (m_tlsProxy)
            m_tlsProxy->passEverything();
        SyncReport r;
        for (int i = 0; i < 5; ++i) {
            r = engine.runCycle();
            if (r.complete())
                break;
        }
        return r;
    }

    /// The district holds exactly what the device holds, field by field; outbox empty; receipt matches.
    void verifyExactlyOnce(StationStore &store, SyncEngine &engine, const SyncReport &last, const QString &station)
    {
        QVERIFY2(last.complete(), qPrintable(last.message));
        QVERIFY(last.receiptMatch);
        QCOMPARE(engine.syncStore().pendingCount(), 0);
        QVERIFY(!engine.syncStore().hasBatchInFlight());
        QCOMPARE(engine.syncStore().receipt(), engine.syncStore().computeReceipt());
        QCOMPARE(withoutZeros(m_district.stats(station)), withoutZeros(store.liveCounts()));
        int doubled = -1;
        const Snapshot district = districtSnapshot(m_district.dataDir(), station, &doubled);
        QCOMPARE(doubled, 0);
        const Comparison c = compareSnapshots(deviceSnapshot(store), district);
        QVERIFY2(c.lost == 0 && c.extra == 0 && c.diverged == 0, qPrintable(c.summary()));
        QVERIFY(c.records > 0);
    }

    /// A second device of the station pulls everything: it must hold what the writer holds, sensitive
    /// values included (the district's encrypted copies are the last ones too).
    void verifyFreshDeviceAgrees(StationStore &writer, const QString &station, FaultProxy *through = nullptr)
    {
        auto fresh = enrolledDevice(station, through);
        const SyncReport r = recover(*fresh->engine);
        QVERIFY2(r.complete(), qPrintable(r.message));
        const Comparison c = compareSnapshots(deviceSnapshot(writer), deviceSnapshot(fresh->store));
        QVERIFY2(c.lost == 0 && c.extra == 0 && c.diverged == 0, qPrintable(c.summary()));
    }

    void restartDistrict()
    {
        QVERIFY(m_district.start());
        m_proxy->setUpstreamPort(m_district.port());
        m_tlsProxy->setUpstreamPort(m_district.port());
    }

    /// One fault on the `nth` request to `path` through `proxy`, then recovery: exactly once afterwards.
    void checkRecovery(FaultProxy &proxy, FaultKind kind, const QByteArray &path, int nth)
    {
        const QString station = newStation();
        auto d = enrolledDevice(station, &proxy);
        QVERIFY(seedDemo(d->store, 25, 80, 20261129 + quint32(kind))); // 100+ records: three batches or more

        Fault f;
        f.kind = kind;
        f.delayMs = 1500;  // below the station's 8 s timeout
        f.trickleBytes = 512;
        f.trickleMs = 1;
        const bool slow = kind == FaultKind::Delay || kind == FaultKind::Trickle;
        proxy.resetCounts();
        // Faults that break the exchange also hit the requests that follow it (two over HTTP, eight over
        // TLS), so the recovery goes through faults too. (They were sized for QNetworkAccessManager, the
        // transport until 2026-11-30, which repeated a request on its own after such a cut.)
        const bool tls = &proxy == m_tlsProxy.get();
        proxy.faultOnPath(path, nth, f, slow ? 1 : tls ? 8 : 2);
        const SyncReport first = d->cycle();
        // The fault was made.
        int made = 0;
        for (const auto &e : proxy.exchanges())
            made += e.fault == kind ? 1 : 0;
        QVERIFY(made >= 1);
        if (slow) {
            // A slow line is no failure: the cycle completes through it.
            QVERIFY2(first.complete(), qPrintable(first.message));
        } else if (kind != FaultKind::CorruptReply) {
            // A request that got no whole answer has an unknown outcome, never a success.
            QVERIFY2(first.outcome == SyncOutcome::Failed, qPrintable(first.message));
            if (path.endsWith("push"))
                QVERIFY(d->sync().hasBatchInFlight()); // kept, to be sent again with its batch id
        }

        // Meanwhile staff keeps working: edits of records that may be in the batch in flight, and deletions.
        d->clock.advance(60 * 1000);
        editAndDelete(d->store, 10, 3, QStringLiteral("故障后"));
        const SyncReport last = recover(*d->engine);
        verifyExactlyOnce(d->store, *d->engine, last, station);
        if (path.endsWith("push") && nth == 1)
            verifyFreshDeviceAgrees(d->store, station, &proxy);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_district.start());
        m_proxy = std::make_unique<FaultProxy>(m_district.port());
        QVERIFY(m_proxy->listen());
        m_tlsProxy = std::make_unique<FaultProxy>(m_district.port());
        QVERIFY(m_tlsProxy->setTls(m_tlsCert, QStringLiteral(LANXIN_TLS_DATA "/test-server.key")));
        QVERIFY(m_tlsProxy->listen());
    }

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

    /// SIGKILL of lanxin-district while a batch is in hand: before, during or after its commit.
    void districtKilledMidBatchLosesAndDoublesNothing_data()
    {
        QTest::addColumn<int>("afterMs");
        QTest::addColumn<bool>("afterReply");
        QTest::newRow("as the batch arrives") << 0 << false;
        QTest::newRow("5 ms into the batch") << 5 << false;
        QTest::newRow("30 ms into the batch") << 30 << false;
        QTest::newRow("after the commit, answer held") << 0 << true;
    }

    void districtKilledMidBatchLosesAndDoublesNothing()
    {
        QFETCH(int, afterMs);
        QFETCH(bool, afterReply);
        const QString station = newStation();
        auto d = enrolledDevice(station);
        QVERIFY(seedDemo(d->store, 40, 120, 23));
        m_proxy->resetCounts();
        Fault f;
        // Without a hold the answer to the second push is delayed well past the kill: a district that
        // stores a batch in under `afterMs` must not let the station finish the whole push before it dies.
        f.kind = afterReply ? FaultKind::Hold : FaultKind::Delay;
        f.delayMs = 3000;
        m_proxy->faultOnPath("/api/v1/sync/push", 2, f);
        bool killed = false;
        auto kill = [&] {
            if (killed)
                return;
            killed = true;
            m_district.kill();
        };
        QMetaObject::Connection seen;
        if (afterReply) {
            seen = connect(m_proxy.get(), &FaultProxy::replyHeld, this, [&](const ProxiedRequest &) {
                kill();
                m_proxy->cutAll();
            });
        } else {
            int pushes = 0;
            seen = connect(m_proxy.get(), &FaultProxy::requestSeen, this, [&, pushes](const ProxiedRequest &r, FaultKind) mutable {
                if (r.path == "/api/v1/sync/push" && ++pushes == 2)
                    QTimer::singleShot(afterMs, this, kill);
            });
        }
        const SyncReport first = d->cycle();
        disconnect(seen);
        QVERIFY(killed);
        QCOMPARE(first.outcome, SyncOutcome::Failed);
        // While the district is down the station keeps failing, and keeps its outbox.
        const int pending = d->sync().pendingCount();
        QVERIFY(pending > 0);
        QCOMPARE(d->cycle().outcome, SyncOutcome::Failed);
        d->clock.advance(60 * 1000);
        editAndDelete(d->store, 10, 3, QStringLiteral("重启后"));
        restartDistrict();
        verifyExactlyOnce(d->store, *d->engine, recover(*d->engine), station);
    }

    /// SIGKILL of `lanxin-station sync` (a child process) while its large push is in flight, three
    /// times at different points; then the same data dir is opened and synced.
    void stationKilledMidSyncRecovers()
    {
        const QString station = newStation();
        const QString dir = m_tmp.filePath(QStringLiteral("killed-station"));
        QVERIFY(QDir().mkpath(dir));
        {
            Tablet t(dir, QDateTime::currentMSecsSinceEpoch(), kBatch);
            m_proxy->passEverything();
            QVERIFY(t.engine->enroll(m_proxy->url(), station, m_district.enrollmentCode(station), QString()));
            QVERIFY(seedDemo(*t.store, 300, 900, 29)); // ≥ 1,200 records: three batches of 500
        }
        struct Kill
        {
            QByteArray path;
            int nth;
            bool hold; ///< kill when the district's answer is held (it committed); else as the request is seen
        };
        const QList<Kill> kills{{"/api/v1/sync/push", 2, true}, {"/api/v1/sync/push", 2, false}, {"/api/v1/sync/pull", 1, true}};
        int killedRuns = 0;
        for (const Kill &k : kills) {
            QProcess child;
            child.setProgram(QStringLiteral(LANXIN_STATION));
            child.setArguments({QStringLiteral("--data-dir"), dir, QStringLiteral("sync")});
            Fault f;
            f.kind = k.hold ? FaultKind::Hold : FaultKind::None;
            m_proxy->faultOnPath(k.path, k.nth, f);
            bool killed = false;
            auto connection = k.hold ? connect(m_proxy.get(), &FaultProxy::replyHeld, this,
                                               [&](const ProxiedRequest &) {
                                                   child.kill();
                                                   killed = true;
                                               })
                                     : connect(m_proxy.get(), &FaultProxy::requestSeen, this,
                                               [&, n = 0](const ProxiedRequest &r, FaultKind) mutable {
                                                   if (r.path == k.path && ++n == k.nth) {
                                                       child.kill();
                                                       killed = true;
                                                   }
                                               });
            child.start();
            QVERIFY(child.waitForStarted(10000));
            QTRY_VERIFY_WITH_TIMEOUT(child.state() == QProcess::NotRunning, 60000);
            disconnect(connection);
            m_proxy->releaseHeld();
            m_proxy->cutAll();
            if (!killed) {
                // It finished before the chosen point: nothing more to kill.
                qInfo() << "station sync ended before the kill point" << k.path << k.nth << child.readAllStandardError();
                break;
            }
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            ++killedRuns;
        }
        QVERIFY(killedRuns >= 2);
        auto checked = Database::quickCheck(dir + QStringLiteral("/lanxin.db"));
        QVERIFY(checked && checked.value()); // the killed writer left a whole database
        Tablet t(dir, QDateTime::currentMSecsSinceEpoch(), kBatch);
        t.clock.advance(60 * 1000);
        editAndDelete(*t.store, 20, 5, QStringLiteral("崩溃后"));
        verifyExactlyOnce(*t.store, *t.engine, recover(*t.engine), station);
    }

    /// The station's database copied back to a backup taken while a batch was in flight (its answer not
    /// yet seen); meanwhile it sent more and another tablet edited its records. After restoring it syncs:
    /// "Restored devices" — it pulls everything back, the district keeps every newer value.
    void aStationRestoredFromABackupGetsBackWhatItLost_data()
    {
        QTest::addColumn<int>("residents");
        QTest::addColumn<int>("records");
        QTest::addColumn<int>("heldPush");
        QTest::newRow("backup mid-backlog") << 40 << 100 << 2;
        QTest::newRow("backup with the last batch in flight") << 5 << 10 << 1;
    }

    void aStationRestoredFromABackupGetsBackWhatItLost()
    {
        QFETCH(int, residents);
        QFETCH(int, records);
        QFETCH(int, heldPush);
        const QString station = newStation();
        const QString dir = m_tmp.filePath(QStringLiteral("restored-station-%1").arg(heldPush));
        const QString backup = m_tmp.filePath(QStringLiteral("restored-backup-%1").arg(heldPush));
        QVERIFY(QDir().mkpath(dir));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Tablet t(dir, now, kBatch);
        m_proxy->passEverything();
        QVERIFY(t.engine->enroll(m_proxy->url(), station, m_district.enrollmentCode(station), QString()));
        QVERIFY(seedDemo(*t.store, 30, 60, 31));
        QVERIFY(t.engine->runCycle().complete());

        // More records; the backup is taken while the second batch's answer is held at the proxy.
        t.clock.advance(60 * 1000);
        QVERIFY(seedDemo(*t.store, residents, records, 37));
        editAndDelete(*t.store, 10, 2, QStringLiteral("备份前"));
        Fault hold;
        hold.kind = FaultKind::Hold;
        m_proxy->faultOnPath("/api/v1/sync/push", heldPush, hold);
        bool copied = false;
        auto c = connect(m_proxy.get(), &FaultProxy::replyHeld, this, [&](const ProxiedRequest &) {
            copied = copyFiles(dir, backup, true);
            m_proxy->releaseHeld();
        });
        QVERIFY(t.engine->runCycle().complete());
        disconnect(c);
        QVERIFY(copied);
        const Snapshot lostLater = [&] {
            // After the backup: more records and edits, all acknowledged.
            t.clock.advance(60 * 1000);
            if (!seedDemo(*t.store, 20, 40, 41))
                qFatal("seed");
            editAndDelete(*t.store, 30, 4, QStringLiteral("备份后"));
            if (!t.engine->runCycle().complete())
                qFatal("sync after the backup failed");
            return deviceSnapshot(*t.store);
        }();
        // Another tablet of the station edits some of them later still.
        auto other = enrolledDevice(station);
        other->clock.setFixed(now + 10 * 60 * 1000);
        QVERIFY(recover(*other->engine).complete());
        editAndDelete(other->store, 12, 2, QStringLiteral("别的平板"));
        QVERIFY(recover(*other->engine).complete());
        const Snapshot districtBefore = districtSnapshot(m_district.dataDir(), station);

        // The tablet breaks; its data dir is copied back from the backup.
        t.close();
        QVERIFY(copyFiles(backup, dir, false));
        t.clock.setFixed(now + 20 * 60 * 1000);
        t.open();
        QVERIFY(t.engine->syncStore().hasBatchInFlight()); // the backup's batch, its answer never seen
        const SyncReport restored = recover(*t.engine);
        QVERIFY2(restored.complete(), qPrintable(restored.message));
        QVERIFY(restored.restored);
        QVERIFY(!t.engine->syncStore().recoveryPending());

        // The district lost no newer value: everything it held is there with the same or a newer stamp.
        const Snapshot districtAfter = districtSnapshot(m_district.dataDir(), station);
        const Comparison kept = compareSnapshots(districtBefore, districtAfter);
        QVERIFY2(kept.lost == 0 && kept.diverged == 0 && kept.extra == 0, qPrintable(kept.summary()));
        // The device got back what it had lost (its own later work, and the other tablet's edits).
        const Comparison back = compareSnapshots(lostLater, deviceSnapshot(*t.store));
        QCOMPARE(back.lost, 0);
        verifyExactlyOnce(*t.store, *t.engine, restored, station);

        // And it works on: a new edit wins over everything before it, everywhere.
        t.clock.advance(60 * 1000);
        editAndDelete(*t.store, 5, 0, QStringLiteral("恢复后"));
        verifyExactlyOnce(*t.store, *t.engine, recover(*t.engine), station);
        QVERIFY(recover(*other->engine).complete());
        const Comparison same = compareSnapshots(deviceSnapshot(*t.store), deviceSnapshot(other->store));
        QVERIFY2(same.lost == 0 && same.diverged == 0 && same.extra == 0, qPrintable(same.summary()));
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_tlsProxy.reset();
        m_district.stop();
    }
};

QTEST_GUILESS_MAIN(TestExactlyOnce)
#include "tst_exactlyonce.moc"
