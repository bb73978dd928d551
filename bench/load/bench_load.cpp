// bench_load: issue 6's load test (docs/reliability.md "Load"). Many simulated devices sync with one real
// lanxin-district, started with its default limits, over loopback; each station comes from its own
// loopback address (127.1.x.y), as stations come from their own networks, so the per-address caps
// apply as in the field. Three phases:
//   1. base:     S stations × D devices for T seconds;
//   2. overload: F×S stations × D devices for T seconds (the server must answer 429/503 with
//                Retry-After, never reset, time out or fail);
//   3. recovery: back to S stations for R seconds, then every device stops making records and
//                finishes: the time until every device's last batch is acknowledged and its receipt
//                matches.
// A device's cycle is the real client's: push its new records (a batch, resent with the same batch_id
// until answered) → pull until has_more is false → receipt, then a pause; after a failure or a 429/503
// it waits what the real client waits (SyncWorker's backoffDelayMs: full jitter from 5 s, never less
// than Retry-After). Per phase: requests and latency p50/p99 per endpoint, records acknowledged per
// second, sheds, errors, the district's RSS. At the end: every acknowledged record is in the district
// exactly once (stats per station = records acknowledged per station) and every receipt matched.
//
// Usage: bench_load --district PATH [--work DIR] [--stations 350] [--devices 2] [--seconds 60]
//                   [--factor 3] [--recovery-seconds 30] [--records 10] [--pause-ms 10000]
#include "client/syncworker.h"
#include "districtstore.h"

#include "core/clock.h"
#include "core/ids.h"
#include "protocol/gzip.h"
#include "protocol/messages.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

using namespace lanxin;

namespace {

QTextStream out(stdout);

struct Options
{
    QString district;
    QString work;
    int stations = 350;
    int devices = 2;
    int seconds = 60;
    int factor = 3;
    int recoverySeconds = 30;
    int records = 10;
    int pauseMs = 10000;
};

double percentile(const QList<double> &values, double p)
{
    if (values.isEmpty())
        return 0;
    std::vector<double> v(values.cbegin(), values.cend());
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

/// What one phase measured.
struct PhaseStats
{
    QString name;
    int activeDevices = 0;
    double seconds = 0;
    QMap<QString, QList<double>> okMs; ///< per endpoint, answered 200/201
    QList<double> shedMs;              ///< 429/503 answers
    qint64 recordsAcked = 0;
    qint64 shed429 = 0;
    qint64 shed503 = 0;
    qint64 retryAfterMissing = 0;
    qint64 errors = 0;                 ///< resets, cuts, timeouts, other statuses, rejected records
    QMap<QString, qint64> errorKinds;
    qint64 maxRssKb = 0;
    qint64 cycles = 0;
    double serverCpuS = 0;
    double loadAverage = 0;
};

PhaseStats *g_phase = nullptr;

/// Every answer, for the timeline: when (ms since the start), whether it was shed, how long it took.
struct Event
{
    qint64 atMs;
    bool shed;
    bool ok;
    float ms;
};
QList<Event> g_events;
QElapsedTimer g_start;

void error(const QString &kind)
{
    ++g_phase->errors;
    ++g_phase->errorKinds[kind];
}

/// One HTTP/1.1 response.
struct Response
{
    int status = 0; ///< 0: no answer (reset, cut, timeout)
    QString failure;
    QByteArray body;
    int retryAfterS = -1;
};

/// A keep-alive HTTP/1.1 connection from a fixed source address, one request at a time.
class Http : public QObject
{
public:
    Http(QHostAddress source, quint16 port) : m_source(std::move(source)), m_port(port)
    {
        m_timeout.setSingleShot(true);
        connect(&m_timeout, &QTimer::timeout, this, [this] { fail(QStringLiteral("timeout")); });
    }
    ~Http() override
    {
        // Before the members go: closing the socket emits signals whose slots use them.
        if (m_socket) {
            m_socket->disconnect(this);
            m_socket->abort();
        }
    }

    void request(const QByteArray &method, const QByteArray &target, const QByteArray &token, const QByteArray &body,
                 bool gzipBody, std::function<void(const Response &)> done)
    {
        m_done = std::move(done);
        QByteArray r = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n";
        if (!token.isEmpty())
            r += "Authorization: Bearer " + token + "\r\n";
        if (!body.isEmpty() || method == "POST") {
            r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
            if (gzipBody)
                r += "Content-Encoding: gzip\r\n";
        }
        r += "\r\n" + body;
        m_out = r;
        m_in.clear();
        m_timeout.start(120000);
        m_reused = m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
        if (m_reused)
            m_socket->write(m_out);
        else
            connectFresh();
    }

private:
    void connectFresh()
    {
        reset();
        m_socket = std::make_unique<QTcpSocket>();
        QTcpSocket *s = m_socket.get();
        connect(s, &QTcpSocket::connected, this, [this] { m_socket->write(m_out); });
        connect(s, &QTcpSocket::readyRead, this, [this] { onRead(); });
        connect(s, &QTcpSocket::disconnected, this, [this] {
            onRead();
            if (m_done)
                closedEarly(QStringLiteral("closed before the answer"));
        });
        connect(s, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::RemoteHostClosedError)
                return; // disconnected() judges it, after reading what arrived
            if (m_done)
                closedEarly(e == QAbstractSocket::ConnectionRefusedError ? QStringLiteral("refused") : QStringLiteral("reset"));
        });
        if (!s->bind(m_source, 0)) {
            fail(QStringLiteral("bind"));
            return;
        }
        s->connectToHost(QHostAddress::LocalHost, m_port);
    }
    /// A kept-alive connection the server closed (idle) before this request reached it is retried once on
    /// a new one, as every HTTP client does; anything else is the answer's failure.
    void closedEarly(const QString &why)
    {
        if (m_reused && m_in.isEmpty()) {
            m_reused = false;
            QTimer::singleShot(0, this, [this] { connectFresh(); });
            return;
        }
        fail(why);
    }

