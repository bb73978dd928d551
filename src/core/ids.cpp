#include "ids.h"

#include <QMutex>
#include <QRandomGenerator>
#include <QUuid>

#include <array>

namespace lanxin {

QString newRecordId(const Clock &clock)
{
    // RFC 9562 method 1: a 12-bit counter in rand_a, seeded randomly each millisecond, keeps ids monotonic.
    static QMutex mutex;
    static qint64 lastMs = -1;
    static quint16 seq = 0;

    qint64 ms = clock.nowMs();
    quint16 counter;
    {
        QMutexLocker lock(&mutex);
        if (ms <= lastMs) {
            ms = lastMs;
            if (++seq > 0x0fff) {
                ++ms;
                seq = static_cast<quint16>(QRandomGenerator::system()->bounded(0x0800));
            }
        } else {
            seq = static_cast<quint16>(QRandomGenerator::system()->bounded(0x0800));
        }
        lastMs = ms;
        counter = seq;
    }

    uchar b[16];
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<uchar>(ms >> (40 - 8 * i));
    b[6] = static_cast<uchar>(0x70 | ((counter >> 8) & 0x0f));
    b[7] = static_cast<uchar>(counter & 0xff);
    quint64 rnd = QRandomGenerator::system()->generate64();
    for (int i = 8; i < 16; ++i)
        b[i] = static_cast<uchar>(rnd >> (8 * (i - 8)));
    b[8] = static_cast<uchar>(0x80 | (b[8] & 0x3f));

    const QUuid uuid = QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(b), 16));
    return uuid.toString(QUuid::WithoutBraces);
}

QString attendanceId(QStringView sessionId, QStringView residentId)
{
    static const QUuid ns(QStringLiteral("6f1c3a52-8d2e-4b7a-9c1e-3f5d7a9b0c2e"));
    const QString name = sessionId.toString() + u'|' + residentId.toString();
    return QUuid::createUuidV5(ns, name).toString(QUuid::WithoutBraces);
}

namespace {

char16_t codeOf(QChar c)
{
    return c.unicode();
}
char16_t codeOf(char c)
{
    return static_cast<unsigned char>(c);
}

/// 0–15 for 0-9 and a-f; 0xff for anything else below 0x80.
constexpr std::array<quint8, 128> kNibble = [] {
    std::array<quint8, 128> t{};
    for (auto &v : t)
        v = 0xff;
    for (int c = '0'; c <= '9'; ++c)
        t[c] = static_cast<quint8>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c)
        t[c] = static_cast<quint8>(c - 'a' + 10);
    return t;
}();

/// Sixteen digits at the positions `at` as one word. `bad` collects each digit's table value and any
/// bits of its code above ASCII, so a non-digit leaves a bit above the nibble there (the word is then
/// meaningless and not used). No branch per digit: GCC spilled the branching form to the stack.
template<typename Char>
quint64 readWord(const Char *s, const std::array<quint8, 16> &at, unsigned &bad)
{
    quint64 word = 0;
    for (const quint8 i : at) {
        const unsigned c = codeOf(s[i]);
        const unsigned v = kNibble[c & 0x7f] | (c & ~0x7fu);
        bad |= v;
        word = word << 4 | v;
    }
    return word;
}

/// The dashes first, then the 32 digits without asking each position what it must be (the district
/// reads several ids per record): a table look-up each, one test for all of them at the end. Each half
/// in a register of its own: with one loop over both halves indexed by `i / 16`, GCC kept the words in
/// memory, ~630 instructions a call.
template<typename Char>
std::optional<UuidWords> readUuid(const Char *s, qsizetype size)
{
    if (size != 36 || codeOf(s[8]) != u'-' || codeOf(s[13]) != u'-' || codeOf(s[18]) != u'-' || codeOf(s[23]) != u'-')
        return std::nullopt;
    static constexpr std::array<quint8, 16> kHigh{0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17};
    static constexpr std::array<quint8, 16> kLow{19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35};
    unsigned bad = 0;
    const quint64 high = readWord(s, kHigh, bad);
    const quint64 low = readWord(s, kLow, bad);
    if (bad & ~0xfu)
        return std::nullopt;
    return UuidWords{high, low};
}

} // namespace

std::optional<UuidWords> parseUuid(QStringView id)
{
    return readUuid(id.data(), id.size());
}

std::optional<UuidWords> parseUuid(QByteArrayView utf8)
{
    return readUuid(utf8.data(), utf8.size());
}

bool isValidUuid(QStringView id)
{
    return parseUuid(id).has_value();
}

} // namespace lanxin
