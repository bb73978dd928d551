#include "pinyinengine.h"

#include <QFileInfo>
#include <QLoggingCategory>

#include <atomic>

#include <googlepinyin/pinyinime.h>

Q_LOGGING_CATEGORY(lcInput, "lanxin.input")

namespace lanxin {
namespace {

/// The decoder lives in process globals: at most one engine holds it.
std::atomic_bool s_taken{false};

constexpr int kMaxSpelling = 32;  ///< letters per composition (a long name or a short phrase)
constexpr int kMaxCandidateLen = 64;

const char *kDebianDictionary = "/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat";

} // namespace

PinyinEngine::~PinyinEngine()
{
    close();
}

QString PinyinEngine::defaultDictionaryPath()
{
    const QString fromEnv = qEnvironmentVariable("LANXIN_PINYIN_DICT");
    if (!fromEnv.isEmpty())
        return fromEnv;
#ifdef LANXIN_PINYIN_DICT_PATH
    if (QFileInfo::exists(QStringLiteral(LANXIN_PINYIN_DICT_PATH)))
        return QStringLiteral(LANXIN_PINYIN_DICT_PATH);
#endif
    return QString::fromLatin1(kDebianDictionary);
}

Result<void> PinyinEngine::open(const QString &dictionaryPath)
{
    if (m_open)
        return {};
    const QString path = dictionaryPath.isEmpty() ? defaultDictionaryPath() : dictionaryPath;
    if (!QFileInfo(path).isReadable())
        return Error{QStringLiteral("no_dictionary"),
                     bilingual(QStringLiteral("找不到拼音词库 %1（请安装 libgooglepinyin0）").arg(path),
                               QStringLiteral("Pinyin dictionary %1 not found (install libgooglepinyin0)").arg(path))};
    bool expected = false;
    if (!s_taken.compare_exchange_strong(expected, true))
        return Error{QStringLiteral("engine_busy"),
                     bilingual(QStringLiteral("拼音引擎已被占用"), QStringLiteral("The pinyin engine is already open"))};

    // An empty user dictionary path: the decoder can neither read nor create it, so it runs
    // without a user dictionary and has nowhere to learn into (SECURITY.md 18).
    if (!ime_pinyin::im_open_decoder(QFile::encodeName(path).constData(), "")) {
        s_taken = false;
        return Error{QStringLiteral("dictionary_unreadable"),
                     bilingual(QStringLiteral("拼音词库无法打开：%1").arg(path),
                               QStringLiteral("The pinyin dictionary cannot be opened: %1").arg(path))};
    }
    ime_pinyin::im_set_max_lens(kMaxSpelling, kMaxSpelling);
    ime_pinyin::im_enable_shm_as_szm(true); // "zxy" may stand for zhang xiu ying
    ime_pinyin::im_enable_ym_as_szm(false);
    m_open = true;
    reset();
    qCDebug(lcInput) << "pinyin engine open";
    return {};
}

void PinyinEngine::close()
{
    if (!m_open)
        return;
    reset();
    // im_close_decoder() flushes the user dictionary, which does not exist here.
    ime_pinyin::im_close_decoder();
    m_open = false;
    s_taken = false;
}

bool PinyinEngine::appendLetter(QChar letter)
{
    if (!m_open)
        return false;
    const char16_t c = letter.toLower().unicode();
    const bool isLetter = c >= u'a' && c <= u'z';
    if (!isLetter && c != u'\'')
        return false;
    if (c == u'\'' && (m_spelling.isEmpty() || m_spelling.endsWith('\'')))
        return false;
    if (m_spelling.size() >= kMaxSpelling)
        return false;
    m_spelling.append(static_cast<char>(c));
    search();
    return true;
}

bool PinyinEngine::backspace()
{
    if (!m_open || m_spelling.isEmpty())
        return false;
    const int pendingStart = m_fixed < m_starts.size() ? m_starts.at(m_fixed) : int(m_spelling.size());
    if (m_fixed > 0 && int(m_spelling.size()) <= pendingStart) {
        // Every letter is covered by choices: take the last choice back.
        m_count = int(ime_pinyin::im_cancel_last_choice());
        refresh();
        return true;
    }
    if (m_spelling.size() == 1) {
        reset();
        return true;
    }
    const int last = int(m_spelling.size()) - 1;
    if (m_fixed > 0 && last < m_decoded) {
        // Keeps the earlier choices, as the decoder's own delete does.
        m_count = int(ime_pinyin::im_delsearch(size_t(last), false, false));
        refresh();
    } else {
        m_spelling.chop(1);
        search();
    }
    return true;
}

void PinyinEngine::reset()
{
    m_spelling.clear();
    m_count = 0;
    m_decoded = 0;
    m_fixed = 0;
    m_starts.clear();
    if (m_open) {
        ime_pinyin::im_reset_search();
        // Overwrites the decoder's copy of the last spelling too.
        ime_pinyin::im_search("", 0);
    }
}

void PinyinEngine::search()
{
    m_count = int(ime_pinyin::im_search(m_spelling.constData(), size_t(m_spelling.size())));
    refresh();
}

void PinyinEngine::refresh()
{
    size_t decoded = 0;
    const char *sps = ime_pinyin::im_get_sps_str(&decoded);
    // The decoder may drop letters it cannot take (too many syllables); follow it.
    m_spelling = sps ? QByteArray(sps) : QByteArray();
    m_decoded = int(decoded);
    const ime_pinyin::uint16 *starts = nullptr;
    const size_t n = ime_pinyin::im_get_spl_start_pos(starts);
    m_starts.clear();
    for (size_t i = 0; starts && i <= n; ++i)
        m_starts << int(starts[i]);
    m_fixed = int(ime_pinyin::im_get_fixed_len());
    if (m_spelling.isEmpty())
        reset();
}

bool PinyinEngine::allChosen() const
{
    return m_fixed > 0 && m_fixed >= m_starts.size() - 1;
}

QString PinyinEngine::undecodedTail() const
{
    return QString::fromLatin1(m_spelling.mid(m_decoded));
}

QString PinyinEngine::pendingSpelling() const
{
    if (m_spelling.isEmpty())
        return {};
    const int start = m_fixed < m_starts.size() ? m_starts.at(m_fixed) : 0;
    return QString::fromLatin1(m_spelling.mid(start));
}

QString PinyinEngine::chosenText() const
{
    if (m_fixed == 0)
        return {};
    return rawCandidate(0).left(m_fixed);
}

QString PinyinEngine::preedit() const
{
    if (m_spelling.isEmpty())
        return {};
    QString out = chosenText();
    QStringList syllables;
    for (int i = m_fixed; i + 1 < m_starts.size(); ++i)
        syllables << QString::fromLatin1(m_spelling.mid(m_starts.at(i), m_starts.at(i + 1) - m_starts.at(i)));
    out += syllables.join(u'\'');
    out += undecodedTail();
    if (m_decoded == 0)
        out = QString::fromLatin1(m_spelling);
    return out;
}

int PinyinEngine::candidateCount() const
{
    if (m_spelling.isEmpty())
        return 0;
    // Letters the decoder cannot read at all ("v", "i") are offered as they are.
    return m_count > 0 ? m_count : 1;
}

QString PinyinEngine::rawCandidate(int index) const
{
    ime_pinyin::char16 buf[kMaxCandidateLen + 1] = {};
    if (!ime_pinyin::im_get_candidate(size_t(index), buf, kMaxCandidateLen))
        return {};
    return QString::fromUtf16(reinterpret_cast<const char16_t *>(buf));
}

QString PinyinEngine::candidate(int index) const
{
    if (index < 0 || index >= candidateCount())
        return {};
    if (m_count == 0)
        return QString::fromLatin1(m_spelling);
    // Candidate 0 is the whole sentence, chosen part included; show only what is still open.
    return index == 0 ? rawCandidate(0).mid(m_fixed) : rawCandidate(index);
}

QStringList PinyinEngine::candidates(int first, int count) const
{
    QStringList out;
    const int end = std::min(candidateCount(), first + count);
    for (int i = std::max(0, first); i < end; ++i)
        out << candidate(i);
    return out;
}

QString PinyinEngine::choose(int index)
{
    if (index < 0 || index >= candidateCount())
        return {};
    if (m_count <= 1 || allChosen()) {
        // Only one way to read it (or nothing readable): that is the text.
        const QString text = m_count == 0 ? QString::fromLatin1(m_spelling) : rawCandidate(0) + undecodedTail();
        reset();
        return text;
    }
    m_count = int(ime_pinyin::im_choose(size_t(index)));
    refresh();
    if (!allChosen())
        return {};
    const QString text = rawCandidate(0) + undecodedTail();
    reset();
    return text;
}

} // namespace lanxin