    void reset()
    {
        if (m_socket) {
            m_socket->disconnect(this);
            m_socket->abort();
            m_socket.release()->deleteLater();
        }
    }
    void fail(const QString &why)
    {
        Response r;
        r.failure = why;
        finish(r, true);
    }
    void finish(const Response &r, bool close)
    {
        m_timeout.stop();
        if (close)
            reset();
        auto done = std::move(m_done);
        m_done = nullptr;
        if (done)
            done(r);
    }
    void onRead()
    {
        if (!m_socket || !m_done)
            return;
        m_in += m_socket->readAll();
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Response r;
        qint64 length = 0;
        bool gzip = false;
        bool close = false;
        const QList<QByteArray> lines = m_in.left(end).split('\n');
        r.status = lines.value(0).split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray l = lines[i].trimmed();
            const qsizetype colon = l.indexOf(':');
            const QByteArray name = l.left(colon).trimmed().toLower();
            const QByteArray value = l.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "content-encoding")
                gzip = value == "gzip";
            else if (name == "retry-after")
                r.retryAfterS = value.toInt();
            else if (name == "connection")
                close = value.toLower() == "close";
        }
        if (m_in.size() < end + 4 + length)
            return;
        r.body = m_in.mid(end + 4, length);
        if (gzip) {
            auto plain = protocol::gzipDecompress(r.body, 64 << 20);
            if (!plain) {
                fail(QStringLiteral("bad gzip"));
                return;
            }
            r.body = plain.value();
        }
        finish(r, close);
    }

    QHostAddress m_source;
    quint16 m_port;
    std::unique_ptr<QTcpSocket> m_socket;
    bool m_reused = false;
    QByteArray m_out;
    QByteArray m_in;
    QTimer m_timeout;
    std::function<void(const Response &)> m_done;
};

struct Station
{
    QString code;
    QHostAddress address;
    qint64 acked = 0; ///< records of this station acknowledged (applied) by the district
};

