#include "recordcodec.h"
#include "recordcodec_p.h"

#include "jsonwriter.h"
#include "wire.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/labels.h"

#include <QJsonArray>

#include <QVarLengthArray>

#include <algorithm>
#include <cmath>

namespace lanxin::protocol {
namespace detail {

namespace {

constexpr qsizetype kMaxShownName = 64;

const FieldSpec kCreatedAtSpec{kCreatedAt, FieldType::Instant};
const FieldSpec kDeletedSpec{kDeleted, FieldType::Bool};

} // namespace

QString shown(QStringView name)
{
    QString s = name.left(kMaxShownName).toString();
    for (QChar &c : s) {
        if (c.category() == QChar::Other_Control || c.isSurrogate())
            c = u'?';
    }
    return s;
}

RecordError unknownKindError(QStringView kindName)
{
    return RecordError::make(rec::UnknownKind, QString(), QStringLiteral("未知的记录类型：%1").arg(shown(kindName)));
}

RecordError invalidIdError()
{
    return RecordError::make(rec::InvalidField, QStringLiteral("id"), QStringLiteral("记录编号无效（应为小写的 UUID）"));
}

RecordError missingStationError()
{
    return RecordError::make(rec::MissingField, QStringLiteral("station_id"), QStringLiteral("缺少站点编码（station_id）"));
}

RecordError missingStampError(Kind kind, const QString &field)
{
    return RecordError::make(rec::MissingStamp, field, fieldLabelZh(kind, field) + QStringLiteral("缺少时间戳"));
}

RecordError badStampError(Kind kind, const QString &field)
{
    return RecordError::make(rec::MissingStamp, field, fieldLabelZh(kind, field) + QStringLiteral("的时间戳格式无效"));
}

RecordError stampWithoutFieldError(QStringView field)
{
    return RecordError::make(rec::MissingField, shown(field), QStringLiteral("有时间戳但没有字段值：%1").arg(shown(field)));
}

RecordError unknownFieldError(Kind kind, QStringView wireField)
{
    return RecordError::make(rec::UnknownField, shown(wireField),
        QStringLiteral("未知字段：%1（%2记录没有这个字段）").arg(shown(wireField), kindLabelZh(kind)));
}

RecordError wrongTypeError(Kind kind, QStringView field, const QString &expectedZh)
{
    return RecordError::make(rec::InvalidField, field.toString(),
        fieldLabelZh(kind, field) + QStringLiteral("的类型不正确（应为%1）").arg(expectedZh));
}

RecordError badDateError(Kind kind, QStringView field)
{
    return RecordError::make(rec::InvalidField, field.toString(),
        fieldLabelZh(kind, field) + QStringLiteral("不是有效日期（应为 yyyy-MM-dd）"));
}

RecordError badInstantError(Kind kind, QStringView field)
{
    return RecordError::make(rec::InvalidField, field.toString(),
        fieldLabelZh(kind, field) + QStringLiteral("不是有效时间（应为 UTC 毫秒格式，如 2026-11-28T02:15:00.000Z）"));
}

RecordError outOfRangeError(Kind kind, QStringView field)
{
    return RecordError::make(rec::InvalidField, field.toString(), fieldLabelZh(kind, field) + QStringLiteral("超出范围"));
}

RecordError wholeSetError(QStringView wireField)
{
    return RecordError::make(rec::UnknownField, shown(wireField),
        QStringLiteral("未知字段：%1（选项列表按成员逐项发送，如 %1.成员）").arg(shown(wireField)));
}

} // namespace detail

WireField lookupWireField(Kind kind, QStringView wireField)
{
    if (wireField == QLatin1String(kCreatedAt))
        return {&detail::kCreatedAtSpec, false};
    if (wireField == QLatin1String(kDeleted))
        return {&detail::kDeletedSpec, false};
    // Plain fields first (most writes): no schema name has a dot, so a set member is never one of them.
    if (const FieldSpec *f = fieldSpec(kind, wireField))
        return f->type != FieldType::Set ? WireField{f, false} : WireField{};
    if (auto m = setMember(kind, wireField))
        return {m->set, true};
    return {};
}

namespace {

using detail::shown;

/// A QJsonValue as decodeValueAs reads a value.
struct QtJson
{
    const QJsonValue &v;

