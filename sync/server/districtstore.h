#pragma once

#include "protocol/messages.h"
#include "protocol/recordcodec.h"
#include "recordkey.h"

#include "core/clock.h"
#include "core/hlc.h"
#include "core/result.h"
#include "storage/database.h"
#include "storage/fieldcipher.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <QDate>
#include <QHash>
#include <QSet>
#include <QSqlQuery>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace lanxin::district {

struct StationRow
{
    QString code;
    QString name;
    QString town;
    QStringList villages;
    QString recordId;
    int devices = 0;     ///< devices enrolled and not revoked
    QString lastSync;    ///< the latest request of any of its devices, or empty
};

struct DeviceRow
{
    QString id;
    QString stationCode;
    QString name;
    bool revoked = false;
    qint64 pushesAcknowledged = 0;
    QString enrolledAt;
    QString lastSeenAt;
};

/// What an enrollment gave: the device's token (shown once, stored only hashed) and its station.
struct Enrolled
{
    QString token;
    protocol::StationInfo station;
};

/// The answer to a push and whether it is a stored one (a re-sent batch).
struct PushAnswer
{
    QByteArray body;
    bool replayed = false;
    int applied = 0;
    int unchanged = 0;
    int rejected = 0;
};

struct AuditCheck
{
    qint64 entries = 0;
    qint64 firstBroken = 0; ///< seq of the first broken entry; 0 when the chain holds
    QString reason;
};

/// Live records per record kind, per station.
struct Stats
{
    QMap<QString, QMap<QString, qint64>> perStation; ///< station code → kind → count
};

/// The district server's own store (SQLite: WAL, synchronous=FULL, numbered migrations): stations,
/// devices, codes, records (one row each, its fields with their HLC stamps in one column) merged
/// last-writer-wins per field, the
/// change sequence, stored push answers, sensitive fields encrypted at rest, and the hash-chained audit log.
/// Every write is one transaction that appends its audit entry inside it, so admin commands in other
/// processes can write while `serve` runs. Not thread-safe.
class DistrictStore
{
public:
    explicit DistrictStore(const Clock *clock = nullptr);
    ~DistrictStore();
    DistrictStore(const DistrictStore &) = delete;
    DistrictStore &operator=(const DistrictStore &) = delete;

    /// Opens (creating) `dataDir`/district.db and its key: `keyFile` when given, else `dataDir`/keys
    /// (32 random bytes, 0600, made at the first start). Never makes a new key for a database that has one.
    /// A write waits at most about twice `busyTimeoutMs` for another process's write (then "busy").
    /// `check`: the file is checked at open with `PRAGMA integrity_check` (Full: `serve`, SECURITY.md 3)
    /// or `PRAGMA quick_check` (Quick: the admin commands); a file that fails is moved aside.
    enum class OpenCheck { Full, Quick };
    [[nodiscard]] Result<void> open(const QString &dataDir, const QString &keyFile = {}, int busyTimeoutMs = 5000,
                                    OpenCheck check = OpenCheck::Full);
    [[nodiscard]] static QString databasePath(const QString &dataDir);
    /// Before open(): SQLite's automatic checkpoint threshold in WAL pages (1000 by default). `serve`
    /// sets it high and runs a Checkpointer, so a push's commit does not copy the WAL into the file.
    void setAutoCheckpointPages(int pages) { m_autoCheckpointPages = pages; }

    [[nodiscard]] Database &database() { return m_db; }
    [[nodiscard]] const Clock &clock() const { return *m_clock; }
    /// A district HLC stamp for `server_time` (and for the district's own writes).
    [[nodiscard]] Hlc serverTime();

    // ---- stations ----
    /// Adds a station (and its `station` record). Exists already: error "exists".
    [[nodiscard]] Result<StationRow> addStation(const QString &code, const QString &name, const QString &town,
                                                const QStringList &villages, const QString &actor);
    /// Adds or updates (only what differs); returns true when something changed.
    [[nodiscard]] Result<bool> upsertStation(const QString &code, const QString &name, const QString &town,
                                             const QStringList &villages, const QString &actor);
    [[nodiscard]] std::optional<StationRow> station(const QString &code);
    [[nodiscard]] QList<StationRow> stations();

