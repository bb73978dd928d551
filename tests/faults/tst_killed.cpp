// Exactly-once when a process dies or the district's disk fills (issue 6, SECURITY.md 2, 5–6): SIGKILL
// of lanxin-district while a batch is in hand (before, during or after its commit; over plain HTTP and
// TLS), SIGKILL of `lanxin-station sync` mid-push, a station restored from a backup taken with a batch
// in flight, and a district that cannot write past a file size. After recovery the district holds each
// record exactly once with its last value, the station's outbox is empty and the receipt matches. Split
// from tst_exactlyonce, whose fixture it shares.
#include "exactlyoncefixture.h"

using namespace lanxin;
using namespace lanxin::test;

class TestKilled : public ExactlyOnceFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { startAll(); }

    /// SIGKILL of lanxin-district while a batch is in hand: before, during or after its commit.
    void districtKilledMidBatchLosesAndDoublesNothing_data()
    {
        QTest::addColumn<int>("afterMs");
        QTest::addColumn<bool>("afterReply");
        QTest::addColumn<bool>("tls");
        QTest::newRow("as the batch arrives") << 0 << false << false;
        QTest::newRow("5 ms into the batch") << 5 << false << false;
        QTest::newRow("30 ms into the batch") << 30 << false << false;
        QTest::newRow("after the commit, answer held") << 0 << true << false;
        // A real district is reached over TLS: the kill then cuts a TLS connection mid-exchange.
        QTest::newRow("TLS, 5 ms into the batch") << 5 << false << true;
        QTest::newRow("TLS, after the commit, answer held") << 0 << true << true;
    }

    void districtKilledMidBatchLosesAndDoublesNothing()
    {
        QFETCH(int, afterMs);
        QFETCH(bool, afterReply);
        QFETCH(bool, tls);
        FaultProxy &proxy = tls ? *m_tlsProxy : *m_proxy;
        const QString station = newStation();
        auto d = enrolledDevice(station, &proxy);
        QVERIFY(seedDemo(d->store, 40, 120, 23));
        proxy.resetCounts();
        Fault f;
        // Without a hold the answer to the second push is delayed well past the kill: a district that
        // stores a batch in under `afterMs` must not let the station finish the whole push before it dies.
        f.kind = afterReply ? FaultKind::Hold : FaultKind::Delay;
        f.delayMs = 3000;
        proxy.faultOnPath("/api/v1/sync/push", 2, f);
        bool killed = false;
        auto kill = [&] {
            if (killed)
                return;
            killed = true;
            m_district.kill();
        };
        QMetaObject::Connection seen;
        if (afterReply) {
            seen = connect(&proxy, &FaultProxy::replyHeld, this, [&](const ProxiedRequest &) {
                kill();
                proxy.cutAll();
            });
        } else {
            int pushes = 0;
            seen = connect(&proxy, &FaultProxy::requestSeen, this, [&, pushes](const ProxiedRequest &r, FaultKind) mutable {
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
    /// times at different points; then the same data dir is opened and synced. Over plain HTTP and TLS.
    void stationKilledMidSyncRecovers_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::newRow("http") << false;
        QTest::newRow("TLS") << true;
    }

    void stationKilledMidSyncRecovers()
    {
        QFETCH(bool, tls);
        FaultProxy &proxy = tls ? *m_tlsProxy : *m_proxy;
        const QString station = newStation();
        const QString dir = m_tmp.filePath(QStringLiteral("killed-station-%1").arg(QLatin1String(QTest::currentDataTag())));
        QVERIFY(QDir().mkpath(dir));
        {
            Tablet t(dir, QDateTime::currentMSecsSinceEpoch(), kBatch);
            proxy.passEverything();
            QVERIFY(t.engine->enroll(proxy.url(), station, m_district.enrollmentCode(station), tls ? m_tlsCert : QString()));
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
            proxy.faultOnPath(k.path, k.nth, f);
            bool killed = false;
            auto connection = k.hold ? connect(&proxy, &FaultProxy::replyHeld, this,
                                               [&](const ProxiedRequest &) {
                                                   child.kill();
                                                   killed = true;
                                               })
                                     : connect(&proxy, &FaultProxy::requestSeen, this,
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
            proxy.releaseHeld();
            proxy.cutAll();
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
        QTest::addColumn<bool>("tls");
        QTest::newRow("backup mid-backlog") << 40 << 100 << 2 << false;
        QTest::newRow("backup with the last batch in flight") << 5 << 10 << 1 << false;
        // As a real station reaches its district: the held answer and the restored sync over TLS.
        QTest::newRow("TLS, backup mid-backlog") << 40 << 100 << 2 << true;
    }

    void aStationRestoredFromABackupGetsBackWhatItLost()
    {
        QFETCH(int, residents);
        QFETCH(int, records);
        QFETCH(int, heldPush);
        QFETCH(bool, tls);
        FaultProxy &proxy = tls ? *m_tlsProxy : *m_proxy;
        const QString station = newStation();
        const QString dir = m_tmp.filePath(QStringLiteral("restored-station-%1").arg(station));
        const QString backup = m_tmp.filePath(QStringLiteral("restored-backup-%1").arg(station));
        QVERIFY(QDir().mkpath(dir));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Tablet t(dir, now, kBatch);
        proxy.passEverything();
        QVERIFY(t.engine->enroll(proxy.url(), station, m_district.enrollmentCode(station), tls ? m_tlsCert : QString()));
        QVERIFY(seedDemo(*t.store, 30, 60, 31));
        QVERIFY(t.engine->runCycle().complete());

        // More records; the backup is taken while the second batch's answer is held at the proxy.
        t.clock.advance(60 * 1000);
        QVERIFY(seedDemo(*t.store, residents, records, 37));
        editAndDelete(*t.store, 10, 2, QStringLiteral("备份前"));
        Fault hold;
        hold.kind = FaultKind::Hold;
        proxy.faultOnPath("/api/v1/sync/push", heldPush, hold);
        bool copied = false;
        auto c = connect(&proxy, &FaultProxy::replyHeld, this, [&](const ProxiedRequest &) {
            copied = copyFiles(dir, backup, true);
            proxy.releaseHeld();
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
        auto other = enrolledDevice(station, &proxy);
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

    /// SECURITY.md 2 at the district: its disk fills while a station syncs (a file size limit, so every
    /// write past it fails as on a full disk). The pushes that cannot be stored fail whole and the station
    /// keeps them; the file stays whole; once there is room again everything arrives exactly once.
    void districtDiskFullLosesAndDoublesNothing()
    {
        District district(kUnlimitedRates);
        QVERIFY(district.start());
        const QString station = QStringLiteral("FH-DF-001");
        QVERIFY(district.addStation(station));
        Device d(QDateTime::currentMSecsSinceEpoch(), 8000);
        SyncEngineOptions o;
        o.networkTimeoutMs = 8000;
        o.batchSize = kBatch;
        d.engine->setOptions(o);
        QVERIFY(d.enroll(district, station));
        QVERIFY(seedDemo(d.store, 40, 160, 29));
        const int records = d.sync().pendingCount();

        // Room for the WAL to grow to the database's size, and for the database not to grow at all.
        const quint16 port = district.port();
        QCOMPARE(district.stop(), 0);
        const QString db = district.dataDir() + QStringLiteral("/district.db");
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-wal")) || QFileInfo(db + QStringLiteral("-wal")).size() == 0);
        QVERIFY(QFileInfo(db).size() < 512 * 1024); // 272 KiB: the WAL of two batches or so
        district.setFileSizeLimit(QFileInfo(db).size());
        QVERIFY(district.start({}, port));
        const SyncReport full = d.cycle();
        QVERIFY2(full.outcome == SyncOutcome::Failed, qPrintable(full.message));
        const int kept = d.sync().pendingCount();
        QVERIFY2(kept > 0 && kept <= records, qPrintable(QStringLiteral("%1 of %2 kept").arg(kept).arg(records)));
        const QByteArray log = district.takeOutput();
        // Whoever runs the district reads why (the station only hears "try again").
        QVERIFY2(log.contains("push failed: io_error"), log.constData());
        QCOMPARE(district.stop(), 0);

        // The file is whole, and holds whole batches only (checked record by record below).
        {
            QSqlDatabase check = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("disk-full-check"));
            check.setDatabaseName(db);
            QVERIFY(check.open());
            QSqlQuery q(check);
            QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
            check.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("disk-full-check"));

        district.setFileSizeLimit(0);
        QVERIFY(district.start({}, port));
        d.clock.advance(60 * 1000);
        editAndDelete(d.store, 10, 3, QStringLiteral("有空间后"));
        SyncReport last = d.cycle();
        for (int i = 0; i < 4 && !last.complete(); ++i)
            last = d.cycle();
        verifyExactlyOnce(d.store, *d.engine, last, station, &district);
    }

    void cleanupTestCase() { stopAll(); }
};

QTEST_GUILESS_MAIN(TestKilled)
#include "tst_killed.moc"
