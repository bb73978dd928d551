#include "masking.h"

namespace lanxin {
namespace {

QString keepEnds(const QString &s, qsizetype head, qsizetype tail)
{
    if (s.isEmpty())
        return {};
    if (s.size() <= head + tail)
        return QString(std::max<qsizetype>(0, s.size() - 2), u'*') + s.right(std::min<qsizetype>(2, s.size()));
    return s.left(head) + QString(s.size() - head - tail, u'*') + s.right(tail);
}

} // namespace

QString maskIdNumber(const QString &id)
{
    return keepEnds(id.trimmed(), 4, 4);
}

QString maskPhone(const QString &phone)
{
    return keepEnds(phone.trimmed(), 3, 4);
}

} // namespace lanxin
