// The station's HTTP/1.1 client below the district: HttpAnswerReader on answers cut anywhere, framed
// every way HTTP/1.1 allows, and broken; then SyncTransport against a scripted server on 127.0.0.1 for
// what the real district does not do on purpose (close a kept-alive connection, chunk, never answer).
// The exchange with the real lanxin-district is tested in tst_syncpush, tst_synctls and tst_exactlyonce.

#include "httpanswer.h"
#include "protocol/gzip.h"
#include "synctransport.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <functional>

using namespace lanxin;
using State = HttpAnswerReader::State;

namespace {

constexpr qsizetype kMax = 1024 * 1024;

/// Feeds `bytes` in pieces of `step` and returns the reader's state after the last one.
State feedInPieces(HttpAnswerReader &reader, const QByteArray &bytes, qsizetype step, QByteArray *left = nullptr)
{
    QByteArray in;
    State s = State::Head;
    for (qsizetype at = 0; at < bytes.size(); at += step) {
        in += bytes.mid(at, step);
        s = reader.feed(in);
        if (s == State::Bad)
            break;
    }
    if (left)
        *left = in;
    return s;
}

/// A server that answers each request on a connection with the next of `answers` (cycling), and counts
/// connections and requests.
class ScriptedServer : public QObject
{
public:
    /// What to send for request number n (from 1), given the connection; may close it.
    std::function<void(QTcpSocket *, int)> answer;
    int connections = 0;
    int requests = 0;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

    ScriptedServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    for (;;) {
                        const qsizetype end = buffer->indexOf("\r\n\r\n");
                        if (end < 0)
                            return;
                        qsizetype length = 0;
                        for (const QByteArray &line : buffer->left(end).split('\n')) {
                            if (line.toLower().startsWith("content-length:"))
                                length = line.mid(15).trimmed().toLongLong();
                        }
                        if (buffer->size() < end + 4 + length)
                            return;
                        buffer->remove(0, end + 4 + length);
                        answer(s, ++requests);
                    }
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

private:
    QTcpServer m_server;
};

} // namespace

class TestHttpAnswer : public QObject
{
    Q_OBJECT

private slots:
    void lengthFramedAnswerInAnyPieces_data()
    {
        QTest::addColumn<int>("step");
        for (int step : {1, 2, 7, 64, 4096})
            QTest::addRow("%d bytes at a time", step) << step;
    }
    void lengthFramedAnswerInAnyPieces()
    {
        QFETCH(int, step);
        const QByteArray next = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx";
        const QByteArray bytes = "HTTP/1.1 429 Too Many Requests\r\ncontent-length: 11\r\nRetry-After:  7 \r\n"
                                 "Content-Encoding: gzip\r\n\r\nhello world"
            + next;
        HttpAnswerReader reader(kMax);
        QByteArray left;
        QCOMPARE(feedInPieces(reader, bytes, step, &left), State::Done);
        QCOMPARE(reader.status(), 429);
        QCOMPARE(reader.body(), QByteArray("hello world"));
        QCOMPARE(reader.header("retry-after"), QByteArray("7"));
        QCOMPARE(reader.header("CONTENT-ENCODING"), QByteArray("gzip"));
        QCOMPARE(reader.header("X-Absent"), QByteArray());
        QVERIFY(reader.keepAlive());
        QVERIFY(next.startsWith(left)); // what came after the answer is not taken
    }

    void chunkedAnswerWithExtensionsAndTrailer()
    {
        const QByteArray bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "5;name=value\r\nhello\r\n"
                                 "1\r\n \r\n"
                                 "A\r\n0123456789\r\n"
                                 "0\r\nX-Trailer: t\r\n\r\n";
        for (int step : {1, 3, 1000}) {
            HttpAnswerReader reader(kMax);
            QCOMPARE(feedInPieces(reader, bytes, step), State::Done);
            QCOMPARE(reader.body(), QByteArray("hello 0123456789"));
            QVERIFY(reader.keepAlive());
        }
    }

