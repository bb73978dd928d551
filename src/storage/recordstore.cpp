#include "recordstore.h"

#include "database.h"
#include "fieldcipher.h"

#include "core/ids.h"
#include "core/pinyin.h"
#include "core/sha256.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVarLengthArray>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace lanxin {

namespace columns {

QString encodeSet(const QStringList &members, const FieldSpec &spec)
{
    // Schema order, wrapped in commas so "contains member" is LIKE '%,member,%'.
    QString out;
    for (const char *v : spec.values) {
        if (members.contains(QLatin1String(v)))
            out += u',' + QLatin1String(v);
    }
    return out.isEmpty() ? QString() : out + u',';
}

QStringList decodeSet(const QString &column)
{
    return column.split(u',', Qt::SkipEmptyParts);
}

QList<std::pair<QString, QString>> parseFlatObject(const QString &json)
{
    QList<std::pair<QString, QString>> out;
    // Our own writer's output: {"k":"v","k":"v"}, no escapes, no nesting. Split on quotes:
    // "{", k, ":", v, ",", k, ":", v, "}". Anything unexpected takes the general parser.
    const QStringView s(json);
    bool simple = s.size() >= 2 && s.front() == u'{' && s.back() == u'}' && !s.contains(u'\\');
    if (simple) {
        qsizetype i = 1;
        while (simple && i < s.size() - 1) {
            if (s[i] != u'"') {
                simple = false;
                break;
            }
            const qsizetype kEnd = s.indexOf(u'"', i + 1);
            if (kEnd < 0 || kEnd + 2 >= s.size() || s[kEnd + 1] != u':' || s[kEnd + 2] != u'"') {
                simple = false;
                break;
            }
            const qsizetype vEnd = s.indexOf(u'"', kEnd + 3);
            if (vEnd < 0) {
                simple = false;
                break;
            }
            out.append({s.mid(i + 1, kEnd - i - 1).toString(), s.mid(kEnd + 3, vEnd - kEnd - 3).toString()});
            i = vEnd + 1;
            if (i < s.size() - 1) {
                if (s[i] != u',') {
                    simple = false;
                    break;
                }
                ++i;
            }
        }
    }
    if (simple)
        return out;
    out.clear();
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.append({it.key(), it.value().toString()});
    return out;
}

QString sensitivePlain(const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return value.toString();
}

} // namespace columns

namespace {

enum Mode { Create = 0, Update = 1, Upsert = 2 };

QString table(Kind kind)
{
    return kindName(kind);
}

/// Brings a caller's value to the canonical type of its field; an invalid QVariant means null.
QVariant normalize(const FieldSpec &spec, const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return {};
    switch (spec.type) {
    case FieldType::Date:
        if (v.typeId() == QMetaType::QDate)
            return v.toDate().isValid() ? v : QVariant();
        return v.toString().isEmpty() ? QVariant() : QVariant(parseDate(v.toString()));
    case FieldType::Instant:
        if (v.typeId() == QMetaType::QDateTime)
            return v.toDateTime().isValid() ? QVariant(v.toDateTime().toUTC()) : QVariant();
        return v.toString().isEmpty() ? QVariant() : QVariant(parseInstant(v.toString()));
    case FieldType::Bool:
        if (v.typeId() == QMetaType::QString)
            return v.toString() == QLatin1String("true");
        return v.toBool();
    case FieldType::Int:
        return v.toLongLong();
    case FieldType::Set:
    case FieldType::TextList: {
        QStringList list = v.toStringList();
        list.removeAll(QString());
        if (spec.type == FieldType::Set)
            list.removeDuplicates();
        return list;
    }
    case FieldType::Text:
    case FieldType::Enum:
    case FieldType::Ref: {
        const QString s = v.toString();
        return s.isEmpty() ? QVariant() : QVariant(s);
    }
    }
    return v;
}

bool sameValue(const QVariant &a, const QVariant &b)
{
    if (!a.isValid() || !b.isValid())
        return a.isValid() == b.isValid();
    return a == b;
}

QVariant columnValue(const FieldSpec &spec, const QVariant &v)
{
    if (!v.isValid())
        return QVariant(QMetaType(spec.type == FieldType::Bool || spec.type == FieldType::Int ? QMetaType::LongLong
                                                                                               : QMetaType::QString));
    switch (spec.type) {
    case FieldType::Date:
        return formatDate(v.toDate());
    case FieldType::Instant:
        return formatInstant(v.toDateTime());
    case FieldType::Bool:
        return v.toBool() ? 1 : 0;
    case FieldType::Int:
        return v.toLongLong();
    case FieldType::Set:
        return columns::encodeSet(v.toStringList(), spec);
    case FieldType::TextList:
        return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(v.toStringList())).toJson(QJsonDocument::Compact));
    default:
        return v.toString();
    }
}

QVariant fromColumn(const FieldSpec &spec, const QVariant &c)
{
    if (c.isNull())
        return {};
    switch (spec.type) {
    case FieldType::Date:
        return parseDate(c.toString());
    case FieldType::Instant:
        return parseInstant(c.toString());
    case FieldType::Bool:
        return c.toLongLong() != 0;
    case FieldType::Int:
        return c.toLongLong();
    case FieldType::Set:
        return columns::decodeSet(c.toString());
    case FieldType::TextList: {
        QStringList out;
        for (const auto &x : QJsonDocument::fromJson(c.toString().toUtf8()).array())
            out << x.toString();
        return out;
    }
    default:
        return c.toString();
    }
}

QVariant fromPlain(const FieldSpec &spec, const QString &plain)
{
    if (spec.type == FieldType::Bool)
        return plain == QLatin1String("true");
    return plain;
}