    [[nodiscard]] bool isNull() const { return v.isNull(); }
    [[nodiscard]] bool isBool() const { return v.isBool(); }
    [[nodiscard]] bool toBool() const { return v.toBool(); }
    [[nodiscard]] bool isString() const { return v.isString(); }
    [[nodiscard]] QString toString() const { return v.toString(); }
    [[nodiscard]] QString stringView() const { return v.toString(); }
    [[nodiscard]] bool isDouble() const { return v.isDouble(); }
    [[nodiscard]] double toDouble() const { return v.toDouble(); }
    [[nodiscard]] qint64 toInteger(qint64 fallback) const { return v.toInteger(fallback); }
    [[nodiscard]] bool isArray() const { return v.isArray(); }
    [[nodiscard]] bool toStringList(QStringList *list) const
    {
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString())
                return false;
            *list << item.toString();
        }
        return true;
    }
};

} // namespace

Hlc WireRecord::greatestStamp() const
{
    Hlc g;
    for (const FieldWrite &w : writes)
        g = std::max(g, w.stamp);
    return g;
}

const FieldWrite *WireRecord::write(QStringView field) const
{
    for (const FieldWrite &w : writes) {
        if (w.field == field)
            return &w;
    }
    return nullptr;
}

RecordError RecordError::make(const char *code, const QString &field, const QString &message)
{
    return RecordError{QString::fromLatin1(code), field, message};
}

RecordError RecordError::fromFieldError(const FieldError &e)
{
    return RecordError{e.code, e.field, e.messageZh};
}

