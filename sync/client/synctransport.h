#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpSocket;

namespace lanxin {

/// One HTTP exchange with the district, as the engine needs to judge it.
struct HttpResult
{
    /// Transport failures: the outcome of a request that got no full answer is unknown.
    enum class Failure { None, Refused, Timeout, Cut, Tls, Network, Cancelled };
    Failure failure = Failure::None;
    int status = 0;
    QByteArray body;         ///< decompressed
    qint64 retryAfterMs = -1; ///< from Retry-After (seconds or an HTTP date), -1 when absent
    qint64 bytesSent = 0;     ///< request body as sent (compressed)
    qint64 bytesReceived = 0; ///< response body as received (compressed)
    QString detail;           ///< for logs and staff: never holds a record value

    [[nodiscard]] bool answered() const { return failure == Failure::None; }
};

/// HTTP/1.1 to the district over one kept-alive QTcpSocket (QSslSocket for https), blocking the calling
/// thread in a local event loop until the answer, a timeout, or cancel(). Lives in the thread that uses
/// it (the sync worker, or the command line's main thread): the request is written and the answer read
/// there, in whole blocks, with TCP_NODELAY (LowDelayOption) set. QNetworkAccessManager was used until
/// it showed as a fifth of the push's time (docs/sync-client.md, "The HTTP client"). TLS: when a CA file
/// is given it is the only CA trusted; certificate errors are never ignored. Request bodies may be gzip;
/// responses are asked for gzip and unpacked here.
class SyncTransport
{
public:
    explicit SyncTransport(int timeoutMs = 30000);

    /// The district's base URL, the CA file to pin (empty: the system store) and the device token.
    [[nodiscard]] Result<void> configure(const QUrl &base, const QString &caPath, const QString &token);
    /// The same base URL, pinned CA and token as `other` (already read: no file is opened).
    void configureLike(const SyncTransport &other);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    [[nodiscard]] HttpResult get(const QString &path, const QString &query = {});
    [[nodiscard]] HttpResult post(const QString &path, const QByteArray &body, bool gzipped);

    /// The same POST in two halves, so the caller can work while the district answers: startPost()
    /// returns once the body has been handed to the connection (or the exchange already ended), and
    /// finish() waits for the answer. The timeout counts from startPost(). One request at a time: every
    /// startPost() is followed by finish() or abandon().
    void startPost(const QString &path, const QByteArray &body, bool gzipped);
    [[nodiscard]] HttpResult finish();
    /// Aborts a started request without waiting for it; its outcome is unknown.
    void abandon();
    [[nodiscard]] bool inFlight() const { return m_exchange != nullptr; }
    /// Aborts the request in hand (from the same thread, e.g. a timer or a quit request).
    void cancel();
    ~SyncTransport();
    SyncTransport(const SyncTransport &) = delete;
    SyncTransport &operator=(const SyncTransport &) = delete;

    [[nodiscard]] int requestCount() const { return m_requests; }
    /// Connections opened so far (a kept-alive one carries many requests; each new one is a TCP, and
    /// for https a TLS, handshake).
    [[nodiscard]] int connectionCount() const { return m_connections; }
    [[nodiscard]] const QUrl &base() const { return m_base; }

    /// Reads a PEM CA file; an error when it is missing or holds no certificate.
    [[nodiscard]] static Result<QList<QSslCertificate>> loadCa(const QString &path);

private:
    struct Exchange;

    void setSettings(const QUrl &base, const QList<QSslCertificate> &ca, const QByteArray &token);
    /// A connection to the base URL: the kept-alive one when it is still open and idle, else a new one.
    void connectSocket();
    [[nodiscard]] QByteArray head(const QByteArray &method, const QString &path, const QString &query,
                                  qint64 bodySize, bool gzipped) const;
    void start(const QByteArray &request, qint64 bodySize);
    /// Runs the local event loop until done() holds, the exchange ends, or the timeout.
    void spin(const std::function<bool()> &done);
    void dropSocket();

    QUrl m_base;
    QList<QSslCertificate> m_ca;
    QByteArray m_token;
    int m_timeoutMs;
    int m_requests = 0;
    int m_connections = 0;
    std::unique_ptr<QTcpSocket> m_socket;
    std::unique_ptr<Exchange> m_exchange; ///< the request in hand, from start() to finish()
};

} // namespace lanxin
