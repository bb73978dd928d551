#pragma once

#include "database.h"
#include "recordstore.h"

#include "core/fieldwrite.h"
#include "core/hlc.h"
#include "core/result.h"
#include "core/schema.h"

#include <QDateTime>
#include <QMap>
#include <QSet>
#include <QStringList>

#include <functional>
#include <optional>

namespace lanxin {

class StationStore;

/// A record as sync carries it, both ways: the envelope and stamped fields (SYNC-PROTOCOL.md).
struct SyncRecord
{
    Kind kind = Kind::Resident;
    QString id;
    QString stationId;
    QList<FieldWrite> fields;
    /// Set instead of `fields` by a take that writes wire JSON (SyncStore::setTakeWritesWireJson): the
    /// record as protocol::appendRecordJson writes it for the same writes, byte for byte, made straight
    /// from the columns. Empty for typed records (and for a record the fast writer left to the typed path).
    QByteArray wireJson{};
};

/// The batch to push next: a new one taken from the outbox, or the one in flight again.
struct PushBatch
{
    QString batchId;
    QList<SyncRecord> records; ///< a new batch's records (empty for a resend: the body is what counts)
    QByteArray body;           ///< the request body as first made, byte for byte
    int recordCount = 0;
    bool resend = false;       ///< the batch in flight after an unknown outcome, same id and content

    [[nodiscard]] bool isEmpty() const { return batchId.isEmpty(); }
};

/// What the district said about one record of a batch.
struct RecordVerdict
{
    enum class Status { Applied, Unchanged, Rejected };
    QString id;
    Status status = Status::Applied;
    QString code;    ///< for Rejected: invalid_field, reference_missing, clock_ahead, ...
    QString field;
    QString message; ///< the district's reason, for staff (never holds a value)
};

struct AckSummary
{
    int applied = 0;
    int unchanged = 0;
    int rejected = 0;  ///< kept for staff (waiting codes)
    int retried = 0;   ///< reference_missing: queued again for the next sync
    int restamped = 0; ///< clock_ahead: re-stamped with the corrected clock and queued again
    QStringList retriedIds;   ///< reference_missing: leave out of the rest of this sync
    QStringList restampedIds; ///< clock_ahead: may go again in this sync, once
    bool restored = false; ///< the district counted more of our batches than we did (restored device)
};

struct PullSummary
{
    int applied = 0;
    int unchanged = 0;
    int superseded = 0; ///< local edits replaced by newer writes from elsewhere (conflict notices)
    int skipped = 0;    ///< records of another station (never expected)
};

/// One kind's part of a receipt: records held (tombstones included) and the XOR of
/// SHA-256(id|greatest stamp), as lowercase hex.
struct KindReceipt
{
    int count = 0;
    QString digest;
    friend bool operator==(const KindReceipt &, const KindReceipt &) = default;
};
/// By kind name, every record kind present.
using Receipt = QMap<QString, KindReceipt>;

/// A record the district rejected, waiting for staff to edit it.
struct SyncProblem
{
    Kind kind = Kind::Resident;
    QString recordId;
    QString code;
    QString field;
    QString message;
    QDateTime seenAt;
};

/// A local edit a newer write from elsewhere superseded; shown until dismissed. Values are the
/// plain text form (dates yyyy-MM-dd, booleans true/false); they may be sensitive: never log them.
struct ConflictNotice
{
    qint64 seq = 0;
    Kind kind = Kind::Resident;
    QString recordId;
    QString field;
    QString localValue;
    QString remoteValue;
    Hlc localStamp;
    Hlc remoteStamp;
    QDateTime seenAt;
};

/// How the device reaches its district.
struct Enrollment
{
    QString serverUrl;
    QString caPath;      ///< the district CA to trust alone (PEM), or empty for the system store
    QString deviceToken; ///< secret: encrypted at rest, never logged
    QString stationCode;
    QString stationName;
    QString town;
    QStringList villages;
    QDateTime enrolledAt;
};

/// The station's side of sync in its database: the outbox as push batches, acknowledgements,
/// pulled changes, receipts, the clock offset, enrollment, and what staff must see (rejected
/// records, superseded edits). Every step that changes several things does so in one transaction.
class SyncStore
{
public:
    static constexpr int kMaxBatch = 500;
    static constexpr qint64 kOffsetMaxAgeMs = 24LL * 3600 * 1000;

