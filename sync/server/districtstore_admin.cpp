// DistrictStore: stations, staff, facilities and training offers as admin commands make them, and the
// record counts of `stats` (push in districtstore_push.cpp, pull and receipt in districtstore_pull.cpp).
#include "districtstore.h"

#include "protocol/wire.h"

#include "core/clock.h"
#include "core/validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace lanxin::district {

namespace rec = protocol::rec;

// ---- admin: stations, staff, facilities, training offers, stats ---------------------------------------

Result<StationRow> DistrictStore::addStation(const QString &code, const QString &name, const QString &town,
                                             const QStringList &villages, const QString &actor)
{
    if (station(code))
        return Error{QStringLiteral("exists"), bilingual(QStringLiteral("站点 %1 已存在").arg(code),
                                                         QStringLiteral("Station %1 exists already").arg(code))};
    auto r = upsertStation(code, name, town, villages, actor);
    if (!r)
        return r.error();
    return *station(code);
}

Result<bool> DistrictStore::upsertStation(const QString &code, const QString &name, const QString &town,
                                          const QStringList &villages, const QString &actor)
{
    bool changed = false;
    auto done = m_db.transaction([&]() -> Result<void> {
        const auto existing = station(code);
        QVariantMap values{{QStringLiteral("code"), code}, {QStringLiteral("name"), name}};
        if (!town.isEmpty())
            values.insert(QStringLiteral("town"), town);
        values.insert(QStringLiteral("villages"), villages);
        const QString villagesJson = QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(villages)).toJson(QJsonDocument::Compact));
        QSqlQuery q(m_db.db());
        if (!existing) {
            auto id = createDistrictRecord(Kind::Station, QString(), values, actor, QStringLiteral("station=") + code);
            if (!id)
                return id.error();
            q.prepare(QStringLiteral("INSERT INTO station (code, record_id, name, town, villages, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
            q.addBindValue(code);
            q.addBindValue(id.value());
            q.addBindValue(name);
            q.addBindValue(town);
            q.addBindValue(villagesJson);
            q.addBindValue(formatInstant(m_clock->now()));
            if (!q.exec())
                return Database::queryError(q, QStringLiteral("station"));
            changed = true;
            return {};
        }
        if (existing->name == name && existing->town == town && existing->villages == villages)
            return {};
        QVariantMap full = values;
        full.insert(QLatin1String(kDeleted), false);
        const QList<FieldError> errors = validateRecord(Kind::Station, full, ValidationContext{m_clock->today(), {}, {}});
        if (!errors.isEmpty())
            return Error{QString::fromLatin1(rec::InvalidField), errors.first().bilingualMessage()};
        if (!town.isEmpty() || !existing->town.isEmpty())
            values.insert(QStringLiteral("town"), town.isEmpty() ? QVariant() : QVariant(town));
        auto u = updateDistrictRecord(Kind::Station, existing->recordId, QString(), values);
        if (!u)
            return u.error();
        q.prepare(QStringLiteral("UPDATE station SET name = ?, town = ?, villages = ? WHERE code = ?"));
        q.addBindValue(name);
        q.addBindValue(town);
        q.addBindValue(villagesJson);
        q.addBindValue(code);
        if (!q.exec())
            return Database::queryError(q, QStringLiteral("station"));
        changed = true;
        return audit(actor, QStringLiteral("update station"), QStringLiteral("station=") + code);
    });
    if (!done)
        return done.error();
    return changed;
}

std::optional<StationRow> DistrictStore::station(const QString &code)
{
    if (code.isEmpty())
        return std::nullopt;
    const QList<StationRow> found = selectStations(code);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<StationRow> DistrictStore::stations()
{
    return selectStations({});
}

QList<StationRow> DistrictStore::selectStations(const QString &code)
{
    // Device counts by one pass over the devices (GROUP BY), not two correlated scans per station: the
    // enrollment of a device looks its station up, and with a thousand stations and two thousand devices
    // the scans made every enrollment ~0.3 s (bench/load).
    QList<StationRow> out;
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT s.code, s.name, s.town, s.villages, s.record_id, coalesce(d.live, 0), d.last_seen "
                             "FROM station s LEFT JOIN (SELECT station_code, sum(revoked = 0) AS live, "
                             "max(last_seen_at) AS last_seen FROM device %1 GROUP BY station_code) d "
                             "ON d.station_code = s.code %2 ORDER BY s.code")
                  .arg(code.isNull() ? QString() : QStringLiteral("WHERE station_code = :device_station"),
                       code.isNull() ? QString() : QStringLiteral("WHERE s.code = :station")));
    if (!code.isNull()) {
        q.bindValue(QStringLiteral(":device_station"), code);
        q.bindValue(QStringLiteral(":station"), code);
    }
    if (!q.exec())
        return out;
    while (q.next()) {
        StationRow s;
        s.code = q.value(0).toString();
        s.name = q.value(1).toString();
        s.town = q.value(2).toString();
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array())
            s.villages << v.toString();
        s.recordId = q.value(4).toString();
        s.devices = q.value(5).toInt();
        s.lastSync = q.value(6).toString();
        out << s;
    }
    return out;
}

