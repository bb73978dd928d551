// SyncStore's take: the next push batch from the outbox, each record's wire JSON written straight
// from its columns (docs/sync-client.md). The rest of SyncStore is in syncstore.cpp.
#include "syncstore.h"

#include "database.h"
#include "fieldcipher.h"
#include "stationstore.h"
#include "syncstore_p.h"

#include "core/ids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QVarLengthArray>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace lanxin {
using namespace syncstore_p;
namespace {

/// Whether `column` (a set as stored: ",a,b,") holds `member`, as decodeSet(column).contains(member).
bool setHolds(const QString &column, const QString &member)
{
    for (const QStringView part : QStringView(column).split(u',', Qt::SkipEmptyParts)) {
        if (part == member)
            return true;
    }
    return false;
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
                     + " r ON r.id = o.record_id WHERE o.kind = ?1 ORDER BY o.seq LIMIT ?2";
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

/// Whether every byte of `s` is printable ASCII (0x20–0x7e), eight at a time.
bool isPrintableAscii(QByteArrayView s)
{
    constexpr quint64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    qsizetype i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        quint64 w;
        std::memcpy(&w, s.data() + i, 8);
        // A byte below 0x20 borrows into its high bit; one of 0x7f or more has it set after adding 1.
        if ((((w - 0x20 * ones) & ~w) | (w + ones) | w) & highs)
            return false;
    }
    for (; i < s.size(); ++i) {
        if (s[i] < 0x20 || s[i] > 0x7e)
            return false;
    }
    return true;
}

/// One entry as its batch's sync_batch row keeps it (migration 6): `[seq,"kind","id",fields]`, the
/// fields JSON as stored when it parsed as our writer's shape (`flat`: parseFlat) and is printable
/// ASCII, which makes it JSON as it stands; anything else as a JSON string. `id` in UTF-8.
QByteArray takenEntryJson(qint64 seq, QByteArrayView kindJson, QByteArrayView id, QByteArrayView fields, bool flat)
{
    QByteArray entry;
    ByteWriter out(entry, 48 + kindJson.size() + id.size() + fields.size());
    out.put('[');
    char digits[24];
    const int n = std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(seq));
    out.put(QByteArrayView(digits, n));
    out.put(',');
    out.put(kindJson);
    out.put(',');
    out.putString(id);
    out.put(',');
    if (flat && isPrintableAscii(fields))
        out.put(fields);
    else
        out.putString(QString::fromUtf8(fields).toUtf8()); // valid UTF-8, whatever the column held
    out.put(']');
    out.finish();
    return entry;
}

} // namespace

/// An open outbox entry being taken: the fields JSON ({wire field: stamp}) as stored.
struct SyncStore::OpenEntry
{
    qint64 seq;
    QString recordId;
    QString fields;
};

/// The entries a new batch takes out of the outbox, as its sync_batch row keeps them (migration 6):
/// `ids` each record id and a newline, `json` `[entry, ...]` (takenEntryJson).
struct SyncStore::TakenEntries
{
    QList<qint64> seqs;
    QByteArray ids;
    QByteArray json = "[";

    void add(qint64 seq, QByteArrayView id, QByteArrayView entry)
    {
        seqs << seq;
        ids += id;
        ids += '\n';
        if (json.size() > 1)
            json += ',';
        json += entry;
    }
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
                                 TakenEntries &out, QList<qint64> &empty)
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
        QByteArray id{};    ///< record.id in UTF-8
        QByteArray entry{}; ///< as the batch's sync_batch row keeps it (takenEntryJson)
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
        const QByteArrayView entryFields = columnBytes(st, kWireEntryFields);
        Taken t{seq, SyncRecord{kind, id, {}, {}, {}}};
        if (sqlite3_column_type(st, kWireRowId) == SQLITE_NULL) { // the record is gone: nothing to send
            taken << std::move(t);
            continue;
        }
        const auto toTyped = [&] {
            typedIndex.insert(id, typed.size());
            typed << OpenEntry{seq, id, QString::fromUtf8(entryFields)};
            typedAt << taken.size();
            taken << std::move(t);
        };
        // The entry's fields in name order, each once; every one a wire field of the kind.
        const bool flat = parseFlat(entryFields, listed);
        t.id = t.record.id.toUtf8();
        t.entry = takenEntryJson(seq, w.kindJson, t.id, entryFields, flat);
        bool ok = flat && parseFlat(columnBytes(st, kWireStamps), stamps) && isCleanUtf8(idBytes);
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
        out.add(t.seq, t.id, t.entry);
        records << std::move(t.record);
    }
    return {};
}

