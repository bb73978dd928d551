#include "districtcommands.h"

#include "connectionguard.h"
#include "districthttpserver.h"
#include "districtstore.h"

#include "core/commandline.h"
#include "core/csvreader.h"
#include "core/result.h"
#include "core/schema.h"
#include "storage/checkpointer.h"

#include <algorithm>
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QSslConfiguration>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace lanxin::district {
namespace {

const QString kAdmin = QStringLiteral("admin");

const QStringList kFlags{QStringLiteral("json"), QStringLiteral("help"), QStringLiteral("insecure-http")};

const char *kUsage =
    "用法 / Usage: lanxin-district [--data DIR] COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  serve --listen HOST:PORT [--insecure-http] [--tls-cert FILE --tls-key FILE] [--key-file FILE]\n"
    "        [--max-connections N] [--max-connections-per-address N] [--head-timeout-ms MS]\n"
    "        [--idle-timeout-ms MS] [--max-head-bytes N] [--max-body-bytes N]\n"
    "        [--device-rate R] [--device-burst N] [--address-rate R] [--address-burst N]\n"
    "        [--enroll-failures N] [--enroll-window-s S] [--busy-timeout-ms MS]\n"
    "                                   the sync server; plain HTTP only on loopback or with --insecure-http;\n"
    "                                   prints \"listening on HOST:PORT\" first; SIGTERM: finish, exit 0\n"
    "  station add --code C --name N --town T [--villages \"白杜村,西坞村\"]\n"
    "  station list [--json]            stations with device counts and last sync\n"
    "  import-stations FILE.csv         header 站点编码,站点名称,街道(镇),村(社区) (villages split by 、 or ;)\n"
    "  enrollment-code --station C      a one-time code (72 h), the last line of output\n"
    "  device list [--json]\n"
    "  device revoke --device ID        immediate: its next request gets 401\n"
    "  staff add --station C --name N --role director|volunteer\n"
    "  staff recovery-code --station C  a one-time PIN recovery code (24 h), the last line of output\n"
    "  facility add --code C --name N --town T --type hospital|health_centre\n"
    "  training-offer add --title T --category CAT --starts-at ISO --ends-at ISO --location L --capacity N\n"
    "        [--organiser O]\n"
    "  stats --json                     live records per kind per station, and totals\n"
    "  audit verify                     checks the audit hash chain; exit 1 naming the first broken entry\n"
    "\n"
    "Global options:\n"
    "  --data DIR       the server's data (default ./lanxin-district-data)\n"
    "  --key-file FILE  the 32-byte key (default DIR/keys, made at the first start, mode 0600)\n"
    "  --help           this text\n"
    "Exit status: 0 done, 1 failed or incomplete, 2 bad usage.\n";

int usageError(QTextStream &err, const QString &message)
{
    err << message << "\n"
        << QStringLiteral("运行 lanxin-district --help 查看用法 / see lanxin-district --help") << "\n";
    return 2;
}

int failed(QTextStream &err, const Error &e)
{
    err << e.message.split(u'\n').first() << "\n";
    return 1;
}

QString commandName(const CommandLine &cl)
{
    return cl.positional.isEmpty() ? cl.command : cl.command + u' ' + cl.positional.first();
}

/// Options besides the global ones; anything else is bad usage.
bool checkOptions(const CommandLine &cl, const QStringList &allowed, QTextStream &err, int *status)
{
    static const QStringList global{QStringLiteral("data"), QStringLiteral("key-file"), QStringLiteral("json"),
                                    QStringLiteral("help")};
    QString problem = cl.optionProblem(global + allowed, commandName(cl));
    if (problem.isEmpty())
        problem = cl.emptyValue({QStringLiteral("data"), QStringLiteral("key-file"), QStringLiteral("tls-cert"),
                                 QStringLiteral("tls-key")});
    if (problem.isEmpty())
        return true;
    *status = usageError(err, problem);
    return false;
}

bool requireOptions(const CommandLine &cl, const QStringList &required, QTextStream &err, int *status)
{
    for (const QString &r : required) {
        if (cl.value(r).trimmed().isEmpty()) {
            *status = usageError(err, bilingual(QStringLiteral("%1 需要 --%2").arg(commandName(cl), r),
                                                QStringLiteral("%1 needs --%2").arg(commandName(cl), r)));
            return false;
        }
    }
    return true;
}

QString dataDir(const CommandLine &cl)
{
    return cl.value(QStringLiteral("data"), QStringLiteral("./lanxin-district-data"));
}

const Clock *processClock()
{
    static Clock clock;
    static const bool set = [] {
        const qint64 offset = qEnvironmentVariable("LANXIN_CLOCK_OFFSET_MS").toLongLong();
        if (offset != 0)
            clock.setSource([offset] { return QDateTime::currentMSecsSinceEpoch() + offset; });
        return true;
    }();
    Q_UNUSED(set);
    return &clock;
}

/// `serve` checks the whole file at start (PRAGMA integrity_check, SECURITY.md 3); an admin command,
/// which runs for a moment and may run hundreds of times in a row (enrolling a district's stations),
/// runs PRAGMA quick_check: every page and record read and checked, the indexes not matched against
/// their tables (2–4 s per command on a 165 MB district under load with the full check).
int openStore(DistrictStore &store, const CommandLine &cl, QTextStream &err, int busyTimeoutMs = 5000,
              DistrictStore::OpenCheck check = DistrictStore::OpenCheck::Quick)
{
    auto opened = store.open(dataDir(cl), cl.value(QStringLiteral("key-file")), busyTimeoutMs, check);
    if (!opened)
        return failed(err, opened.error());
    return 0;
}

QStringList splitVillages(const QString &text)
{
    QStringList out;
    QString normal = text;
    for (const QChar sep : {u'、', u';', u'；', u',', u'，'})
        normal.replace(sep, u'\n');
    for (const QString &v : normal.split(u'\n')) {
        if (!v.trimmed().isEmpty())
            out << v.trimmed();
    }
    return out;
}

QString printable(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("-") : s;
}

void printJson(QTextStream &out, const QJsonValue &v)
{
    out << (v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Indented);
}

// ---- serve ----------------------------------------------------------------------------------------

int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    const ssize_t n = ::write(g_signalFd[1], &c, 1);
    (void)n;
}

struct Listen
{
    QHostAddress address;
    quint16 port = 0;
    QString host;
};

std::optional<Listen> parseListen(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return std::nullopt;
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    Listen l;
    l.host = host;
    l.port = static_cast<quint16>(port);
    if (host == QLatin1String("localhost"))
        l.address = QHostAddress::LocalHost;
    else if (!l.address.setAddress(host))
        return std::nullopt;
    return l;
}

int serveCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl,
                      {QStringLiteral("listen"), QStringLiteral("insecure-http"), QStringLiteral("tls-cert"),
                       QStringLiteral("tls-key"), QStringLiteral("max-connections"),
                       QStringLiteral("max-connections-per-address"), QStringLiteral("head-timeout-ms"),
                       QStringLiteral("idle-timeout-ms"), QStringLiteral("max-head-bytes"),
                       QStringLiteral("max-body-bytes"), QStringLiteral("device-rate"), QStringLiteral("device-burst"),
                       QStringLiteral("address-rate"), QStringLiteral("address-burst"),
                       QStringLiteral("enroll-failures"), QStringLiteral("enroll-window-s"),
                       QStringLiteral("busy-timeout-ms"), QStringLiteral("max-queue-ms")},
                      err, &status)
        || !requireOptions(cl, {QStringLiteral("listen")}, err, &status))
        return status;
    const auto listen = parseListen(cl.value(QStringLiteral("listen")));
    if (!listen)
        return usageError(err, bilingual(QStringLiteral("--listen 须为 HOST:PORT，如 127.0.0.1:8443"),
                                         QStringLiteral("--listen must be HOST:PORT, e.g. 127.0.0.1:8443")));
    const QString certFile = cl.value(QStringLiteral("tls-cert"));
    const QString keyFile = cl.value(QStringLiteral("tls-key"));
    if (certFile.isEmpty() != keyFile.isEmpty())
        return usageError(err, bilingual(QStringLiteral("--tls-cert 与 --tls-key 须同时给出"),
                                         QStringLiteral("--tls-cert and --tls-key go together")));
    const bool tls = !certFile.isEmpty();
    if (!tls && !listen->address.isLoopback() && !cl.has(QStringLiteral("insecure-http")))
        return usageError(err, bilingual(QStringLiteral("拒绝在非本机地址上使用明文 HTTP：请用 --tls-cert/--tls-key，或明确加 --insecure-http"),
                                         QStringLiteral("Refusing plain HTTP on a non-loopback address: give --tls-cert/--tls-key, "
                                                        "or --insecure-http explicitly")));

    GuardLimits guardLimits;
    guardLimits.maxConnections = cl.intValue(QStringLiteral("max-connections"), guardLimits.maxConnections, 1, 1000000);
    guardLimits.maxPerAddress = cl.intValue(QStringLiteral("max-connections-per-address"), guardLimits.maxPerAddress, 1, 1000000);
    guardLimits.headTimeoutMs = cl.intValue(QStringLiteral("head-timeout-ms"), guardLimits.headTimeoutMs, 100, 3600000);
    guardLimits.idleTimeoutMs = cl.intValue(QStringLiteral("idle-timeout-ms"), guardLimits.idleTimeoutMs, 100, 3600000);
    guardLimits.maxHeadBytes = cl.intValue(QStringLiteral("max-head-bytes"), guardLimits.maxHeadBytes, 1024, 1024 * 1024);
    guardLimits.maxBodyBytes = cl.intValue(QStringLiteral("max-body-bytes"), int(guardLimits.maxBodyBytes), 1024, 64 * 1024 * 1024);
    RateLimits rates;
    rates.deviceRate = cl.intValue(QStringLiteral("device-rate"), int(rates.deviceRate), 1, 100000);
    rates.deviceBurst = cl.intValue(QStringLiteral("device-burst"), int(rates.deviceBurst), 1, 100000);
    rates.addressRate = cl.intValue(QStringLiteral("address-rate"), int(rates.addressRate), 1, 100000);
    rates.addressBurst = cl.intValue(QStringLiteral("address-burst"), int(rates.addressBurst), 1, 100000);
    rates.enrollFailures = cl.intValue(QStringLiteral("enroll-failures"), rates.enrollFailures, 1, 100000);
    rates.enrollWindowS = cl.intValue(QStringLiteral("enroll-window-s"), rates.enrollWindowS, 1, 86400 * 30);
    // A request waits at most about twice this for an admin command's write, then answers 503 overloaded.
    const int busyTimeoutMs = cl.intValue(QStringLiteral("busy-timeout-ms"), 2000, 10, 600000);
    // Pushes, pulls and enrollments that find the server this far behind are answered 503 with Retry-After
    // (OverloadGate); 0 turns shedding off.
    const int maxQueueMs = cl.intValue(QStringLiteral("max-queue-ms"), 2000, 0, 3600000);
    if (!cl.error.isEmpty())
        return usageError(err, cl.error);

    QSslConfiguration ssl;
    if (tls) {
        auto loaded = serverTlsConfiguration(certFile, keyFile);
        if (!loaded)
            return failed(err, loaded.error());
        ssl = loaded.value();
    }

    raiseOpenFileLimit();
    DistrictStore store(processClock());
    // Checkpoints on a thread of their own: a push's commit pays the WAL's fsync, not a copy of the WAL
    // into the database file and its fsync (about a sixth of a 500-record batch's time in a profile).
    store.setAutoCheckpointPages(Checkpointer::kBackstopPages);
    if (int rc = openStore(store, cl, err, busyTimeoutMs, DistrictStore::OpenCheck::Full))
        return rc;
    Checkpointer checkpointer(store.database().path());
    checkpointer.start();

    ConnectionGuard guard(guardLimits);
    DistrictHttpServer http(store, rates, processClock());
    http.setMaxBodyBytes(guardLimits.maxBodyBytes);
    http.setMaxQueueMs(maxQueueMs);
    QTcpServer *server = nullptr;
    if (tls) {
        auto *s = new GuardedSslServer(&guard);
        s->setSslConfiguration(ssl);
        server = s;
    } else {
        server = new GuardedTcpServer(&guard);
    }
    // Qt listens with a backlog of 50: when a thousand stations reconnect at once (a network back after an
    // outage) and the server is busy, the kernel's accept queue overflows and clients see connections
    // that never answer or are reset. The kernel caps this at net.core.somaxconn.
    server->setListenBacklogSize(std::max(1024, guardLimits.maxConnections));
    if (!server->listen(listen->address, listen->port)) {
        const QString why = server->errorString();
        delete server;
        return failed(err, Error{QString(), bilingual(QStringLiteral("无法监听 %1").arg(cl.value(QStringLiteral("listen"))),
                                                      QStringLiteral("Cannot listen on %1: %2")
                                                          .arg(cl.value(QStringLiteral("listen")), why))});
    }
    http.bind(server);
    const QString shownHost = listen->address.protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + listen->address.toString() + u']'
        : listen->address.toString();
    out << "listening on " << shownHost << ':' << server->serverPort() << Qt::endl;
    out.flush();

    // SIGTERM/SIGINT: handlers are synchronous, so the event loop sees the signal only between requests:
    // the batch in hand is committed and answered, then the server stops listening and exits 0.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0)
        return failed(err, Error{QString(), bilingual(QStringLiteral("无法安装信号处理"), QStringLiteral("Cannot install signal handlers"))});
    struct sigaction sa{};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    QSocketNotifier notifier(g_signalFd[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [&] {
        char c;
        const ssize_t n = ::read(g_signalFd[0], &c, 1);
        (void)n;
        notifier.setEnabled(false);
        server->close();
        guard.stop();
        qInfo("lanxin-district: stopping");
        QCoreApplication::quit();
    });
    const int rc = QCoreApplication::exec();
    ::close(g_signalFd[0]);
    ::close(g_signalFd[1]);
    return rc;
}

