#include "clock.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace lanxin {

QDate Clock::today() const
{
    return now().toTimeZone(localZone()).date();
}

void Clock::setFixed(qint64 ms)
{
    m_fixed = ms;
    m_source = [this] { return m_fixed; };
}

void Clock::advance(qint64 ms)
{
    m_fixed += ms;
}

QTimeZone localZone()
{
    static const QTimeZone zone = [] {
        QTimeZone z("Asia/Shanghai");
        // Without tzdata the offset is still fixed: China has had no daylight saving since 1991.
        return z.isValid() ? z : QTimeZone(8 * 3600);
    }();
    return zone;
}

QString formatInstant(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QDateTime parseInstant(QStringView s)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)"));
    if (!re.match(s).hasMatch())
        return {};
    QDateTime t = QDateTime::fromString(s.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        return {};
    return t.toUTC();
}

QString formatDate(QDate d)
{
    return d.toString(Qt::ISODate);
}

QDate parseDate(QStringView s)
{
    if (s.size() != 10 || s[4] != u'-' || s[7] != u'-')
        return {};
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!s[i].isDigit() || s[i].unicode() > 127)
            return {};
    }
    return QDate::fromString(s.toString(), Qt::ISODate);
}

} // namespace lanxin
