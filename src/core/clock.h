#pragma once

#include <QDateTime>
#include <QTimeZone>

#include <functional>

namespace lanxin {

/// The wall clock, injectable: tests set a function or a fixed time. All "now" in Lanxin comes from here.
class Clock
{
public:
    using Source = std::function<qint64()>; ///< Unix milliseconds

    Clock() = default;
    explicit Clock(Source source) : m_source(std::move(source)) {}

    [[nodiscard]] qint64 nowMs() const { return m_source ? m_source() : QDateTime::currentMSecsSinceEpoch(); }
    [[nodiscard]] QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
    /// Today's local date in Asia/Shanghai (PRODUCT.md: dates are local dates there).
    [[nodiscard]] QDate today() const;

    void setSource(Source source) { m_source = std::move(source); }
    /// For tests: a clock that stands still at `ms` until moved.
    void setFixed(qint64 ms);
    void advance(qint64 ms);

private:
    Source m_source;
    qint64 m_fixed = 0;
};

/// Asia/Shanghai, the zone of every local date.
[[nodiscard]] QTimeZone localZone();
/// RFC 3339 UTC with milliseconds: 2026-11-28T02:15:00.000Z
[[nodiscard]] QString formatInstant(const QDateTime &t);
[[nodiscard]] QDateTime parseInstant(QStringView s); ///< invalid QDateTime when malformed
[[nodiscard]] QString formatDate(QDate d);            ///< yyyy-MM-dd
[[nodiscard]] QDate parseDate(QStringView s);          ///< invalid QDate when malformed
/// For JSON writers: formatInstant's kInstantChars characters (formatDate's kDateChars) written as
/// bytes at `out`, or false and nothing written where those take their rare slow path (invalid, or
/// outside the years 1000–9999).
constexpr int kInstantChars = 24;
constexpr int kDateChars = 10;
[[nodiscard]] bool writeInstantLatin1(char *out, const QDateTime &t);
[[nodiscard]] bool writeDateLatin1(char *out, QDate d);

} // namespace lanxin
