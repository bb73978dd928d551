#include "synctransport.h"

#include "protocol/gzip.h"

#include "httpanswer.h"

#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#endif

Q_LOGGING_CATEGORY(lcSync, "lanxin.sync")

namespace lanxin {
namespace {

constexpr qsizetype kMaxResponseBytes = 64LL * 1024 * 1024; // a pull page of 1,000 whole records fits easily

qint64 parseRetryAfter(const QByteArray &value)
{
    if (value.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = value.trimmed().toLongLong(&ok);
    if (ok)
        return std::max<qint64>(0, seconds) * 1000;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value.trimmed()), Qt::RFC2822Date);
    if (!at.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
}

HttpResult::Failure failureOf(QAbstractSocket::SocketError e)
{
    switch (e) {
    case QAbstractSocket::ConnectionRefusedError:
    case QAbstractSocket::HostNotFoundError:
        return HttpResult::Failure::Refused;
    case QAbstractSocket::SocketTimeoutError:
        return HttpResult::Failure::Timeout;
    case QAbstractSocket::RemoteHostClosedError:
        return HttpResult::Failure::Cut;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return HttpResult::Failure::Tls;
    default:
        return HttpResult::Failure::Network;
    }
}

/// Whether an idle kept-alive connection can carry the next request: nothing unread, and the district
/// has not closed its end (it closes idle connections, SECURITY.md 10).
bool idleAndOpen(QTcpSocket *socket)
{
    if (socket->state() != QAbstractSocket::ConnectedState || socket->bytesAvailable() > 0)
        return false;
#ifdef Q_OS_UNIX
    char c = 0;
    const auto n = ::recv(static_cast<int>(socket->socketDescriptor()), &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
#else
    return true;
#endif
}

} // namespace

SyncTransport::SyncTransport(int timeoutMs)
    : m_timeoutMs(timeoutMs)
{
}

SyncTransport::~SyncTransport()
{
    dropSocket();
}

Result<QList<QSslCertificate>> SyncTransport::loadCa(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("ca_unreadable"), bilingual(QStringLiteral("无法读取区里的证书文件 %1").arg(path),
                                                                QStringLiteral("Cannot read the district CA file %1").arg(path))};
    const QList<QSslCertificate> certs = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull())
        return Error{QStringLiteral("ca_invalid"), bilingual(QStringLiteral("证书文件 %1 中没有可用的 PEM 证书").arg(path),
                                                             QStringLiteral("%1 holds no PEM certificate").arg(path))};
    return certs;
}

Result<void> SyncTransport::configure(const QUrl &base, const QString &caPath, const QString &token)
{
    QList<QSslCertificate> certs;
    if (!caPath.isEmpty()) {
        auto ca = loadCa(caPath);
        if (!ca)
            return ca.error();
        certs = ca.value();
    }
    setSettings(base, certs, token.toLatin1());
    return {};
}

void SyncTransport::configureLike(const SyncTransport &other)
{
    setSettings(other.m_base, other.m_ca, other.m_token);
}

void SyncTransport::setSettings(const QUrl &base, const QList<QSslCertificate> &ca, const QByteArray &token)
{
    if (base != m_base || ca != m_ca) {
        // A kept connection has the TLS settings it was opened with: never reuse one across a change.
        dropSocket();
    }
    m_base = base;
    m_token = token;
    m_ca = ca;
}

/// One request from start() to finish(): its answer as it arrives, and how the exchange ended.
struct SyncTransport::Exchange
{
    HttpAnswerReader reader{kMaxResponseBytes};
    QByteArray in;
    qint64 sent = 0;
    QElapsedTimer started;
    QElapsedTimer lastProgress;
    bool ended = false; ///< the answer is whole, or the exchange failed
    bool cancelled = false;
    bool timedOut = false;
    HttpResult::Failure failure = HttpResult::Failure::None;
    QString detail;
    QEventLoop *loop = nullptr; ///< spin()'s loop while it runs
    std::function<bool()> done;

    void fail(HttpResult::Failure why, const QString &text)
    {
        if (ended)
            return;
        ended = true;
        failure = why;
        detail = text;
    }
    void wake() const
    {
        if (loop && (ended || (done && done())))
            loop->quit();
    }
};

void SyncTransport::dropSocket()
{
    if (!m_socket)
        return;
    m_socket->disconnect(); // no more signals into an exchange
    m_socket->abort();
    m_socket.reset();
}

