#include "synctransport.h"

#include "protocol/gzip.h"

#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

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

HttpResult::Failure failureOf(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
        return HttpResult::Failure::Refused;
    case QNetworkReply::TimeoutError:
        return HttpResult::Failure::Timeout;
    case QNetworkReply::RemoteHostClosedError:
        return HttpResult::Failure::Cut;
    case QNetworkReply::SslHandshakeFailedError:
        return HttpResult::Failure::Tls;
    case QNetworkReply::OperationCanceledError:
        return HttpResult::Failure::Cancelled;
    default:
        return HttpResult::Failure::Network;
    }
}

} // namespace

SyncTransport::SyncTransport(int timeoutMs)
    : m_timeoutMs(timeoutMs)
{
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
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
    if (base != m_base || certs != m_ca) {
        // A cached connection keeps the TLS settings it was opened with: never reuse one across a change.
        m_nam.clearConnectionCache();
    }
    m_base = base;
    m_token = token.toLatin1();
    m_ca = certs;
    return {};
}

QNetworkRequest SyncTransport::request(const QString &path, const QString &query) const
{
    QUrl url = m_base;
    QString basePath = url.path();
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    if (!query.isEmpty())
        url.setQuery(query, QUrl::StrictMode);
    QNetworkRequest r(url);
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    r.setTransferTimeout(m_timeoutMs);
    r.setRawHeader("Accept-Encoding", "gzip");
    r.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        r.setRawHeader("Authorization", "Bearer " + m_token);
    if (url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!m_ca.isEmpty())
            tls.setCaCertificates(m_ca); // the pinned district CA, and nothing else
        r.setSslConfiguration(tls);
    }
    return r;
}

HttpResult SyncTransport::get(const QString &path, const QString &query)
{
    ++m_requests;
    start(m_nam.get(request(path, query)), 0);
    return finish();
}

HttpResult SyncTransport::post(const QString &path, const QByteArray &body, bool gzipped)
{
    startPost(path, body, gzipped);
    return finish();
}

void SyncTransport::startPost(const QString &path, const QByteArray &body, bool gzipped)
{
    ++m_requests;
    QNetworkRequest r = request(path, {});
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (gzipped)
        r.setRawHeader("Content-Encoding", "gzip");
    QNetworkReply *reply = m_nam.post(r, body);
    start(reply, body.size());
    // QNetworkAccessManager's HTTP thread pulls the body from this thread's event loop: run it until
    // the whole body is out, so the request travels while the caller works.
    bool sent = body.isEmpty();
    QObject::connect(reply, &QNetworkReply::uploadProgress, reply, [&sent](qint64 done, qint64 total) {
        if (total > 0 && done >= total)
            sent = true;
    });
    spin([&sent] { return sent; });
    QObject::disconnect(reply, &QNetworkReply::uploadProgress, reply, nullptr);
}

void SyncTransport::cancel()
{
    m_cancelled = true;
    if (m_current)
        m_current->abort();
}

void SyncTransport::abandon()
{
    if (!m_current)
        return;
    m_current->abort();
    m_current->deleteLater();
    m_current = nullptr;
}

void SyncTransport::start(QNetworkReply *reply, qint64 sent)
{
    Q_ASSERT(!m_current);
    m_current = reply;
    m_sent = sent;
    m_cancelled = false;
    m_timedOut = false;
    m_started.start();
}

void SyncTransport::spin(const std::function<bool()> &done)
{
    QNetworkReply *reply = m_current;
    if (reply->isFinished() || done())
        return;
    const qint64 left = m_timeoutMs + 1000 - m_started.elapsed();
    if (left <= 0) {
        m_timedOut = true;
        reply->abort();
        return;
    }
    QEventLoop loop;
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, reply, [this, reply] {
        m_timedOut = true;
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::uploadProgress, &loop, [&loop, &done] {
        if (done())
            loop.quit();
    });
    guard.start(static_cast<int>(left));
    loop.exec(); // also left when the thread is asked to quit: then the reply is aborted by finish()
    guard.stop();
}

HttpResult SyncTransport::finish()
{
    Q_ASSERT(m_current);
    QNetworkReply *reply = m_current;
    spin([] { return false; });
    HttpResult out;
    out.bytesSent = m_sent;
    const bool timedOut = m_timedOut;
    if (!reply->isFinished()) {
        m_cancelled = true;
        reply->abort();
    }
    m_current = nullptr;

    const auto error = reply->error();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (out.status == 0 || (error != QNetworkReply::NoError && error < QNetworkReply::ContentAccessDenied
                            && error != QNetworkReply::UnknownContentError)) {
        // No HTTP answer (or a broken one): the outcome is unknown.
        out.failure = timedOut ? HttpResult::Failure::Timeout
            : m_cancelled      ? HttpResult::Failure::Cancelled
                               : failureOf(error);
        if (out.failure == HttpResult::Failure::None)
            out.failure = HttpResult::Failure::Network;
        if (error == QNetworkReply::OperationCanceledError && !timedOut && !m_cancelled)
            out.failure = HttpResult::Failure::Timeout; // the transfer timeout aborts this way
        out.detail = reply->errorString();
        reply->deleteLater();
        return out;
    }
    QByteArray raw = reply->readAll();
    out.bytesReceived = raw.size();
    out.retryAfterMs = parseRetryAfter(reply->rawHeader("Retry-After"));
    if (reply->rawHeader("Content-Encoding").trimmed().toLower() == "gzip") {
        auto inflated = protocol::gzipDecompress(raw, kMaxResponseBytes);
        if (!inflated) {
            out.failure = HttpResult::Failure::Cut; // unparsable: unknown outcome
            out.detail = inflated.error().message;
            reply->deleteLater();
            return out;
        }
        raw = inflated.value();
    }
    out.body = raw;
    reply->deleteLater();
    return out;
}

} // namespace lanxin
