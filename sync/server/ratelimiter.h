#pragma once

#include "core/clock.h"

#include <QHash>
#include <QList>
#include <QString>

namespace lanxin::district {

/// Token buckets per key (a device id, an address): `rate` tokens a second up to `burst`.
class RateLimiter
{
public:
    RateLimiter(double ratePerSecond, double burst, const Clock *clock);

    /// Takes one token for `key`. False when none is left; then `*retryAfterSeconds` (≥ 1) says when one will be.
    [[nodiscard]] bool take(const QString &key, int *retryAfterSeconds);
    void setLimits(double ratePerSecond, double burst);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 atMs = 0;
    };
    void prune(qint64 nowMs);

    double m_rate;
    double m_burst;
    const Clock *m_clock;
    QHash<QString, Bucket> m_buckets;
};

/// At most `max` failures per key in a sliding `windowMs` (enrollment failures per address).
class FailureWindow
{
public:
    FailureWindow(int max, qint64 windowMs, const Clock *clock);

    /// True when `key` has used up its failures; `*retryAfterSeconds` is when the oldest leaves the window.
    [[nodiscard]] bool blocked(const QString &key, int *retryAfterSeconds);
    void record(const QString &key);

private:
    void expire(QList<qint64> &times, qint64 nowMs) const;

    int m_max;
    qint64 m_windowMs;
    const Clock *m_clock;
    QHash<QString, QList<qint64>> m_failures;
};

} // namespace lanxin::district
