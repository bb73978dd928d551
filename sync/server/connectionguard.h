#pragma once

#include "core/result.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSslServer>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

namespace lanxin::district {

/// The socket limits of SECURITY.md 10, each with a serve flag.
struct GuardLimits
{
    int maxConnections = 2048;        ///< --max-connections
    int maxPerAddress = 64;           ///< --max-connections-per-address
    int overCapRetryAfterS = 5;       ///< Retry-After of the answer to a connection over a cap
    int headTimeoutMs = 10000;        ///< --head-timeout-ms: from the first byte of a request head (or the
                                      ///< connection) to its end; also the longest pause inside a body
    int idleTimeoutMs = 60000;        ///< --idle-timeout-ms: keep-alive without a request
    int maxHeadBytes = 16 * 1024;     ///< --max-head-bytes
    qint64 maxBodyBytes = 2 * 1024 * 1024; ///< --max-body-bytes (as sent)
};

/// Guards the sockets Qt HttpServer 6.4 reads (it has no limits and buffers whole bodies): counts
/// connections per address and in all, frames each request itself from the bytes as they arrive (its
/// slot runs before QHttpServer's, peeking, never consuming), refuses a head over the limit (431) or a
/// body whose Content-Length is over the limit (413) before it is read, closes slow heads and idle
/// keep-alive connections, sets TCP_NODELAY and re-arms TCP_QUICKACK on every read (Linux).
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionGuard(const GuardLimits &limits, QObject *parent = nullptr);
    ~ConnectionGuard() override;

    enum class Admission {
        Admitted, ///< under guard; hand it to QHttpServer
        Answered, ///< over a limit: the guard answers it 503/429 with Retry-After, drains it and deletes it
        Dropped,  ///< over a limit while too many are being answered already: the caller aborts it
    };
    /// Takes `socket` under guard. Over the total cap a connection is answered `503 overloaded`, over
    /// the per-address cap `429 rate_limited`, both with `Retry-After`, instead of being reset. A TLS
    /// connection (a QSslSocket still in its handshake) is answered once the handshake is done: nothing
    /// can be said to it in plain text. QSslServer then hands it to QHttpServer, which never reads it.
    [[nodiscard]] Admission admit(QTcpSocket *socket);
    [[nodiscard]] int connections() const { return m_total; }
    [[nodiscard]] const GuardLimits &limits() const { return m_limits; }
    /// Stops guarding (the server is going down): nothing more is closed by timers.
    void stop();

    /// The address key of a peer (IPv4-mapped IPv6 as IPv4).
    [[nodiscard]] static QString addressKey(const QTcpSocket *socket);

private:
    struct Conn;
    void onReadyRead(QTcpSocket *socket);
    void onWritten(QTcpSocket *socket);
    void sweep();
    /// Answers `status` with a protocol error and closes the connection without reading more into Qt.
    void refuse(QTcpSocket *socket, int status, const char *code, const QString &zh, const QString &en,
                int retryAfterS = 0);
    /// A new Conn for `socket`, forgotten when the socket is destroyed.
    Conn *track(QTcpSocket *socket, const QString &address);
    void forget(QObject *socket);
    /// Closes the guarded connection idle longest between requests; false when every one is busy.
    bool evictIdlest();

    GuardLimits m_limits;
    QHash<QObject *, Conn *> m_conns;
    QHash<QString, int> m_perAddress;
    int m_total = 0;
    int m_answering = 0; ///< connections over a cap being answered and drained (not in m_total)
    QTimer m_sweep;
};

/// A QTcpServer whose connections pass the guard before QHttpServer sees them.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GuardedTcpServer(ConnectionGuard *guard, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QPointer<ConnectionGuard> m_guard;
};

/// The same for TLS (QSslServer, Qt ≥ 6.4): guarded from the start of the handshake.
class GuardedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GuardedSslServer(ConnectionGuard *guard, QObject *parent = nullptr);

private:
    QPointer<ConnectionGuard> m_guard;
};

/// The server side of TLS from a PEM certificate chain and its private key (RSA or EC): TLS 1.2 or later,
/// no client certificate asked for (clients authenticate by token). A clear error when a file cannot be
/// read or is not valid PEM.
[[nodiscard]] Result<QSslConfiguration> serverTlsConfiguration(const QString &certificateFile, const QString &keyFile);

/// Raises the open-file limit to its hard maximum (each connection is a descriptor); returns the new soft limit.
qint64 raiseOpenFileLimit();

} // namespace lanxin::district
