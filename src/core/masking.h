#pragma once

#include <QString>

namespace lanxin {

/// How ID and phone numbers appear on screen (SECURITY.md 19): only the director's edit screen shows
/// them whole. An 18-character ID keeps its first 4 and last 4 characters (3302**********123X), a
/// mobile number its first 3 and last 4 (138****5678); anything shorter shows only its last 2.
[[nodiscard]] QString maskIdNumber(const QString &id);
[[nodiscard]] QString maskPhone(const QString &phone);

} // namespace lanxin
