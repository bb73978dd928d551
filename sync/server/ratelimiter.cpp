#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace lanxin::district {
namespace {
constexpr qsizetype kPruneAbove = 10000; ///< keys kept before idle (full) buckets are dropped
}

RateLimiter::RateLimiter(double ratePerSecond, double burst, const Clock *clock)
    : m_rate(ratePerSecond)
    , m_burst(std::max(1.0, burst))
    , m_clock(clock)
{
}

void RateLimiter::setLimits(double ratePerSecond, double burst)
{
    m_rate = ratePerSecond;
    m_burst = std::max(1.0, burst);
}

bool RateLimiter::take(const QString &key, int *retryAfterSeconds)
{
    const qint64 now = m_clock->nowMs();
    if (m_buckets.size() > kPruneAbove)
        prune(now);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{m_burst, now});
    Bucket &b = *it;
    b.tokens = std::min(m_burst, b.tokens + (now - b.atMs) * m_rate / 1000.0);
    b.atMs = now;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return true;
    }
    if (retryAfterSeconds)
        *retryAfterSeconds = m_rate > 0 ? std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / m_rate))) : 60;
    return false;
}

void RateLimiter::prune(qint64 nowMs)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double tokens = it->tokens + (nowMs - it->atMs) * m_rate / 1000.0;
        it = tokens >= m_burst ? m_buckets.erase(it) : std::next(it);
    }
}

FailureWindow::FailureWindow(int max, qint64 windowMs, const Clock *clock)
    : m_max(max)
    , m_windowMs(windowMs)
    , m_clock(clock)
{
}

void FailureWindow::expire(QList<qint64> &times, qint64 nowMs) const
{
    times.erase(std::remove_if(times.begin(), times.end(), [&](qint64 t) { return t <= nowMs - m_windowMs; }),
                times.end());
}

bool FailureWindow::blocked(const QString &key, int *retryAfterSeconds)
{
    auto it = m_failures.find(key);
    if (it == m_failures.end())
        return false;
    const qint64 now = m_clock->nowMs();
    expire(*it, now);
    if (it->isEmpty()) {
        m_failures.erase(it);
        return false;
    }
    if (it->size() < m_max)
        return false;
    if (retryAfterSeconds)
        *retryAfterSeconds = std::max(1, static_cast<int>(std::ceil((it->front() + m_windowMs - now) / 1000.0)));
    return true;
}

void FailureWindow::record(const QString &key)
{
    const qint64 now = m_clock->nowMs();
    if (m_failures.size() > kPruneAbove) {
        for (auto it = m_failures.begin(); it != m_failures.end();) {
            expire(*it, now);
            it = it->isEmpty() ? m_failures.erase(it) : std::next(it);
        }
    }
    m_failures[key].append(now);
}

} // namespace lanxin::district
