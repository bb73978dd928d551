#pragma once

#include <QDate>
#include <QString>

#include <optional>

namespace lanxin {

/// What an 18-character 居民身份证号 (GB 11643) says about its holder.
struct IdNumberInfo
{
    QString region;  ///< the 6-digit administrative division code
    QDate birthDate;
    QChar gender;    ///< 'F' or 'M' (the 17th digit: odd = male)
};

/// The GB 11643 check character (0-9 or X) of the first 17 digits; a null QChar when they are not 17 digits.
[[nodiscard]] QChar idNumberCheckChar(QStringView first17);
/// Parses a well-formed number with a correct check character and a real birth date; nullopt otherwise.
[[nodiscard]] std::optional<IdNumberInfo> parseIdNumber(QStringView id);
/// Upper-cases a trailing x and strips spaces, as people type them.
[[nodiscard]] QString normalizeIdNumber(QStringView id);

} // namespace lanxin