Result<PushBatch> SyncStore::nextPushBatch(const Encoder &encode, const QSet<QString> &skip, int max,
                                           const QStringList &onTheWire)
{
    Database &db = m_store.database();
    PushBatch batch;
    auto r = db.transaction([&]() -> Result<void> {
        if (auto fresh = m_store.records().refreshShared(); !fresh)
            return fresh;
        // A batch whose outcome is unknown goes again, exactly as it was, oldest first (batch ids are
        // UUID v7, monotonic even within a millisecond); except those the engine has on the wire now.
        QSqlQuery inFlight(db.db());
        inFlight.prepare(QStringLiteral("SELECT batch_id, records, body FROM sync_batch "
                                        "WHERE batch_id NOT IN (SELECT value FROM json_each(?)) "
                                        "ORDER BY created_at, batch_id LIMIT 1"));
        inFlight.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(onTheWire)).toJson(QJsonDocument::Compact)));
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
        TakenEntries taken;
        QList<qint64> empty;
        const auto takeKind = [&](Kind kind) -> Result<void> {
            const int room = max - static_cast<int>(batch.records.size());
            if (m_wireJson)
                return takeWire(kind, room + static_cast<int>(skip.size()), room, skip, batch.records, taken, empty);
            QSqlQuery &q = db.prepared(QStringLiteral("SELECT seq, record_id, fields FROM outbox "
                                                      "WHERE kind = ? ORDER BY seq LIMIT ?"));
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
                return {};
            ids += ']';
            QList<SyncRecord> records(entries.size());
            if (auto read = readForPush(kind, QString::fromUtf8(ids), entries, index, records); !read)
                return read;
            const QByteArray kindJson = '"' + kindName(kind).toUtf8() + '"';
            for (qsizetype i = 0; i < entries.size(); ++i) {
                if (records[i].fields.isEmpty()) {
                    empty << entries[i].seq;
                    continue;
                }
                const QByteArray id = entries[i].recordId.toUtf8();
                taken.add(entries[i].seq, id, takenEntryJson(entries[i].seq, kindJson, id, entries[i].fields.toUtf8(), false));
                batch.records << std::move(records[i]);
            }
            return {};
        };
        // Each kind's entries are read oldest first and every one read is taken (or done, when it has
        // nothing to send) but a skipped one: without skips, what a kind gave is all its entries up to
        // the last seq read, deleted below as one range.
        struct Range
        {
            Kind kind;
            qint64 last;
            qsizetype count;
        };
        QList<Range> ranges;
        for (Kind kind : recordKinds()) {
            if (batch.records.size() >= max)
                break;
            const qsizetype takenBefore = taken.seqs.size();
            const qsizetype emptyBefore = empty.size();
            if (auto read = takeKind(kind); !read)
                return read;
            Range range{kind, -1, 0};
            for (const auto &[seqs, from] : {std::pair{&taken.seqs, takenBefore}, std::pair{&empty, emptyBefore}}) {
                for (qsizetype i = from; i < seqs->size(); ++i)
                    range.last = std::max(range.last, (*seqs)[i]);
                range.count += seqs->size() - from;
            }
            if (range.count > 0)
                ranges << range;
        }
        taken.json += ']';

        // Taken out of the outbox: an entry with nothing to send is done, the others are the batch's
        // (its sync_batch row holds them until the answer). Per kind one DELETE of the range (it walks
        // the (kind, seq) index in order: about half the cost of a DELETE by rowid per entry), checked
        // against the count taken; with skips, one prepared DELETE by rowid per entry.
        if (skip.isEmpty()) {
            sqlite3_stmt *drop = db.raw("DELETE FROM outbox WHERE kind = ?1 AND seq <= ?2");
            if (!drop)
                return db.rawError(QStringLiteral("outbox"));
            for (const Range &range : std::as_const(ranges)) {
                const QByteArray kind = kindName(range.kind).toUtf8();
                sqlite3_bind_text(drop, 1, kind.constData(), static_cast<int>(kind.size()), SQLITE_STATIC);
                sqlite3_bind_int64(drop, 2, range.last);
                const int rc = sqlite3_step(drop);
                sqlite3_reset(drop);
                sqlite3_clear_bindings(drop);
                if (rc != SQLITE_DONE)
                    return db.rawError(QStringLiteral("outbox"));
                if (sqlite3_changes(db.handle()) != range.count) // never: then nothing is lost (rolled back)
                    return Error{QStringLiteral("outbox_changed"),
                                 bilingual(QStringLiteral("待同步记录在读取时发生变化"), QStringLiteral("The outbox changed while a batch was taken"))};
            }
        } else if (sqlite3_stmt *drop = db.raw("DELETE FROM outbox WHERE seq = ?1")) {
            for (const QList<qint64> *seqs : {&empty, &taken.seqs}) {
                for (qint64 seq : *seqs) {
                    sqlite3_bind_int64(drop, 1, seq);
                    const int rc = sqlite3_step(drop);
                    sqlite3_reset(drop);
                    if (rc != SQLITE_DONE)
                        return db.rawError(QStringLiteral("outbox"));
                }
            }
        } else {
            return db.rawError(QStringLiteral("outbox"));
        }
        if (batch.records.isEmpty())
            return {};

        batch.batchId = newRecordId(m_store.clock());
        batch.recordCount = static_cast<int>(batch.records.size());
        auto body = encode(batch.batchId, batch.records);
        if (!body)
            return body.error();
        batch.body = body.value();

        // Bound as UTF-8 in place (the entries are some 200 KB: no round trip through QString).
        sqlite3_stmt *keep = db.raw("INSERT INTO sync_batch (batch_id, created_at, records, body, ids, entries) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!keep)
            return db.rawError(QStringLiteral("sync_batch"));
        const QByteArray id = batch.batchId.toUtf8();
        const QByteArray created = formatInstant(m_store.clock().now()).toUtf8();
        const QByteArray sealed = m_store.cipher().encrypt(batch.batchId, u"batch_body", QString::fromLatin1(batch.body.toBase64()));
        const auto text = [&](int at, const QByteArray &bytes) {
            sqlite3_bind_text(keep, at, bytes.constData(), static_cast<int>(bytes.size()), SQLITE_STATIC);
        };
        text(1, id);
        text(2, created);
        sqlite3_bind_int(keep, 3, batch.recordCount);
        sqlite3_bind_blob(keep, 4, sealed.constData(), static_cast<int>(sealed.size()), SQLITE_STATIC);
        text(5, taken.ids);
        text(6, taken.json);
        const int rc = sqlite3_step(keep);
        sqlite3_reset(keep);
        sqlite3_clear_bindings(keep);
        if (rc != SQLITE_DONE)
            return db.rawError(QStringLiteral("sync_batch"));
        return {};
    }, Database::Commit::Bookkeeping); // docs/sync-client.md "Durability of the push bookkeeping"
    if (!r)
        return r.error();
    return batch;
}

} // namespace lanxin
