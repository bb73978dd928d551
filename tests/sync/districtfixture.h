#pragma once

// The one fixture of every test that runs the REAL lanxin-district: District starts it as a child process on
// 127.0.0.1 with a free port and runs admin commands as processes; for the protocol-level tests also a
// synchronous HTTP helper on QNetworkAccessManager and enrolled devices' tokens.
#include "protocol/messages.h"
#include "protocol/recordcodec.h"

#include "core/idnumber.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <utility>

namespace lanxin::test {

inline constexpr int kWaitMs = 20000;
inline constexpr int kAdminWaitMs = 60000;

struct Reply
{
    int status = 0;
    QByteArray body;
    QMap<QByteArray, QByteArray> headers; ///< lower-case names
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    [[nodiscard]] QString code() const { return json().value(QStringLiteral("error"))[QStringLiteral("code")].toString(); }
    [[nodiscard]] QString serverTime() const { return json().value(QStringLiteral("server_time")).toString(); }
};

/// What an admin command did: its exit code (-1 when it crashed or did not finish), stdout and stderr.
struct Admin
{
    int rc = -1;
    QString out;
    QString err;
    [[nodiscard]] QString lastLine() const { return out.trimmed().split(u'\n').last().trimmed(); }
};

/// Runs `program` to its end and keeps what it wrote; one that does not finish within `waitMs` is killed
/// (rc -1). The admin commands, the station's command line and the tests' own runs go through here.
inline Admin runProgram(const QString &program, const QStringList &args, int waitMs = kAdminWaitMs,
                        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Admin a;
    if (!p.waitForFinished(waitMs)) {
        qWarning() << "did not finish:" << program << args;
        p.kill();
        p.waitForFinished();
        return a;
    }
    a.rc = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    a.out = QString::fromUtf8(p.readAllStandardOutput());
    a.err = QString::fromUtf8(p.readAllStandardError());
    return a;
}

using Headers = QList<QPair<QByteArray, QByteArray>>;

/// One request, waited for with a bound.
inline Reply http(QNetworkAccessManager &nam, const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                  const Headers &headers = {})
{
    QNetworkRequest request(url);
    request.setTransferTimeout(kWaitMs);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !done.wait(kWaitMs))
        qWarning() << "no answer from" << url;
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.error = reply->error();
    for (const auto &pair : reply->rawHeaderPairs())
        r.headers.insert(pair.first.toLower(), pair.second);
    reply->deleteLater();
    return r;
}

/// A lanxin-district data directory in a temporary dir, admin commands on it, and `serve` on it as a child
/// process on 127.0.0.1 (a free port, or the same one again); stopped with SIGTERM at the end. The one way the
/// tests start the real district.
class District
{
public:
    /// `serveOptions` go to every `serve` this fixture starts (the station sync tests raise the rate limits).
    explicit District(QStringList serveOptions = {})
        : m_serveOptions(std::move(serveOptions))
    {
    }
    ~District() { stop(); }

    [[nodiscard]] bool isValid() const { return m_dir.isValid(); }
    [[nodiscard]] QString dataDir() const { return m_dir.filePath(QStringLiteral("district")); }

    /// Runs an admin command on the same data; a command that does not finish in time is killed (rc -1).
    [[nodiscard]] Admin run(const QStringList &args) const
    {
        return runProgram(QStringLiteral(LANXIN_DISTRICT), QStringList{QStringLiteral("--data"), dataDir()} + args);
    }

