// The district under more load than it can serve (issue 6 "Load", SYNC-PROTOCOL.md `503 overloaded`):
// connections over the caps are answered 503/429 with Retry-After instead of reset, and while the event
// loop is behind, pushes are shed with 503 + Retry-After, store nothing, and are stored exactly once when
// sent again. The real lanxin-district on 127.0.0.1. The figures at scale are bench/load's.
#include "districtfixture.h"

#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>

using namespace lanxin;
using namespace lanxin::protocol;
using namespace lanxin::test;

namespace {

/// One HTTP/1.1 answer read off a raw socket.
struct RawAnswer
{
    int status = 0;
    int retryAfter = -1;
    QByteArray body;
    [[nodiscard]] QString code() const
    {
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
};

RawAnswer readAnswer(QTcpSocket &s)
{
    QByteArray in;
    QElapsedTimer t;
    t.start();
    RawAnswer a;
    while (t.elapsed() < kWaitMs) {
        in += s.readAll();
        const qsizetype end = in.indexOf("\r\n\r\n");
        if (end >= 0) {
            qint64 length = 0;
            const QList<QByteArray> lines = in.left(end).split('\n');
            a.status = lines.value(0).split(' ').value(1).toInt();
            for (const QByteArray &line : lines) {
                const QByteArray l = line.trimmed().toLower();
                if (l.startsWith("content-length:"))
                    length = l.mid(15).trimmed().toLongLong();
                else if (l.startsWith("retry-after:"))
                    a.retryAfter = l.mid(12).trimmed().toInt();
            }
            if (in.size() >= end + 4 + length) {
                a.body = in.mid(end + 4, length);
                return a;
            }
        }
        if (s.state() != QAbstractSocket::ConnectedState && s.bytesAvailable() == 0)
            break;
        s.waitForReadyRead(200);
    }
    a.status = 0;
    return a;
}

QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &token = {}, const QByteArray &body = {})
{
    QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        r += "Authorization: Bearer " + token + "\r\n";
    if (method == "POST")
        r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    return r + "\r\n" + body;
}

} // namespace

class TestOverload : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_nam;

    EnrolledDevice enrolled(District &d, const QString &station)
    {
        return enrollDevice(d, m_nam, station,
                            QStringLiteral("overload%1").arg(QRandomGenerator::global()->bounded(10000000), 8, 10, QLatin1Char('0')));
    }

    static std::unique_ptr<QTcpSocket> connectedSocket(quint16 port)
    {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, port);
        if (!s->waitForConnected(kWaitMs))
            return nullptr;
        return s;
    }