/// One simulated device: the real client's cycle, on a raw connection.
class Device : public QObject
{
public:
    Device(Station &station, quint16 port, QString enrollmentCode, const Options &options, quint32 seed)
        : m_station(station)
        , m_http(station.address, port)
        , m_code(std::move(enrollmentCode))
        , m_options(options)
        , m_rng(seed)
        , m_node(newDeviceId())
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { step(); });
    }

    bool producing = false;   ///< makes new records at each cycle
    bool active = false;      ///< runs cycles at all
    bool finished = false;    ///< nothing pending, receipt matched (after the last cycle)
    bool receiptMatched = false;

    void start(int delayMs)
    {
        active = true;
        finished = false;
        m_timer.start(delayMs);
    }
    void stop()
    {
        active = false;
        m_timer.stop();
    }
    [[nodiscard]] bool idle() const { return !m_busy; }

private:
    void step()
    {
        if (!active || m_busy)
            return;
        m_busy = true;
        m_cycle.start();
        if (m_token.isEmpty()) {
            enroll();
            return;
        }
        if (m_batch.isEmpty() && producing)
            makeBatch();
        if (!m_batch.isEmpty())
            push();
        else
            pull();
    }
    void wait(int ms)
    {
        m_busy = false;
        if (active)
            m_timer.start(ms);
    }
    /// After a failure: the real client's backoff (full jitter from 5 s, never less than Retry-After).
    void backOff(const Response &r)
    {
        ++m_failures;
        wait(static_cast<int>(backoffDelayMs(m_failures, r.retryAfterS >= 0 ? r.retryAfterS * 1000LL : -1,
                                                   m_rng, 5000, 30 * 60 * 1000)));
    }
    /// Counts an answer; true when it is a 2xx the caller goes on with.
    bool judge(const QString &endpoint, const Response &r, double ms)
    {
        g_events.append(Event{g_start.elapsed(), r.status == 429 || r.status == 503, r.status == 200 || r.status == 201,
                              float(ms)});
        if (r.status == 200 || r.status == 201) {
            g_phase->okMs[endpoint] << ms;
            return true;
        }
        if (r.status == 429 || r.status == 503) {
            (r.status == 429 ? g_phase->shed429 : g_phase->shed503) += 1;
            g_phase->shedMs << ms;
            if (r.retryAfterS < 0)
                ++g_phase->retryAfterMissing;
        } else {
            error(r.status ? QStringLiteral("%1 %2").arg(endpoint).arg(r.status) : endpoint + u' ' + r.failure);
        }
        backOff(r);
        return false;
    }
    void enroll()
    {
        protocol::EnrollRequest req{m_station.code, m_code, m_node, QStringLiteral("load")};
        auto *t = new QElapsedTimer;
        t->start();
        m_http.request("POST", "/api/v1/enroll", {}, req.toJson(), false, [this, t](const Response &r) {
            const double ms = t->nsecsElapsed() / 1e6;
            delete t;
            if (!judge(QStringLiteral("enroll"), r, ms))
                return;
            auto answer = protocol::parseEnrollResponse(r.body);
            if (!answer) {
                error(QStringLiteral("enroll answer"));
                backOff(r);
                return;
            }
            m_token = answer->deviceToken.toLatin1();
            m_failures = 0;
            wait(QRandomGenerator::global()->bounded(m_options.pauseMs + 1));
        });
    }
    void makeBatch()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        protocol::PushRequest push;
        push.batchId = newRecordId(m_clock);
        push.deviceTime = Hlc{now, m_counter, m_node};
        for (int i = 0; i < m_options.records; ++i) {
            const Hlc h{now, ++m_counter, m_node};
            protocol::WireRecord w{Kind::Resident, newRecordId(m_clock), m_station.code, {}};
            const int n = m_made++;
            w.writes << FieldWrite{QStringLiteral("created_at"), QDateTime::fromMSecsSinceEpoch(now, Qt::UTC), h}
                     << FieldWrite{QStringLiteral("deleted"), false, h}
                     << FieldWrite{QStringLiteral("name"), QStringLiteral("负载居民%1").arg(n), h}
                     << FieldWrite{QStringLiteral("gender"), QStringLiteral("F"), h}
                     << FieldWrite{QStringLiteral("birth_date"), QDate(1960, 1, 1).addDays(n % 12000), h}
                     << FieldWrite{QStringLiteral("village"), QStringLiteral("甲村"), h}
                     << FieldWrite{QStringLiteral("needs_review"), false, h};
            push.records << w;
        }
        m_batchSize = static_cast<int>(push.records.size());
        m_batch = protocol::gzipCompress(push.toJson(), 3);
    }
    void push()
    {
        auto *t = new QElapsedTimer;
        t->start();
        m_http.request("POST", "/api/v1/sync/push", m_token, m_batch, true, [this, t](const Response &r) {
            const double ms = t->nsecsElapsed() / 1e6;
            delete t;
            if (!judge(QStringLiteral("push"), r, ms))
                return; // the same batch (same batch_id) goes again after the backoff
            auto answer = protocol::parsePushResponse(r.body);
            if (!answer) {
                error(QStringLiteral("push answer"));
                backOff(r);
                return;
            }
            for (const auto &res : answer->results) {
                if (res.status == protocol::Verdict::Rejected)
                    error(QStringLiteral("rejected ") + (res.error ? res.error->code : QString()));
                else if (res.status == protocol::Verdict::Applied)
                    ++m_station.acked, ++g_phase->recordsAcked;
            }
            m_batch.clear();
            m_failures = 0;
            pull();
        });
    }
    void pull()
    {
        auto *t = new QElapsedTimer;
        t->start();
        protocol::PullQuery q;
        q.cursor = m_cursor;
        q.limit = 500;
        m_http.request("GET", "/api/v1/sync/pull?" + q.toQueryString().toLatin1(), m_token, {}, false,
                       [this, t](const Response &r) {
                           const double ms = t->nsecsElapsed() / 1e6;
                           delete t;
                           if (!judge(QStringLiteral("pull"), r, ms))
                               return;
                           const QJsonObject o = QJsonDocument::fromJson(r.body).object();
                           m_cursor = o.value(QStringLiteral("cursor")).toString();
                           if (o.value(QStringLiteral("has_more")).toBool())
                               pull();
                           else
                               receipt();
                       });
    }
    void receipt()
    {
        auto *t = new QElapsedTimer;
        t->start();
        m_http.request("GET", "/api/v1/sync/receipt", m_token, {}, false, [this, t](const Response &r) {
            const double ms = t->nsecsElapsed() / 1e6;
            delete t;
            if (!judge(QStringLiteral("receipt"), r, ms))
                return;
            auto parsed = protocol::parseReceiptResponse(r.body);
            if (!parsed) {
                error(QStringLiteral("receipt answer"));
                backOff(r);
                return;
            }
            // Both devices' acknowledged records of this station, as the district counts them.
            receiptMatched = parsed->kinds.value(Kind::Resident).count == m_station.acked;
            ++g_phase->cycles;
            m_failures = 0;
            if (!producing && m_batch.isEmpty()) {
                finished = true;
                m_busy = false;
                if (!receiptMatched) // the other device's last batch may still be on its way: look again
                    wait(1000);
                return;
            }
            wait(QRandomGenerator::global()->bounded(2 * m_options.pauseMs + 1));
        });
    }

    Station &m_station;
    Http m_http;
    QString m_code;
    const Options &m_options;
    QRandomGenerator m_rng;
    QString m_node;
    Clock m_clock;
    QByteArray m_token;
    QByteArray m_batch;
    int m_batchSize = 0;
    QString m_cursor;
    quint16 m_counter = 0;
    int m_made = 0;
    int m_failures = 0;
    bool m_busy = false;
    QElapsedTimer m_cycle;
    QTimer m_timer;
};