    explicit SyncStore(StationStore &store);

    /// The options of the connection sync runs on (the sync thread's, the `sync` command's): SQLite's
    /// automatic checkpoint only as a backstop (Checkpointer::kBackstopPages), so a take or an
    /// acknowledgement never pays for copying the WAL into the file; a Checkpointer does that on its
    /// own thread (the app's, or the one the `sync` command runs).
    [[nodiscard]] static Database::Options connectionOptions();

    // ---- push
    /// Makes the request body of a new batch (the protocol codec lives above storage).
    using Encoder = std::function<Result<QByteArray>(const QString &batchId, const QList<SyncRecord> &records)>;
    /// The batch in flight if there is one (to send again: same id, same body); else takes up to
    /// `max` open outbox entries, parents before children (recordKinds() order), oldest first,
    /// leaving out `skip` (records queued again during this sync), each record with the current
    /// values and stamps of the fields its entry lists; encodes them and marks the entries in flight
    /// with the body, in one transaction. An empty batch (isEmpty()) when there is nothing to push.
    /// `onTheWire`: the batches the engine has on the wire now (a few), so none to send again
    /// (it takes the next batch while the district answers the previous ones).
    [[nodiscard]] Result<PushBatch> nextPushBatch(const Encoder &encode, const QSet<QString> &skip = {},
                                                  int max = kMaxBatch, const QStringList &onTheWire = {});
    /// From now on nextPushBatch hands the encoder each record as wire JSON (SyncRecord::wireJson, `fields`
    /// empty), read with the SQLite C API and written straight from the columns: no QVariant per column,
    /// no FieldWrite per field. A record the fast writer cannot vouch for byte for byte (a value not in
    /// its canonical stored form, an unknown field, a list) still comes typed, in its place. Off by
    /// default (the typed records are what tests and other encoders read); the sync engine turns it on.
    void setTakeWritesWireJson(bool on) { m_wireJson = on; }
    [[nodiscard]] bool hasBatchInFlight();
    /// Applies the district's answer to batch `batchId`, in one transaction: applied/unchanged drop
    /// the field versions the batch carried; a waiting rejection becomes a problem for staff (the
    /// record leaves the outbox until edited again); reference_missing is queued again;
    /// clock_ahead is re-stamped with the corrected clock (call observeServerTime() first) and
    /// queued again. Counts the answer in pushesAcknowledged(), our count of answered batches.
    /// `serverPushesAcknowledged` is the district's count in the answer. It may include this batch
    /// and `othersOnTheWire` batches of ours sent after this one while it was out (the district may
    /// store batches on the wire together in either order); more than that means the district holds
    /// batches of ours whose answers this device never saw: it was restored from a backup
    /// (AckSummary::restored).
    [[nodiscard]] Result<AckSummary> acknowledge(const QString &batchId, const QList<RecordVerdict> &verdicts,
                                                 qint64 serverPushesAcknowledged, int othersOnTheWire = 0);
    /// Puts a taken batch's records back in the queue, unanswered: nothing of it was sent, or it was
    /// refused whole. Our count of answered batches stays.
    [[nodiscard]] Result<void> giveBack(const QString &batchId);
    [[nodiscard]] qint64 pushesAcknowledged();
    /// Whether a rejection code waits for staff (the others are retried automatically).
    [[nodiscard]] static bool waitsForStaff(const QString &code);

    // ---- pull
    [[nodiscard]] QString pullCursor();
    /// A restored device pulls from the beginning with include_own=1 until this clears.
    [[nodiscard]] bool recoveryPending();
    /// Starts that full pull (empty cursor, own changes included) when the receipt still differs after a
    /// normal re-pull: only our own records, which a normal pull leaves out, can explain it. One transaction.
    [[nodiscard]] Result<void> beginRecovery();
    /// Merges one page of pulled changes (record and reference kinds) and stores `cursor`, in one
    /// transaction. Superseded local edits become conflict notices. `complete` = has_more was false.
    [[nodiscard]] Result<PullSummary> applyPull(const QList<SyncRecord> &changes, const QString &cursor, bool complete);

