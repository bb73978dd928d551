#pragma once

// A record id as the key of the district's in-memory look-ups (a push's records, the parents'
// envelopes). The ids are UUIDs; as text (QString) each look-up hashed 72 bytes and compared keys
// through a pointer to a string elsewhere on the heap, a cache miss each in a table of 200,000
// parents. As 16 bytes held inside the hash node, a key hashes and compares in a few instructions.

#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <array>
#include <utility>

namespace lanxin::district {

class RecordKey
{
public:
    /// A lowercase hyphenated UUID is kept as its 16 bytes; any other text as it is (never a record's
    /// id, but a reference field may name anything), so the key stands for exactly the text it came from.
    explicit RecordKey(QStringView id)
    {
        if (!parseUuid(id.data(), id.size()))
            setText(id.toString());
    }
    /// The same from the UTF-8 text of a column.
    explicit RecordKey(QByteArrayView utf8)
    {
        if (!parseUuid(utf8.data(), utf8.size()))
            setText(QString::fromUtf8(utf8));
    }

    friend bool operator==(const RecordKey &a, const RecordKey &b) noexcept
    {
        return a.m_high == b.m_high && a.m_low == b.m_low && a.m_isText == b.m_isText
            && (!a.m_isText || a.m_text == b.m_text);
    }
    friend bool operator!=(const RecordKey &a, const RecordKey &b) noexcept { return !(a == b); }

    /// Seeded as Qt's own hashes are: a device chooses its ids, and the seed (random per process) keeps
    /// it from choosing ids that collide. Both halves go through Qt's integer mix.
    friend size_t qHash(const RecordKey &k, size_t seed = 0) noexcept
    {
        return k.m_isText ? qHash(k.m_text, seed) : qHash(k.m_low, qHash(k.m_high, seed));
    }

private:
    void setText(QString text)
    {
        m_high = m_low = 0;
        m_isText = true;
        m_text = std::move(text);
    }
    /// Reads 32 hex digits in 8-4-4-4-12 groups into m_high and m_low; false for anything else.
    template<typename Char>
    bool parseUuid(const Char *s, qsizetype size) noexcept
    {
        if (size != 36 || code(s[8]) != u'-' || code(s[13]) != u'-' || code(s[18]) != u'-' || code(s[23]) != u'-')
            return false;
        static constexpr std::array<quint8, 32> digitAt{0,  1,  2,  3,  4,  5,  6,  7,  9,  10, 11,
                                                        12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25,
                                                        26, 27, 28, 29, 30, 31, 32, 33, 34, 35};
        quint64 words[2] = {0, 0};
        unsigned bad = 0;
        for (size_t i = 0; i < digitAt.size(); ++i) {
            const char16_t c = code(s[digitAt[i]]);
            const quint8 v = c < 0x80 ? kNibble[c] : quint8(0xff);
            bad |= v;
            words[i / 16] = words[i / 16] << 4 | (v & 0xf);
        }
        if (bad & 0xf0)
            return false;
        m_high = words[0];
        m_low = words[1];
        return true;
    }
    static char16_t code(QChar c) noexcept { return c.unicode(); }
    static char16_t code(char c) noexcept { return static_cast<unsigned char>(c); }
    /// 0–15 for 0-9 and a-f; 0xff otherwise (uppercase is not the canonical text: kept as text, so it
    /// stays a different key, as it is a different id).
    static constexpr std::array<quint8, 128> kNibble = [] {
        std::array<quint8, 128> t{};
        for (auto &v : t)
            v = 0xff;
        for (int c = '0'; c <= '9'; ++c)
            t[c] = static_cast<quint8>(c - '0');
        for (int c = 'a'; c <= 'f'; ++c)
            t[c] = static_cast<quint8>(c - 'a' + 10);
        return t;
    }();

    quint64 m_high = 0;
    quint64 m_low = 0;
    bool m_isText = false;
    QString m_text; ///< the text when it is not a UUID
};

} // namespace lanxin::district
