// bench_district_push: the district's own part of a push (issue 5), without HTTP or a station: the push
// bodies of a seeded station (made once with the station's own encoder, kept in WORK/bodies-N) are
// gunzipped, parsed (protocol::parsePushRequest) and stored (DistrictStore::push) one after another into
// a fresh district, as `serve` does per request; then the same records again under new batch ids (every
// record "unchanged"), then the first batches again under their own ids (stored answers replayed).
// Prints the per-batch p10/p50/p90 and the µs per record of each step, wall and CPU. For profiling
// (perf record -g) and same-data A/B comparisons.
// Usage: bench_district_push [--records N] [--work DIR] [--passes new,unchanged,replay]
#include "benchoptions.h"
#include "client/syncengine.h"
#include "demoseeder.h"
#include "districtstore.h"

#include "core/clock.h"
#include "core/ids.h"
#include "protocol/gzip.h"
#include "protocol/messages.h"
#include "storage/stationstore.h"
#include "storage/syncstore.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

using namespace lanxin;

namespace {

/// CPU time of this thread in ms: on a shared machine, what the work costs apart from waiting for a core.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/// The gzipped push bodies of a station seeded with `records` records, in the order the station sends them.
QList<QByteArray> makeBodies(const QString &work, int records)
{
    const QString path = QDir(work).filePath(QStringLiteral("bodies-%1").arg(records));
    QFile cache(path);
    if (cache.open(QIODevice::ReadOnly)) {
        QDataStream in(&cache);
        QList<QByteArray> bodies;
        in >> bodies;
        if (in.status() == QDataStream::Ok && !bodies.isEmpty())
            return bodies;
    }
    const QString seedDir = QDir(work).filePath(QStringLiteral("station-%1").arg(records));
    QDir(seedDir).removeRecursively();
    StationStore store;
    if (!store.open(seedDir))
        return {};
    if (auto s = seedDemo(store, records * 3 / 10, records * 7 / 10, 20261129); !s)
        return {};
    SyncStore sync(store);
    Enrollment e;
    e.serverUrl = QStringLiteral("https://127.0.0.1:1");
    e.deviceToken = QStringLiteral("bench");
    e.stationCode = QStringLiteral("FH-XW-012");
    e.stationName = QStringLiteral("西坞村妇女之家");
    e.town = QStringLiteral("西坞街道");
    if (!sync.completeEnrollment(e))
        return {};
    QList<QByteArray> bodies;
    for (qint64 pushes = 1;; ++pushes) {
        auto batch = sync.nextPushBatch([&](const QString &batchId, const QList<SyncRecord> &recs) {
            return encodePushBody(batchId, recs, sync.deviceTime(), sync.pushesAcknowledged());
        });
        if (!batch || batch->isEmpty())
            break;
        bodies << batch->body;
        auto json = protocol::gzipDecompress(batch->body, 64 << 20);
        QList<RecordVerdict> verdicts;
        for (qsizetype at = json->indexOf("\"id\":\""); at >= 0; at = json->indexOf("\"id\":\"", at + 1))
            verdicts << RecordVerdict{QString::fromLatin1(json->mid(at + 6, 36)), RecordVerdict::Status::Applied, {}, {}, {}};
        if (!sync.acknowledge(batch->batchId, verdicts, pushes))
            return {};
    }
    QDir(seedDir).removeRecursively();
    if (cache.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QDataStream out(&cache);
        out << bodies;
    }
    return bodies;
}

struct Step
{
    QList<double> wall;
    QList<double> cpu;
    void add(double w, double c)
    {
        wall << w;
        cpu << c;
    }
};

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min<qsizetype>(v.size() - 1, static_cast<qsizetype>(p * v.size()))];
}

double sum(const QList<double> &v)
{
    double s = 0;
    for (double x : v)
        s += x;
    return s;
}