// ---- stations -------------------------------------------------------------------------------------

int stationCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    const QString sub = cl.positional.value(0);
    if (sub == QLatin1String("add")) {
        if (!checkOptions(cl, {QStringLiteral("code"), QStringLiteral("name"), QStringLiteral("town"), QStringLiteral("villages")},
                          err, &status)
            || !requireOptions(cl, {QStringLiteral("code"), QStringLiteral("name"), QStringLiteral("town")}, err, &status))
            return status;
        DistrictStore store(processClock());
        if (int rc = openStore(store, cl, err))
            return rc;
        auto added = store.addStation(cl.value(QStringLiteral("code")).trimmed(), cl.value(QStringLiteral("name")).trimmed(),
                                      cl.value(QStringLiteral("town")).trimmed(),
                                      splitVillages(cl.value(QStringLiteral("villages"))), kAdmin);
        if (!added)
            return added.error().code == QLatin1String("invalid_field") ? usageError(err, added.error().message)
                                                                        : failed(err, added.error());
        out << bilingual(QStringLiteral("已添加站点 %1").arg(added->code), QStringLiteral("Added station %1").arg(added->code))
            << "\n";
        return 0;
    }
    if (sub == QLatin1String("list")) {
        if (!checkOptions(cl, {}, err, &status))
            return status;
        DistrictStore store(processClock());
        if (int rc = openStore(store, cl, err))
            return rc;
        const QList<StationRow> stations = store.stations();
        if (cl.has(QStringLiteral("json"))) {
            QJsonArray a;
            for (const StationRow &s : stations)
                a.append(QJsonObject{{QStringLiteral("code"), s.code},
                                     {QStringLiteral("name"), s.name},
                                     {QStringLiteral("town"), s.town},
                                     {QStringLiteral("villages"), QJsonArray::fromStringList(s.villages)},
                                     {QStringLiteral("devices"), s.devices},
                                     {QStringLiteral("last_sync"), s.lastSync.isEmpty() ? QJsonValue() : QJsonValue(s.lastSync)}});
            printJson(out, a);
            return 0;
        }
        // For people at a terminal (scripts read --json): a heading, or a word that there is nothing yet.
        out << (stations.isEmpty() ? bilingual(QStringLiteral("还没有站点"), QStringLiteral("no stations yet"))
                                   : QStringLiteral("站点编码 code\t名称 name\t街道 town\t设备 devices\t最近同步 last sync"))
            << "\n";
        for (const StationRow &s : stations)
            out << s.code << "\t" << s.name << "\t" << printable(s.town) << "\t" << s.devices << "\t"
                << printable(s.lastSync) << "\n";
        return 0;
    }
    return usageError(err, bilingual(QStringLiteral("station 需要 add 或 list"), QStringLiteral("station needs add or list")));
}

int importStationsCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {}, err, &status))
        return status;
    if (cl.positional.size() != 1)
        return usageError(err, bilingual(QStringLiteral("import-stations 需要一个 CSV 文件"),
                                         QStringLiteral("import-stations needs one CSV file")));
    QFile f(cl.positional.first());
    if (!f.open(QIODevice::ReadOnly))
        return failed(err, Error{QString(), bilingual(QStringLiteral("无法读取 %1").arg(f.fileName()),
                                                      QStringLiteral("Cannot read %1").arg(f.fileName()))});
    const CsvDocument doc = readCsv(f.readAll());
    if (doc.rows.isEmpty()) {
        if (doc.error.isEmpty())
            return failed(err, Error{QString(), bilingual(QStringLiteral("文件是空的"), QStringLiteral("The file is empty"))});
        return failed(err, Error{QString(), doc.error}); // says what is wrong with the file, both languages
    }
    const QStringList header = doc.rows.first().cells;
    const int iCode = int(header.indexOf(QStringLiteral("站点编码")));
    const int iName = int(header.indexOf(QStringLiteral("站点名称")));
    const int iTown = int(header.indexOf(QStringLiteral("街道(镇)")));
    int iVillages = int(header.indexOf(QStringLiteral("村(社区)")));
    if (iVillages < 0)
        iVillages = int(header.indexOf(QStringLiteral("村（社区）")));
    if (iCode < 0 || iName < 0 || iTown < 0)
        return failed(err, Error{QString(), bilingual(QStringLiteral("表头须有 站点编码,站点名称,街道(镇),村(社区)"),
                                                      QStringLiteral("The header must have 站点编码,站点名称,街道(镇),村(社区)"))});
    DistrictStore store(processClock());
    if (int rc = openStore(store, cl, err))
        return rc;
    int added = 0;
    int unchanged = 0;
    int rejected = 0;
    QHash<QString, int> lineOf; // a code's first row: a second row for it is a mistake, not an update
    for (qsizetype i = 1; i < doc.rows.size(); ++i) {
        const CsvRow &row = doc.rows[i];
        const QString code = row.cells.value(iCode).trimmed();
        const QString name = row.cells.value(iName).trimmed();
        if (code.isEmpty() || name.isEmpty()) {
            err << QStringLiteral("line %1: ").arg(row.line)
                << bilingual(QStringLiteral("缺少站点编码或名称"), QStringLiteral("the code or name is missing")) << "\n";
            ++rejected;
            continue;
        }
        if (const auto first = lineOf.constFind(code); first != lineOf.cend()) {
            err << QStringLiteral("line %1: ").arg(row.line)
                << bilingual(QStringLiteral("站点编码 %1 已在第 %2 行出现，此行未导入").arg(code).arg(*first),
                             QStringLiteral("station code %1 is on line %2 already; this row is not imported").arg(code).arg(*first))
                << "\n";
            ++rejected;
            continue;
        }
        lineOf.insert(code, row.line);
        auto r = store.upsertStation(code, name, row.cells.value(iTown).trimmed(),
                                     iVillages >= 0 ? splitVillages(row.cells.value(iVillages)) : QStringList(), kAdmin);
        if (!r) {
            err << QStringLiteral("line %1: ").arg(row.line) << r.error().message << "\n";
            ++rejected;
        } else if (r.value()) {
            ++added;
        } else {
            ++unchanged;
        }
    }
    if (!doc.error.isEmpty()) {
        err << QStringLiteral("line %1: ").arg(doc.errorLine) << doc.error << "\n";
        ++rejected;
    }
    out << bilingual(QStringLiteral("新增或更新 %1 个站点，%2 个无变化，%3 行被拒绝").arg(added).arg(unchanged).arg(rejected),
                     QStringLiteral("%1 stations added or updated, %2 unchanged, %3 rows rejected").arg(added).arg(unchanged).arg(rejected))
        << "\n";
    return rejected ? 1 : 0;
}

int enrollmentCodeCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {QStringLiteral("station")}, err, &status)
        || !requireOptions(cl, {QStringLiteral("station")}, err, &status))
        return status;
    DistrictStore store(processClock());
    if (int rc = openStore(store, cl, err))
        return rc;
    auto code = store.newEnrollmentCode(cl.value(QStringLiteral("station")), kAdmin);
    if (!code)
        return failed(err, code.error());
    out << bilingual(QStringLiteral("站点 %1 的一次性登记码（72 小时内有效）：").arg(cl.value(QStringLiteral("station"))),
                     QStringLiteral("one-time enrollment code for %1 (valid 72 h):").arg(cl.value(QStringLiteral("station"))))
        << "\n"
        << code.value() << "\n";
    return 0;
}

int deviceCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    const QString sub = cl.positional.value(0);
    if (sub == QLatin1String("list")) {
        if (!checkOptions(cl, {}, err, &status))
            return status;
        DistrictStore store(processClock());
        if (int rc = openStore(store, cl, err))
            return rc;
        const QList<DeviceRow> devices = store.devices();
        if (cl.has(QStringLiteral("json"))) {
            QJsonArray a;
            for (const DeviceRow &d : devices)
                a.append(QJsonObject{{QStringLiteral("device_id"), d.id},
                                     {QStringLiteral("station"), d.stationCode},
                                     {QStringLiteral("name"), d.name},
                                     {QStringLiteral("revoked"), d.revoked},
                                     {QStringLiteral("pushes_acknowledged"), QJsonValue(d.pushesAcknowledged)},
                                     {QStringLiteral("enrolled_at"), d.enrolledAt},
                                     {QStringLiteral("last_seen_at"), d.lastSeenAt.isEmpty() ? QJsonValue() : QJsonValue(d.lastSeenAt)}});
            printJson(out, a);
            return 0;
        }
        out << (devices.isEmpty() ? bilingual(QStringLiteral("还没有设备"), QStringLiteral("no devices yet"))
                                  : QStringLiteral("站点 station\t设备 device\t名称 name\t状态 state\t最近联系 last seen"))
            << "\n";
        for (const DeviceRow &d : devices)
            out << d.stationCode << "\t" << d.id << "\t" << printable(d.name) << "\t"
                << (d.revoked ? QStringLiteral("revoked") : QStringLiteral("active")) << "\t" << printable(d.lastSeenAt) << "\n";
        return 0;
    }
    if (sub == QLatin1String("revoke")) {
        if (!checkOptions(cl, {QStringLiteral("device")}, err, &status)
            || !requireOptions(cl, {QStringLiteral("device")}, err, &status))
            return status;
        DistrictStore store(processClock());
        if (int rc = openStore(store, cl, err))
            return rc;
        if (auto r = store.revokeDevice(cl.value(QStringLiteral("device")), kAdmin); !r)
            return failed(err, r.error());
        out << bilingual(QStringLiteral("已停用设备 %1").arg(cl.value(QStringLiteral("device"))),
                         QStringLiteral("Revoked device %1").arg(cl.value(QStringLiteral("device"))))
            << "\n";
        return 0;
    }
    return usageError(err, bilingual(QStringLiteral("device 需要 list 或 revoke"), QStringLiteral("device needs list or revoke")));
}

int staffCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    const QString sub = cl.positional.value(0);
    if (sub == QLatin1String("add")) {
        if (!checkOptions(cl, {QStringLiteral("station"), QStringLiteral("name"), QStringLiteral("role")}, err, &status)
            || !requireOptions(cl, {QStringLiteral("station"), QStringLiteral("name"), QStringLiteral("role")}, err, &status))
            return status;
        DistrictStore store(processClock());
        if (int rc = openStore(store, cl, err))
            return rc;
        auto id = store.addStaff(cl.value(QStringLiteral("station")), cl.value(QStringLiteral("name")).trimmed(),
                                 cl.value(QStringLiteral("role")), kAdmin);
        if (!id)
            return id.error().code == QLatin1String("invalid_field") ? usageError(err, id.error().message) : failed(err, id.error());
        out << id.value() << "\n";
        return 0;
    }
    if (sub == QLatin1String("recovery-code")) {
        if (!checkOptions(cl, {QStringLiteral("station")}, err, &status)
            || !requireOptions(cl, {QStringLiteral("station")}, err, &status))
            return status;
        DistrictStore store(processClock());
        if (int rc = openStore(store, cl, err))
            return rc;
        auto code = store.newRecoveryCode(cl.value(QStringLiteral("station")), kAdmin);
        if (!code)
            return failed(err, code.error());
        out << bilingual(QStringLiteral("一次性 PIN 恢复码（24 小时内有效）："), QStringLiteral("one-time PIN recovery code (valid 24 h):"))
            << "\n"
            << code.value() << "\n";
        return 0;
    }
    return usageError(err, bilingual(QStringLiteral("staff 需要 add 或 recovery-code"),
                                     QStringLiteral("staff needs add or recovery-code")));
}

int facilityCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (cl.positional.value(0) != QLatin1String("add"))
        return usageError(err, bilingual(QStringLiteral("facility 需要 add"), QStringLiteral("facility needs add")));
    const QStringList opts{QStringLiteral("code"), QStringLiteral("name"), QStringLiteral("town"), QStringLiteral("type")};
    if (!checkOptions(cl, opts, err, &status) || !requireOptions(cl, opts, err, &status))
        return status;
    DistrictStore store(processClock());
    if (int rc = openStore(store, cl, err))
        return rc;
    auto id = store.addFacility(cl.value(QStringLiteral("code")).trimmed(), cl.value(QStringLiteral("name")).trimmed(),
                                cl.value(QStringLiteral("town")).trimmed(), cl.value(QStringLiteral("type")), kAdmin);
    if (!id)
        return id.error().code == QLatin1String("invalid_field") ? usageError(err, id.error().message) : failed(err, id.error());
    out << id.value() << "\n";
    return 0;
}

QDateTime parseIsoOption(const QString &text)
{
    QDateTime t = parseInstant(text);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid() || t.timeSpec() == Qt::LocalTime)
        return {}; // a time without a zone is ambiguous
    return t.toUTC();
}

int trainingOfferCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (cl.positional.value(0) != QLatin1String("add"))
        return usageError(err, bilingual(QStringLiteral("training-offer 需要 add"), QStringLiteral("training-offer needs add")));
    const QStringList required{QStringLiteral("title"), QStringLiteral("category"), QStringLiteral("starts-at"),
                               QStringLiteral("ends-at"), QStringLiteral("location"), QStringLiteral("capacity")};
    if (!checkOptions(cl, required + QStringList{QStringLiteral("organiser")}, err, &status)
        || !requireOptions(cl, required, err, &status))
        return status;
    const QDateTime starts = parseIsoOption(cl.value(QStringLiteral("starts-at")));
    const QDateTime ends = parseIsoOption(cl.value(QStringLiteral("ends-at")));
    if (!starts.isValid() || !ends.isValid())
        return usageError(err, bilingual(QStringLiteral("--starts-at 和 --ends-at 须为带时区的 ISO 时间，如 2026-12-01T09:00:00+08:00"),
                                         QStringLiteral("--starts-at and --ends-at must be ISO times with a zone, e.g. "
                                                        "2026-12-01T09:00:00+08:00")));
    const int capacity = cl.intValue(QStringLiteral("capacity"), 0, 0, 10000);
    if (!cl.error.isEmpty())
        return usageError(err, cl.error);
    QVariantMap values{{QStringLiteral("title"), cl.value(QStringLiteral("title")).trimmed()},
                       {QStringLiteral("category"), cl.value(QStringLiteral("category"))},
                       {QStringLiteral("starts_at"), starts},
                       {QStringLiteral("ends_at"), ends},
                       {QStringLiteral("location"), cl.value(QStringLiteral("location")).trimmed()},
                       {QStringLiteral("capacity"), qint64(capacity)},
                       {QStringLiteral("status"), QStringLiteral("open")},
                       {QStringLiteral("self_registration"), true}};
    if (cl.has(QStringLiteral("organiser")))
        values.insert(QStringLiteral("organiser"), cl.value(QStringLiteral("organiser")).trimmed());
    DistrictStore store(processClock());
    if (int rc = openStore(store, cl, err))
        return rc;
    auto id = store.addTrainingOffer(values, kAdmin);
    if (!id)
        return id.error().code == QLatin1String("invalid_field") ? usageError(err, id.error().message) : failed(err, id.error());
    out << id.value() << "\n";
    return 0;
}

int statsCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {}, err, &status))
        return status;
    DistrictStore store(processClock());
    if (int rc = openStore(store, cl, err))
        return rc;
    const Stats s = store.stats();
    QJsonObject stations;
    QMap<QString, qint64> totals;
    for (const Kind k : recordKinds())
        totals[kindName(k)] = 0;
    for (auto st = s.perStation.cbegin(); st != s.perStation.cend(); ++st) {
        QJsonObject kinds;
        for (auto k = st.value().cbegin(); k != st.value().cend(); ++k) {
            kinds.insert(k.key(), QJsonValue(k.value()));
            totals[k.key()] += k.value();
        }
        stations.insert(st.key(), kinds);
    }
    QJsonObject t;
    for (auto it = totals.cbegin(); it != totals.cend(); ++it)
        t.insert(it.key(), QJsonValue(it.value()));
    if (cl.has(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("stations"), stations}, {QStringLiteral("totals"), t}});
        return 0;
    }
    for (auto st = s.perStation.cbegin(); st != s.perStation.cend(); ++st) {
        out << st.key();
        for (auto k = st.value().cbegin(); k != st.value().cend(); ++k)
            out << "\t" << k.key() << "=" << k.value();
        out << "\n";
    }
    return 0;
}

int auditCommand(CommandLine &cl, QTextStream &out, QTextStream &err)
{
    int status = 0;
    if (!checkOptions(cl, {}, err, &status))
        return status;
    if (cl.positional.value(0) != QLatin1String("verify"))
        return usageError(err, bilingual(QStringLiteral("audit 需要 verify"), QStringLiteral("audit needs verify")));
    DistrictStore store(processClock());
    if (int rc = openStore(store, cl, err))
        return rc;
    const AuditCheck c = store.verifyAudit();
    if (c.firstBroken != 0) {
        err << bilingual(QStringLiteral("审计日志第 %1 条已损坏或被改动").arg(c.firstBroken),
                         QStringLiteral("audit entry %1 is broken: %2").arg(c.firstBroken).arg(c.reason))
            << "\n";
        return 1;
    }
    out << bilingual(QStringLiteral("审计日志完整，共 %1 条").arg(c.entries),
                     QStringLiteral("the audit chain holds: %1 %2").arg(c.entries).arg(QLatin1String(c.entries == 1 ? "entry" : "entries")))
        << "\n";
    return 0;
}

} // namespace

int runDistrictCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    CommandLine cl = parseCommandLine(args, kFlags);
    using Handler = int (*)(CommandLine &, QTextStream &, QTextStream &);
    static const QMap<QString, Handler> commands{
        {QStringLiteral("serve"), serveCommand},
        {QStringLiteral("station"), stationCommand},
        {QStringLiteral("import-stations"), importStationsCommand},
        {QStringLiteral("enrollment-code"), enrollmentCodeCommand},
        {QStringLiteral("device"), deviceCommand},
        {QStringLiteral("staff"), staffCommand},
        {QStringLiteral("facility"), facilityCommand},
        {QStringLiteral("training-offer"), trainingOfferCommand},
        {QStringLiteral("stats"), statsCommand},
        {QStringLiteral("audit"), auditCommand},
    };
    // An option given last without a value is the command's to report (checkOptions): it may not be one of its options.
    if (!cl.error.isEmpty() && (cl.valueMissing.isEmpty() || !commands.contains(cl.command)))
        return usageError(err, cl.error);
    if (cl.has(QStringLiteral("help")) || cl.command == QLatin1String("help")) {
        out << QString::fromUtf8(kUsage);
        return 0;
    }
    if (cl.command.isEmpty())
        return usageError(err, bilingual(QStringLiteral("缺少命令"), QStringLiteral("a command is needed")));
    const Handler h = commands.value(cl.command);
    if (cl.command != QLatin1String("serve"))
        QLoggingCategory::setFilterRules(QStringLiteral("lanxin.*.info=false")); // admin output stays clean
    if (!h)
        return usageError(err, bilingual(QStringLiteral("未知命令 %1").arg(cl.command),
                                         QStringLiteral("unknown command %1").arg(cl.command)));
    // Sub-commands take one word; more positional words are bad usage (import-stations takes its file).
    const qsizetype allowed = cl.command == QLatin1String("serve") || cl.command == QLatin1String("stats")
            || cl.command == QLatin1String("enrollment-code")
        ? 0
        : 1;
    if (cl.positional.size() > allowed)
        return usageError(err, bilingual(QStringLiteral("多余的参数 %1").arg(cl.positional.last()),
                                         QStringLiteral("unexpected argument %1").arg(cl.positional.last())));
    return h(cl, out, err);
}

} // namespace lanxin::district
