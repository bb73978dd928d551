// bench_sync: the sync benchmarks of issue 5 (docs/benchmarks.md), over loopback, in one run:
//  1. N records from one station to the district, end to end (push + pull + receipt), records/s;
//  2. the raw SQLite insert rate of the same rows (id + the record's wire JSON, time-ordered ids, WAL,
//     synchronous=FULL, 1,000 rows per transaction) measured in the same run, and the ratio;
//  3. a no-change sync: time and requests;
//  4. bytes on the wire per record;
//  5. S stations pushing M records each at once: batch latency p50/p99/max and errors.
// Usage: bench_sync --district PATH [--records N] [--stations S] [--per-station M] [--work DIR]
//                   [--save-snapshot DIR | --snapshot DIR [--link-delay-ms D]] [--on-the-wire N]
// For A/B comparisons of two builds on the same data without seeding each time: --save-snapshot DIR seeds
// and enrolls, then copies the district's and the station's folders (and the district's port) to DIR and
// exits; --snapshot DIR starts every run from copies of them instead of seeding (seed_seconds is then 0).
// --link-delay-ms D puts a link with D ms of latency each way between the station and the district.
// --on-the-wire N: push batches the station keeps on the wire at once (1–4, default 2).
#include "benchoptions.h"
#include "client/syncengine.h"
#include "client/syncworker.h"
#include "demoseeder.h"

#include "core/ids.h"
#include "protocol/gzip.h"
#include "protocol/messages.h"
#include "storage/checkpointer.h"
#include "storage/stationstore.h"
#include "storage/syncstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <unistd.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <cstdio>

using namespace lanxin;

namespace {

QTextStream out(stdout);

struct Options
{
    QString district;
    QString work;
    int records = 100000;
    int stations = 350;
    int perStation = 1000;
    QString saveSnapshot;
    QString snapshot;
};

/// `cp -a from to`: the folders of a stopped district or a closed station, SQLite files included.
bool copyTree(const QString &from, const QString &to)
{
    QDir(to).removeRecursively();
    return QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-a"), from, to}) == 0;
}

class District
{
public:
    District(QString binary, QString dir) : m_binary(std::move(binary)), m_dir(std::move(dir)) {}
    ~District() { stop(); }

    QByteArray admin(const QStringList &args, int *rc = nullptr)
    {
        QProcess p;
        p.start(m_binary, QStringList{QStringLiteral("--data"), m_dir} + args);
        p.waitForFinished(600000);
        if (rc)
            *rc = p.exitCode();
        if (p.exitCode() != 0)
            std::fprintf(stderr, "admin %s: %s\n", qPrintable(args.join(u' ')), p.readAllStandardError().constData());
        return p.readAllStandardOutput();
    }
    /// Port 0: a free one.
    bool start(quint16 port = 0)
    {
        m_serve.setProgram(m_binary);
        m_serve.setArguments({QStringLiteral("--data"), m_dir, QStringLiteral("serve"), QStringLiteral("--listen"),
                              QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--device-rate"), QStringLiteral("100000"),
                              QStringLiteral("--device-burst"), QStringLiteral("100000"), QStringLiteral("--address-rate"),
                              QStringLiteral("100000"), QStringLiteral("--address-burst"), QStringLiteral("100000"),
                              QStringLiteral("--max-connections-per-address"), QStringLiteral("2048")});
        m_serve.setStandardErrorFile(QDir(m_dir).filePath(QStringLiteral("../district.log")));
        m_serve.start();
        if (!m_serve.waitForStarted(10000) || !m_serve.waitForReadyRead(20000))
            return false;
        const QByteArray line = m_serve.readLine().trimmed();
        m_port = static_cast<quint16>(line.mid(line.lastIndexOf(':') + 1).toUInt());
        return line.startsWith("listening on") && m_port;
    }
    void stop()
    {
        if (m_serve.state() == QProcess::NotRunning)
            return;
        m_serve.terminate();
        if (!m_serve.waitForFinished(30000))
            m_serve.kill();
    }
    [[nodiscard]] QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    [[nodiscard]] qint64 pid() const { return m_serve.processId(); }
    [[nodiscard]] quint16 port() const { return m_port; }

private:
    QString m_binary;
    QString m_dir;
    QProcess m_serve;
    quint16 m_port = 0;
};

/// A link with latency (--link-delay-ms): listens on 127.0.0.1 and passes every byte on between the
/// station and the district, each chunk `delayMs` later in either direction (a round trip of twice that),
/// in order, on a thread of its own. Loopback answers in microseconds; a village's mobile line does not.
class DelayLink : public QObject
{
public:
    DelayLink(quint16 upstream, int delayMs) : m_upstream(upstream), m_delayMs(delayMs) {}

