#pragma once

// Shared by the district tests: the REAL lanxin-district started as a child process on 127.0.0.1 with a
// free port, admin commands run as processes, and a synchronous HTTP helper on QNetworkAccessManager.
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

namespace lanxin::test {

inline constexpr int kWaitMs = 20000;

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

struct Admin
{
    int rc = -1;
    QString out;
    QString err;
    [[nodiscard]] QString lastLine() const { return out.trimmed().split(u'\n').last().trimmed(); }
};

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

/// A lanxin-district data directory, admin commands on it, and `serve` on it as a child process.
class District
{
public:
    QTemporaryDir dir;
    QProcess server;
    quint16 port = 0;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString scheme = QStringLiteral("http");

    [[nodiscard]] QString data() const { return dir.path() + QStringLiteral("/data"); }

    Admin run(const QStringList &args, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment()) const
    {
        QProcess p;
        p.setProcessEnvironment(environment);
        p.start(QStringLiteral(LANXIN_DISTRICT_BIN), QStringList{QStringLiteral("--data"), data()} + args);
        Admin a;
        if (!p.waitForFinished(kWaitMs)) {
            p.kill();
            p.waitForFinished();
            return a;
        }
        a.rc = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        a.out = QString::fromUtf8(p.readAllStandardOutput());
        a.err = QString::fromUtf8(p.readAllStandardError());
        return a;
    }

    /// Starts serve on 127.0.0.1:0 and reads the port from the first line ("listening on 127.0.0.1:PORT").
    bool start(const QStringList &extra = {})
    {
        server.setProcessEnvironment(env);
        server.setReadChannel(QProcess::StandardOutput);
        server.start(QStringLiteral(LANXIN_DISTRICT_BIN),
                     QStringList{QStringLiteral("--data"), data(), QStringLiteral("serve"), QStringLiteral("--listen"),
                                 QStringLiteral("127.0.0.1:0")}
                         + extra);
        if (!server.waitForStarted(kWaitMs))
            return false;
        QElapsedTimer t;
        t.start();
        while (!server.canReadLine() && t.elapsed() < kWaitMs && server.state() == QProcess::Running)
            server.waitForReadyRead(200);
        const QString line = QString::fromUtf8(server.readLine()).trimmed();
        if (!line.startsWith(QLatin1String("listening on 127.0.0.1:"))) {
            qWarning() << "serve said" << line << server.readAllStandardError();
            return false;
        }
        port = static_cast<quint16>(line.section(u':', -1).toUInt());
        return port != 0;
    }

    /// SIGTERM; the exit code (-1 when it did not exit normally).
    int stop()
    {
        if (server.state() == QProcess::NotRunning)
            return server.exitStatus() == QProcess::NormalExit ? server.exitCode() : -1;
        server.terminate();
        if (!server.waitForFinished(kWaitMs)) {
            server.kill();
            server.waitForFinished();
            return -1;
        }
        return server.exitStatus() == QProcess::NormalExit ? server.exitCode() : -1;
    }

    ~District() { stop(); }

    [[nodiscard]] QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(scheme).arg(port).arg(path));
    }

    /// Every row of the tables a request could change, hashed: equal before and after = nothing stored.
    [[nodiscard]] QByteArray fingerprint() const
    {
        QCryptographicHash h(QCryptographicHash::Sha256);
        const QString name = QStringLiteral("fp-") + QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(data() + QStringLiteral("/district.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                for (const char *table : {"record", "batch", "audit", "device", "enrollment_code", "meta"}) {
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
};

/// A device enrolled to a station: its id and token.
struct Device
{
    QString id;
    QString token;
    QString station;
    [[nodiscard]] Headers auth() const { return {{"Authorization", "Bearer " + token.toLatin1()}}; }
};

/// Enrolls device `id` to `station` with a fresh one-time code from the admin command.
inline Device enrollDevice(District &d, QNetworkAccessManager &nam, const QString &station, const QString &id)
{
    const Admin code = d.run({QStringLiteral("enrollment-code"), QStringLiteral("--station"), station});
    if (code.rc != 0)
        qWarning() << code.err;
    const protocol::EnrollRequest e{station, code.lastLine(), id, QStringLiteral("平板")};
    const Reply r = http(nam, "POST", d.url(QStringLiteral("/api/v1/enroll")), e.toJson(),
                         {{"Content-Type", "application/json"}});
    if (r.status != 201)
        qWarning() << "enroll failed" << r.status << r.body;
    return Device{id, r.json().value(QStringLiteral("device_token")).toString(), station};
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
