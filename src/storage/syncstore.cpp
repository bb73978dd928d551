#include "syncstore.h"

#include "checkpointer.h"
#include "database.h"
#include "fieldcipher.h"
#include "stationstore.h"

#include "core/ids.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QVarLengthArray>

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace lanxin {
namespace {

const QString kPushesAcknowledged = QStringLiteral("pushes_acknowledged");
const QString kPullCursor = QStringLiteral("pull_cursor");
const QString kRecovery = QStringLiteral("recovery_pending");
const QString kOffset = QStringLiteral("clock_offset_ms");
const QString kOffsetAt = QStringLiteral("clock_offset_at");
const QString kHlcLast = QStringLiteral("hlc_last");
const QString kHlcEpoch = QStringLiteral("hlc_epoch");
const QString kMustReenroll = QStringLiteral("must_reenroll");
const QString kLastReceipt = QStringLiteral("last_receipt");
const QString kLastConfirmedAt = QStringLiteral("last_confirmed_at");

QString zeroDigest()
{
    return QString(64, u'0');
}

QMap<QString, QString> parseFields(const QString &json)
{
    QMap<QString, QString> out;
    for (const auto &[field, stamp] : columns::parseFlatObject(json))
        out.insert(field, stamp);
    return out;
}

QString fieldsJson(const QMap<QString, QString> &fields)
{
    QJsonObject o;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

/// A value as plain text, for conflict notices (never logged).
QString plainText(const QVariant &v)
{
    if (!v.isValid())
        return {};
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QDate:
        return formatDate(v.toDate());
    case QMetaType::QDateTime:
        return formatInstant(v.toDateTime());
    case QMetaType::QStringList:
        return v.toStringList().join(u',');
    default:
        return v.toString();
    }
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

/// Whether `column` (a set as stored: ",a,b,") holds `member`, as decodeSet(column).contains(member).
bool setHolds(const QString &column, const QString &member)
{
    for (const QStringView part : QStringView(column).split(u',', Qt::SkipEmptyParts)) {
        if (part == member)
            return true;
    }
    return false;
}


// ---- the take's wire writer: record JSON straight from the columns (SyncStore::takeWire)

QByteArrayView columnBytes(sqlite3_stmt *st, int col)
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st, col));
    return QByteArrayView(p, sqlite3_column_bytes(st, col));
}

/// `s` (valid UTF-8) as a JSON string with the escapes of protocol::json::appendString.
void appendJsonString(QByteArray &out, QByteArrayView s)
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

/// Appends to a QByteArray through a raw pointer into room made ahead (a record's JSON is some 300
/// small pieces: QByteArray::append per piece cost more than the bytes). finish() trims to what was written.
class ByteWriter
{
public:
    ByteWriter(QByteArray &out, qsizetype room)
        : m_out(out)
        , m_used(out.size())
    {
        grow(room);
    }
    ~ByteWriter() { finish(); }
    ByteWriter(const ByteWriter &) = delete;
    ByteWriter &operator=(const ByteWriter &) = delete;

    void put(char c)
    {
        if (m_used == m_room)
            grow(1);
        m_p[m_used++] = c;
    }
    void put(QByteArrayView s)
    {
        if (m_used + s.size() > m_room)
            grow(s.size());
        std::memcpy(m_p + m_used, s.data(), static_cast<size_t>(s.size()));
        m_used += s.size();
    }
    /// `s` (valid UTF-8) as a JSON string, escaped as appendJsonString escapes.
    void putString(QByteArrayView s)
    {
        put('"');
        qsizetype plain = 0;
        for (qsizetype i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            put(s.sliced(plain, i - plain));
            plain = i + 1;
            QByteArray escaped;
            appendJsonString(escaped, s.sliced(i, 1)); // "\x"
            put(QByteArrayView(escaped).sliced(1, escaped.size() - 2));
        }
        put(s.sliced(plain));
        put('"');
    }
    [[nodiscard]] QByteArrayView view() const { return QByteArrayView(m_p, m_used); }
    [[nodiscard]] bool isEmpty() const { return m_used == 0; }
    void clear() { m_used = 0; }
    void finish()
    {
        if (m_room != m_used) {
            m_out.resize(m_used);
            m_room = m_used;
            m_p = m_out.data();
        }
    }

private:
    void grow(qsizetype more)
    {
        m_out.resize(std::max({m_used + more, 2 * m_room, qsizetype(256)}));
        m_room = m_out.size();
        m_p = m_out.data();
    }

    QByteArray &m_out;
    char *m_p = nullptr;
    qsizetype m_used = 0;
    qsizetype m_room = 0;
};