QString stampsJson(const QMap<QString, Hlc> &stamps)
{
    QJsonObject o;
    for (auto it = stamps.cbegin(); it != stamps.cend(); ++it)
        o.insert(it.key(), it.value().toString());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QMap<QString, Hlc> parseStamps(const QString &json)
{
    QMap<QString, Hlc> out;
    for (const auto &[field, stamp] : columns::parseFlatObject(json)) {
        if (auto h = Hlc::parse(stamp))
            out.insert(field, *h);
    }
    return out;
}

/// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
QString jsonString(const QString &s)
{
    QString out;
    out.reserve(s.size() + 2);
    out += u'"';
    for (QChar c : s) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        if (c.unicode() < 0x20)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += u'"';
    return out;
}

QString tail4(const QString &s)
{
    return s.size() >= 4 ? s.right(4) : QString();
}

} // namespace

QVariant columns::fromColumn(const FieldSpec &spec, const QVariant &column)
{
    return lanxin::fromColumn(spec, column);
}

QVariant columns::fromPlain(const FieldSpec &spec, const QString &plain)
{
    return lanxin::fromPlain(spec, plain);
}

QVariant wireValue(const StoredRecord &record, const QString &wireField)
{
    if (wireField == QLatin1String(kDeleted))
        return record.deleted;
    if (wireField == QLatin1String(kCreatedAt))
        return record.createdAt.isValid() ? QVariant(record.createdAt) : QVariant();
    if (auto member = setMember(record.kind, wireField))
        return record.values.value(QLatin1String(member->set->name)).toStringList().contains(member->member);
    return record.values.value(wireField);
}

Hlc greatestStamp(const QMap<QString, Hlc> &stamps)
{
    Hlc greatest;
    for (const Hlc &h : stamps)
        greatest = std::max(greatest, h);
    return greatest;
}

RecordStore::RecordStore(Database &db, const FieldCipher &cipher, HlcClock &hlc, const Clock &clock)
    : m_db(db)
    , m_cipher(cipher)
    , m_hlc(hlc)
    , m_clock(clock)
{
    if (auto last = Hlc::parse(m_db.meta(QStringLiteral("hlc_last"))))
        m_hlc.restore(*last);
    m_hlc.setOffsetMs(m_db.meta(QStringLiteral("clock_offset_ms")).toLongLong());
    m_hlcEpoch = m_db.meta(QStringLiteral("hlc_epoch"));
}

Result<void> RecordStore::refreshShared()
{
    QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT key, value FROM meta WHERE key IN "
                                               "('hlc_last', 'hlc_epoch', 'clock_offset_ms', 'station_code')"));
    if (!Database::run(q, {}))
        return Database::queryError(q, QStringLiteral("meta"));
    QString epoch;
    std::optional<Hlc> last;
    while (q.next()) {
        const QString key = q.value(0).toString();
        if (key == QLatin1String("hlc_last"))
            last = Hlc::parse(q.value(1).toString());
        else if (key == QLatin1String("hlc_epoch"))
            epoch = q.value(1).toString();
        else if (key == QLatin1String("clock_offset_ms"))
            m_hlc.setOffsetMs(q.value(1).toLongLong());
        else if (key == QLatin1String("station_code"))
            m_stationId = q.value(1).toString();
    }
    if (last) {
        // Another connection rewound the clock after a clock_ahead refusal: follow it down.
        if (epoch != m_hlcEpoch)
            m_hlc.resetTo(*last);
        else
            m_hlc.restore(*last);
    }
    m_hlcEpoch = epoch;
    return {};
}

Result<StoredRecord> RecordStore::create(Kind kind, const QVariantMap &values, const QString &id)
{
    return save(kind, id.isEmpty() ? newRecordId(m_clock) : id, values, Create);
}

Result<StoredRecord> RecordStore::update(Kind kind, const QString &id, const QVariantMap &changes)
{
    return save(kind, id, changes, Update);
}

Result<StoredRecord> RecordStore::upsert(Kind kind, const QString &id, const QVariantMap &values)
{
    return save(kind, id, values, Upsert);
}

ValidationContext RecordStore::contextFor(Kind kind, const QVariantMap &values)
{
    ValidationContext ctx;
    ctx.today = m_clock.today();
    if (kind == Kind::ScreeningReferral || kind == Kind::FamilyVisit) {
        if (auto r = get(Kind::Resident, values.value(QStringLiteral("resident_id")).toString())) {
            ctx.residentBirthDate = r->value("birth_date").toDate();
            ctx.residentGuardianName = r->text("guardian_name");
        }
    }
    return ctx;
}

