// TLS with the district CA pinned (SECURITY.md 24): certificates made with openssl at test time; a
// server certificate not signed by the pinned CA is refused, at enrollment and afterwards.
#include "synctestsupport.h"

#include <QSqlQuery>
#include <QStandardPaths>

using namespace lanxin;
using namespace lanxin::test;

namespace {

const QString kStation = QStringLiteral("FH-XW-012");

bool openssl(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning() << "openssl" << args << p.readAllStandardError();
        return false;
    }
    return true;
}

/// A CA (NAME.pem, NAME.key) and a server certificate for 127.0.0.1 it signed (SERVER.pem, SERVER.key).
bool makeCa(const QString &dir, const QString &name)
{
    return openssl(dir, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                         QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"), name + QStringLiteral(".pem"),
                         QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=") + name,
                         QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                         QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")});
}

bool makeServerCert(const QString &dir, const QString &ca, const QString &server)
{
    QFile ext(QDir(dir).filePath(server + QStringLiteral(".ext")));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    ext.close();
    return openssl(dir, {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                         server + QStringLiteral(".key"), QStringLiteral("-out"), server + QStringLiteral(".csr"), QStringLiteral("-subj"),
                         QStringLiteral("/CN=127.0.0.1")})
        && openssl(dir, {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), server + QStringLiteral(".csr"),
                         QStringLiteral("-CA"), ca + QStringLiteral(".pem"), QStringLiteral("-CAkey"), ca + QStringLiteral(".key"),
                         QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), server + QStringLiteral(".pem"), QStringLiteral("-days"),
                         QStringLiteral("2"), QStringLiteral("-extfile"), server + QStringLiteral(".ext")});
}

} // namespace

class TestSyncTls : public QObject
{
    Q_OBJECT
    QTemporaryDir m_certs;
    District m_district{kUnlimitedRates};

    QString cert(const QString &name) const { return m_certs.filePath(name); }
    QStringList tlsArgs(const QString &server) const
    {
        return {QStringLiteral("--tls-cert"), cert(server + QStringLiteral(".pem")), QStringLiteral("--tls-key"),
                cert(server + QStringLiteral(".key"))};
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(makeCa(m_certs.path(), QStringLiteral("district-ca")));
        QVERIFY(makeCa(m_certs.path(), QStringLiteral("other-ca")));
        QVERIFY(makeServerCert(m_certs.path(), QStringLiteral("district-ca"), QStringLiteral("server")));
        QVERIFY(makeServerCert(m_certs.path(), QStringLiteral("other-ca"), QStringLiteral("impostor")));
        QVERIFY(m_district.addStation(kStation));
        QVERIFY(m_district.start(tlsArgs(QStringLiteral("server"))));
    }

    void aCertificateNotSignedByThePinnedCaIsRefused()
    {
        Device d;
        const QString code = m_district.enrollmentCode(kStation);
        auto refused = d.engine->enroll(m_district.baseUrl(), kStation, code, cert(QStringLiteral("other-ca.pem")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("unreachable"));
        QVERIFY(refused.error().message.contains(QStringLiteral("安全连接")));
        QVERIFY(!d.sync().enrollment());
        // The system store does not know the district's own CA either.
        auto system = d.engine->enroll(m_district.baseUrl(), kStation, code, QString());
        QVERIFY(!system);
        // The code was never spent: the right CA enrolls with it.
        auto ok = d.engine->enroll(m_district.baseUrl(), kStation, code, cert(QStringLiteral("district-ca.pem")));
        QVERIFY2(ok, qPrintable(ok.error().message));
        QVERIFY(QFile::exists(ok->caPath)); // a copy kept in the data dir
        Resident r = woman(QStringLiteral("郑小红"), QDate(1969, 9, 9), QStringLiteral("西坞村"));
        QVERIFY(d.store.residents().create(r));
        const SyncReport synced = d.cycle();
        QVERIFY2(synced.complete(), qPrintable(synced.message));
        QCOMPARE(synced.applied, 1);
    }

    void aServerWithAnotherCertificateIsRefusedLater()
    {
        Device d;
        QVERIFY(d.engine->enroll(m_district.baseUrl(), kStation, m_district.enrollmentCode(kStation),
                                 cert(QStringLiteral("district-ca.pem"))));
        Resident r = woman(QStringLiteral("陈桂芬"), QDate(1966, 6, 6), QStringLiteral("白杜村"));
        QVERIFY(d.store.residents().create(r));
        // Someone answers on the district's address with a certificate from another CA.
        m_district.stop();
        QVERIFY(m_district.start(tlsArgs(QStringLiteral("impostor"))));
        QSqlQuery q(d.store.database().db());
        q.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'server_url'"));
        q.bindValue(0, m_district.baseUrl()); // the new port, same host
        QVERIFY(q.exec());
        const SyncReport refused = d.cycle();
        QCOMPARE(refused.outcome, SyncOutcome::Failed);
        QCOMPARE(refused.pushed, 0);
        QCOMPARE(d.sync().pendingCount(), 1); // nothing sent, nothing lost
        // Back to the real certificate: it goes through.
        m_district.stop();
        QVERIFY(m_district.start(tlsArgs(QStringLiteral("server"))));
        q.bindValue(0, m_district.baseUrl());
        QVERIFY(q.exec());
        const SyncReport ok = d.cycle();
        QVERIFY2(ok.complete(), qPrintable(ok.message));
    }

    /// A whole sync over TLS (several batches, the pull, the receipt) keeps its two connections (one for
    /// each batch on the wire): a handshake each, not one per request. A kept connection is checked before each reuse (SyncTransport); bytes the TLS
    /// layer receives outside an answer (session tickets) must not make it look closed.
    void aWholeSyncOverTlsKeepsItsTwoConnections()
    {
        Device d;
        QVERIFY(d.engine->enroll(m_district.baseUrl(), kStation, m_district.enrollmentCode(kStation),
                                 cert(QStringLiteral("district-ca.pem"))));
        QVERIFY(d.store.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < 1200; ++i) {
                Resident r = woman(QStringLiteral("加密连接%1").arg(i), QDate(1965, 1, 1).addDays(i * 5), QStringLiteral("西坞村"));
                if (auto made = d.store.residents().create(r); !made)
                    return made.error();
            }
            return {};
        }));
        const int connections = d.engine->connectionCount();
        const int requests = d.engine->requestCount();
        const SyncReport r = d.cycle();
        QVERIFY2(r.complete(), qPrintable(r.message));
        QCOMPARE(r.applied, 1200);
        QVERIFY(r.batches >= 3);
        QVERIFY(d.engine->requestCount() - requests >= r.batches + 2); // the pushes, a pull, a receipt
        QVERIFY2(d.engine->connectionCount() - connections <= 2, // two batches on the wire, one TLS connection each
                 qPrintable(QString::number(d.engine->connectionCount() - connections)));
    }

    void cleanupTestCase() { m_district.stop(); }
};

QTEST_GUILESS_MAIN(TestSyncTls)
#include "tst_synctls.moc"
