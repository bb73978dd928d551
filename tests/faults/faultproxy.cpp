#include "faultproxy.h"

#include "connectionguard.h"
#include "protocol/gzip.h"

#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcFaultProxy, "lanxin.test.faultproxy")

namespace lanxin::test {

QString faultName(FaultKind kind)
{
    switch (kind) {
    case FaultKind::None: return QStringLiteral("none");
    case FaultKind::CutDuringRequest: return QStringLiteral("cut-during-request");
    case FaultKind::CutAfterRequest: return QStringLiteral("cut-after-request");
    case FaultKind::CutBeforeReply: return QStringLiteral("cut-before-reply");
    case FaultKind::CutAfterReplyHeaders: return QStringLiteral("cut-after-reply-headers");
    case FaultKind::Delay: return QStringLiteral("delay");
    case FaultKind::Trickle: return QStringLiteral("trickle");
    case FaultKind::CorruptReply: return QStringLiteral("corrupt-reply");
    case FaultKind::UnreadableReply: return QStringLiteral("unreadable-reply");
    case FaultKind::Hold: return QStringLiteral("hold");
    }
    return {};
}

namespace {

/// The length of the head (up to and including the blank line) and the Content-Length, or -1.
qsizetype headLength(const QByteArray &buf, qint64 *contentLength)
{
    const qsizetype end = buf.indexOf("\r\n\r\n");
    if (end < 0)
        return -1;
    *contentLength = 0;
    for (const QByteArray &line : buf.left(end).split('\n')) {
        const QByteArray l = line.trimmed().toLower();
        if (l.startsWith("content-length:"))
            *contentLength = l.mid(15).trimmed().toLongLong();
    }
    return end + 4;
}

/// A whole answer with `head`'s status whose body reads as JSON but is no answer of the protocol,
/// gzip'd when the head says so, with its Content-Length set to match.
QByteArray unreadable(const QByteArray &head)
{
    const QByteArray json = QByteArrayLiteral("{\"unreadable\":true}");
    const bool gzipped = head.toLower().contains("content-encoding: gzip");
    const QByteArray body = gzipped ? protocol::gzipCompress(json) : json;
    QByteArray out;
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.trimmed();
        if (l.isEmpty())
            continue;
        out += l.toLower().startsWith("content-length:") ? "Content-Length: " + QByteArray::number(body.size()) : l;
        out += "\r\n";
    }
    return out + "\r\n" + body;
}

} // namespace

struct FaultProxy::Conn
{
    int number = 0;
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr;
    QByteArray fromClient;
    QByteArray fromServer;
    bool upstreamConnected = false;
    QByteArray waitingForUpstream; ///< request bytes to write once connected
    // The exchange in hand (one at a time: the station does not pipeline).
    bool inExchange = false;
    int logIndex = -1;
    Fault fault;
    QByteArray held; ///< an answer kept by Hold
    bool closed = false;
};

FaultProxy::FaultProxy(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstream(upstreamPort)
{
    setServer(std::make_unique<QTcpServer>());
}

void FaultProxy::setServer(std::unique_ptr<QTcpServer> server)
{
    m_server = std::move(server);
    // pendingConnectionAvailable, not newConnection: a QSslServer queues a connection only after its handshake.
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *client = m_server->nextPendingConnection())
            accept(client);
    });
}

bool FaultProxy::setTls(const QString &certificateFile, const QString &keyFile)
{
    // The district's own loader: the station meets the TLS settings `serve --tls-cert` has.
    const auto conf = district::serverTlsConfiguration(certificateFile, keyFile);
    if (m_server->isListening() || !conf) {
        qCWarning(lcFaultProxy) << "cannot set up TLS:" << (conf ? QStringLiteral("already listening") : conf.error().message);
        return false;
    }
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(conf.value());
    setServer(std::move(server));
    m_tls = true;
    return true;
}

FaultProxy::~FaultProxy()
{
    cutAll();
}

bool FaultProxy::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        qCWarning(lcFaultProxy) << "cannot listen:" << m_server->errorString();
        return false;
    }
    m_port = m_server->serverPort();
    return true;
}

QString FaultProxy::url() const
{
    return QStringLiteral("%1://127.0.0.1:%2").arg(m_tls ? QStringLiteral("https") : QStringLiteral("http")).arg(m_port);
}

bool FaultProxy::setRefusing(bool refusing)
{
    if (refusing == m_refusing)
        return true;
    m_refusing = refusing;
    if (refusing) {
        m_server->close();
        cutAll();
        return true;
    }
    return listen(m_port);
}

void FaultProxy::faultOnRequest(int number, Fault fault)
{
    m_script = [number, fault](const ProxiedRequest &r) { return r.number == number ? fault : Fault{}; };
}

void FaultProxy::faultOnPath(const QByteArray &path, int nth, Fault fault, int times)
{
    auto seen = std::make_shared<int>(0);
    m_script = [path, nth, fault, times, seen](const ProxiedRequest &r) {
        if (r.path != path)
            return Fault{};
        const int n = ++*seen;
        return n >= nth && n < nth + times ? fault : Fault{};
    };
}