Result<StoredRecord> RecordStore::save(Kind kind, const QString &id, const QVariantMap &changes, int mode)
{
    m_lastFieldErrors.clear();
    const KindSpec &spec = kindSpec(kind);
    if (spec.reference)
        return Error{QStringLiteral("read_only_kind"),
                     bilingual(QStringLiteral("参考数据只能由区里修改"), QStringLiteral("Reference data is read-only"))};

    std::optional<StoredRecord> result;
    bool wrote = false;
    auto r = m_db.transaction([&]() -> Result<void> {
        if (auto fresh = refreshShared(); !fresh)
            return fresh;
        const std::optional<StoredRecord> current = get(kind, id);
        if (mode == Create && current)
            return Error{QStringLiteral("exists"), bilingual(QStringLiteral("记录已存在"), QStringLiteral("The record already exists"))};
        if (mode == Update && (!current || current->deleted))
            return Error{QStringLiteral("not_found"),
                         bilingual(QStringLiteral("记录不存在或已删除"), QStringLiteral("The record does not exist or was deleted"))};
        const bool creating = !current;

        // The full state after the change, for validation; the writes for what actually changed.
        QVariantMap merged = current ? current->values : QVariantMap();
        QVariantMap normalized;
        for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
            const FieldSpec *f = fieldSpec(kind, it.key());
            if (!f) {
                m_lastFieldErrors << FieldError{it.key(), QStringLiteral("unknown_field"),
                                                QStringLiteral("未知字段 %1").arg(it.key()),
                                                QStringLiteral("Unknown field %1").arg(it.key())};
                continue;
            }
            // Keep the caller's raw value for validation when it does not parse (e.g. a malformed date).
            QVariant n = normalize(*f, it.value());
            const bool unparsable = it.value().isValid() && !it.value().toString().isEmpty() && !n.isValid()
                && (f->type == FieldType::Date || f->type == FieldType::Instant);
            merged.insert(it.key(), unparsable ? it.value() : n);
            normalized.insert(it.key(), n);
        }
        if (!m_lastFieldErrors.isEmpty())
            return Error{QStringLiteral("invalid_field"), m_lastFieldErrors.first().bilingualMessage()};
        for (auto it = merged.begin(); it != merged.end();) {
            it = it->isValid() ? std::next(it) : merged.erase(it);
        }
        m_lastFieldErrors = validateRecord(kind, merged, contextFor(kind, merged));
        if (!m_lastFieldErrors.isEmpty())
            return Error{m_lastFieldErrors.first().code, m_lastFieldErrors.first().bilingualMessage()};

        QList<FieldWrite> writes;
        const Hlc saved = m_hlc.now(); // one save, one stamp for every field it writes
        for (auto it = normalized.cbegin(); it != normalized.cend(); ++it) {
            const FieldSpec *f = fieldSpec(kind, it.key());
            const QVariant old = current ? current->values.value(it.key()) : QVariant();
            if (f->type == FieldType::Set) {
                const QStringList before = old.toStringList();
                const QStringList after = it.value().toStringList();
                for (const char *m : f->values) {
                    const bool had = before.contains(QLatin1String(m));
                    const bool has = after.contains(QLatin1String(m));
                    if (had != has)
                        writes << FieldWrite{it.key() + u'.' + QLatin1String(m), has, saved};
                }
            } else if (creating ? it.value().isValid() : !sameValue(old, it.value())) {
                writes << FieldWrite{it.key(), it.value(), saved};
            }
        }
        if (creating)
            writes.prepend(FieldWrite{QLatin1String(kCreatedAt), m_clock.now(), saved});
        if (current && current->deleted && mode == Upsert)
            writes << FieldWrite{QLatin1String(kDeleted), false, saved};
        if (writes.isEmpty()) {
            result = current;
            return {};
        }

        const QString station = current && !current->stationId.isEmpty() ? current->stationId : m_stationId;
        StoredRecord written;
        if (auto w = writeFields(kind, id, station, current, writes, &written); !w)
            return w;
        if (auto q = queueOutbox(kind, id, writes, creating); !q)
            return q;
        if (auto a = audit(creating ? QStringLiteral("create") : QStringLiteral("update"), kind, id); !a)
            return a;
        result = std::move(written);
        wrote = true;
        return {};
    });
    if (!r)
        return r.error();
    if (wrote && m_writeListener)
        m_writeListener();
    return *result;
}

Result<void> RecordStore::remove(Kind kind, const QString &id)
{
    bool wrote = false;
    auto r = m_db.transaction([&]() -> Result<void> {
        if (auto fresh = refreshShared(); !fresh)
            return fresh;
        const auto current = get(kind, id);
        if (!current)
            return Error{QStringLiteral("not_found"), bilingual(QStringLiteral("记录不存在"), QStringLiteral("No such record"))};
        if (current->deleted)
            return {};
        const QList<FieldWrite> writes{FieldWrite{QLatin1String(kDeleted), true, m_hlc.now()}};
        if (auto w = writeFields(kind, id, current->stationId, current, writes); !w)
            return w;
        if (auto q = queueOutbox(kind, id, writes, false); !q)
            return q;
        wrote = true;
        return audit(QStringLiteral("delete"), kind, id);
    });
    if (r && wrote && m_writeListener)
        m_writeListener();
    return r;
}

Result<MergeOutcome> RecordStore::merge(Kind kind, const QString &id, const QString &stationId,
                                        const QList<FieldWrite> &writes, QList<SupersededEdit> *superseded)
{
    MergeOutcome outcome = MergeOutcome::Unchanged;
    auto r = m_db.transaction([&]() -> Result<void> {
        if (auto fresh = refreshShared(); !fresh)
            return fresh;
        const auto current = get(kind, id);
        QList<FieldWrite> accepted;
        for (const FieldWrite &w : writes) {
            m_hlc.observe(w.stamp);
            if (!current || !current->stamps.contains(w.field) || current->stamps.value(w.field) < w.stamp)
                accepted << w;
        }
        if (accepted.isEmpty())
            return {};
        if (superseded && current) {
            // An edit of ours that another writer's newer stamp replaces with a different value.
            for (const FieldWrite &w : std::as_const(accepted)) {
                const Hlc local = current->stamps.value(w.field);
                if (!current->stamps.contains(w.field) || local.node != m_hlc.node() || w.stamp.node == m_hlc.node()
                    || w.field == QLatin1String(kCreatedAt))
                    continue;
                const QVariant mine = wireValue(*current, w.field);
                QVariant theirs = w.value;
                if (const FieldSpec *f = fieldSpec(kind, w.field); f && !setMember(kind, w.field))
                    theirs = normalize(*f, w.value);
                else if (w.field == QLatin1String(kDeleted) || setMember(kind, w.field))
                    theirs = w.value.isValid() ? QVariant(w.value.toBool()) : QVariant(false);
                if (!sameValue(mine, theirs))
                    superseded->append(SupersededEdit{w.field, mine, local, theirs, w.stamp});
            }
        }
        outcome = MergeOutcome::Applied;
        if (auto w = writeFields(kind, id, current ? current->stationId : stationId, current, accepted); !w)
            return w;
        // A queued local write that the merged value superseded has nothing left to say.
        auto open = openEntry(kind, id);
        if (!open)
            return open.error();
        if (open->seq >= 0) {
            const qint64 seq = open->seq;
            QJsonObject fields = QJsonDocument::fromJson(open->fields.toUtf8()).object();
            for (const FieldWrite &w : accepted) {
                const auto queued = Hlc::parse(fields.value(w.field).toString());
                if (queued && *queued < w.stamp)
                    fields.remove(w.field);
            }
            QSqlQuery &u = fields.isEmpty() ? m_db.prepared(QStringLiteral("DELETE FROM outbox WHERE seq = ?"))
                                           : m_db.prepared(QStringLiteral("UPDATE outbox SET fields = ? WHERE seq = ?"));
            const QVariantList binds = fields.isEmpty()
                ? QVariantList{seq}
                : QVariantList{QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)), seq};
            if (!Database::run(u, binds))
                return Database::queryError(u, QStringLiteral("outbox"));
        }
        return {};
    });
    if (!r)
        return r.error();
    return outcome;
}

