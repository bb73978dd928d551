#include "stationcommands.h"

#include "core/commandline.h"
#include "demoseeder.h"

#include "storage/checkpointer.h"
#include "storage/rosterimport.h"
#include "storage/stationstore.h"
#include "storage/syncstore.h"

#include "client/syncengine.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QJsonObject>
#include <QMap>
#include <QStandardPaths>
#include <QTextStream>

namespace lanxin {
namespace {

const QStringList kFlags{QStringLiteral("json"), QStringLiteral("help"), QStringLiteral("self-test"),
                         QStringLiteral("kiosk"), QStringLiteral("kiosk-preview")};

const char *kUsage =
    "用法 / Usage: lanxin-station [--data-dir DIR] [COMMAND [options]]\n"
    "\n"
    "Without a command the touch app starts. Commands (run without a display):\n"
    "  seed-demo --residents N --records M   realistic demo data through the repositories\n"
    "  import-residents FILE.csv             a village roster (UTF-8, UTF-8 BOM or GB18030)\n"
    "                                        columns 姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签\n"
    "  status --json                         device, station, schema, record counts, outbox\n"
    "  enroll --server URL --station CODE --code ENROLLMENT_CODE [--ca FILE]\n"
    "                                        enrolls this device to the district (--ca: the district\n"
    "                                        CA in PEM, then the only one trusted)\n"
    "  sync                                  one full sync; prints a JSON summary; exit 0 only when\n"
    "                                        nothing waits and the district's receipt matches\n"
    "                                        (--timeout SECONDS for each request, default 30)\n"
    "  screenshots OUTDIR                    each main screen as PNG, both languages, landscape and\n"
    "                                        portrait (needs a display: run under xvfb-run)\n"
    "  --self-test                           loads the UI on demo data, opens every page, quits\n"
    "\n"
    "Global options:\n"
    "  --data-dir DIR   where the database and its key live (default: the app-data folder)\n"
    "  --kiosk          full screen, no way out without a staff PIN (see docs/operations.md)\n"
    "  --kiosk-preview  only the kiosk screens, in a window\n"
    "  --help           this text\n"
    "Exit status: 0 done, 1 failed or incomplete, 2 bad usage.\n";

int usageError(QTextStream &err, const QString &message)
{
    err << message << "\n" << QStringLiteral("运行 lanxin-station --help 查看用法 / see lanxin-station --help") << "\n";
    return 2;
}

/// Options a command accepts besides the global ones; anything else is bad usage.
bool checkOptions(const CommandLine &cl, const QStringList &allowed, QTextStream &err, int *status)
{
    QString problem = cl.optionProblem(allowed + QStringList{QStringLiteral("data-dir")}, cl.command);
    if (problem.isEmpty())
        problem = cl.emptyValue({QStringLiteral("data-dir"), QStringLiteral("ca"), QStringLiteral("server")});
    if (problem.isEmpty())
        return true;
    *status = usageError(err, problem);
    return false;
}

int openStore(StationStore &store, const CommandLine &cl, QTextStream &err, const Database::Options &options = {})
{
    auto opened = store.open(dataDirFrom({QStringLiteral("--data-dir"), cl.value(QStringLiteral("data-dir"))}), options);
    if (!opened) {
        err << opened.error().message << "\n";
        return 1;
    }
    if (!opened->report.corruptMovedTo.isEmpty())
        err << bilingual(QStringLiteral("数据库已损坏，已移到 %1，并新建了数据库").arg(opened->report.corruptMovedTo),
                         QStringLiteral("The database was corrupt; it was moved to %1 and a new one made")
                             .arg(opened->report.corruptMovedTo))
            << "\n";
    return 0;
}

int seedDemoCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {QStringLiteral("residents"), QStringLiteral("records"), QStringLiteral("seed")}, err, &status))
        return status;
    const int residents = cl.intValue(QStringLiteral("residents"), 200, 0, 1000000);
    const int records = cl.intValue(QStringLiteral("records"), 1000, 0, 10000000);
    const int seed = cl.intValue(QStringLiteral("seed"), 20261129, 0, 2147483647);
    if (!cl.error.isEmpty())
        return usageError(err, cl.error);
    if (!cl.positional.isEmpty())
        return usageError(err, bilingual(QStringLiteral("seed-demo 不接受参数 %1").arg(cl.positional.first()),
                                         QStringLiteral("seed-demo takes no argument %1").arg(cl.positional.first())));
    StationStore store;
    if (openStore(store, cl, err))
        return 1;
    auto counts = seedDemo(store, residents, records, static_cast<quint32>(seed));
    if (!counts) {
        err << counts.error().message << "\n";
        return 1;
    }
    out << QStringLiteral("已生成演示数据 / demo data: %1 residents, %2 sessions, %3 attendances, %4 referrals, "
                          "%5 visits, %6 staff\n")
               .arg(counts->residents)
               .arg(counts->sessions)
               .arg(counts->attendances)
               .arg(counts->referrals)
               .arg(counts->visits)
               .arg(counts->staff);
    return 0;
}

int importCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {}, err, &status))
        return status;
    if (cl.positional.size() != 1)
        return usageError(err, bilingual(QStringLiteral("import-residents 需要一个 CSV 文件"),
                                         QStringLiteral("import-residents needs one CSV file")));
    QFile file(cl.positional.first());
    if (!file.open(QIODevice::ReadOnly)) {
        err << bilingual(QStringLiteral("无法读取文件 %1").arg(file.fileName()),
                         QStringLiteral("Cannot read %1: %2").arg(file.fileName(), file.errorString()))
            << "\n";
        return 1;
    }
    const QByteArray bytes = file.readAll();
    StationStore store;
    if (openStore(store, cl, err))
        return 1;
    auto report = importRoster(store, bytes);
    if (!report) {
        err << report.error().message << "\n";
        return 1;
    }
    if (!report->rejected.isEmpty())
        err << bilingual(QStringLiteral("%1 行未导入").arg(report->rejected.size()),
                         QStringLiteral("%1 rows not imported").arg(report->rejected.size()))
            << "\n";
    for (const auto &r : report->rejected)
        err << QStringLiteral("line %1: %2\n").arg(r.line).arg(r.reason);
    out << QStringLiteral("导入 / imported: %1 added, %2 already present, %3 rejected (%4)\n")
               .arg(report->added)
               .arg(report->alreadyPresent)
               .arg(report->rejected.size())
               .arg(report->encoding);
    return report->rejected.isEmpty() ? 0 : 1;
}

int statusCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {QStringLiteral("json")}, err, &status))
        return status;
    if (!cl.positional.isEmpty())
        return usageError(err, bilingual(QStringLiteral("status 不接受参数 %1").arg(cl.positional.first()),
                                         QStringLiteral("status takes no argument %1").arg(cl.positional.first())));
    StationStore store;
    if (openStore(store, cl, err))
        return 1;
    QJsonObject records;
    const auto counts = store.liveCounts();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        records.insert(it.key(), it.value());
    SyncStore sync(store);
    const int rejected = sync.problemCount();
    const QString station = store.stationCode();
    const QString lastAt = store.database().meta(QStringLiteral("last_sync_at"));
    QJsonObject o{
        {QStringLiteral("device_id"), store.deviceId()},
        {QStringLiteral("station"), station.isEmpty() ? QJsonValue() : QJsonValue(station)},
        {QStringLiteral("schema_version"), store.database().schemaVersion()},
        {QStringLiteral("records"), records},
        {QStringLiteral("outbox"), QJsonObject{{QStringLiteral("pending"), store.outboxPending()},
                                               {QStringLiteral("rejected"), rejected}}},
        {QStringLiteral("last_sync"),
         lastAt.isEmpty() ? QJsonValue()
                          : QJsonValue(QJsonObject{{QStringLiteral("at"), lastAt},
                                                   {QStringLiteral("result"),
                                                    store.database().meta(QStringLiteral("last_sync_result"))}})},
    };
    if (cl.has(QStringLiteral("json"))) {
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        out << QStringLiteral("设备 device: %1\n站点 station: %2\n数据库版本 schema: %3\n待同步 outbox: %4\n")
                   .arg(store.deviceId(), station.isEmpty() ? QStringLiteral("-") : station)
                   .arg(store.database().schemaVersion())
                   .arg(store.outboxPending());
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            out << QStringLiteral("  %1: %2\n").arg(it.key()).arg(it.value());
    }
    return 0;
}

int enrollCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {QStringLiteral("server"), QStringLiteral("station"), QStringLiteral("code"), QStringLiteral("ca"),
                           QStringLiteral("timeout"), QStringLiteral("device-name")},
                      err, &status))
        return status;
    const int timeout = cl.intValue(QStringLiteral("timeout"), 30, 1, 3600);
    if (!cl.error.isEmpty())
        return usageError(err, cl.error);
    for (const char *required : {"server", "station", "code"}) {
        if (cl.value(QLatin1String(required)).isEmpty())
            return usageError(err, bilingual(QStringLiteral("enroll 需要 --%1").arg(QLatin1String(required)),
                                             QStringLiteral("enroll needs --%1").arg(QLatin1String(required))));
    }
    if (!cl.positional.isEmpty())
        return usageError(err, bilingual(QStringLiteral("enroll 不接受参数 %1").arg(cl.positional.first()),
                                         QStringLiteral("enroll takes no argument %1").arg(cl.positional.first())));
    StationStore store;
    auto opened = store.open(dataDirFrom({QStringLiteral("--data-dir"), cl.value(QStringLiteral("data-dir"))}));
    if (!opened) {
        err << opened.error().message << "\n";
        return 1;
    }
    SyncEngineOptions options;
    options.networkTimeoutMs = timeout * 1000;
    options.deviceName = cl.value(QStringLiteral("device-name"));
    SyncEngine engine(store, options);
    auto enrolled = engine.enroll(cl.value(QStringLiteral("server")), cl.value(QStringLiteral("station")),
                                  cl.value(QStringLiteral("code")), cl.value(QStringLiteral("ca")));
    if (!enrolled) {
        // A --server that is no http(s) URL, or a --station no station can have, is a bad option, not a
        // failed enrollment.
        if (enrolled.error().code == QLatin1String("bad_url") || enrolled.error().code == QLatin1String("bad_station"))
            return usageError(err, enrolled.error().message);
        err << enrolled.error().message << "\n";
        return 1;
    }
    out << bilingual(QStringLiteral("已登记到站点 %1（%2）").arg(enrolled->stationCode, enrolled->stationName),
                     QStringLiteral("Enrolled to station %1 (%2)").arg(enrolled->stationCode, enrolled->stationName))
        << "\n";
    if (opened->keyLocation == QLatin1String("file"))
        // SECURITY.md 23: where no keystore exists the app says so at enrollment (after it, so that a failed
        // enrollment's reason stays the first line of stderr).
        err << bilingual(QStringLiteral("注意：本机没有可用的系统密钥库，数据库密钥保存在数据目录中仅本用户可读的文件（0600）里"),
                         QStringLiteral("Note: no OS keystore is available; the database key is kept in a 0600 file in the "
                                        "data directory"))
            << "\n";
    return 0;
}

int syncCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {QStringLiteral("timeout"), QStringLiteral("json")}, err, &status))
        return status;
    const int timeout = cl.intValue(QStringLiteral("timeout"), 30, 1, 3600);
    if (!cl.error.isEmpty())
        return usageError(err, cl.error);
    if (!cl.positional.isEmpty())
        return usageError(err, bilingual(QStringLiteral("sync 不接受参数 %1").arg(cl.positional.first()),
                                         QStringLiteral("sync takes no argument %1").arg(cl.positional.first())));
    StationStore store;
    // Opened as the sync thread opens its connection: the WAL goes into the file on a Checkpointer's
    // thread, not in the middle of a take or an acknowledgement.
    if (openStore(store, cl, err, SyncStore::connectionOptions()))
        return 1;
    Checkpointer checkpointer(store.database().path());
    checkpointer.start();
    SyncEngineOptions options;
    options.networkTimeoutMs = timeout * 1000;
    SyncEngine engine(store, options);
    const SyncReport report = engine.runCycle();
    checkpointer.checkpointNow(); // what the cycle wrote is in the file; closing the store removes the WAL
    out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact) << "\n";
    if (report.complete())
        return 0;
    err << report.message << "\n";
    return 1;
}

} // namespace

QString dataDirFrom(const QStringList &args)
{
    const CommandLine cl = parseCommandLine(args, kFlags);
    const QString dir = cl.value(QStringLiteral("data-dir"));
    return dir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) : dir;
}

bool isHeadlessCommand(const QStringList &args)
{
    const CommandLine cl = parseCommandLine(args, kFlags);
    if (cl.command == QLatin1String("screenshots") && cl.error.isEmpty())
        return false; // needs a display: the GUI path runs it
    return !cl.command.isEmpty() || cl.has(QStringLiteral("help")) || !cl.error.isEmpty();
}

GuiOptions guiOptionsFrom(const QStringList &args)
{
    const CommandLine cl = parseCommandLine(args, kFlags);
    GuiOptions o;
    o.selfTest = cl.has(QStringLiteral("self-test"));
    o.explicitDataDir = cl.has(QStringLiteral("data-dir"));
    o.error = cl.emptyValue({QStringLiteral("data-dir")});
    if (cl.command == QLatin1String("screenshots") && o.error.isEmpty()) {
        if (cl.positional.size() != 1)
            o.error = bilingual(QStringLiteral("screenshots 需要一个输出目录"), QStringLiteral("screenshots needs one OUTDIR"));
        else
            o.screenshotsDir = cl.positional.first();
    }
    return o;
}

int runStationCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    CommandLine cl = parseCommandLine(args, kFlags);
    using Handler = int (*)(CommandLine &, QTextStream &, QTextStream &);
    static const QMap<QString, Handler> commands{
        {QStringLiteral("seed-demo"), seedDemoCommand}, {QStringLiteral("import-residents"), importCommand},
        {QStringLiteral("status"), statusCommand},      {QStringLiteral("enroll"), enrollCommand},
        {QStringLiteral("sync"), syncCommand},
    };
    const Handler h = commands.value(cl.command);
    // An option given last without a value is the command's to report (checkOptions): it may not be one of its options.
    if (!cl.error.isEmpty() && (cl.valueMissing.isEmpty() || !h))
        return usageError(err, cl.error);
    if (cl.has(QStringLiteral("help"))) {
        out << QString::fromUtf8(kUsage);
        return 0;
    }
    if (!h)
        return usageError(err, bilingual(QStringLiteral("未知命令 %1").arg(cl.command),
                                         QStringLiteral("unknown command %1").arg(cl.command)));
    // A command's output is its own: the storage's and the sync's progress lines (migrations, "sync ok …")
    // stay out of it, so that a failure's reason is stderr's first line. Warnings still show;
    // QT_LOGGING_RULES brings the rest back.
    QLoggingCategory::setFilterRules(QStringLiteral("lanxin.*.info=false"));
    return h(cl, out, err);
}

} // namespace lanxin
