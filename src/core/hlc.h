#pragma once

#include "clock.h"

#include <QString>

#include <compare>
#include <optional>

namespace lanxin {

/// A hybrid logical clock stamp: PPPPPPPPPPPPP-CCCC-NODE (SYNC-PROTOCOL.md "HLC").
/// Ordered as (milliseconds, counter, node), which is also plain string order.
struct Hlc
{
    qint64 ms = 0;
    quint16 counter = 0;
    QString node;

    [[nodiscard]] QString toString() const;
    [[nodiscard]] static std::optional<Hlc> parse(QStringView s);
    [[nodiscard]] bool isNull() const { return ms == 0 && counter == 0 && node.isEmpty(); }

    friend bool operator==(const Hlc &, const Hlc &) = default;
    friend std::strong_ordering operator<=>(const Hlc &a, const Hlc &b)
    {
        if (auto c = a.ms <=> b.ms; c != 0)
            return c;
        if (auto c = a.counter <=> b.counter; c != 0)
            return c;
        const int n = a.node.compare(b.node);
        return n < 0 ? std::strong_ordering::less : n > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
    }
};

/// A device's (or the district's) clock: stamps never go backwards, whatever the wall clock does.
class HlcClock
{
public:
    HlcClock(QString node, const Clock *clock);

    /// A new stamp for a local write (send rule).
    [[nodiscard]] Hlc now();
    /// Merges a stamp seen from elsewhere (receive rule); later local stamps are greater than it.
    void observe(const Hlc &remote);
    /// The server's physical time minus ours, added to our clock (SYNC-PROTOCOL.md "Clocks").
    void setOffsetMs(qint64 offset) { m_offsetMs = offset; }
    [[nodiscard]] qint64 offsetMs() const { return m_offsetMs; }
    [[nodiscard]] const Hlc &last() const { return m_last; }
    /// Restores the last stamp issued (kept in the database so a restart never goes backwards).
    void restore(const Hlc &last);
    /// Sets the last stamp even when lower: only after the district refused stamps as too far ahead
    /// (`clock_ahead`), so the device can stamp with its corrected clock again.
    void resetTo(const Hlc &last);
    [[nodiscard]] const QString &node() const { return m_node; }

private:
    [[nodiscard]] qint64 physicalMs() const;

    QString m_node;
    const Clock *m_clock;
    qint64 m_offsetMs = 0;
    Hlc m_last;
};

/// A new device id: 16 characters of lowercase base32 (a-z2-7).
[[nodiscard]] QString newDeviceId();
[[nodiscard]] bool isValidNode(QStringView node);

} // namespace lanxin