Result<QList<FieldWrite>> RecordStore::restamp(Kind kind, const QString &id, const QMap<QString, Hlc> &carried)
{
    QList<FieldWrite> writes;
    auto r = m_db.transaction([&]() -> Result<void> {
        if (auto fresh = refreshShared(); !fresh)
            return fresh;
        const auto current = get(kind, id);
        if (!current)
            return {};
        const Hlc restamped = m_hlc.now(); // one write, one stamp, as a save
        for (auto it = carried.cbegin(); it != carried.cend(); ++it) {
            if (current->stamps.value(it.key()) == it.value())
                writes << FieldWrite{it.key(), wireValue(*current, it.key()), restamped};
        }
        if (writes.isEmpty())
            return {};
        return writeFields(kind, id, current->stationId, current, writes);
    });
    if (!r)
        return r.error();
    return writes;
}

QList<StoredRecord> RecordStore::getMany(Kind kind, const QStringList &ids)
{
    if (ids.isEmpty())
        return {};
    QVariantList binds;
    for (const QString &id : ids)
        binds << id;
    return select(kind, QStringLiteral("id IN (%1)").arg(QStringList(ids.size(), QStringLiteral("?")).join(u',')),
                  binds, {}, Page{0, static_cast<int>(ids.size())});
}

namespace {

/// A record's receipt term (xorReceiptTerm) as bytes.
QByteArray digestOf(const QString &id, const Hlc &greatest)
{
    std::array<quint8, 32> term{};
    xorReceiptTerm(term, id, greatest);
    return QByteArray(reinterpret_cast<const char *>(term.data()), static_cast<qsizetype>(term.size()));
}

void xorInto(QByteArray &acc, const QByteArray &h)
{
    if (acc.size() != h.size())
        acc = QByteArray(h.size(), '\0');
    for (qsizetype i = 0; i < h.size(); ++i)
        acc[i] = static_cast<char>(acc[i] ^ h[i]);
}

bool isRecordKind(Kind kind)
{
    return !kindSpec(kind).reference;
}

} // namespace

Result<void> RecordStore::updateDigest(Kind kind, const QString &id, const std::optional<StoredRecord> &current,
                                       const QString &stationId, const Hlc &greatest)
{
    if (!isRecordKind(kind))
        return {};
    // XOR is its own inverse: take the record's old term out and put its new one in.
    struct Change
    {
        QString station;
        QByteArray term;
        int count;
    };
    QList<Change> changes;
    if (current)
        changes << Change{current->stationId, digestOf(id, greatestStamp(current->stamps)), -1};
    changes << Change{stationId, digestOf(id, greatest), 1};
    for (const Change &c : std::as_const(changes)) {
        QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT count, digest FROM receipt_digest WHERE kind = ? AND station_id = ?"));
        const QString station = c.station.isEmpty() ? QStringLiteral("") : c.station; // never NULL
        if (!Database::run(q, {kindName(kind), station}))
            return Database::queryError(q, QStringLiteral("receipt"));
        int count = 0;
        QByteArray digest(32, '\0');
        if (q.next()) {
            count = q.value(0).toInt();
            digest = q.value(1).toByteArray();
        }
        q.finish();
        xorInto(digest, c.term);
        QSqlQuery &u = m_db.prepared(
            QStringLiteral("INSERT INTO receipt_digest (kind, station_id, count, digest) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (kind, station_id) DO UPDATE SET count = excluded.count, "
                           "digest = excluded.digest"));
        if (!Database::run(u, {kindName(kind), station, count + c.count, digest}))
            return Database::queryError(u, QStringLiteral("receipt"));
    }
    return {};
}

QList<FieldError> RecordStore::checkNew(Kind kind, const QVariantMap &values)
{
    // The create path of save(), without its reads: normalise, keep an unparsable date raw for the
    // validator's message, drop nulls, validate.
    QList<FieldError> errors;
    QVariantMap merged;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const FieldSpec *f = fieldSpec(kind, it.key());
        if (!f) {
            errors << FieldError{it.key(), QStringLiteral("unknown_field"), QStringLiteral("未知字段 %1").arg(it.key()),
                                 QStringLiteral("Unknown field %1").arg(it.key())};
            continue;
        }
        const QVariant n = normalize(*f, it.value());
        const bool unparsable = it.value().isValid() && !it.value().toString().isEmpty() && !n.isValid()
            && (f->type == FieldType::Date || f->type == FieldType::Instant);
        if (unparsable)
            merged.insert(it.key(), it.value());
        else if (n.isValid())
            merged.insert(it.key(), n);
    }
    if (!errors.isEmpty())
        return errors;
    return validateRecord(kind, merged, contextFor(kind, merged));
}