    /// Listens on `port` (on the link's thread); false when it cannot.
    bool listen(quint16 port)
    {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *station = m_server->nextPendingConnection())
                join(station);
        });
        return m_server->listen(QHostAddress::LocalHost, port);
    }

private:
    /// One direction of one connection: chunks waiting for their time.
    struct Direction
    {
        QPointer<QTcpSocket> to;
        std::deque<std::pair<qint64, QByteArray>> waiting; // (due, bytes), in the order read
        QTimer timer;
        bool closeWhenEmpty = false;
    };

    void join(QTcpSocket *station)
    {
        auto *district = new QTcpSocket(this);
        station->setParent(this);
        auto up = std::make_shared<Direction>();
        auto down = std::make_shared<Direction>();
        up->to = district;
        down->to = station;
        for (auto *d : {up.get(), down.get()}) {
            d->timer.setSingleShot(true);
            d->timer.setTimerType(Qt::PreciseTimer);
            connect(&d->timer, &QTimer::timeout, this, [this, d] { release(*d); });
        }
        const auto pass = [this](QTcpSocket *from, const std::shared_ptr<Direction> &d) {
            connect(from, &QIODevice::readyRead, this, [this, from, d] { hold(*d, from->readAll()); });
            connect(from, &QAbstractSocket::disconnected, this, [this, d] {
                d->closeWhenEmpty = true;
                hold(*d, {});
            });
        };
        pass(station, up);
        pass(district, down);
        connect(district, &QAbstractSocket::connected, district, [district] {
            district->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        });
        station->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        district->connectToHost(QHostAddress::LocalHost, m_upstream);
    }
    void hold(Direction &d, const QByteArray &bytes)
    {
        d.waiting.emplace_back(m_clock.elapsed() + m_delayMs, bytes);
        if (!d.timer.isActive())
            d.timer.start(m_delayMs);
    }
    void release(Direction &d)
    {
        const qint64 now = m_clock.elapsed();
        while (!d.waiting.empty() && d.waiting.front().first <= now) {
            const QByteArray bytes = std::move(d.waiting.front().second);
            d.waiting.pop_front();
            if (!d.to)
                continue;
            if (!bytes.isEmpty())
                d.to->write(bytes);
            else if (d.closeWhenEmpty)
                d.to->disconnectFromHost();
        }
        if (!d.waiting.empty())
            d.timer.start(static_cast<int>(std::max<qint64>(0, d.waiting.front().first - now)));
    }

    quint16 m_upstream;
    int m_delayMs;
    QTcpServer *m_server = nullptr;
    QElapsedTimer m_clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
};