    // ---- receipt
    /// The station's receipt from the digests every write keeps up to date.
    [[nodiscard]] Receipt receipt();
    /// The same, computed from the records themselves (checks, and tests).
    [[nodiscard]] Receipt computeReceipt();
    /// The kinds whose count or digest differ (empty = match).
    [[nodiscard]] static QStringList receiptDifferences(const Receipt &local, const Receipt &district);
    /// Keeps the outcome of a receipt check for the sync screen (per kind: ours, the district's).
    [[nodiscard]] Result<void> recordReceipt(const Receipt &local, const Receipt &district, bool match);
    /// The last receipt check: {"kinds": {kind: {"local", "district", "match"}}, "match", "at"}.
    [[nodiscard]] QString lastReceiptJson();
    [[nodiscard]] QDateTime lastConfirmedAt();

    // ---- clock
    /// Takes the district's time from a response: offset = its physical time − our clock now, stamps
    /// use clock + offset from here on; a clock that had run far ahead is rewound (then the district's
    /// clock_ahead refusals are re-stamped below it). One transaction.
    [[nodiscard]] Result<void> observeServerTime(const Hlc &serverTime);
    /// No offset, or one older than 24 h: ask /health before pushing.
    [[nodiscard]] bool clockOffsetStale();
    [[nodiscard]] qint64 clockOffsetMs();
    /// A stamp of now for the push envelope.
    [[nodiscard]] Hlc deviceTime();

    // ---- enrollment
    /// Refuses when the device holds records of a station other than `stationCode` (check before
    /// spending a one-time enrollment code).
    [[nodiscard]] Result<void> checkCanEnroll(const QString &stationCode);
    /// Stores the enrollment and gives records made before enrollment to the station, in one transaction.
    [[nodiscard]] Result<void> completeEnrollment(const Enrollment &enrollment);
    [[nodiscard]] std::optional<Enrollment> enrollment();
    /// Set after a 401: the token was refused, the device must be enrolled again.
    [[nodiscard]] Result<void> setMustReenroll(bool must);
    [[nodiscard]] bool mustReenroll();

    // ---- for staff
    [[nodiscard]] int pendingCount();
    [[nodiscard]] QMap<QString, int> pendingByKind();
    [[nodiscard]] QList<SyncProblem> problems();
    [[nodiscard]] int problemCount();
    [[nodiscard]] QList<ConflictNotice> conflicts();
    [[nodiscard]] Result<void> dismissConflict(qint64 seq);
    /// last_sync_at (now) and last_sync_result (read by status --json and the sync screen).
    [[nodiscard]] Result<void> recordSyncResult(const QString &result);

    [[nodiscard]] StationStore &station() { return m_store; }

private:
    struct OpenEntry;
    struct TakenEntries;
    /// An answer's count of our batches (acknowledge()).
    struct Answer
    {
        qint64 serverCount = 0;
        int othersOnTheWire = 0;
    };
    /// acknowledge() with the district's `answer`, or giveBack() without one.
    [[nodiscard]] Result<AckSummary> settleBatch(const QString &batchId, const QList<RecordVerdict> &verdicts,
                                                 const std::optional<Answer> &answer);
    /// The wire values and stamps of the fields each entry lists, read from the rows of `kind` whose ids
    /// `idsJson` (a JSON array) holds; records[i] belongs to entries[i] (`index`: id -> i). A record
    /// whose row is gone, or that holds none of the listed fields, is left without fields.
    [[nodiscard]] Result<void> readForPush(Kind kind, const QString &idsJson, const QList<OpenEntry> &entries,
                                           const QHash<QString, qsizetype> &index, QList<SyncRecord> &records);
    /// The open entries of `kind` (up to `limit`, oldest first, leaving out `skip`) with their records as
    /// wire JSON, appended to `records` / `taken`; entries whose record holds nothing to send go to `empty`.
    [[nodiscard]] Result<void> takeWire(Kind kind, int limit, int room, const QSet<QString> &skip,
                                        QList<SyncRecord> &records, TakenEntries &taken, QList<qint64> &empty);
    [[nodiscard]] Result<void> requeue(qint64 seq, Kind kind, const QString &recordId, const QMap<QString, QString> &fields);
    [[nodiscard]] Result<void> rewindClock(qint64 correctedNowMs);
    [[nodiscard]] Result<void> audit(const QString &action, const QString &detail);

    StationStore &m_store;
    bool m_wireJson = false;
    QByteArray m_lastStationBytes; ///< the take's last station code, as bytes and as text (shared by records)
    QString m_lastStation;
};

} // namespace lanxin