Result<QStringList> RecordStore::insertMany(Kind kind, const QList<QVariantMap> &records)
{
    const KindSpec &spec = kindSpec(kind);
    if (spec.reference)
        return Error{QStringLiteral("read_only_kind"),
                     bilingual(QStringLiteral("参考数据只能由区里修改"), QStringLiteral("Reference data is read-only"))};
    QStringList ids;
    if (records.isEmpty())
        return ids;
    ids.reserve(records.size());
    auto r = m_db.transaction([&]() -> Result<void> {
        ids.clear();
        if (auto fresh = refreshShared(); !fresh)
            return fresh;
        const QString station = m_stationId;
        const QString now = formatInstant(m_clock.now());
        // The side tables' rows as JSON arrays for json_each, written directly (QJsonDocument cost
        // more than the inserts): outbox [[id, fields], ...], name characters [[ch, id], ...], ids.
        QString outbox = QStringLiteral("[");
        QString nameChars = QStringLiteral("[");
        QString idList = QStringLiteral("[");
        QByteArray digest(32, '\0');
        QString insertSql;
        for (const QVariantMap &given : records) {
            const QString id = newRecordId(m_clock);
            // The writes create() makes: every valid field (set members one by one), then created_at.
            QVariantMap values;
            Hlc greatest;
            QString fields = QStringLiteral("{");
            const Hlc h = m_hlc.now(); // one record, one stamp for every field it is created with
            auto stamp = [&](const QString &field) {
                greatest = std::max(greatest, h);
                if (fields.size() > 1)
                    fields += u',';
                fields += u'"' + field + QStringLiteral("\":\"") + h.toString() + u'"';
            };
            for (auto it = given.cbegin(); it != given.cend(); ++it) {
                const FieldSpec *f = fieldSpec(kind, it.key());
                if (!f)
                    return Error{QStringLiteral("invalid_field"), bilingual(QStringLiteral("未知字段 %1").arg(it.key()),
                                                                            QStringLiteral("Unknown field %1").arg(it.key()))};
                const QVariant v = normalize(*f, it.value());
                if (!v.isValid())
                    continue;
                if (f->type == FieldType::Set) {
                    const QStringList members = v.toStringList();
                    QStringList kept;
                    for (const char *m : f->values) {
                        if (members.contains(QLatin1String(m))) {
                            stamp(it.key() + u'.' + QLatin1String(m));
                            kept << QLatin1String(m);
                        }
                    }
                    values.insert(it.key(), kept);
                } else {
                    stamp(it.key());
                    values.insert(it.key(), v);
                }
            }
            const QDateTime createdAt = m_clock.now();
            stamp(QLatin1String(kCreatedAt));
            fields += u'}';

            QStringList cols;
            QVariantList binds;
            // Every field of a new record is written, so its stamps column is its outbox entry: the
            // same flat {"field":"stamp"} object (readers parse it, its member order is free).
            rowColumns(kind, id, station, values, {}, createdAt, false, greatest, cols, binds);
            Q_ASSERT(cols.at(5) == QLatin1String("stamps"));
            binds[5] = fields;
            if (insertSql.isEmpty())
                insertSql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                .arg(table(kind), cols.join(u','), QStringList(cols.size(), QStringLiteral("?")).join(u','));
            QSqlQuery &q = m_db.prepared(insertSql);
            if (!Database::run(q, binds))
                return Database::queryError(q, kindName(kind));
            xorInto(digest, digestOf(id, greatest));
            const QString sep = ids.isEmpty() ? QString() : QStringLiteral(",");
            outbox += sep + QStringLiteral("[\"") + id + QStringLiteral("\",") + jsonString(fields) + u']';
            idList += sep + u'"' + id + u'"';
            if (kind == Kind::Resident) {
                const QString name = values.value(QStringLiteral("name")).toString();
                for (qsizetype i = 0; i < name.size(); ++i) {
                    const qsizetype len = name.at(i).isHighSurrogate() && i + 1 < name.size() ? 2 : 1;
                    if (nameChars.size() > 1)
                        nameChars += u',';
                    nameChars += u'[' + jsonString(name.mid(i, len)) + QStringLiteral(",\"") + id + QStringLiteral("\"]");
                    i += len - 1;
                }
            }
            ids << id;
        }
        outbox += u']';
        nameChars += u']';
        idList += u']';
        // The side tables, set-wise: one statement each for all the records.
        if (nameChars.size() > 2) {
            QSqlQuery &n = m_db.prepared(QStringLiteral(
                "INSERT OR IGNORE INTO resident_name_char (ch, id) "
                "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)"));
            if (!Database::run(n, {nameChars}))
                return Database::queryError(n, QStringLiteral("resident_name_char"));
        }
        QSqlQuery &last = m_db.prepared(QStringLiteral("SELECT coalesce(max(seq), 0) FROM outbox"));
        if (!Database::run(last, {}) || !last.next())
            return Database::queryError(last, QStringLiteral("outbox"));
        const qint64 before = last.value(0).toLongLong();
        last.finish();
        QSqlQuery &o = m_db.prepared(QStringLiteral(
            "INSERT INTO outbox (kind, record_id, fields, queued_at) "
            "SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ? FROM json_each(?) ORDER BY key"));
        if (!Database::run(o, {kindName(kind), now, outbox}))
            return Database::queryError(o, QStringLiteral("outbox"));
        // Each new record names its entry: the entries just made are the ones after `before`.
        QSqlQuery &link = m_db.prepared(QStringLiteral("UPDATE %1 SET open_seq = o.seq FROM outbox o "
                                                       "WHERE o.seq > ? AND o.record_id = %1.id").arg(table(kind)));
        if (!Database::run(link, {before}))
            return Database::queryError(link, kindName(kind));
        // One audit entry per record, as create() writes it (who, what, when, which device; no values).
        QSqlQuery &a = m_db.prepared(QStringLiteral(
            "INSERT INTO audit_log (at, device_id, staff_id, action, kind, record_id, detail) "
            "SELECT ?, ?, ?, 'create', ?, value, NULL FROM json_each(?) ORDER BY key"));
        const QVariant null{QMetaType(QMetaType::QString)};
        if (!Database::run(a, {now, m_hlc.node(), m_actor.isEmpty() ? null : QVariant(m_actor), kindName(kind), idList}))
            return Database::queryError(a, QStringLiteral("audit"));
        // The receipt digest: the XOR of the new records' terms folded in once.
        const QString digestStation = station.isEmpty() ? QStringLiteral("") : station; // never NULL
        QSqlQuery &d = m_db.prepared(QStringLiteral("SELECT count, digest FROM receipt_digest WHERE kind = ? AND station_id = ?"));
        if (!Database::run(d, {kindName(kind), digestStation}))
            return Database::queryError(d, QStringLiteral("receipt"));
        int count = 0;
        if (d.next()) {
            count = d.value(0).toInt();
            xorInto(digest, d.value(1).toByteArray());
        }
        d.finish();
        QSqlQuery &u = m_db.prepared(
            QStringLiteral("INSERT INTO receipt_digest (kind, station_id, count, digest) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (kind, station_id) DO UPDATE SET count = excluded.count, "
                           "digest = excluded.digest"));
        if (!Database::run(u, {kindName(kind), digestStation, count + static_cast<int>(ids.size()), digest}))
            return Database::queryError(u, QStringLiteral("receipt"));
        return m_db.setMeta(QStringLiteral("hlc_last"), m_hlc.last().toString());
    });
    if (!r)
        return r.error();
    return ids;
}

