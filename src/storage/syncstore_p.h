// Internal to src/storage: what SyncStore's two source files share (syncstore.cpp: acknowledgements,
// pull, receipt, clock, enrollment; syncstore_take.cpp: the take's wire writer).
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <sqlite3.h>

namespace lanxin::syncstore_p {

inline QByteArrayView columnBytes(sqlite3_stmt *st, int col)
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st, col));
    return QByteArrayView(p, sqlite3_column_bytes(st, col));
}

/// `s` (valid UTF-8) as a JSON string with the escapes of protocol::json::appendString.
inline void appendJsonString(QByteArray &out, QByteArrayView s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    qsizetype plain = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s.data() + plain, i - plain);
        plain = i + 1;
        out += '\\';
        switch (c) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '\b': out += 'b'; break;
        case '\f': out += 'f'; break;
        case '\n': out += 'n'; break;
        case '\r': out += 'r'; break;
        case '\t': out += 't'; break;
        default:
            out += "u00";
            out += hex[(c >> 4) & 0xf];
            out += hex[c & 0xf];
        }
    }
    out.append(s.data() + plain, s.size() - plain);
    out += '"';
}

} // namespace lanxin::syncstore_p