    bool addStation(const QString &code, const QString &name = QStringLiteral("西坞村妇女之家")) const
    {
        return run({QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), code, QStringLiteral("--name"), name,
                    QStringLiteral("--town"), QStringLiteral("西坞街道"), QStringLiteral("--villages"), QStringLiteral("白杜村,西坞村")})
                   .rc
            == 0;
    }

    /// A fresh one-time code from `enrollment-code` (its last line).
    [[nodiscard]] QString enrollmentCode(const QString &station) const
    {
        const Admin a = run({QStringLiteral("enrollment-code"), QStringLiteral("--station"), station});
        if (a.rc != 0)
            qWarning() << a.err;
        return a.lastLine();
    }

    bool revoke(const QString &deviceId) const
    {
        return run({QStringLiteral("device"), QStringLiteral("revoke"), QStringLiteral("--device"), deviceId}).rc == 0;
    }

    /// `stats --json`: kind → live count for one station.
    [[nodiscard]] QMap<QString, int> stats(const QString &station) const
    {
        const QJsonObject o = QJsonDocument::fromJson(run({QStringLiteral("stats"), QStringLiteral("--json")}).out.toUtf8()).object();
        QMap<QString, int> out;
        const QJsonObject s = o.value(QStringLiteral("stations")).toObject().value(station).toObject();
        for (auto it = s.begin(); it != s.end(); ++it)
            out.insert(it.key(), it.value().toInt());
        return out;
    }

    /// Sets a variable in the environment of the next `serve`.
    void setEnv(const QString &name, const QString &value) { m_env.insert(name, value); }

    /// The next `serve` may write no file past `bytes` (RLIMIT_FSIZE; SIGXFSZ ignored, so a write past it
    /// fails with EFBIG as on a full disk); 0 lifts the limit again.
    void setFileSizeLimit(qint64 bytes) { m_fileSizeLimit = bytes; }

    /// Starts `serve` on 127.0.0.1 with a free port (or `port` again) and reads the port from its first line,
    /// "listening on 127.0.0.1:PORT"; what it writes after that stays for takeOutput(). With --tls-cert the
    /// URLs are https.
    bool start(const QStringList &extra = {}, quint16 port = 0)
    {
        const QStringList options = m_serveOptions + extra;
        m_scheme = options.contains(QStringLiteral("--tls-cert")) ? QStringLiteral("https") : QStringLiteral("http");
        m_serve.setProcessEnvironment(m_env);
        m_serve.setReadChannel(QProcess::StandardOutput);
        m_serve.setChildProcessModifier([bytes = m_fileSizeLimit, parent = ::getpid()] {
            // Dies with the test: a test that crashes or that ctest kills at its timeout leaves no server
            // running (and holding its port) behind it.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent)
                ::_exit(1); // the test died before the line above
            if (bytes > 0) {
                ::signal(SIGXFSZ, SIG_IGN);
                const rlimit limit{rlim_t(bytes), rlim_t(bytes)};
                ::setrlimit(RLIMIT_FSIZE, &limit);
            }
        });
        m_serve.start(QStringLiteral(LANXIN_DISTRICT),
                      QStringList{QStringLiteral("--data"), dataDir(), QStringLiteral("serve"), QStringLiteral("--listen"),
                                  QStringLiteral("127.0.0.1:%1").arg(port)}
                          + options);
        if (!m_serve.waitForStarted(kWaitMs))
            return false;
        QElapsedTimer t;
        t.start();
        while (!m_serve.canReadLine() && t.elapsed() < kWaitMs && m_serve.state() == QProcess::Running)
            m_serve.waitForReadyRead(200);
        const QString line = QString::fromUtf8(m_serve.readLine()).trimmed();
        if (!line.startsWith(QLatin1String("listening on 127.0.0.1:"))) {
            qWarning() << "district did not start:" << line << m_serve.readAllStandardError();
            return false;
        }
        m_port = static_cast<quint16>(line.section(u':', -1).toUInt());
        return m_port != 0;
    }

    /// SIGTERM (it finishes the batch in hand and exits 0); the exit code.
    int stop()
    {
        if (m_serve.state() != QProcess::NotRunning) {
            m_serve.terminate();
            if (!m_serve.waitForFinished(kWaitMs)) {
                m_serve.kill();
                m_serve.waitForFinished();
                return -1;
            }
        }
        return exitCode();
    }

    /// SIGKILL: a power cut; nothing is finished or flushed.
    void kill()
    {
        if (m_serve.state() == QProcess::NotRunning)
            return;
        m_serve.kill();
        m_serve.waitForFinished(10000);
    }

    [[nodiscard]] bool running() const { return m_serve.state() == QProcess::Running; }
    /// -1 when `serve` did not exit normally.
    [[nodiscard]] int exitCode() const { return m_serve.exitStatus() == QProcess::NormalExit ? m_serve.exitCode() : -1; }
    /// What `serve` wrote to stderr (its log) since the last call.
    QByteArray takeErrorOutput() { return m_serve.readAllStandardError(); }
    /// What `serve` wrote to stdout and stderr since the last call.
    QByteArray takeOutput() { return m_serve.readAllStandardOutput() + takeErrorOutput(); }

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString baseUrl() const { return QStringLiteral("%1://127.0.0.1:%2").arg(m_scheme).arg(m_port); }
    [[nodiscard]] QUrl url(const QString &path) const { return QUrl(baseUrl() + path); }

    /// Every row of the tables a request could change, hashed: equal before and after = nothing stored.
    [[nodiscard]] QByteArray fingerprint() const
    {
        QCryptographicHash h(QCryptographicHash::Sha256);
        const QString name = QStringLiteral("fp-") + QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(dataDir() + QStringLiteral("/district.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                for (const char *table : {"record", "batch", "audit", "device", "enrollment_code", "recovery_code", "station", "meta"}) {
                    QSqlQuery q(db);
                    q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY 1, 2").arg(QLatin1String(table)));
                    while (q.next()) {
                        for (int i = 0; i < q.record().count(); ++i)
                            h.addData(q.value(i).toByteArray() + '\x1f');
                    }
                }
            }
        }
        QSqlDatabase::removeDatabase(name);
        return h.result();
    }

