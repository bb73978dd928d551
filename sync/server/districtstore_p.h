#pragma once
// What the district store's source files (districtstore*.cpp) share: not part of DistrictStore's interface.

#include "core/clock.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QLoggingCategory>
#include <QMetaType>
#include <QString>
#include <QStringView>
#include <QVariant>

#include <sqlite3.h>

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

inline QString isoNow(const Clock &clock)
{
    return formatInstant(clock.now());
}

/// One use of a statement of DistrictStore::statement(): binds UTF-8 and integers, reads columns without
/// QVariant, and resets the statement (and clears its bindings) when it goes out of scope.
class Stmt
{
public:
    explicit Stmt(sqlite3_stmt *s) : m_s(s) {}
    ~Stmt()
    {
        if (m_s) {
            sqlite3_reset(m_s);
            sqlite3_clear_bindings(m_s);
        }
    }
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;

    [[nodiscard]] bool ok() const { return m_s != nullptr; }
    void text(int i, const QByteArray &utf8)
    {
        sqlite3_bind_text(m_s, i, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_TRANSIENT);
    }
    void text(int i, QStringView s) { text(i, s.toUtf8()); }
    /// Not copied: `utf8` must stay unchanged until the statement is reset.
    void textInPlace(int i, const QByteArray &utf8)
    {
        sqlite3_bind_text(m_s, i, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_STATIC);
    }
    void textOrNull(int i, QStringView s)
    {
        if (s.isEmpty())
            sqlite3_bind_null(m_s, i);
        else
            text(i, s);
    }
    void integer(int i, qint64 v) { sqlite3_bind_int64(m_s, i, v); }
    void blob(int i, const QByteArray &b)
    {
        sqlite3_bind_blob(m_s, i, b.constData(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
    }
    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(m_s); }
    [[nodiscard]] QString string(int i) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_s, i));
        return QString::fromUtf8(p, sqlite3_column_bytes(m_s, i));
    }
    /// The text of column `i`, valid until the next step or reset.
    [[nodiscard]] QByteArrayView utf8(int i) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_s, i));
        return QByteArrayView(p, sqlite3_column_bytes(m_s, i));
    }
    [[nodiscard]] QByteArray bytes(int i) const
    {
        const auto *p = static_cast<const char *>(sqlite3_column_blob(m_s, i));
        return QByteArray(p, sqlite3_column_bytes(m_s, i));
    }
    [[nodiscard]] qint64 int64(int i) const { return sqlite3_column_int64(m_s, i); }

private:
    sqlite3_stmt *m_s;
};

/// A record row (kind, station_id, seq, greatest_stamp, deleted, writer, other_seq, fields) read from `q`
/// from column `at`.
template<typename C>
void readEnvelope(const Stmt &q, int at, C &c)
{
    c.kind = q.string(at);
    c.stationId = q.string(at + 1);
    c.seq = q.int64(at + 2);
    c.greatest = Hlc::parse(q.string(at + 3)).value_or(Hlc{});
    c.deleted = q.int64(at + 4) != 0;
    c.writer = q.string(at + 5);
    c.otherSeq = q.int64(at + 6);
    c.raw = q.bytes(at + 7);
    c.fieldsLoaded = false;
    c.envelopeOnly = false;
}

} // namespace lanxin::district::detail
