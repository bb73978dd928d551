#pragma once

#include "syncengine.h"

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <memory>

namespace lanxin {

class StationStore;

/// When sync runs (SYNC-PROTOCOL.md "Device behaviour").
struct SyncSchedule
{
    int intervalMs = 10 * 60 * 1000;       ///< every 10 minutes while the app runs
    int afterSaveMs = 20 * 1000;           ///< within 30 s after a record is saved
    qint64 minBackoffMs = 5 * 1000;        ///< backoff after a failure: from 5 s ...
    qint64 maxBackoffMs = 30 * 60 * 1000;  ///< ... up to 30 min, with full jitter
    quint32 seed = 0;                      ///< jitter seed; 0 = random
};

/// The delay before retry number `failures` (1 = the first failure): full jitter, uniform in
/// [min, min(max, min·2^(failures−1))], and never less than the district's Retry-After.
[[nodiscard]] qint64 backoffDelayMs(int failures, qint64 retryAfterMs, QRandomGenerator &rng, qint64 minMs, qint64 maxMs);

/// The sync thread's object: opens its own connection to the station's database (sharing the
/// primary store's key), runs one cycle at a time on triggers, and backs off after failures.
/// Made in the UI thread, moved to the sync thread; talk to it through queued calls only.
class SyncWorker : public QObject
{
    Q_OBJECT
public:
    enum class State { Starting, Idle, Syncing, Waiting, NotEnrolled, MustEnroll, Stopped };
    Q_ENUM(State)

    SyncWorker(const StationStore *primary, SyncEngineOptions options, SyncSchedule schedule, const Clock *clock);
    ~SyncWorker() override;

public slots:
    /// In the sync thread: opens the database connection and starts the timers.
    void open();
    void syncNow();
    void noteSaved();
    void networkOnline();
    void enroll(const QString &serverUrl, const QString &stationCode, const QString &code, const QString &caPath);
    /// Cancels a request in hand, closes the connection and quits the thread.
    void shutdown();

signals:
    void stateChanged(lanxin::SyncWorker::State state, qint64 nextAttemptMs);
    void progress(int done, int total, const QString &phase);
    void cycleFinished(const lanxin::SyncReport &report);
    void enrollFinished(bool ok, const QString &code, const QString &message);

private:
    void run();
    void scheduleIn(qint64 ms);
    void setState(State s, qint64 nextMs = -1);
    void finishShutdown();

    const StationStore *m_primary;
    SyncEngineOptions m_options;
    SyncSchedule m_schedule;
    const Clock *m_clock;
    std::unique_ptr<StationStore> m_store;
    std::unique_ptr<SyncEngine> m_engine;
    QTimer *m_next = nullptr;
    QTimer *m_interval = nullptr;
    QRandomGenerator m_rng;
    int m_failures = 0;
    bool m_running = false;
    bool m_again = false;
    bool m_stopping = false;
    State m_state = State::Starting;
};

} // namespace lanxin