    // ---- enrollment and devices ----
    /// A new one-time code for `stationCode`, valid 72 h, formatted XXXX-XXXX.
    [[nodiscard]] Result<QString> newEnrollmentCode(const QString &stationCode, const QString &actor);
    /// Enrolls per SYNC-PROTOCOL.md; errors enrollment_code_invalid / device_id_taken (nothing stored then).
    [[nodiscard]] Result<Enrolled> enroll(const protocol::EnrollRequest &request, const QString &peer);
    /// The device of a bearer token, if enrolled and not revoked (looked up on every request).
    [[nodiscard]] std::optional<DeviceRow> deviceByToken(const QString &token);
    [[nodiscard]] QList<DeviceRow> devices();
    [[nodiscard]] Result<void> revokeDevice(const QString &deviceId, const QString &actor);
    /// A one-time PIN recovery code for `stationCode`, valid 24 h.
    [[nodiscard]] Result<QString> newRecoveryCode(const QString &stationCode, const QString &actor);
    /// Consumes a recovery code of the device's station; error "recovery_code_invalid".
    [[nodiscard]] Result<void> useRecoveryCode(const DeviceRow &device, const QString &code);

    // ---- sync ----
    /// Applies a parsed push in one transaction (or returns the stored answer of a batch already
    /// committed) and returns the answer, stored inside the same transaction.
    [[nodiscard]] Result<PushAnswer> push(const DeviceRow &device, const protocol::ParsedPush &push);
    /// A page of changes for the device's station after `query.cursor`; error bad_cursor.
    [[nodiscard]] Result<protocol::PullResponse> pull(const DeviceRow &device, const protocol::PullQuery &query);
    [[nodiscard]] protocol::ReceiptResponse receipt(const QString &stationCode);
    /// Marks the device seen now (last sync); not audited.
    void touchDevice(const QString &deviceId);

    // ---- district-made records (stamped by node "district") ----
    [[nodiscard]] Result<QString> addStaff(const QString &stationCode, const QString &name, const QString &role,
                                           const QString &actor);
    [[nodiscard]] Result<QString> addFacility(const QString &code, const QString &name, const QString &town,
                                              const QString &type, const QString &actor);
    [[nodiscard]] Result<QString> addTrainingOffer(const QVariantMap &values, const QString &actor);
    /// The record as the server holds it (every field with its stamp), for tests and tools.
    [[nodiscard]] std::optional<protocol::WireRecord> record(const QString &id);

