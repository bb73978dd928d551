#pragma once

#include "migrations.h"

#include "core/result.h"

#include <QSqlDatabase>
#include <QString>

#include <QHash>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <span>

struct sqlite3;
struct sqlite3_stmt;

namespace lanxin {

/// One SQLite connection with Lanxin's settings: WAL, synchronous=FULL, foreign_keys=ON,
/// secure_delete=ON, a busy timeout, and numbered migrations on user_version.
/// Not thread-safe: use one Database per thread (WAL lets several read and one write at a time).
class Database
{
public:
    struct Options
    {
        int busyTimeoutMs = 5000;
        /// Stop migrating at this version (tests that build fixtures of earlier schemas); 0 = latest.
        int targetVersion = 0;
        /// Skip the integrity check at open (benchmarks of a fresh file; the app, which checks after
        /// its first frame with quickCheck() and fully at the next start when that failed).
        bool checkIntegrity = true;
        /// With checkIntegrity: `PRAGMA quick_check` instead of the full `integrity_check` (every page
        /// and record is still read and checked, but indexes are not matched against their tables:
        /// linear instead of N log N). The district's short-lived admin commands use it.
        bool quickIntegrityCheck = false;
        /// The page size of a new file, in bytes. SQLite fixes it when the file's first table is made, so
        /// an existing file keeps its own (the 4 KiB of files made before 2026-11-30 included). 16 KiB,
        /// not SQLite's 4 KiB: a push batch writes about a quarter as many WAL frames (one `pwrite`
        /// each), so the district's time per 500-record batch fell ~9 % and the station's take ~30 %,
        /// while a single save writes more bytes (p50 0.85 → 1.19 ms) and searches read no slower
        /// (docs/benchmarks.md, "16 KiB pages").
        int pageSize = 16 * 1024;
        /// SQLite's page cache: the resident table of a large station (20,000 residents) fits, so
        /// search keystrokes read memory, not the file.
        int cacheKiB = 16 * 1024;
        /// SQLite's automatic checkpoint, in WAL pages: a commit that crosses it copies the WAL into
        /// the database (and fsyncs it) before returning. The app runs a Checkpointer on its own
        /// thread instead and keeps this high, as a backstop, so a save on the UI thread pays only
        /// the WAL's own fsync. 1000 is SQLite's default.
        int autoCheckpointPages = 1000;
    };

    /// What open() found and did, for the app to tell staff.
    struct OpenReport
    {
        int fromVersion = 0;
        int toVersion = 0;
        QString backupPath;       ///< the copy kept before migrating, if any
        QString corruptMovedTo;   ///< where a corrupt file was moved, if one was found
    };

    /// A station database (the migrations of migrations.cpp).
    Database();
    /// A database with its own numbered migrations (the district server's store).
    explicit Database(std::span<const Migration> migrations);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Opens (creating if needed) and migrates. A corrupt file is moved aside and a new one made;
    /// a file from a newer app version is refused.
    [[nodiscard]] Result<OpenReport> open(const QString &path, const Options &options);
    [[nodiscard]] Result<OpenReport> open(const QString &path) { return open(path, Options{}); }
    void close();

    [[nodiscard]] QSqlDatabase &db() { return m_db; }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] int schemaVersion();
    /// The station schema's latest version.
    [[nodiscard]] static int latestVersion();
    /// The latest version of this database's own migrations.
    [[nodiscard]] int latestOwnVersion() const { return m_migrations.back().version; }

    /// How a transaction's COMMIT reaches the disk.
    enum class Commit {
        /// synchronous=FULL (SECURITY.md 1): the commit fsyncs the WAL before it returns; every save.
        Durable,
        /// synchronous=NORMAL for this one transaction: the commit is ordered in the WAL but not
        /// fsynced; the next Durable commit (of any connection: the WAL is one file, appended in
        /// order) or checkpoint makes it durable with everything before it. Only for bookkeeping
        /// whose loss on power failure is recovered by its owner (the sync take and acknowledgement,
        /// docs/sync-client.md "Durability of the push bookkeeping"). A crash of the process loses
        /// nothing: the WAL frames are written before COMMIT returns.
        Bookkeeping,
    };

    /// Runs `work` inside BEGIN IMMEDIATE ... COMMIT, retrying BEGIN with jittered backoff while the
    /// database is busy, for at most twice the busy timeout in all (then the error code is "busy").
    /// `work` returns an empty string on success or an error; on error it rolls back. Nested, it is a
    /// savepoint of the outer transaction, whose `commit` counts.
    [[nodiscard]] Result<void> transaction(const std::function<Result<void>()> &work, Commit commit = Commit::Durable);
    [[nodiscard]] bool inTransaction() const { return m_depth > 0; }

    /// A prepared statement for `sql`, compiled once per connection and reused (SQLite's prepare
    /// costs more than most of the statements we run). Use it to completion before preparing the
    /// same SQL again; values are bound by position with bind().
    [[nodiscard]] QSqlQuery &prepared(const QString &sql);
    /// Binds `values` by position and executes.
    [[nodiscard]] static bool run(QSqlQuery &q, const QVariantList &values);

    /// The connection's sqlite3 handle (QtSql's driver opened it), for the few hot paths that read and
    /// write columns as bytes with the SQLite C API (the sync take); nullptr when not open. Statements
    /// on it join the transaction of transaction() like any other.
    [[nodiscard]] sqlite3 *handle();
    /// A statement on handle() for `sql`, compiled once per connection and finalized at close(); returned
    /// reset, with no bindings. Reset it when done (a stepped SELECT holds its read snapshot). nullptr
    /// when it does not compile (rawError() tells why).
    [[nodiscard]] sqlite3_stmt *raw(const char *sql);
    /// The last SQLite C API error of this connection, in the shape queryError() gives.
    [[nodiscard]] Error rawError(const QString &what);

    /// Executes one statement without results; returns the error as a value.
    [[nodiscard]] Result<void> exec(const QString &sql);

    /// Sets a page limit so writes fail with SQLITE_FULL past it (tests of a full disk).
    void setMaxPageCount(int pages);

    [[nodiscard]] QString meta(const QString &key, const QString &fallback = {});
    [[nodiscard]] Result<void> setMeta(const QString &key, const QString &value);

    /// PRAGMA quick_check of the file at `path` on a connection of its own (call it from any one
    /// thread; it does not touch this object): true when "ok".
    [[nodiscard]] static Result<bool> quickCheck(const QString &path);

    /// An error from a failed query, in the shape the rest of Lanxin reports.
    [[nodiscard]] static Error queryError(const QSqlQuery &q, const QString &what);

private:
    [[nodiscard]] Result<void> configure(const Options &options);
    [[nodiscard]] Result<void> migrate(OpenReport &report, const Options &options);
    [[nodiscard]] bool integrityOk(bool quick = false);

    std::span<const Migration> m_migrations;
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    QHash<QByteArray, sqlite3_stmt *> m_raw;
    QString m_connection;
    QString m_path;
    int m_depth = 0;
    int m_busyTimeoutMs = 5000;
};

/// Makes the folder a program keeps its database in (with its parents) unless it is there; an error
/// saying why when it cannot, a file of that name included.
[[nodiscard]] Result<void> makeDataDir(const QString &dir);

} // namespace lanxin