void SyncTransport::connectSocket()
{
    if (m_socket && idleAndOpen(m_socket.get()))
        return;
    dropSocket();
    ++m_connections;
    const bool tls = m_base.scheme() == QLatin1String("https");
    if (tls) {
        auto *socket = new QSslSocket;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setProtocol(QSsl::TlsV1_2OrLater);
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!m_ca.isEmpty())
            config.setCaCertificates(m_ca); // the pinned district CA, and nothing else
        socket->setSslConfiguration(config);
        QObject::connect(socket, &QSslSocket::sslErrors, socket, [this](const QList<QSslError> &errors) {
            // Not ignored: the handshake fails and errorOccurred follows; keep the reason for staff.
            if (m_exchange && !errors.isEmpty())
                m_exchange->detail = errors.first().errorString();
        });
        QObject::connect(socket, &QSslSocket::encryptedBytesWritten, socket, [this] {
            if (m_exchange) {
                m_exchange->lastProgress.start();
                m_exchange->wake();
            }
        });
        QObject::connect(socket, &QSslSocket::encrypted, socket, [this] {
            if (m_exchange)
                m_exchange->lastProgress.start();
        });
        m_socket.reset(socket);
    } else {
        m_socket.reset(new QTcpSocket);
    }
    QTcpSocket *socket = m_socket.get();
    QObject::connect(socket, &QAbstractSocket::connected, socket, [this, socket] {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // TCP_NODELAY: no Nagle wait on the last segment
        socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
        if (m_exchange)
            m_exchange->lastProgress.start();
    });
    QObject::connect(socket, &QAbstractSocket::bytesWritten, socket, [this] {
        if (m_exchange) {
            m_exchange->lastProgress.start();
            m_exchange->wake();
        }
    });
    QObject::connect(socket, &QIODevice::readyRead, socket, [this, socket] {
        if (!m_exchange || m_exchange->ended) {
            socket->readAll(); // bytes nobody asked for: this connection cannot be trusted again
            socket->disconnectFromHost();
            return;
        }
        Exchange &ex = *m_exchange;
        ex.lastProgress.start();
        ex.in.append(socket->readAll());
        switch (ex.reader.feed(ex.in)) {
        case HttpAnswerReader::State::Done:
            ex.ended = true;
            break;
        case HttpAnswerReader::State::Bad:
            ex.fail(HttpResult::Failure::Network, ex.reader.error());
            break;
        default:
            break;
        }
        ex.wake();
    });
    QObject::connect(socket, &QAbstractSocket::errorOccurred, socket, [this, socket](QAbstractSocket::SocketError e) {
        if (!m_exchange || m_exchange->ended)
            return;
        Exchange &ex = *m_exchange;
        if (e == QAbstractSocket::RemoteHostClosedError && ex.reader.endOfStream() == HttpAnswerReader::State::Done) {
            ex.ended = true; // a body that ran to the end of the connection
        } else {
            const QString detail = ex.detail.isEmpty() ? socket->errorString() : ex.detail;
            ex.fail(failureOf(e), detail);
        }
        ex.wake();
    });
    QObject::connect(socket, &QAbstractSocket::disconnected, socket, [this] {
        if (!m_exchange || m_exchange->ended)
            return;
        Exchange &ex = *m_exchange;
        if (ex.reader.endOfStream() == HttpAnswerReader::State::Done)
            ex.ended = true;
        else
            ex.fail(HttpResult::Failure::Cut, ex.reader.error());
        ex.wake();
    });

    const QString host = m_base.host();
    const auto port = static_cast<quint16>(m_base.port(tls ? 443 : 80));
    if (tls)
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(host, port);
    else
        socket->connectToHost(host, port);
}

QByteArray SyncTransport::head(const QByteArray &method, const QString &path, const QString &query, qint64 bodySize,
                               bool gzipped) const
{
    QUrl url = m_base;
    QString basePath = url.path();
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    if (!query.isEmpty())
        url.setQuery(query, QUrl::StrictMode);
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();

    const bool tls = m_base.scheme() == QLatin1String("https");
    QByteArray host = m_base.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (const int port = m_base.port(); port >= 0 && port != (tls ? 443 : 80))
        host += ':' + QByteArray::number(port);

    QByteArray h;
    h.reserve(320);
    h += method + ' ' + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\nUser-Agent: lanxin-station\r\n";
    if (!m_token.isEmpty())
        h += "Authorization: Bearer " + m_token + "\r\n";
    if (method == "POST") {
        h += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(bodySize) + "\r\n";
        if (gzipped)
            h += "Content-Encoding: gzip\r\n";
    }
    h += "\r\n";
    return h;
}

HttpResult SyncTransport::get(const QString &path, const QString &query)
{
    start(head("GET", path, query, 0, false), 0);
    return finish();
}