    // ---- reports ----
    [[nodiscard]] Stats stats();
    [[nodiscard]] AuditCheck verifyAudit();
    [[nodiscard]] qint64 lastSeq();

private:
    /// A record as stored before a change: its envelope, who made its latest change, and its fields
    /// (one `fields` column: every field's value or ciphertext, stamp, change sequence and writer),
    /// decoded from `raw` when first needed.
    struct Current
    {
        QString kind;
        QString stationId;
        qint64 seq = 0;
        Hlc greatest;
        bool deleted = false;
        QString writer;        ///< the device (or "district") that made the latest change (seq)
        qint64 otherSeq = 0;   ///< the latest change of a field whose writer is not `writer`; 0 if none
        QByteArray raw;        ///< the stored `fields` column
        bool fieldsLoaded = false;
        bool envelopeOnly = false; ///< only kind and station were read (a parent check); read again for more
        struct Field
        {
            Hlc stamp;
            qint64 seq = 0;    ///< the change that last set it
            QString writer;    ///< the device (or "district") that sent it
            QJsonValue value;  ///< the value; null when sensitive and set
            QString secret;    ///< base64 of the encrypted JSON text of a sensitive value, else empty
        };
        QMap<QString, Field> fields;
    };
    [[nodiscard]] Result<void> reportMovedAside(const QString &aside);
    [[nodiscard]] Result<void> loadKey(const QString &dataDir, const QString &keyFile);
    /// The stations with their device counts; only `code`'s when it is not null.
    [[nodiscard]] QList<StationRow> selectStations(const QString &code);
    [[nodiscard]] Result<void> audit(const QString &actor, const QString &action, const QString &detail);
    [[nodiscard]] Result<qint64> nextSeq();
    [[nodiscard]] Result<void> storeSeq();
    void restoreHlc();
    [[nodiscard]] Result<void> saveHlc();
    /// How much of a stored record a caller needs: the envelope (a parent check), the whole row with its
    /// fields text undecoded (storedValue() reads single fields from it), or the decoded fields.
    enum class Need { Envelope, Row, Fields };
    /// A one-time code for `stationCode` stored hashed in `table` (enrollment_code or recovery_code),
    /// valid for `lifetimeMs`, audited as `auditAction`; the code itself is returned, never stored.
    [[nodiscard]] Result<QString> newOneTimeCode(const char *table, qint64 lifetimeMs, const QString &stationCode,
                                                 const QString &actor, const QString &auditAction);
    /// The record as stored (inside a push: as the batch has left it so far), read as far as `need`;
    /// what the batch cache holds already is not read again.
    [[nodiscard]] std::optional<Current> current(const QString &id, Need need = Need::Fields);
    static void loadFields(Current &c);
    [[nodiscard]] Result<void> convertV2IfNeeded();
    /// Reads the records `ids` (whole rows, their fields decoded when first needed) into the batch cache,
    /// or only their kind and station when `envelopesOnly` (parents named by the batch), in one query
    /// per 1,000 ids. Records already in the cache are not read again.
    void prefetch(const QList<QString> &ids, bool envelopesOnly);
    /// The `fields` column of a record not held before (every field from `writes`, the last write of a
    /// field winning), with its greatest stamp and tombstone flag.
    [[nodiscard]] QByteArray encodeNewFields(const protocol::WireRecord &record, const QList<FieldWrite> &writes,
                                             const QString &writer, qint64 seq, Hlc *greatest, bool *deleted) const;
#ifndef QT_NO_DEBUG
    /// Debug builds: asserts that `raw` (encodeNewFields' text) is what the general writer gives.
    void checkNewFields(const protocol::WireRecord &record, const QList<FieldWrite> &writes, const QString &writer,
                        qint64 seq, const QByteArray &raw) const;
#endif
    /// A statement on the connection's own sqlite3 handle (UTF-8 binds, no QVariant), prepared once;
    /// nullptr when it cannot be prepared (sqlError() says why).
    [[nodiscard]] sqlite3_stmt *statement(const char *sql);
    [[nodiscard]] Error sqlError(const QString &what) const;
    /// The typed value of one stored field of a record, or an invalid QVariant.
    [[nodiscard]] QVariant storedValue(Kind kind, const QString &id, const Current &c, const QString &field) const;
    /// A statement prepared once per connection and reused (bind by position, then exec).
    [[nodiscard]] QSqlQuery &cached(const char *sql);
    /// Keeps the receipt digests (per station and kind) in step with a record's greatest stamp.
    void noteDigest(const QString &stationId, Kind kind, const QString &id, const std::optional<Hlc> &oldGreatest,
                    const Hlc &newGreatest);
    [[nodiscard]] Result<void> flushDigests();
    [[nodiscard]] Result<void> rebuildDigestsIfNeeded();
    [[nodiscard]] Result<void> writeFields(const protocol::WireRecord &record, const QList<FieldWrite> &writes,
                                           const std::optional<Current> &before, const QString &writer,
                                           qint64 seq);
    /// Writes the record row of `c` (the record as it now is) and notes its receipt digest change.
    [[nodiscard]] Result<void> storeRecord(const protocol::WireRecord &record, Current c,
                                           const std::optional<Hlc> &oldGreatest);
    [[nodiscard]] Result<QString> createDistrictRecord(Kind kind, const QString &stationId, const QVariantMap &values,
                                                       const QString &actor, const QString &auditDetail);
    [[nodiscard]] Result<bool> updateDistrictRecord(Kind kind, const QString &id, const QString &stationId,
                                                    const QVariantMap &values);
    [[nodiscard]] std::optional<protocol::RecordError> checkRecord(const protocol::WireRecord &record,
                                                                   const QList<FieldWrite> &accepted,
                                                                   const std::optional<Current> &before);
    /// What the rules of `kind` need besides the record: today, and for referrals and visits two fields of
    /// the resident `residentId` as the district holds her.
    [[nodiscard]] ValidationContext ruleContext(Kind kind, const QString &residentId);
    /// validateRecordRules' errors for the state the record would have (what is held, overlaid with
    /// `accepted`), through a QVariantMap of its values; nothing for a tombstone.
    [[nodiscard]] std::optional<QList<FieldError>> ruleErrors(const protocol::WireRecord &record,
                                                              const QList<FieldWrite> &accepted,
                                                              const std::optional<Current> &before);
    [[nodiscard]] QString makeCursor(const QString &station, qint64 seq) const;
    [[nodiscard]] std::optional<qint64> readCursor(const QString &station, const QString &cursor) const;
    [[nodiscard]] QJsonValue fieldValue(const QString &recordId, const QString &field, const Current::Field &f) const;

