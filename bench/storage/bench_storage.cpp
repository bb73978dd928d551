// Storage benchmarks of issue "Foundation": save latency with synchronous=FULL, search latency per
// mode, roster import of 20,000 rows, database size per record — on 20,000 residents and 100,000
// activity records. Prints a Markdown table.
#include "demoseeder.h"

#include "core/csvreader.h"
#include "core/demodata.h"
#include "core/pinyin.h"
#include "core/roster.h"
#include "storage/checkpointer.h"
#include "storage/rosterimport.h"
#include "storage/stationstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <ctime>

using namespace lanxin;

namespace {

QTextStream out(stdout);

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, static_cast<qsizetype>(p * static_cast<double>(v.size()))));
}

template<typename F>
QList<double> timeEach(int n, F &&f)
{
    QList<double> ms;
    QElapsedTimer t;
    for (int i = 0; i < n; ++i) {
        t.start();
        f(i);
        ms << static_cast<double>(t.nsecsElapsed()) / 1e6;
    }
    return ms;
}

QString row(const QString &what, const QList<double> &ms, const QString &target)
{
    return QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
        .arg(what)
        .arg(ms.size())
        .arg(percentile(ms, 0.5), 0, 'f', 2)
        .arg(QStringLiteral("p95 %1 / p99 %2").arg(percentile(ms, 0.95), 0, 'f', 2).arg(percentile(ms, 0.99), 0, 'f', 2))
        .arg(target);
}

QByteArray rosterCsv(int rows)
{
    QRandomGenerator rng(7);
    const DemoStation st = demoStation();
    QByteArray csv = "姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签\r\n";
    for (int i = 0; i < rows; ++i) {
        const QDate birth(1940 + rng.bounded(68), 1 + rng.bounded(12), 1 + rng.bounded(28));
        const QString village = st.villages.at(rng.bounded(static_cast<int>(st.villages.size())));
        csv += QStringLiteral("%1,女,%2,%3,%4,%5,%6,%7\r\n")
                   .arg(randomWomansName(rng, birth.year()), formatDate(birth),
                        randomIdNumber(rng, st.regionCode, birth, QLatin1Char('F')), randomPhone(rng), village,
                        randomAddress(rng, village), rng.bounded(4) ? QString() : QStringLiteral("留守"))
                   .toUtf8();
    }
    return csv;
}