HttpResult SyncTransport::post(const QString &path, const QByteArray &body, bool gzipped)
{
    startPost(path, body, gzipped);
    return finish();
}

void SyncTransport::startPost(const QString &path, const QByteArray &body, bool gzipped)
{
    start(head("POST", path, {}, body.size(), gzipped) + body, body.size());
    // Run the loop until the whole request is in the kernel's hands (or the exchange ended), so it
    // travels while the caller works.
    QTcpSocket *socket = m_socket.get();
    auto *tls = qobject_cast<QSslSocket *>(socket);
    spin([socket, tls] {
        const bool open = tls ? tls->isEncrypted() : socket->state() == QAbstractSocket::ConnectedState;
        return open && socket->bytesToWrite() == 0 && (!tls || tls->encryptedBytesToWrite() == 0);
    });
}

void SyncTransport::start(const QByteArray &request, qint64 bodySize)
{
    Q_ASSERT(!m_exchange);
    ++m_requests;
    connectSocket();
    m_exchange = std::make_unique<Exchange>();
    m_exchange->sent = bodySize;
    m_exchange->started.start();
    m_exchange->lastProgress.start();
    // Written now, sent as soon as the connection (and its TLS handshake) is up; flush() hands what it
    // can to the kernel at once when it already is.
    m_socket->write(request);
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->flush();
}

void SyncTransport::cancel()
{
    if (!m_exchange)
        return;
    m_exchange->cancelled = true;
    m_exchange->fail(HttpResult::Failure::Cancelled, QStringLiteral("cancelled"));
    m_exchange->wake();
}

void SyncTransport::abandon()
{
    if (!m_exchange)
        return;
    m_exchange.reset();
    dropSocket(); // an answer may still come on it
}

void SyncTransport::spin(const std::function<bool()> &done)
{
    Exchange &ex = *m_exchange;
    if (ex.ended || done())
        return;
    // Two limits, as QNetworkAccessManager's transfer timeout had them: no progress for the timeout,
    // and the whole exchange no longer than the timeout and a second.
    const auto left = [&] {
        return std::min<qint64>(m_timeoutMs - ex.lastProgress.elapsed(), m_timeoutMs + 1000 - ex.started.elapsed());
    };
    if (left() <= 0) {
        ex.timedOut = true;
        ex.fail(HttpResult::Failure::Timeout, QStringLiteral("timed out"));
        return;
    }
    QEventLoop loop;
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, &loop, [&] {
        if (const qint64 rest = left(); rest > 0) {
            guard.start(static_cast<int>(rest));
            return;
        }
        ex.timedOut = true;
        ex.fail(HttpResult::Failure::Timeout, QStringLiteral("timed out"));
        loop.quit();
    });
    ex.loop = &loop;
    ex.done = done;
    guard.start(static_cast<int>(left()));
    loop.exec(); // also left when the thread is asked to quit: then finish() counts the exchange cancelled
    guard.stop();
    ex.loop = nullptr;
    ex.done = nullptr;
}

HttpResult SyncTransport::finish()
{
    Q_ASSERT(m_exchange);
    spin([] { return false; });
    const std::unique_ptr<Exchange> ex = std::move(m_exchange);
    HttpResult out;
    out.bytesSent = ex->sent;
    if (!ex->ended) {
        ex->cancelled = true; // the thread is quitting
        ex->fail(HttpResult::Failure::Cancelled, QStringLiteral("cancelled"));
    }
    if (ex->failure != HttpResult::Failure::None || ex->reader.state() != HttpAnswerReader::State::Done) {
        // No whole HTTP answer: the outcome is unknown.
        out.failure = ex->timedOut ? HttpResult::Failure::Timeout
            : ex->cancelled        ? HttpResult::Failure::Cancelled
            : ex->failure != HttpResult::Failure::None ? ex->failure
                                                       : HttpResult::Failure::Network;
        out.detail = ex->detail;
        dropSocket();
        return out;
    }
    if (!ex->reader.keepAlive() || !ex->in.isEmpty())
        dropSocket();
    const HttpAnswerReader &answer = ex->reader;
    out.status = answer.status();
    QByteArray raw = answer.body();
    out.bytesReceived = raw.size();
    out.retryAfterMs = parseRetryAfter(answer.header("Retry-After"));
    if (answer.header("Content-Encoding").toLower() == "gzip") {
        auto inflated = protocol::gzipDecompress(raw, kMaxResponseBytes);
        if (!inflated) {
            out.failure = HttpResult::Failure::Cut; // unparsable: unknown outcome
            out.detail = inflated.error().message;
            return out;
        }
        raw = inflated.value();
    }
    out.body = raw;
    return out;
}

} // namespace lanxin
