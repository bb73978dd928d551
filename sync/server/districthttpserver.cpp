#include "districthttpserver.h"

#include "districtstore.h"

#include "protocol/gzip.h"
#include "protocol/messages.h"
#include "protocol/wire.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcHttp, "lanxin.district.http")

namespace lanxin::district {

namespace req = protocol::req;

namespace {

constexpr qsizetype kMaxSmallJson = 64 * 1024; ///< enroll and recovery bodies

const char *reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

QString methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return QStringLiteral("GET");
    case QHttpServerRequest::Method::Post: return QStringLiteral("POST");
    case QHttpServerRequest::Method::Put: return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Head: return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QStringLiteral("PATCH");
    default: return QStringLiteral("OTHER");
    }
}

bool acceptsGzip(const QHttpServerRequest &request)
{
    for (const QByteArray &part : request.value("accept-encoding").split(',')) {
        const QByteArray coding = part.split(';').first().trimmed().toLower();
        if (coding == "gzip")
            return true;
    }
    return false;
}

/// The cause of a failure a station only hears as "try again" (a full disk, an I/O error), for whoever runs
/// the server: one line with the error's code and words, which name tables and steps, never a value.
void logFailure(const char *what, const Error &e)
{
    qCWarning(lcHttp).noquote() << what << "failed:" << e.code << e.message;
}

/// A busy database (another writer held the lock past the busy timeout) is "overloaded", not an error.
bool isBusy(const Error &e)
{
    return e.code == QLatin1String("busy");
}

} // namespace

struct DistrictHttpServer::Auth
{
    std::optional<DeviceRow> device;
    std::optional<HttpAnswer> refused;
};

DistrictHttpServer::DistrictHttpServer(DistrictStore &store, const RateLimits &limits, const Clock *clock, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_store(store)
    , m_clock(clock)
    , m_deviceLimiter(limits.deviceRate, limits.deviceBurst, clock)
    , m_addressLimiter(limits.addressRate, limits.addressBurst, clock)
    , m_enrollFailures(limits.enrollFailures, qint64(limits.enrollWindowS) * 1000, clock)
    , m_maxBodyBytes(protocol::kMaxBodyBytes)
{
}

void DistrictHttpServer::setMaxQueueMs(int maxQueueMs)
{
    m_gate = maxQueueMs > 0 ? std::make_unique<OverloadGate>(maxQueueMs) : nullptr;
}

HttpAnswer DistrictHttpServer::json(int status, const QByteArray &body)
{
    HttpAnswer a;
    a.status = status;
    a.body = body;
    return a;
}

HttpAnswer DistrictHttpServer::error(const Error &e, int retryAfterSeconds)
{
    HttpAnswer a = json(protocol::httpStatusFor(e.code), protocol::errorBody(e, m_store.serverTime()));
    if (retryAfterSeconds > 0)
        a.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray(QByteArray::number(retryAfterSeconds))));
    return a;
}

std::optional<HttpAnswer> DistrictHttpServer::limitAddress(const QString &peer)
{
    int retry = 0;
    if (m_addressLimiter.take(peer, &retry))
        return std::nullopt;
    HttpAnswer a = error(protocol::requestError(req::RateLimited, QStringLiteral("请求过于频繁，请稍后再试"),
                                                QStringLiteral("Too many requests; try again later")),
                         retry);
    a.who = peer;
    return a;
}

