#include "testsupport.h"

#include "storage/checkpointer.h"
#include "storage/migrations.h"

#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>

using namespace lanxin;
using namespace lanxin::test;

class TestDatabase : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void pragmasAreSet()
    {
        TempStation t;
        QSqlQuery q(t.store.database().db());
        auto pragma = [&](const char *name) {
            q.exec(QStringLiteral("PRAGMA ") + QLatin1String(name));
            q.next();
            return q.value(0).toString();
        };
        QCOMPARE(pragma("journal_mode"), QStringLiteral("wal"));
        QCOMPARE(pragma("synchronous"), QStringLiteral("2")); // FULL
        QCOMPARE(pragma("foreign_keys"), QStringLiteral("1"));
        QCOMPARE(pragma("secure_delete"), QStringLiteral("1"));
        QCOMPARE(pragma("page_size"), QString::number(Database::Options{}.pageSize)); // a new file
        QCOMPARE(Database::Options{}.pageSize, 16384);
        QCOMPARE(t.store.database().schemaVersion(), Database::latestVersion());
    }

    // A Bookkeeping transaction commits with synchronous=NORMAL and only it: the connection is FULL
    // again afterwards, after a failed one too, and a nested one keeps the outer transaction's FULL.
    void aBookkeepingCommitIsNormalForItsOwnTransactionOnly()
    {
        TempStation t;
        Database &db = t.store.database();
        auto synchronous = [&] {
            QSqlQuery q(db.db());
            if (!q.exec(QStringLiteral("PRAGMA synchronous")) || !q.next())
                return -1;
            return q.value(0).toInt();
        };
        int inside = -1;
        QVERIFY(db.transaction([&]() -> Result<void> {
            inside = synchronous();
            return db.setMeta(QStringLiteral("bookkeeping"), QStringLiteral("1"));
        }, Database::Commit::Bookkeeping));
        QCOMPARE(inside, 1); // NORMAL
        QCOMPARE(synchronous(), 2);
        QCOMPARE(db.meta(QStringLiteral("bookkeeping")), QStringLiteral("1"));

        QVERIFY(!db.transaction([&]() -> Result<void> {
            inside = synchronous();
            return Error{QStringLiteral("test"), QStringLiteral("rolled back")};
        }, Database::Commit::Bookkeeping));
        QCOMPARE(inside, 1);
        QCOMPARE(synchronous(), 2);

        QVERIFY(db.transaction([&]() -> Result<void> {
            return db.transaction([&]() -> Result<void> {
                inside = synchronous();
                return {};
            }, Database::Commit::Bookkeeping);
        }));
        QCOMPARE(inside, 2); // the outer (a save) decides
        QVERIFY(db.transaction([&]() -> Result<void> {
            inside = synchronous();
            return {};
        }));
        QCOMPARE(inside, 2);
    }


    // The app's saves leave the WAL to the Checkpointer's thread: with the backstop high, commits
    // do not checkpoint; the Checkpointer copies every committed page into the file, and a new
    // connection (a restart) reads every record from the file and the WAL alike.
    void theCheckpointerCopiesTheWalOffTheSavingThread()
    {
        QTemporaryDir dir;
        Clock clock;
        clock.setFixed(kNow);
        Database::Options options;
        options.autoCheckpointPages = Checkpointer::kBackstopPages;
        QStringList ids;
        {
            StationStore store(&clock);
            QVERIFY(store.open(dir.path(), options));
            QSqlQuery q(store.database().db());
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) && q.next());
            QCOMPARE(q.value(0).toInt(), Checkpointer::kBackstopPages);
            q.finish();

            Checkpointer checkpointer(store.database().path(), std::chrono::hours(1)); // only when asked
            QSignalSpy copied(&checkpointer, &Checkpointer::checkpointed);
            checkpointer.start();
            for (int i = 0; i < 200; ++i) {
                auto r = store.residents().create(woman(QStringLiteral("王秀英"), QDate(1970, 1, 1).addDays(i)));
                QVERIFY(r);
                ids << r->envelope.id;
            }
            checkpointer.checkpointNow();
            QCOMPARE(copied.size(), 1);
            const int walPages = copied.first().at(0).toInt();
            QVERIFY2(walPages > 200, qPrintable(QString::number(walPages))); // nothing checkpointed on commit
            QCOMPARE(copied.first().at(1).toInt(), walPages); // no reader held anything back
            // More saves while it runs, then stop: they are in the WAL, committed.
            for (int i = 0; i < 20; ++i)
                ids << store.residents().create(woman(QStringLiteral("李红"), QDate(1980, 1, 1).addDays(i)))->envelope.id;
            checkpointer.stop();
        }
        StationStore reopened(&clock);
        QVERIFY(reopened.open(dir.path()));
        for (const QString &id : std::as_const(ids))
            QVERIFY(reopened.residents().get(id).has_value());
    }

    // Each committed fixture is a database as an earlier version of the app left it, with data.
    void migratesEveryEarlierVersion_data()
    {
        QTest::addColumn<int>("version");
        for (const Migration &m : migrations()) {
            if (m.version < Database::latestVersion())
                QTest::newRow(qPrintable(QStringLiteral("v%1").arg(m.version))) << m.version;
        }
    }
    void migratesEveryEarlierVersion()
    {
        QFETCH(int, version);
        const QString fixture = QFINDTESTDATA(QStringLiteral("../fixtures/schema-v%1.db").arg(version));
        QVERIFY2(!fixture.isEmpty(), "missing fixture: make it with build/tests/storage/make_fixture N tests/fixtures/schema-vN.db");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lanxin.db"));
        QVERIFY(QFile::copy(fixture, path));
        QFile header(fixture);
        QVERIFY(header.open(QIODevice::ReadOnly));
        const QByteArray first = header.read(18);
        QCOMPARE(first.size(), 18);
        const int pageSize = (static_cast<uchar>(first[16]) << 8) | static_cast<uchar>(first[17]); // SQLite's file header
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        Database db;
        auto report = db.open(path);
        QVERIFY2(report, qPrintable(report.error().message));
        QCOMPARE(report->fromVersion, version);
        QCOMPARE(report->toVersion, Database::latestVersion());
        QVERIFY(QFile::exists(report->backupPath));
        QCOMPARE(db.schemaVersion(), Database::latestVersion());
        // The fixture's rows survive: three residents and their outbox entries.
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM resident")) && q.next());
        QCOMPARE(q.value(0).toInt(), 3);
        // v6: an entry in a batch in flight moved into the batch's row.
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox")) && q.next());
        QCOMPARE(q.value(0).toInt(), version >= 4 ? 2 : 3);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sync_batch, json_each(sync_batch.entries) e "
                                      "WHERE e.value ->> 2 = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52' "
                                      "AND e.value ->> 1 = 'resident' AND e.value -> 3 ->> 'name' LIKE '1764295200000-0002-%' "
                                      "AND sync_batch.ids = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52' || char(10)")) && q.next());
        QCOMPARE(q.value(0).toInt(), version >= 4 ? 1 : 0);
        QVERIFY(q.exec(QStringLiteral("SELECT name FROM resident ORDER BY id")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("张秀英"));
        // v3 indexed the characters of existing names for substring search.
        if (version < 3) {
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM resident_name_char WHERE ch = '秀'")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
        }
        // v5: each record names its open outbox entry; an entry in a batch in flight is no record's.
        const int open = version >= 4 ? 2 : 3;
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM resident r JOIN outbox o ON o.seq = r.open_seq "
                                      "AND o.record_id = r.id")) && q.next());
        QCOMPARE(q.value(0).toInt(), open);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM resident WHERE open_seq IS NOT NULL")) && q.next());
        QCOMPARE(q.value(0).toInt(), open);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'outbox_open'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        // An existing file keeps its page size (the fixtures up to v4 were made with SQLite's 4 KiB).
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
        QCOMPARE(q.value(0).toInt(), pageSize);
        if (version <= 4)
            QCOMPARE(pageSize, 4096);
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        // And the backup is the old version, untouched.
        Database old;
        QVERIFY(old.open(report->backupPath, {.busyTimeoutMs = 1000, .targetVersion = version}));
        QCOMPARE(old.schemaVersion(), version);
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lanxin.db"));
        {
            Database db;
            QVERIFY(db.open(path));
            QVERIFY(db.exec(QStringLiteral("PRAGMA user_version = %1").arg(Database::latestVersion() + 1)));
        }
        Database db;
        auto r = db.open(path);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("newer_schema"));
        QVERIFY(r.error().message.contains(QStringLiteral("更新版本")));
        QVERIFY(QFile::exists(path)); // left as it was
    }

    void aCorruptFileIsMovedAsideAndReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lanxin.db"));
        {
            Database db;
            QVERIFY(db.open(path));
        }
        // Overwrite the middle of the file with garbage, as a failing flash card would.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        f.seek(0);
        f.write(QByteArray(static_cast<int>(std::min<qint64>(size, 8192)), '\x5a'));
        f.close();
        Database db;
        auto r = db.open(path);
        QVERIFY2(r, qPrintable(r.error().message));
        QVERIFY(!r->corruptMovedTo.isEmpty());
        QVERIFY(QFile::exists(r->corruptMovedTo));
        QCOMPARE(db.schemaVersion(), Database::latestVersion());
    }

    void aCorruptPageIsFoundByTheQuickCheckToo()
    {
        // The district's admin commands open with PRAGMA quick_check instead of integrity_check: a page
        // of garbage in the middle of the file (the header intact) must still be found and moved aside.
        for (const bool quick : {false, true}) {
            QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("lanxin.db"));
            {
                Database db;
                QVERIFY(db.open(path));
                QVERIFY(db.exec(QStringLiteral("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")));
                QVERIFY(db.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
                                               "INSERT INTO filler (text) SELECT printf('%0200d', i) FROM n")));
            }
            const int page = Database::Options{}.pageSize;
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 size = f.size();
            QVERIFY(size >= 5 * page);
            f.seek(size - 2 * page); // a leaf page of `filler`
            f.write(QByteArray(page, '\x5a'));
            f.close();
            Database db;
            Database::Options o;
            o.quickIntegrityCheck = quick;
            auto r = db.open(path, o);
            QVERIFY2(r, qPrintable(r.error().message));
            QVERIFY2(!r->corruptMovedTo.isEmpty(), quick ? "quick_check" : "integrity_check");
        }
    }

    void aFullDiskFailsTheSaveAndKeepsEarlierData()
    {
        TempStation t;
        QList<QString> saved;
        for (int i = 0; i < 20; ++i) {
            auto r = t.store.residents().create(woman(QStringLiteral("刘娟%1").arg(i), QDate(1970, 1, 1 + i)));
            QVERIFY(r);
            saved << r->envelope.id;
        }
        QSqlQuery q(t.store.database().db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
        t.store.database().setMaxPageCount(q.value(0).toInt());
        Error last;
        int failures = 0;
        for (int i = 0; i < 400; ++i) {
            Resident big = woman(QStringLiteral("满盘%1").arg(i), QDate(1971, 1, 1));
            big.address = QString(200, QChar(0x6751));
            auto r = t.store.residents().create(big);
            if (!r) {
                last = r.error();
                ++failures;
            }
        }
        QVERIFY(failures > 0);
        QCOMPARE(last.code, QStringLiteral("disk_full"));
        QVERIFY(last.message.contains(QStringLiteral("存储空间已满")));
        for (const QString &id : saved)
            QVERIFY(t.store.residents().get(id));
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
    }

    void canaryValuesAreInNoByteOfTheDataDir()
    {
        const QByteArray idCanary = "11010519491231002X";
        const QByteArray phoneCanary = "13912345678";
        const QByteArray notesCanary = "CANARY-家暴细节";
        QString dataDir;
        {
            TempStation t;
            t.dir.setAutoRemove(false);
            dataDir = t.dir.path();
            Resident r = woman(QStringLiteral("金丽"), QDate(1949, 12, 31));
            r.idNumber = QString::fromLatin1(idCanary);
            r.phone = QString::fromLatin1(phoneCanary);
            auto created = t.store.residents().create(r);
            QVERIFY2(created, qPrintable(created.error().message));
            FamilyVisit v;
            v.residentId = created->envelope.id;
            v.visitedAt = t.clock.now();
            v.riskLevel = QStringLiteral("low");
            v.notes = QString::fromUtf8(notesCanary);
            QVERIFY(t.store.visits().create(v));
            // Found by blind index, decrypted for the screen.
            QCOMPARE(t.store.residents().findByIdNumber(QString::fromLatin1(idCanary))->phone, QString::fromLatin1(phoneCanary));
            QCOMPARE(t.store.residents().search(QStringLiteral("5678")).size(), 1);
            QCOMPARE(t.store.residents().search(QStringLiteral("002X")).size(), 1);
            // Inspect while the WAL still holds the writes, and again after closing.
            for (const QString &when : {QStringLiteral("open"), QStringLiteral("closed")}) {
                if (when == QLatin1String("closed"))
                    t.store.database().close();
                QDirIterator it(dataDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
                int files = 0;
                while (it.hasNext()) {
                    QFile f(it.next());
                    QVERIFY(f.open(QIODevice::ReadOnly));
                    const QByteArray bytes = f.readAll();
                    ++files;
                    for (const QByteArray &canary : {idCanary, phoneCanary, notesCanary, QByteArray("12345678"), QByteArray("19491231002")})
                        QVERIFY2(!bytes.contains(canary), qPrintable(when + u' ' + f.fileName() + u' ' + QString::fromUtf8(canary)));
                }
                QVERIFY(files >= 2);
            }
        }
        QDir(dataDir).removeRecursively();
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
