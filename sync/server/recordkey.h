#pragma once

// A record id as the key of the district's in-memory look-ups (a push's records, the parents'
// envelopes). The ids are UUIDs; as text (QString) each look-up hashed 72 bytes and compared keys
// through a pointer to a string elsewhere on the heap, a cache miss each in a table of 200,000
// parents. As 16 bytes held inside the hash node, a key hashes and compares in a few instructions.

#include "core/ids.h"

#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <utility>

namespace lanxin::district {

class RecordKey
{
public:
    /// A lowercase hyphenated UUID is kept as its 16 bytes; any other text as it is (never a record's
    /// id, but a reference field may name anything), so the key stands for exactly the text it came from.
    explicit RecordKey(QStringView id)
    {
        if (const auto words = parseUuid(id))
            m_words = *words;
        else
            setText(id.toString());
    }
    /// The same from the UTF-8 text of a column.
    explicit RecordKey(QByteArrayView utf8)
    {
        if (const auto words = parseUuid(utf8))
            m_words = *words;
        else
            setText(QString::fromUtf8(utf8));
    }

    friend bool operator==(const RecordKey &a, const RecordKey &b) noexcept
    {
        return a.m_words.high == b.m_words.high && a.m_words.low == b.m_words.low && a.m_isText == b.m_isText
            && (!a.m_isText || a.m_text == b.m_text);
    }
    friend bool operator!=(const RecordKey &a, const RecordKey &b) noexcept { return !(a == b); }

    /// Seeded as Qt's own hashes are: a device chooses its ids, and the seed (random per process) keeps
    /// it from choosing ids that collide. Both halves go through Qt's integer mix.
    friend size_t qHash(const RecordKey &k, size_t seed = 0) noexcept
    {
        return k.m_isText ? qHash(k.m_text, seed) : qHash(k.m_words.low, qHash(k.m_words.high, seed));
    }

private:
    void setText(QString text)
    {
        m_isText = true;
        m_text = std::move(text);
    }

    UuidWords m_words; ///< zero when the key is text
    bool m_isText = false;
    QString m_text; ///< the text when it is not a UUID
};

} // namespace lanxin::district
