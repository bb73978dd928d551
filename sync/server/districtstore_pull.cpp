// DistrictStore: the pull (cursors and pages of changes) and the receipt, the read side of sync
// (the push is in districtstore_push.cpp).
#include "districtstore.h"

#include "protocol/receiptdigest.h"
#include "protocol/wire.h"

#include <QSqlQuery>

namespace lanxin::district {

namespace req = protocol::req;

QString DistrictStore::makeCursor(const QString &station, qint64 seq) const
{
    const QByteArray mac = m_cipher->blindIndex(u"cursor", station + u'|' + QString::number(seq)).left(8);
    return QStringLiteral("1.%1.%2").arg(seq).arg(QString::fromLatin1(mac.toHex()));
}

std::optional<qint64> DistrictStore::readCursor(const QString &station, const QString &cursor) const
{
    if (cursor.isEmpty())
        return 0;
    const QStringList parts = cursor.split(u'.');
    if (parts.size() != 3 || parts[0] != QLatin1String("1"))
        return std::nullopt;
    bool ok = false;
    const qint64 seq = parts[1].toLongLong(&ok);
    if (!ok || seq < 0 || makeCursor(station, seq) != cursor)
        return std::nullopt;
    return seq;
}

Result<protocol::PullResponse> DistrictStore::pull(const DeviceRow &device, const protocol::PullQuery &query)
{
    // One read transaction: a consistent snapshot, so "everything up to the snapshot's last change" is exact.
    if (auto b = m_db.exec(QStringLiteral("BEGIN")); !b)
        return b.error();
    struct Rollback
    {
        Database &db;
        ~Rollback() { (void)db.exec(QStringLiteral("COMMIT")); }
    } end{m_db};

    const qint64 last = lastSeq();
    const auto from = readCursor(device.stationCode, query.cursor);
    if (!from || *from > last)
        return protocol::requestError(req::BadCursor, QStringLiteral("同步位置无效，请从头同步"),
                                      QStringLiteral("The cursor was not made by this server; pull from the beginning"));

    const QString own = query.includeOwn
        ? QString()
        : QStringLiteral(" AND (r.writer <> :device OR r.other_seq > :from)");
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, seq FROM (SELECT r.id, r.seq FROM record r WHERE r.station_id = :station AND r.seq > :from%1 "
                             "ORDER BY r.seq LIMIT :limit) "
                             "UNION ALL SELECT id, seq FROM (SELECT r.id, r.seq FROM record r WHERE r.station_id IS NULL AND r.seq > :from%1 "
                             "ORDER BY r.seq LIMIT :limit) ORDER BY seq LIMIT :limit")
                  .arg(own));
    q.bindValue(QStringLiteral(":station"), device.stationCode);
    q.bindValue(QStringLiteral(":from"), *from);
    q.bindValue(QStringLiteral(":device"), device.id);
    q.bindValue(QStringLiteral(":limit"), query.limit + 1);
    if (!q.exec())
        return Database::queryError(q, QStringLiteral("pull"));
    QList<QPair<QString, qint64>> rows;
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toLongLong()});

    protocol::PullResponse page;
    page.hasMore = rows.size() > query.limit;
    if (page.hasMore)
        rows.resize(query.limit);
    for (const auto &row : std::as_const(rows)) {
        if (auto r = record(row.first))
            page.changes << *r;
    }
    page.cursor = makeCursor(device.stationCode, page.hasMore ? rows.back().second : last);
    page.serverTime = m_hlc->now();
    return page;
}

protocol::ReceiptResponse DistrictStore::receipt(const QString &stationCode)
{
    // The digests every write keeps up to date (flushDigests), not a pass over the station's records.
    QHash<QString, protocol::KindReceipt> stored;
    QSqlQuery &q = cached("SELECT kind, count, digest FROM receipt_digest WHERE station_id = ?");
    q.bindValue(0, stationCode);
    if (q.exec()) {
        while (q.next())
            stored.insert(q.value(0).toString(),
                          protocol::KindReceipt{q.value(1).toLongLong(), QString::fromLatin1(q.value(2).toByteArray().toHex())});
    }
    q.finish();
    protocol::ReceiptResponse r;
    for (const Kind k : recordKinds())
        r.kinds.insert(k, stored.value(kindName(k), protocol::KindReceipt{0, protocol::ReceiptDigest().hex()}));
    r.serverTime = m_hlc->now();
    return r;
}

} // namespace lanxin::district