QJsonObject RecordError::toJson() const
{
    QJsonObject o{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        o.insert(QStringLiteral("field"), field);
    return o;
}

RecordError RecordError::fromJson(const QJsonObject &o)
{
    return RecordError{o.value(QStringLiteral("code")).toString(), o.value(QStringLiteral("field")).toString(),
                       o.value(QStringLiteral("message")).toString()};
}

bool isWireField(Kind kind, QStringView wireField)
{
    return lookupWireField(kind, wireField).spec != nullptr;
}

QJsonValue encodeValue(Kind kind, QStringView wireField, const QVariant &value)
{
    const WireField wf = lookupWireField(kind, wireField);
    if (wf.member)
        return value.isValid() && value.toBool();
    if (!value.isValid() || value.isNull() || !wf.spec)
        return QJsonValue::Null;
    switch (wf.spec->type) {
    case FieldType::Date:
        return formatDate(value.toDate());
    case FieldType::Instant:
        return formatInstant(value.toDateTime());
    case FieldType::Bool:
        return value.toBool();
    case FieldType::Int:
        return QJsonValue(value.toLongLong());
    case FieldType::TextList:
        return QJsonArray::fromStringList(value.toStringList());
    case FieldType::Set:
    case FieldType::Text:
    case FieldType::Enum:
    case FieldType::Ref:
        return value.toString();
    }
    return QJsonValue::Null;
}

std::optional<RecordError> decodeValue(Kind kind, QStringView wireField, const QJsonValue &json, QVariant *out)
{
    return detail::decodeValueAs(kind, wireField, lookupWireField(kind, wireField), QtJson{json}, out);
}

namespace {

/// `value` as a quoted JSON string written in place by `write` (writeDateLatin1 or writeInstantLatin1:
/// `chars` bytes); false and nothing written where formatDate or formatInstant take their slow path
/// (invalid, or outside the years 1000–9999).
template<typename T, typename Write>
bool appendQuotedLatin1(QByteArray &out, const T &value, int chars, Write write)
{
    const qsizetype at = out.size();
    out.resize(at + chars + 2);
    char *p = out.data() + at;
    if (!write(p + 1, value)) {
        out.resize(at);
        return false;
    }
    p[0] = '"';
    p[chars + 1] = '"';
    return true;
}

} // namespace

void appendValueJson(QByteArray &out, const WireField &wf, const QVariant &value)
{
    if (wf.member) {
        out += value.isValid() && value.toBool() ? "true" : "false";
        return;
    }
    if (!value.isValid() || value.isNull() || !wf.spec) {
        out += "null";
        return;
    }
    // The value's own object where it holds the expected type (it does, from decodeValue and the typed
    // records); converted, as encodeValue does, where it does not.
    switch (wf.spec->type) {
    case FieldType::Date:
        if (value.typeId() != QMetaType::QDate
            || !appendQuotedLatin1(out, *static_cast<const QDate *>(value.constData()), kDateChars, writeDateLatin1))
            json::appendString(out, formatDate(value.toDate()));
        return;
    case FieldType::Instant:
        if (value.typeId() != QMetaType::QDateTime
            || !appendQuotedLatin1(out, *static_cast<const QDateTime *>(value.constData()), kInstantChars,
                                   writeInstantLatin1))
            json::appendString(out, formatInstant(value.toDateTime()));
        return;
    case FieldType::Bool:
        out += value.toBool() ? "true" : "false";
        return;
    case FieldType::Int:
        out += QByteArray::number(value.toLongLong());
        return;
    case FieldType::TextList: {
        const auto appendList = [&out](const QStringList &list) {
            out += '[';
            for (qsizetype i = 0; i < list.size(); ++i) {
                if (i)
                    out += ',';
                json::appendString(out, list[i]);
            }
            out += ']';
        };
        if (value.typeId() == QMetaType::QStringList)
            appendList(*static_cast<const QStringList *>(value.constData()));
        else
            appendList(value.toStringList());
        return;
    }
    case FieldType::Set:
    case FieldType::Text:
    case FieldType::Enum:
    case FieldType::Ref:
        if (value.typeId() == QMetaType::QString)
            json::appendString(out, *static_cast<const QString *>(value.constData()));
        else
            json::appendString(out, value.toString());
        return;
    }
    out += "null";
}

void appendValueJson(QByteArray &out, Kind kind, QStringView wireField, const QVariant &value)
{
    appendValueJson(out, lookupWireField(kind, wireField), value);
}

namespace {

/// Appends the text of the usual stamp (13 digits, a node of characters `plain` lets through as bytes),
/// in quotes when `quoted`; false and nothing written for any other (left to Hlc::toString()).
template<bool quoted, typename Plain>
bool writeStamp(QByteArray &out, const Hlc &stamp, Plain plain)
{
    if (stamp.ms < 0 || stamp.ms > 9999999999999LL)
        return false;
    static constexpr char hex[] = "0123456789abcdef";
    static constexpr char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                    "8081828384858687888990919293949596979899";
    constexpr qsizetype q = quoted ? 1 : 0;
    const qsizetype at = out.size();
    const qsizetype n = stamp.node.size();
    out.resize(at + 19 + n + 2 * q);
    char *p = out.data() + at + q;
    const QChar *node = stamp.node.constData();
    for (qsizetype i = 0; i < n; ++i) { // the node first: it decides whether this is the usual stamp
        const char16_t c = node[i].unicode();
        if (!plain(c)) {
            out.resize(at);
            return false;
        }
        p[19 + i] = static_cast<char>(c);
    }
    if constexpr (quoted) {
        p[-1] = '"';
        p[19 + n] = '"';
    }
    qint64 v = stamp.ms;
    for (int i = 11; i >= 1; i -= 2, v /= 100) { // 13 digits: pairs from the right, then the first
        const auto two = static_cast<int>(v % 100) * 2;
        p[i] = pairs[two];
        p[i + 1] = pairs[two + 1];
    }
    p[0] = static_cast<char>('0' + v);
    p[13] = '-';
    for (int i = 0; i < 4; ++i)
        p[14 + i] = hex[(stamp.counter >> (12 - 4 * i)) & 0xf];
    p[18] = '-';
    return true;
}

} // namespace

void appendStampUtf8(QByteArray &out, const Hlc &stamp)
{
    if (!writeStamp<false>(out, stamp, [](char16_t c) { return c < 0x80; }))
        out += stamp.toString().toUtf8();
}

void appendStampJson(QByteArray &out, const Hlc &stamp)
{
    if (!writeStamp<true>(out, stamp, [](char16_t c) { return json::isPlainAscii(c); }))
        json::appendString(out, stamp.toString());
}

QJsonObject encodeRecord(const WireRecord &record)
{
    QJsonObject fields;
    QJsonObject stamps;
    for (const FieldWrite &w : record.writes) {
        fields.insert(w.field, encodeValue(record.kind, w.field, w.value));
        stamps.insert(w.field, w.stamp.toString());
    }
    return QJsonObject{
        {QStringLiteral("kind"), kindName(record.kind)},
        {QStringLiteral("id"), record.id},
        {QStringLiteral("station_id"),
         record.stationId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(record.stationId)},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("stamps"), stamps},
    };
}

