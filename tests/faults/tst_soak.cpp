// A Jepsen-style soak (issue 6 item 3): 3 stations × 2 tablets write, edit and delete records while
// syncing with the REAL lanxin-district through a proxy that injects random faults, while the district
// is SIGKILLed mid-batch and restarted and tablets crash mid-sync (the cycle abandoned in the middle of
// a request, the store closed and opened again). One tablet of each station reaches the district over
// TLS (its proxy presents the district tests' certificate, which the tablet pins), the other over plain
// HTTP; both proxies inject the same faults. Every write is logged with its stamp. After a final
// clean sync of all, a checker compares every write each tablet saw acknowledged, and every record,
// with the district and with every tablet: lost = 0, duplicated = 0, diverged = 0.
//
// Fixed seed (LANXIN_SOAK_SEED, printed); bounded by LANXIN_SOAK_ROUNDS (default 48) and
// LANXIN_SOAK_SECONDS (default 45). bench/run-soak.sh runs it for 10 minutes.
#include "faultcheck.h"
#include "faultproxy.h"
#include "synctestsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTimer>

#include <vector>

using namespace lanxin;
using namespace lanxin::test;

namespace {

constexpr int kStations = 3;
constexpr int kTabletsPerStation = 2;

qint64 envNumber(const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 v = qEnvironmentVariable(name).toLongLong(&ok);
    return ok ? v : fallback;
}

/// One write as the tablet made it: the field's new value and stamp.
struct Write
{
    int tablet = 0;
    QString id;
    QString kind;
    QString field;
    QJsonValue value;
    QString stamp;
    bool acknowledged = false; ///< a later sync of this tablet completed (outbox empty, receipt matched)
};

struct SoakTablet
{
    int station = 0;
    std::unique_ptr<Tablet> tablet;
};

const QString kTlsCert = QStringLiteral(LANXIN_TLS_DATA "/test-server.crt");

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT
    District m_district{kUnlimitedRates};
    std::unique_ptr<FaultProxy> m_proxy;    ///< plain HTTP: the first tablet of each station
    std::unique_ptr<FaultProxy> m_tlsProxy; ///< TLS: the second
    QTemporaryDir m_tmp;
    std::vector<SoakTablet> m_tablets;
    QStringList m_stations;
    QList<Write> m_writes;
    QRandomGenerator m_rng;
    int m_districtKills = 0;

    /// Logs every field whose stamp moved between `before` and the record as it is now.
    void logChanges(int tablet, Kind kind, const QString &id, const std::optional<StoredRecord> &before)
    {
        Tablet &t = *m_tablets[size_t(tablet)].tablet;
        const auto after = t.store->records().get(kind, id);
        if (!after)
            qFatal("record vanished after a write");
        for (auto it = after->stamps.cbegin(); it != after->stamps.cend(); ++it) {
            if (before && before->stamps.value(it.key()) == it.value())
                continue;
            Write w;
            w.tablet = tablet;
            w.id = id;
            w.kind = kindName(kind);
            w.field = it.key();
            w.value = protocol::encodeValue(kind, it.key(), wireValue(*after, it.key()));
            w.stamp = it.value().toString();
            m_writes << w;
        }
    }

    QStringList live(Tablet &t, Kind kind, int limit)
    {
        Page page;
        page.limit = limit;
        QStringList ids;
        for (const StoredRecord &r : t.store->records().select(kind, QStringLiteral("deleted = 0"), {}, QStringLiteral("random()"), page))
            ids << r.id;
        return ids;
    }

