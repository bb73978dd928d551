#include "pinyin.h"

#include "pinyin_table.inc" // generated at build time by tools/gen_pinyin.py

#include <QVarLengthArray>

#include <cstdint>

namespace lanxin::pinyin {
namespace {

/// Surnames whose reading differs from the character's common (kMandarin) reading once tones are
/// dropped. Used for the first character of a name only: 单丽 is Shàn Lì, 简单 stays jiǎndān.
/// Surnames that only differ in tone (华 huà, 任 rén, 过 guō, 燕 yān, 葛 gě, 纪 jǐ, 那 nā, 宁 nìng)
/// need no entry. 尉 alone is Wèi (尉健行); it is Yù only in 尉迟, below.
struct Surname
{
    char16_t han;
    const char *reading;
};
constexpr Surname kSurnames[] = {
    {u'单', "shan"}, {u'曾', "zeng"}, {u'解', "xie"},  {u'仇', "qiu"},  {u'区', "ou"},   {u'朴', "piao"},
    {u'查', "zha"},  {u'盖', "ge"},   {u'乐', "yue"},  {u'缪', "miao"}, {u'覃', "qin"},  {u'翟', "zhai"},
    {u'召', "shao"}, {u'秘', "bi"},   {u'种', "chong"}, {u'洗', "xian"}, {u'员', "yun"},  {u'宓', "fu"},
    {u'隗', "wei"},  {u'能', "nai"},  {u'繁', "po"},   {u'阚', "kan"},  {u'黑', "he"},   {u'蕃', "pi"},
    {u'便', "pian"}, {u'都', "du"},   {u'薄', "bo"},   {u'莘', "xin"},  {u'郇', "xun"},  {u'乜', "nie"},
    {u'颉', "xie"},  {u'粘', "nian"}, {u'佴', "nai"},  {u'祭', "zhai"}, {u'句', "gou"},  {u'折', "she"},
    {u'蔚', "yu"},   {u'重', "chong"},
};

/// Compound surnames read differently from their characters. 单于 (Chányú) is left out on purpose:
/// a 单 surname with a given name starting with 于 is far more likely today.
struct CompoundSurname
{
    char16_t first;
    char16_t second;
    const char *firstReading;
    const char *secondReading;
};
constexpr CompoundSurname kCompoundSurnames[] = {
    {u'万', u'俟', "mo", "qi"},
    {u'尉', u'迟', "yu", "chi"},
    {u'长', u'孙', "zhang", "sun"},
    {u'澹', u'台', "tan", "tai"},
};

/// A syllable: a Han reading, or a run of ASCII (or full-width) letters or digits as written.
struct Token
{
    QLatin1String reading;
    QStringView run;
    bool digits = false;
};

/// The lowercase ASCII letter or digit `c` stands for (full-width forms included), or 0.
constexpr char16_t foldAlnum(char16_t c)
{
    if (c >= 0xFF10 && c <= 0xFF5A)
        c = char16_t(c - 0xFEE0);
    if (c >= u'A' && c <= u'Z')
        return char16_t(c + (u'a' - u'A'));
    if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
        return c;
    return 0;
}

constexpr bool isIdeograph(char32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) // Ext A, URO
        || (cp >= 0xF900 && cp <= 0xFAFF)                                     // compatibility
        || (cp >= 0x20000 && cp <= 0x323AF);                                   // Ext B..H, compat. supplement
}

QLatin1String tableReading(char32_t cp)
{
    std::uint16_t index = 0;
    if (cp >= table::kUnifiedFirst && cp <= table::kUnifiedLast)
        index = table::kUnified[cp - table::kUnifiedFirst];
    else if (cp >= table::kExtAFirst && cp <= table::kExtALast)
        index = table::kExtA[cp - table::kExtAFirst];
    const table::Syllable &s = table::kSyllables[index];
    return QLatin1String(s.text, s.size);
}

QLatin1String surnameReading(char32_t cp)
{
    for (const Surname &s : kSurnames) {
        if (s.han == cp)
            return QLatin1String(s.reading);
    }
    return tableReading(cp);
}

/// Calls onSyllable(Token) for each syllable of `text`, in order.
template<typename OnSyllable> // not "emit": Qt defines that as an empty macro
void forEachSyllable(QStringView text, bool asName, OnSyllable &&onSyllable)
{
    const char16_t *s = text.utf16();
    const qsizetype n = text.size();
    bool first = asName; // the next Han character or word is the first of the name
    qsizetype i = 0;
    while (i < n) {
        if (const char16_t a = foldAlnum(s[i])) {
            const bool digits = a <= u'9';
            qsizetype end = i + 1;
            for (; end < n; ++end) {
                const char16_t b = foldAlnum(s[end]);
                if (!b || (b <= u'9') != digits)
                    break;
            }
            onSyllable(Token{{}, text.sliced(i, end - i), digits});
            first = false;
            i = end;
            continue;
        }
        char32_t cp = s[i];
        qsizetype width = 1;
        if (QChar::isHighSurrogate(s[i]) && i + 1 < n && QChar::isLowSurrogate(s[i + 1])) {
            cp = QChar::surrogateToUcs4(s[i], s[i + 1]);
            width = 2;
        }
        if (!isIdeograph(cp)) {
            i += width;
            continue;
        }
        if (cp >= 0xF900 && cp <= 0xFAFF) { // compatibility ideographs: rare, so allocating is fine
            const QString canonical = QChar::decomposition(cp);
            if (canonical.size() == 1)
                cp = canonical.front().unicode();
        }
        if (first) {
            first = false;
            if (i + 1 < n) {
                const CompoundSurname *compound = nullptr;
                for (const CompoundSurname &c : kCompoundSurnames) {
                    if (c.first == cp && c.second == s[i + 1])
                        compound = &c;
                }
                if (compound) {
                    onSyllable(Token{QLatin1String(compound->firstReading), {}, false});
                    onSyllable(Token{QLatin1String(compound->secondReading), {}, false});
                    i += 2;
                    continue;
                }
            }
            if (const QLatin1String reading = surnameReading(cp); !reading.isEmpty())
                onSyllable(Token{reading, {}, false});
        } else if (const QLatin1String reading = tableReading(cp); !reading.isEmpty()) {
            onSyllable(Token{reading, {}, false});
        }
        i += width;
    }
}

using Buffer = QVarLengthArray<QChar, 96>;

void appendReading(Buffer &out, QLatin1String reading)
{
    for (char c : reading)
        out.append(QLatin1Char(c));
}

} // namespace

