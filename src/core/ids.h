#pragma once

#include "clock.h"

#include <QString>

namespace lanxin {

/// A new UUID v7 (RFC 9562): 48 bits of Unix milliseconds, then random bits; lowercase, hyphenated.
/// Ids made by one generator are strictly increasing, even within one millisecond.
[[nodiscard]] QString newRecordId(const Clock &clock);
/// The id of the attendance of `residentId` at `sessionId`: UUID v5 of "session|resident" (PRODUCT.md).
[[nodiscard]] QString attendanceId(QStringView sessionId, QStringView residentId);
/// A lowercase hyphenated UUID (any version).
[[nodiscard]] bool isValidUuid(QStringView id);

} // namespace lanxin
