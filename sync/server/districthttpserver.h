#pragma once

#include "connectionguard.h"
#include "overloadgate.h"
#include "ratelimiter.h"

#include "core/clock.h"
#include "core/result.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QList>
#include <QPair>

#include <memory>
#include <optional>

namespace lanxin::district {

class DistrictStore;

/// The rate limits of SECURITY.md 10, each with a serve flag.
struct RateLimits
{
    double deviceRate = 10;       ///< --device-rate: requests per second per device
    double deviceBurst = 30;      ///< --device-burst
    double addressRate = 20;      ///< --address-rate: requests without a valid token, per address
    double addressBurst = 40;     ///< --address-burst
    int enrollFailures = 10;      ///< --enroll-failures: failed enrollments per address ...
    int enrollWindowS = 600;      ///< --enroll-window-s: ... in this many seconds
};

/// An HTTP answer before it is written.
struct HttpAnswer
{
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString who; ///< for the request log: "device:<id>" or the address
    /// What the handler made and is freed only after the answer went out (a parsed push: thousands
    /// of small allocations whose freeing would otherwise delay the answer).
    std::shared_ptr<const void> keep;
    /// gzip'd fast (libdeflate level 1) rather than small (zlib level 6): a push answer is mostly ids,
    /// which neither level shrinks much, and it sits between two batches of a backlog.
    bool fastGzip = false;
};

/// lanxin-district's endpoints (SYNC-PROTOCOL.md) on Qt HttpServer's request parsing. Handlers are
/// synchronous: each answer is computed and written before the event loop runs again (its deferred
/// responders keep a raw socket pointer that dangles when a client cuts the connection), so a SIGTERM
/// handled by the event loop always comes between requests.
class DistrictHttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    DistrictHttpServer(DistrictStore &store, const RateLimits &limits, const Clock *clock,
                       QObject *parent = nullptr);

    /// Bodies larger than this as sent are refused (the guard refuses them before reading; this is the backstop).
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    /// Sheds pushes, pulls, enrollments and recoveries with 503 while the event loop is more than
    /// `maxQueueMs` behind (OverloadGate); ≤ 0 (the default) serves everything however late.
    void setMaxQueueMs(int maxQueueMs);

    /// The answer to one request, without a socket (the unit the handlers are tested by).
    [[nodiscard]] HttpAnswer answer(const QHttpServerRequest &request, const QString &peer);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    HttpAnswer health(const QHttpServerRequest &request, const QString &peer);
    HttpAnswer enroll(const QHttpServerRequest &request, const QString &peer);
    HttpAnswer push(const QHttpServerRequest &request, const QString &peer);
    HttpAnswer pull(const QHttpServerRequest &request, const QString &peer);
    HttpAnswer receipt(const QHttpServerRequest &request, const QString &peer);
    HttpAnswer recovery(const QHttpServerRequest &request, const QString &peer);

    HttpAnswer error(const Error &e, int retryAfterSeconds = 0);
    HttpAnswer json(int status, const QByteArray &body);
    /// The body as JSON bytes: Content-Type, Content-Encoding (gzip with the 8 MiB cap), size.
    [[nodiscard]] Result<QByteArray> jsonBody(const QHttpServerRequest &request, qsizetype maxJson);
    /// The device of the bearer token, or the 401/429 answer.
    struct Auth;
    [[nodiscard]] Auth authenticate(const QHttpServerRequest &request, const QString &peer);
    [[nodiscard]] std::optional<HttpAnswer> limitAddress(const QString &peer);
    void write(QTcpSocket *socket, const QHttpServerRequest &request, HttpAnswer answer, qint64 startedMs);

    DistrictStore &m_store;
    const Clock *m_clock;
    RateLimiter m_deviceLimiter;
    RateLimiter m_addressLimiter;
    FailureWindow m_enrollFailures;
    qint64 m_maxBodyBytes;
    std::unique_ptr<OverloadGate> m_gate;
};

} // namespace lanxin::district
