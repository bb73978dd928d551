// bench_station_push: the station's own part of a push (issue 5), without a district: take batch after
// batch from the outbox of a seeded station (SyncStore::nextPushBatch with the engine's encoder:
// JSON + gzip) and apply an "all applied" answer to each (SyncStore::acknowledge), until the outbox is
// empty. Prints µs per record for taking and for applying. For profiling (perf record -g) and same-data
// A/B comparisons: the seeded station is made once in WORK/seed and copied for every run.
// Usage: bench_station_push [--records N] [--work DIR] [--dump FILE] [--typed 1] [--inline-checkpoint 1]
//                           [--cache-kib N] [--mmap BYTES]
//   By default the station is opened as sync opens it (SyncStore::connectionOptions()) with a Checkpointer
//   on its own thread, as the app runs one; --inline-checkpoint 1 opens it with SQLite's default automatic
//   checkpoint (every 1,000 WAL pages, paid by the commit that crosses it) and no Checkpointer.
//   --cache-kib N / --mmap BYTES set PRAGMA cache_size / mmap_size on the connection (experiments: the app
//   uses neither; docs/benchmarks.md "Station take (station-take2 branch)").
//   --typed 1 takes records as FieldWrites (the typed path tests and other encoders use) instead of the
//   wire JSON the sync engine asks for: a same-binary A/B of the take's two paths.
//   --dump FILE writes every batch's "records" array (the JSON after gunzip, one batch a line), to compare
//   the wire bytes of two builds on the same data.
#include "benchoptions.h"
#include "client/syncengine.h"
#include "demoseeder.h"

#include "protocol/gzip.h"
#include "storage/checkpointer.h"
#include "storage/stationstore.h"
#include "storage/syncstore.h"

#include <limits>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>

#include <cstdio>
#include <ctime>
#include <memory>

using namespace lanxin;

namespace {

bool copyDir(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QFileInfo &f : QDir(from).entryInfoList(QDir::Files | QDir::Hidden)) {
        if (!QFile::copy(f.filePath(), QDir(to).filePath(f.fileName())))
            return false;
    }
    return true;
}

