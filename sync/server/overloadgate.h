#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace lanxin::district {

/// Sheds work when the district falls behind (SYNC-PROTOCOL.md `503 overloaded` with `Retry-After`).
///
/// The server is one thread: every request is answered before the event loop runs again, so when more
/// batches arrive than it can store, they wait in socket buffers and each waits for all the ones
/// before it. Nothing in the request says how long it waited, but the event loop does: a timer that
/// should tick every `kTickMs` ticks late by as long as the loop has been busy. While the loop is
/// more than `maxQueueMs` late, expensive requests are answered `503` at once (cheap) instead of
/// queued, until the loop catches up and ticks again. This bounds the wait of every request that is
/// served to about `maxQueueMs` plus one batch, keeps the answers that are given fast, and leaves the
/// retry timing to the clients (full jitter, never sooner than `Retry-After`).
class OverloadGate : public QObject
{
    Q_OBJECT
public:
    static constexpr int kTickMs = 50;

    /// `maxQueueMs` ≤ 0 disables shedding.
    explicit OverloadGate(int maxQueueMs, QObject *parent = nullptr);

    /// How far behind the event loop is now, in ms (0 when it ticks on time).
    [[nodiscard]] qint64 lagMs() const;
    /// True when a request arriving now should be answered 503 instead of served.
    [[nodiscard]] bool shouldShed() const;
    /// The Retry-After for a shed request, in seconds: the lag rounded up, at least 1, at most 60.
    [[nodiscard]] int retryAfterSeconds() const;
    /// Counts a shed request (for the log line once the loop catches up).
    void noteShed() { ++m_shedSinceTick; }
    [[nodiscard]] qint64 shedTotal() const { return m_shedTotal + m_shedSinceTick; }

private:
    void tick();

    int m_maxQueueMs;
    QElapsedTimer m_clock;
    qint64 m_lastTickMs = 0;
    qint64 m_shedSinceTick = 0;
    qint64 m_shedTotal = 0;
    QTimer m_timer;
};

} // namespace lanxin::district