Result<void> RecordStore::rebuildReceiptDigests()
{
    if (auto d = m_db.exec(QStringLiteral("DELETE FROM receipt_digest")); !d)
        return d;
    for (Kind kind : recordKinds()) {
        QMap<QString, QPair<int, QByteArray>> perStation;
        QSqlQuery q(m_db.db());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id, coalesce(station_id, ''), stamps FROM %1").arg(kindName(kind))))
            return Database::queryError(q, QStringLiteral("receipt"));
        while (q.next()) {
            auto &entry = perStation[q.value(1).toString()];
            ++entry.first;
            xorInto(entry.second, digestOf(q.value(0).toString(), greatestStamp(parseStamps(q.value(2).toString()))));
        }
        for (auto it = perStation.cbegin(); it != perStation.cend(); ++it) {
            QSqlQuery u(m_db.db());
            u.prepare(QStringLiteral("INSERT INTO receipt_digest (kind, station_id, count, digest) VALUES (?, ?, ?, ?)"));
            u.addBindValue(kindName(kind));
            u.addBindValue(it.key());
            u.addBindValue(it.value().first);
            u.addBindValue(it.value().second);
            if (!u.exec())
                return Database::queryError(u, QStringLiteral("receipt"));
        }
    }
    return {};
}

Result<void> RecordStore::writeFields(Kind kind, const QString &id, const QString &stationId,
                                      const std::optional<StoredRecord> &current, const QList<FieldWrite> &writes,
                                      StoredRecord *written)
{
    const KindSpec &spec = kindSpec(kind);
    QVariantMap values = current ? current->values : QVariantMap();
    QMap<QString, Hlc> stamps = current ? current->stamps : QMap<QString, Hlc>();
    bool deleted = current && current->deleted;
    QDateTime createdAt = current ? current->createdAt : QDateTime();

    for (const FieldWrite &w : writes) {
        stamps.insert(w.field, w.stamp);
        if (w.field == QLatin1String(kDeleted)) {
            deleted = w.value.toBool();
        } else if (w.field == QLatin1String(kCreatedAt)) {
            createdAt = w.value.toDateTime();
        } else if (auto member = setMember(kind, w.field)) {
            const QString set = QLatin1String(member->set->name);
            QStringList list = values.value(set).toStringList();
            list.removeAll(member->member);
            if (w.value.toBool())
                list << member->member;
            values.insert(set, list);
        } else if (const FieldSpec *f = fieldSpec(kind, w.field)) {
            values.insert(w.field, normalize(*f, w.value));
        }
    }

    const Hlc greatest = greatestStamp(stamps);
    if (auto d = updateDigest(kind, id, current, stationId, greatest); !d)
        return d;

    QStringList cols;
    QVariantList binds;
    rowColumns(kind, id, stationId, values, stamps, createdAt, deleted, greatest, cols, binds);

    QString &sql = m_upsertSql[static_cast<int>(kind)]; // the same columns every time: built once
    if (sql.isEmpty()) {
        QStringList updates;
        for (const QString &c : std::as_const(cols).mid(1))
            updates << c + QStringLiteral(" = excluded.") + c;
        sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (id) DO UPDATE SET %4")
                  .arg(table(kind), cols.join(u','), QStringList(cols.size(), QStringLiteral("?")).join(u','),
                       updates.join(u','));
    }
    QSqlQuery &q = m_db.prepared(sql);
    if (!Database::run(q, binds))
        return Database::queryError(q, kindName(kind));
    if (kind == Kind::Resident && (!current || current->text("name") != values.value(QStringLiteral("name")).toString())) {
        if (auto r = indexNameCharacters(id, values.value(QStringLiteral("name")).toString(), current.has_value()); !r)
            return r;
    }
    if (written) {
        // The record as a later get() would read it back (sets in schema order, nulls absent).
        for (const FieldSpec &f : spec.fields) {
            const QString name = QString::fromLatin1(f.name);
            if (f.type == FieldType::Set && values.contains(name))
                values.insert(name, columns::decodeSet(columns::encodeSet(values.value(name).toStringList(), f)));
            if (values.contains(name) && (!values.value(name).isValid()
                                          || (f.type == FieldType::Set && values.value(name).toStringList().isEmpty())))
                values.remove(name);
        }
        *written = StoredRecord{kind, id, stationId, values, stamps, createdAt,
                                QDateTime::fromMSecsSinceEpoch(greatest.ms, Qt::UTC), deleted};
    }
    return m_db.setMeta(QStringLiteral("hlc_last"), m_hlc.last().toString());
}