private:
    QTemporaryDir m_dir;
    QProcess m_serve;
    QStringList m_serveOptions;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QString m_scheme = QStringLiteral("http");
    quint16 m_port = 0;
    qint64 m_fileSizeLimit = 0;
};

/// A device id the district accepts: `prefix` (10 characters) and 6 of base32, distinct per n.
inline QString testDeviceId(int n, QLatin1String prefix)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    QString id = prefix;
    int v = n;
    for (int i = 0; i < 6; ++i) {
        id += QLatin1Char(alphabet[v % 32]);
        v /= 32;
    }
    return id;
}

/// A device enrolled to a station: its id and token.
struct EnrolledDevice
{
    QString id;
    QString token;
    QString station;
    [[nodiscard]] Headers auth() const { return {{"Authorization", "Bearer " + token.toLatin1()}}; }
};

/// Enrolls device `id` to `station` with a fresh one-time code from the admin command.
inline EnrolledDevice enrollDevice(District &d, QNetworkAccessManager &nam, const QString &station, const QString &id)
{
    const protocol::EnrollRequest e{station, d.enrollmentCode(station), id, QStringLiteral("平板")};
    const Reply r = http(nam, "POST", d.url(QStringLiteral("/api/v1/enroll")), e.toJson(),
                         {{"Content-Type", "application/json"}});
    if (r.status != 201)
        qWarning() << "enroll failed" << r.status << r.body;
    return EnrolledDevice{id, r.json().value(QStringLiteral("device_token")).toString(), station};
}

inline QString lowerUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

/// A valid 身份证号 for a woman born on `birth`, made distinct by `n`.
inline QString idNumberFor(QDate birth, int n)
{
    const QString first17 = QStringLiteral("330282") + birth.toString(QStringLiteral("yyyyMMdd"))
        + QStringLiteral("%1").arg((n % 500) * 2, 3, 10, QLatin1Char('0'));
    return first17 + idNumberCheckChar(first17);
}

inline protocol::WireRecord resident(const QString &station, const Hlc &stamp, const QString &name, int n = 0)
{
    protocol::WireRecord r;
    r.kind = Kind::Resident;
    r.id = lowerUuid();
    r.stationId = station;
    const QDate birth = QDate(1970, 1, 1).addDays(n % 9000);
    r.writes = {{QStringLiteral("created_at"), QDateTime::fromMSecsSinceEpoch(stamp.ms, Qt::UTC), stamp},
                {QStringLiteral("deleted"), false, stamp},
                {QStringLiteral("name"), name, stamp},
                {QStringLiteral("gender"), QStringLiteral("F"), stamp},
                {QStringLiteral("birth_date"), birth, stamp},
                {QStringLiteral("id_number"), idNumberFor(birth, n), stamp},
                {QStringLiteral("village"), QStringLiteral("白杜村"), stamp},
                {QStringLiteral("tags.left_behind"), true, stamp}};
    return r;
}

inline QByteArray pushBody(const QList<protocol::WireRecord> &records, const QString &batchId = lowerUuid(),
                           const Hlc &deviceTime = Hlc{1, 0, QStringLiteral("district")})
{
    protocol::PushRequest p;
    p.batchId = batchId;
    p.deviceTime = deviceTime;
    p.records = records;
    return p.toJson();
}

inline const Headers kJson{{"Content-Type", "application/json"}};

} // namespace lanxin::test