Result<QString> DistrictStore::addStaff(const QString &stationCode, const QString &name, const QString &role,
                                        const QString &actor)
{
    if (!station(stationCode))
        return Error{QStringLiteral("no_station"), bilingual(QStringLiteral("没有站点 %1").arg(stationCode),
                                                             QStringLiteral("No station %1").arg(stationCode))};
    Result<QString> id = QString();
    auto done = m_db.transaction([&]() -> Result<void> {
        id = createDistrictRecord(Kind::Staff, stationCode,
                                  {{QStringLiteral("name"), name}, {QStringLiteral("role"), role}, {QStringLiteral("active"), true}},
                                  actor, QStringLiteral("station=") + stationCode);
        return id ? Result<void>() : Result<void>(id.error());
    });
    if (!done)
        return done.error();
    return id;
}

Result<QString> DistrictStore::addFacility(const QString &code, const QString &name, const QString &town,
                                           const QString &type, const QString &actor)
{
    Result<QString> id = QString();
    auto done = m_db.transaction([&]() -> Result<void> {
        // Referrals name a facility by its code: two live facilities with one code would be one too many.
        QSqlQuery q(m_db.db());
        if (!q.exec(QStringLiteral("SELECT id FROM record WHERE station_id IS NULL AND kind = 'facility' AND deleted = 0")))
            return Database::queryError(q, QStringLiteral("record"));
        QStringList facilities;
        while (q.next())
            facilities << q.value(0).toString();
        for (const QString &facilityId : std::as_const(facilities)) {
            const auto held = current(facilityId, Need::Row); // the code read from the row's text, not every field decoded
            if (held && storedValue(Kind::Facility, facilityId, *held, QStringLiteral("code")).toString() == code)
                return Error{QStringLiteral("exists"), bilingual(QStringLiteral("机构 %1 已存在").arg(code),
                                                                 QStringLiteral("Facility %1 exists already").arg(code))};
        }
        QVariantMap values{{QStringLiteral("code"), code}, {QStringLiteral("name"), name}, {QStringLiteral("type"), type}};
        if (!town.isEmpty())
            values.insert(QStringLiteral("town"), town);
        id = createDistrictRecord(Kind::Facility, QString(), values, actor, QStringLiteral("facility=") + code);
        return id ? Result<void>() : Result<void>(id.error());
    });
    if (!done)
        return done.error();
    return id;
}

Result<QString> DistrictStore::addTrainingOffer(const QVariantMap &values, const QString &actor)
{
    Result<QString> id = QString();
    auto done = m_db.transaction([&]() -> Result<void> {
        id = createDistrictRecord(Kind::TrainingOffer, QString(), values, actor, QString());
        return id ? Result<void>() : Result<void>(id.error());
    });
    if (!done)
        return done.error();
    return id;
}

// ---- reports --------------------------------------------------------------------------------------

Stats DistrictStore::stats()
{
    Stats s;
    for (const StationRow &st : stations()) {
        for (const Kind k : recordKinds())
            s.perStation[st.code][kindName(k)] = 0;
    }
    QSqlQuery q(m_db.db());
    if (q.exec(QStringLiteral("SELECT station_id, kind, count(*) FROM record WHERE deleted = 0 AND station_id IS NOT NULL "
                              "GROUP BY station_id, kind"))) {
        while (q.next())
            s.perStation[q.value(0).toString()][q.value(1).toString()] = q.value(2).toLongLong();
    }
    return s;
}

} // namespace lanxin::district