DistrictHttpServer::Auth DistrictHttpServer::authenticate(const QHttpServerRequest &request, const QString &peer)
{
    Auth auth;
    const QByteArray header = request.value("authorization");
    const QByteArray prefix = "Bearer ";
    std::optional<DeviceRow> device;
    if (header.startsWith(prefix) && header.size() > prefix.size() && header.size() < 256)
        device = m_store.deviceByToken(QString::fromLatin1(header.mid(prefix.size()).trimmed()));
    if (!device) {
        // Requests without a valid token share their address's limit.
        if (auto limited = limitAddress(peer)) {
            auth.refused = limited;
            return auth;
        }
        HttpAnswer a = error(protocol::requestError(req::Unauthenticated, QStringLiteral("设备未登记或已被停用，请重新登记"),
                                                    QStringLiteral("The device is not enrolled or was revoked; enroll it again")));
        a.headers.append(qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer")));
        a.who = peer;
        auth.refused = a;
        return auth;
    }
    int retry = 0;
    if (!m_deviceLimiter.take(device->id, &retry)) {
        HttpAnswer a = error(protocol::requestError(req::RateLimited, QStringLiteral("请求过于频繁，请稍后再试"),
                                                    QStringLiteral("Too many requests; try again later")),
                             retry);
        a.who = QStringLiteral("device:") + device->id;
        auth.refused = a;
        return auth;
    }
    auth.device = device;
    return auth;
}

Result<QByteArray> DistrictHttpServer::jsonBody(const QHttpServerRequest &request, qsizetype maxJson)
{
    const QByteArray type = request.value("content-type").split(';').first().trimmed().toLower();
    if (type != "application/json")
        return protocol::requestError(req::UnsupportedMediaType, QStringLiteral("请求体须为 JSON（application/json）"),
                                      QStringLiteral("The body must be application/json"));
    const QByteArray raw = request.body();
    if (raw.size() > m_maxBodyBytes)
        return protocol::requestError(req::TooLarge, QStringLiteral("请求体超过 %1 字节").arg(m_maxBodyBytes),
                                      QStringLiteral("The body is larger than %1 bytes").arg(m_maxBodyBytes));
    const QByteArray encoding = request.value("content-encoding").trimmed().toLower();
    QByteArray body = raw;
    if (encoding == "gzip") {
        auto inflated = protocol::gzipDecompress(raw, protocol::kMaxInflatedBytes);
        if (!inflated)
            return inflated.error();
        body = inflated.value();
    } else if (!encoding.isEmpty() && encoding != "identity") {
        return protocol::requestError(req::UnsupportedMediaType, QStringLiteral("只支持 gzip 压缩"),
                                      QStringLiteral("Only gzip content encoding is supported"));
    }
    if (body.size() > maxJson)
        return protocol::requestError(req::TooLarge, QStringLiteral("请求体超过 %1 字节").arg(maxJson),
                                      QStringLiteral("The body is larger than %1 bytes").arg(maxJson));
    return body;
}

HttpAnswer DistrictHttpServer::health(const QHttpServerRequest &, const QString &peer)
{
    if (auto limited = limitAddress(peer))
        return *limited;
    protocol::HealthResponse h;
    h.version = QCoreApplication::applicationVersion();
    h.serverTime = m_store.serverTime();
    HttpAnswer a = json(200, h.toJson());
    a.who = peer;
    return a;
}

HttpAnswer DistrictHttpServer::enroll(const QHttpServerRequest &request, const QString &peer)
{
    if (auto limited = limitAddress(peer))
        return *limited;
    int retry = 0;
    if (m_enrollFailures.blocked(peer, &retry)) {
        HttpAnswer a = error(protocol::requestError(req::RateLimited, QStringLiteral("登记失败次数过多，请稍后再试"),
                                                    QStringLiteral("Too many failed enrollments; try again later")),
                             retry);
        a.who = peer;
        return a;
    }
    auto body = jsonBody(request, kMaxSmallJson);
    if (!body)
        return error(body.error());
    auto parsed = protocol::parseEnrollRequest(body.value());
    if (!parsed)
        return error(parsed.error());
    auto enrolled = m_store.enroll(parsed.value(), peer);
    if (!enrolled) {
        if (enrolled.error().code == QLatin1String(req::EnrollmentCodeInvalid))
            m_enrollFailures.record(peer);
        const QString code = enrolled.error().code;
        HttpAnswer a;
        if (code == QLatin1String(req::EnrollmentCodeInvalid) || code == QLatin1String(req::DeviceIdTaken)) {
            a = error(enrolled.error());
        } else {
            logFailure("enroll", enrolled.error());
            a = isBusy(enrolled.error())
                ? error(protocol::requestError(req::Overloaded, QStringLiteral("服务器繁忙，请稍后重试"),
                                               QStringLiteral("The server is busy; try again")),
                        1)
                : error(protocol::requestError(req::InternalError, QStringLiteral("服务器出错，请稍后重试"),
                                               QStringLiteral("The server failed; try again")));
        }
        a.who = peer;
        return a;
    }
    protocol::EnrollResponse r;
    r.deviceId = parsed.value().deviceId;
    r.deviceToken = enrolled.value().token;
    r.station = enrolled.value().station;
    r.serverTime = m_store.serverTime();
    HttpAnswer a = json(201, r.toJson());
    a.who = QStringLiteral("device:") + r.deviceId;
    return a;
}

HttpAnswer DistrictHttpServer::push(const QHttpServerRequest &request, const QString &peer)
{
    Auth auth = authenticate(request, peer);
    if (auth.refused)
        return *auth.refused;
    const QString who = QStringLiteral("device:") + auth.device->id;
    auto body = jsonBody(request, protocol::kMaxBatchJsonBytes);
    if (!body) {
        HttpAnswer a = error(body.error());
        a.who = who;
        return a;
    }
    auto parsed = protocol::parsePushRequest(body.value());
    if (!parsed) {
        HttpAnswer a = error(parsed.error());
        a.who = who;
        return a;
    }
    auto answer = m_store.push(*auth.device, parsed.value());
    if (!answer) {
        logFailure("push", answer.error());
        HttpAnswer a = isBusy(answer.error())
            ? error(protocol::requestError(req::Overloaded, QStringLiteral("服务器繁忙，请稍后重试"),
                                           QStringLiteral("The server is busy; try again")),
                    1)
            : error(protocol::requestError(req::InternalError, QStringLiteral("服务器未能保存，请稍后重试"),
                                           QStringLiteral("The server could not store the batch; try again")));
        a.who = who;
        return a;
    }
    HttpAnswer a = json(200, answer.value().body);
    a.fastGzip = true;
    a.keep = std::make_shared<const protocol::ParsedPush>(std::move(parsed.value()));
    a.who = who + (answer.value().replayed ? QStringLiteral(" replayed")
                                            : QStringLiteral(" applied=%1 unchanged=%2 rejected=%3")
                                                  .arg(answer.value().applied)
                                                  .arg(answer.value().unchanged)
                                                  .arg(answer.value().rejected));
    return a;
}

HttpAnswer DistrictHttpServer::pull(const QHttpServerRequest &request, const QString &peer)
{
    Auth auth = authenticate(request, peer);
    if (auth.refused)
        return *auth.refused;
    const QString who = QStringLiteral("device:") + auth.device->id;
    auto query = protocol::parsePullQuery(request.query());
    if (!query) {
        HttpAnswer a = error(query.error());
        a.who = who;
        return a;
    }
    auto page = m_store.pull(*auth.device, query.value());
    HttpAnswer a;
    if (page)
        a = json(200, page.value().toJson());
    else if (page.error().code == QLatin1String(req::BadCursor))
        a = error(page.error());
    else if (isBusy(page.error()))
        a = error(protocol::requestError(req::Overloaded, QStringLiteral("服务器繁忙，请稍后重试"),
                                         QStringLiteral("The server is busy; try again")),
                  1);
    else {
        logFailure("pull", page.error());
        a = error(protocol::requestError(req::InternalError, QStringLiteral("服务器出错，请稍后重试"),
                                         QStringLiteral("The server failed; try again")));
    }
    a.who = who + (page ? QStringLiteral(" changes=%1").arg(page.value().changes.size()) : QString());
    return a;
}

HttpAnswer DistrictHttpServer::receipt(const QHttpServerRequest &request, const QString &peer)
{
    Auth auth = authenticate(request, peer);
    if (auth.refused)
        return *auth.refused;
    m_store.touchDevice(auth.device->id); // the last step of every sync: "last sync" for station list
    HttpAnswer a = json(200, m_store.receipt(auth.device->stationCode).toJson());
    a.who = QStringLiteral("device:") + auth.device->id;
    return a;
}

HttpAnswer DistrictHttpServer::recovery(const QHttpServerRequest &request, const QString &peer)
{
    Auth auth = authenticate(request, peer);
    if (auth.refused)
        return *auth.refused;
    const QString who = QStringLiteral("device:") + auth.device->id;
    auto body = jsonBody(request, kMaxSmallJson);
    QJsonObject o;
    if (body)
        o = QJsonDocument::fromJson(body.value()).object();
    if (!body || !o.value(QStringLiteral("recovery_code")).isString() || o.size() != 1) {
        HttpAnswer a = error(body ? protocol::requestError(req::SchemaViolation, QStringLiteral("请求须为 {\"recovery_code\": \"...\"}"),
                                                           QStringLiteral("The body must be {\"recovery_code\": \"...\"}"))
                                  : body.error());
        a.who = who;
        return a;
    }
    auto used = m_store.useRecoveryCode(*auth.device, o.value(QStringLiteral("recovery_code")).toString());
    HttpAnswer a;
    if (used) {
        a = json(200, QJsonDocument(QJsonObject{{QStringLiteral("valid"), true},
                                                {QStringLiteral("server_time"), m_store.serverTime().toString()}})
                          .toJson(QJsonDocument::Compact));
    } else {
        a = json(403, protocol::errorBody(used.error(), m_store.serverTime()));
    }
    a.who = who;
    return a;
}

HttpAnswer DistrictHttpServer::answer(const QHttpServerRequest &request, const QString &peer)
{
    using M = QHttpServerRequest::Method;
    const QString path = request.url().path();
    struct Route
    {
        const char *path;
        M method;
        HttpAnswer (DistrictHttpServer::*handler)(const QHttpServerRequest &, const QString &);
        bool sheddable; ///< answered 503 while the server is behind (health and receipts are cheap reads)
    };
    static const Route routes[] = {
        {"/api/v1/health", M::Get, &DistrictHttpServer::health, false},
        {"/api/v1/enroll", M::Post, &DistrictHttpServer::enroll, true},
        {"/api/v1/sync/push", M::Post, &DistrictHttpServer::push, true},
        {"/api/v1/sync/pull", M::Get, &DistrictHttpServer::pull, true},
        {"/api/v1/sync/receipt", M::Get, &DistrictHttpServer::receipt, false},
        {"/api/v1/staff/recovery", M::Post, &DistrictHttpServer::recovery, true},
    };
    for (const Route &r : routes) {
        if (path != QLatin1String(r.path))
            continue;
        if (request.method() != r.method) {
            HttpAnswer a = error(protocol::requestError(req::MethodNotAllowed, QStringLiteral("不支持此方法"),
                                                        QStringLiteral("Method not allowed")));
            a.headers.append(qMakePair(QByteArray("Allow"), QByteArray(r.method == M::Get ? "GET" : "POST")));
            a.who = peer;
            return a;
        }
        if (r.sheddable && m_gate && m_gate->shouldShed()) {
            m_gate->noteShed();
            HttpAnswer a = error(protocol::requestError(req::Overloaded, QStringLiteral("服务器繁忙，请稍后重试"),
                                                        QStringLiteral("The server is busy; try again")),
                                 m_gate->retryAfterSeconds());
            a.who = peer + QStringLiteral(" shed");
            return a;
        }
        return (this->*r.handler)(request, peer);
    }
    if (auto limited = limitAddress(peer))
        return *limited;
    HttpAnswer a = error(protocol::requestError(req::NotFound, QStringLiteral("没有这个地址"), QStringLiteral("No such endpoint")));
    a.who = peer;
    return a;
}

void DistrictHttpServer::write(QTcpSocket *socket, const QHttpServerRequest &request, HttpAnswer a, qint64 startedMs)
{
    QByteArray body = a.body;
    const bool gzip = acceptsGzip(request) && !body.isEmpty();
    if (gzip)
        body = a.fastGzip ? protocol::gzipCompressFast(body) : protocol::gzipCompress(body);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(a.status) + ' ' + reasonPhrase(a.status) + "\r\n";
    out += "Content-Type: application/json; charset=utf-8\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (gzip)
        out += "Content-Encoding: gzip\r\n";
    out += "Vary: Accept-Encoding\r\nCache-Control: no-store\r\n";
    for (const auto &h : std::as_const(a.headers))
        out += h.first + ": " + h.second + "\r\n";
    const bool close = request.value("connection").toLower() == "close";
    out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    out += body;
    socket->write(out);
    socket->flush(); // out now, not after the handler's data is freed and the event loop comes round
    if (close)
        socket->disconnectFromHost();
    // One line per request, never a personal value: method, path, status, bytes, time, who.
    qCInfo(lcHttp).noquote() << methodName(request.method()) << request.url().path() << a.status
                             << QStringLiteral("%1B").arg(body.size())
                             << QStringLiteral("%1ms").arg(m_clock->nowMs() - startedMs) << a.who;
}

bool DistrictHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const qint64 started = m_clock->nowMs();
    const QString peer = ConnectionGuard::addressKey(socket);
    write(socket, request, answer(request, peer), started);
    return true;
}

void DistrictHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    write(socket, request,
          error(protocol::requestError(req::NotFound, QStringLiteral("没有这个地址"), QStringLiteral("No such endpoint"))),
          m_clock->nowMs());
}

} // namespace lanxin::district