void appendRecordJson(QByteArray &out, const WireRecord &record)
{
    // QJsonObject's order: keys sorted, and a field written twice keeps its last write.
    QVarLengthArray<qsizetype, 32> order;
    for (qsizetype i = 0; i < record.writes.size(); ++i)
        order.append(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](qsizetype a, qsizetype b) { return record.writes[a].field < record.writes[b].field; });
    QVarLengthArray<qsizetype, 32> unique;
    for (qsizetype k = 0; k < order.size(); ++k) {
        if (k + 1 < order.size() && record.writes[order[k + 1]].field == record.writes[order[k]].field)
            continue;
        unique.append(order[k]);
    }
    // The fields and the stamps are two objects over the same keys.
    const auto appendObject = [&](auto &&appendValue) {
        out += '{';
        for (qsizetype k = 0; k < unique.size(); ++k) {
            const FieldWrite &w = record.writes[unique[k]];
            if (k)
                out += ',';
            json::appendString(out, w.field);
            out += ':';
            appendValue(w);
        }
        out += '}';
    };
    out += "{\"fields\":";
    appendObject([&](const FieldWrite &w) { appendValueJson(out, record.kind, w.field, w.value); });
    out += ",\"id\":";
    json::appendString(out, record.id);
    out += ",\"kind\":";
    json::appendString(out, kindName(record.kind));
    out += ",\"stamps\":";
    appendObject([&](const FieldWrite &w) { appendStampJson(out, w.stamp); });
    out += ",\"station_id\":";
    if (record.stationId.isEmpty())
        out += "null";
    else
        json::appendString(out, record.stationId);
    out += '}';
}

DecodedRecord decodeRecord(const QJsonValue &json)
{
    DecodedRecord out;
    if (!json.isObject()) {
        out.malformed = QStringLiteral("a record is not an object");
        return out;
    }
    const QJsonObject o = json.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        static const QStringList known{QStringLiteral("kind"), QStringLiteral("id"), QStringLiteral("station_id"),
                                       QStringLiteral("fields"), QStringLiteral("stamps")};
        if (!known.contains(it.key())) {
            out.malformed = QStringLiteral("unknown key in a record: %1").arg(shown(it.key()));
            return out;
        }
    }
    const QJsonValue kind = o.value(QStringLiteral("kind"));
    const QJsonValue id = o.value(QStringLiteral("id"));
    const QJsonValue station = o.value(QStringLiteral("station_id"));
    const QJsonValue fields = o.value(QStringLiteral("fields"));
    const QJsonValue stamps = o.value(QStringLiteral("stamps"));
    if (!kind.isString() || !id.isString()) {
        out.malformed = QStringLiteral("a record needs \"kind\" and \"id\" as strings");
        return out;
    }
    if (!fields.isObject() || !stamps.isObject()) {
        out.malformed = QStringLiteral("a record needs \"fields\" and \"stamps\" as objects");
        return out;
    }
    if (!station.isUndefined() && !station.isNull() && !station.isString()) {
        out.malformed = QStringLiteral("\"station_id\" must be a string or null");
        return out;
    }
    out.id = id.toString();
    out.kindName = kind.toString();

    const auto k = kindFromName(out.kindName);
    if (!k) {
        out.error = detail::unknownKindError(out.kindName);
        return out;
    }
    if (!isValidUuid(out.id)) {
        out.error = detail::invalidIdError();
        return out;
    }
    WireRecord r;
    r.kind = *k;
    r.id = out.id;
    r.stationId = station.toString();
    if (!kindSpec(*k).reference && r.stationId.isEmpty()) {
        out.error = detail::missingStationError();
        return out;
    }

    const QJsonObject fo = fields.toObject();
    const QJsonObject so = stamps.toObject();
    r.writes.reserve(fo.size());
    // Both objects keep their keys sorted: walked side by side, a stamp is the next one's value unless a
    // key is missing on either side (then looked up, and the stamps checked for fields one by one below).
    auto next = so.begin();
    bool aligned = true;
    for (auto it = fo.begin(); it != fo.end(); ++it) {
        const QString key = it.key();
        QVariant value;
        if (auto e = decodeValue(*k, key, it.value(), &value)) {
            out.error = *e;
            return out;
        }
        QJsonValue stamp;
        if (aligned && next != so.end() && next.key() == key) {
            stamp = next.value();
            ++next;
        } else {
            aligned = false;
            stamp = so.value(key);
        }
        if (stamp.isUndefined()) {
            out.error = detail::missingStampError(*k, key);
            return out;
        }
        const auto hlc = stamp.isString() ? Hlc::parse(stamp.toString()) : std::nullopt;
        if (!hlc) {
            out.error = detail::badStampError(*k, key);
            return out;
        }
        r.writes << FieldWrite{key, std::move(value), *hlc};
    }
    if (!aligned || next != so.end()) {
        for (auto it = so.begin(); it != so.end(); ++it) {
            if (!fo.contains(it.key())) {
                out.error = detail::stampWithoutFieldError(it.key());
                return out;
            }
        }
    }
    out.record = std::move(r);
    return out;
}

} // namespace lanxin::protocol