void FaultProxy::randomFaults(quint64 seed, int percent, const QList<FaultKind> &kinds)
{
    auto rng = std::make_shared<QRandomGenerator>(static_cast<quint32>(seed ^ (seed >> 32)));
    m_rng.seed(static_cast<quint32>(seed * 2654435761u));
    m_script = [rng, percent, kinds](const ProxiedRequest &) {
        Fault f;
        if (kinds.isEmpty() || int(rng->bounded(100)) >= percent)
            return f;
        f.kind = kinds.at(int(rng->bounded(int(kinds.size()))));
        f.delayMs = 50 + int(rng->bounded(400));
        f.trickleBytes = 256 + int(rng->bounded(2048));
        f.trickleMs = 1;
        return f;
    };
}

void FaultProxy::passEverything()
{
    m_script = {};
}

Fault FaultProxy::decide(const ProxiedRequest &request)
{
    return m_script ? m_script(request) : Fault{};
}

QHash<FaultKind, int> FaultProxy::faultCounts() const
{
    QHash<FaultKind, int> out;
    for (const auto &e : m_log)
        ++out[e.fault];
    return out;
}

void FaultProxy::resetCounts()
{
    m_log.clear();
    m_requests = 0;
}

void FaultProxy::cutAll()
{
    const auto open = m_open;
    for (const auto &c : open)
        close(c);
}

void FaultProxy::releaseHeld()
{
    const auto open = m_open;
    for (const auto &c : open) {
        if (c->closed || c->held.isEmpty())
            continue;
        QByteArray reply = std::exchange(c->held, {});
        c->fault = Fault{};
        deliverReply(c, reply);
    }
}

void FaultProxy::accept(QTcpSocket *client)
{
    auto c = std::make_shared<Conn>();
    c->number = ++m_connections;
    c->client = client;
    c->upstream = new QTcpSocket(this);
    m_open << c;
    connect(c->upstream, &QTcpSocket::connected, this, [this, c] {
        c->upstreamConnected = true;
        if (!c->waitingForUpstream.isEmpty())
            send(c, c->upstream, std::exchange(c->waitingForUpstream, {}), c->fault, [this, c] { afterRequestSent(c); });
    });
    connect(client, &QTcpSocket::readyRead, this, [this, c] { onClientData(c); });
    connect(c->upstream, &QTcpSocket::readyRead, this, [this, c] { onUpstreamData(c); });
    connect(client, &QTcpSocket::disconnected, this, [this, c] { close(c); });
    // The district went away (killed, restarted): the station's connection goes too, as it would.
    connect(c->upstream, &QTcpSocket::disconnected, this, [this, c] {
        if (c->held.isEmpty())
            close(c);
    });
    connect(c->upstream, &QTcpSocket::errorOccurred, this, [this, c](QAbstractSocket::SocketError e) {
        if (e != QAbstractSocket::RemoteHostClosedError && c->held.isEmpty())
            close(c); // e.g. connection refused by a district that is down
    });
    c->upstream->connectToHost(QHostAddress::LocalHost, m_upstream);
}

void FaultProxy::onClientData(const std::shared_ptr<Conn> &c)
{
    if (c->closed)
        return;
    c->fromClient += c->client->readAll();
    while (!c->closed && !c->inExchange) {
        qint64 bodyLength = 0;
        const qsizetype head = headLength(c->fromClient, &bodyLength);
        if (head < 0)
            return;
        const qsizetype total = head + bodyLength;
        ProxiedRequest r;
        const QByteArray requestLine = c->fromClient.left(c->fromClient.indexOf('\r'));
        const QList<QByteArray> parts = requestLine.split(' ');
        r.method = parts.value(0);
        r.path = parts.value(1).split('?').first();
        r.bodyBytes = bodyLength;
        r.connection = c->number;

        if (c->fromClient.size() < total) {
            // Not all of it yet. A cut during the request happens once half the body is here.
            return;
        }
        r.number = ++m_requests;
        c->fault = decide(r);
        c->inExchange = true;
        ProxiedExchange e;
        e.request = r;
        e.fault = c->fault.kind;
        m_log << e;
        c->logIndex = int(m_log.size() - 1);
        emit requestSeen(r, c->fault.kind);
        if (c->closed)
            return; // the test reacted by cutting

        const QByteArray request = c->fromClient.left(total);
        c->fromClient.remove(0, total);
        if (c->fault.kind == FaultKind::CutDuringRequest) {
            // Half of it reaches the district (the head and part of the body), then the line drops.
            const QByteArray part = request.left(qMax<qsizetype>(1, head + bodyLength / 2));
            if (!c->upstreamConnected) {
                close(c);
                return;
            }
            c->upstream->write(part);
            c->fault.kind = FaultKind::CutAfterRequest; // cut once the part has left our buffer
            afterRequestSent(c);
            return;
        }
        if (!c->upstreamConnected) {
            c->waitingForUpstream += request; // sent once connected
            return;
        }
        send(c, c->upstream, request, c->fault, [this, c] { afterRequestSent(c); });
    }
}

