#include "connectionguard.h"

#include "protocol/wire.h"

#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcGuard, "lanxin.district.guard")

namespace lanxin::district {
namespace {

constexpr int kSweepMs = 250;
constexpr qint64 kDrainMs = 2000;                ///< how long a refused connection's input is drained
constexpr qint64 kDrainBytes = 8 * 1024 * 1024;  ///< and how much of it at most
constexpr int kMaxAnswering = 256;               ///< over-cap connections answered at once; more are reset

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void quickAck(QTcpSocket *socket)
{
#ifdef TCP_QUICKACK
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        int one = 1;
        ::setsockopt(static_cast<int>(fd), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
#else
    Q_UNUSED(socket);
#endif
}

QByteArray reason(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    case 501:
        return "Not Implemented";
    default:
        return "Error";
    }
}

} // namespace

namespace {

/// Bytes received by the kernel that the event loop has not yet pulled into the socket (only the
/// kernel's count: what Qt has buffered was already seen by the guard and by QHttpServer).
int unreadBytes(QTcpSocket *s)
{
    int pending = 0;
    if (s->socketDescriptor() != -1 && ::ioctl(static_cast<int>(s->socketDescriptor()), FIONREAD, &pending) != 0)
        return 0;
    return pending;
}

} // namespace

struct ConnectionGuard::Conn
{
    QPointer<QTcpSocket> socket;
    QString address;
    bool inBody = false;
    qint64 bodyRemaining = 0;
    QByteArray head;          ///< the request head so far (at most maxHeadBytes + 3)
    qint64 headDeadline = 0;  ///< close when a head is not complete by then (0: no head pending)
    qint64 lastActivity = 0;
    bool refused = false;     ///< answered and half-closed; input is drained until drainUntil
    bool overCap = false;     ///< refused at admission, not counted in the totals (a plain one is the guard's to delete)
    qint64 drainUntil = 0;
    qint64 drained = 0;
};

ConnectionGuard::ConnectionGuard(const GuardLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
    m_sweep.setInterval(kSweepMs);
    connect(&m_sweep, &QTimer::timeout, this, &ConnectionGuard::sweep);
    m_sweep.start();
}

ConnectionGuard::~ConnectionGuard()
{
    qDeleteAll(m_conns);
}

void ConnectionGuard::stop()
{
    m_sweep.stop();
}

QString ConnectionGuard::addressKey(const QTcpSocket *socket)
{
    QHostAddress a = socket->peerAddress();
    bool ok = false;
    const quint32 v4 = a.toIPv4Address(&ok);
    if (ok)
        a = QHostAddress(v4);
    return a.toString();
}

ConnectionGuard::Admission ConnectionGuard::admit(QTcpSocket *socket)
{
    const QString address = addressKey(socket);
    const bool addressFull = m_perAddress.value(address) >= m_limits.maxPerAddress;
    // Full, but some connection is only being kept alive between requests: close the one idle longest to
    // make room (as nginx does). Its client opens a new connection for its next request, as HTTP clients
    // do when a server closes a kept-alive one; without this, once every place is held by kept-alive
    // connections, newcomers would be refused for as long as the others keep syncing.
    if (m_total >= m_limits.maxConnections && !addressFull)
        evictIdlest();
    const bool overTotal = m_total >= m_limits.maxConnections;
    if (overTotal || addressFull) {
        qCWarning(lcGuard).noquote() << "connection over the" << (overTotal ? "total" : "per-address") << "limit from"
                                     << address << "total" << m_total;
        if (m_answering >= kMaxAnswering)
            return Admission::Dropped;
        // Answer it instead of resetting it: a client that reads 503/429 with Retry-After backs off for that
        // long; one that sees a reset retries on its own schedule, and cannot tell a full server from a dead one.
        track(socket, address)->overCap = true;
        ++m_answering;
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        const auto answer = [this, socket, overTotal] {
            if (overTotal)
                refuse(socket, 503, protocol::req::Overloaded, QStringLiteral("服务器繁忙，请稍后重试"),
                       QStringLiteral("The server is busy; try again"), m_limits.overCapRetryAfterS);
            else
                refuse(socket, 429, protocol::req::RateLimited, QStringLiteral("来自此地址的连接过多，请稍后再试"),
                       QStringLiteral("Too many connections from this address; try again later"),
                       m_limits.overCapRetryAfterS);
        };
        if (auto *tls = qobject_cast<QSslSocket *>(socket); tls && !tls->isEncrypted()) {
            // After QSslServer's own slot (connected first), which hands the socket to QHttpServer: refuse()
            // then takes its reads away before the first request byte arrives. A failed or timed-out
            // handshake is QSslServer's to delete, as for any TLS connection.
            connect(tls, &QSslSocket::encrypted, this, answer);
            return Admission::Answered;
        }
        answer();
        return Admission::Answered;
    }
    Conn *c = track(socket, address);
    c->headDeadline = c->lastActivity + m_limits.headTimeoutMs; // a new connection must send its head in time
    ++m_total;
    ++m_perAddress[address];
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    quickAck(socket);
    // Connected before QHttpServer's own slot (it connects when the connection becomes pending), so this
    // sees every byte first.
    connect(socket, &QIODevice::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QIODevice::bytesWritten, this, [this, socket] { onWritten(socket); });
    return Admission::Admitted;
}

ConnectionGuard::Conn *ConnectionGuard::track(QTcpSocket *socket, const QString &address)
{
    auto *c = new Conn;
    c->socket = socket;
    c->address = address;
    c->lastActivity = nowMs();
    m_conns.insert(socket, c);
    connect(socket, &QObject::destroyed, this, [this](QObject *o) { forget(o); });
    return c;
}

bool ConnectionGuard::evictIdlest()
{
    Conn *idlest = nullptr;
    for (Conn *c : std::as_const(m_conns)) {
        const QTcpSocket *s = c->socket;
        if (!s || c->refused || c->overCap || c->inBody || !c->head.isEmpty() || c->headDeadline || s->bytesToWrite() > 0
            || s->bytesAvailable() > 0)
            continue;
        if (!idlest || c->lastActivity < idlest->lastActivity)
            idlest = c;
    }
    if (!idlest || unreadBytes(idlest->socket) > 0)
        return false;
    qCInfo(lcGuard).noquote() << "closing the longest idle connection from" << idlest->address << "to make room";
    QTcpSocket *s = idlest->socket;
    forget(s); // counted out now; its destroyed() later finds nothing to forget
    s->abort();
    return true;
}

void ConnectionGuard::forget(QObject *socket)
{
    Conn *c = m_conns.take(socket);
    if (!c)
        return;
    if (c->overCap) {
        --m_answering;
        delete c;
        return;
    }
    --m_total;
    if (--m_perAddress[c->address] <= 0)
        m_perAddress.remove(c->address);
    delete c;
}

void ConnectionGuard::onWritten(QTcpSocket *socket)
{
    if (Conn *c = m_conns.value(socket))
        c->lastActivity = nowMs();
}

void ConnectionGuard::onReadyRead(QTcpSocket *socket)
{
    Conn *c = m_conns.value(socket);
    if (!c)
        return;
    quickAck(socket);
    const qint64 now = nowMs();
    c->lastActivity = now;
    if (c->refused) {
        // Lingering close: read and drop what the client still sends, so it can read our answer.
        if (socket->isTransactionStarted())
            socket->commitTransaction();
        c->drained += socket->readAll().size();
        if (c->drained > kDrainBytes)
            socket->abort();
        return;
    }
    const QByteArray data = socket->peek(socket->bytesAvailable());
    qsizetype pos = 0;
    while (pos < data.size()) {
        if (c->inBody) {
            const qint64 n = std::min<qint64>(c->bodyRemaining, data.size() - pos);
            c->bodyRemaining -= n;
            pos += n;
            if (c->bodyRemaining == 0)
                c->inBody = false;
            continue;
        }
        if (c->head.isEmpty() && c->headDeadline == 0)
            c->headDeadline = now + m_limits.headTimeoutMs;
        if (c->head.isEmpty()) {
            // Empty lines before a request line (RFC 9112 §2.2: a server may ignore them; Qt's parser does)
            // start no head — and buy no time: without this, "\r\n\r\n" framed an empty head, which cleared
            // the head deadline, so a client sending it every few seconds held a connection open forever.
            while (pos < data.size() && (data.at(pos) == '\r' || data.at(pos) == '\n'))
                ++pos;
            if (pos == data.size())
                break;
        }
        const qsizetype before = c->head.size();
        const qsizetype searchFrom = std::max<qsizetype>(0, before - 3);
        const qsizetype take = std::min<qsizetype>(m_limits.maxHeadBytes + 4 - before, data.size() - pos);
        c->head.append(data.mid(pos, take));
        const qsizetype end = c->head.indexOf("\r\n\r\n", searchFrom);
        if (end < 0 || end + 4 > m_limits.maxHeadBytes) {
            if (c->head.size() > m_limits.maxHeadBytes) {
                refuse(socket, 431, protocol::req::TooLarge, QStringLiteral("请求头过大"),
                       QStringLiteral("The request head is too large"));
                return;
            }
            pos += take;
            continue;
        }
        const qsizetype headLength = end + 4;
        pos += headLength - before; // the bytes of this read that belong to the head
        const QByteArray head = c->head.left(headLength);
        c->head.clear();
        c->headDeadline = 0;

        qint64 length = 0;
        bool haveLength = false;
        for (const QByteArray &line : head.split('\n')) {
            const QByteArray l = line.trimmed();
            const qsizetype colon = l.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = l.left(colon).trimmed().toLower();
            const QByteArray value = l.mid(colon + 1).trimmed();
            if (name == "transfer-encoding") {
                refuse(socket, 501, protocol::req::MalformedBody, QStringLiteral("不支持分块传输，请给出 Content-Length"),
                       QStringLiteral("Transfer-Encoding is not supported; send Content-Length"));
                return;
            }
            if (name == "content-length") {
                bool ok = false;
                const qint64 v = value.toLongLong(&ok);
                if (!ok || v < 0 || (haveLength && v != length)) {
                    refuse(socket, 400, protocol::req::MalformedBody, QStringLiteral("Content-Length 无效"),
                           QStringLiteral("Invalid Content-Length"));
                    return;
                }
                length = v;
                haveLength = true;
            }
        }
        if (length > m_limits.maxBodyBytes) {
            refuse(socket, 413, protocol::req::TooLarge,
                   QStringLiteral("请求体超过 %1 字节").arg(m_limits.maxBodyBytes),
                   QStringLiteral("The body is larger than %1 bytes").arg(m_limits.maxBodyBytes));
            return;
        }
        c->inBody = length > 0;
        c->bodyRemaining = length;
    }
}

void ConnectionGuard::refuse(QTcpSocket *socket, int status, const char *code, const QString &zh, const QString &en,
                             int retryAfterS)
{
    Conn *c = m_conns.value(socket);
    qCWarning(lcGuard).noquote() << "refused" << status << code << "from" << (c ? c->address : QString());
    // QHttpServer must not read this request: drop its (and our) readyRead connections for this socket.
    QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    const QByteArray body = protocol::errorBody(protocol::requestError(code, zh, en));
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n"
        + "Content-Type: application/json; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + (retryAfterS > 0 ? "\r\nRetry-After: " + QByteArray::number(retryAfterS) : QByteArray())
        + "\r\nConnection: close\r\n\r\n" + body;
    socket->write(out);
    socket->flush();
    if (!c) {
        socket->disconnectFromHost();
        return;
    }
    // Half-close and drain the rest for a moment, so the client reads the answer instead of a reset. TLS
    // cannot half-close under its records: there the client closes on `Connection: close`, or the drain's
    // end does.
    c->refused = true;
    c->drainUntil = nowMs() + kDrainMs;
    connect(socket, &QIODevice::readyRead, this, [this, socket] { onReadyRead(socket); });
    if (qobject_cast<QSslSocket *>(socket))
        return;
    if (socket->bytesToWrite() == 0)
        ::shutdown(static_cast<int>(socket->socketDescriptor()), SHUT_WR);
    else
        connect(socket, &QIODevice::bytesWritten, socket, [socket] {
            if (socket->bytesToWrite() == 0 && socket->socketDescriptor() >= 0)
                ::shutdown(static_cast<int>(socket->socketDescriptor()), SHUT_WR);
        });
}


void ConnectionGuard::sweep()
{
    const qint64 now = nowMs();
    const QList<Conn *> conns = m_conns.values();
    for (Conn *c : conns) {
        QTcpSocket *s = c->socket;
        if (!s)
            continue;
        if (c->refused) {
            if (now > c->drainUntil) {
                s->abort();
                if (c->overCap)
                    s->deleteLater(); // QHttpServer never saw it; the guard owns it
            }
            continue;
        }
        const bool slowHead = c->headDeadline && now > c->headDeadline;
        const bool stalledBody = c->inBody && now - c->lastActivity > m_limits.headTimeoutMs;
        const bool idle = !c->inBody && c->head.isEmpty() && !c->headDeadline && s->bytesToWrite() == 0
            && now - c->lastActivity > m_limits.idleTimeoutMs;
        // Bytes already waiting in the kernel are not the client's delay but ours: a busy district
        // (a queue of batches on its one writer) has not read them yet. They are read, and the
        // deadlines re-judged, as soon as the event loop gets to this socket. A slow-loris client
        // has nothing waiting, since an idle server reads every byte the moment it arrives.
        if ((slowHead || stalledBody) && unreadBytes(s) > 0)
            continue;
        if (slowHead || stalledBody || idle) {
            qCInfo(lcGuard).noquote() << "closing" << (idle ? "an idle" : "a slow") << "connection from" << c->address;
            // Close only between requests or on a stalled one; QHttpServer deletes the socket on disconnect.
            s->abort();
        }
    }
}

GuardedTcpServer::GuardedTcpServer(ConnectionGuard *guard, QObject *parent)
    : QTcpServer(parent)
    , m_guard(guard)
{
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(static_cast<int>(descriptor));
        delete socket;
        return;
    }
    const auto admission = m_guard ? m_guard->admit(socket) : ConnectionGuard::Admission::Dropped;
    if (admission == ConnectionGuard::Admission::Answered)
        return; // the guard answers, drains and deletes it
    if (admission == ConnectionGuard::Admission::Dropped) {
        socket->abort();
        delete socket;
        return;
    }
    addPendingConnection(socket);
}

