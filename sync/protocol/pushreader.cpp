#include "pushreader.h"

#include "recordcodec_p.h"

#include "core/ids.h"

#include <QtEndian>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string_view>
#include <vector>

// The single-pass push reader (see pushreader.h). Every function returns false, or the reader nullopt,
// the moment the bytes are anything it is not sure of: then the reference reader parses the whole body.
namespace lanxin::protocol::detail {
namespace {

/// A JSON string as it stands in the body: its bytes between the quotes.
struct Str
{
    const char *begin = nullptr;
    qsizetype size = 0;
    bool escaped = false; ///< holds backslash escapes
    bool ascii = true; ///< only bytes below 0x80

    /// Its bytes are its characters (no escape, ASCII only).
    [[nodiscard]] bool plain() const { return !escaped && ascii; }
    [[nodiscard]] std::string_view bytes() const { return {begin, static_cast<size_t>(size)}; }
};

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// The code unit of the 4 hex digits at `p`, or -1.
int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; ++i) {
        const int d = hexDigit(p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

bool isContinuation(uchar c)
{
    return (c & 0xc0) == 0x80;
}

/// The length of the well-formed UTF-8 sequence at `p` (RFC 3629: no overlong form, no surrogate,
/// nothing past U+10FFFF), or 0.
int utf8Length(const uchar *p, const uchar *end)
{
    const uchar c = p[0];
    int n = 0;
    uchar lo = 0x80, hi = 0xbf; // the range of the second byte
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else {
        return 0;
    }
    if (end - p < n || p[1] < lo || p[1] > hi)
        return 0;
    for (int i = 2; i < n; ++i) {
        if (!isContinuation(p[i]))
            return 0;
    }
    return n;
}

/// The bytes of `w` (eight bytes of text, the first in the lowest bits) that end or interrupt a run of
/// plain ASCII in a string: a quote, a backslash, a control character or a byte from 0x80 on. The high
/// bit of each such byte is set; the lowest one set is exact (borrows make false ones only above it).
constexpr quint64 specialBytes(quint64 w)
{
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highs = 0x8080808080808080ULL;
    const quint64 quote = w ^ (ones * '"');
    const quint64 backslash = w ^ (ones * '\\');
    const quint64 control = (w - ones * 0x20) & ~w;
    return (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | control | w) & highs;
}

/// Scans the string starting at the quote `*p` points at; `p` ends past the closing quote.
bool scanString(const char *&p, const char *end, Str *s)
{
    ++p;
    s->begin = p;
    s->escaped = false;
    s->ascii = true;
    while (p < end) {
        // Plain ASCII (most of a body: keys, ids, stamps, dates) eight bytes at a time, up to the first
        // byte that is not; that one, and the last few bytes of the body, one at a time below.
        while (end - p >= 8) {
            if (const quint64 special = specialBytes(qFromLittleEndian<quint64>(p))) {
                p += std::countr_zero(special) / 8;
                break;
            }
            p += 8;
        }
        if (p == end)
            break;
        const auto c = static_cast<uchar>(*p);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++p;
            continue;
        }
        if (c == '"') {
            s->size = p - s->begin;
            ++p;
            return true;
        }
        if (c == '\\') {
            s->escaped = true;
            if (end - p < 2)
                return false;
            switch (p[1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                p += 2;
                continue;
            case 'u': {
                if (end - p < 6)
                    return false;
                const int u = hex4(p + 2);
                if (u < 0 || (u >= 0xd800 && u <= 0xdfff))
                    return false; // surrogate escapes: the reference reader pairs them
                p += 6;
                continue;
            }
            default:
                return false;
            }
        }
        if (c < 0x20)
            return false;
        const int n = utf8Length(reinterpret_cast<const uchar *>(p), reinterpret_cast<const uchar *>(end));
        if (n == 0)
            return false;
        s->ascii = false;
        p += n;
    }
    return false;
}

/// The characters of a string scanned by scanString.
QString decode(const Str &s)
{
    if (!s.escaped)
        return s.ascii ? QString::fromLatin1(s.begin, s.size) : QString::fromUtf8(s.begin, s.size);
    QString out;
    out.reserve(s.size);
    const char *p = s.begin;
    const char *const end = s.begin + s.size;
    const char *run = p; // characters without escapes (whole UTF-8 sequences: a backslash is ASCII)
    while (p < end) {
        if (*p != '\\') {
            ++p;
            continue;
        }
        if (p > run)
            out += QString::fromUtf8(run, p - run);
        char16_t c = 0;
        switch (p[1]) {
        case 'b':
            c = 0x08;
            break;
        case 'f':
            c = 0x0c;
            break;
        case 'n':
            c = 0x0a;
            break;
        case 'r':
            c = 0x0d;
            break;
        case 't':
            c = 0x09;
            break;
        case 'u':
            c = static_cast<char16_t>(hex4(p + 2));
            break;
        default:
            c = static_cast<uchar>(p[1]);
            break; // " \ /
        }
        out += QChar(c);
        p += p[1] == 'u' ? 6 : 2;
        run = p;
    }
    if (end > run)
        out += QString::fromUtf8(run, end - run);
    return out;
}

/// A field's value as it stands in the body.
struct Value
{
    enum Type : quint8 { Null, False, True, Number, String, Array };
    Type type = Null;
    Str str; ///< String: the string; Array: the bytes between the brackets (strings only)
    qint64 number = 0; ///< Number: an integer of at most 15 digits
};

/// The text of a short plain string on the stack, for parseDate and parseInstant without a QString.
class ShortText
{
public:
    explicit ShortText(const Str &s)
    {
        if (s.plain() && s.size <= kCapacity) {
            for (qsizetype i = 0; i < s.size; ++i)
                m_chars[i] = static_cast<uchar>(s.begin[i]);
            m_size = s.size;
        } else {
            m_string = decode(s);
            m_long = true;
        }
    }
    operator QStringView() const { return m_long ? QStringView(m_string) : QStringView(m_chars, m_size); }

private:
    static constexpr qsizetype kCapacity = 32;
    char16_t m_chars[kCapacity] = {};
    qsizetype m_size = 0;
    QString m_string;
    bool m_long = false;
};

/// A Value as decodeValueAs reads a value (the answers of QJsonValue for the same JSON).
class SinglePassJson
{
public:
    explicit SinglePassJson(const Value &v)
        : m_v(v)
    { }

    [[nodiscard]] bool isNull() const { return m_v.type == Value::Null; }
    [[nodiscard]] bool isBool() const { return m_v.type == Value::False || m_v.type == Value::True; }
    [[nodiscard]] bool toBool() const { return m_v.type == Value::True; }
    [[nodiscard]] bool isString() const { return m_v.type == Value::String; }
    [[nodiscard]] QString toString() const { return decode(m_v.str); }
    [[nodiscard]] ShortText stringView() const { return ShortText(m_v.str); }
    [[nodiscard]] bool isDouble() const { return m_v.type == Value::Number; }
    [[nodiscard]] double toDouble() const { return static_cast<double>(m_v.number); }
    [[nodiscard]] qint64 toInteger(qint64) const { return m_v.number; }
    [[nodiscard]] bool isArray() const { return m_v.type == Value::Array; }
    [[nodiscard]] bool toStringList(QStringList *list) const
    {
        // The reader let only strings into the array.
        const char *p = m_v.str.begin;
        const char *const end = p + m_v.str.size;
        while (p < end) {
            if (*p == '"') {
                Str s;
                if (!scanString(p, end, &s))
                    return false;
                *list << decode(s);
            } else {
                ++p; // white space and commas
            }
        }
        return true;
    }

private:
    const Value &m_v;
};

struct Member
{
    Str key;
    Value value;
};

/// A wire field of a kind, by its bytes.
struct FieldEntry
{
    std::string_view name;
    QString wireName;
    WireField field;
};

struct KindEntry
{
    Kind kind = Kind::Resident;
    QByteArray nameBytes;
    QString name;
    bool reference = false;
    QList<QByteArray> fieldNames; ///< owns the bytes FieldEntry::name points at
    std::vector<FieldEntry> fields; ///< sorted by lengthFirst
};

/// The order of a kind's fields for findField: by length, then by bytes. Any order finds a name; in
/// this one most steps of the search are decided by the lengths, without comparing bytes.
bool lengthFirst(std::string_view a, std::string_view b)
{
    return a.size() != b.size() ? a.size() < b.size() : std::memcmp(a.data(), b.data(), a.size()) < 0;
}

const std::vector<KindEntry> &kindTable()
{
    static const std::vector<KindEntry> table = [] {
        std::vector<KindEntry> t;
        for (Kind k : allKinds()) {
            KindEntry e;
            e.kind = k;
            e.name = kindName(k);
            e.nameBytes = e.name.toLatin1();
            e.reference = kindSpec(k).reference;
            for (const QString &f : wireFieldNames(k))
                e.fieldNames << f.toLatin1();
            for (qsizetype i = 0; i < e.fieldNames.size(); ++i) {
                const QByteArray &bytes = e.fieldNames[i];
                e.fields.push_back(
                    FieldEntry {std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())),
                        QString::fromLatin1(bytes), lookupWireField(k, QString::fromLatin1(bytes))});
            }
            std::sort(e.fields.begin(), e.fields.end(),
                [](const FieldEntry &a, const FieldEntry &b) { return lengthFirst(a.name, b.name); });
            t.push_back(std::move(e));
        }
        return t;
    }();
    return table;
}

const FieldEntry *findField(const KindEntry &kind, std::string_view name)
{
    const auto it = std::lower_bound(kind.fields.begin(), kind.fields.end(), name,
        [](const FieldEntry &f, std::string_view n) { return lengthFirst(f.name, n); });
    return it != kind.fields.end() && it->name == name ? &*it : nullptr;
}

template<size_t N> bool is(const Str &s, const char (&literal)[N])
{
    return s.size == static_cast<qsizetype>(N - 1) && std::memcmp(s.begin, literal, N - 1) == 0;
}

class SinglePassReader
{
public:
    explicit SinglePassReader(const QByteArray &json)
        : m_p(json.constData())
        , m_end(json.constData() + json.size())
    { }

