#pragma once
// What districtstore.cpp shares with districtstore_upgrades.cpp: not part of DistrictStore's interface.

#include <QJsonValue>
#include <QLoggingCategory>
#include <QMetaType>
#include <QString>
#include <QVariant>

Q_DECLARE_LOGGING_CATEGORY(lcDistrictStore)

namespace lanxin::district::detail {

/// A record row written whole: a new record, or one a push or the schema 3 conversion changed.
inline constexpr char kUpsertRecord[] =
    "INSERT INTO record (id, kind, station_id, seq, greatest_stamp, deleted, writer, other_seq, fields) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, greatest_stamp = excluded.greatest_stamp, "
    "deleted = excluded.deleted, writer = excluded.writer, other_seq = excluded.other_seq, fields = excluded.fields";
/// A station's receipt digest of one kind, as every write keeps it and the first open after schema 2 makes it.
inline constexpr char kUpsertDigest[] =
    "INSERT INTO receipt_digest (station_id, kind, count, digest) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (station_id, kind) DO UPDATE SET count = excluded.count, digest = excluded.digest";

/// A NULL bound as text (QSqlQuery binds an invalid QVariant as an integer NULL).
inline QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

/// The value of a stored one-element JSON array (`["text"]`, `[null]`, ...), as schema 2 kept a field's value.
[[nodiscard]] QJsonValue jsonValue(const QString &text);

} // namespace lanxin::district::detail
