#pragma once

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

    /// Takes `socket` under guard; false when a connection limit is reached (the caller drops it).
    [[nodiscard]] bool admit(QTcpSocket *socket);
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
    void refuse(QTcpSocket *socket, int status, const char *code, const QString &zh, const QString &en);
    void forget(QObject *socket);

    GuardLimits m_limits;
    QHash<QObject *, Conn *> m_conns;
    QHash<QString, int> m_perAddress;
    int m_total = 0;
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

/// Raises the open-file limit to its hard maximum (each connection is a descriptor); returns the new soft limit.
qint64 raiseOpenFileLimit();

} // namespace lanxin::district