private slots:
    /// Over the total cap, a connection kept alive between requests is closed to make room (the one idle
    /// longest); when every place is in the middle of a request, the newcomer is answered 503 overloaded
    /// with Retry-After (not reset). Over the per-address cap: 429 rate_limited.
    void connectionsOverTheCapsAreAnswered()
    {
        District d;
        QVERIFY(d.start({QStringLiteral("--max-connections"), QStringLiteral("2")}));
        auto a = connectedSocket(d.port());
        auto b = connectedSocket(d.port());
        QVERIFY(a && b);
        for (QTcpSocket *s : {a.get(), b.get()}) { // both admitted, answered and kept alive
            s->write(request("GET", "/api/v1/health"));
            QCOMPARE(readAnswer(*s).status, 200);
        }
        // Both in the middle of a request head: nothing to make room with.
        for (QTcpSocket *s : {a.get(), b.get()}) {
            s->write("GET /api/v1/health HTTP/1.1\r\n");
            s->flush();
        }
        QTest::qWait(300); // let the server see both partial heads (the guard frames them as they arrive)
        auto c = connectedSocket(d.port());
        QVERIFY(c);
        c->write(request("GET", "/api/v1/health"));
        const RawAnswer over = readAnswer(*c);
        QCOMPARE(over.status, 503);
        QCOMPARE(over.code(), QStringLiteral("overloaded"));
        QVERIFY2(over.retryAfter >= 1, "503 without Retry-After");
        // a finishes its request and is idle again: the next newcomer takes its place.
        a->write("Host: 127.0.0.1\r\n\r\n");
        QCOMPARE(readAnswer(*a).status, 200);
        auto e = connectedSocket(d.port());
        QVERIFY(e);
        e->write(request("GET", "/api/v1/health"));
        QCOMPARE(readAnswer(*e).status, 200);
        QVERIFY(a->state() == QAbstractSocket::UnconnectedState || a->waitForDisconnected(kWaitMs));
        QCOMPARE(b->state(), QAbstractSocket::ConnectedState); // in the middle of a request: left alone
        QCOMPARE(d.stop(), 0);

        District perAddress;
        QVERIFY(perAddress.start({QStringLiteral("--max-connections-per-address"), QStringLiteral("1")}));
        auto first = connectedSocket(perAddress.port());
        QVERIFY(first);
        first->write(request("GET", "/api/v1/health"));
        QCOMPARE(readAnswer(*first).status, 200);
        auto second = connectedSocket(perAddress.port());
        QVERIFY(second);
        second->write(request("GET", "/api/v1/health"));
        const RawAnswer limited = readAnswer(*second);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.code(), QStringLiteral("rate_limited"));
        QVERIFY(limited.retryAfter >= 1);
        QCOMPARE(perAddress.stop(), 0);
    }

    /// Twelve 500-record batches arrive at once at a server allowed to fall 10 ms behind: the first is
    /// stored, the ones that find it behind are answered 503 with Retry-After and store nothing; sent
    /// again after Retry-After they are stored, each record exactly once. Health is never shed.
    void pushesAreShedWhileBehindAndStoredOnceWhenSentAgain()
    {
        District d;
        QVERIFY(d.run({QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("OV-001"),
                       QStringLiteral("--name"), QStringLiteral("负载站"), QStringLiteral("--town"), QStringLiteral("负载街道")})
                    .rc
                == 0);
        QVERIFY(d.start({QStringLiteral("--max-queue-ms"), QStringLiteral("10")}));
        const EnrolledDevice dev = enrolled(d, QStringLiteral("OV-001"));
        QVERIFY(!dev.token.isEmpty());

        constexpr int kBatches = 12;
        constexpr int kRecords = 500;
        QList<QByteArray> bodies;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        quint16 counter = 0;
        for (int b = 0; b < kBatches; ++b) {
            QList<WireRecord> records;
            for (int i = 0; i < kRecords; ++i)
                records << resident(QStringLiteral("OV-001"), Hlc{now, ++counter, dev.id}, QStringLiteral("居民%1").arg(b * kRecords + i),
                                    b * kRecords + i);
            bodies << pushBody(records, lowerUuid(), Hlc{now, counter, dev.id});
        }
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int b = 0; b < kBatches; ++b) {
            sockets.push_back(connectedSocket(d.port()));
            QVERIFY(sockets.back());
        }
        for (int b = 0; b < kBatches; ++b)
            sockets[size_t(b)]->write(request("POST", "/api/v1/sync/push", dev.token.toLatin1(), bodies[b]));
        for (auto &s : sockets)
            s->flush();

        qint64 applied = 0;
        QList<int> again;
        int maxRetryAfter = 0;
        for (int b = 0; b < kBatches; ++b) {
            const RawAnswer a = readAnswer(*sockets[size_t(b)]);
            if (a.status == 200) {
                const auto answer = parsePushResponse(a.body);
                QVERIFY(answer);
                for (const auto &r : answer->results)
                    applied += r.status == Verdict::Applied ? 1 : 0;
                continue;
            }
            QCOMPARE(a.status, 503);
            QCOMPARE(a.code(), QStringLiteral("overloaded"));
            QVERIFY2(a.retryAfter >= 1, "503 without Retry-After");
            maxRetryAfter = std::max(maxRetryAfter, a.retryAfter);
            again << b;
        }
        QVERIFY2(!again.isEmpty(), "twelve batches at once and nothing was shed");
        QVERIFY2(again.size() < kBatches, "everything was shed");
        // Health is cheap and answered even now.
        QCOMPARE(http(m_nam, "GET", d.url(QStringLiteral("/api/v1/health"))).status, 200);

        // Sent again, one at a time, after the Retry-After: every record stored, none twice.
        QTest::qWait(maxRetryAfter * 1000);
        for (int b : std::as_const(again)) {
            const Reply r = http(m_nam, "POST", d.url(QStringLiteral("/api/v1/sync/push")), bodies[b], dev.auth() + kJson);
            QCOMPARE(r.status, 200);
            const auto answer = parsePushResponse(r.body);
            QVERIFY(answer);
            for (const auto &res : answer->results) {
                QCOMPARE(res.status, Verdict::Applied); // a shed batch stored nothing: all of it is new now
                ++applied;
            }
        }
        QCOMPARE(applied, qint64(kBatches) * kRecords);
        QCOMPARE(d.stop(), 0);
        const Admin stats = d.run({QStringLiteral("stats"), QStringLiteral("--json")});
        QCOMPARE(stats.rc, 0);
        const QJsonObject s = QJsonDocument::fromJson(stats.out.toUtf8()).object();
        QCOMPARE(s.value(QStringLiteral("stations")).toObject().value(QStringLiteral("OV-001")).toObject()
                     .value(QStringLiteral("resident")).toInteger(),
                 qint64(kBatches) * kRecords);
        // The server said how much it shed, without a personal value.
        const QString log = QString::fromUtf8(d.takeErrorOutput());
        QVERIFY2(log.contains(QLatin1String("overloaded:")) || log.contains(QLatin1String(" shed")), qPrintable(log.right(2000)));
    }
};

QTEST_GUILESS_MAIN(TestOverload)
#include "tst_overload.moc"