void FaultProxy::afterRequestSent(const std::shared_ptr<Conn> &c)
{
    if (c->closed || c->fault.kind != FaultKind::CutAfterRequest)
        return;
    // The whole request reaches the district before the line drops: wait until it has left our buffer.
    c->upstream->flush();
    if (c->upstream->bytesToWrite() == 0) {
        close(c);
        return;
    }
    connect(c->upstream, &QTcpSocket::bytesWritten, this, [this, c](qint64) {
        if (!c->closed && c->upstream->bytesToWrite() == 0)
            close(c);
    });
}

void FaultProxy::onUpstreamData(const std::shared_ptr<Conn> &c)
{
    if (c->closed)
        return;
    c->fromServer += c->upstream->readAll();
    qint64 bodyLength = 0;
    const qsizetype head = headLength(c->fromServer, &bodyLength);
    if (head < 0 || c->fromServer.size() < head + bodyLength)
        return;
    QByteArray reply = c->fromServer.left(head + bodyLength);
    c->fromServer.remove(0, head + bodyLength);
    if (c->logIndex >= 0) {
        const QByteArray statusLine = reply.left(reply.indexOf('\r'));
        m_log[c->logIndex].status = statusLine.split(' ').value(1).toInt();
    }
    switch (c->fault.kind) {
    case FaultKind::CutBeforeReply:
        close(c); // the district has answered, so it has committed; the station never hears
        return;
    case FaultKind::CutAfterReplyHeaders: {
        const QByteArray part = reply.left(head + bodyLength / 2);
        c->client->write(part);
        c->client->flush();
        if (c->client->bytesToWrite() == 0) {
            close(c);
            return;
        }
        connect(c->client, &QTcpSocket::bytesWritten, this, [this, c](qint64) {
            if (!c->closed && c->client->bytesToWrite() == 0)
                close(c);
        });
        return;
    }
    case FaultKind::CorruptReply:
        if (bodyLength > 0) {
            const qsizetype at = head + qsizetype(m_rng.bounded(int(bodyLength)));
            reply[at] = char(reply.at(at) ^ char(1 + m_rng.bounded(255)));
        }
        break;
    case FaultKind::UnreadableReply:
        reply = unreadable(reply.left(head));
        break;
    case FaultKind::Hold:
        c->held = reply;
        if (c->logIndex >= 0)
            emit replyHeld(m_log[c->logIndex].request);
        return;
    case FaultKind::Delay: {
        const int ms = c->fault.delayMs;
        QTimer::singleShot(ms, this, [this, c, reply] { deliverReply(c, reply); });
        return;
    }
    default:
        break;
    }
    deliverReply(c, reply);
}

void FaultProxy::deliverReply(const std::shared_ptr<Conn> &c, QByteArray reply)
{
    if (c->closed)
        return;
    const int index = c->logIndex;
    send(c, c->client, reply, c->fault, [this, c, index] {
        if (index >= 0 && index < m_log.size())
            m_log[index].delivered = true;
        c->inExchange = false;
        c->logIndex = -1;
        c->fault = Fault{};
        if (!c->fromClient.isEmpty())
            onClientData(c); // a request that came while this one was answered
        if (!c->fromServer.isEmpty())
            onUpstreamData(c);
    });
}

void FaultProxy::send(const std::shared_ptr<Conn> &c, QTcpSocket *socket, const QByteArray &data, const Fault &fault,
                      std::function<void()> then)
{
    if (fault.kind != FaultKind::Trickle || data.size() <= fault.trickleBytes) {
        socket->write(data);
        if (then)
            then();
        return;
    }
    // A slow line: a chunk every trickleMs, then `then`.
    auto rest = std::make_shared<QByteArray>(data);
    auto timer = new QTimer(this);
    timer->setInterval(fault.trickleMs);
    const int chunk = fault.trickleBytes;
    connect(timer, &QTimer::timeout, this, [c, socket, rest, timer, chunk, then] {
        if (c->closed) {
            timer->deleteLater();
            timer->stop();
            return;
        }
        socket->write(rest->left(chunk));
        rest->remove(0, qMin<qsizetype>(chunk, rest->size()));
        if (rest->isEmpty()) {
            timer->stop();
            timer->deleteLater();
            if (then)
                then();
        }
    });
    timer->start();
}

void FaultProxy::close(const std::shared_ptr<Conn> &c)
{
    if (c->closed)
        return;
    c->closed = true;
    m_open.removeOne(c);
    c->client->disconnect(this);
    c->upstream->disconnect(this);
    c->client->abort();
    c->upstream->abort();
    c->client->deleteLater();
    c->upstream->deleteLater();
}

} // namespace lanxin::test