/// The user + system CPU seconds process `pid` (0: this one) has used so far, from /proc; -1 if unknown.
double cpuSeconds(qint64 pid)
{
    QFile f(pid ? QStringLiteral("/proc/%1/stat").arg(pid) : QStringLiteral("/proc/self/stat"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    // After the command name's ")": field 3 (state) first; utime and stime are fields 14 and 15.
    const QByteArray line = f.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return (fields[11].toDouble() + fields[12].toDouble()) / double(sysconf(_SC_CLK_TCK));
}

/// The rows the limit inserts: each record of the station as its wire JSON, by id (time-ordered).
QList<QPair<QString, QByteArray>> wireRows(StationStore &store)
{
    QList<QPair<QString, QByteArray>> rows;
    for (Kind k : recordKinds()) {
        for (int offset = 0;; offset += 5000) {
            const auto page = store.records().select(k, {}, {}, QStringLiteral("id"), Page{offset, 5000});
            for (const StoredRecord &r : page) {
                protocol::WireRecord w{k, r.id, r.stationId, {}};
                for (auto it = r.stamps.cbegin(); it != r.stamps.cend(); ++it)
                    w.writes << FieldWrite{it.key(), wireValue(r, it.key()), it.value()};
                rows << qMakePair(r.id, QJsonDocument(protocol::encodeRecord(w)).toJson(QJsonDocument::Compact));
            }
            if (page.size() < 5000)
                break;
        }
    }
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return rows;
}

/// Raw SQLite: rows/s inserting `rows` into a fresh file, 1,000 per transaction, with pages of
/// `pageSize` bytes (the limit is SQLite's default, 4,096; Lanxin's new files use 16 KiB).
double sqliteLimit(const QList<QPair<QString, QByteArray>> &rows, const QString &path, int pageSize = 4096)
{
    QFile::remove(path);
    double rate = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("limit"));
        db.setDatabaseName(path);
        db.open();
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA page_size = %1").arg(pageSize));
        q.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
        q.exec(QStringLiteral("CREATE TABLE record (id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL) WITHOUT ROWID"));
        QSqlQuery ins(db);
        ins.prepare(QStringLiteral("INSERT INTO record (id, json) VALUES (?, ?)"));
        QElapsedTimer t;
        t.start();
        for (qsizetype i = 0; i < rows.size(); i += 1000) {
            q.exec(QStringLiteral("BEGIN"));
            for (qsizetype j = i; j < std::min(rows.size(), i + 1000); ++j) {
                ins.bindValue(0, rows[j].first);
                ins.bindValue(1, QString::fromUtf8(rows[j].second));
                if (!ins.exec())
                    std::fprintf(stderr, "limit insert: %s\n", qPrintable(ins.lastError().text()));
            }
            q.exec(QStringLiteral("COMMIT"));
        }
        rate = rows.size() / (t.nsecsElapsed() / 1e9);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("limit"));
    return rate;
}

struct Latencies
{
    QList<double> ms;
    int errors = 0;
    int shed = 0; ///< 429/503 answers (the batch is sent again after Retry-After, as the real client does)
    int records = 0;
    double seconds = 0;
};

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min<qsizetype>(v.size() - 1, static_cast<qsizetype>(p * (v.size() - 1) + 0.5))];
}

