// lanxin-district at its limits (SECURITY.md 10, 24), each test on a server of its own started with the
// limits it tests: socket guards (head and body sizes, slow and idle clients, connections per address),
// TLS with the CA pinned and over the connection cap, rate limits, a locked database (503 overloaded), and
// the bulk throughput the limits let through (batches of 500, the most one push may hold). Apart from
// tst_district so that the two run side by side under ctest -j2.
#include "districttestcase.h"

#include "protocol/gzip.h"

#include <QElapsedTimer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <functional>

using namespace lanxin;
using namespace lanxin::protocol;
using namespace lanxin::test;

class TestDistrictLimits : public DistrictTestCase
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // `m_d` serves throughput(): station B, limits that do not get in the way of a bulk push.
        QVERIFY(m_d.isValid());
        QCOMPARE(addStationB(m_d).rc, 0);
        QVERIFY(m_d.start(kGenerous));
    }

    void guardedSockets()
    {
        District g;
        QCOMPARE(addStationA(g).rc, 0);
        QVERIFY(g.start({QStringLiteral("--head-timeout-ms"), QStringLiteral("400"), QStringLiteral("--idle-timeout-ms"),
                         QStringLiteral("800"), QStringLiteral("--max-connections-per-address"), QStringLiteral("4"),
                         QStringLiteral("--max-body-bytes"), QStringLiteral("100000")}));
        auto connectRaw = [&](QTcpSocket &s) {
            s.connectToHost(QHostAddress::LocalHost, g.port());
            return s.waitForConnected(kWaitMs);
        };
        auto closedWithin = [](QTcpSocket &s, int ms) {
            QElapsedTimer t;
            t.start();
            while (s.state() != QAbstractSocket::UnconnectedState && t.elapsed() < ms)
                s.waitForReadyRead(50);
            return s.state() == QAbstractSocket::UnconnectedState;
        };
        {
            // A head over 16 KiB: 431, closed.
            QTcpSocket s;
            QVERIFY(connectRaw(s));
            s.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: " + QByteArray(17 * 1024, 'a') + "\r\n\r\n");
            QVERIFY(closedWithin(s, kWaitMs));
            QVERIFY(s.readAll().startsWith("HTTP/1.1 431"));
        }
        {
            // A body over the limit by Content-Length: 413 before any body byte is sent.
            QTcpSocket s;
            QVERIFY(connectRaw(s));
            s.write("POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n");
            QVERIFY(closedWithin(s, kWaitMs));
            const QByteArray answer = s.readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
            QVERIFY(answer.contains("too_large"));
        }
        {
            // QNetworkAccessManager sending a body over the limit reads the 413 too.
            const Reply r = http(m_nam, "POST", g.url(QStringLiteral("/api/v1/enroll")), QByteArray(150000, ' '), kJson);
            QCOMPARE(r.status, 413);
            QCOMPARE(r.code(), QStringLiteral("too_large"));
        }
        {
            // Slow-loris: a head that does not complete in time is closed; so is a silent connection.
            QTcpSocket slow;
            QVERIFY(connectRaw(slow));
            slow.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
            QTcpSocket silent;
            QVERIFY(connectRaw(silent));
            QVERIFY(closedWithin(slow, 5000));
            QVERIFY(closedWithin(silent, 5000));
        }
        {
            // Keep-alive: a connection that answered one request is closed after the idle time.
            QTcpSocket s;
            QVERIFY(connectRaw(s));
            s.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
            QVERIFY(s.waitForReadyRead(kWaitMs));
            QVERIFY(s.readAll().startsWith("HTTP/1.1 200"));
            QElapsedTimer t;
            t.start();
            QVERIFY(closedWithin(s, 5000));
            QVERIFY(t.elapsed() >= 300);
        }
        {
            // At most 4 connections from one address: the fifth is answered 429 with Retry-After and closed at once.
            QList<QTcpSocket *> open;
            for (int i = 0; i < 4; ++i) {
                open << new QTcpSocket;
                QVERIFY(connectRaw(*open.last()));
            }
            QTcpSocket fifth;
            QVERIFY(connectRaw(fifth));
            QVERIFY(closedWithin(fifth, 3000));
            const QByteArray answer = fifth.readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 429") && answer.contains("Retry-After: ") && answer.contains("rate_limited"),
                     answer.constData());
            qDeleteAll(open);
        }
        // Still serving.
        QTRY_COMPARE_WITH_TIMEOUT(http(m_nam, "GET", g.url(QStringLiteral("/api/v1/health"))).status, 200, 5000);
        QCOMPARE(g.stop(), 0);
    }

    void tlsFilesThatCannotServeAreNamed_data()
    {
        const QString data = QStringLiteral(LANXIN_TEST_DATA);
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("said");
        QTest::newRow("no certificate file") << data + QStringLiteral("/missing.crt") << data + QStringLiteral("/test-server.key")
                                             << QStringLiteral("Cannot read %1/missing.crt").arg(data);
        QTest::newRow("no key file") << data + QStringLiteral("/test-server.crt") << data + QStringLiteral("/missing.key")
                                     << QStringLiteral("Cannot read %1/missing.key").arg(data);
        QTest::newRow("swapped") << data + QStringLiteral("/test-server.key") << data + QStringLiteral("/test-server.crt")
                                 << QStringLiteral("--tls-cert %1/test-server.key is not a PEM certificate").arg(data);
        QTest::newRow("the certificate as the key") << data + QStringLiteral("/test-server.crt") << data + QStringLiteral("/test-server.crt")
                                                    << QStringLiteral("is not a PEM private key");
    }

    void tlsFilesThatCannotServeAreNamed()
    {
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, said);
        District t;
        const Admin a = t.run({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                               QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key});
        QCOMPARE(a.rc, 1);
        QVERIFY2(a.err.contains(said), qPrintable(a.err));
    }

    void tls()
    {
        District t;
        QCOMPARE(addStationA(t).rc, 0);
        const QString data = QStringLiteral(LANXIN_TEST_DATA);
        QVERIFY(t.start({QStringLiteral("--tls-cert"), data + QStringLiteral("/test-server.crt"), QStringLiteral("--tls-key"),
                         data + QStringLiteral("/test-server.key")}));
        QFile ca(data + QStringLiteral("/test-server.crt"));
        QVERIFY(ca.open(QIODevice::ReadOnly));
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setCaCertificates(QSslCertificate::fromData(ca.readAll()));
        QNetworkRequest request(t.url(QStringLiteral("/api/v1/health")));
        request.setSslConfiguration(conf);
        QNetworkReply *reply = m_nam.get(request);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(kWaitMs));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(parseHealthResponse(reply->readAll()).ok());
        reply->deleteLater();
        // Without trusting the district's CA the connection fails.
        QNetworkAccessManager fresh; // no cached TLS connection
        QNetworkReply *untrusted = fresh.get(QNetworkRequest(t.url(QStringLiteral("/api/v1/health"))));
        QSignalSpy failed(untrusted, &QNetworkReply::finished);
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(untrusted->error(), QNetworkReply::SslHandshakeFailedError);
        untrusted->deleteLater();
        QCOMPARE(t.stop(), 0);
    }

    void tlsConnectionsOverTheCapAreAnswered()
    {
        // SECURITY.md 10: limits answer. Over the per-address cap a TLS connection finishes its handshake
        // and reads 429 with Retry-After (before, it was reset: a client could not tell a full district
        // from a dead one), the district goes on serving, and the places freed are taken again.
        District t;
        const QString data = QStringLiteral(LANXIN_TEST_DATA);
        QVERIFY(t.start({QStringLiteral("--tls-cert"), data + QStringLiteral("/test-server.crt"), QStringLiteral("--tls-key"),
                         data + QStringLiteral("/test-server.key"), QStringLiteral("--max-connections-per-address"),
                         QStringLiteral("2"), QStringLiteral("--max-body-bytes"), QStringLiteral("100000")}));
        QFile ca(data + QStringLiteral("/test-server.crt"));
        QVERIFY(ca.open(QIODevice::ReadOnly));
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setCaCertificates(QSslCertificate::fromData(ca.readAll()));
        auto open = [&](QSslSocket &s) {
            s.setSslConfiguration(conf);
            s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), t.port());
            return s.waitForEncrypted(kWaitMs);
        };
        // One request on `s` (a health check unless already written), read until the district closes the
        // connection or has answered in full.
        auto ask = [](QSslSocket &s, bool health = true) {
            if (health)
                s.write("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            QByteArray answer;
            QElapsedTimer clock;
            clock.start();
            while (clock.elapsed() < kWaitMs && s.state() == QAbstractSocket::ConnectedState) {
                s.waitForReadyRead(100);
                answer += s.readAll();
                const qsizetype head = answer.indexOf("\r\n\r\n");
                const qsizetype at = answer.indexOf("Content-Length: ");
                if (head > 0 && at > 0 && at < head
                    && answer.size() >= head + 4 + answer.mid(at + 16, answer.indexOf('\r', at) - at - 16).toInt())
                    break;
            }
            return answer + s.readAll();
        };
        QSslSocket first;
        QSslSocket second;
        QVERIFY(open(first));
        QVERIFY(open(second));
        QVERIFY(ask(first).startsWith("HTTP/1.1 200"));
        {
            QSslSocket third;
            QVERIFY2(open(third), qPrintable(third.errorString()));
            const QByteArray answer = ask(third);
            QVERIFY2(answer.startsWith("HTTP/1.1 429") && answer.contains("Retry-After: ") && answer.contains("rate_limited")
                         && answer.contains("Connection: close"),
                     answer.constData());
        }
        // The two admitted ones still work; a place freed is taken again.
        QVERIFY(ask(second).startsWith("HTTP/1.1 200"));
        first.disconnectFromHost();
        QSslSocket again;
        QTRY_VERIFY_WITH_TIMEOUT((again.abort(), open(again) && ask(again).startsWith("HTTP/1.1 200")), 5000);
        // A refusal inside the cap is read whole over TLS too: a body over the limit, 413 before it is sent
        // (tried again while the place `second` held is not yet free, which is answered 429).
        second.disconnectFromHost();
        QByteArray refused;
        const auto tooLarge = [&] {
            QSslSocket big;
            if (!open(big))
                return false;
            big.write("POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Content-Length: 200000\r\n\r\n");
            refused = ask(big, false);
            return refused.startsWith("HTTP/1.1 413");
        };
        QTRY_VERIFY_WITH_TIMEOUT(tooLarge(), 5000);
        QVERIFY2(refused.startsWith("HTTP/1.1 413") && refused.contains("too_large"), refused.constData());
        QCOMPARE(t.stop(), 0);
    }

    void rateLimits()
    {
        District d;
        QCOMPARE(addStationA(d).rc, 0);
        const QString code = d.enrollmentCode(kA);
        QVERIFY(d.start({QStringLiteral("--device-rate"), QStringLiteral("1"), QStringLiteral("--device-burst"), QStringLiteral("5"),
                         QStringLiteral("--address-rate"), QStringLiteral("1"), QStringLiteral("--address-burst"),
                         QStringLiteral("8"), QStringLiteral("--enroll-failures"), QStringLiteral("3")}));
        // Enrollment failures: 3 wrong codes, then 429 even for the right one.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(enroll(d, kA, QStringLiteral("AAAA-AAAA"), deviceId(800)).status, 403);
        const Reply blocked = enroll(d, kA, code, deviceId(800));
        QCOMPARE(blocked.status, 429);
        QCOMPARE(blocked.code(), QStringLiteral("rate_limited"));
        QVERIFY(blocked.headers.value("retry-after").toInt() >= 1);
        QCOMPARE(d.stop(), 0);

        // Per device: a burst of 5, then 429 with Retry-After; another device is not affected.
        QVERIFY(d.start({QStringLiteral("--device-rate"), QStringLiteral("1"), QStringLiteral("--device-burst"), QStringLiteral("5"),
                         QStringLiteral("--address-rate"), QStringLiteral("1"), QStringLiteral("--address-burst"),
                         QStringLiteral("4")}));
        const EnrolledDevice dev{deviceId(801), enroll(d, kA, code, deviceId(801)).json()[QStringLiteral("device_token")].toString(), kA};
        QVERIFY(!dev.token.isEmpty());
        // Sends up to `tries` requests until one is refused 429: how many were answered 200, and the refusal.
        const auto untilLimited = [](int tries, const std::function<Reply()> &send) {
            int ok = 0;
            Reply limited;
            for (int i = 0; i < tries && limited.status != 429; ++i) {
                const Reply r = send();
                if (r.status == 200)
                    ++ok;
                else
                    limited = r;
            }
            return std::pair{ok, limited};
        };
        const auto [ok, limited] = untilLimited(12, [&] { return pull(dev, QString(), &d); });
        QVERIFY2(ok >= 5 && ok <= 6, qPrintable(QString::number(ok)));
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.code(), QStringLiteral("rate_limited"));
        QVERIFY(limited.headers.value("retry-after").toInt() >= 1);
        // Token-less requests share the address's bucket (burst 4 here; one was used by the enrollment).
        const auto [healthOk, healthLimited] =
            untilLimited(10, [&] { return http(m_nam, "GET", d.url(QStringLiteral("/api/v1/health"))); });
        QVERIFY2(healthOk >= 3 && healthOk <= 4, qPrintable(QString::number(healthOk)));
        QCOMPARE(healthLimited.status, 429);
        QVERIFY(healthLimited.headers.contains("retry-after"));
        QCOMPARE(d.stop(), 0);
    }

    void overloadedWhileLocked()
    {
        // An admin process holding the write lock past the busy wait: 503 overloaded with Retry-After, nothing
        // stored; once the lock is gone the same batch applies.
        District d;
        QCOMPARE(addStationA(d).rc, 0);
        const QString code = d.enrollmentCode(kA);
        QVERIFY(d.start({QStringLiteral("--busy-timeout-ms"), QStringLiteral("200")}));
        const Reply e = enroll(d, kA, code, deviceId(990));
        const EnrolledDevice dev{deviceId(990), e.json()[QStringLiteral("device_token")].toString(), kA};
        const QByteArray body = pushBody({resident(kA, stamp(dev), QStringLiteral("锁"), 1)});
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
            db.setDatabaseName(d.dataDir() + QStringLiteral("/district.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
            const QByteArray before = d.fingerprint();
            const Reply busy = push(dev, body, kJson, &d);
            QCOMPARE(busy.status, 503);
            QCOMPARE(busy.code(), QStringLiteral("overloaded"));
            QCOMPARE(busy.headers.value("retry-after"), QByteArray("1"));
            QCOMPARE(d.fingerprint(), before);
            QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));
        QCOMPARE(push(dev, body, kJson, &d).status, 200);
        QCOMPARE(d.stop(), 0);
    }

    void throughput()
    {
        // 10,000 residents in 20 batches of 500 over loopback, one device: the figure for the report.
        const EnrolledDevice dev = enrolled(m_d, kB);
        QElapsedTimer t;
        t.start();
        int applied = 0;
        for (int b = 0; b < 20; ++b) {
            QList<WireRecord> batch;
            for (int i = 0; i < 500; ++i)
                batch << resident(kB, stamp(dev), QStringLiteral("批量"), 10000 + b * 500 + i);
            const Reply r = push(dev, gzipCompress(pushBody(batch)),
                                 Headers{{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
            QCOMPARE(r.status, 200);
            const auto parsed = parsePushResponse(r.body);
            QVERIFY(parsed.ok());
            for (const RecordResult &res : parsed.value().results)
                applied += res.status == Verdict::Applied ? 1 : 0;
        }
        const qint64 ms = std::max<qint64>(1, t.elapsed());
        QCOMPARE(applied, 10000);
        qInfo("push of 10000 records in 20 gzip batches: %lld ms, %lld records/s", ms, 10000LL * 1000 / ms);
        // Small POSTs over 20 KB on a kept-alive connection (the delayed-ACK case of SYNC-PROTOCOL.md):
        // re-sends of one ~30 KB batch, so the server does little but read and answer.
        QList<WireRecord> small;
        for (int i = 0; i < 60; ++i)
            small << resident(kB, stamp(dev), QStringLiteral("延迟"), 30000 + i);
        const QByteArray smallBody = pushBody(small);
        QVERIFY(smallBody.size() > 20 * 1024);
        QCOMPARE(push(dev, smallBody).status, 200);
        t.restart();
        for (int i = 0; i < 20; ++i)
            QCOMPARE(push(dev, smallBody).status, 200);
        qInfo("re-send of a %lld-byte push, 20 times on one connection: %.1f ms each",
              qint64(smallBody.size()), t.elapsed() / 20.0);
        t.restart();
        int pages = 0;
        const QList<WireRecord> all = pullAll(dev, true, 1000, &pages);
        qInfo("pull of %lld records in %d pages: %lld ms", qint64(all.size()), pages, qint64(t.elapsed()));
        QVERIFY(all.size() >= 10000);
    }
};

QTEST_GUILESS_MAIN(TestDistrictLimits)
#include "tst_districtlimits.moc"
