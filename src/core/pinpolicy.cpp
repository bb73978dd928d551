#include "pinpolicy.h"

#include <QString>

namespace lanxin::pinpolicy {

bool isWellFormed(const QString &pin)
{
    if (pin.size() < kMinDigits || pin.size() > kMaxDigits)
        return false;
    for (QChar c : pin) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

qint64 waitAfterFailures(int failures)
{
    if (failures < kFailuresBeforeWait)
        return 0;
    qint64 wait = kFirstWaitMs;
    for (int i = kFailuresBeforeWait; i < failures && wait < kMaxWaitMs; ++i)
        wait *= 2;
    return std::min(wait, kMaxWaitMs);
}

bool blocksUntilDirector(int failures, bool isDirector)
{
    return !isDirector && failures >= kFailuresBeforeDirectorOnly;
}

int triesBeforeWait(int failures)
{
    return std::max(0, kFailuresBeforeWait - failures);
}

} // namespace lanxin::pinpolicy
