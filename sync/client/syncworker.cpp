#include "syncworker.h"

#include "storage/stationstore.h"
#include "storage/syncstore.h"

#include <QLoggingCategory>
#include <QThread>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace lanxin {

qint64 backoffDelayMs(int failures, qint64 retryAfterMs, QRandomGenerator &rng, qint64 minMs, qint64 maxMs)
{
    const int doublings = std::clamp(failures - 1, 0, 30);
    const qint64 cap = std::min<qint64>(maxMs, minMs << std::min(doublings, 20));
    const qint64 jittered = cap > minMs ? minMs + static_cast<qint64>(rng.bounded(static_cast<quint64>(cap - minMs + 1)))
                                        : minMs;
    return std::max(jittered, retryAfterMs);
}

SyncWorker::SyncWorker(const StationStore *primary, SyncEngineOptions options, SyncSchedule schedule, const Clock *clock)
    : m_primary(primary)
    , m_options(std::move(options))
    , m_schedule(schedule)
    , m_clock(clock)
    , m_rng(schedule.seed ? schedule.seed : QRandomGenerator::system()->generate())
{
}

SyncWorker::~SyncWorker() = default;

void SyncWorker::setState(State s, qint64 nextMs)
{
    m_state = s;
    emit stateChanged(s, nextMs);
}

void SyncWorker::open()
{
    m_store = std::make_unique<StationStore>(m_clock);
    // SQLite's automatic checkpoint only as a backstop: the app's Checkpointer copies the WAL on its
    // own thread, so a take or an acknowledgement never waits for a checkpoint.
    auto opened = m_store->openSharing(*m_primary, SyncStore::connectionOptions());
    if (!opened) {
        qCWarning(lcSync) << "sync cannot open the database:" << opened.error().code;
        m_store.reset();
        setState(State::Stopped);
        return;
    }
    m_engine = std::make_unique<SyncEngine>(*m_store, m_options);
    connect(m_engine.get(), &SyncEngine::progress, this, &SyncWorker::progress);
    m_next = new QTimer(this);
    m_next->setSingleShot(true);
    connect(m_next, &QTimer::timeout, this, &SyncWorker::run);
    m_interval = new QTimer(this);
    m_interval->setInterval(m_schedule.intervalMs);
    connect(m_interval, &QTimer::timeout, this, [this] {
        if (m_state != State::Waiting)
            run();
    });
    m_interval->start();
    if (!m_engine->syncStore().enrollment())
        setState(State::NotEnrolled);
    else if (m_engine->syncStore().mustReenroll())
        setState(State::MustEnroll);
    else {
        setState(State::Idle);
        scheduleIn(0); // a first sync at start
    }
}

void SyncWorker::scheduleIn(qint64 ms)
{
    if (!m_next || m_stopping)
        return;
    if (m_next->isActive() && m_next->remainingTime() <= ms)
        return;
    m_next->start(static_cast<int>(std::min<qint64>(ms, std::numeric_limits<int>::max())));
}

void SyncWorker::syncNow()
{
    m_failures = 0;
    if (m_next)
        m_next->stop();
    run();
}

void SyncWorker::noteSaved()
{
    if (m_state == State::Waiting || m_state == State::MustEnroll || m_state == State::NotEnrolled)
        return; // backoff (or no district) decides; the save waits in the outbox
    scheduleIn(m_schedule.afterSaveMs);
}

void SyncWorker::networkOnline()
{
    // The OS flag is a hint: try now, and let the sync itself decide.
    if (m_state == State::MustEnroll || m_state == State::NotEnrolled)
        return;
    m_failures = 0;
    if (m_next)
        m_next->stop();
    scheduleIn(500);
}

void SyncWorker::run()
{
    if (!m_engine || m_stopping)
        return;
    if (m_running) {
        m_again = true; // one sync at a time; another right after this one
        return;
    }
    m_running = true;
    setState(State::Syncing);
    const SyncReport report = m_engine->runCycle();
    m_running = false;
    emit cycleFinished(report);
    if (m_stopping) {
        finishShutdown();
        return;
    }
    switch (report.outcome) {
    case SyncOutcome::NotEnrolled:
        setState(State::NotEnrolled);
        return;
    case SyncOutcome::Unauthenticated:
        setState(State::MustEnroll);
        return;
    case SyncOutcome::Failed:
    case SyncOutcome::Refused:
    case SyncOutcome::LocalError: {
        ++m_failures;
        const qint64 delay = backoffDelayMs(m_failures, report.retryAfterMs, m_rng, m_schedule.minBackoffMs,
                                            m_schedule.maxBackoffMs);
        m_next->start(static_cast<int>(delay));
        m_again = false;
        setState(State::Waiting, delay);
        return;
    }
    default:
        m_failures = 0;
        setState(State::Idle);
        if (m_again) {
            m_again = false;
            scheduleIn(0);
        }
    }
}

void SyncWorker::enroll(const QString &serverUrl, const QString &stationCode, const QString &code, const QString &caPath)
{
    if (!m_engine) {
        emit enrollFinished(false, QStringLiteral("not_open"),
                            bilingual(QStringLiteral("同步尚未启动"), QStringLiteral("Sync has not started")));
        return;
    }
    if (m_running) {
        emit enrollFinished(false, QStringLiteral("busy"),
                            bilingual(QStringLiteral("正在同步，请稍后再登记"), QStringLiteral("A sync is running; try again shortly")));
        return;
    }
    m_running = true;
    auto r = m_engine->enroll(serverUrl, stationCode, code, caPath);
    m_running = false;
    if (m_stopping) {
        finishShutdown();
        return;
    }
    if (!r) {
        emit enrollFinished(false, r.error().code, r.error().message);
        return;
    }
    m_failures = 0;
    emit enrollFinished(true, QString(), bilingual(QStringLiteral("已登记到站点 %1").arg(r->stationCode),
                                                    QStringLiteral("Enrolled to station %1").arg(r->stationCode)));
    setState(State::Idle);
    scheduleIn(0);
}

void SyncWorker::shutdown()
{
    m_stopping = true;
    if (m_running) {
        m_engine->cancel(); // the cycle unwinds, then finishShutdown()
        return;
    }
    finishShutdown();
}

void SyncWorker::finishShutdown()
{
    if (m_next)
        m_next->stop();
    if (m_interval)
        m_interval->stop();
    m_engine.reset();
    m_store.reset();
    setState(State::Stopped);
    QThread::currentThread()->quit();
}

} // namespace lanxin
