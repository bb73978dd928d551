#pragma once

#include "syncworker.h"

#include <QObject>
#include <QThread>

namespace lanxin {

class StationStore;

/// Runs sync off the UI thread: a QThread with a SyncWorker on its own database connection.
/// Everything here is called from the UI thread; the worker's signals arrive queued.
/// Also watches the network (QNetworkInformation: the default backend, else `glib`) as a trigger.
class SyncRunner : public QObject
{
    Q_OBJECT
public:
    SyncRunner(const StationStore &primary, SyncEngineOptions options = {}, SyncSchedule schedule = {},
               QObject *parent = nullptr);
    /// Stops the worker (a request in hand is cancelled; the next start continues where it was).
    ~SyncRunner() override;

    void start();
    void stop();
    /// Loads a network-information backend and syncs when the network comes back. False when none loads.
    bool watchNetwork();

    void syncNow();
    void noteSaved();
    void enroll(const QString &serverUrl, const QString &stationCode, const QString &code, const QString &caPath);

    [[nodiscard]] SyncWorker::State state() const { return m_state; }
    [[nodiscard]] bool isRunning() const { return m_thread.isRunning(); }

signals:
    void stateChanged(lanxin::SyncWorker::State state, qint64 nextAttemptMs);
    void progress(int done, int total, const QString &phase);
    void cycleFinished(const lanxin::SyncReport &report);
    void enrollFinished(bool ok, const QString &code, const QString &message);

private:
    QThread m_thread;
    SyncWorker *m_worker = nullptr;
    SyncWorker::State m_state = SyncWorker::State::Starting;
};

} // namespace lanxin
