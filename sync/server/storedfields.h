#pragma once

// The district's `fields` column (schema v3, one row per record): its encoder, and a scanner that
// answers "does the district hold these fields, as new?" and finds one field's text without decoding
// the whole column. Used by DistrictStore (districtstore.cpp, districtstore_push.cpp) only; the column is described in
// docs/sync-protocol.md ("Records (district migration 3)").

#include "core/fieldwrite.h"
#include "core/hlc.h"
#include "protocol/jsonwriter.h"
#include "protocol/recordcodec.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>
#include <QVarLengthArray>

namespace lanxin::district::storedfields {

/// What `s.toUtf8()` appends, copied byte by byte when it is ASCII (record ids).
inline void appendUtf8(QByteArray &out, QStringView s)
{
    for (const QChar c : s) {
        if (c.unicode() >= 0x80) {
            out += s.toUtf8();
            return;
        }
    }
    const qsizetype at = out.size();
    out.resize(at + s.size());
    char *p = out.data() + at;
    for (const QChar c : s)
        *p++ = static_cast<char>(c.unicode());
}

/// One distinct `[stamp, seq, writer]` of a record's fields, pointing into the writes it came from.
struct Version
{
    const Hlc *stamp;
    qint64 seq;
    const QString *writer;
};

/// The index of `v` in `versions`, appended when it is not there yet (a record has few versions).
template<qsizetype N>
int internVersion(QVarLengthArray<Version, N> &versions, const Version &v)
{
    for (int i = 0; i < versions.size(); ++i) {
        if (versions[i].seq == v.seq && *versions[i].stamp == *v.stamp && *versions[i].writer == *v.writer)
            return i;
    }
    versions.append(v);
    return static_cast<int>(versions.size()) - 1;
}

/// Appends the versions part of the `fields` column: `[[stamp, seq, writer], ...]`.
inline void appendVersions(QByteArray &out, const Version *versions, qsizetype count)
{
    out += '[';
    for (qsizetype i = 0; i < count; ++i) {
        if (i)
            out += ',';
        out += '[';
        protocol::appendStampJson(out, *versions[i].stamp);
        out += ',';
        out += QByteArray::number(versions[i].seq);
        out += ',';
        protocol::json::appendString(out, *versions[i].writer);
        out += ']';
    }
    out += ']';
}

/// The `fields` column: `[versions, fields]`, where `versions` lists the distinct
/// `[stamp, seq, writer]` of the record's fields (a record written at once has one) and `fields`
/// maps each wire field to `[version, value]`, or `[version, null, "<base64 ciphertext>"]` for a
/// set sensitive value (FieldCipher over the value's one-element JSON array, record id + field name
/// as associated data).
template<typename Fields>
QByteArray encodeFields(const Fields &fields)
{
    QVarLengthArray<Version, 8> versions;
    QVarLengthArray<int, 32> index;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        index.append(internVersion(versions, Version{&it->stamp, it->seq, &it->writer}));
    QByteArray out;
    out.reserve(64 + 48 * fields.size());
    out += '[';
    appendVersions(out, versions.constData(), versions.size());
    out += ",{";
    int n = 0;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it, ++n) {
        if (n)
            out += ',';
        protocol::json::appendString(out, it.key());
        out += ":[";
        out += QByteArray::number(index[n]);
        out += ',';
        if (it->secret.isEmpty()) {
            protocol::json::appendValue(out, it->value);
        } else {
            out += "null,\"";
            out += it->secret.toLatin1();
            out += '"';
        }
        out += ']';
    }
    out += "}]";
    return out;
}

/// A reader of the `fields` column as encodeFields() writes it, for the question "does the district
/// hold every one of these fields with a stamp at least as new?" without decoding the values.
class FieldsScanner
{
public:
    explicit FieldsScanner(QByteArrayView raw) : m_s(raw) {}

    /// True only when every write's field is held with a stamp ≥ the write's; false when one is not, or
    /// when the text is not in the shape encodeFields() writes (the caller then decodes it whole).
    bool holdsAll(const QList<FieldWrite> &writes)
    {
        QVarLengthArray<QByteArrayView, 32> stamps;
        struct Entry
        {
            QByteArrayView name;
            qsizetype version;
        };
        QVarLengthArray<Entry, 32> entries;
        if (!take('[') || !take('['))
            return false;
        if (!peek(']')) {
            do {
                QByteArrayView stamp;
                QByteArrayView writer;
                if (!take('[') || !string(&stamp) || !take(',') || !integer(nullptr) || !take(',') || !string(&writer) || !take(']'))
                    return false;
                stamps.append(stamp);
            } while (take(','));
        }
        if (!take(']') || !take(',') || !take('{'))
            return false;
        if (!peek('}')) {
            do {
                QByteArrayView name;
                qint64 version = -1;
                if (!string(&name) || !take(':') || !take('[') || !integer(&version) || !take(',') || !skipValue())
                    return false;
                if (take(',') && !string(nullptr))
                    return false;
                if (!take(']') || version < 0 || version >= stamps.size())
                    return false;
                entries.append(Entry{name, static_cast<qsizetype>(version)});
            } while (take(','));
        }
        if (!take('}') || !take(']') || m_at != m_s.size())
            return false;
        for (const FieldWrite &w : writes) {
            const Entry *found = nullptr;
            for (const Entry &e : entries) {
                if (QLatin1String(e.name.data(), e.name.size()) == w.field) {
                    if (found)
                        return false; // a name twice: not what encodeFields writes
                    found = &e;
                }
            }
            if (!found || olderThan(stamps[found->version], w.stamp))
                return false;
        }
        return true;
    }

