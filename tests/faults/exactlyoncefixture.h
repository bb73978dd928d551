#pragma once

// The fixture of the exactly-once tests (tst_exactlyonce, tst_killed): the REAL lanxin-district behind a
// fault-injecting proxy (plain HTTP and TLS), stations made and enrolled through it, and the checks that
// a station's records are at the district exactly once with their last values.
#include "faultcheck.h"
#include "faultproxy.h"
#include "synctestsupport.h"

#include "demoseeder.h"

#include <QDir>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimer>

namespace lanxin::test {

constexpr int kBatch = 40; // small batches: a few hundred records make several

inline QMap<QString, int> withoutZeros(QMap<QString, int> m)
{
    for (auto it = m.begin(); it != m.end();)
        it = it.value() == 0 ? m.erase(it) : std::next(it);
    return m;
}

inline QStringList residentIds(StationStore &store, int n)
{
    Page page;
    page.limit = n;
    QStringList ids;
    for (const StoredRecord &r : store.records().select(Kind::Resident, QStringLiteral("deleted = 0"), {}, QStringLiteral("id"), page))
        ids << r.id;
    return ids;
}

/// Edits `n` residents (address and a set member) and deletes `deletes` others: the "last values".
inline void editAndDelete(StationStore &store, int n, int deletes, const QString &tag)
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

inline QStringList filesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files);
}

inline bool copyFiles(const QString &from, const QString &to, bool skipShm)
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

/// The test classes derive from this and call startAll() / stopAll() from initTestCase / cleanupTestCase.
class ExactlyOnceFixture : public QObject
{
protected:
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
    void verifyExactlyOnce(StationStore &store, SyncEngine &engine, const SyncReport &last, const QString &station,
                           const District *at = nullptr)
    {
        const District &district = at ? *at : m_district;
        QVERIFY2(last.complete(), qPrintable(last.message));
        QVERIFY(last.receiptMatch);
        QCOMPARE(engine.syncStore().pendingCount(), 0);
        QVERIFY(!engine.syncStore().hasBatchInFlight());
        QCOMPARE(engine.syncStore().receipt(), engine.syncStore().computeReceipt());
        QCOMPARE(withoutZeros(district.stats(station)), withoutZeros(store.liveCounts()));
        int doubled = -1;
        const Snapshot held = districtSnapshot(district.dataDir(), station, &doubled);
        QCOMPARE(doubled, 0);
        const Comparison c = compareSnapshots(deviceSnapshot(store), held);
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

    /// The district and both proxies (initTestCase).
    void startAll()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_district.start());
        m_proxy = std::make_unique<FaultProxy>(m_district.port());
        QVERIFY(m_proxy->listen());
        m_tlsProxy = std::make_unique<FaultProxy>(m_district.port());
        QVERIFY(m_tlsProxy->setTls(m_tlsCert, QStringLiteral(LANXIN_TLS_DATA "/test-server.key")));
        QVERIFY(m_tlsProxy->listen());
    }

    void stopAll()
    {
        m_proxy.reset();
        m_tlsProxy.reset();
        m_district.stop();
    }
};

} // namespace lanxin::test