QStringList syllables(QStringView text, bool asName)
{
    QStringList out;
    out.reserve(text.size());
    forEachSyllable(text, asName, [&out](const Token &t) {
        if (!t.reading.isEmpty()) {
            out.append(QString(t.reading));
            return;
        }
        QString word(t.run.size(), Qt::Uninitialized);
        QChar *d = word.data();
        for (QChar c : t.run)
            *d++ = QChar(foldAlnum(c.unicode()));
        out.append(word);
    });
    return out;
}

QString full(QStringView name)
{
    Buffer out;
    forEachSyllable(name, true, [&out](const Token &t) {
        if (!t.reading.isEmpty()) {
            appendReading(out, t.reading);
            return;
        }
        for (QChar c : t.run)
            out.append(QChar(foldAlnum(c.unicode())));
    });
    return QString(out.constData(), out.size());
}

QString initials(QStringView name)
{
    Buffer out;
    forEachSyllable(name, true, [&out](const Token &t) {
        if (!t.reading.isEmpty()) {
            out.append(QLatin1Char(t.reading.front()));
        } else if (t.digits) {
            for (QChar c : t.run)
                out.append(QChar(foldAlnum(c.unicode())));
        } else {
            out.append(QChar(foldAlnum(t.run.front().unicode())));
        }
    });
    return QString(out.constData(), out.size());
}

bool containsHan(QStringView text)
{
    const char16_t *s = text.utf16();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t cp = s[i];
        if (QChar::isHighSurrogate(s[i]) && i + 1 < n && QChar::isLowSurrogate(s[i + 1])) {
            cp = QChar::surrogateToUcs4(s[i], s[i + 1]);
            ++i;
        }
        if (isIdeograph(cp))
            return true;
    }
    return false;
}

} // namespace lanxin::pinyin