    enum class Found { Yes, Absent, Unreadable };
    /// find(), by looking for the text `"name":[` after a `{` or `,` (in the shape encodeFields() writes,
    /// only a field's key: a quote inside a string is always escaped, and no other string there is
    /// followed by `:[`) instead of reading every value before it.
    static Found findKey(QByteArrayView raw, QByteArrayView name, QByteArrayView *value, QByteArrayView *secret)
    {
        QByteArray pattern;
        pattern.reserve(name.size() + 4);
        pattern += '"';
        pattern += name;
        pattern += "\":[";
        qsizetype at = raw.indexOf(pattern);
        while (at > 0 && raw[at - 1] != ',' && raw[at - 1] != '{')
            at = raw.indexOf(pattern, at + 1);
        if (at <= 0) {
            if (raw.startsWith("[[") && raw.endsWith("}]") && name.indexOf('"') < 0 && name.indexOf('\\') < 0)
                return Found::Absent;
            return FieldsScanner(raw).find(name, value, secret);
        }
        FieldsScanner entry(raw);
        entry.m_at = at + pattern.size();
        const qsizetype from = [&] {
            qsizetype f = -1;
            if (entry.integer(nullptr) && entry.take(','))
                f = entry.m_at;
            return f;
        }();
        if (from < 0 || !entry.skipValue())
            return FieldsScanner(raw).find(name, value, secret);
        const QByteArrayView text = raw.sliced(from, entry.m_at - from);
        QByteArrayView cipher;
        if ((entry.take(',') && !entry.string(&cipher)) || !entry.take(']'))
            return FieldsScanner(raw).find(name, value, secret);
        *value = text;
        *secret = cipher;
        return Found::Yes;
    }
    /// The stored value (JSON text) of `name`, and its base64 ciphertext when sensitive (else empty);
    /// Unreadable when the text is not in the shape encodeFields() writes.
    Found find(QByteArrayView name, QByteArrayView *value, QByteArrayView *secret)
    {
        if (!take('[') || !skipValue() || !take(',') || !take('{'))
            return Found::Unreadable;
        if (take('}'))
            return take(']') && m_at == m_s.size() ? Found::Absent : Found::Unreadable;
        do {
            QByteArrayView key;
            if (!string(&key) || !take(':') || !take('[') || !integer(nullptr) || !take(','))
                return Found::Unreadable;
            const qsizetype from = m_at;
            if (!skipValue())
                return Found::Unreadable;
            const QByteArrayView text = m_s.sliced(from, m_at - from);
            QByteArrayView cipher;
            if (take(',') && !string(&cipher))
                return Found::Unreadable;
            if (!take(']'))
                return Found::Unreadable;
            if (key == name) {
                *value = text;
                *secret = cipher;
                return Found::Yes;
            }
        } while (take(','));
        return take('}') && take(']') && m_at == m_s.size() ? Found::Absent : Found::Unreadable;
    }

private:
    /// Whether the stored stamp text is older than `h` (or not a stamp at all).
    static bool olderThan(QByteArrayView text, const Hlc &h)
    {
        const auto held = Hlc::parse(QString::fromLatin1(text.data(), text.size()));
        return !held || *held < h;
    }
    bool peek(char c) const { return m_at < m_s.size() && m_s[m_at] == c; }
    bool take(char c)
    {
        if (!peek(c))
            return false;
        ++m_at;
        return true;
    }
    /// A string without escapes (names, stamps, writers and ciphertexts have none); its bytes in `out`.
    bool string(QByteArrayView *out)
    {
        if (!take('"'))
            return false;
        const qsizetype from = m_at;
        while (m_at < m_s.size() && m_s[m_at] != '"') {
            if (m_s[m_at] == '\\')
                return false;
            ++m_at;
        }
        if (m_at >= m_s.size())
            return false;
        if (out)
            *out = m_s.sliced(from, m_at - from);
        ++m_at;
        return true;
    }
    bool integer(qint64 *out)
    {
        const qsizetype from = m_at;
        while (m_at < m_s.size() && m_s[m_at] >= '0' && m_s[m_at] <= '9')
            ++m_at;
        if (m_at == from || m_at - from > 18)
            return false;
        if (out) {
            qint64 v = 0;
            for (qsizetype i = from; i < m_at; ++i)
                v = v * 10 + (m_s[i] - '0');
            *out = v;
        }
        return true;
    }
    /// Any JSON value (a field's stored value), skipped.
    bool skipValue(int depth = 0)
    {
        if (m_at >= m_s.size() || depth > 8)
            return false;
        const char c = m_s[m_at];
        if (c == '"') {
            ++m_at;
            while (m_at < m_s.size() && m_s[m_at] != '"')
                m_at += m_s[m_at] == '\\' ? 2 : 1;
            if (m_at >= m_s.size())
                return false;
            ++m_at;
            return true;
        }
        if (c == '[' || c == '{') {
            const char close = c == '[' ? ']' : '}';
            ++m_at;
            if (take(close))
                return true;
            do {
                if (c == '{' && (!skipValue(depth + 1) || !take(':')))
                    return false;
                if (!skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take(close);
        }
        const qsizetype from = m_at;
        while (m_at < m_s.size() && m_s[m_at] != ',' && m_s[m_at] != ']' && m_s[m_at] != '}')
            ++m_at;
        return m_at > from;
    }

    QByteArrayView m_s;
    qsizetype m_at = 0;
};

} // namespace lanxin::district::storedfields
