#pragma once

#include "clock.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace lanxin {

/// A new UUID v7 (RFC 9562): 48 bits of Unix milliseconds, then random bits; lowercase, hyphenated.
/// Ids made by one generator are strictly increasing, even within one millisecond.
[[nodiscard]] QString newRecordId(const Clock &clock);
/// The id of the attendance of `residentId` at `sessionId`: UUID v5 of "session|resident" (PRODUCT.md).
[[nodiscard]] QString attendanceId(QStringView sessionId, QStringView residentId);
/// A UUID's 128 bits as two words: `high` from the first 16 hex digits, `low` from the last 16.
struct UuidWords
{
    quint64 high = 0;
    quint64 low = 0;
};
/// The words of a lowercase hyphenated UUID (any version); nullopt for any other text, uppercase
/// included. From UTF-16, or from UTF-8 (a column's text).
[[nodiscard]] std::optional<UuidWords> parseUuid(QStringView id);
[[nodiscard]] std::optional<UuidWords> parseUuid(QByteArrayView utf8);
/// A lowercase hyphenated UUID (any version): what parseUuid reads.
[[nodiscard]] bool isValidUuid(QStringView id);

} // namespace lanxin
