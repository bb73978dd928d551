#include "database.h"

#include "migrations.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcStorage, "lanxin.storage")

namespace lanxin {
namespace {

constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;

/// The error staff see for a failed statement, by SQLite's primary result code (QtSql's and the C
/// API's paths alike).
Error errorOf(int code, const QString &what, const QString &text)
{
    if (code == SQLITE_FULL)
        return {QStringLiteral("disk_full"),
                bilingual(QStringLiteral("存储空间已满，未保存：%1").arg(what),
                          QStringLiteral("Storage is full, not saved: %1").arg(what))};
    if (code == SQLITE_IOERR)
        return {QStringLiteral("io_error"),
                bilingual(QStringLiteral("读写存储出错，未保存：%1").arg(what),
                          QStringLiteral("A storage read/write error, not saved: %1").arg(what))};
    if (code == kSqliteBusy || code == kSqliteLocked)
        return {QStringLiteral("busy"), bilingual(QStringLiteral("数据库正忙：%1").arg(what),
                                                  QStringLiteral("The database is busy: %1").arg(what))};
    return {QStringLiteral("database_error"),
            bilingual(QStringLiteral("数据库错误（%1）").arg(what), QStringLiteral("Database error (%1): %2").arg(what, text))};
}

/// SQLite's primary result code of a failed statement (QtSql gives the extended one as text).
int primaryCode(const QSqlError &e)
{
    return e.nativeErrorCode().toInt() & 0xff;
}

/// SQLite found the file is not a database, or a damaged one (SQLITE_NOTADB, SQLITE_CORRUPT): only
/// then is the file moved aside. A file this user may not read or write, a lock or an I/O error is
/// not damage, and moving the file would hide a good database behind a new empty one.
bool isDamage(const QSqlError &e)
{
    const int code = primaryCode(e);
    return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

bool isBusy(const QSqlError &e)
{
    const int code = primaryCode(e);
    return code == kSqliteBusy || code == kSqliteLocked;
}

/// A file or folder this user may not use, and whose it is, so that the command is run again as its owner:
/// `zh` and `en` take the path (%1) and the owner (%2).
Error noPermission(const QString &zh, const QString &en, const QFileInfo &info)
{
    return {QStringLiteral("open_failed"), bilingual(zh.arg(info.filePath(), info.owner()) + QStringLiteral("，请以该用户运行"),
                                                     en.arg(info.filePath(), info.owner()) + QStringLiteral("; run as that user"))};
}

QStringList splitStatements(const char *sql)
{
    QStringList out;
    for (const QString &s : QString::fromUtf8(sql).split(QStringLiteral(";\n"))) {
        if (!s.trimmed().isEmpty())
            out << s;
    }
    return out;
}

bool copyWithSidecars(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

void moveWithSidecars(const QString &from, const QString &to)
{
    QFile::rename(from, to);
    for (const char *suffix : {"-wal", "-shm"}) {
        if (QFile::exists(from + QLatin1String(suffix)))
            QFile::rename(from + QLatin1String(suffix), to + QLatin1String(suffix));
    }
}

} // namespace

Database::Database()
    : Database(migrations())
{
}

Database::Database(std::span<const Migration> migrations)
    : m_migrations(migrations)
    , m_connection(QStringLiteral("lanxin-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

Database::~Database()
{
    close();
}

QSqlQuery &Database::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_shared<QSqlQuery>(m_db);
        q->setForwardOnly(true);
        q->prepare(sql); // on failure exec() fails and reports the error
        it = m_statements.insert(sql, q);
    }
    return **it;
}

bool Database::run(QSqlQuery &q, const QVariantList &values)
{
    for (qsizetype i = 0; i < values.size(); ++i)
        q.bindValue(static_cast<int>(i), values[i]);
    return q.exec();
}

sqlite3 *Database::handle()
{
    if (!m_db.isValid() || !m_db.isOpen())
        return nullptr;
    const QVariant v = m_db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

sqlite3_stmt *Database::raw(const char *sql)
{
    const QByteArray key = QByteArray::fromRawData(sql, qstrlen(sql));
    if (auto it = m_raw.constFind(key); it != m_raw.cend()) {
        sqlite3_reset(*it);
        sqlite3_clear_bindings(*it);
        return *it;
    }
    sqlite3 *h = handle();
    sqlite3_stmt *st = nullptr;
    if (!h || sqlite3_prepare_v3(h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
        sqlite3_finalize(st);
        return nullptr;
    }
    m_raw.insert(QByteArray(sql), st);
    return st;
}

Error Database::rawError(const QString &what)
{
    sqlite3 *h = handle();
    const int code = h ? sqlite3_extended_errcode(h) & 0xff : SQLITE_ERROR;
    return errorOf(code, what, h ? QString::fromUtf8(sqlite3_errmsg(h)) : QStringLiteral("not open"));
}

void Database::close()
{
    for (sqlite3_stmt *st : std::as_const(m_raw))
        sqlite3_finalize(st);
    m_raw.clear();
    m_statements.clear();
    if (m_db.isValid()) {
        if (m_db.isOpen())
            m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

int Database::latestVersion()
{
    return migrations().back().version;
}

Error Database::queryError(const QSqlQuery &q, const QString &what)
{
    const QSqlError e = q.lastError();
    return errorOf(e.nativeErrorCode().toInt() & 0xff, what, e.databaseText());
}

Result<void> Database::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return queryError(q, sql.left(60));
    return {};
}

Result<Database::OpenReport> Database::open(const QString &path, const Options &options)
{
    close();
    m_path = path;
    OpenReport report;

    // Checked first, since SQLite would report it only as a file it cannot open (and root may do anything).
    if (const QFileInfo info(path); info.exists() && (!info.isReadable() || !info.isWritable()))
        return noPermission(QStringLiteral("没有读写数据库 %1 的权限（属于用户 %2）"),
                            QStringLiteral("No permission to read and write the database %1 (it belongs to user %2)"), info);
    // WAL mode writes its -wal and -shm files beside the database, even to read.
    if (const QFileInfo folder(QFileInfo(path).absolutePath()); folder.isDir() && !folder.isWritable())
        return noPermission(QStringLiteral("没有在文件夹 %1 中写入的权限（属于用户 %2）"),
                            QStringLiteral("No permission to write in the folder %1 (it belongs to user %2)"), folder);

    auto connect = [&]() -> Result<void> {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs));
        if (!m_db.open())
            return Error{QStringLiteral("open_failed"),
                         bilingual(QStringLiteral("无法打开数据库 %1").arg(path),
                                   QStringLiteral("Cannot open the database %1: %2").arg(path, m_db.lastError().text()))};
        return configure(options);
    };

    auto opened = connect();
    if (opened && options.checkIntegrity && QFileInfo(path).size() > 0 && !integrityOk(options.quickIntegrityCheck))
        opened = Error{QStringLiteral("corrupt"), QString()};
    if (!opened) {
        if (opened.error().code != QLatin1String("corrupt") || !QFileInfo::exists(path) || QFileInfo(path).size() == 0)
            return opened.error();
        // A file that cannot be read as a database is kept for investigation, never overwritten.
        close();
        const QString aside = path + QStringLiteral(".corrupt-")
            + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        moveWithSidecars(path, aside);
        qCInfo(lcStorage) << "corrupt database moved aside to" << aside; // the caller says so to the user
        report.corruptMovedTo = aside;
        if (auto again = connect(); !again)
            return again.error();
    }

    if (auto migrated = migrate(report, options); !migrated) {
        close();
        return migrated.error();
    }
    return report;
}

Result<void> Database::configure(const Options &options)
{
    m_busyTimeoutMs = options.busyTimeoutMs;
    const QStringList pragmas{
        // First, before journal_mode writes the header of a new file; a no-op on an existing one.
        QStringLiteral("PRAGMA page_size = %1").arg(options.pageSize),
        QStringLiteral("PRAGMA busy_timeout = %1").arg(options.busyTimeoutMs),
        QStringLiteral("PRAGMA journal_mode = WAL"),
        QStringLiteral("PRAGMA synchronous = FULL"),
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA secure_delete = ON"),
        QStringLiteral("PRAGMA temp_store = MEMORY"),
        QStringLiteral("PRAGMA cache_size = -%1").arg(std::max(64, options.cacheKiB)),
        QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(std::max(1, options.autoCheckpointPages)),
    };
    for (const QString &p : pragmas) {
        QSqlQuery q(m_db);
        if (!q.exec(p))
            return Error{isDamage(q.lastError()) ? QStringLiteral("corrupt") : QStringLiteral("open_failed"),
                         bilingual(QStringLiteral("无法打开数据库 %1").arg(m_path),
                                   QStringLiteral("Cannot open the database %1: %2").arg(m_path, q.lastError().text()))};
    }
    return {};
}

bool Database::integrityOk(bool quick)
{
    QSqlQuery q(m_db);
    if (!q.exec(quick ? QStringLiteral("PRAGMA quick_check") : QStringLiteral("PRAGMA integrity_check")) || !q.next())
        return false;
    return q.value(0).toString() == QLatin1String("ok");
}

int Database::schemaVersion()
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

Result<void> Database::migrate(OpenReport &report, const Options &options)
{
    const int target = options.targetVersion > 0 ? options.targetVersion : latestOwnVersion();
    const int current = schemaVersion();
    report.fromVersion = report.toVersion = current;
    if (current < 0)
        return Error{QStringLiteral("corrupt"), bilingual(QStringLiteral("无法读取数据库版本"),
                                                          QStringLiteral("Cannot read the schema version"))};
    if (current > latestOwnVersion())
        return Error{QStringLiteral("newer_schema"),
                     bilingual(QStringLiteral("数据库来自更新版本的兰馨（版本 %1，本程序支持到 %2），请升级程序")
                                   .arg(current)
                                   .arg(latestOwnVersion()),
                               QStringLiteral("The database is from a newer Lanxin (schema %1, this app knows up to "
                                              "%2): update the app")
                                   .arg(current)
                                   .arg(latestOwnVersion()))};
    if (current >= target)
        return {};

    if (current > 0) {
        // Keep a copy of the file as it was before migrating: checkpoint so the copy is whole.
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        report.backupPath = m_path + QStringLiteral(".before-v%1").arg(target);
        if (!copyWithSidecars(m_path, report.backupPath))
            return Error{QStringLiteral("backup_failed"),
                         bilingual(QStringLiteral("升级前无法备份数据库，未升级"),
                                   QStringLiteral("Could not back up the database before migrating; nothing changed"))};
    }

    for (const Migration &m : m_migrations) {
        if (m.version <= current || m.version > target)
            continue;
        auto step = transaction([&]() -> Result<void> {
            for (const QString &sql : splitStatements(m.sql)) {
                if (auto r = exec(sql); !r)
                    return r;
            }
            return exec(QStringLiteral("PRAGMA user_version = %1").arg(m.version));
        });
        if (!step)
            return Error{step.error().code,
                         bilingual(QStringLiteral("数据库升级到版本 %1 失败，原文件未改动").arg(m.version),
                                   QStringLiteral("Migration to schema %1 failed; the file is unchanged: %2")
                                       .arg(m.version)
                                       .arg(step.error().message))};
        qCInfo(lcStorage) << "migrated to schema" << m.version << m.description;
        report.toVersion = m.version;
    }
    return {};
}

Result<void> Database::transaction(const std::function<Result<void>()> &work, Commit commit)
{
    if (m_depth > 0) {
        // Nested: a savepoint inside the outer transaction, so a failed part (one bad row of an
        // import) rolls back alone while the outer transaction commits the rest.
        // Prepared once per depth: an import opens one per row.
        const QString sp = QStringLiteral("lanxin_sp%1").arg(m_depth);
        QSqlQuery &open = prepared(QStringLiteral("SAVEPOINT ") + sp);
        if (!run(open, {}))
            return queryError(open, QStringLiteral("SAVEPOINT"));
        ++m_depth;
        auto r = work();
        --m_depth;
        if (!r) {
            QSqlQuery &undo = prepared(QStringLiteral("ROLLBACK TO ") + sp);
            (void)run(undo, {});
        }
        QSqlQuery &release = prepared(QStringLiteral("RELEASE ") + sp);
        (void)run(release, {});
        return r;
    }

    // synchronous is the connection's setting, read at COMMIT: lowered for this transaction only and
    // put back whatever happens (a failed PRAGMA leaves FULL: the safe side).
    struct Synchronous
    {
        Database &db;
        bool lowered = false;
        ~Synchronous()
        {
            if (lowered)
                (void)run(db.prepared(QStringLiteral("PRAGMA synchronous = FULL")), {});
        }
    } synchronous{*this};
    if (commit == Commit::Bookkeeping)
        synchronous.lowered = run(prepared(QStringLiteral("PRAGMA synchronous = NORMAL")), {});

    // busy_timeout covers most waits; BEGIN IMMEDIATE can still report BUSY at once when another
    // writer holds the lock, so retry with jittered, growing backoff. The whole wait (each BEGIN's own
    // busy wait included) is bounded by twice the busy timeout; then the caller gets "busy".
    QSqlQuery begin(m_db);
    QElapsedTimer waited;
    waited.start();
    for (int attempt = 0;; ++attempt) {
        if (begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
            break;
        if (!isBusy(begin.lastError()) || waited.elapsed() > 2LL * m_busyTimeoutMs)
            return queryError(begin, QStringLiteral("BEGIN"));
        const int sleep = 5 + QRandomGenerator::global()->bounded(5 << std::min(attempt, 6));
        QThread::msleep(sleep);
    }

    m_depth = 1;
    Result<void> r = work();
    m_depth = 0;
    QSqlQuery end(m_db);
    if (r) {
        if (end.exec(QStringLiteral("COMMIT")))
            return r;
        Error e = queryError(end, QStringLiteral("COMMIT"));
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        return e;
    }
    QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    return r;
}

void Database::setMaxPageCount(int pages)
{
    QSqlQuery(m_db).exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
}

QString Database::meta(const QString &key, const QString &fallback)
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    QString value = fallback;
    if (run(q, {key}) && q.next())
        value = q.value(0).toString();
    q.finish();
    return value;
}

Result<void> Database::setMeta(const QString &key, const QString &value)
{
    QSqlQuery &q = prepared(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    if (!run(q, {key, value}))
        return queryError(q, QStringLiteral("meta ") + key);
    return {};
}

} // namespace lanxin

namespace lanxin {

Result<bool> Database::quickCheck(const QString &path)
{
    const QString name = QStringLiteral("lanxin-check-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            ok = q.exec(QStringLiteral("PRAGMA quick_check")) && q.next() && q.value(0).toString() == QLatin1String("ok");
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (!error.isEmpty())
        return Error{QStringLiteral("open_failed"), bilingual(QStringLiteral("无法打开数据库检查"),
                                                              QStringLiteral("Cannot open the database to check it: %1").arg(error))};
    return ok;
}

Result<void> makeDataDir(const QString &dir)
{
    if (const QFileInfo info(dir); info.exists() && !info.isDir())
        return Error{QStringLiteral("data_dir"), bilingual(QStringLiteral("数据目录 %1 是一个文件，不是文件夹").arg(dir),
                                                           QStringLiteral("The data directory %1 is a file, not a folder").arg(dir))};
    if (!QDir().mkpath(dir))
        return Error{QStringLiteral("data_dir"), bilingual(QStringLiteral("无法创建数据目录 %1").arg(dir),
                                                           QStringLiteral("Cannot create the data directory %1").arg(dir))};
    return {};
}

} // namespace lanxin
