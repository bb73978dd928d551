#pragma once

#include "synctransport.h"

#include "storage/syncstore.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>
#include <vector>

namespace lanxin {

class StationStore;

/// How one sync cycle ended.
enum class SyncOutcome {
    Ok,              ///< outbox empty, pull complete, receipt matches
    Incomplete,      ///< done, but records wait (rejected for staff, or a missing reference)
    Mismatch,        ///< the receipt still differs after re-pulling
    Failed,          ///< no answer / unparsable / 5xx / 429: retried with backoff; a batch in flight is resent
    Unauthenticated, ///< 401: the device must be enrolled again
    NotEnrolled,
    Refused,         ///< the district refused a request as malformed (a bug; not retried at once)
    LocalError,      ///< the database failed
};

[[nodiscard]] QString outcomeName(SyncOutcome outcome);

/// The body of a push request as the engine sends it: the JSON of SYNC-PROTOCOL.md, gzip'd; too_large
/// when the JSON is over protocol::kMaxBatchJsonBytes (the engine then halves the batch).
[[nodiscard]] Result<QByteArray> encodePushBody(const QString &batchId, const QList<SyncRecord> &records,
                                                const Hlc &deviceTime, qint64 pushesAcknowledged);

/// What a cycle did, for the command line, the sync screen and the logs (counts, never values).
struct SyncReport
{
    SyncOutcome outcome = SyncOutcome::Ok;
    QString message;        ///< one line, Chinese / English, for staff
    int pushed = 0;         ///< records in acknowledged batches
    int applied = 0;
    int unchanged = 0;
    int rejected = 0;       ///< rejected and kept for staff
    int retried = 0;        ///< reference_missing, queued for the next sync
    int restamped = 0;      ///< clock_ahead, re-stamped and sent again
    int pulled = 0;         ///< changes merged from the district
    int superseded = 0;     ///< local edits replaced by newer ones (conflict notices)
    int batches = 0;        ///< push requests answered
    int resent = 0;         ///< batches sent again after an unknown outcome
    int requests = 0;       ///< HTTP requests of the cycle
    qint64 bytesSent = 0;   ///< request bodies as sent
    qint64 bytesReceived = 0;
    bool receiptChecked = false;
    bool receiptMatch = false;
    QStringList receiptDifferences; ///< kinds that differ
    Receipt localReceipt;
    Receipt districtReceipt;
    int outboxPending = 0;
    int problems = 0;
    qint64 retryAfterMs = -1; ///< the district asked to wait (429/503)
    bool restored = false;    ///< the district knew more of our batches: recovered from the beginning
    // Where a push's time went (benchmarks): taking batches from the outbox, waiting for the district,
    // applying its answers; and the pull.
    double takeMs = 0;
    double waitMs = 0;
    double ackMs = 0;
    double pullMs = 0;

    /// {"pushed","applied","unchanged","rejected","pulled","receipt","outbox_pending"} (CLI.md), plus detail.
    [[nodiscard]] QJsonObject toJson() const;
    /// Done and confirmed: outbox empty, nothing waiting for staff, receipt matches.
    [[nodiscard]] bool complete() const { return outcome == SyncOutcome::Ok; }
};

struct SyncEngineOptions
{
    static constexpr int kMaxOnTheWire = 4;
    int networkTimeoutMs = 30000;
    int batchSize = SyncStore::kMaxBatch;
    int pullLimit = 500;
    int receiptRetries = 3; ///< re-pulls before a mismatch is reported
    int onTheWire = 2;      ///< push batches on the wire at once, one connection each (1..kMaxOnTheWire)
    QString deviceName;     ///< sent at enrollment; default: a name from the host
};

/// The sync cycle of SYNC-PROTOCOL.md "Device behaviour" over one StationStore: health when the clock
/// offset is stale → push batch after batch (gzip, ≤ 500, the batch in flight first with its own id; by
/// default two on the wire, docs/sync-client.md "Two batches on the wire") →
/// pull until has_more is false → receipt, re-pulled and re-checked before a mismatch is reported.
/// Blocking: run it in the sync worker thread (or a command line), never in the UI thread.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    explicit SyncEngine(StationStore &store, SyncEngineOptions options = {}, QObject *parent = nullptr);
    ~SyncEngine() override;

    /// One full cycle. Every step that changes the database is one transaction; an interrupted cycle
    /// leaves a consistent state that the next cycle continues (a batch in flight is resent as is).
    [[nodiscard]] SyncReport runCycle();

    /// Enrolls the device (POST /api/v1/enroll) and stores the enrollment; refuses before spending the
    /// code when the device holds another station's records. `caPath` (PEM) is copied into the data dir.
    [[nodiscard]] Result<Enrollment> enroll(const QString &serverUrl, const QString &stationCode,
                                            const QString &enrollmentCode, const QString &caPath);

    /// Aborts the request in hand (the cycle then ends as Failed and continues next time).
    void cancel();

    [[nodiscard]] SyncStore &syncStore() { return m_sync; }
    [[nodiscard]] StationStore &station() { return m_store; }
    [[nodiscard]] SyncTransport &transport() { return *m_transport; }
    /// Requests made and connections opened so far, over all of the engine's connections (a push keeps
    /// up to SyncEngineOptions::onTheWire batches on the wire, one per connection; everything else goes
    /// on the first).
    [[nodiscard]] int requestCount() const;
    [[nodiscard]] int connectionCount() const;
    void setOptions(const SyncEngineOptions &options);

signals:
    /// done / total records pushed, then pages pulled ("push", "pull", "receipt").
    void progress(int done, int total, const QString &phase);

private:
    enum class Step { Continue, Stop };
    [[nodiscard]] Step health(SyncReport &report);
    [[nodiscard]] Step push(SyncReport &report);
    [[nodiscard]] Step pull(SyncReport &report);
    [[nodiscard]] Step receipt(SyncReport &report);
    /// Judges an HTTP result that is not a 2xx: fills the report, returns Stop.
    Step fail(SyncReport &report, const HttpResult &r, const QString &what);
    [[nodiscard]] bool observe(const Hlc &serverTime, SyncReport &report);
    void account(SyncReport &report, const HttpResult &r);
    void finish(SyncReport &report);

    StationStore &m_store;
    SyncStore m_sync;
    SyncEngineOptions m_options;
    std::unique_ptr<SyncTransport> m_transport;
    /// The push's further batches on the wire, one connection each (made when first needed).
    std::vector<std::unique_ptr<SyncTransport>> m_more;
    /// m_transport, then m_more: the first `count` (made as needed), each set up like m_transport.
    [[nodiscard]] std::vector<SyncTransport *> transports(int count);
};

} // namespace lanxin

Q_DECLARE_METATYPE(lanxin::SyncReport)