/// The process's CPU time (user + system), in seconds.
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5), counted from the state (field 3) here.
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / double(sysconf(_SC_CLK_TCK));
}

double loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().split(' ').value(0).toDouble() : 0;
}

qint64 rssKb(qint64 pid, const char *field = "VmRSS:")
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(static_cast<qsizetype>(std::strlen(field))).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

void runFor(int ms, qint64 pid, PhaseStats &phase)
{
    QEventLoop loop;
    QTimer sample;
    sample.setInterval(500);
    QObject::connect(&sample, &QTimer::timeout, &loop, [&] { phase.maxRssKb = std::max(phase.maxRssKb, rssKb(pid)); });
    sample.start();
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void report(const PhaseStats &p)
{
    out << "\n## " << p.name << ": " << p.activeDevices << " devices, " << QString::number(p.seconds, 'f', 1) << " s\n";
    out << "| endpoint | answered | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n";
    qint64 answered = 0;
    for (auto it = p.okMs.cbegin(); it != p.okMs.cend(); ++it) {
        answered += it->size();
        out << "| " << it.key() << " | " << it->size() << " | " << QString::number(percentile(*it, 0.5), 'f', 1) << " | "
            << QString::number(percentile(*it, 0.99), 'f', 1) << " | " << QString::number(percentile(*it, 1.0), 'f', 1)
            << " |\n";
    }
    out << "| 429/503 | " << p.shedMs.size() << " | " << QString::number(percentile(p.shedMs, 0.5), 'f', 1) << " | "
        << QString::number(percentile(p.shedMs, 0.99), 'f', 1) << " | " << QString::number(percentile(p.shedMs, 1.0), 'f', 1)
        << " |\n\n";
    out << "- throughput: " << QString::number(answered / std::max(0.001, p.seconds), 'f', 1) << " answered requests/s, "
        << QString::number(p.recordsAcked / std::max(0.001, p.seconds), 'f', 1) << " records acknowledged/s ("
        << p.recordsAcked << "), " << p.cycles << " sync cycles completed\n";
    out << "- shed: " << p.shed503 << " × 503, " << p.shed429 << " × 429, without Retry-After: " << p.retryAfterMissing << '\n';
    out << "- errors: " << p.errors;
    for (auto it = p.errorKinds.cbegin(); it != p.errorKinds.cend(); ++it)
        out << " [" << it.key() << ": " << it.value() << ']';
    out << "\n- district RSS: max " << p.maxRssKb / 1024 << " MiB; district CPU " << QString::number(p.serverCpuS, 'f', 1)
        << " s (" << QString::number(100 * p.serverCpuS / std::max(0.001, p.seconds), 'f', 0)
        << " % of one core); machine load average at the end " << QString::number(p.loadAverage, 'f', 2) << '\n';
    out.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Options o;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        const QString k = args[i];
        const QString v = args[i + 1];
        if (k == u"--district")
            o.district = v;
        else if (k == u"--work")
            o.work = v;
        else if (k == u"--stations")
            o.stations = v.toInt();
        else if (k == u"--devices")
            o.devices = v.toInt();
        else if (k == u"--seconds")
            o.seconds = v.toInt();
        else if (k == u"--factor")
            o.factor = v.toInt();
        else if (k == u"--recovery-seconds")
            o.recoverySeconds = v.toInt();
        else if (k == u"--records")
            o.records = v.toInt();
        else if (k == u"--pause-ms")
            o.pauseMs = v.toInt();
        else {
            std::fprintf(stderr, "unknown option %s\n", qPrintable(k));
            return 2;
        }
    }
    if (o.district.isEmpty() || o.stations < 1 || o.devices < 1 || o.factor < 1 || o.records < 1 || o.pauseMs < 0) {
        std::fprintf(stderr, "usage: bench_load --district PATH [--work DIR] [--stations N] [--devices N] [--seconds S] "
                             "[--factor F] [--recovery-seconds S] [--records N] [--pause-ms MS]\n");
        return 2;
    }
    QTemporaryDir tmp;
    if (o.work.isEmpty())
        o.work = tmp.path();
    QDir(o.work).removeRecursively();
    QDir().mkpath(o.work + QStringLiteral("/district"));
    struct rlimit rl{};
    ::getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);

    // Stations and one enrollment code per device, straight into the district's store (setup, not timed).
    const int totalStations = o.stations * o.factor;
    std::vector<Station> stations(static_cast<size_t>(totalStations));
    QStringList codes;
    {
        QElapsedTimer t;
        t.start();
        Clock clock;
        district::DistrictStore store(&clock);
        if (auto opened = store.open(o.work + QStringLiteral("/district")); !opened) {
            std::fprintf(stderr, "district store: %s\n", qPrintable(opened.error().message));
            return 1;
        }
        if (!store.database().transaction([&]() -> Result<void> {
                for (int s = 0; s < totalStations; ++s) {
                    Station &st = stations[static_cast<size_t>(s)];
                    st.code = QStringLiteral("LD-%1").arg(s, 4, 10, QLatin1Char('0'));
                    // 127.1.0.1, 127.1.0.2, …: one loopback address per station.
                    st.address = QHostAddress(quint32((127u << 24) | (1u << 16) | quint32(s + 1)));
                    auto added = store.addStation(st.code, QStringLiteral("负载站%1").arg(s), QStringLiteral("负载街道"),
                                                  {QStringLiteral("甲村")}, QStringLiteral("bench"));
                    if (!added)
                        return added.error();
                    for (int d = 0; d < o.devices; ++d) {
                        auto code = store.newEnrollmentCode(st.code, QStringLiteral("bench"));
                        if (!code)
                            return code.error();
                        codes << code.value();
                    }
                }
                return {};
            })) {
            std::fprintf(stderr, "setting up the stations failed\n");
            return 1;
        }
        out << "# Load: " << totalStations << " stations, " << codes.size() << " enrollment codes made in "
            << t.elapsed() << " ms\n";
    }

    // The real district with its default limits (only the log goes to a file).
    QProcess serve;
    serve.setProgram(o.district);
    serve.setArguments({QStringLiteral("--data"), o.work + QStringLiteral("/district"), QStringLiteral("serve"),
                        QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    serve.setStandardErrorFile(o.work + QStringLiteral("/district.log"));
    serve.start();
    if (!serve.waitForStarted(10000) || !serve.waitForReadyRead(30000)) {
        std::fprintf(stderr, "the district did not start\n");
        return 1;
    }
    const QByteArray line = serve.readLine().trimmed();
    const auto port = static_cast<quint16>(line.mid(line.lastIndexOf(':') + 1).toUInt());
    const qint64 pid = serve.processId();

    g_start.start();
    std::vector<std::unique_ptr<Device>> devices;
    for (int s = 0; s < totalStations; ++s)
        for (int d = 0; d < o.devices; ++d)
            devices.push_back(std::make_unique<Device>(stations[static_cast<size_t>(s)], port,
                                                       codes[s * o.devices + d], o, quint32(1000 + s * 16 + d)));
    const auto baseCount = static_cast<size_t>(o.stations * o.devices);
    out << "- district: " << o.district << ", pid " << pid << ", default limits; " << o.records
        << " new records per push, a pause of 0–" << 2 * o.pauseMs << " ms between a device's syncs\n";

    QList<PhaseStats> phases;
    auto phase = [&](const QString &name, size_t count, int seconds, auto &&beforeRun) {
        phases.append(PhaseStats{});
        PhaseStats &p = phases.last();
        p.name = name;
        p.activeDevices = static_cast<int>(count);
        g_phase = &p;
        beforeRun();
        QElapsedTimer t;
        t.start();
        const double cpu = cpuSeconds(pid);
        runFor(seconds * 1000, pid, p);
        p.seconds = t.nsecsElapsed() / 1e9;
        p.serverCpuS = cpuSeconds(pid) - cpu;
        p.loadAverage = loadAverage();
        report(p);
    };
    // 1. base: the first S stations, each device starting at a random moment of its first pause.
    phase(QStringLiteral("base"), baseCount, o.seconds, [&] {
        for (size_t i = 0; i < baseCount; ++i) {
            devices[i]->producing = true;
            devices[i]->start(QRandomGenerator::global()->bounded(o.pauseMs + 1));
        }
    });
    // 2. overload: F× the stations.
    phase(QStringLiteral("overload"), devices.size(), o.seconds, [&] {
        for (size_t i = baseCount; i < devices.size(); ++i) {
            devices[i]->producing = true;
            devices[i]->start(QRandomGenerator::global()->bounded(o.pauseMs + 1));
        }
    });
    // 3. recovery: the extra stations stop making records and finish what they have.
    phase(QStringLiteral("recovery"), devices.size(), o.recoverySeconds, [&] {
        for (size_t i = baseCount; i < devices.size(); ++i)
            devices[i]->producing = false;
    });
    // 4. drain: nobody makes records; every device finishes (last batch acknowledged, receipt matched).
    phases.append(PhaseStats{});
    PhaseStats &drain = phases.last();
    drain.name = QStringLiteral("drain");
    drain.activeDevices = static_cast<int>(devices.size());
    g_phase = &drain;
    for (auto &d : devices)
        d->producing = false;
    QElapsedTimer drainTimer;
    drainTimer.start();
    const double drainCpu = cpuSeconds(pid);
    const qint64 drainLimitMs = 10 * 60 * 1000;
    while (drainTimer.elapsed() < drainLimitMs) {
        runFor(1000, pid, drain);
        const bool all = std::all_of(devices.begin(), devices.end(),
                                     [](const auto &d) { return d->finished && d->receiptMatched; });
        if (all)
            break;
    }
    drain.seconds = drainTimer.nsecsElapsed() / 1e9;
    drain.serverCpuS = cpuSeconds(pid) - drainCpu;
    drain.loadAverage = loadAverage();
    const qint64 finished = std::count_if(devices.begin(), devices.end(),
                                          [](const auto &d) { return d->finished && d->receiptMatched; });
    report(drain);
    for (auto &d : devices)
        d->stop();

    // The timeline, 10 s at a time: how the answers went through the phases (recovery = the shed count
    // falling back to 0 and the latency back to the base phase's).
    out << "\n## Timeline (10 s windows)\n| from s | answered | 429/503 | p50 ms | p99 ms |\n|---|---|---|---|---|\n";
    for (qint64 from = 0; from <= g_start.elapsed(); from += 10000) {
        QList<double> ms;
        qint64 shed = 0;
        for (const Event &e : std::as_const(g_events)) {
            if (e.atMs < from || e.atMs >= from + 10000)
                continue;
            if (e.ok)
                ms << e.ms;
            shed += e.shed ? 1 : 0;
        }
        if (ms.isEmpty() && shed == 0)
            continue;
        out << "| " << from / 1000 << " | " << ms.size() << " | " << shed << " | " << QString::number(percentile(ms, 0.5), 'f', 0)
            << " | " << QString::number(percentile(ms, 0.99), 'f', 0) << " |\n";
    }
    const qint64 hwm = rssKb(pid, "VmHWM:");
    serve.terminate();
    serve.waitForFinished(30000);

    // The check: the district's records per station against what each station's devices saw acknowledged.
    QProcess stats;
    stats.start(o.district, {QStringLiteral("--data"), o.work + QStringLiteral("/district"), QStringLiteral("stats"),
                             QStringLiteral("--json")});
    stats.waitForFinished(600000);
    const QJsonObject s = QJsonDocument::fromJson(stats.readAllStandardOutput()).object();
    qint64 acked = 0;
    qint64 held = 0;
    qint64 lost = 0;
    qint64 extra = 0;
    const QJsonObject perStation = s.value(QStringLiteral("stations")).toObject();
    for (const Station &st : stations) {
        const qint64 n = perStation.value(st.code).toObject().value(QStringLiteral("resident")).toInteger();
        acked += st.acked;
        held += n;
        lost += std::max<qint64>(0, st.acked - n);
        extra += std::max<qint64>(0, n - st.acked);
    }
    out << "\n## Check\n- devices finished with a matching receipt: " << finished << " of " << devices.size() << " in "
        << QString::number(drain.seconds, 'f', 1) << " s of draining\n- records acknowledged " << acked
        << ", held by the district " << held << ": lost " << lost << ", doubled or unacknowledged " << extra
        << "\n- district peak RSS (VmHWM): " << hwm / 1024 << " MiB\n";
    out.flush();
    const bool ok = finished == static_cast<qint64>(devices.size()) && lost == 0 && extra == 0
        && std::all_of(phases.begin(), phases.end(), [](const PhaseStats &p) { return p.errors == 0 && p.retryAfterMissing == 0; });
    out << (ok ? "\nresult: ok\n" : "\nresult: FAILED\n");
    out.flush();
    // Known defect of this benchmark's client, not of the product: after a full run (2,100 sockets bound
    // to 1,050 loopback addresses) destroying the devices' QTcpSockets aborts with heap corruption inside
    // ~QAbstractSocket (seen under gdb; not understood yet, and not seen in runs of up to 1,800 devices).
    // The results above are complete and the check is the district's own count, so the process ends
    // here without tearing the sockets down.
    std::_Exit(ok ? 0 : 1);
}
