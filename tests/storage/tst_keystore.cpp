#include "storage/keystore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace lanxin;

namespace {

QString keyPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("station.key"));
}

QString locationPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("key-location"));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(data), data.size());
}

int modeOf(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

void setMode(const QString &path, int mode)
{
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode_t(mode)), 0);
}

QStringList entries(const QTemporaryDir &dir)
{
    return QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

bool saysKeyMissing(const KeyResult &r)
{
    return r.error.contains(QStringLiteral("找不到数据库密钥"))
        && r.error.contains(u"The database key is missing") && !r.error.contains(u'\n');
}

} // namespace

class TestKeyStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("LANXIN_KEY_STORE", "file"); }

    void firstCallCreatesA0600File()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const KeyResult r = loadOrCreateKey(dir.path(), false);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.key.size(), 32);
        QVERIFY(r.key != QByteArray(32, '\0'));
        QCOMPARE(r.location, QStringLiteral("file"));
        QVERIFY(!r.announcedFallback); // the file store was asked for, not fallen back to
        QCOMPARE(modeOf(keyPath(dir)), 0600);
        QCOMPARE(readAll(keyPath(dir)), r.key);
        QCOMPARE(readAll(locationPath(dir)).trimmed(), QByteArray("file"));
        // No temporary files left behind.
        QCOMPARE(entries(dir), QStringList({QStringLiteral("key-location"), QStringLiteral("station.key")}));
    }

    void secondCallReturnsTheSameKey()
    {
        QTemporaryDir dir;
        const KeyResult first = loadOrCreateKey(dir.path(), false);
        QVERIFY2(first.ok(), qPrintable(first.error));
        const KeyResult again = loadOrCreateKey(dir.path(), true);
        QVERIFY2(again.ok(), qPrintable(again.error));
        QCOMPARE(again.key, first.key);
        QCOMPARE(again.location, QStringLiteral("file"));
        QCOMPARE(loadOrCreateKey(dir.path(), false).key, first.key);
    }

    void createsAMissingDataDir()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("a/b"));
        const KeyResult r = loadOrCreateKey(data, false);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(QFile::exists(data + QStringLiteral("/station.key")));
    }

    void twoDataDirsHaveTwoKeys()
    {
        QTemporaryDir a, b;
        const KeyResult ka = loadOrCreateKey(a.path(), false);
        const KeyResult kb = loadOrCreateKey(b.path(), false);
        QVERIFY(ka.ok() && kb.ok());
        QVERIFY(ka.key != kb.key);
    }

    void deletedKeyFileWithEncryptedDataIsAnError()
    {
        QTemporaryDir dir;
        QVERIFY(loadOrCreateKey(dir.path(), false).ok());
        QVERIFY(QFile::remove(keyPath(dir)));
        const KeyResult r = loadOrCreateKey(dir.path(), true);
        QVERIFY(!r.ok());
        QVERIFY2(saysKeyMissing(r), qPrintable(r.error));
        QVERIFY(r.key.isEmpty());
        QVERIFY(r.location.isEmpty());
        QVERIFY(!QFile::exists(keyPath(dir))); // no new key written
        QCOMPARE(readAll(locationPath(dir)).trimmed(), QByteArray("file"));
        // Asking again does not change that.
        QVERIFY(!loadOrCreateKey(dir.path(), true).ok());
        QVERIFY(!QFile::exists(keyPath(dir)));
    }

    void deletedKeyFileWithoutEncryptedDataMakesANewKey()
    {
        QTemporaryDir dir;
        const KeyResult first = loadOrCreateKey(dir.path(), false);
        QVERIFY(first.ok());
        QVERIFY(QFile::remove(keyPath(dir)));
        const KeyResult r = loadOrCreateKey(dir.path(), false);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(r.key != first.key);
        QCOMPARE(readAll(keyPath(dir)), r.key);
        QCOMPARE(modeOf(keyPath(dir)), 0600);
    }

    void noKeyAnywhereWithEncryptedDataIsAnError()
    {
        QTemporaryDir dir;
        const KeyResult r = loadOrCreateKey(dir.path(), true);
        QVERIFY2(saysKeyMissing(r), qPrintable(r.error));
        QVERIFY(r.key.isEmpty());
        QVERIFY(entries(dir).isEmpty());
    }

    void lostLocationRecordKeepsTheKeyFile()
    {
        QTemporaryDir dir;
        const KeyResult first = loadOrCreateKey(dir.path(), false);
        QVERIFY(QFile::remove(locationPath(dir)));
        for (bool encrypted : {true, false}) {
            const KeyResult r = loadOrCreateKey(dir.path(), encrypted);
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(r.key, first.key);
            QCOMPARE(readAll(locationPath(dir)).trimmed(), QByteArray("file"));
        }
    }

    void looseKeyFilePermissions_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("0600") << 0600 << true;
        QTest::newRow("0400") << 0400 << true;
        QTest::newRow("0644") << 0644 << false;
        QTest::newRow("0640") << 0640 << false;
        QTest::newRow("0604") << 0604 << false;
        QTest::newRow("0620") << 0620 << false;
        QTest::newRow("0666") << 0666 << false;
    }
    void looseKeyFilePermissions()
    {
        QFETCH(int, mode);
        QFETCH(bool, accepted);
        QTemporaryDir dir;
        const KeyResult first = loadOrCreateKey(dir.path(), false);
        QVERIFY(first.ok());
        setMode(keyPath(dir), mode);
        for (bool encrypted : {true, false}) {
            const KeyResult r = loadOrCreateKey(dir.path(), encrypted);
            QCOMPARE(r.ok(), accepted);
            if (accepted) {
                QCOMPARE(r.key, first.key);
            } else {
                QVERIFY(r.key.isEmpty());
                QVERIFY2(r.error.contains(QString::number(mode, 8)), qPrintable(r.error));
                QVERIFY2(
                    r.error.contains(u"权限") && r.error.contains(u"group or others"), qPrintable(r.error));
            }
            // The file is never replaced or re-permissioned behind the user's back.
            QCOMPARE(readAll(keyPath(dir)), first.key);
            QCOMPARE(modeOf(keyPath(dir)), mode);
        }
    }

    void wrongSizeKeyFile_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("empty") << 0;
        QTest::newRow("16") << 16;
        QTest::newRow("31") << 31;
        QTest::newRow("33") << 33;
        QTest::newRow("64") << 64;
    }
    void wrongSizeKeyFile()
    {
        QFETCH(int, size);
        QTemporaryDir dir;
        QVERIFY(loadOrCreateKey(dir.path(), false).ok());
        const QByteArray bad(size, 'k');
        writeAll(keyPath(dir), bad);
        setMode(keyPath(dir), 0600);
        for (bool encrypted : {true, false}) {
            const KeyResult r = loadOrCreateKey(dir.path(), encrypted);
            QVERIFY(!r.ok());
            QVERIFY(r.key.isEmpty());
            QVERIFY2(r.error.contains(u"wrong size") && r.error.contains(u"大小不对"), qPrintable(r.error));
            QCOMPARE(readAll(keyPath(dir)), bad);
        }
    }

    void keyFileThatIsADirectory()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("station.key")));
        const KeyResult r = loadOrCreateKey(dir.path(), false);
        QVERIFY(!r.ok());
        QVERIFY(r.key.isEmpty());
    }

    void unrecognisedLocationRecord()
    {
        QTemporaryDir dir;
        writeAll(locationPath(dir), "usb-stick\n");
        const KeyResult r = loadOrCreateKey(dir.path(), false);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(u"key-location"), qPrintable(r.error));
        QVERIFY(!QFile::exists(keyPath(dir)));
    }

    void keychainRecordedButFileForced()
    {
        QTemporaryDir dir;
        writeAll(locationPath(dir), "keychain\n");
        const KeyResult r = loadOrCreateKey(dir.path(), true);
        QVERIFY2(saysKeyMissing(r), qPrintable(r.error));
        QVERIFY2(r.error.contains(u"LANXIN_KEY_STORE=file"), qPrintable(r.error));
        QVERIFY(!QFile::exists(keyPath(dir)));
        // With nothing encrypted yet, a new key goes to the forced file store.
        const KeyResult fresh = loadOrCreateKey(dir.path(), false);
        QVERIFY2(fresh.ok(), qPrintable(fresh.error));
        QCOMPARE(fresh.location, QStringLiteral("file"));
        QCOMPARE(readAll(locationPath(dir)).trimmed(), QByteArray("file"));
    }

#ifdef Q_OS_LINUX
    // Without a reachable session bus QtKeychain fails (OtherError): the key falls back to the
    // file store and says so. The bogus bus address keeps this off any real keyring.
    void fallsBackToTheFileWithoutAKeystore()
    {
        const QByteArray oldBus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/lanxin-test-bus");
        qunsetenv("LANXIN_KEY_STORE");
        QTemporaryDir dir;
        const KeyResult r = loadOrCreateKey(dir.path(), false);
        const KeyResult again = loadOrCreateKey(dir.path(), true);
        qputenv("LANXIN_KEY_STORE", "file");
        if (oldBus.isNull())
            qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        else
            qputenv("DBUS_SESSION_BUS_ADDRESS", oldBus);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.location, QStringLiteral("file"));
        QVERIFY(r.announcedFallback);
        QCOMPARE(modeOf(keyPath(dir)), 0600);
        QVERIFY2(again.ok(), qPrintable(again.error));
        QCOMPARE(again.key, r.key);
        QVERIFY(!again.announcedFallback);
    }
#endif
};

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