    Clock m_ownClock;
    const Clock *m_clock;
    Database m_db;
    std::unique_ptr<FieldCipher> m_cipher;
    std::unique_ptr<HlcClock> m_hlc;
    int m_autoCheckpointPages = 1000;
    qint64 m_seq = 0; ///< the change sequence inside the open write transaction
    QHash<QString, qint64> m_lastTouchMs; ///< when touchDevice last wrote each device's last_seen_at
    /// Inside a push: the records read or written so far in its transaction (nullopt: not stored).
    std::optional<QHash<RecordKey, std::optional<Current>>> m_batch;
    /// Kind and station of records that children name (residents, sessions, offers), as committed: a
    /// record's kind and station never change and its row is never removed, so an entry never goes stale.
    /// The push's parent checks read it before the database (the parents' rows lie anywhere in the file,
    /// a page read each). Filled only after a commit, and from committed rows; emptied when it is full.
    struct Envelope
    {
        QString kind;
        QString stationId;
    };
    QHash<RecordKey, Envelope> m_envelopes;
    static constexpr qsizetype kEnvelopesMax = 200000;
    /// Inside a push: the parents' envelopes it wrote, into m_envelopes once it has committed.
    QList<std::pair<RecordKey, Envelope>> m_newEnvelopes;
    void rememberEnvelope(const RecordKey &key, const Envelope &e);
    /// A parent's held state when only its kind and station are known (envelopeOnly).
    [[nodiscard]] static Current envelopeState(const Envelope &e);
    /// Inside a push: what current(id, Need::Envelope) gives, without copying it out of m_batch; nullptr
    /// when not stored. Valid until m_batch next changes.
    [[nodiscard]] const Current *heldEnvelope(const QString &id);
    QDate m_pushToday; ///< inside a push: the date the rules take as today
    /// Inside a push: the nonces of its encrypted fields (one random prefix per push, then a counter;
    /// see FieldCipher::NonceSequence); outside, each encryption draws a random nonce.
    mutable std::optional<FieldCipher::NonceSequence> m_nonces;
    struct DigestDelta
    {
        qint64 count = 0;
        std::array<quint8, 32> xorSum{};
    };
    /// Receipt digest changes of the open write transaction, per (station, kind), not yet written.
    QHash<QPair<QString, QString>, DigestDelta> m_digests;
    /// Declared after m_db: destroyed before the connection closes.
    std::unordered_map<const char *, std::unique_ptr<QSqlQuery>> m_statements;
    sqlite3 *m_sqlite = nullptr; ///< the handle of m_db's connection
    struct RawStatements;
    /// Declared after m_db: finalized before the connection closes.
    std::unique_ptr<RawStatements> m_raw;
};

/// The SHA-256 of a token or code, lowercase hex.
[[nodiscard]] QString sha256Hex(const QString &text);
/// 32 random bytes as base64url without padding (a device token).
[[nodiscard]] QString newToken();

} // namespace lanxin::district