    std::optional<ParsedPush> read();

private:
    void skipSpace()
    {
        while (m_p < m_end && isSpace(*m_p))
            ++m_p;
    }
    /// Skips white space; true when the next byte is `c` (then consumed).
    bool consume(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    bool readString(Str *s)
    {
        skipSpace();
        return m_p < m_end && *m_p == '"' && scanString(m_p, m_end, s);
    }
    /// A member's key (ASCII, no escape) and its colon.
    bool readKey(Str *key) { return readString(key) && key->plain() && consume(':'); }
    bool readLiteral(const char *word, qsizetype size)
    {
        if (m_end - m_p < size || std::memcmp(m_p, word, static_cast<size_t>(size)) != 0)
            return false;
        m_p += size;
        return true;
    }
    bool readInteger(qint64 *n);
    bool readValue(Value *v);
    bool readMembers(std::vector<Member> *members);
    bool readRecord(DecodedRecord *out);
    void decodeRecord(const KindEntry &kind, DecodedRecord *out, WireRecord *r);
    std::optional<Hlc> parseStamp(const Str &s);
    QString station(const Str &s);

    const char *m_p;
    const char *const m_end;
    std::vector<Member> m_fields;
    std::vector<Member> m_stamps;
    // Stamps of one device and records of one station: their strings made once per body.
    QByteArray m_nodeBytes;
    QString m_node;
    // The last stamp read (its bytes in the body): a record's fields mostly share one stamp.
    std::string_view m_stampBytes;
    Hlc m_stamp;
    QByteArray m_stationBytes;
    QString m_station;
};

bool SinglePassReader::readInteger(qint64 *n)
{
    // -?[1-9][0-9]{0,14} or 0: exact as a double and as QJsonDocument's integer. Fractions, exponents,
    // -0 and longer numbers are the reference reader's.
    const bool negative = m_p < m_end && *m_p == '-';
    if (negative)
        ++m_p;
    if (m_p >= m_end || *m_p < '0' || *m_p > '9')
        return false;
    if (*m_p == '0') {
        if (negative)
            return false;
        ++m_p;
        *n = 0;
        return true;
    }
    qint64 v = 0;
    int digits = 0;
    while (m_p < m_end && *m_p >= '0' && *m_p <= '9') {
        if (++digits > 15)
            return false;
        v = v * 10 + (*m_p - '0');
        ++m_p;
    }
    *n = negative ? -v : v;
    return true;
}

bool SinglePassReader::readValue(Value *v)
{
    skipSpace();
    if (m_p >= m_end)
        return false;
    switch (*m_p) {
    case '"':
        v->type = Value::String;
        return scanString(m_p, m_end, &v->str);
    case 'n':
        v->type = Value::Null;
        return readLiteral("null", 4);
    case 't':
        v->type = Value::True;
        return readLiteral("true", 4);
    case 'f':
        v->type = Value::False;
        return readLiteral("false", 5);
    case '[': {
        // Arrays of strings only (a station's villages).
        v->type = Value::Array;
        ++m_p;
        v->str = Str {m_p, 0, false, true};
        if (consume(']')) {
            v->str.size = m_p - 1 - v->str.begin;
            return true;
        }
        for (;;) {
            Str item;
            if (!readString(&item))
                return false;
            if (consume(','))
                continue;
            if (!consume(']'))
                return false;
            v->str.size = m_p - 1 - v->str.begin;
            return true;
        }
    }
    default:
        v->type = Value::Number;
        return readInteger(&v->number);
    }
}

bool SinglePassReader::readMembers(std::vector<Member> *members)
{
    members->clear();
    if (!consume('{'))
        return false;
    if (!consume('}')) {
        do {
            Member m;
            if (!readKey(&m.key) || !readValue(&m.value))
                return false;
            members->push_back(m);
        } while (consume(','));
        if (!consume('}'))
            return false;
    }
    // QJsonObject keeps its keys sorted, and keeps one member of a key written twice: sorted here the
    // same way (plain ASCII keys: byte order is QJsonObject's order); a key written twice is the
    // reference reader's.
    const auto less = [](const Member &a, const Member &b) { return a.key.bytes() < b.key.bytes(); };
    if (!std::is_sorted(members->begin(), members->end(), less))
        std::sort(members->begin(), members->end(), less);
    const auto same = [](const Member &a, const Member &b) { return a.key.bytes() == b.key.bytes(); };
    return std::adjacent_find(members->begin(), members->end(), same) == members->end();
}

bool SinglePassReader::readRecord(DecodedRecord *out)
{
    enum : unsigned { KindSeen = 1, IdSeen = 2, StationSeen = 4, FieldsSeen = 8, StampsSeen = 16 };
    unsigned seen = 0;
    Value kind, id, stationId;
    if (!consume('{'))
        return false;
    if (consume('}'))
        return false; // no kind: malformed
    do {
        Str key;
        if (!readKey(&key))
            return false;
        unsigned bit = 0;
        if (is(key, "fields")) {
            bit = FieldsSeen;
            if (!readMembers(&m_fields))
                return false;
        } else if (is(key, "stamps")) {
            bit = StampsSeen;
            if (!readMembers(&m_stamps))
                return false;
        } else if (is(key, "id")) {
            bit = IdSeen;
            if (!readValue(&id) || id.type != Value::String)
                return false;
        } else if (is(key, "kind")) {
            bit = KindSeen;
            if (!readValue(&kind) || kind.type != Value::String)
                return false;
        } else if (is(key, "station_id")) {
            bit = StationSeen;
            if (!readValue(&stationId) || (stationId.type != Value::String && stationId.type != Value::Null))
                return false;
        } else {
            return false; // unknown key: malformed
        }
        if (seen & bit)
            return false;
        seen |= bit;
    } while (consume(','));
    if (!consume('}')
        || (seen & (KindSeen | IdSeen | FieldsSeen | StampsSeen))
            != (KindSeen | IdSeen | FieldsSeen | StampsSeen))
        return false;

    // decodeRecord, step by step.
    out->id = decode(id.str);
    const KindEntry *entry = nullptr;
    if (kind.str.plain()) {
        for (const KindEntry &k : kindTable()) {
            if (k.nameBytes.size() == kind.str.size
                && std::memcmp(k.nameBytes.constData(), kind.str.begin, kind.str.size) == 0)
                entry = &k;
        }
    }
    out->kindName = entry ? entry->name : decode(kind.str);
    if (!entry) {
        // Not a kind's name in plain bytes: kindFromName decides (the names are ASCII, so it says no).
        if (kindFromName(out->kindName))
            return false;
        out->error = unknownKindError(out->kindName);
        return true;
    }
    if (!isValidUuid(out->id)) {
        out->error = invalidIdError();
        return true;
    }
    WireRecord r;
    r.kind = entry->kind;
    r.id = out->id;
    if (stationId.type == Value::String)
        r.stationId = station(stationId.str);
    if (!entry->reference && r.stationId.isEmpty()) {
        out->error = missingStationError();
        return true;
    }
    decodeRecord(*entry, out, &r);
    return true;
}

void SinglePassReader::decodeRecord(const KindEntry &kind, DecodedRecord *out, WireRecord *r)
{
    const Kind k = kind.kind;
    r->writes.reserve(static_cast<qsizetype>(m_fields.size()));
    auto stamp = m_stamps.cbegin();
    for (const Member &m : m_fields) {
        const FieldEntry *f = findField(kind, m.key.bytes());
        const QString name = f ? f->wireName : decode(m.key);
        QVariant value;
        if (auto e
            = decodeValueAs(k, name, f ? f->field : lookupWireField(k, name), SinglePassJson(m.value), &value)) {
            out->error = *e;
            return;
        }
        // Both sorted: the stamp of this field, if any, is at or after `stamp` (and nearly always at it).
        while (stamp != m_stamps.cend() && stamp->key.bytes() != m.key.bytes()
            && stamp->key.bytes() < m.key.bytes())
            ++stamp;
        if (stamp == m_stamps.cend() || stamp->key.bytes() != m.key.bytes()) {
            out->error = missingStampError(k, name);
            return;
        }
        const auto hlc = stamp->value.type == Value::String ? parseStamp(stamp->value.str) : std::nullopt;
        if (!hlc) {
            out->error = badStampError(k, name);
            return;
        }
        ++stamp;
        r->writes.append(FieldWrite {name, std::move(value), *hlc});
    }
    // Every stamp a field (keys are unique, so a stamp more than the fields is one without): the first
    // such stamp in key order.
    if (m_stamps.size() != m_fields.size()) {
        auto field = m_fields.cbegin();
        for (const Member &s : m_stamps) {
            while (field != m_fields.cend() && field->key.bytes() < s.key.bytes())
                ++field;
            if (field == m_fields.cend() || field->key.bytes() != s.key.bytes()) {
                out->error = stampWithoutFieldError(decode(s.key));
                return;
            }
        }
    }
    out->record = std::move(*r);
}

std::optional<Hlc> SinglePassReader::parseStamp(const Str &s)
{
    // Hlc::parse on the bytes, for the stamps it accepts; any other string is Hlc::parse's to refuse.
    const char *b = s.begin;
    if (s.plain() && s.size >= 20 && b[13] == '-' && b[18] == '-') {
        if (s.bytes() == m_stampBytes)
            return m_stamp;
        Hlc h;
        bool ok = true;
        for (int i = 0; i < 13 && ok; ++i) {
            ok = b[i] >= '0' && b[i] <= '9';
            h.ms = h.ms * 10 + (b[i] - '0');
        }
        for (int i = 14; i < 18 && ok; ++i) {
            const char c = b[i];
            ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            h.counter = static_cast<quint16>(h.counter * 16 + (c <= '9' ? c - '0' : c - 'a' + 10));
        }
        const std::string_view node(b + 19, static_cast<size_t>(s.size - 19));
        // The node of the stamp before (already checked) or "district" are valid; others checked here.
        const bool seen
            = node == std::string_view(m_nodeBytes.constData(), static_cast<size_t>(m_nodeBytes.size()));
        if (ok && !seen && node != "district") {
            ok = node.size() == 16;
            for (char c : node)
                ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
        }
        if (ok) {
            if (!seen) {
                m_nodeBytes = QByteArray(node.data(), static_cast<qsizetype>(node.size()));
                m_node = QString::fromLatin1(m_nodeBytes);
            }
            h.node = m_node;
            m_stampBytes = s.bytes();
            m_stamp = h;
            return h;
        }
    }
    return Hlc::parse(decode(s));
}

QString SinglePassReader::station(const Str &s)
{
    if (!s.plain())
        return decode(s);
    if (std::string_view(m_stationBytes.constData(), static_cast<size_t>(m_stationBytes.size())) != s.bytes()
        || m_station.isNull()) {
        m_stationBytes = QByteArray(s.begin, s.size);
        m_station = QString::fromLatin1(m_stationBytes);
    }
    return m_station;
}

std::optional<ParsedPush> SinglePassReader::read()
{
    if (m_end - m_p > kMaxBatchJsonBytes)
        return std::nullopt;
    enum : unsigned {
        ProtocolSeen = 1,
        BatchSeen = 2,
        TimeSeen = 4,
        AckSeen = 8,
        RecordsSeen = 16,
        All = 31
    };
    unsigned seen = 0;
    ParsedPush p;
    if (!consume('{'))
        return std::nullopt;
    do {
        Str key;
        if (!readKey(&key))
            return std::nullopt;
        unsigned bit = 0;
        if (is(key, "records")) {
            bit = RecordsSeen;
            if (!consume('['))
                return std::nullopt;
            p.records.reserve(kMaxBatchRecords);
            if (!consume(']')) {
                do {
                    if (p.records.size() == kMaxBatchRecords)
                        return std::nullopt; // too_large
                    DecodedRecord d;
                    if (!readRecord(&d))
                        return std::nullopt;
                    p.records.append(std::move(d));
                } while (consume(','));
                if (!consume(']'))
                    return std::nullopt;
            }
        } else if (is(key, "batch_id")) {
            bit = BatchSeen;
            Str s;
            if (!readString(&s))
                return std::nullopt;
            p.batchId = decode(s);
            if (!isValidUuid(p.batchId))
                return std::nullopt;
        } else if (is(key, "device_time")) {
            bit = TimeSeen;
            Str s;
            if (!readString(&s))
                return std::nullopt;
            const auto h = parseStamp(s);
            if (!h)
                return std::nullopt;
            p.deviceTime = *h;
        } else if (is(key, "protocol")) {
            bit = ProtocolSeen;
            qint64 n = 0;
            skipSpace();
            if (!readInteger(&n) || n != kProtocolVersion)
                return std::nullopt;
            p.protocol = kProtocolVersion;
        } else if (is(key, "pushes_acknowledged")) {
            bit = AckSeen;
            skipSpace();
            if (!readInteger(&p.pushesAcknowledged) || p.pushesAcknowledged < 0)
                return std::nullopt;
        } else {
            return std::nullopt; // a member the protocol does not define
        }
        if (seen & bit)
            return std::nullopt;
        seen |= bit;
    } while (consume(','));
    if (!consume('}') || seen != All)
        return std::nullopt;
    skipSpace();
    if (m_p != m_end)
        return std::nullopt;
    return p;
}

} // namespace

std::optional<ParsedPush> parsePushRequestSinglePass(const QByteArray &json)
{
    return SinglePassReader(json).read();
}

} // namespace lanxin::protocol::detail
