#pragma once

// Shared by the station-side sync integration tests: the real lanxin-district (districtfixture.h) with
// its rate limits raised, station devices in temporary directories with their own clocks, and an
// HTTP-aware proxy that loses replies after the district answered (the "ack lost" fault of SECURITY.md 6).
#include "../districtfixture.h"
#include "../../storage/testsupport.h" // woman()

#include "client/syncengine.h"

#include "storage/stationstore.h"
#include "storage/syncstore.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

namespace lanxin::test {

/// For District's constructor: `serve`'s rate limits raised so that the sync tests are not rate limited.
inline const QStringList kUnlimitedRates{QStringLiteral("--device-rate"), QStringLiteral("10000"), QStringLiteral("--device-burst"),
                                         QStringLiteral("10000"), QStringLiteral("--address-rate"), QStringLiteral("10000"),
                                         QStringLiteral("--address-burst"), QStringLiteral("10000")};

/// A station device: its own data dir, clock and engine.
struct Device
{
    QTemporaryDir dir;
    Clock clock;
    StationStore store{&clock};
    std::unique_ptr<SyncEngine> engine;

    explicit Device(qint64 nowMs = QDateTime::currentMSecsSinceEpoch(), int timeoutMs = 15000)
    {
        clock.setFixed(nowMs);
        auto opened = store.open(dir.path());
        if (!opened)
            qFatal("cannot open device store: %s", qPrintable(opened.error().message));
        SyncEngineOptions o;
        o.networkTimeoutMs = timeoutMs;
        o.deviceName = QStringLiteral("测试平板");
        engine = std::make_unique<SyncEngine>(store, o);
    }

    SyncStore &sync() { return engine->syncStore(); }
    SyncReport cycle() { return engine->runCycle(); }
    Result<Enrollment> enroll(District &d, const QString &station, const QString &url = {})
    {
        return engine->enroll(url.isEmpty() ? d.baseUrl() : url, station, d.enrollmentCode(station), QString());
    }
};

/// Forwards HTTP between the station and the district, request by request (Content-Length framing),
/// and can lose the district's answer to chosen requests: it reads the whole answer, then cuts the
/// station's connection without passing it on — the batch is committed, the device never hears so.
class LossyProxy : public QObject
{
public:
    struct Exchange
    {
        QByteArray method;
        QByteArray path;
        QByteArray requestBody;
        QByteArray responseBody; ///< as sent by the district (possibly gzip)
        bool dropped = false;
    };
    /// Decides per request (path and body) whether its answer is lost.
    std::function<bool(const QByteArray &path, const QByteArray &body)> drop = [](const QByteArray &, const QByteArray &) {
        return false;
    };
    QList<Exchange> exchanges;

    explicit LossyProxy(quint16 upstreamPort)
        : m_upstream(upstreamPort)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                accept(client);
        });
    }
    [[nodiscard]] QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }

private:
    struct Conn
    {
        QTcpSocket *client;
        QTcpSocket *upstream;
        QByteArray fromClient;
        QByteArray fromServer;
        QList<int> pending; ///< indexes into exchanges, in request order
    };

    /// The length of one whole HTTP message at the start of `buf` (head + Content-Length body), or -1.
    static qsizetype messageLength(const QByteArray &buf, QByteArray *head)
    {
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return -1;
        *head = buf.left(end);
        qsizetype length = 0;
        for (const QByteArray &line : head->split('\n')) {
            const QByteArray l = line.trimmed().toLower();
            if (l.startsWith("content-length:"))
                length = l.mid(15).trimmed().toLongLong();
        }
        const qsizetype total = end + 4 + length;
        return buf.size() >= total ? total : -1;
    }

    void accept(QTcpSocket *client)
    {
        auto c = std::make_shared<Conn>(Conn{client, new QTcpSocket(this), {}, {}, {}});
        c->upstream->connectToHost(QHostAddress::LocalHost, m_upstream);
        auto close = [c] {
            if (!c->client)
                return;
            QTcpSocket *a = c->client;
            QTcpSocket *b = c->upstream;
            c->client = nullptr;
            a->disconnect();
            b->disconnect();
            a->abort();
            b->abort();
            a->deleteLater();
            b->deleteLater();
        };
        connect(client, &QTcpSocket::readyRead, this, [this, c] {
            c->fromClient += c->client->readAll();
            QByteArray head;
            for (qsizetype n; (n = messageLength(c->fromClient, &head)) > 0;) {
                const QList<QByteArray> requestLine = head.left(head.indexOf('\r')).split(' ');
                Exchange e;
                e.method = requestLine.value(0);
                e.path = requestLine.value(1).split('?').first();
                e.requestBody = c->fromClient.mid(head.size() + 4, n - head.size() - 4);
                e.dropped = drop(e.path, e.requestBody);
                exchanges << e;
                c->pending << static_cast<int>(exchanges.size() - 1);
                c->upstream->write(c->fromClient.left(n));
                c->fromClient.remove(0, n);
            }
        });
        connect(c->upstream, &QTcpSocket::readyRead, this, [this, c, close] {
            c->fromServer += c->upstream->readAll();
            QByteArray head;
            for (qsizetype n; c->client && (n = messageLength(c->fromServer, &head)) > 0;) {
                const int index = c->pending.isEmpty() ? -1 : c->pending.takeFirst();
                if (index >= 0)
                    exchanges[index].responseBody = c->fromServer.mid(head.size() + 4, n - head.size() - 4);
                if (index >= 0 && exchanges[index].dropped) {
                    close(); // the answer is lost on the way
                    return;
                }
                c->client->write(c->fromServer.left(n));
                c->fromServer.remove(0, n);
            }
        });
        connect(client, &QTcpSocket::disconnected, this, close);
        connect(c->upstream, &QTcpSocket::disconnected, this, close);
    }

    QTcpServer m_server;
    quint16 m_upstream;
};

} // namespace lanxin::test
