#include "overloadgate.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcOverload, "lanxin.district.overload")

namespace lanxin::district {

OverloadGate::OverloadGate(int maxQueueMs, QObject *parent)
    : QObject(parent)
    , m_maxQueueMs(maxQueueMs)
{
    m_clock.start();
    m_lastTickMs = m_clock.elapsed();
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &OverloadGate::tick);
    if (m_maxQueueMs > 0)
        m_timer.start();
}

qint64 OverloadGate::lagMs() const
{
    return std::max<qint64>(0, m_clock.elapsed() - m_lastTickMs - kTickMs);
}

bool OverloadGate::shouldShed() const
{
    return m_maxQueueMs > 0 && lagMs() > m_maxQueueMs;
}

int OverloadGate::retryAfterSeconds() const
{
    return static_cast<int>(std::clamp<qint64>((lagMs() + 999) / 1000, 1, 60));
}

void OverloadGate::tick()
{
    const qint64 lag = lagMs();
    m_lastTickMs = m_clock.elapsed();
    if (m_shedSinceTick > 0) {
        qCWarning(lcOverload).noquote() << QStringLiteral("overloaded: %1 requests answered 503 while %2 ms behind")
                                               .arg(m_shedSinceTick)
                                               .arg(lag);
        m_shedTotal += m_shedSinceTick;
        m_shedSinceTick = 0;
    }
}

} // namespace lanxin::district