GuardedSslServer::GuardedSslServer(ConnectionGuard *guard, QObject *parent)
    : QSslServer(parent)
    , m_guard(guard)
{
    setHandshakeTimeout(guard->limits().headTimeoutMs);
    connect(this, &QSslServer::startedEncryptionHandshake, this, [this](QSslSocket *socket) {
        // Over a cap the guard answers it after the handshake; only past the cap of those is it reset.
        if (!m_guard || m_guard->admit(socket) == ConnectionGuard::Admission::Dropped)
            socket->abort();
    });
}

Result<QSslConfiguration> serverTlsConfiguration(const QString &certificateFile, const QString &keyFile)
{
    QFile cf(certificateFile);
    QFile kf(keyFile);
    for (QFile *f : {&cf, &kf}) {
        if (!f->open(QIODevice::ReadOnly))
            return Error{QString(), bilingual(QStringLiteral("无法读取 %1（%2）").arg(f->fileName(), f->errorString()),
                                              QStringLiteral("Cannot read %1: %2").arg(f->fileName(), f->errorString()))};
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(cf.readAll(), QSsl::Pem);
    if (chain.isEmpty())
        return Error{QString(), bilingual(QStringLiteral("--tls-cert %1 不是 PEM 格式的证书").arg(certificateFile),
                                          QStringLiteral("--tls-cert %1 is not a PEM certificate").arg(certificateFile))};
    const QByteArray keyPem = kf.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return Error{QString(), bilingual(QStringLiteral("--tls-key %1 不是 PEM 格式的私钥（RSA 或 EC，未加密）").arg(keyFile),
                                          QStringLiteral("--tls-key %1 is not a PEM private key (RSA or EC, unencrypted)").arg(keyFile))};
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(chain.first());
    ssl.setLocalCertificateChain(chain);
    ssl.setPrivateKey(key);
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate by token, not certificate
    return ssl;
}

qint64 raiseOpenFileLimit()
{
    struct rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &rl) != 0)
            return -1;
    }
    return static_cast<qint64>(rl.rlim_cur);
}

} // namespace lanxin::district