void RecordStore::rowColumns(Kind kind, const QString &id, const QString &stationId, const QVariantMap &values,
                             const QMap<QString, Hlc> &stamps, const QDateTime &createdAt, bool deleted,
                             const Hlc &greatest, QStringList &cols, QVariantList &binds) const
{
    const KindSpec &spec = kindSpec(kind);
    cols = QStringList{QStringLiteral("id"), QStringLiteral("station_id"), QStringLiteral("created_at"),
                       QStringLiteral("updated_at"), QStringLiteral("deleted"), QStringLiteral("stamps")};
    binds = QVariantList{id, stationId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(stationId),
                         createdAt.isValid() ? QVariant(formatInstant(createdAt)) : QVariant(QMetaType(QMetaType::QString)),
                         formatInstant(QDateTime::fromMSecsSinceEpoch(greatest.ms, Qt::UTC)), deleted ? 1 : 0,
                         stampsJson(stamps)};
    for (const FieldSpec &f : spec.fields) {
        cols << QLatin1String(f.name);
        const QVariant v = values.value(QLatin1String(f.name));
        if (f.sensitive) {
            binds << (v.isValid() ? QVariant(m_cipher.encrypt(id, QString::fromLatin1(f.name), columns::sensitivePlain(v)))
                                  : QVariant(QMetaType(QMetaType::QByteArray)));
        } else {
            binds << columnValue(f, v);
        }
    }
    if (kind == Kind::Resident) {
        // Search keys: pinyin of the name, and keyed hashes of the ID and phone numbers and their tails.
        const QString name = values.value(QStringLiteral("name")).toString();
        const QString idNumber = values.value(QStringLiteral("id_number")).toString();
        const QString phone = values.value(QStringLiteral("phone")).toString();
        auto bidx = [&](const char *purpose, const QString &value) {
            return value.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray))
                                   : QVariant(m_cipher.blindIndex(QString::fromLatin1(purpose), value));
        };
        cols << QStringLiteral("name_pinyin") << QStringLiteral("name_initials") << QStringLiteral("id_bidx")
             << QStringLiteral("id_tail_bidx") << QStringLiteral("phone_bidx") << QStringLiteral("phone_tail_bidx");
        binds << pinyin::full(name) << pinyin::initials(name) << bidx("id_number", idNumber)
              << bidx("id_tail", tail4(idNumber)) << bidx("phone", phone) << bidx("phone_tail", tail4(phone));
    }
}

Result<void> RecordStore::indexNameCharacters(const QString &id, const QString &name, bool existed)
{
    QSqlQuery &del = m_db.prepared(QStringLiteral("DELETE FROM resident_name_char WHERE id = ?"));
    if (existed && !Database::run(del, {id}))
        return Database::queryError(del, QStringLiteral("resident_name_char"));
    QSqlQuery &ins = m_db.prepared(QStringLiteral("INSERT OR IGNORE INTO resident_name_char (ch, id) VALUES (?, ?)"));
    for (qsizetype i = 0; i < name.size(); ++i) {
        const qsizetype len = name.at(i).isHighSurrogate() && i + 1 < name.size() ? 2 : 1;
        if (!Database::run(ins, {name.mid(i, len), id}))
            return Database::queryError(ins, QStringLiteral("resident_name_char"));
        i += len - 1;
    }
    return {};
}

Result<void> RecordStore::queueOutbox(Kind kind, const QString &id, const QList<FieldWrite> &writes, bool created)
{
    // A record created just now has no open outbox entry and no rejection waiting: skip both lookups.
    QJsonObject fields;
    qint64 seq = -1;
    if (!created) {
        auto open = openEntry(kind, id);
        if (!open)
            return open.error();
        seq = open->seq;
        if (seq >= 0)
            fields = QJsonDocument::fromJson(open->fields.toUtf8()).object();
    }
    for (const FieldWrite &w : writes)
        fields.insert(w.field, w.stamp.toString());

    // The district rejected this record and it waits for staff: this edit re-queues it, whole, since
    // nothing of a rejected record was stored there.
    bool rejected = false;
    if (!created) {
        QSqlQuery &p = m_db.prepared(QStringLiteral("SELECT count(*) FROM sync_problem WHERE record_id = ?"));
        if (!Database::run(p, {id}) || !p.next())
            return Database::queryError(p, QStringLiteral("sync_problem"));
        rejected = p.value(0).toInt() > 0;
        p.finish();
    }
    if (rejected) {
        if (const auto current = get(kind, id)) {
            for (auto it = current->stamps.cbegin(); it != current->stamps.cend(); ++it) {
                if (!fields.contains(it.key()))
                    fields.insert(it.key(), it.value().toString());
            }
        }
        QSqlQuery d(m_db.db());
        d.prepare(QStringLiteral("DELETE FROM sync_problem WHERE record_id = ?"));
        d.addBindValue(id);
        if (!d.exec())
            return Database::queryError(d, QStringLiteral("sync_problem"));
    }
    const QString json = QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));

    QSqlQuery &w = seq >= 0
        ? m_db.prepared(QStringLiteral("UPDATE outbox SET fields = ? WHERE seq = ?"))
        : m_db.prepared(QStringLiteral("INSERT INTO outbox (kind, record_id, fields, queued_at) VALUES (?, ?, ?, ?)"));
    const QVariantList binds = seq >= 0 ? QVariantList{json, seq}
                                        : QVariantList{kindName(kind), id, json, formatInstant(m_clock.now())};
    if (!Database::run(w, binds))
        return Database::queryError(w, QStringLiteral("outbox"));
    if (seq >= 0)
        return {};
    return setOpenEntry(kind, id, w.lastInsertId().toLongLong());
}

Result<OpenOutboxEntry> RecordStore::openEntry(Kind kind, const QString &id)
{
    QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT o.seq, o.fields FROM outbox o WHERE o.seq = "
                                                "(SELECT open_seq FROM %1 WHERE id = ?)")
                                     .arg(table(kind)));
    if (!Database::run(q, {id}))
        return Database::queryError(q, QStringLiteral("outbox"));
    OpenOutboxEntry open;
    if (q.next())
        open = OpenOutboxEntry{q.value(0).toLongLong(), q.value(1).toString()};
    q.finish();
    return open;
}

