#pragma once

#include "core/clock.h"
#include "core/fieldwrite.h"
#include "core/hlc.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/validation.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QVariantMap>

#include <functional>

class QSqlQuery;

namespace lanxin {

class Database;
class FieldCipher;

/// An open outbox entry: its seq and the stamps of the fields it queues ({wire field: stamp} as stored).
struct OpenOutboxEntry
{
    qint64 seq = -1;
    QString fields;
};

/// A record as stored: logical values (sets as QStringList, sensitive fields decrypted) and the stamp
/// of every field by wire name ("tags.left_behind", "created_at", "deleted").
struct StoredRecord
{
    Kind kind = Kind::Resident;
    QString id;
    QString stationId;
    QVariantMap values;
    QMap<QString, Hlc> stamps;
    QDateTime createdAt;
    QDateTime updatedAt;
    bool deleted = false;

    [[nodiscard]] QVariant value(const char *field) const { return values.value(QLatin1String(field)); }
    [[nodiscard]] QString text(const char *field) const { return values.value(QLatin1String(field)).toString(); }
};

/// Why a save was refused: the field errors for the form, or a storage error.
struct SaveError
{
    Error error;
    QList<FieldError> fields;
};

/// The outcome of merging a record that came from elsewhere (the district, another device).
enum class MergeOutcome { Applied, Unchanged };

/// A field this device had written that a newer write from elsewhere replaced during a merge
/// (SYNC-PROTOCOL.md "Conflicts"). Values are typed like FieldWrite values; they may be sensitive.
struct SupersededEdit
{
    QString field;
    QVariant localValue;
    Hlc localStamp;
    QVariant remoteValue;
    Hlc remoteStamp;
};

/// The current value of a wire field of a stored record: set members as bool, `created_at` as
/// QDateTime, `deleted` as bool, null as an invalid QVariant.
[[nodiscard]] QVariant wireValue(const StoredRecord &record, const QString &wireField);
/// The greatest stamp of a record (what `updated_at` derives from and the receipt digests).
[[nodiscard]] Hlc greatestStamp(const QMap<QString, Hlc> &stamps);

/// A page of a list query.
struct Page
{
    int offset = 0;
    int limit = 100;
};

/// The generic record engine under every repository: writes a record and its outbox entry in one
/// transaction, stamps each changed field with the HLC, encrypts sensitive fields, merges by stamp.
class RecordStore
{
public:
    RecordStore(Database &db, const FieldCipher &cipher, HlcClock &hlc, const Clock &clock);

    /// The station code new records get; empty before enrollment (then assigned at enrollment).
    void setStationId(const QString &stationId) { m_stationId = stationId; }
    [[nodiscard]] const QString &stationId() const { return m_stationId; }
    /// The staff member acting now, recorded in the audit log.
    void setActor(const QString &staffId) { m_actor = staffId; }
    [[nodiscard]] const QString &actor() const { return m_actor; }

    /// Creates a record with `values` (logical values); `id` empty = a new UUID v7.
    [[nodiscard]] Result<StoredRecord> create(Kind kind, const QVariantMap &values, const QString &id = {});
    /// Changes the given fields; only those whose value differs are stamped and queued for sync.
    [[nodiscard]] Result<StoredRecord> update(Kind kind, const QString &id, const QVariantMap &changes);
    /// Creates the record or updates the given fields of the existing one (attendances, whose id is derived).
    [[nodiscard]] Result<StoredRecord> upsert(Kind kind, const QString &id, const QVariantMap &values);
    /// Soft delete: a stamped tombstone that syncs like any other change.
    [[nodiscard]] Result<void> remove(Kind kind, const QString &id);
    [[nodiscard]] std::optional<StoredRecord> get(Kind kind, const QString &id);

    /// The field errors of the last refused save, for forms (empty after a success).
    [[nodiscard]] const QList<FieldError> &lastFieldErrors() const { return m_lastFieldErrors; }

    /// Merges fields from elsewhere: per field, the greater stamp wins. No outbox entry is made.
    /// Fields this device had written and another writer's newer stamp replaced (with a different
    /// value) are added to `superseded` when given.
    [[nodiscard]] Result<MergeOutcome> merge(Kind kind, const QString &id, const QString &stationId,
                                             const QList<FieldWrite> &writes,
                                             QList<SupersededEdit> *superseded = nullptr);
    /// Gives the named fields new stamps from the (corrected) clock, keeping their values, where the
    /// record still holds the stamp given (a field changed since keeps its newer stamp). Returns the
    /// new writes. For fields the district refused as `clock_ahead`. No outbox entry is made.
    [[nodiscard]] Result<QList<FieldWrite>> restamp(Kind kind, const QString &id, const QMap<QString, Hlc> &carried);
    /// Rows of `kind` with these ids (any order; missing ids are left out).
    [[nodiscard]] QList<StoredRecord> getMany(Kind kind, const QStringList &ids);

    /// Called after every local save or delete commits (the sync engine's "after a save" trigger).
    void setWriteListener(std::function<void()> listener) { m_writeListener = std::move(listener); }
    /// Tells the write listener that a bulk writer (insertMany in its own transaction) committed.
    void notifyWrite()
    {
        if (m_writeListener)
            m_writeListener();
    }