void report(const char *pass, const char *step, const Step &s, int records)
{
    std::printf("%-9s %-8s per batch p10 %6.2f  p50 %6.2f  p90 %6.2f ms | %6.2f us/record wall, %6.2f CPU\n", pass, step,
                percentile(s.wall, 0.1), percentile(s.wall, 0.5), percentile(s.wall, 0.9),
                sum(s.wall) * 1000 / std::max(1, records), sum(s.cpu) * 1000 / std::max(1, records));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qputenv("LANXIN_KEY_STORE", "file");
    CommandLine cl = bench::parseOptions({QStringLiteral("records"), QStringLiteral("work"), QStringLiteral("passes")});
    const int records = cl.intValue(QStringLiteral("records"), 10000, 1, 10000000);
    const QString work = cl.value(QStringLiteral("work"), QDir::temp().filePath(QStringLiteral("lanxin-district-push")));
    const QStringList passes = cl.value(QStringLiteral("passes"), QStringLiteral("new,unchanged,replay")).split(u',');
    for (const QString &p : passes) {
        if (cl.error.isEmpty() && p != QLatin1String("new") && p != QLatin1String("unchanged") && p != QLatin1String("replay"))
            cl.error = QStringLiteral("unknown pass \"%1\" in --passes").arg(p);
    }
    if (!cl.error.isEmpty())
        return bench::usageError(cl.error, "bench_district_push [--records N] [--work DIR] [--passes new,unchanged,replay]");
    QDir().mkpath(work);
    const QList<QByteArray> bodies = makeBodies(work, records);
    if (bodies.isEmpty()) {
        std::fprintf(stderr, "cannot make the push bodies\n");
        return 1;
    }

    const QString dataDir = QDir(work).filePath(QStringLiteral("district"));
    QDir(dataDir).removeRecursively();
    district::DistrictStore store;
    store.setAutoCheckpointPages(1000000); // as `serve` (its checkpointer is not run here)
    if (auto o = store.open(dataDir); !o) {
        std::fprintf(stderr, "open: %s\n", qPrintable(o.error().message));
        return 1;
    }
    const QString stationCode = QStringLiteral("FH-XW-012");
    if (!store.addStation(stationCode, QStringLiteral("西坞村妇女之家"), QStringLiteral("西坞街道"), {}, QStringLiteral("bench")))
        return 1;
    auto code = store.newEnrollmentCode(stationCode, QStringLiteral("bench"));
    protocol::EnrollRequest er{stationCode, code ? code.value() : QString(), QStringLiteral("benchdevice00001"), {}};
    auto enrolled = store.enroll(er, QStringLiteral("127.0.0.1"));
    if (!enrolled) {
        std::fprintf(stderr, "enroll: %s\n", qPrintable(enrolled.error().message));
        return 1;
    }
    const auto device = store.deviceByToken(enrolled.value().token);
    if (!device)
        return 1;

    int total = 0;
    for (const QString &pass : std::as_const(passes)) {
        Step inflate, parse, push;
        int n = 0;
        int applied = 0, unchanged = 0, rejected = 0, replayed = 0;
        const bool again = pass == QLatin1String("unchanged");
        const qsizetype count = pass == QLatin1String("replay") ? std::min<qsizetype>(bodies.size(), 10) : bodies.size();
        for (qsizetype b = 0; b < count; ++b) {
            QElapsedTimer t;
            t.start();
            double c = cpuMs();
            auto json = protocol::gzipDecompress(bodies[b], protocol::kMaxInflatedBytes);
            if (!json)
                return 1;
            if (again) {
                // A new batch id of the same length: the same records sent again in another batch.
                const qsizetype at = json.value().indexOf("\"batch_id\":\"") + 12;
                json.value().replace(at, 36, newRecordId(Clock()).toLatin1());
            }
            inflate.add(t.nsecsElapsed() / 1e6, cpuMs() - c);
            t.start();
            c = cpuMs();
            auto parsed = protocol::parsePushRequest(json.value());
            parse.add(t.nsecsElapsed() / 1e6, cpuMs() - c);
            if (!parsed) {
                std::fprintf(stderr, "parse: %s\n", qPrintable(parsed.error().message));
                return 1;
            }
            t.start();
            c = cpuMs();
            auto answer = store.push(*device, parsed.value());
            push.add(t.nsecsElapsed() / 1e6, cpuMs() - c);
            if (!answer) {
                std::fprintf(stderr, "push: %s\n", qPrintable(answer.error().message));
                return 1;
            }
            n += static_cast<int>(parsed->records.size());
            applied += answer->applied;
            unchanged += answer->unchanged;
            rejected += answer->rejected;
            replayed += answer->replayed ? 1 : 0;
        }
        std::printf("%s: %d records in %lld batches: applied %d, unchanged %d, rejected %d, batches replayed %d\n",
                    qPrintable(pass), n, static_cast<long long>(count), applied, unchanged, rejected, replayed);
        report(qPrintable(pass), "inflate", inflate, n);
        report(qPrintable(pass), "parse", parse, n);
        report(qPrintable(pass), "store", push, n);
        total += n;
    }
    return total > 0 ? 0 : 1;
}