    /// One random action of staff on tablet `i`: add a resident or a referral, edit a resident, delete.
    void act(int i, int n)
    {
        Tablet &t = *m_tablets[size_t(i)].tablet;
        const int roll = int(m_rng.bounded(100));
        if (roll < 30) {
            Resident r;
            r.name = QStringLiteral("居民%1-%2").arg(i).arg(n);
            r.gender = QStringLiteral("F");
            r.birthDate = t.clock.today().addYears(-36 - int(m_rng.bounded(27))).addDays(-int(m_rng.bounded(300))); // of screening age
            r.village = m_rng.bounded(2) ? QStringLiteral("白杜村") : QStringLiteral("西坞村");
            auto made = t.store->residents().create(r);
            if (!made)
                qFatal("create: %s", qPrintable(made.error().message));
            logChanges(i, Kind::Resident, made->envelope.id, std::nullopt);
            return;
        }
        const QStringList residents = live(t, Kind::Resident, 1);
        if (residents.isEmpty())
            return;
        const QString id = residents.first();
        if (roll < 45) {
            ScreeningReferral ref;
            ref.residentId = id;
            ref.cervical = true;
            ref.breast = m_rng.bounded(2) == 1;
            ref.referredOn = t.clock.today();
            auto made = t.store->referrals().create(ref);
            if (!made)
                qFatal("referral: %s", qPrintable(made.error().message));
            logChanges(i, Kind::ScreeningReferral, made->envelope.id, std::nullopt);
        } else if (roll < 90) {
            const auto before = t.store->records().get(Kind::Resident, id);
            QVariantMap change;
            switch (m_rng.bounded(3)) {
            case 0: change.insert(QStringLiteral("address"), QStringLiteral("%1号院 %2").arg(n).arg(i)); break;
            case 1: change.insert(QStringLiteral("phone"), QStringLiteral("1380000%1").arg(n % 10000, 4, 10, QLatin1Char('0'))); break;
            default: change.insert(QStringLiteral("name"), QStringLiteral("改名%1-%2").arg(i).arg(n)); break;
            }
            auto done = t.store->residents().updateFields(id, change);
            if (!done)
                qFatal("edit: %s", qPrintable(done.error().message));
            logChanges(i, Kind::Resident, id, before);
        } else {
            const QStringList referrals = live(t, Kind::ScreeningReferral, 1);
            const bool referral = !referrals.isEmpty() && m_rng.bounded(2);
            const Kind kind = referral ? Kind::ScreeningReferral : Kind::Resident;
            const QString target = referral ? referrals.first() : id;
            const auto before = t.store->records().get(kind, target);
            if (!t.store->records().remove(kind, target))
                qFatal("delete failed");
            logChanges(i, kind, target, before);
        }
    }

    void restartDistrict()
    {
        if (!m_district.start())
            qFatal("district did not restart");
        m_proxy->setUpstreamPort(m_district.port());
        m_tlsProxy->setUpstreamPort(m_district.port());
    }

