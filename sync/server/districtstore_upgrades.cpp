// DistrictStore: the upgrades a database gets at its first open after a migration that needs the records
// themselves (the rest is in districtstore.cpp, districtstore_push.cpp, districtstore_pull.cpp,
// districtstore_admin.cpp and districtstore_enrollment.cpp).
#include "districtstore.h"

#include "districtstore_p.h"
#include "storedfields.h"

#include "protocol/receiptdigest.h"

#include <QSqlError>
#include <QSqlQuery>

namespace lanxin::district {

using namespace detail;
using storedfields::encodeFields;

Result<void> DistrictStore::rebuildDigestsIfNeeded()
{
    if (m_db.meta(QStringLiteral("receipt_digests")) == QLatin1String("1"))
        return {};
    // Made once (after migration 2) from the records; from then on every write keeps them.
    return m_db.transaction([&]() -> Result<void> {
        if (m_db.meta(QStringLiteral("receipt_digests")) == QLatin1String("1"))
            return {}; // another process did it meanwhile
        if (auto d = m_db.exec(QStringLiteral("DELETE FROM receipt_digest")); !d)
            return d;
        QMap<QPair<QString, QString>, protocol::ReceiptDigest> digests;
        QSqlQuery q(m_db.db());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT station_id, kind, id, greatest_stamp FROM record WHERE station_id IS NOT NULL")))
            return Database::queryError(q, QStringLiteral("record"));
        while (q.next())
            digests[qMakePair(q.value(0).toString(), q.value(1).toString())].add(q.value(2).toString(), q.value(3).toString());
        q.finish();
        for (auto it = digests.cbegin(); it != digests.cend(); ++it) {
            QSqlQuery &w = cached(kUpsertDigest);
            w.bindValue(0, it.key().first);
            w.bindValue(1, it.key().second);
            w.bindValue(2, it.value().count());
            w.bindValue(3, QByteArray::fromHex(it.value().hex().toLatin1()));
            if (!w.exec())
                return Database::queryError(w, QStringLiteral("receipt_digest"));
        }
        return m_db.setMeta(QStringLiteral("receipt_digests"), QStringLiteral("1"));
    });
}

Result<void> DistrictStore::convertV2IfNeeded()
{
    const auto pending = [&] {
        QSqlQuery q(m_db.db());
        return q.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'field_v2'")) && q.next();
    };
    if (!pending())
        return {};
    // Once, after migration 3: the record and field rows of schema 2 into one row per record.
    return m_db.transaction([&]() -> Result<void> {
        if (!pending())
            return {}; // another process did it meanwhile
        QSqlQuery q(m_db.db());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT r.id, r.kind, r.station_id, r.seq, r.greatest_stamp, r.deleted, f.name, f.value, "
                                   "f.secret, f.stamp, f.seq, f.writer FROM record_v2 r LEFT JOIN field_v2 f ON f.record_id = r.id "
                                   "ORDER BY r.id, f.name")))
            return Database::queryError(q, QStringLiteral("record_v2"));
        QSqlQuery &w = cached(kUpsertRecord);
        QString id;
        Current c;
        qint64 converted = 0;
        const auto flush = [&]() -> Result<void> {
            if (id.isEmpty())
                return {};
            // The latest change's writer: the one that set the fields of the record's own seq.
            c.writer.clear();
            for (const Current::Field &f : std::as_const(c.fields)) {
                if (f.seq == c.seq)
                    c.writer = f.writer;
            }
            c.otherSeq = 0;
            for (const Current::Field &f : std::as_const(c.fields)) {
                if (f.writer != c.writer)
                    c.otherSeq = std::max(c.otherSeq, f.seq);
            }
            if (c.writer.isEmpty())
                c.otherSeq = c.seq; // not expected; then never left out of a pull
            w.bindValue(0, id);
            w.bindValue(1, c.kind);
            w.bindValue(2, c.stationId.isEmpty() ? nullText() : QVariant(c.stationId));
            w.bindValue(3, c.seq);
            w.bindValue(4, c.greatest.toString());
            w.bindValue(5, c.deleted ? 1 : 0);
            w.bindValue(6, c.writer);
            w.bindValue(7, c.otherSeq);
            w.bindValue(8, QString::fromUtf8(encodeFields(c.fields)));
            if (!w.exec())
                return Database::queryError(w, QStringLiteral("record"));
            ++converted;
            return {};
        };
        while (q.next()) {
            const QString rowId = q.value(0).toString();
            if (rowId != id) {
                if (auto f = flush(); !f)
                    return f;
                id = rowId;
                c = Current{};
                c.kind = q.value(1).toString();
                c.stationId = q.value(2).toString();
                c.seq = q.value(3).toLongLong();
                c.greatest = Hlc::parse(q.value(4).toString()).value_or(Hlc{});
                c.deleted = q.value(5).toInt() != 0;
                c.fieldsLoaded = true;
            }
            if (q.value(6).isNull())
                continue; // a record without fields (none are written so)
            Current::Field f;
            f.stamp = Hlc::parse(q.value(9).toString()).value_or(Hlc{});
            f.seq = q.value(10).toLongLong();
            f.writer = q.value(11).toString();
            if (!q.value(8).isNull()) {
                f.value = QJsonValue::Null;
                f.secret = QString::fromLatin1(q.value(8).toByteArray().toBase64());
            } else {
                f.value = jsonValue(q.value(7).toString());
            }
            c.fields.insert(q.value(6).toString(), std::move(f));
        }
        if (q.lastError().isValid())
            return Database::queryError(q, QStringLiteral("record_v2"));
        q.finish();
        if (auto f = flush(); !f)
            return f;
        for (const char *sql : {"DROP TABLE field_v2", "DROP TABLE record_v2"}) {
            if (auto d = m_db.exec(QLatin1String(sql)); !d)
                return d;
        }
        qCInfo(lcDistrictStore) << "converted" << converted << "records to one row each (schema 3)";
        return {};
    });
}

} // namespace lanxin::district