    /// What create() would refuse `values` for, without SQL for kinds whose rules need no other
    /// record (residents, staff, sessions): unknown fields, then the shared validators. Empty = fine.
    [[nodiscard]] QList<FieldError> checkNew(Kind kind, const QVariantMap &values);
    /// Bulk creation (imports): each of `records` (values as create() takes them, already accepted by
    /// checkNew) becomes a new record with a new id, stamped, with its outbox entry, its audit entry
    /// and its search keys, exactly as create() would store it, but with statements reused across
    /// records, the side tables filled set-wise and the HLC and receipt digest written once. Runs in
    /// one transaction (a savepoint inside the caller's): all or none. Returns the new ids in order.
    /// Does not call the write listener (see notifyWrite()).
    [[nodiscard]] Result<QStringList> insertMany(Kind kind, const QList<QVariantMap> &records);

    /// Rebuilds the receipt digests of every record kind from the records (after a migration, or
    /// when records changed station at enrollment). Must run inside a transaction.
    [[nodiscard]] Result<void> rebuildReceiptDigests();
    /// Reloads what other connections to the same file may have changed: the last HLC stamp, the
    /// clock offset, a rewind of the clock, the station code. Every write transaction starts with it.
    [[nodiscard]] Result<void> refreshShared();

    /// Rows of `kind` matching `where` (SQL with ? placeholders, built by repositories only).
    [[nodiscard]] QList<StoredRecord> select(Kind kind, const QString &where, const QVariantList &binds,
                                             const QString &orderBy, Page page);
    [[nodiscard]] int count(Kind kind, const QString &where, const QVariantList &binds);
    /// Two-phase read for searches: `idQuery` (a SELECT of ids, ending in LIMIT ? OFFSET ?) runs on
    /// covering indexes; then only that page of rows is read, in the order the ids came.
    [[nodiscard]] QList<StoredRecord> selectPage(Kind kind, const QString &idQuery, const QVariantList &binds, Page page);

    [[nodiscard]] Database &database() { return m_db; }
    [[nodiscard]] const FieldCipher &cipher() const { return m_cipher; }
    [[nodiscard]] const Clock &clock() const { return m_clock; }

    /// The record's open outbox entry: the one collecting its writes until a push takes it (an entry
    /// in a batch in flight is never changed; a write meanwhile opens a new one). None: seq < 0.
    [[nodiscard]] Result<OpenOutboxEntry> openEntry(Kind kind, const QString &id);
    /// Names outbox entry `seq` (open, for record `id`) as the record's open entry.
    [[nodiscard]] Result<void> setOpenEntry(Kind kind, const QString &id, qint64 seq);

    /// Writes an audit entry (who, what, when, which device; never a personal value).
    [[nodiscard]] Result<void> audit(const QString &action, Kind kind, const QString &recordId,
                                     const QString &detail = {});

private:
    [[nodiscard]] Result<StoredRecord> save(Kind kind, const QString &id, const QVariantMap &changes, int mode);
    [[nodiscard]] Result<void> writeFields(Kind kind, const QString &id, const QString &stationId,
                                           const std::optional<StoredRecord> &current,
                                           const QList<FieldWrite> &writes, StoredRecord *written = nullptr);
    [[nodiscard]] Result<void> indexNameCharacters(const QString &id, const QString &name, bool existed);
    /// The columns and values of a record row as writeFields stores it (search keys of residents included).
    void rowColumns(Kind kind, const QString &id, const QString &stationId, const QVariantMap &values,
                    const QMap<QString, Hlc> &stamps, const QDateTime &createdAt, bool deleted, const Hlc &greatest,
                    QStringList &cols, QVariantList &binds) const;
    [[nodiscard]] Result<void> queueOutbox(Kind kind, const QString &id, const QList<FieldWrite> &writes, bool created);
    [[nodiscard]] Result<void> updateDigest(Kind kind, const QString &id, const std::optional<StoredRecord> &current,
                                            const QString &stationId, const Hlc &greatest);
    [[nodiscard]] ValidationContext contextFor(Kind kind, const QVariantMap &values);
    [[nodiscard]] QList<StoredRecord> readRows(Kind kind, QSqlQuery &q, bool withStamps) const;

    Database &m_db;
    const FieldCipher &m_cipher;
    HlcClock &m_hlc;
    const Clock &m_clock;
    QString m_stationId;
    QString m_actor;
    QList<FieldError> m_lastFieldErrors;
    QString m_hlcEpoch;
    QHash<int, QString> m_upsertSql; ///< per kind: the INSERT … ON CONFLICT statement of writeFields
    std::function<void()> m_writeListener;
};

/// Column value conversions shared by the store and its repositories.
namespace columns {
[[nodiscard]] QString encodeSet(const QStringList &members, const FieldSpec &spec);
[[nodiscard]] QStringList decodeSet(const QString &column);
/// The members of a flat JSON object of strings as Lanxin writes them ({"name":"stamp",...}: the
/// stamps column, outbox entries), parsed fast; anything else goes through QJsonDocument.
[[nodiscard]] QList<std::pair<QString, QString>> parseFlatObject(const QString &json);
/// A sensitive value as the text that is encrypted ("true"/"false" for booleans).
[[nodiscard]] QString sensitivePlain(const QVariant &value);
/// The logical value of a (non-sensitive) column as stored, as get() reads it; null = invalid QVariant.
[[nodiscard]] QVariant fromColumn(const FieldSpec &spec, const QVariant &column);
/// The logical value of a decrypted sensitive field, as get() reads it.
[[nodiscard]] QVariant fromPlain(const FieldSpec &spec, const QString &plain);
} // namespace columns

} // namespace lanxin