Result<void> RecordStore::setOpenEntry(Kind kind, const QString &id, qint64 seq)
{
    QSqlQuery &q = m_db.prepared(QStringLiteral("UPDATE %1 SET open_seq = ? WHERE id = ?").arg(table(kind)));
    if (!Database::run(q, {seq, id}))
        return Database::queryError(q, kindName(kind));
    return {};
}

Result<void> RecordStore::audit(const QString &action, Kind kind, const QString &recordId, const QString &detail)
{
    QSqlQuery &q = m_db.prepared(QStringLiteral("INSERT INTO audit_log (at, device_id, staff_id, action, kind, record_id, "
                                               "detail) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    const QVariant null{QMetaType(QMetaType::QString)};
    if (!Database::run(q, {formatInstant(m_clock.now()), m_hlc.node(), m_actor.isEmpty() ? null : QVariant(m_actor),
                           action, kindName(kind), recordId, detail.isEmpty() ? null : QVariant(detail)}))
        return Database::queryError(q, QStringLiteral("audit"));
    return {};
}

QList<StoredRecord> RecordStore::readRows(Kind kind, QSqlQuery &q, bool withStamps) const
{
    // Column positions once per query, not per row.
    const QSqlRecord rec = q.record();
    const int cId = rec.indexOf(QStringLiteral("id"));
    const int cStation = rec.indexOf(QStringLiteral("station_id"));
    const int cCreated = rec.indexOf(QStringLiteral("created_at"));
    const int cUpdated = rec.indexOf(QStringLiteral("updated_at"));
    const int cDeleted = rec.indexOf(QStringLiteral("deleted"));
    const int cStamps = rec.indexOf(QStringLiteral("stamps"));
    const auto fields = kindSpec(kind).fields;
    QVarLengthArray<int, 32> cols;
    QVarLengthArray<QString, 32> names;
    for (const FieldSpec &f : fields) {
        names.append(QString::fromLatin1(f.name));
        cols.append(rec.indexOf(names.back()));
    }

    QList<StoredRecord> out;
    while (q.next()) {
        StoredRecord r;
        r.kind = kind;
        r.id = q.value(cId).toString();
        r.stationId = q.value(cStation).toString();
        r.createdAt = parseInstant(q.value(cCreated).toString());
        r.updatedAt = parseInstant(q.value(cUpdated).toString());
        r.deleted = q.value(cDeleted).toInt() != 0;
        if (withStamps)
            r.stamps = parseStamps(q.value(cStamps).toString());
        for (qsizetype i = 0; i < static_cast<qsizetype>(fields.size()); ++i) {
            const FieldSpec &f = fields[static_cast<size_t>(i)];
            const QVariant c = q.value(cols[i]);
            if (c.isNull())
                continue;
            if (f.sensitive) {
                if (auto plain = m_cipher.decrypt(r.id, names[i], c.toByteArray()))
                    r.values.insert(names[i], fromPlain(f, *plain));
                else
                    qCWarning(lcStorage) << "cannot decrypt" << f.name << "of" << r.id;
            } else {
                r.values.insert(names[i], fromColumn(f, c));
            }
        }
        out << r;
    }
    q.finish();
    return out;
}

std::optional<StoredRecord> RecordStore::get(Kind kind, const QString &id)
{
    QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT * FROM %1 WHERE id = ?").arg(table(kind)));
    if (!Database::run(q, {id}))
        return std::nullopt;
    const auto rows = readRows(kind, q, true);
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

QList<StoredRecord> RecordStore::select(Kind kind, const QString &where, const QVariantList &binds,
                                        const QString &orderBy, Page page)
{
    QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT * FROM %1 WHERE %2%3 LIMIT ? OFFSET ?")
                                    .arg(table(kind), where.isEmpty() ? QStringLiteral("1") : where,
                                         orderBy.isEmpty() ? QString() : QStringLiteral(" ORDER BY ") + orderBy));
    QVariantList all = binds;
    all << page.limit << page.offset;
    if (!Database::run(q, all)) {
        qCWarning(lcStorage) << "select failed on" << kindName(kind) << q.lastError().text();
        return {};
    }
    return readRows(kind, q, true);
}

QList<StoredRecord> RecordStore::selectPage(Kind kind, const QString &idQuery, const QVariantList &binds, Page page)
{
    QSqlQuery &ids = m_db.prepared(idQuery);
    QVariantList all = binds;
    all << page.limit << page.offset;
    if (!Database::run(ids, all)) {
        qCWarning(lcStorage) << "search failed on" << kindName(kind) << ids.lastError().text();
        return {};
    }
    QJsonArray list;
    QHash<QString, int> order;
    while (ids.next()) {
        order.insert(ids.value(0).toString(), static_cast<int>(list.size()));
        list.append(ids.value(0).toString());
    }
    ids.finish();
    if (list.isEmpty())
        return {};
    QSqlQuery &q = m_db.prepared(
        QStringLiteral("SELECT * FROM %1 WHERE id IN (SELECT value FROM json_each(?))").arg(table(kind)));
    if (!Database::run(q, {QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact))}))
        return {};
    QList<StoredRecord> rows = readRows(kind, q, false);
    std::sort(rows.begin(), rows.end(),
              [&](const StoredRecord &a, const StoredRecord &b) { return order.value(a.id) < order.value(b.id); });
    return rows;
}

int RecordStore::count(Kind kind, const QString &where, const QVariantList &binds)
{
    QSqlQuery &q = m_db.prepared(
        QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(table(kind), where.isEmpty() ? QStringLiteral("1") : where));
    if (!Database::run(q, binds) || !q.next())
        return 0;
    const int n = q.value(0).toInt();
    q.finish();
    return n;
}

} // namespace lanxin