/// CPU time of this thread in ms: on a shared machine, what the work costs apart from waiting for a core.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qputenv("LANXIN_KEY_STORE", "file");
    CommandLine cl = bench::parseOptions({QStringLiteral("records"), QStringLiteral("work"), QStringLiteral("dump"),
                                          QStringLiteral("typed"), QStringLiteral("cache-kib"), QStringLiteral("mmap"),
                                          QStringLiteral("inline-checkpoint")});
    const int records = cl.intValue(QStringLiteral("records"), 10000, 1, 10000000);
    const QString work = cl.value(QStringLiteral("work"), QDir::temp().filePath(QStringLiteral("lanxin-station-push")));
    const QString dump = cl.value(QStringLiteral("dump"));
    const bool typed = cl.intValue(QStringLiteral("typed"), 0, 0, 1) == 1;
    const int cacheKiB = cl.intValue(QStringLiteral("cache-kib"), 0, 0, 64 * 1024 * 1024);
    const qint64 mmapBytes = cl.intValue(QStringLiteral("mmap"), -1, 0, std::numeric_limits<int>::max());
    const bool inlineCheckpoint = cl.intValue(QStringLiteral("inline-checkpoint"), 0, 0, 1) == 1;
    if (!cl.error.isEmpty())
        return bench::usageError(cl.error, "bench_station_push [--records N] [--work DIR] [--dump FILE] [--typed 0|1] "
                                           "[--inline-checkpoint 0|1] [--cache-kib N] [--mmap BYTES]");
    const QString seedDir = QDir(work).filePath(QStringLiteral("seed-%1").arg(records));
    if (!QFileInfo::exists(QDir(seedDir).filePath(QStringLiteral("done")))) {
        QDir(seedDir).removeRecursively();
        auto store = std::make_unique<StationStore>();
        if (!store->open(seedDir)) {
            std::fprintf(stderr, "cannot open %s\n", qPrintable(seedDir));
            return 1;
        }
        QElapsedTimer t;
        t.start();
        if (auto s = seedDemo(*store, records * 3 / 10, records * 7 / 10, 20261129); !s) {
            std::fprintf(stderr, "seed: %s\n", qPrintable(s.error().message));
            return 1;
        }
        SyncStore sync(*store);
        Enrollment e;
        e.serverUrl = QStringLiteral("https://127.0.0.1:1");
        e.deviceToken = QStringLiteral("bench");
        e.stationCode = QStringLiteral("FH-XW-012");
        e.stationName = QStringLiteral("西坞村妇女之家");
        e.town = QStringLiteral("西坞街道");
        if (auto r = sync.completeEnrollment(e); !r) {
            std::fprintf(stderr, "enroll: %s\n", qPrintable(r.error().message));
            return 1;
        }
        store.reset();
        QFile done(QDir(seedDir).filePath(QStringLiteral("done")));
        if (!done.open(QIODevice::WriteOnly))
            return 1;
        std::printf("seeded %d records in %.1f s\n", records, t.nsecsElapsed() / 1e9);
    }
    const QString runDir = QDir(work).filePath(QStringLiteral("run"));
    QDir(runDir).removeRecursively();
    if (!copyDir(seedDir, runDir)) {
        std::fprintf(stderr, "cannot copy the seeded station\n");
        return 1;
    }
    QFile dumpFile(dump);
    if (!dump.isEmpty() && !dumpFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 1;

    StationStore store;
    if (!store.open(runDir, inlineCheckpoint ? Database::Options{} : SyncStore::connectionOptions())) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(runDir));
        return 1;
    }
    if (cacheKiB > 0)
        QSqlQuery(store.database().db()).exec(QStringLiteral("PRAGMA cache_size = -%1").arg(cacheKiB));
    if (mmapBytes >= 0)
        QSqlQuery(store.database().db()).exec(QStringLiteral("PRAGMA mmap_size = %1").arg(mmapBytes));
    Checkpointer checkpointer(store.database().path());
    if (!inlineCheckpoint)
        checkpointer.start();
    SyncStore sync(store);
    sync.setTakeWritesWireJson(!typed); // as the sync engine does
    const int pending = sync.pendingCount();
    double takeMs = 0;
    double ackMs = 0;
    double takeCpu = 0;
    double ackCpu = 0;
    int batches = 0;
    int pushed = 0;
    qint64 pushes = 0;
    QElapsedTimer t;
    for (;;) {
        t.start();
        double c = cpuMs();
        auto batch = sync.nextPushBatch([&](const QString &batchId, const QList<SyncRecord> &recs) {
            return encodePushBody(batchId, recs, sync.deviceTime(), sync.pushesAcknowledged());
        });
        const double thisTakeMs = t.nsecsElapsed() / 1e6;
        const double thisTakeCpu = cpuMs() - c;
        takeMs += thisTakeMs;
        takeCpu += thisTakeCpu;
        if (!batch) {
            std::fprintf(stderr, "take: %s\n", qPrintable(batch.error().message));
            return 1;
        }
        if (batch->isEmpty())
            break;
        // The answer: every record applied, as the district's verdicts carry them (ids from the body).
        auto json = protocol::gzipDecompress(batch->body, 64 << 20);
        if (!json)
            return 1;
        if (dumpFile.isOpen()) {
            dumpFile.write(json->mid(json->indexOf("\"records\":[")));
            dumpFile.write("\n");
        }
        QList<RecordVerdict> verdicts;
        for (qsizetype at = json->indexOf("\"id\":\""); at >= 0; at = json->indexOf("\"id\":\"", at + 1))
            verdicts << RecordVerdict{QString::fromLatin1(json->mid(at + 6, 36)), RecordVerdict::Status::Applied, {}, {}, {}};
        t.start();
        c = cpuMs();
        auto ack = sync.acknowledge(batch->batchId, verdicts, ++pushes);
        ackMs += t.nsecsElapsed() / 1e6;
        ackCpu += cpuMs() - c;
        if (!ack || ack->applied != batch->recordCount) {
            std::fprintf(stderr, "ack: %s (%d of %d)\n", ack ? "" : qPrintable(ack.error().message),
                         ack ? ack->applied : 0, batch->recordCount);
            return 1;
        }
        ++batches;
        pushed += batch->recordCount;
    }
    const double n = std::max(1, pushed);
    std::printf("records %d (pending %d, %d batches): taking %.0f ms = %.1f us/record (CPU %.1f), "
                "applying %.0f ms = %.1f us/record (CPU %.1f)\n",
                pushed, pending, batches, takeMs, takeMs * 1000 / n, takeCpu * 1000 / n, ackMs, ackMs * 1000 / n,
                ackCpu * 1000 / n);
    return sync.pendingCount() == 0 ? 0 : 1;
}
