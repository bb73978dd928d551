#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

/// Hanzi to toneless pinyin, for searching residents by full-pinyin prefix ("zhangx" finds 张秀英)
/// and by initials ("zxy"). Readings come from Unihan kMandarin (see docs/pinyin.md).
///
/// Han characters of CJK Unified Ideographs and Extension A become lowercase ASCII syllables
/// (ü is written v: 吕 → "lv"). A run of ASCII letters (or a run of digits) is one syllable of its
/// own, lowercased; full-width letters and digits count as ASCII. Everything else (spaces, the
/// middle dot of 少数民族 names, punctuation, Han characters without a reading such as Extension B)
/// is skipped.
namespace lanxin::pinyin {

/// Toneless lowercase syllables of each character of `text`; with asName the first character uses
/// its surname reading (单丽 → shan li, but 简单 → jian dan).
/// Compound surnames (万俟, 尉迟, 长孙, 澹台) are read as surnames too when asName.
[[nodiscard]] QStringList syllables(QStringView text, bool asName = true);
/// The syllables of a name run together: 张秀英 → "zhangxiuying".
[[nodiscard]] QString full(QStringView name);
/// The first letter of each syllable of a name: 张秀英 → "zxy". A run of digits is kept whole.
[[nodiscard]] QString initials(QStringView name);
/// Whether `text` has a CJK ideograph (any block, including those without a reading here).
[[nodiscard]] bool containsHan(QStringView text);

} // namespace lanxin::pinyin
