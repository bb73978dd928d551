#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <limits>

namespace lanxin::protocol::json {

namespace {

/// The general writer: runs of characters that need no escape converted by toUtf8() (which also decides
/// what a surrogate, paired or lone, becomes), the escapes written between them.
void appendStringGeneral(QByteArray &out, QStringView s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    qsizetype plain = 0; // a run of characters that need no escape, converted at once
    auto flush = [&](qsizetype end) {
        if (end > plain)
            out += s.mid(plain, end - plain).toUtf8();
    };
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        if (u >= 0x20 && u != u'"' && u != u'\\')
            continue;
        flush(i);
        plain = i + 1;
        out += '\\';
        switch (u) {
        case u'"': out += '"'; break;
        case u'\\': out += '\\'; break;
        case u'\b': out += 'b'; break;
        case u'\f': out += 'f'; break;
        case u'\n': out += 'n'; break;
        case u'\r': out += 'r'; break;
        case u'\t': out += 't'; break;
        default:
            out += "u00";
            out += hex[(u >> 4) & 0xf];
            out += hex[u & 0xf];
        }
    }
    flush(s.size());
    out += '"';
}

/// The escape letter of `c` when JSON writes it as two characters (`\n`), else 0.
constexpr char shortEscape(char16_t c)
{
    switch (c) {
    case u'"': return '"';
    case u'\\': return '\\';
    case u'\b': return 'b';
    case u'\f': return 'f';
    case u'\n': return 'n';
    case u'\r': return 'r';
    case u'\t': return 't';
    default: return 0;
    }
}

/// `s` as a JSON string encoded in place at `p`, which has room for 2 + 3 × s.size() bytes (a BMP
/// character's most in UTF-8, and more than a two-character escape). Returns the end, or nullptr when
/// `s` holds what does not fit that or is not plain BMP text: a control character written as `\u00XX`,
/// or a surrogate.
char *writeStringFast(char *p, QStringView s)
{
    *p++ = '"';
    for (const QChar qc : s) {
        const char16_t c = qc.unicode();
        if (isPlainAscii(c)) {
            *p++ = static_cast<char>(c);
        } else if (c < 0x80) {
            if (const char e = shortEscape(c)) {
                *p++ = '\\';
                *p++ = e;
            } else {
                return nullptr;
            }
        } else if (c < 0x800) {
            *p++ = static_cast<char>(0xc0 | (c >> 6));
            *p++ = static_cast<char>(0x80 | (c & 0x3f));
        } else if (c >= 0xd800 && c <= 0xdfff) {
            return nullptr;
        } else {
            *p++ = static_cast<char>(0xe0 | (c >> 12));
            *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3f));
            *p++ = static_cast<char>(0x80 | (c & 0x3f));
        }
    }
    *p++ = '"';
    return p;
}

} // namespace

void appendString(QByteArray &out, QStringView s)
{
    // ASCII and other BMP text (Chinese) is encoded straight into the buffer, without the UTF-8
    // temporary of toUtf8(); the rare rest goes to the general writer, and the bytes are the same.
    const qsizetype at = out.size();
    out.resize(at + 2 + 3 * s.size());
    if (char *end = writeStringFast(out.data() + at, s)) {
        out.resize(end - out.constData());
        return;
    }
    out.resize(at);
    appendStringGeneral(out, s);
}

void appendLatin1String(QByteArray &out, const char *s)
{
    out += '"';
    out += s;
    out += '"';
}

void appendValue(QByteArray &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        return;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        return;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        const qint64 i = v.toInteger(std::numeric_limits<qint64>::min());
        if (i != std::numeric_limits<qint64>::min() || d == static_cast<double>(i))
            out += QByteArray::number(i);
        else
            out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
        return;
    }
    case QJsonValue::String:
        appendString(out, v.toString());
        return;
    case QJsonValue::Array: {
        out += '[';
        bool first = true;
        for (const QJsonValue &item : v.toArray()) {
            if (!first)
                out += ',';
            first = false;
            appendValue(out, item);
        }
        out += ']';
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        out += '{';
        bool first = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!first)
                out += ',';
            first = false;
            appendString(out, it.key());
            out += ':';
            appendValue(out, it.value());
        }
        out += '}';
        return;
    }
    }
}

} // namespace lanxin::protocol::json