    QList<FaultProxy *> proxies() const { return {m_proxy.get(), m_tlsProxy.get()}; }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_district.start());
        m_proxy = std::make_unique<FaultProxy>(m_district.port());
        QVERIFY(m_proxy->listen());
        m_tlsProxy = std::make_unique<FaultProxy>(m_district.port());
        QVERIFY(m_tlsProxy->setTls(kTlsCert, QStringLiteral(LANXIN_TLS_DATA "/test-server.key")));
        QVERIFY(m_tlsProxy->listen());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int s = 0; s < kStations; ++s) {
            const QString code = QStringLiteral("FH-SK-%1").arg(s + 1, 3, 10, QLatin1Char('0'));
            QVERIFY(m_district.addStation(code));
            m_stations << code;
            for (int d = 0; d < kTabletsPerStation; ++d) {
                const QString dir = m_tmp.filePath(QStringLiteral("tablet-%1-%2").arg(s).arg(d));
                QVERIFY(QDir().mkpath(dir));
                SoakTablet st;
                st.station = s;
                st.tablet = std::make_unique<Tablet>(dir, now + d * 1000, 50);
                const bool tls = d % 2 == 1;
                QVERIFY(st.tablet->engine->enroll(tls ? m_tlsProxy->url() : m_proxy->url(), code,
                                                  m_district.enrollmentCode(code), tls ? kTlsCert : QString()));
                m_tablets.push_back(std::move(st));
            }
        }
    }

    void soak()
    {
        const quint64 seed = quint64(envNumber("LANXIN_SOAK_SEED", 20261130));
        const qint64 maxRounds = envNumber("LANXIN_SOAK_ROUNDS", 48);
        const qint64 maxSeconds = envNumber("LANXIN_SOAK_SECONDS", 45);
        qInfo("soak: seed %llu, at most %lld rounds and %lld s", static_cast<unsigned long long>(seed), maxRounds, maxSeconds);
        m_rng.seed(quint32(seed));

        QRandomGenerator faults(quint32(seed * 7 + 1));
        const QList<FaultKind> kinds{FaultKind::CutDuringRequest, FaultKind::CutAfterRequest, FaultKind::CutBeforeReply,
                                     FaultKind::CutAfterReplyHeaders, FaultKind::CorruptReply, FaultKind::Delay,
                                     FaultKind::Trickle};
        int killAtPush = -1;  // SIGKILL the district when this push (counted from now) is seen
        int killDelayMs = 0;
        int crashAtRequest = -1; // hold this request's answer and crash the tablet in hand
        int pushesSeen = 0;
        const auto script = [&](const ProxiedRequest &r) {
            if (crashAtRequest > 0 && --crashAtRequest == 0) {
                Fault hold;
                hold.kind = FaultKind::Hold;
                return hold;
            }
            Fault f;
            if (faults.bounded(100) < 25) {
                f.kind = kinds.at(int(faults.bounded(int(kinds.size()))));
                f.delayMs = 20 + int(faults.bounded(300));
                f.trickleBytes = 256 + int(faults.bounded(2048));
                f.trickleMs = 1;
            }
            if (r.path == "/api/v1/sync/push" && killAtPush > 0 && ++pushesSeen == killAtPush) {
                killAtPush = -1;
                QTimer::singleShot(killDelayMs, this, [this] {
                    if (m_district.running()) {
                        m_district.kill();
                        ++m_districtKills;
                    }
                });
            }
            return f;
        };
        int crashTablet = -1;
        bool crashed = false;
        for (FaultProxy *proxy : proxies()) {
            proxy->setScript(script);
            connect(proxy, &FaultProxy::replyHeld, this, [&](const ProxiedRequest &) {
                if (crashTablet >= 0) {
                    m_tablets[size_t(crashTablet)].tablet->engine->cancel(); // the process dies mid-request
                    crashed = true;
                }
            });
        }

        int tabletCrashes = 0;
        std::vector<qsizetype> ackedUpTo(m_tablets.size(), 0); // writes before this index are marked
        int cycles = 0;
        int complete = 0;
        int rounds = 0;
        int actions = 0;
        QElapsedTimer clock;
        clock.start();
        for (; rounds < maxRounds && clock.elapsed() < maxSeconds * 1000; ++rounds) {
            if (!m_district.running() && m_rng.bounded(100) < 70) // sometimes it stays down a round
                restartDistrict();
            if (m_district.running() && m_rng.bounded(100) < 20) {
                killAtPush = 1 + int(m_rng.bounded(3));
                killDelayMs = int(m_rng.bounded(40));
                pushesSeen = 0;
            }
            for (int i = 0; i < int(m_tablets.size()); ++i) {
                Tablet &t = *m_tablets[size_t(i)].tablet;
                t.clock.advance(500 + qint64(m_rng.bounded(2500)));
                const int n = 1 + int(m_rng.bounded(12));
                for (int k = 0; k < n; ++k)
                    act(i, actions++);
            }
            // Tablets sync in a random order; some skip a round.
            QList<int> order;
            for (int i = 0; i < int(m_tablets.size()); ++i)
                order.insert(int(m_rng.bounded(int(order.size()) + 1)), i);
            for (int i : order) {
                if (m_rng.bounded(100) < 20)
                    continue;
                Tablet &t = *m_tablets[size_t(i)].tablet;
                crashTablet = -1;
                crashed = false;
                if (m_rng.bounded(100) < 8) {
                    crashTablet = i;
                    crashAtRequest = 1 + int(m_rng.bounded(4));
                }
                const qsizetype writtenBefore = m_writes.size();
                const SyncReport r = t.engine->runCycle();
                ++cycles;
                if (r.complete()) {
                    ++complete;
                    for (qsizetype w = ackedUpTo[size_t(i)]; w < writtenBefore; ++w) {
                        if (m_writes[w].tablet == i)
                            m_writes[w].acknowledged = true;
                    }
                    ackedUpTo[size_t(i)] = writtenBefore;
                }
                crashAtRequest = -1;
                if (crashed) {
                    // The tablet "died" mid-request: what is on disk is what its transactions committed.
                    for (FaultProxy *proxy : proxies()) {
                        proxy->releaseHeld();
                        proxy->cutAll();
                    }
                    t.close();
                    t.open();
                    ++tabletCrashes;
                }
                crashTablet = -1;
            }
        }
        const qint64 soakMs = clock.elapsed();

        // Final: a healthy line, the district up, every tablet syncs until all complete (twice over, so
        // each pulls what its sibling pushed last).
        QHash<FaultKind, int> faultCounts;
        int tlsFaults = 0; // faults made on the TLS proxy's connections
        for (FaultProxy *proxy : proxies()) {
            disconnect(proxy, &FaultProxy::replyHeld, this, nullptr);
            const auto counts = proxy->faultCounts();
            for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
                faultCounts[it.key()] += it.value();
                if (proxy == m_tlsProxy.get() && it.key() != FaultKind::None)
                    tlsFaults += it.value();
            }
            proxy->passEverything();
        }
        if (!m_district.running())
            restartDistrict();
        for (int pass = 0; pass < 2; ++pass) {
            for (int i = 0; i < int(m_tablets.size()); ++i) {
                SyncReport r = m_tablets[size_t(i)].tablet->engine->runCycle();
                for (int attempt = 1; attempt < 4 && !r.complete(); ++attempt)
                    r = m_tablets[size_t(i)].tablet->engine->runCycle();
                QVERIFY2(r.complete(), qPrintable(QStringLiteral("tablet %1: %2").arg(i).arg(r.message)));
            }
        }

        // The checker.
        int acknowledged = 0;
        int lost = 0;
        int duplicated = 0;
        int diverged = 0;
        int records = 0;
        QStringList examples;
        for (int s = 0; s < kStations; ++s) {
            int doubled = -1;
            const Snapshot district = districtSnapshot(m_district.dataDir(), m_stations[s], &doubled);
            duplicated += doubled;
            // What the writes say each record must hold: per field, the write with the greatest stamp.
            Snapshot expected;
            QSet<int> mine;
            for (int i = 0; i < int(m_tablets.size()); ++i) {
                if (m_tablets[size_t(i)].station == s)
                    mine.insert(i);
            }
            for (const Write &w : std::as_const(m_writes)) {
                if (!mine.contains(w.tablet))
                    continue;
                RecordState &r = expected[w.id];
                r.kind = w.kind;
                auto f = r.fields.find(w.field);
                if (f == r.fields.end() || f->stamp < w.stamp) {
                    FieldState state;
                    state.value = w.value;
                    state.stamp = w.stamp;
                    r.fields.insert(w.field, state);
                }
                // Every write a tablet saw acknowledged is on the district, or was overwritten by a newer one.
                if (w.acknowledged) {
                    ++acknowledged;
                    const auto held = district.value(w.id).fields.value(w.field);
                    if (held.stamp.isEmpty() || held.stamp < w.stamp) {
                        ++lost;
                        examples << QStringLiteral("acknowledged write lost %1.%2").arg(w.id, w.field);
                    }
                }
            }
            records += int(expected.size());
            const Comparison c = compareSnapshots(expected, district);
            lost += c.lost;
            duplicated += c.extra;
            diverged += c.diverged;
            examples << c.examples;
            // Live counts: the district's stats against the records the writes left alive.
            int expectedLive = 0;
            for (const RecordState &r : std::as_const(expected))
                expectedLive += r.fields.value(QStringLiteral("deleted")).value.toBool() ? 0 : 1;
            int statsLive = 0;
            for (int n : m_district.stats(m_stations[s]))
                statsLive += n;
            duplicated += qMax(0, statsLive - expectedLive);
            lost += qMax(0, expectedLive - statsLive);
            // Every tablet of the station holds what the district holds.
            for (int i : std::as_const(mine)) {
                Tablet &t = *m_tablets[size_t(i)].tablet;
                const Comparison d = compareSnapshots(district, deviceSnapshot(*t.store));
                diverged += d.lost + d.diverged + d.extra;
                examples << d.examples;
                if (t.engine->syncStore().pendingCount() != 0 || t.engine->syncStore().receipt() != t.engine->syncStore().computeReceipt())
                    ++diverged;
            }
        }

        QStringList faultText;
        for (auto it = faultCounts.cbegin(); it != faultCounts.cend(); ++it)
            faultText << QStringLiteral("%1=%2").arg(faultName(it.key())).arg(it.value());
        faultText.sort();
        qInfo("soak: seed %llu, %d rounds in %.1f s, %d tablets on %d stations",
              static_cast<unsigned long long>(seed), rounds, double(soakMs) / 1000.0, int(m_tablets.size()), kStations);
        qInfo("soak: %d writes (%d acknowledged during the soak), %d records; %d sync cycles, %d complete",
              int(m_writes.size()), acknowledged, records, cycles, complete);
        qInfo("soak: faults %s (of them over TLS: %d); district SIGKILLs %d; tablet crashes %d",
              qPrintable(faultText.join(u' ')), tlsFaults, m_districtKills, tabletCrashes);
        qInfo("soak: lost=%d duplicated=%d diverged=%d", lost, duplicated, diverged);
        QVERIFY2(lost == 0 && duplicated == 0 && diverged == 0, qPrintable(examples.mid(0, 8).join(QLatin1String("; "))));
        QVERIFY(m_writes.size() > 100);
        QVERIFY(acknowledged > 0);
        QVERIFY(complete > 0);
        QVERIFY(tlsFaults > 0);
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_tlsProxy.reset();
        m_tablets.clear();
        m_district.stop();
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