/// The import as it was before the bulk path (one savepoint, lookup, create and get per row), kept
/// here for same-binary A/B runs: `bench_storage 0 0 DIR import-only legacy`.
Result<RosterReport> legacyImportRoster(StationStore &store, const QByteArray &csv)
{
    const CsvDocument doc = readCsv(csv);
    if (!doc.error.isEmpty())
        return Error{QStringLiteral("bad_file"), doc.error};
    QString fileError;
    const QList<RosterRow> rows = parseRoster(doc, &fileError);
    if (!fileError.isEmpty())
        return Error{QStringLiteral("bad_file"), fileError};
    RosterReport report;
    report.encoding = doc.encoding;
    ResidentRepository &residents = store.residents();
    constexpr int kChunk = 500;
    for (qsizetype start = 0; start < rows.size(); start += kChunk) {
        auto chunk = store.database().transaction([&]() -> Result<void> {
            for (const RosterRow &row : rows.mid(start, kChunk)) {
                if (!row.error.isEmpty()) {
                    report.rejected << RosterReport::Rejected{row.line, row.error};
                    continue;
                }
                Resident r = Resident::fromValues(row.values);
                const bool present = !r.idNumber.isEmpty() ? residents.findByIdNumber(r.idNumber).has_value()
                                                           : !residents.findDuplicates(r).isEmpty();
                if (present) {
                    ++report.alreadyPresent;
                    continue;
                }
                auto created = residents.create(r);
                if (!created) {
                    const auto fields = residents.lastFieldErrors();
                    report.rejected << RosterReport::Rejected{
                        row.line, fields.isEmpty() ? created.error().message
                                                   : bilingual(fields.first().messageZh, fields.first().messageEn)};
                    continue;
                }
                ++report.added;
            }
            return {};
        });
        if (!chunk)
            return chunk.error();
    }
    return report;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qputenv("LANXIN_KEY_STORE", "file");
    const QStringList args = app.arguments();
    const int residents = args.size() > 1 ? args[1].toInt() : 20000;
    const int records = args.size() > 2 ? args[2].toInt() : 100000;
    const QString dataDir = args.size() > 3 ? args[3] : QString();
    const bool searchOnly = args.size() > 4 && args[4] == QLatin1String("search-only"); // for profiling
    const bool importOnly = args.size() > 4 && args[4] == QLatin1String("import-only");
    // import-only [legacy] [into]: the pre-bulk import for A/B runs; into the opened station (the
    // issue's condition: 20,000 residents + 100,000 records already there) instead of a fresh one.
    const bool legacy = args.mid(5).contains(QStringLiteral("legacy"));
    const bool into = args.mid(5).contains(QStringLiteral("into"));
    RosterImportOptions importOptions; // chunk=N: rows per transaction
    for (const QString &a : args.mid(5)) {
        if (a.startsWith(QLatin1String("chunk=")))
            importOptions.chunkRows = a.mid(6).toInt();
    }

    QTemporaryDir tmp;
    const QString dir = dataDir.isEmpty() ? tmp.path() : dataDir;
    StationStore store;
    // As the app opens it: checkpoints on their own thread, the automatic one only as a backstop;
    // `into` opens it as `lanxin-station import-residents` does: default options, no Checkpointer.
    Database::Options options;
    if (!into)
        options.autoCheckpointPages = Checkpointer::kBackstopPages;
    if (auto o = store.open(dir, options); !o) {
        out << o.error().message << "\n";
        return 1;
    }
    Checkpointer checkpointer(store.database().path());
    if (!into)
        checkpointer.start();
    QElapsedTimer total;
    total.start();
    if (store.liveCounts().value(QStringLiteral("resident")) < residents) {
        auto seeded = seedDemo(store, residents, records);
        if (!seeded) {
            out << seeded.error().message << "\n";
            return 1;
        }
        out << QStringLiteral("seeded %1 residents and %2 records in %3 s\n\n")
                   .arg(residents)
                   .arg(records)
                   .arg(static_cast<double>(total.elapsed()) / 1000.0, 0, 'f', 1);
    }

    out << "| measure | n | p50 ms | tail ms | target |\n|---|---|---|---|---|\n";


    if (!importOnly) {
    // Save latency: one resident per save, each its own transaction (WAL, synchronous=FULL).
    QRandomGenerator rng(42);
    const auto saves = timeEach(searchOnly ? 0 : 500, [&](int i) {
        Resident r;
        r.name = randomWomansName(rng, 1970);
        r.gender = QStringLiteral("F");
        r.birthDate = QDate(1970, 1, 1).addDays(i);
        r.village = QStringLiteral("白杜村");
        r.phone = randomPhone(rng);
        (void)store.residents().create(r);
    });
    out << row(QStringLiteral("save a resident (create, own transaction)"), saves, QStringLiteral("p99 < 10"));
    const QList<Resident> sample = store.residents().list({}, Page{0, 2000});
    const auto edits = timeEach(searchOnly ? 0 : 500, [&](int i) {
        (void)store.residents().updateFields(sample.at(i % sample.size()).envelope.id,
                                             {{QStringLiteral("address"), QStringLiteral("新地址%1").arg(i)}});
    });
    out << row(QStringLiteral("save an edit (one field)"), edits, QStringLiteral("p99 < 10"));

    // Search, each mode, first page of 50 as the UI asks for it.
    QStringList initials, prefixes, names1, names2, phoneTails, idTails;
    for (int i = 0; i < 200; ++i) {
        const Resident &r = sample.at(rng.bounded(static_cast<int>(sample.size())));
        initials << pinyin::initials(r.name).left(2);
        prefixes << pinyin::full(r.name).left(5);
        names1 << r.name.mid(1, 1);
        names2 << r.name.left(2);
        phoneTails << (r.phone.isEmpty() ? QStringLiteral("1234") : r.phone.right(4));
        idTails << (r.idNumber.isEmpty() ? QStringLiteral("002X") : r.idNumber.right(4));
    }
    int hits = 0;
    auto searchRow = [&](const QString &what, const QStringList &queries) {
        const auto ms = timeEach(static_cast<int>(queries.size()), [&](int i) {
            hits += static_cast<int>(store.residents().search(queries[i], Page{0, 50}).size());
        });
        out << row(what, ms, QStringLiteral("p95 < 15"));
    };
    searchRow(QStringLiteral("search: pinyin initials (2 letters)"), initials);
    searchRow(QStringLiteral("search: full-pinyin prefix (5 letters)"), prefixes);
    searchRow(QStringLiteral("search: name substring (1 hanzi)"), names1);
    searchRow(QStringLiteral("search: name substring (2 hanzi)"), names2);
    searchRow(QStringLiteral("search: phone last 4"), phoneTails);
    searchRow(QStringLiteral("search: ID last 4"), idTails);
    out << QStringLiteral("(%1 search hits in all)\n").arg(hits);

    }

    // Import of a 20,000-row roster into a fresh station, or (`into`) into the opened one.
    auto timeImport = [&](StationStore &target, const QString &what) {
        const QByteArray csv = rosterCsv(20000);
        timespec cpu0{}, cpu1{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
        QElapsedTimer t;
        t.start();
        auto report = legacy ? legacyImportRoster(target, csv) : importRoster(target, csv, importOptions);
        const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
        const double cpuMs = static_cast<double>(cpu1.tv_sec - cpu0.tv_sec) * 1e3
            + static_cast<double>(cpu1.tv_nsec - cpu0.tv_nsec) / 1e6;
        out << QStringLiteral("| import a 20,000-row roster CSV %1%2 (%3 added, %4 present, %5 rejected; %7 ms CPU) | 1 | %6 | | < 5000 |\n")
                   .arg(what, legacy ? QStringLiteral(", legacy row-by-row path") : QString())
                   .arg(report ? report->added : 0)
                   .arg(report ? report->alreadyPresent : 0)
                   .arg(report ? report->rejected.size() : -1)
                   .arg(ms, 0, 'f', 0)
                   .arg(cpuMs, 0, 'f', 0);
        out.flush();
    };
    if (!searchOnly && !into) {
        QTemporaryDir fresh;
        StationStore s2;
        (void)s2.open(fresh.path());
        timeImport(s2, QStringLiteral("into an empty station"));
    }
    if (!searchOnly && into) { // changes the station: only on a copy, never in the full run
        int all = 0;
        for (auto c : store.liveCounts())
            all += c;
        timeImport(store, QStringLiteral("into a station of %1 residents, %2 records in all")
                              .arg(store.liveCounts().value(QStringLiteral("resident")))
                              .arg(all));
    }

    if (importOnly)
        return 0;
    // Size per record, after a checkpoint so the WAL is folded in.
    QSqlQuery(store.database().db()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    const qint64 bytes = QFileInfo(StationStore::databasePath(dir)).size();
    int all = 0;
    for (auto c : store.liveCounts())
        all += c;
    const int outbox = store.outboxPending();
    out << QStringLiteral("\ndatabase: %1 MB for %2 records (%3 bytes per record, outbox of %4 entries included)\n")
               .arg(static_cast<double>(bytes) / 1e6, 0, 'f', 1)
               .arg(all)
               .arg(all ? bytes / all : 0)
               .arg(outbox);

    return 0;
}