    void interimAnswerIsSkipped()
    {
        HttpAnswerReader reader(kMax);
        QCOMPARE(feedInPieces(reader, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 1000),
                 State::Done);
        QCOMPARE(reader.status(), 201);
        QCOMPARE(reader.body(), QByteArray("ok"));
    }

    void bodyUntilTheConnectionEnds()
    {
        HttpAnswerReader reader(kMax);
        QCOMPARE(feedInPieces(reader, "HTTP/1.1 200 OK\r\n\r\npart one, ", 5), State::Body);
        QByteArray more = "part two";
        QCOMPARE(reader.feed(more), State::Body);
        QCOMPARE(reader.endOfStream(), State::Done);
        QCOMPARE(reader.body(), QByteArray("part one, part two"));
        QVERIFY(!reader.keepAlive());
    }

    void whetherTheConnectionMayBeKept_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("keep");
        QTest::newRow("1.1") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << true;
        QTest::newRow("1.1 close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n")
                                   << false;
        QTest::newRow("1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive")
            << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n") << true;
        QTest::newRow("204 without length") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << true;
    }
    void whetherTheConnectionMayBeKept()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, keep);
        HttpAnswerReader reader(kMax);
        QCOMPARE(feedInPieces(reader, head, 1000), State::Done);
        QCOMPARE(reader.keepAlive(), keep);
    }

    void brokenAnswersAreBadWithAReason_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << QStringLiteral("not an HTTP/1.x answer");
        QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << QStringLiteral("bad status line");
        QTest::newRow("status out of range") << QByteArray("HTTP/1.1 999 What\r\n\r\n") << QStringLiteral("bad status line");
        QTest::newRow("header without colon") << QByteArray("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")
                                              << QStringLiteral("bad header line");
        QTest::newRow("folded header") << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n c: d\r\n\r\n")
                                       << QStringLiteral("bad header line");
        QTest::newRow("negative length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")
                                         << QStringLiteral("bad Content-Length");
        QTest::newRow("length with sign") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello")
                                          << QStringLiteral("bad Content-Length");
        QTest::newRow("length over the limit") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1048577\r\n\r\n")
                                               << QStringLiteral("answer body over 1048576 bytes");
        QTest::newRow("gzip transfer coding") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")
                                              << QStringLiteral("unsupported transfer coding");
        QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                        << QStringLiteral("bad chunk size line");
        QTest::newRow("chunk without CRLF")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXX") << QStringLiteral("chunk not followed by CRLF");
        QTest::newRow("chunks over the limit")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n") + QByteArray(0x100000, 'a')
                   + "\r\n1\r\n"
            << QStringLiteral("answer body over 1048576 bytes");
        QTest::newRow("endless head") << QByteArray("HTTP/1.1 200 OK\r\nX: ") + QByteArray(70000, 'a')
                                      << QStringLiteral("answer head over 65536 bytes");
    }
    void brokenAnswersAreBadWithAReason()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        for (int step : {1000, 100000}) {
            HttpAnswerReader reader(kMax);
            QCOMPARE(feedInPieces(reader, bytes, step), State::Bad);
            QCOMPARE(reader.error(), reason);
            QVERIFY(!reader.keepAlive());
        }
    }

    void anAnswerCutShortIsBad()
    {
        const QByteArray whole = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
        for (qsizetype cut : {qsizetype(0), qsizetype(5), whole.size() - 1}) {
            HttpAnswerReader reader(kMax);
            QByteArray in = whole.left(cut);
            QVERIFY(reader.feed(in) != State::Done);
            QCOMPARE(reader.endOfStream(), State::Bad);
            QCOMPARE(reader.error(), cut == 0 ? QStringLiteral("connection closed before an answer")
                                              : QStringLiteral("connection closed in the middle of the answer"));
        }
    }

    // SyncTransport against a scripted server.

    void aKeptConnectionCarriesTheNextRequest()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.answer = [](QTcpSocket *s, int n) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + QByteArray::number(n % 10));
        };
        SyncTransport t(5000);
        QVERIFY(t.configure(server.url(), {}, QStringLiteral("token")));
        for (int i = 1; i <= 3; ++i) {
            const HttpResult r = t.post(QStringLiteral("/api/v1/sync/push"), QByteArray(70000, 'p'), true);
            QVERIFY2(r.answered(), qPrintable(r.detail));
            QCOMPARE(r.body, QByteArray::number(i));
            QCOMPARE(r.bytesSent, 70000);
        }
        QCOMPARE(server.connections, 1);
    }

    void aConnectionTheServerClosedIsNotReused()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.answer = [](QTcpSocket *s, int) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            s->disconnectFromHost(); // an idle timeout, without saying so in the answer
        };
        SyncTransport t(5000);
        QVERIFY(t.configure(server.url(), {}, {}));
        QVERIFY(t.get(QStringLiteral("/api/v1/health")).answered());
        // The close reaches the station while its thread is busy (no event loop runs to report it): the
        // transport finds it when it looks at the idle connection before the next request.
        QThread::msleep(50);
        const HttpResult again = t.get(QStringLiteral("/api/v1/health"));
        QVERIFY2(again.answered(), qPrintable(again.detail));
        QCOMPARE(again.body, QByteArray("ok"));
        QCOMPARE(server.connections, 2);
    }

    void chunkedGzipAnswerIsUnpacked()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        const QByteArray json = R"({"ok":true})";
        server.answer = [json](QTcpSocket *s, int) {
            const QByteArray gz = protocol::gzipCompress(json);
            s->write("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            s->write(QByteArray::number(gz.size() - 3, 16) + "\r\n" + gz.left(gz.size() - 3) + "\r\n3\r\n" + gz.right(3)
                     + "\r\n0\r\n\r\n");
            s->disconnectFromHost();
        };
        SyncTransport t(5000);
        QVERIFY(t.configure(server.url(), {}, {}));
        const HttpResult r = t.get(QStringLiteral("/api/v1/sync/receipt"));
        QVERIFY2(r.answered(), qPrintable(r.detail));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, json);
        QVERIFY(t.get(QStringLiteral("/api/v1/sync/receipt")).answered()); // on a new connection
        QCOMPARE(server.connections, 2);
    }

    void aSilentServerTimesOutAndAGarbledOneIsNoAnswer()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.answer = [](QTcpSocket *s, int n) {
            if (n == 2)
                s->write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc"); // then nothing more
            else if (n == 3)
                s->write("garbage\r\n\r\n");
        };
        SyncTransport t(300);
        QVERIFY(t.configure(server.url(), {}, {}));
        QElapsedTimer clock;
        clock.start();
        const HttpResult silent = t.get(QStringLiteral("/api/v1/health"));
        QCOMPARE(silent.failure, HttpResult::Failure::Timeout);
        QVERIFY(clock.elapsed() >= 290);
        QVERIFY(clock.elapsed() < 3000);
        QCOMPARE(t.get(QStringLiteral("/api/v1/health")).failure, HttpResult::Failure::Timeout); // half an answer
        const HttpResult garbled = t.get(QStringLiteral("/api/v1/health"));
        QCOMPARE(garbled.failure, HttpResult::Failure::Network);
        QCOMPARE(garbled.detail, QStringLiteral("not an HTTP/1.x answer"));
        QCOMPARE(server.connections, 3); // a connection that failed is never used again
    }

    void refusedWhenNobodyListens()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        SyncTransport t(5000);
        QVERIFY(t.configure(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), {}, {}));
        const HttpResult r = t.get(QStringLiteral("/api/v1/health"));
        QCOMPARE(r.failure, HttpResult::Failure::Refused);
        QVERIFY(!r.detail.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpAnswer)
#include "tst_httpanswer.moc"
