#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace lanxin {

/// The googlepinyin decoder (libgooglepinyin, the engine Qt's own Pinyin plugin wraps) behind one
/// object: a spelling in, candidates out, choices that cover part of the spelling, backspace, reset.
///
/// The library keeps its state in process globals, so only one engine may be open at a time; a
/// second open() fails. It learns nothing (SECURITY.md 18): no user dictionary is ever opened (the
/// decoder gets an empty path, which it cannot create, so its user dictionary stays null), nothing
/// is flushed, and predictions are never asked for. Choosing a candidate therefore never changes
/// the order of later candidates. Not thread-safe; use it from one thread.
class PinyinEngine
{
public:
    PinyinEngine() = default;
    ~PinyinEngine();
    PinyinEngine(const PinyinEngine &) = delete;
    PinyinEngine &operator=(const PinyinEngine &) = delete;

    /// `$LANXIN_PINYIN_DICT` when set, else libgooglepinyin0's dict_pinyin.dat.
    [[nodiscard]] static QString defaultDictionaryPath();

    /// Opens the system dictionary (empty path: defaultDictionaryPath()).
    [[nodiscard]] Result<void> open(const QString &dictionaryPath = {});
    void close();
    [[nodiscard]] bool isOpen() const { return m_open; }

    /// Adds a letter a–z (upper case is lowered) or an apostrophe that splits syllables (xi'an).
    /// False when refused: not open, not a letter, or the spelling is at its maximum length.
    bool appendLetter(QChar letter);
    /// Deletes the last letter still to be chosen; when all letters are covered by choices, undoes
    /// the last choice instead. False when nothing is being composed.
    bool backspace();
    /// Ends the composition: no spelling, no choices, no candidates.
    void reset();

    [[nodiscard]] bool isComposing() const { return !m_spelling.isEmpty(); }
    /// Every letter typed in this composition, chosen or not.
    [[nodiscard]] QString spelling() const { return QString::fromLatin1(m_spelling); }
    /// The letters not yet covered by a choice ("xiuying" after 张 was chosen from zhangxiuying).
    [[nodiscard]] QString pendingSpelling() const;
    /// The characters chosen so far in this composition ("张").
    [[nodiscard]] QString chosenText() const;
    /// What to show while composing: the chosen characters, then the pending syllables split by
    /// apostrophes ("张xiu'ying").
    [[nodiscard]] QString preedit() const;

    [[nodiscard]] int candidateCount() const;
    /// Candidate `index` for the pending part (0 is the engine's best reading of all of it).
    [[nodiscard]] QString candidate(int index) const;
    /// `count` candidates from `first` (a page); fewer at the end.
    [[nodiscard]] QStringList candidates(int first, int count) const;
    /// Chooses candidate `index`. When the choices now cover the whole spelling, the composition
    /// ends and the text to commit is returned; otherwise an empty string, and the candidates are
    /// those for the rest of the spelling.
    [[nodiscard]] QString choose(int index);

private:
    void search();
    void refresh();
    [[nodiscard]] QString rawCandidate(int index) const;
    [[nodiscard]] QString undecodedTail() const;
    [[nodiscard]] bool allChosen() const;

    bool m_open = false;
    QByteArray m_spelling;  ///< the letters, as the decoder keeps them
    int m_count = 0;        ///< candidates the decoder has for the pending part
    int m_decoded = 0;      ///< letters of m_spelling the decoder could split into syllables
    int m_fixed = 0;        ///< syllables covered by choices
    QList<int> m_starts;    ///< start of each syllable in m_spelling, plus the end
};

} // namespace lanxin