/// Text the JSON writer may copy as is: UTF-8 that QString would give back unchanged.
bool isCleanUtf8(QByteArrayView s)
{
    for (const char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return s.isValidUtf8();
    }
    return true;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int digitsAt(QByteArrayView s, qsizetype from, int width)
{
    int v = 0;
    for (qsizetype i = from; i < from + width; ++i) {
        if (!isDigit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool commonDate(int y, int m, int d)
{
    return y >= 1000 && y <= 9999 && QDate::isValid(y, m, d);
}

/// yyyy-MM-dd that parseDate() reads and formatDate() writes back the same.
bool isCanonicalDate(QByteArrayView s)
{
    return s.size() == 10 && s[4] == '-' && s[7] == '-' && commonDate(digitsAt(s, 0, 4), digitsAt(s, 5, 2), digitsAt(s, 8, 2));
}

/// yyyy-MM-ddTHH:mm:ss.zzzZ that parseInstant() reads and formatInstant() writes back the same.
bool isCanonicalInstant(QByteArrayView s)
{
    if (s.size() != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.'
        || s[23] != 'Z')
        return false;
    const int h = digitsAt(s, 11, 2), mi = digitsAt(s, 14, 2), sec = digitsAt(s, 17, 2);
    return commonDate(digitsAt(s, 0, 4), digitsAt(s, 5, 2), digitsAt(s, 8, 2)) && h >= 0 && h <= 23 && mi >= 0
           && mi <= 59 && sec >= 0 && sec <= 59 && digitsAt(s, 20, 3) >= 0;
}

/// A stamp Hlc::parse() reads and Hlc::toString() writes back the same (every valid one).
bool isValidStamp(QByteArrayView s)
{
    if (s.size() < 20 || s[13] != '-' || s[18] != '-')
        return false;
    for (int i = 0; i < 13; ++i) {
        if (!isDigit(s[i]))
            return false;
    }
    for (int i = 14; i < 18; ++i) {
        if (!isDigit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
            return false;
    }
    const QByteArrayView node = s.sliced(19);
    if (node == "district")
        return true;
    if (node.size() != 16)
        return false;
    for (const char c : node) {
        if (!((c >= 'a' && c <= 'z') || isDigit(c)))
            return false;
    }
    return true;
}

/// Byte order of two names, as QByteArrayView's operators order them, inline (they run ~80 times a record).
int compareBytes(QByteArrayView a, QByteArrayView b)
{
    const qsizetype n = std::min(a.size(), b.size());
    if (n > 0) {
        if (const int c = std::memcmp(a.data(), b.data(), static_cast<size_t>(n)))
            return c;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && compareBytes(a, b) == 0;
}

using FlatPairs = QVarLengthArray<std::pair<QByteArrayView, QByteArrayView>, 48>;

/// columns::parseFlatObject on bytes, for our writer's shape only ({"k":"v",...}, no escapes); false
/// for anything else (the typed path then decides, with the general parser).
bool parseFlat(QByteArrayView s, FlatPairs &out)
{
    out.clear();
    if (s.size() < 2 || s.front() != '{' || s.back() != '}' || s.contains('\\'))
        return false;
    qsizetype i = 1;
    while (i < s.size() - 1) {
        if (s[i] != '"')
            return false;
        const qsizetype kEnd = s.indexOf('"', i + 1);
        if (kEnd < 0 || kEnd + 2 >= s.size() || s[kEnd + 1] != ':' || s[kEnd + 2] != '"')
            return false;
        const qsizetype vEnd = s.indexOf('"', kEnd + 3);
        if (vEnd < 0)
            return false;
        out.append({s.sliced(i + 1, kEnd - i - 1), s.sliced(kEnd + 3, vEnd - kEnd - 3)});
        i = vEnd + 1;
        if (i < s.size() - 1) {
            if (s[i] != ',')
                return false;
            ++i;
        }
    }
    return true;
}

/// How the take writes one wire field of a kind.
struct WireSlot
{
    enum Source { Deleted, CreatedAt, Member, Column } source;
    QByteArray name;          ///< the wire name
    int column = -1;          ///< in the take's SELECT
    const FieldSpec *spec = nullptr;
    QByteArray member;        ///< for Member
    QString text{};           ///< the wire name as text (the cipher's associated data)
    QByteArray valueKey{};    ///< "name": (in the fields object)
    QByteArray stampKey{};    ///< "name":" (in the stamps object)
};

/// The take's SELECT for a kind: the open entries, oldest first, with their rows (LEFT JOIN: a record
/// that is gone comes with NULLs).
constexpr int kWireSeq = 0, kWireRecordId = 1, kWireEntryFields = 2, kWireRowId = 3, kWireStation = 4,
              kWireCreatedAt = 5, kWireDeleted = 6, kWireStamps = 7, kWireFirstField = 8;

struct WireKind
{
    QByteArray sql;
    QByteArray kindJson;           ///< "kind" value, quoted
    std::vector<WireSlot> fields;  ///< by name (byte order)
};

const WireKind &wireKind(Kind kind)
{
    static const auto table = [] {
        std::vector<WireKind> all(allKinds().size());
        for (Kind k : allKinds()) {
            WireKind &w = all[static_cast<size_t>(k)];
            const KindSpec &spec = kindSpec(k);
            w.sql = "SELECT o.seq, o.record_id, o.fields, r.id, r.station_id, r.created_at, r.deleted, r.stamps";
            for (const FieldSpec &f : spec.fields)
                w.sql += QByteArray(", r.") + f.name;
            w.sql += QByteArray(" FROM outbox o LEFT JOIN ") + spec.name
                     + " r ON r.id = o.record_id WHERE o.batch_id IS NULL AND o.kind = ?1 ORDER BY o.seq LIMIT ?2";
            w.kindJson = QByteArray("\"") + spec.name + '"';
            w.fields.push_back({WireSlot::Deleted, kDeleted, kWireDeleted, nullptr, {}});
            w.fields.push_back({WireSlot::CreatedAt, kCreatedAt, kWireCreatedAt, nullptr, {}});
            for (qsizetype i = 0; i < static_cast<qsizetype>(spec.fields.size()); ++i) {
                const FieldSpec &f = spec.fields[static_cast<size_t>(i)];
                const int col = kWireFirstField + static_cast<int>(i);
                if (f.type == FieldType::Set) {
                    for (const char *m : f.values)
                        w.fields.push_back({WireSlot::Member, QByteArray(f.name) + '.' + m, col, &f, QByteArray(m)});
                } else if (f.type != FieldType::TextList) { // lists (stations' villages) go typed
                    w.fields.push_back({WireSlot::Column, f.name, col, &f, {}});
                }
            }
            for (WireSlot &slot : w.fields) {
                slot.text = QString::fromLatin1(slot.name);
                slot.valueKey = '"' + slot.name + "\":";
                slot.stampKey = '"' + slot.name + "\":\"";
            }
            std::sort(w.fields.begin(), w.fields.end(), [](const WireSlot &a, const WireSlot &b) { return a.name < b.name; });
        }
        return all;
    }();
    return table[static_cast<size_t>(kind)];
}

const WireSlot *findSlot(const WireKind &w, QByteArrayView name)
{
    auto it = std::lower_bound(w.fields.cbegin(), w.fields.cend(), name,
                               [](const WireSlot &s, QByteArrayView n) { return compareBytes(s.name, n) < 0; });
    return it != w.fields.cend() && sameBytes(it->name, name) ? &*it : nullptr;
}

/// Whether a set column (",a,b,") holds `member`.
bool setHoldsBytes(QByteArrayView column, QByteArrayView member)
{
    qsizetype from = 0;
    while (from <= column.size()) {
        qsizetype end = column.indexOf(',', from);
        if (end < 0)
            end = column.size();
        if (end > from && column.sliced(from, end - from) == member)
            return true;
        from = end + 1;
    }
    return false;
}
} // namespace

/// An open outbox entry being taken: the fields JSON ({wire field: stamp}) as stored.
struct SyncStore::OpenEntry
{
    qint64 seq;
    QString recordId;
    QString fields;
};

Result<void> SyncStore::readForPush(Kind kind, const QString &idsJson, const QList<OpenEntry> &entries,
                                    const QHash<QString, qsizetype> &index, QList<SyncRecord> &records)
{
    const KindSpec &spec = kindSpec(kind);
    QString sql = QStringLiteral("SELECT id, station_id, created_at, deleted, stamps");
    for (const FieldSpec &f : spec.fields)
        sql += QStringLiteral(", ") + QLatin1String(f.name);
    sql += QStringLiteral(" FROM %1 WHERE id IN (SELECT value FROM json_each(?))").arg(kindName(kind));
    QSqlQuery &q = m_store.database().prepared(sql);
    if (!Database::run(q, {idsJson}))
        return Database::queryError(q, kindName(kind));
    constexpr int kFirstField = 5;
    while (q.next()) {
        const QString id = q.value(0).toString();
        const auto at = index.constFind(id);
        if (at == index.cend())
            continue;
        const OpenEntry &e = entries[at.value()];
        SyncRecord &rec = records[at.value()];
        rec.kind = kind;
        rec.id = id;
        rec.stationId = q.value(1).toString();
        // The record's stamps as stored (field -> stamp text), sorted by field for lookups; of equal
        // fields the last valid stamp counts, as when they were read into a map.
        auto stamps = columns::parseFlatObject(q.value(4).toString());
        std::stable_sort(stamps.begin(), stamps.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        auto stampOf = [&](const QString &field) -> std::optional<Hlc> {
            auto it = std::upper_bound(stamps.cbegin(), stamps.cend(), field,
                                       [](const QString &f, const auto &p) { return f < p.first; });
            while (it != stamps.cbegin() && (it - 1)->first == field) {
                --it;
                if (auto h = Hlc::parse(it->second))
                    return h;
            }
            return std::nullopt;
        };
        // The entry's fields in name order (as the map it was before), each once.
        auto listed = columns::parseFlatObject(e.fields);
        std::stable_sort(listed.begin(), listed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        for (qsizetype i = 0; i < listed.size(); ++i) {
            if (i + 1 < listed.size() && listed[i + 1].first == listed[i].first)
                continue; // a map keeps the last of equal keys
            const QString &field = listed[i].first;
            const auto stamp = stampOf(field);
            if (!stamp)
                continue; // the record holds no (valid) stamp for it: nothing to send
            QVariant value;
            if (field == QLatin1String(kDeleted)) {
                value = q.value(3).toInt() != 0;
            } else if (field == QLatin1String(kCreatedAt)) {
                const QDateTime created = parseInstant(q.value(2).toString());
                if (created.isValid())
                    value = created;
            } else if (const auto member = setMember(kind, field)) {
                const int col = static_cast<int>(member->set - spec.fields.data()) + kFirstField;
                value = setHolds(q.value(col).toString(), member->member);
            } else if (const FieldSpec *f = fieldSpec(kind, field)) {
                const int col = static_cast<int>(f - spec.fields.data()) + kFirstField;
                const QVariant c = q.value(col);
                if (!c.isNull()) {
                    if (!f->sensitive) {
                        value = columns::fromColumn(*f, c);
                    } else if (auto plain = m_store.cipher().decrypt(id, field, c.toByteArray())) {
                        value = columns::fromPlain(*f, *plain);
                    } else {
                        qCWarning(lcStorage) << "cannot decrypt" << f->name << "of" << id;
                    }
                }
            }
            rec.fields << FieldWrite{field, value, *stamp};
        }
    }
    q.finish();
    return {};
}

Result<void> SyncStore::takeWire(Kind kind, int limit, int room, const QSet<QString> &skip, QList<SyncRecord> &records,
                                 QList<qint64> &seqs, QList<qint64> &empty)
{
    Database &db = m_store.database();
    const WireKind &w = wireKind(kind);
    sqlite3_stmt *st = db.raw(w.sql.constData());
    if (!st)
        return db.rawError(QStringLiteral("outbox"));
    struct Reset
    {
        sqlite3_stmt *st;
        ~Reset() { sqlite3_reset(st); }
    } reset{st};
    const QByteArray kindText = kindName(kind).toUtf8();
    sqlite3_bind_text(st, 1, kindText.constData(), static_cast<int>(kindText.size()), SQLITE_STATIC);
    sqlite3_bind_int(st, 2, limit);

    // This kind's records in outbox order; a record the writer leaves to the typed path keeps its place.
    struct Taken
    {
        qint64 seq;
        SyncRecord record;
    };
    QList<Taken> taken;
    QList<OpenEntry> typed;
    QHash<QString, qsizetype> typedIndex;
    QList<qsizetype> typedAt;
    FlatPairs listed;
    FlatPairs stamps;
    QVarLengthArray<const WireSlot *, 48> slotOf;
    QByteArray stampsBuffer;
    ByteWriter stampsJson(stampsBuffer, 2048); // scratch: the stamps object, written beside the fields
    taken.reserve(room);
    int rows = 0;
    int rc = SQLITE_ROW;
    while (rows < room && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const qint64 seq = sqlite3_column_int64(st, kWireSeq);
        const QByteArrayView idBytes = columnBytes(st, kWireRecordId);
        const QString id = QString::fromUtf8(idBytes);
        if (!skip.isEmpty() && skip.contains(id))
            continue;
        ++rows;
        Taken t{seq, SyncRecord{kind, id, {}, {}, {}}};
        if (sqlite3_column_type(st, kWireRowId) == SQLITE_NULL) { // the record is gone: nothing to send
            taken << std::move(t);
            continue;
        }
        const auto toTyped = [&] {
            typedIndex.insert(id, typed.size());
            typed << OpenEntry{seq, id, QString::fromUtf8(columnBytes(st, kWireEntryFields))};
            typedAt << taken.size();
            taken << std::move(t);
        };
        // The entry's fields in name order, each once; every one a wire field of the kind.
        bool ok = parseFlat(columnBytes(st, kWireEntryFields), listed) && parseFlat(columnBytes(st, kWireStamps), stamps)
                  && isCleanUtf8(idBytes);
        if (ok) {
            // Both by name, stable (insertion sorts: a dozen names, mostly in order already).
            for (FlatPairs *pairs : {&listed, &stamps}) {
                for (qsizetype i = 1; i < pairs->size(); ++i) {
                    for (qsizetype j = i; j > 0 && compareBytes((*pairs)[j].first, (*pairs)[j - 1].first) < 0; --j)
                        std::swap((*pairs)[j], (*pairs)[j - 1]);
                }
            }
            slotOf.clear();
            for (qsizetype i = 0; ok && i < listed.size(); ++i) {
                if (i + 1 < listed.size() && sameBytes(listed[i + 1].first, listed[i].first))
                    continue;
                const WireSlot *slot = findSlot(w, listed[i].first);
                ok = slot != nullptr;
                slotOf.append(slot);
            }
        }
        if (!ok) {
            toTyped();
            continue;
        }
        ByteWriter json(t.record.wireJson, 1024);
        json.put("{\"fields\":{");
        stampsJson.clear();
        qsizetype nextStamp = 0;
        for (const WireSlot *slot : std::as_const(slotOf)) {
            // The record's stamp of the field: of equal names the last valid one (both lists by name).
            const QByteArrayView name(slot->name);
            while (nextStamp < stamps.size() && compareBytes(stamps[nextStamp].first, name) < 0)
                ++nextStamp;
            QByteArrayView stamp;
            for (qsizetype k = nextStamp; k < stamps.size() && sameBytes(stamps[k].first, name); ++k) {
                if (isValidStamp(stamps[k].second))
                    stamp = stamps[k].second;
            }
            if (stamp.isNull())
                continue; // the record holds no (valid) stamp for it: nothing to send
            if (!stampsJson.isEmpty()) {
                json.put(',');
                stampsJson.put(',');
            }
            json.put(slot->valueKey);
            stampsJson.put(slot->stampKey);
            stampsJson.put(stamp);
            stampsJson.put('"');
            const int type = sqlite3_column_type(st, slot->column);
            switch (slot->source) {
            case WireSlot::Deleted:
                if (type == SQLITE_NULL) {
                    json.put("false");
                } else if (type == SQLITE_INTEGER && static_cast<quint64>(sqlite3_column_int64(st, slot->column)) <= 1) {
                    json.put(sqlite3_column_int64(st, slot->column) ? "true" : "false");
                } else {
                    ok = false;
                }
                break;
            case WireSlot::CreatedAt:
                if (type == SQLITE_NULL) {
                    json.put("null");
                } else if (const QByteArrayView text = columnBytes(st, slot->column); type == SQLITE_TEXT && isCanonicalInstant(text)) {
                    json.put('"');
                    json.put(text);
                    json.put('"');
                } else {
                    ok = false;
                }
                break;
            case WireSlot::Member:
                if (type == SQLITE_NULL)
                    json.put("false");
                else if (type == SQLITE_TEXT)
                    json.put(setHoldsBytes(columnBytes(st, slot->column), slot->member) ? "true" : "false");
                else
                    ok = false;
                break;
            case WireSlot::Column: {
                const FieldSpec &f = *slot->spec;
                if (type == SQLITE_NULL) {
                    json.put("null");
                    break;
                }
                if (f.sensitive) {
                    // Decrypted text is the value for strings (fromPlain), "true"/"false" for booleans.
                    const bool stringLike = f.type == FieldType::Text || f.type == FieldType::Enum || f.type == FieldType::Ref;
                    if (type != SQLITE_BLOB || (!stringLike && f.type != FieldType::Bool)) {
                        ok = false;
                        break;
                    }
                    const auto *p = static_cast<const char *>(sqlite3_column_blob(st, slot->column));
                    const QByteArray blob(p, sqlite3_column_bytes(st, slot->column));
                    const auto plain = m_store.cipher().decrypt(id, slot->text, blob);
                    if (!plain) {
                        qCWarning(lcStorage) << "cannot decrypt" << f.name << "of" << id;
                        json.put("null");
                    } else if (f.type == FieldType::Bool) {
                        json.put(*plain == QLatin1String("true") ? "true" : "false");
                    } else {
                        json.putString(plain->toUtf8());
                    }
                    break;
                }
                const QByteArrayView text = columnBytes(st, slot->column);
                switch (f.type) {
                case FieldType::Text:
                case FieldType::Enum:
                case FieldType::Ref:
                    ok = type == SQLITE_TEXT && isCleanUtf8(text);
                    if (ok)
                        json.putString(text);
                    break;
                case FieldType::Date:
                case FieldType::Instant:
                    ok = type == SQLITE_TEXT && (f.type == FieldType::Date ? isCanonicalDate(text) : isCanonicalInstant(text));
                    if (ok) {
                        json.put('"');
                        json.put(text);
                        json.put('"');
                    }
                    break;
                case FieldType::Bool:
                    ok = type == SQLITE_INTEGER;
                    if (ok)
                        json.put(sqlite3_column_int64(st, slot->column) != 0 ? "true" : "false");
                    break;
                case FieldType::Int:
                    ok = type == SQLITE_INTEGER;
                    if (ok)
                        json.put(QByteArray::number(sqlite3_column_int64(st, slot->column)));
                    break;
                case FieldType::Set:
                case FieldType::TextList:
                    ok = false;
                    break;
                }
                break;
            }
            }
            if (!ok)
                break;
        }
        if (ok && stampsJson.isEmpty()) { // no listed field holds a stamp: nothing to send
            json.clear();
            json.finish();
            taken << std::move(t);
            continue;
        }
        // The station: most records share one, kept as one string.
        const int stationType = sqlite3_column_type(st, kWireStation);
        const QByteArrayView station = columnBytes(st, kWireStation);
        ok = ok && (stationType == SQLITE_NULL || (stationType == SQLITE_TEXT && isCleanUtf8(station)));
        if (!ok) {
            json.clear();
            json.finish();
            toTyped();
            continue;
        }
        json.put("},\"id\":");
        json.putString(idBytes);
        json.put(",\"kind\":");
        json.put(w.kindJson);
        json.put(",\"stamps\":{");
        json.put(stampsJson.view());
        json.put("},\"station_id\":");
        if (station.isEmpty()) {
            json.put("null");
        } else {
            if (m_lastStationBytes != station) {
                m_lastStationBytes = station.toByteArray();
                m_lastStation = QString::fromUtf8(station);
            }
            t.record.stationId = m_lastStation;
            json.putString(station);
        }
        json.put('}');
        json.finish();
        taken << std::move(t);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db.rawError(QStringLiteral("outbox"));
    sqlite3_reset(st);

    // The records left to the typed path, read as before and put back in their places.
    if (!typed.isEmpty()) {
        QByteArray ids = "[";
        for (const OpenEntry &e : std::as_const(typed)) {
            if (ids.size() > 1)
                ids += ',';
            appendJsonString(ids, e.recordId.toUtf8());
        }
        ids += ']';
        QList<SyncRecord> read(typed.size());
        if (auto r = readForPush(kind, QString::fromUtf8(ids), typed, typedIndex, read); !r)
            return r;
        for (qsizetype i = 0; i < typed.size(); ++i) {
            read[i].wireJson.clear();
            taken[typedAt[i]].record = std::move(read[i]);
            if (taken[typedAt[i]].record.id.isEmpty())
                taken[typedAt[i]].record.id = typed[i].recordId;
        }
    }
    for (Taken &t : taken) {
        if (t.record.wireJson.isEmpty() && t.record.fields.isEmpty()) {
            empty << t.seq;
            continue;
        }
        seqs << t.seq;
        records << std::move(t.record);
    }
    return {};
}

SyncStore::SyncStore(StationStore &store)
    : m_store(store)
{
}

Database::Options SyncStore::connectionOptions()
{
    Database::Options o;
    o.autoCheckpointPages = Checkpointer::kBackstopPages;
    return o;
}

bool SyncStore::waitsForStaff(const QString &code)
{
    return code != QLatin1String("reference_missing") && code != QLatin1String("clock_ahead");
}

// ---------------------------------------------------------------- push

bool SyncStore::hasBatchInFlight()
{
    QSqlQuery q(m_store.database().db());
    return q.exec(QStringLiteral("SELECT 1 FROM sync_batch LIMIT 1")) && q.next();
}

Result<PushBatch> SyncStore::nextPushBatch(const Encoder &encode, const QSet<QString> &skip, int max,
                                           const QString &onTheWire)
{
    Database &db = m_store.database();
    PushBatch batch;
    auto r = db.transaction([&]() -> Result<void> {
        if (auto fresh = m_store.records().refreshShared(); !fresh)
            return fresh;
        // A batch whose outcome is unknown goes again, exactly as it was, oldest first (batch ids are
        // UUID v7, monotonic even within a millisecond); except the one the engine has on the wire now.
        QSqlQuery inFlight(db.db());
        inFlight.prepare(QStringLiteral("SELECT batch_id, records, body FROM sync_batch WHERE batch_id IS NOT ? "
                                        "ORDER BY created_at, batch_id LIMIT 1"));
        inFlight.addBindValue(onTheWire);
        if (!inFlight.exec())
            return Database::queryError(inFlight, QStringLiteral("sync_batch"));
        if (inFlight.next()) {
            batch.batchId = inFlight.value(0).toString();
            batch.recordCount = inFlight.value(1).toInt();
            const auto plain = m_store.cipher().decrypt(batch.batchId, u"batch_body", inFlight.value(2).toByteArray());
            if (!plain)
                return Error{QStringLiteral("batch_unreadable"),
                             bilingual(QStringLiteral("待重发的批次无法读取"), QStringLiteral("The batch in flight cannot be read"))};
            batch.body = QByteArray::fromBase64(plain->toLatin1());
            batch.resend = true;
            return {};
        }

        // Set-based: per kind, the open entries (one query), then the rows they name (one query over a
        // JSON list of ids), each field the entry lists turned into its wire value straight from its
        // column (sensitive fields decrypted only when listed). No StoredRecord per record.
        QList<qint64> taken;
        QList<qint64> empty;
        for (Kind kind : recordKinds()) {
            if (batch.records.size() >= max)
                break;
            const int room = max - static_cast<int>(batch.records.size());
            if (m_wireJson) {
                if (auto read = takeWire(kind, room + static_cast<int>(skip.size()), room, skip, batch.records, taken, empty); !read)
                    return read;
                continue;
            }
            QSqlQuery &q = db.prepared(QStringLiteral("SELECT seq, record_id, fields FROM outbox "
                                                      "WHERE batch_id IS NULL AND kind = ? ORDER BY seq LIMIT ?"));
            if (!Database::run(q, {kindName(kind), room + static_cast<int>(skip.size())}))
                return Database::queryError(q, QStringLiteral("outbox"));
            QList<OpenEntry> entries;
            QHash<QString, qsizetype> index;
            QByteArray ids = "[";
            while (entries.size() + batch.records.size() < max && q.next()) {
                const QString id = q.value(1).toString();
                if (skip.contains(id))
                    continue;
                index.insert(id, entries.size());
                entries << OpenEntry{q.value(0).toLongLong(), id, q.value(2).toString()};
                if (ids.size() > 1)
                    ids += ',';
                ids += '"' + id.toUtf8() + '"'; // record ids are UUIDs: nothing to escape
            }
            q.finish();
            if (entries.isEmpty())
                continue;
            ids += ']';
            QList<SyncRecord> records(entries.size());
            if (auto read = readForPush(kind, QString::fromUtf8(ids), entries, index, records); !read)
                return read;
            for (qsizetype i = 0; i < entries.size(); ++i) {
                if (records[i].fields.isEmpty()) {
                    empty << entries[i].seq;
                    continue;
                }
                batch.records << std::move(records[i]);
                taken << entries[i].seq;
            }
        }
        for (qint64 seq : std::as_const(empty)) {
            QSqlQuery &d = db.prepared(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
            if (!Database::run(d, {seq}))
                return Database::queryError(d, QStringLiteral("outbox"));
        }
        if (batch.records.isEmpty())
            return {};

        batch.batchId = newRecordId(m_store.clock());
        batch.recordCount = static_cast<int>(batch.records.size());
        auto body = encode(batch.batchId, batch.records);
        if (!body)
            return body.error();
        batch.body = body.value();

        // In flight: one prepared UPDATE by rowid per entry (cheaper than one over a JSON list, which
        // builds a temporary index of the list first).
        if (sqlite3_stmt *mark = db.raw("UPDATE outbox SET batch_id = ?1 WHERE seq = ?2")) {
            const QByteArray id = batch.batchId.toUtf8();
            sqlite3_bind_text(mark, 1, id.constData(), static_cast<int>(id.size()), SQLITE_STATIC);
            for (qint64 seq : std::as_const(taken)) {
                sqlite3_bind_int64(mark, 2, seq);
                const int rc = sqlite3_step(mark);
                sqlite3_reset(mark);
                if (rc != SQLITE_DONE)
                    return db.rawError(QStringLiteral("outbox"));
            }
            sqlite3_clear_bindings(mark);
        } else {
            return db.rawError(QStringLiteral("outbox"));
        }
        QSqlQuery &keep = db.prepared(
            QStringLiteral("INSERT INTO sync_batch (batch_id, created_at, records, body) VALUES (?, ?, ?, ?)"));
        if (!Database::run(keep, {batch.batchId, formatInstant(m_store.clock().now()), batch.recordCount,
                                  m_store.cipher().encrypt(batch.batchId, u"batch_body",
                                                           QString::fromLatin1(batch.body.toBase64()))}))
            return Database::queryError(keep, QStringLiteral("sync_batch"));
        return {};
    }, Database::Commit::Bookkeeping); // docs/sync-client.md "Durability of the push bookkeeping"
    if (!r)
        return r.error();
    return batch;
}

Result<void> SyncStore::requeue(qint64 seq, Kind kind, const QString &recordId, const QMap<QString, QString> &fields)
{
    Database &db = m_store.database();
    auto open = m_store.records().openEntry(kind, recordId);
    if (!open)
        return open.error();
    QSqlQuery w(db.db());
    if (open->seq >= 0) {
        // An edit during the push opened a new entry: fold the returned fields into it.
        QMap<QString, QString> merged = parseFields(open->fields);
        for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
            if (!merged.contains(it.key()))
                merged.insert(it.key(), it.value());
        }
        w.prepare(QStringLiteral("UPDATE outbox SET fields = ? WHERE seq = ?"));
        w.addBindValue(fieldsJson(merged));
        w.addBindValue(open->seq);
        if (!w.exec())
            return Database::queryError(w, QStringLiteral("outbox"));
        QSqlQuery d(db.db());
        d.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
        d.addBindValue(seq);
        if (!d.exec())
            return Database::queryError(d, QStringLiteral("outbox"));
        return {};
    }
    w.prepare(QStringLiteral("UPDATE outbox SET batch_id = NULL, fields = ? WHERE seq = ?"));
    w.addBindValue(fieldsJson(fields));
    w.addBindValue(seq);
    if (!w.exec())
        return Database::queryError(w, QStringLiteral("outbox"));
    return m_store.records().setOpenEntry(kind, recordId, seq);
}

Result<AckSummary> SyncStore::acknowledge(const QString &batchId, const QList<RecordVerdict> &verdicts,
                                          qint64 serverPushesAcknowledged)
{
    Database &db = m_store.database();
    AckSummary summary;
    // A clock_ahead verdict re-stamps fields of the record itself: a record write, so a durable commit.
    const bool restamps = std::any_of(verdicts.cbegin(), verdicts.cend(), [](const RecordVerdict &v) {
        return v.status == RecordVerdict::Status::Rejected && v.code == QLatin1String("clock_ahead");
    });
    auto r = db.transaction([&]() -> Result<void> {
        if (auto fresh = m_store.records().refreshShared(); !fresh)
            return fresh;
        const QString now = formatInstant(m_store.clock().now());
        const qint64 correctedNow = m_store.clock().nowMs() + m_store.hlc().offsetMs();

        // The first verdict about a record counts (a later one about the same record is ignored).
        QSet<QString> seen;
        QStringList appliedIds;
        QStringList unchangedIds;
        QList<const RecordVerdict *> rejections;
        seen.reserve(verdicts.size());
        for (const RecordVerdict &v : verdicts) {
            if (seen.contains(v.id))
                continue;
            seen.insert(v.id);
            if (v.status == RecordVerdict::Status::Applied)
                appliedIds << v.id;
            else if (v.status == RecordVerdict::Status::Unchanged)
                unchangedIds << v.id;
            else
                rejections << &v;
        }
        // Stored (or already there): the field versions this batch carried are done. Set-based: one
        // prepared statement per status over a JSON list of ids; the rows deleted are the count (an id
        // the batch did not carry deletes nothing). A rejection waiting for such a record is over.
        bool anyProblems = false;
        {
            QSqlQuery &p = db.prepared(QStringLiteral("SELECT EXISTS (SELECT 1 FROM sync_problem)"));
            if (!Database::run(p, {}))
                return Database::queryError(p, QStringLiteral("sync_problem"));
            anyProblems = p.next() && p.value(0).toBool();
            p.finish();
        }
        // The usual answer stores every record of the batch: when its ids are exactly the batch's, the
        // whole batch goes with one DELETE by batch_id (half the cost of matching a JSON list per row).
        bool whole = false;
        if (rejections.isEmpty() && !seen.isEmpty()) {
            sqlite3_stmt *st = db.raw("SELECT record_id FROM outbox WHERE batch_id = ?1");
            if (!st)
                return db.rawError(QStringLiteral("outbox"));
            const QByteArray id = batchId.toUtf8();
            sqlite3_bind_text(st, 1, id.constData(), static_cast<int>(id.size()), SQLITE_STATIC);
            qsizetype inBatch = 0;
            whole = true;
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                ++inBatch;
                if (whole && !seen.contains(QString::fromUtf8(columnBytes(st, 0))))
                    whole = false;
            }
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            if (rc != SQLITE_DONE)
                return db.rawError(QStringLiteral("outbox"));
            whole = whole && inBatch == seen.size();
        }
        if (whole) {
            if (anyProblems) {
                QSqlQuery &p = db.prepared(QStringLiteral(
                    "DELETE FROM sync_problem WHERE record_id IN (SELECT record_id FROM outbox WHERE batch_id = ?)"));
                if (!Database::run(p, {batchId}))
                    return Database::queryError(p, QStringLiteral("sync_problem"));
            }
            QSqlQuery &d = db.prepared(QStringLiteral("DELETE FROM outbox WHERE batch_id = ?"));
            if (!Database::run(d, {batchId}))
                return Database::queryError(d, QStringLiteral("outbox"));
            summary.applied = static_cast<int>(appliedIds.size());
            summary.unchanged = static_cast<int>(unchangedIds.size());
        }
        for (const auto &[ids, count] : {std::pair{&appliedIds, &summary.applied}, std::pair{&unchangedIds, &summary.unchanged}}) {
            if (ids->isEmpty() || whole)
                continue;
            QByteArray json = "[";
            json.reserve(ids->size() * 40 + 2);
            for (const QString &id : std::as_const(*ids)) {
                if (json.size() > 1)
                    json += ',';
                appendJsonString(json, id.toUtf8());
            }
            json += ']';
            const QString list = QString::fromUtf8(json);
            if (anyProblems) {
                QSqlQuery &p = db.prepared(QStringLiteral(
                    "DELETE FROM sync_problem WHERE record_id IN (SELECT record_id FROM outbox WHERE batch_id = ? "
                    "AND record_id IN (SELECT value FROM json_each(?)))"));
                if (!Database::run(p, {batchId, list}))
                    return Database::queryError(p, QStringLiteral("sync_problem"));
            }
            QSqlQuery &d = db.prepared(QStringLiteral(
                "DELETE FROM outbox WHERE batch_id = ? AND record_id IN (SELECT value FROM json_each(?))"));
            if (!Database::run(d, {batchId, list}))
                return Database::queryError(d, QStringLiteral("outbox"));
            *count += d.numRowsAffected();
        }

        // What is left of the batch: rejected records, and records the answer did not mention.
        struct Entry
        {
            qint64 seq;
            Kind kind;
            QString fields; ///< {wire field: stamp} as stored
        };
        QHash<QString, Entry> entries;
        {
            QSqlQuery &q = db.prepared(QStringLiteral("SELECT seq, kind, record_id, fields FROM outbox WHERE batch_id = ?"));
            if (!Database::run(q, {batchId}))
                return Database::queryError(q, QStringLiteral("outbox"));
            while (q.next()) {
                entries.insert(q.value(2).toString(),
                               Entry{q.value(0).toLongLong(), kindFromName(q.value(1).toString()).value_or(Kind::Resident),
                                     q.value(3).toString()});
            }
            q.finish();
        }
        auto exec = [&](const QString &sql, const QVariantList &binds) -> Result<void> {
            QSqlQuery &st = db.prepared(sql);
            if (!Database::run(st, binds))
                return Database::queryError(st, QStringLiteral("ack"));
            return {};
        };

        for (const RecordVerdict *vp : std::as_const(rejections)) {
            const RecordVerdict &v = *vp;
            const auto found = entries.constFind(v.id);
            if (found == entries.cend())
                continue;
            const Entry e{found->seq, found->kind, found->fields};
            entries.remove(v.id);
            if (v.code == QLatin1String("reference_missing")) {
                ++summary.retried;
                summary.retriedIds << v.id;
                if (auto rq = requeue(e.seq, e.kind, v.id, parseFields(e.fields)); !rq)
                    return rq;
                continue;
            }
            if (v.code == QLatin1String("clock_ahead")) {
                // Re-stamp the fields stamped ahead of the corrected clock (all of them if the district
                // and we disagree on which), then queue them again: no staff needed.
                QMap<QString, QString> fields = parseFields(e.fields);
                QMap<QString, Hlc> ahead;
                QMap<QString, Hlc> all;
                for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
                    if (auto h = Hlc::parse(it.value())) {
                        all.insert(it.key(), *h);
                        if (h->ms > correctedNow + 60000)
                            ahead.insert(it.key(), *h);
                    }
                }
                auto written = m_store.records().restamp(e.kind, v.id, ahead.isEmpty() ? all : ahead);
                if (!written)
                    return written.error();
                for (const FieldWrite &w : written.value())
                    fields.insert(w.field, w.stamp.toString());
                ++summary.restamped;
                summary.restampedIds << v.id;
                if (auto rq = requeue(e.seq, e.kind, v.id, fields); !rq)
                    return rq;
                continue;
            }
            // Waiting for staff: out of the outbox until someone edits the record.
            ++summary.rejected;
            if (auto d = exec(QStringLiteral("DELETE FROM outbox WHERE seq = ?"), {e.seq}); !d)
                return d;
            if (auto d = exec(QStringLiteral("DELETE FROM sync_problem WHERE record_id = ?"), {v.id}); !d)
                return d;
            if (auto d = exec(QStringLiteral("INSERT INTO sync_problem (record_id, kind, code, field, message, seen_at) "
                                             "VALUES (?, ?, ?, ?, ?, ?)"),
                              {v.id, kindName(e.kind), v.code, v.field.isEmpty() ? nullText() : QVariant(v.field),
                               v.message.isEmpty() ? nullText() : QVariant(v.message), now});
                !d)
                return d;
            // Edited while the batch was out: that edit re-queues the whole record.
            auto open = m_store.records().openEntry(e.kind, v.id);
            if (!open)
                return open.error();
            if (open->seq >= 0) {
                QMap<QString, QString> fields = parseFields(open->fields);
                if (const auto rec = m_store.records().get(e.kind, v.id)) {
                    for (auto it = rec->stamps.cbegin(); it != rec->stamps.cend(); ++it) {
                        if (!fields.contains(it.key()))
                            fields.insert(it.key(), it.value().toString());
                    }
                }
                if (auto u = exec(QStringLiteral("UPDATE outbox SET fields = ? WHERE seq = ?"),
                                  {fieldsJson(fields), open->seq});
                    !u)
                    return u;
            }
        }
        // A record the answer did not mention goes again (never dropped unanswered).
        for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
            if (auto rq = requeue(it->seq, it->kind, it.key(), parseFields(it->fields)); !rq)
                return rq;
        }
        if (auto d = exec(QStringLiteral("DELETE FROM sync_batch WHERE batch_id = ?"), {batchId}); !d)
            return d;

        const qint64 ours = db.meta(kPushesAcknowledged, QStringLiteral("0")).toLongLong();
        if (serverPushesAcknowledged > ours + 1) {
            // The district acknowledged batches of ours we never saw: this device was restored from
            // a backup. Pull everything again, our own changes included, before trusting our state.
            summary.restored = true;
            if (auto m = db.setMeta(kRecovery, QStringLiteral("1")); !m)
                return m;
            if (auto m = db.setMeta(kPullCursor, QString()); !m)
                return m;
            if (auto a = audit(QStringLiteral("sync_restored_device"),
                               QStringLiteral("district %1, device %2").arg(serverPushesAcknowledged).arg(ours));
                !a)
                return a;
        }
        return db.setMeta(kPushesAcknowledged, QString::number(std::max(serverPushesAcknowledged, ours)));
    }, restamps ? Database::Commit::Durable : Database::Commit::Bookkeeping);
    if (!r)
        return r.error();
    return summary;
}

qint64 SyncStore::pushesAcknowledged()
{
    return m_store.database().meta(kPushesAcknowledged, QStringLiteral("0")).toLongLong();
}

// ---------------------------------------------------------------- pull

QString SyncStore::pullCursor()
{
    return m_store.database().meta(kPullCursor);
}

bool SyncStore::recoveryPending()
{
    return m_store.database().meta(kRecovery) == QLatin1String("1");
}

Result<void> SyncStore::beginRecovery()
{
    Database &db = m_store.database();
    return db.transaction([&]() -> Result<void> {
        if (auto m = db.setMeta(kRecovery, QStringLiteral("1")); !m)
            return m;
        if (auto m = db.setMeta(kPullCursor, QString()); !m)
            return m;
        return audit(QStringLiteral("sync_receipt_recovery"), QStringLiteral("receipt still differs: pulling everything again"));
    });
}

Result<PullSummary> SyncStore::applyPull(const QList<SyncRecord> &changes, const QString &cursor, bool complete)
{
    Database &db = m_store.database();
    PullSummary summary;
    const QString station = m_store.stationCode();
    auto r = db.transaction([&]() -> Result<void> {
        const QString now = formatInstant(m_store.clock().now());
        for (const SyncRecord &change : changes) {
            const bool reference = kindSpec(change.kind).reference;
            if (!reference && !station.isEmpty() && change.stationId != station) {
                ++summary.skipped;
                qCWarning(lcStorage) << "pulled a record of another station, left out:" << kindName(change.kind) << change.id;
                continue;
            }
            QList<SupersededEdit> superseded;
            auto merged = m_store.records().merge(change.kind, change.id, change.stationId, change.fields,
                                                  reference ? nullptr : &superseded);
            if (!merged)
                return merged.error();
            merged.value() == MergeOutcome::Applied ? ++summary.applied : ++summary.unchanged;
            for (const SupersededEdit &s : std::as_const(superseded)) {
                auto encrypt = [&](const QVariant &v, const char *side) -> QVariant {
                    if (!v.isValid())
                        return QVariant(QMetaType(QMetaType::QByteArray));
                    return m_store.cipher().encrypt(change.id, QStringLiteral("conflict.%1.%2").arg(s.field, QLatin1String(side)),
                                                    plainText(v));
                };
                QSqlQuery q(db.db());
                q.prepare(QStringLiteral("INSERT INTO sync_conflict (kind, record_id, field, local_value, local_stamp, "
                                         "remote_value, remote_stamp, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                         "ON CONFLICT DO NOTHING"));
                q.addBindValue(kindName(change.kind));
                q.addBindValue(change.id);
                q.addBindValue(s.field);
                q.addBindValue(encrypt(s.localValue, "local"));
                q.addBindValue(s.localStamp.toString());
                q.addBindValue(encrypt(s.remoteValue, "remote"));
                q.addBindValue(s.remoteStamp.toString());
                q.addBindValue(now);
                if (!q.exec())
                    return Database::queryError(q, QStringLiteral("sync_conflict"));
                ++summary.superseded;
            }
        }
        if (auto m = db.setMeta(kPullCursor, cursor); !m)
            return m;
        if (complete && recoveryPending())
            return db.setMeta(kRecovery, QStringLiteral("0"));
        return {};
    });
    if (!r)
        return r.error();
    return summary;
}

// ---------------------------------------------------------------- receipt

Receipt SyncStore::receipt()
{
    Receipt out;
    for (Kind k : recordKinds())
        out.insert(kindName(k), KindReceipt{0, zeroDigest()});
    QSqlQuery q(m_store.database().db());
    q.prepare(QStringLiteral("SELECT kind, count, digest FROM receipt_digest WHERE station_id = ?"));
    q.addBindValue(m_store.stationCode().isEmpty() ? QStringLiteral("") : m_store.stationCode());
    if (q.exec()) {
        while (q.next()) {
            if (out.contains(q.value(0).toString()))
                out.insert(q.value(0).toString(),
                           KindReceipt{q.value(1).toInt(), QString::fromLatin1(q.value(2).toByteArray().toHex())});
        }
    }
    return out;
}

Receipt SyncStore::computeReceipt()
{
    Receipt out;
    const QString station = m_store.stationCode();
    for (Kind k : recordKinds()) {
        QByteArray acc(32, '\0');
        int count = 0;
        // Page through the kind; records of this station only.
        for (int offset = 0;; offset += 2000) {
            const auto rows = m_store.records().select(k, QStringLiteral("coalesce(station_id, '') = ?"),
                                                       {station.isEmpty() ? QStringLiteral("") : station},
                                                       QStringLiteral("id"), Page{offset, 2000});
            for (const StoredRecord &r : rows) {
                const QByteArray h = QCryptographicHash::hash((r.id + u'|' + greatestStamp(r.stamps).toString()).toUtf8(),
                                                              QCryptographicHash::Sha256);
                for (int i = 0; i < 32; ++i)
                    acc[i] = static_cast<char>(acc[i] ^ h[i]);
                ++count;
            }
            if (rows.size() < 2000)
                break;
        }
        out.insert(kindName(k), KindReceipt{count, QString::fromLatin1(acc.toHex())});
    }
    return out;
}

QStringList SyncStore::receiptDifferences(const Receipt &local, const Receipt &district)
{
    QStringList out;
    for (Kind k : recordKinds()) {
        const QString name = kindName(k);
        const KindReceipt a = local.value(name, KindReceipt{0, zeroDigest()});
        const KindReceipt b = district.value(name, KindReceipt{0, zeroDigest()});
        if (a.count != b.count || a.digest.toLower() != b.digest.toLower())
            out << name;
    }
    return out;
}

Result<void> SyncStore::recordReceipt(const Receipt &local, const Receipt &district, bool match)
{
    QJsonObject kinds;
    for (Kind k : recordKinds()) {
        const QString name = kindName(k);
        const KindReceipt a = local.value(name, KindReceipt{0, zeroDigest()});
        const KindReceipt b = district.value(name, KindReceipt{0, zeroDigest()});
        kinds.insert(name, QJsonObject{{QStringLiteral("local"), a.count},
                                       {QStringLiteral("district"), b.count},
                                       {QStringLiteral("match"), a.count == b.count && a.digest.toLower() == b.digest.toLower()}});
    }
    const QString at = formatInstant(m_store.clock().now());
    const QJsonObject o{{QStringLiteral("kinds"), kinds}, {QStringLiteral("match"), match}, {QStringLiteral("at"), at}};
    Database &db = m_store.database();
    return db.transaction([&]() -> Result<void> {
        if (auto m = db.setMeta(kLastReceipt, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))); !m)
            return m;
        if (match)
            return db.setMeta(kLastConfirmedAt, at);
        return {};
    });
}

QString SyncStore::lastReceiptJson()
{
    return m_store.database().meta(kLastReceipt);
}

QDateTime SyncStore::lastConfirmedAt()
{
    return parseInstant(m_store.database().meta(kLastConfirmedAt));
}

// ---------------------------------------------------------------- clock

Result<void> SyncStore::observeServerTime(const Hlc &serverTime)
{
    Database &db = m_store.database();
    HlcClock &hlc = m_store.hlc();
    const qint64 deviceMs = m_store.clock().nowMs();
    const qint64 offset = serverTime.ms - deviceMs;
    // Most answers confirm what we know: take the stamp in memory and skip the write (and its fsync)
    // unless the offset moved by a second, the clock must be rewound, or the stored offset is an hour old.
    const qint64 storedAt = db.meta(kOffsetAt).toLongLong();
    const bool fresh = storedAt > 0 && deviceMs >= storedAt && deviceMs - storedAt < 3600 * 1000;
    if (fresh && std::llabs(offset - hlc.offsetMs()) < 1000 && hlc.last().ms <= deviceMs + hlc.offsetMs() + 60000) {
        hlc.observe(serverTime);
        return {};
    }
    return db.transaction([&]() -> Result<void> {
        if (auto refreshed = m_store.records().refreshShared(); !refreshed)
            return refreshed;
        hlc.setOffsetMs(offset);
        if (auto m = db.setMeta(kOffset, QString::number(offset)); !m)
            return m;
        if (auto m = db.setMeta(kOffsetAt, QString::number(deviceMs)); !m)
            return m;
        const qint64 correctedNow = deviceMs + offset;
        if (hlc.last().ms > correctedNow + 60000) {
            if (auto w = rewindClock(correctedNow); !w)
                return w;
        }
        hlc.observe(serverTime);
        return db.setMeta(kHlcLast, hlc.last().toString());
    });
}

Result<void> SyncStore::rewindClock(qint64 correctedNowMs)
{
    // Our stamps ran ahead of the district's clock (a device clock set wrong). Go back to the corrected
    // clock — but not below anything we hold that the district would accept (≤ 24 h ahead), so an
    // edit of ours never gets a stamp below our own earlier one.
    Database &db = m_store.database();
    const QString limit = formatInstant(QDateTime::fromMSecsSinceEpoch(correctedNowMs + kOffsetMaxAgeMs, Qt::UTC));
    qint64 floor = correctedNowMs;
    for (Kind k : allKinds()) {
        QSqlQuery q(db.db());
        q.prepare(QStringLiteral("SELECT max(updated_at) FROM %1 WHERE updated_at <= ?").arg(kindName(k)));
        q.addBindValue(limit);
        if (!q.exec())
            return Database::queryError(q, QStringLiteral("rewind"));
        if (q.next() && !q.value(0).isNull())
            floor = std::max(floor, parseInstant(q.value(0).toString()).toMSecsSinceEpoch() + 1);
    }
    HlcClock &hlc = m_store.hlc();
    qCInfo(lcStorage) << "clock ran ahead of the district by" << (hlc.last().ms - correctedNowMs) / 1000
                      << "s; rewound to the corrected clock";
    hlc.resetTo(Hlc{floor, 0, hlc.node()});
    const qint64 epoch = db.meta(kHlcEpoch, QStringLiteral("0")).toLongLong() + 1;
    if (auto m = db.setMeta(kHlcEpoch, QString::number(epoch)); !m)
        return m;
    if (auto m = db.setMeta(kHlcLast, hlc.last().toString()); !m)
        return m;
    // Our own RecordStore follows the epoch at its next refresh, with the same value.
    return audit(QStringLiteral("clock_rewound"), QStringLiteral("%1 s").arg((hlc.last().ms - correctedNowMs) / 1000));
}

bool SyncStore::clockOffsetStale()
{
    const QString at = m_store.database().meta(kOffsetAt);
    if (at.isEmpty())
        return true;
    const qint64 age = m_store.clock().nowMs() - at.toLongLong();
    return age < 0 || age > kOffsetMaxAgeMs;
}

qint64 SyncStore::clockOffsetMs()
{
    return m_store.database().meta(kOffset, QStringLiteral("0")).toLongLong();
}

Hlc SyncStore::deviceTime()
{
    (void)m_store.records().refreshShared();
    return m_store.hlc().now();
}

// ---------------------------------------------------------------- enrollment

Result<void> SyncStore::checkCanEnroll(const QString &stationCode)
{
    for (Kind k : recordKinds()) {
        QSqlQuery q(m_store.database().db());
        q.prepare(QStringLiteral("SELECT count(*) FROM %1 WHERE coalesce(station_id, '') NOT IN ('', ?)").arg(kindName(k)));
        q.addBindValue(stationCode);
        if (!q.exec() || !q.next())
            return Database::queryError(q, QStringLiteral("enroll"));
        if (q.value(0).toInt() > 0)
            return Error{QStringLiteral("holds_other_station"),
                         bilingual(QStringLiteral("本机存有其他站点的记录，不能登记到站点 %1").arg(stationCode),
                                   QStringLiteral("This device holds another station's records; it cannot enroll to %1")
                                       .arg(stationCode))};
    }
    return {};
}

Result<void> SyncStore::completeEnrollment(const Enrollment &e)
{
    Database &db = m_store.database();
    auto r = db.transaction([&]() -> Result<void> {
        if (auto can = checkCanEnroll(e.stationCode); !can)
            return can;
        const QString previousServer = db.meta(QStringLiteral("server_url"));
        const QString previousStation = m_store.stationCode();
        // Records made before enrollment belong to this station from now on.
        for (Kind k : recordKinds()) {
            QSqlQuery q(db.db());
            q.prepare(QStringLiteral("UPDATE %1 SET station_id = ? WHERE coalesce(station_id, '') = ''").arg(kindName(k)));
            q.addBindValue(e.stationCode);
            if (!q.exec())
                return Database::queryError(q, QStringLiteral("enroll"));
        }
        if ((!previousServer.isEmpty() && previousServer != e.serverUrl)
            || (!previousStation.isEmpty() && previousStation != e.stationCode)) {
            // Another district: its cursor and batch count mean nothing here.
            if (auto m = db.setMeta(kPullCursor, QString()); !m)
                return m;
            if (auto m = db.setMeta(kPushesAcknowledged, QStringLiteral("0")); !m)
                return m;
        }
        const QByteArray token = m_store.cipher().encrypt(u"meta", u"device_token", e.deviceToken);
        const QList<QPair<QString, QString>> metas{
            {QStringLiteral("station_code"), e.stationCode},
            {QStringLiteral("server_url"), e.serverUrl},
            {QStringLiteral("ca_path"), e.caPath},
            {QStringLiteral("device_token"), QString::fromLatin1(token.toBase64())},
            {QStringLiteral("station_name"), e.stationName},
            {QStringLiteral("station_town"), e.town},
            {QStringLiteral("station_villages"),
             QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(e.villages)).toJson(QJsonDocument::Compact))},
            {QStringLiteral("enrolled_at"), formatInstant(e.enrolledAt.isValid() ? e.enrolledAt : m_store.clock().now())},
            {kMustReenroll, QStringLiteral("0")},
        };
        for (const auto &[key, value] : metas) {
            if (auto m = db.setMeta(key, value); !m)
                return m;
        }
        if (auto d = m_store.records().rebuildReceiptDigests(); !d)
            return d;
        return audit(QStringLiteral("enroll"), QStringLiteral("station %1").arg(e.stationCode));
    });
    if (r)
        m_store.records().setStationId(e.stationCode);
    return r;
}

std::optional<Enrollment> SyncStore::enrollment()
{
    Database &db = m_store.database();
    Enrollment e;
    e.stationCode = m_store.stationCode();
    e.serverUrl = db.meta(QStringLiteral("server_url"));
    const QByteArray blob = QByteArray::fromBase64(db.meta(QStringLiteral("device_token")).toLatin1());
    if (e.stationCode.isEmpty() || e.serverUrl.isEmpty() || blob.isEmpty())
        return std::nullopt;
    const auto token = m_store.cipher().decrypt(u"meta", u"device_token", blob);
    if (!token)
        return std::nullopt;
    e.deviceToken = *token;
    e.caPath = db.meta(QStringLiteral("ca_path"));
    e.stationName = db.meta(QStringLiteral("station_name"));
    e.town = db.meta(QStringLiteral("station_town"));
    for (const auto &v : QJsonDocument::fromJson(db.meta(QStringLiteral("station_villages")).toUtf8()).array())
        e.villages << v.toString();
    e.enrolledAt = parseInstant(db.meta(QStringLiteral("enrolled_at")));
    return e;
}

Result<void> SyncStore::setMustReenroll(bool must)
{
    return m_store.database().setMeta(kMustReenroll, must ? QStringLiteral("1") : QStringLiteral("0"));
}

bool SyncStore::mustReenroll()
{
    return m_store.database().meta(kMustReenroll) == QLatin1String("1");
}

// ---------------------------------------------------------------- for staff

int SyncStore::pendingCount()
{
    return m_store.outboxPending();
}

QMap<QString, int> SyncStore::pendingByKind()
{
    QMap<QString, int> out;
    QSqlQuery q(m_store.database().db());
    if (q.exec(QStringLiteral("SELECT kind, count(*) FROM outbox GROUP BY kind"))) {
        while (q.next())
            out.insert(q.value(0).toString(), q.value(1).toInt());
    }
    return out;
}

QList<SyncProblem> SyncStore::problems()
{
    QList<SyncProblem> out;
    QSqlQuery q(m_store.database().db());
    if (q.exec(QStringLiteral("SELECT record_id, kind, code, field, message, seen_at FROM sync_problem "
                              "ORDER BY seen_at, record_id"))) {
        while (q.next()) {
            out << SyncProblem{kindFromName(q.value(1).toString()).value_or(Kind::Resident), q.value(0).toString(),
                               q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                               parseInstant(q.value(5).toString())};
        }
    }
    return out;
}

int SyncStore::problemCount()
{
    QSqlQuery q(m_store.database().db());
    if (q.exec(QStringLiteral("SELECT count(DISTINCT record_id) FROM sync_problem")) && q.next())
        return q.value(0).toInt();
    return 0;
}

QList<ConflictNotice> SyncStore::conflicts()
{
    QList<ConflictNotice> out;
    QSqlQuery q(m_store.database().db());
    if (!q.exec(QStringLiteral("SELECT seq, kind, record_id, field, local_value, local_stamp, remote_value, "
                               "remote_stamp, seen_at FROM sync_conflict ORDER BY seq")))
        return out;
    while (q.next()) {
        ConflictNotice c;
        c.seq = q.value(0).toLongLong();
        c.kind = kindFromName(q.value(1).toString()).value_or(Kind::Resident);
        c.recordId = q.value(2).toString();
        c.field = q.value(3).toString();
        auto decrypt = [&](int column, const char *side) {
            const QByteArray blob = q.value(column).toByteArray();
            if (blob.isEmpty())
                return QString();
            return m_store.cipher()
                .decrypt(c.recordId, QStringLiteral("conflict.%1.%2").arg(c.field, QLatin1String(side)), blob)
                .value_or(QString());
        };
        c.localValue = decrypt(4, "local");
        c.localStamp = Hlc::parse(q.value(5).toString()).value_or(Hlc{});
        c.remoteValue = decrypt(6, "remote");
        c.remoteStamp = Hlc::parse(q.value(7).toString()).value_or(Hlc{});
        c.seenAt = parseInstant(q.value(8).toString());
        out << c;
    }
    return out;
}

Result<void> SyncStore::dismissConflict(qint64 seq)
{
    QSqlQuery q(m_store.database().db());
    q.prepare(QStringLiteral("DELETE FROM sync_conflict WHERE seq = ?"));
    q.addBindValue(seq);
    if (!q.exec())
        return Database::queryError(q, QStringLiteral("sync_conflict"));
    return {};
}

Result<void> SyncStore::recordSyncResult(const QString &result)
{
    Database &db = m_store.database();
    return db.transaction([&]() -> Result<void> {
        if (auto m = db.setMeta(QStringLiteral("last_sync_at"), formatInstant(m_store.clock().now())); !m)
            return m;
        return db.setMeta(QStringLiteral("last_sync_result"), result);
    });
}

Result<void> SyncStore::audit(const QString &action, const QString &detail)
{
    QSqlQuery q(m_store.database().db());
    q.prepare(QStringLiteral("INSERT INTO audit_log (at, device_id, action, detail) VALUES (?, ?, ?, ?)"));
    q.addBindValue(formatInstant(m_store.clock().now()));
    q.addBindValue(m_store.deviceId());
    q.addBindValue(action);
    q.addBindValue(detail);
    if (!q.exec())
        return Database::queryError(q, QStringLiteral("audit"));
    return {};
}

} // namespace lanxin
