#pragma once

#include "core/fieldwrite.h"
#include "core/hlc.h"
#include "core/schema.h"
#include "core/validation.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

/// Records on the wire (SYNC-PROTOCOL.md "Values"):
/// `{"kind", "id", "station_id", "fields": {wire name: value}, "stamps": {wire name: hlc}}`.
///
/// Typed values (FieldWrite::value) are the logical values of core/validation.h, per wire field:
///   Text, Enum, Ref → QString;  Date (`_on`, `_date`, `_due`) → QDate ("2026-11-28");
///   Instant (`_at`, created_at) → QDateTime in UTC ("2026-11-28T02:15:00.000Z");
///   Bool, deleted → bool;  Int → qint64 (a JSON number that is integral and within ±2^53);
///   a set member "tags.left_behind" → bool (null on the wire decodes as false: not a member);
///   TextList (a station's villages) → QStringList (a JSON array of strings);
///   null → an invalid QVariant (clears the field).
namespace lanxin::protocol {

/// One record as it travels: the envelope (never changes) and its stamped field writes.
struct WireRecord
{
    Kind kind = Kind::Resident;
    QString id;        ///< lowercase UUID
    QString stationId; ///< the station's code; empty = JSON null (reference data of no station)
    QList<FieldWrite> writes;

    /// The greatest stamp of its writes (the record's `updated_at`); a null Hlc when it has none.
    [[nodiscard]] Hlc greatestStamp() const;
    /// The write of `field`, or nullptr.
    [[nodiscard]] const FieldWrite *write(QStringView field) const;
};

/// A per-record error: a code of protocol::rec, the wire field it concerns ("" for the record) and a
/// message for people (Chinese), never quoting a value.
struct RecordError
{
    QString code;
    QString field;
    QString message;

    [[nodiscard]] static RecordError make(const char *code, const QString &field, const QString &message);
    [[nodiscard]] static RecordError fromFieldError(const FieldError &e);
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static RecordError fromJson(const QJsonObject &o);
    friend bool operator==(const RecordError &, const RecordError &) = default;
};

/// A decoded record, or why it could not be: `record` when it decoded, else `error`.
/// `malformed` is set instead when the JSON is not a record at all (not an object, no string id or
/// kind, fields/stamps not objects, unknown envelope keys): a whole-request schema_violation.
struct DecodedRecord
{
    QString id;       ///< as sent (for the verdict), even when invalid
    QString kindName; ///< as sent
    std::optional<WireRecord> record;
    std::optional<RecordError> error;
    QString malformed; ///< non-empty: the record's JSON shape is wrong (English, for the request error)

    [[nodiscard]] bool ok() const { return record.has_value(); }
};

/// What a wire field of a kind is, looked up once: a plain field (its spec), a set member (the set's spec,
/// `member`), created_at or deleted (specs of their own), or not a wire field (`spec` null; whole sets
/// are not wire fields: they travel member by member).
struct WireField
{
    const FieldSpec *spec = nullptr;
    bool member = false;

    /// Encrypted at rest (the district stores its value sealed): a plain field whose spec is sensitive.
    [[nodiscard]] bool sensitive() const { return spec && !member && spec->sensitive; }
};
[[nodiscard]] WireField lookupWireField(Kind kind, QStringView wireField);

/// The JSON of a typed value of `wireField` of `kind` (see the table above).
[[nodiscard]] QJsonValue encodeValue(Kind kind, QStringView wireField, const QVariant &value);
/// What json::appendValue(out, encodeValue(kind, wireField, value)) appends, without the QJsonValue and,
/// for dates, instants and text, without QString temporaries.
void appendValueJson(QByteArray &out, Kind kind, QStringView wireField, const QVariant &value);
/// The same for a field already looked up (`field` = lookupWireField(kind, wireField)): for writers that
/// need more of the field than its value (the district's fields column: is it sensitive?).
void appendValueJson(QByteArray &out, const WireField &field, const QVariant &value);
/// The typed value of `json` for `wireField`, checked by type and by core validateValue (lengths,
/// enums, UUIDs, phone, ID number format, date sanity). Returns the error, or nullopt and sets `*out`.
/// Unknown fields give unknown_field.
[[nodiscard]] std::optional<RecordError> decodeValue(
    Kind kind, QStringView wireField, const QJsonValue &json, QVariant *out);

/// What `stamp.toString().toUtf8()` appends (the stamp's text), written in place for the usual stamp
/// (13 digits, an ASCII node).
void appendStampUtf8(QByteArray &out, const Hlc &stamp);
/// What json::appendString(out, stamp.toString()) appends (the stamp as a JSON string), in place likewise.
void appendStampJson(QByteArray &out, const Hlc &stamp);

/// The JSON object of a record. Writes are emitted as given (fields and stamps alike).
[[nodiscard]] QJsonObject encodeRecord(const WireRecord &record);
/// The same record as compact JSON appended to `out`, byte for byte what QJsonDocument writes for
/// encodeRecord(), without the object tree (push and pull bodies, hundreds of records each).
void appendRecordJson(QByteArray &out, const WireRecord &record);
/// Decodes and checks one record: kind known (unknown_kind), id a lowercase UUID (invalid_field "id"),
/// station_id a non-empty string for record kinds (missing_field "station_id"), every field known
/// (unknown_field), decodable and valid (invalid_field), every field with a valid stamp (missing_stamp),
/// every stamp with a field (missing_field). The first error found is reported.
/// Record-level rules (required fields, cross-field rules) need the merged state: not checked here.
[[nodiscard]] DecodedRecord decodeRecord(const QJsonValue &json);

/// The wire name of every field a record of `kind` may carry (set members expanded, created_at, deleted).
[[nodiscard]] bool isWireField(Kind kind, QStringView wireField);

} // namespace lanxin::protocol
