#include "hlc.h"

#include <QRandomGenerator>

namespace lanxin {

QString Hlc::toString() const
{
    if (ms < 0 || ms > 9999999999999LL)
        return QStringLiteral("%1-%2-%3").arg(ms, 13, 10, QLatin1Char('0')).arg(counter, 4, 16, QLatin1Char('0')).arg(node);
    // Hot in sync (every field of every record): written by hand, not with arg().
    QString s(19 + node.size(), Qt::Uninitialized);
    QChar *p = s.data();
    qint64 v = ms;
    for (int i = 12; i >= 0; --i, v /= 10)
        p[i] = QLatin1Char(static_cast<char>('0' + v % 10));
    p[13] = u'-';
    static constexpr char hex[] = "0123456789abcdef";
    for (int i = 0; i < 4; ++i)
        p[14 + i] = QLatin1Char(hex[(counter >> (12 - 4 * i)) & 0xf]);
    p[18] = u'-';
    std::copy(node.cbegin(), node.cend(), p + 19);
    return s;
}

bool isValidNode(QStringView node)
{
    if (node == u"district")
        return true;
    // Devices make base32 ids (a-z2-7); any 16 lowercase letters or digits are accepted, as in the spec's examples.
    if (node.size() != 16)
        return false;
    for (QChar c : node) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')))
            return false;
    }
    return true;
}

std::optional<Hlc> Hlc::parse(QStringView s)
{
    if (s.size() < 13 + 1 + 4 + 1 + 1 || s[13] != u'-' || s[18] != u'-')
        return std::nullopt;
    Hlc h;
    for (int i = 0; i < 13; ++i) {
        if (s[i] < u'0' || s[i] > u'9')
            return std::nullopt;
        h.ms = h.ms * 10 + (s[i].unicode() - '0');
    }
    for (int i = 14; i < 18; ++i) {
        const char16_t c = s[i].unicode();
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else
            return std::nullopt;
        h.counter = static_cast<quint16>(h.counter * 16 + v);
    }
    const auto node = s.mid(19);
    if (!isValidNode(node))
        return std::nullopt;
    h.node = node.toString();
    return h;
}

HlcClock::HlcClock(QString node, const Clock *clock)
    : m_node(std::move(node))
    , m_clock(clock)
{
}

qint64 HlcClock::physicalMs() const
{
    return m_clock->nowMs() + m_offsetMs;
}

Hlc HlcClock::now()
{
    const qint64 pt = physicalMs();
    Hlc next;
    next.node = m_node;
    if (pt > m_last.ms) {
        next.ms = pt;
        next.counter = 0;
    } else if (m_last.counter == 0xffff) {
        // Counter overflow: the physical part moves to the next millisecond.
        next.ms = m_last.ms + 1;
        next.counter = 0;
    } else {
        next.ms = m_last.ms;
        next.counter = m_last.counter + 1;
    }
    m_last = next;
    return next;
}

void HlcClock::observe(const Hlc &remote)
{
    const qint64 pt = physicalMs();
    const qint64 maxMs = std::max({pt, m_last.ms, remote.ms});
    Hlc next;
    next.node = m_node;
    next.ms = maxMs;
    if (maxMs == m_last.ms && maxMs == remote.ms)
        next.counter = std::max(m_last.counter, remote.counter);
    else if (maxMs == m_last.ms)
        next.counter = m_last.counter;
    else if (maxMs == remote.ms)
        next.counter = remote.counter;
    else
        next.counter = 0;
    // The next local stamp increments from here; keep `last` as the greatest seen so now() exceeds it.
    if (next > m_last)
        m_last = next;
}

void HlcClock::restore(const Hlc &last)
{
    if (last.ms > m_last.ms || (last.ms == m_last.ms && last.counter > m_last.counter)) {
        m_last.ms = last.ms;
        m_last.counter = last.counter;
        m_last.node = m_node;
    }
}

void HlcClock::resetTo(const Hlc &last)
{
    m_last.ms = last.ms;
    m_last.counter = last.counter;
    m_last.node = m_node;
}

QString newDeviceId()
{
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    QString id;
    id.reserve(16);
    auto *rng = QRandomGenerator::system();
    for (int i = 0; i < 16; ++i)
        id += QLatin1Char(alphabet[rng->bounded(32)]);
    return id;
}

} // namespace lanxin
