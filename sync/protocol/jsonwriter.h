#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QStringView>

#include <array>
#include <cstring>

/// Compact JSON written straight into a byte buffer, for the bodies sync builds per record (push
/// requests, push answers, pull pages). The output is what QJsonDocument::Compact writes for the same
/// value — the same escapes, UTF-8 as is — without building a QJsonObject tree first.
namespace lanxin::protocol::json {

namespace detail {
inline constexpr std::array<bool, 128> kPlainAscii = [] {
    std::array<bool, 128> plain{};
    for (int c = 0x20; c < 0x80; ++c)
        plain[c] = c != '"' && c != '\\';
    return plain;
}();
} // namespace detail

/// True when `c` is ASCII a JSON string holds as it is (not a control character, quote or backslash).
[[nodiscard]] constexpr bool isPlainAscii(char16_t c)
{
    return c < 0x80 && detail::kPlainAscii[c];
}

/// Appends `bytes` as they are (punctuation, numbers, ciphertext): a resize and a copy, where
/// QByteArray's own appends go through its general insert (~110 instructions for a few bytes).
inline void appendBytes(QByteArray &out, QByteArrayView bytes)
{
    const qsizetype at = out.size();
    out.resize(at + bytes.size());
    std::memcpy(out.data() + at, bytes.data(), static_cast<size_t>(bytes.size()));
}

/// `s` as a JSON string (quoted, escaped; UTF-8 as QString::toUtf8() gives it). Text without
/// surrogates or `\u00XX` escapes (ASCII, Chinese) is encoded straight into `out`, without a temporary.
void appendString(QByteArray &out, QStringView s);
/// An ASCII key or literal string that needs no escaping, quoted.
void appendLatin1String(QByteArray &out, const char *s);
/// Any JSON value (objects with their keys in QJsonObject's order).
void appendValue(QByteArray &out, const QJsonValue &v);

} // namespace lanxin::protocol::json