/// S stations enroll, then all push M records each at once (batches of 500, one connection each).
Latencies districtScale(District &district, const QString &work, int stations, int perStation)
{
    Latencies result;
    // The stations and their enrollment codes, through the admin commands.
    QFile csv(QDir(work).filePath(QStringLiteral("stations.csv")));
    csv.open(QIODevice::WriteOnly);
    csv.write("站点编码,站点名称,街道(镇),村(社区)\n");
    for (int s = 0; s < stations; ++s)
        csv.write(QStringLiteral("BS-%1,基准站%1,基准街道,甲村\n").arg(s, 3, 10, QLatin1Char('0')).toUtf8());
    csv.close();
    district.admin({QStringLiteral("import-stations"), csv.fileName()});

    QNetworkAccessManager enrollNam;
    struct Station
    {
        QString code;
        QString node;
        QByteArray token;
        QList<QByteArray> bodies;
        int next = 0;
        int failures = 0;
        std::unique_ptr<QNetworkAccessManager> nam;
    };
    std::vector<Station> all(static_cast<size_t>(stations));
    Clock clock;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int s = 0; s < stations; ++s) {
        Station &st = all[static_cast<size_t>(s)];
        st.code = QStringLiteral("BS-%1").arg(s, 3, 10, QLatin1Char('0'));
        st.node = newDeviceId();
        const QByteArray code = district.admin({QStringLiteral("enrollment-code"), QStringLiteral("--station"), st.code}).trimmed();
        protocol::EnrollRequest req{st.code, QString::fromUtf8(code.mid(code.lastIndexOf('\n') + 1)), st.node, QStringLiteral("bench")};
        QNetworkRequest r(QUrl(district.url() + QStringLiteral("/api/v1/enroll")));
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = enrollNam.post(r, req.toJson());
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        auto answer = protocol::parseEnrollResponse(reply->readAll());
        reply->deleteLater();
        if (!answer) {
            std::fprintf(stderr, "enroll %s failed\n", qPrintable(st.code));
            ++result.errors;
            continue;
        }
        st.token = answer->deviceToken.toLatin1();
        // M residents in batches of 500, made with the codec (what a station would send).
        quint16 counter = 0;
        for (int b = 0; b < perStation; b += 500) {
            protocol::PushRequest push;
            push.batchId = newRecordId(clock);
            push.deviceTime = Hlc{now, counter, st.node};
            for (int i = b; i < std::min(perStation, b + 500); ++i) {
                const Hlc h{now, ++counter, st.node};
                protocol::WireRecord w{Kind::Resident, newRecordId(clock), st.code, {}};
                w.writes << FieldWrite{QStringLiteral("created_at"), QDateTime::fromMSecsSinceEpoch(now, Qt::UTC), h}
                         << FieldWrite{QStringLiteral("deleted"), false, h}
                         << FieldWrite{QStringLiteral("name"), QStringLiteral("基准居民%1").arg(i), h}
                         << FieldWrite{QStringLiteral("gender"), QStringLiteral("F"), h}
                         << FieldWrite{QStringLiteral("birth_date"), QDate(1970, 1, 1).addDays(i % 9000), h}
                         << FieldWrite{QStringLiteral("village"), QStringLiteral("甲村"), h}
                         << FieldWrite{QStringLiteral("needs_review"), false, h};
                push.records << w;
            }
            st.bodies << protocol::gzipCompress(push.toJson());
            result.records += static_cast<int>(push.records.size());
        }
        st.nam = std::make_unique<QNetworkAccessManager>();
    }

    // All at once: every station sends its first batch, the next when the previous is answered.
    int open = 0;
    QEventLoop loop;
    QElapsedTimer wall;
    std::function<void(Station &)> send = [&](Station &st) {
        if (st.next >= st.bodies.size() || st.token.isEmpty())
            return;
        QNetworkRequest r(QUrl(district.url() + QStringLiteral("/api/v1/sync/push")));
        r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        r.setRawHeader("Content-Encoding", "gzip");
        r.setRawHeader("Accept-Encoding", "gzip");
        r.setRawHeader("Authorization", "Bearer " + st.token);
        r.setTransferTimeout(120000);
        auto *t = new QElapsedTimer;
        t->start();
        ++open;
        QNetworkReply *reply = st.nam->post(r, st.bodies[st.next++]);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, t, stp = &st] {
            result.ms << t->nsecsElapsed() / 1e6;
            delete t;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 429 || status == 503) {
                // Shed by an overloaded district: wait as SyncWorker waits (full jitter from 5 s, never less
                // than Retry-After) and send the same batch again.
                ++result.shed;
                result.ms.removeLast();
                const qint64 retryAfter = reply->rawHeader("Retry-After").toLongLong() * 1000;
                const qint64 delay = backoffDelayMs(++stp->failures, retryAfter > 0 ? retryAfter : -1,
                                                    *QRandomGenerator::global(), 5000, 30 * 60 * 1000);
                reply->deleteLater();
                --stp->next;
                QTimer::singleShot(delay, &loop, [&, stp] {
                    --open;
                    send(*stp);
                });
                return;
            }
            stp->failures = 0;
            QByteArray body = reply->readAll();
            if (reply->rawHeader("Content-Encoding") == "gzip")
                body = protocol::gzipDecompress(body, 64 << 20).value();
            if (status != 200) {
                ++result.errors;
            } else if (auto answer = protocol::parsePushResponse(body)) {
                for (const auto &res : answer->results)
                    result.errors += res.status == protocol::Verdict::Rejected ? 1 : 0;
            } else {
                ++result.errors;
            }
            reply->deleteLater();
            --open;
            send(*stp);
            if (open == 0)
                loop.quit();
        });
    };
    wall.start();
    for (Station &st : all)
        send(st);
    if (open > 0)
        loop.exec();
    result.seconds = wall.nsecsElapsed() / 1e9;
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr const char *kUsage = "bench_sync --district PATH [--records N] [--stations S] [--per-station M] [--work DIR] "
                                   "[--save-snapshot DIR | --snapshot DIR [--link-delay-ms D]] [--on-the-wire N]";
    CommandLine cl = bench::parseOptions({QStringLiteral("district"), QStringLiteral("work"), QStringLiteral("records"),
                                          QStringLiteral("stations"), QStringLiteral("per-station"),
                                          QStringLiteral("save-snapshot"), QStringLiteral("snapshot"),
                                          QStringLiteral("link-delay-ms"), QStringLiteral("on-the-wire")});
    Options o;
    o.district = cl.value(QStringLiteral("district"));
    o.work = cl.value(QStringLiteral("work"));
    o.records = cl.intValue(QStringLiteral("records"), o.records, 1, 10000000);
    o.stations = cl.intValue(QStringLiteral("stations"), o.stations, 0, 100000);
    o.perStation = cl.intValue(QStringLiteral("per-station"), o.perStation, 1, 1000000);
    const int linkDelayMs = cl.intValue(QStringLiteral("link-delay-ms"), 0, 0, 10000);
    const int onTheWire = cl.intValue(QStringLiteral("on-the-wire"), SyncEngineOptions{}.onTheWire, 1,
                                      SyncEngineOptions::kMaxOnTheWire);
    o.saveSnapshot = cl.value(QStringLiteral("save-snapshot"));
    o.snapshot = cl.value(QStringLiteral("snapshot"));
    if (cl.error.isEmpty() && o.district.isEmpty())
        cl.error = QStringLiteral("--district PATH is required");
    if (cl.error.isEmpty() && !o.saveSnapshot.isEmpty() && !o.snapshot.isEmpty())
        cl.error = QStringLiteral("--save-snapshot and --snapshot exclude each other");
    if (cl.error.isEmpty() && !o.snapshot.isEmpty() && !QFileInfo::exists(QDir(o.snapshot).filePath(QStringLiteral("port"))))
        cl.error = QStringLiteral("--snapshot %1 holds no snapshot (make one with --save-snapshot)").arg(o.snapshot);
    if (cl.error.isEmpty() && linkDelayMs > 0 && o.snapshot.isEmpty())
        cl.error = QStringLiteral("--link-delay-ms needs --snapshot (the station is enrolled to the link's port)");
    if (!cl.error.isEmpty())
        return bench::usageError(cl.error, kUsage);
    QTemporaryDir tmp;
    const QString work = o.work.isEmpty() ? tmp.path() : o.work;
    QDir().mkpath(work);
    qputenv("LANXIN_KEY_STORE", "file");

    const QString districtDir = QDir(work).filePath(QStringLiteral("district"));
    const QString stationDir = QDir(work).filePath(QStringLiteral("station"));
    QThread linkThread;
    const auto stopLink = qScopeGuard([&] {
        linkThread.quit();
        linkThread.wait();
    });
    District district(o.district, districtDir);
    QElapsedTimer t;
    double seedSeconds = 0;
    std::unique_ptr<StationStore> seeding;
    std::unique_ptr<Checkpointer> checkpointer;
    std::unique_ptr<SyncEngine> enrolling;
    // The station as `lanxin-station sync` and the app's sync thread run it: SQLite's automatic
    // checkpoint only as a backstop, the WAL copied into the file by a Checkpointer on its own thread.
    const auto openStation = [&] {
        seeding = std::make_unique<StationStore>();
        if (!seeding->open(stationDir, SyncStore::connectionOptions()))
            return false;
        checkpointer = std::make_unique<Checkpointer>(seeding->database().path());
        checkpointer->start();
        return true;
    };
    if (!o.snapshot.isEmpty()) {
        // The same seeded, enrolled station and district as every other run from this snapshot.
        QFile portFile(QDir(o.snapshot).filePath(QStringLiteral("port")));
        const auto port = portFile.open(QIODevice::ReadOnly) ? static_cast<quint16>(portFile.readAll().trimmed().toUInt()) : 0;
        if (!port || !copyTree(QDir(o.snapshot).filePath(QStringLiteral("district")), districtDir)
            || !copyTree(QDir(o.snapshot).filePath(QStringLiteral("station")), stationDir)
            || !district.start(linkDelayMs > 0 ? 0 : port)) {
            std::fprintf(stderr, "cannot start from the snapshot in %s\n", qPrintable(o.snapshot));
            return 1;
        }
        if (linkDelayMs > 0) {
            // The station is enrolled to `port`: the link listens there and passes on to the district.
            auto *link = new DelayLink(district.port(), linkDelayMs);
            link->moveToThread(&linkThread);
            linkThread.start();
            bool listening = false;
            QMetaObject::invokeMethod(link, [&] { listening = link->listen(port); }, Qt::BlockingQueuedConnection);
            QObject::connect(&linkThread, &QThread::finished, link, &QObject::deleteLater);
            if (!listening) {
                std::fprintf(stderr, "the delayed link cannot listen on port %u\n", unsigned(port));
                return 1;
            }
            out << "link: " << linkDelayMs << " ms each way\n";
        }
    } else {
        district.admin({QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("FH-XW-012"),
                        QStringLiteral("--name"), QStringLiteral("西坞村妇女之家"), QStringLiteral("--town"), QStringLiteral("西坞街道")});
        const QByteArray codeOut = district.admin({QStringLiteral("enrollment-code"), QStringLiteral("--station"), QStringLiteral("FH-XW-012")});
        if (!district.start()) {
            std::fprintf(stderr, "the district did not start\n");
            return 1;
        }
        // One station with N records, made through the repositories (the outbox fills as in real use).
        if (!openStation()) {
            std::fprintf(stderr, "cannot open the station store\n");
            return 1;
        }
        t.start();
        auto seeded = seedDemo(*seeding, o.records * 3 / 10, o.records * 7 / 10, 20261129);
        if (!seeded) {
            std::fprintf(stderr, "seed: %s\n", qPrintable(seeded.error().message));
            return 1;
        }
        seedSeconds = t.nsecsElapsed() / 1e9;
        enrolling = std::make_unique<SyncEngine>(*seeding);
        auto enrolled = enrolling->enroll(district.url(), QStringLiteral("FH-XW-012"),
                                         QString::fromUtf8(codeOut.trimmed().mid(codeOut.trimmed().lastIndexOf('\n') + 1)), QString());
        if (!enrolled) {
            std::fprintf(stderr, "enroll: %s\n", qPrintable(enrolled.error().message));
            return 1;
        }
        if (!o.saveSnapshot.isEmpty()) {
            const quint16 port = district.port();
            district.stop();
            enrolling.reset();
            checkpointer.reset();
            seeding.reset(); // closed: its files are whole on disk
            QDir().mkpath(o.saveSnapshot);
            QFile portFile(QDir(o.saveSnapshot).filePath(QStringLiteral("port")));
            if (!copyTree(districtDir, QDir(o.saveSnapshot).filePath(QStringLiteral("district")))
                || !copyTree(stationDir, QDir(o.saveSnapshot).filePath(QStringLiteral("station")))
                || !portFile.open(QIODevice::WriteOnly) || portFile.write(QByteArray::number(port)) <= 0) {
                std::fprintf(stderr, "cannot save the snapshot in %s\n", qPrintable(o.saveSnapshot));
                return 1;
            }
            out << "snapshot saved in " << o.saveSnapshot << " (" << seedSeconds << " s to seed)\n";
            return 0;
        }
    }
    if (!seeding) { // from a snapshot
        if (!openStation()) {
            std::fprintf(stderr, "cannot open the station store\n");
            return 1;
        }
        enrolling = std::make_unique<SyncEngine>(*seeding);
    }
    StationStore &store = *seeding;
    SyncEngine &engine = *enrolling;
    SyncEngineOptions engineOptions;
    engineOptions.onTheWire = onTheWire;
    engine.setOptions(engineOptions);
    const int n = store.outboxPending();

    // The limit: the same rows into raw SQLite.
    const auto rows = wireRows(store);
    const double limit = sqliteLimit(rows, QDir(work).filePath(QStringLiteral("limit.db")));
    const double limit16k = sqliteLimit(rows, QDir(work).filePath(QStringLiteral("limit.db")), 16384);

    // End to end, with the CPU each program used meanwhile (this process is the station).
    const double stationCpu0 = cpuSeconds(0);
    const double districtCpu0 = cpuSeconds(district.pid());
    t.start();
    const SyncReport first = engine.runCycle();
    const double syncSeconds = t.nsecsElapsed() / 1e9;
    const double stationCpu = cpuSeconds(0) - stationCpu0;
    const double districtCpu = cpuSeconds(district.pid()) - districtCpu0;
    const double rate = n / syncSeconds;
    // No change.
    t.restart();
    const SyncReport idle = engine.runCycle();
    const double idleMs = t.nsecsElapsed() / 1e6;

    Latencies scale;
    if (o.stations > 0 && o.perStation > 0)
        scale = districtScale(district, work, o.stations, o.perStation);
    district.stop();

    const QJsonObject result{
        {QStringLiteral("records"), n},
        {QStringLiteral("seed_seconds"), seedSeconds},
        {QStringLiteral("sync_seconds"), syncSeconds},
        {QStringLiteral("sync_result"), outcomeName(first.outcome)},
        {QStringLiteral("sync_cpu_station_seconds"), stationCpu},
        {QStringLiteral("sync_cpu_district_seconds"), districtCpu},
        {QStringLiteral("records_per_second"), rate},
        {QStringLiteral("sqlite_limit_rows_per_second"), limit},
        {QStringLiteral("ratio"), rate / limit},
        {QStringLiteral("sqlite_limit_16k_pages_rows_per_second"), limit16k},
        {QStringLiteral("batches"), first.batches},
        {QStringLiteral("request_bytes_per_record"), double(first.bytesSent) / n},
        {QStringLiteral("wire_bytes_per_record"), double(first.bytesSent + first.bytesReceived) / n},
        {QStringLiteral("wire_json_bytes_per_record"), rows.isEmpty() ? 0.0 : [&] {
             qint64 s = 0;
             for (const auto &r : rows)
                 s += r.second.size();
             return double(s) / rows.size();
         }()},
        {QStringLiteral("take_ms"), first.takeMs},
        {QStringLiteral("wait_ms"), first.waitMs},
        {QStringLiteral("ack_ms"), first.ackMs},
        {QStringLiteral("pull_ms"), first.pullMs},
        {QStringLiteral("nochange_ms"), idleMs},
        {QStringLiteral("nochange_requests"), idle.requests},
        {QStringLiteral("nochange_result"), outcomeName(idle.outcome)},
        {QStringLiteral("stations"), o.stations},
        {QStringLiteral("per_station"), o.perStation},
        {QStringLiteral("scale_records"), scale.records},
        {QStringLiteral("scale_seconds"), scale.seconds},
        {QStringLiteral("scale_batches"), scale.ms.size()},
        {QStringLiteral("scale_p50_ms"), percentile(scale.ms, 0.5)},
        {QStringLiteral("scale_p99_ms"), percentile(scale.ms, 0.99)},
        {QStringLiteral("scale_max_ms"), percentile(scale.ms, 1.0)},
        {QStringLiteral("scale_errors"), scale.errors},
        {QStringLiteral("scale_shed"), scale.shed},
    };
    out << QJsonDocument(result).toJson(QJsonDocument::Compact) << "\n";
    out << "\n| measure | value |\n|---|---|\n";
    out << QStringLiteral("| records, one station → district | %1 (%2 batches, result %3) |\n").arg(n).arg(first.batches).arg(outcomeName(first.outcome));
    out << QStringLiteral("| end to end | %1 records/s (%2 s) |\n").arg(rate, 0, 'f', 0).arg(syncSeconds, 0, 'f', 2);
    out << QStringLiteral("| of which: taking batches / waiting for the district / applying answers / pull | %1 / %2 / %3 / %4 ms |\n")
               .arg(first.takeMs, 0, 'f', 0)
               .arg(first.waitMs, 0, 'f', 0)
               .arg(first.ackMs, 0, 'f', 0)
               .arg(first.pullMs, 0, 'f', 0);
    out << QStringLiteral("| CPU used meanwhile (user + system, all threads): station / district | %1 / %2 µs per record (%3 % of %4 cores) |\n")
               .arg(stationCpu * 1e6 / n, 0, 'f', 1)
               .arg(districtCpu * 1e6 / n, 0, 'f', 1)
               .arg((stationCpu + districtCpu) * 100 / (syncSeconds * QThread::idealThreadCount()), 0, 'f', 0)
               .arg(QThread::idealThreadCount());
    out << QStringLiteral("| raw SQLite insert of the same rows | %1 rows/s |\n").arg(limit, 0, 'f', 0);
    out << QStringLiteral("| ratio | %1 |\n").arg(rate / limit, 0, 'f', 2);
    out << QStringLiteral("| the same insert with 16 KiB pages (as Lanxin's files), and the ratio to it | %1 rows/s, %2 |\n")
               .arg(limit16k, 0, 'f', 0)
               .arg(rate / limit16k, 0, 'f', 2);
    out << QStringLiteral("| no-change sync | %1 ms, %2 requests |\n").arg(idleMs, 0, 'f', 1).arg(idle.requests);
    out << QStringLiteral("| bytes on the wire per record | %1 sent (gzip), %2 both ways |\n")
               .arg(double(first.bytesSent) / n, 0, 'f', 1)
               .arg(double(first.bytesSent + first.bytesReceived) / n, 0, 'f', 1);
    if (o.stations > 0)
        out << QStringLiteral("| %1 stations × %2 records at once | p50 %3 ms, p99 %4 ms, max %5 ms per stored batch; %6 errors; "
                              "%8 answers 429/503 (sent again after Retry-After); %7 records/s |\n")
                   .arg(o.stations)
                   .arg(o.perStation)
                   .arg(percentile(scale.ms, 0.5), 0, 'f', 0)
                   .arg(percentile(scale.ms, 0.99), 0, 'f', 0)
                   .arg(percentile(scale.ms, 1.0), 0, 'f', 0)
                   .arg(scale.errors)
                   .arg(scale.seconds > 0 ? scale.records / scale.seconds : 0, 0, 'f', 0)
                   .arg(scale.shed);
    return first.outcome == SyncOutcome::Ok ? 0 : 1;
}
