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

// Instants and dates are formatted and parsed for every stamped field sync sends or stores, so the
// usual shapes are done by hand (QDateTime::toString with a format and the regular expression cost
// microseconds each); anything unusual goes the old way, so the results are the same.
namespace {

constexpr qint64 kDayMs = 86400000;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<qint64>(era) * 146097 + doe - 719468;
}

/// The date of a day number (civil_from_days).
void civilFromDays(qint64 z, int &y, int &m, int &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = static_cast<int>(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe + era * 400) + (m <= 2);
}

template <typename Char>
void putDigits(Char *p, int value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        p[i] = Char(static_cast<char>('0' + value % 10));
}

/// formatInstant's 24 characters at `p`, or false (nothing written) when it would take its slow path
/// (invalid, or outside the years 1000–9999). QChar for formatInstant, char for JSON writers.
template <typename Char>
bool writeInstant(Char *p, const QDateTime &t)
{
    if (!t.isValid())
        return false;
    const qint64 ms = t.toMSecsSinceEpoch();
    const qint64 days = (ms >= 0 ? ms : ms - (kDayMs - 1)) / kDayMs;
    const int inDay = static_cast<int>(ms - days * kDayMs);
    int y = 0, m = 0, d = 0;
    civilFromDays(days, y, m, d);
    if (y < 1000 || y > 9999)
        return false;
    putDigits(p, y, 4);
    p[4] = Char('-');
    putDigits(p + 5, m, 2);
    p[7] = Char('-');
    putDigits(p + 8, d, 2);
    p[10] = Char('T');
    putDigits(p + 11, inDay / 3600000, 2);
    p[13] = Char(':');
    putDigits(p + 14, inDay / 60000 % 60, 2);
    p[16] = Char(':');
    putDigits(p + 17, inDay / 1000 % 60, 2);
    p[19] = Char('.');
    putDigits(p + 20, inDay % 1000, 3);
    p[23] = Char('Z');
    return true;
}

/// formatDate's 10 characters at `p`, or false outside the years 1000–9999.
template <typename Char>
bool writeDate(Char *p, QDate d)
{
    if (!d.isValid() || d.year() < 1000 || d.year() > 9999)
        return false;
    putDigits(p, d.year(), 4);
    p[4] = Char('-');
    putDigits(p + 5, d.month(), 2);
    p[7] = Char('-');
    putDigits(p + 8, d.day(), 2);
    return true;
}

/// `width` ASCII digits at `from`, or -1.
int digits(QStringView s, qsizetype from, int width)
{
    int v = 0;
    for (qsizetype i = from; i < from + width; ++i) {
        const char16_t c = s[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        v = v * 10 + (c - u'0');
    }
    return v;
}

bool commonDate(int y, int m, int d)
{
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= QDate(y, m, 1).daysInMonth();
}

QString formatInstantSlow(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QDateTime parseInstantSlow(QStringView s)
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

} // namespace

QString formatInstant(const QDateTime &t)
{
    QString out(kInstantChars, Qt::Uninitialized);
    return writeInstant(out.data(), t) ? out : formatInstantSlow(t);
}

bool writeInstantLatin1(char *out, const QDateTime &t)
{
    return writeInstant(out, t);
}

QDateTime parseInstant(QStringView s)
{
    // yyyy-MM-ddTHH:mm:ss.zzzZ with every part in its usual range; anything else the old way.
    if (s.size() == 24 && s[4] == u'-' && s[7] == u'-' && s[10] == u'T' && s[13] == u':' && s[16] == u':'
        && s[19] == u'.' && s[23] == u'Z') {
        const int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
        const int h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2), z = digits(s, 20, 3);
        if (commonDate(y, mo, d) && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && z >= 0)
            return QDateTime::fromMSecsSinceEpoch(
                daysFromCivil(y, mo, d) * kDayMs + ((h * 60 + mi) * 60 + sec) * 1000LL + z, Qt::UTC);
    }
    return parseInstantSlow(s);
}

QString formatDate(QDate d)
{
    QString out(kDateChars, Qt::Uninitialized);
    return writeDate(out.data(), d) ? out : d.toString(Qt::ISODate);
}

bool writeDateLatin1(char *out, QDate d)
{
    return writeDate(out, d);
}

QDate parseDate(QStringView s)
{
    if (s.size() != 10 || s[4] != u'-' || s[7] != u'-')
        return {};
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!s[i].isDigit() || s[i].unicode() > 127)
            return {};
    }
    const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
    if (commonDate(y, m, d))
        return QDate(y, m, d);
    return QDate::fromString(s.toString(), Qt::ISODate);
}

} // namespace lanxin
