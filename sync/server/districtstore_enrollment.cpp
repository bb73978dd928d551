// DistrictStore: stations' devices, their enrollment and recovery codes (the rest is in districtstore.cpp).
#include "districtstore.h"

#include "protocol/wire.h"

#include "core/clock.h"

#include <QRandomGenerator>
#include <QSqlQuery>

namespace lanxin::district {

namespace req = protocol::req;

namespace {

constexpr qint64 kEnrollmentCodeMs = 72LL * 3600 * 1000;
constexpr qint64 kRecoveryCodeMs = 24LL * 3600 * 1000;
const char kCodeAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

QString newCode()
{
    QString code;
    auto *rng = QRandomGenerator::system();
    for (int i = 0; i < 8; ++i) {
        if (i == 4)
            code += u'-';
        code += QLatin1Char(kCodeAlphabet[rng->bounded(32)]);
    }
    return code;
}

} // namespace

// ---- enrollment, devices, codes -------------------------------------------------------------------

Result<QString> DistrictStore::newEnrollmentCode(const QString &stationCode, const QString &actor)
{
    return newOneTimeCode("enrollment_code", kEnrollmentCodeMs, stationCode, actor, QStringLiteral("enrollment-code"));
}

Result<QString> DistrictStore::newOneTimeCode(const char *table, qint64 lifetimeMs, const QString &stationCode,
                                              const QString &actor, const QString &auditAction)
{
    if (!station(stationCode))
        return Error{QStringLiteral("no_station"), bilingual(QStringLiteral("没有站点 %1").arg(stationCode),
                                                             QStringLiteral("No station %1").arg(stationCode))};
    const QString code = newCode();
    const QString name = QString::fromLatin1(table);
    auto done = m_db.transaction([&]() -> Result<void> {
        QSqlQuery q(m_db.db());
        q.prepare(QStringLiteral("INSERT INTO %1 (code_sha256, station_code, created_at, expires_at) VALUES (?, ?, ?, ?)").arg(name));
        q.addBindValue(sha256Hex(protocol::normalizeEnrollmentCode(code)));
        q.addBindValue(stationCode);
        q.addBindValue(formatInstant(m_clock->now()));
        q.addBindValue(formatInstant(QDateTime::fromMSecsSinceEpoch(m_clock->nowMs() + lifetimeMs, Qt::UTC)));
        if (!q.exec())
            return Database::queryError(q, name);
        return audit(actor, auditAction, QStringLiteral("station=") + stationCode);
    });
    if (!done)
        return done.error();
    return code;
}

Result<Enrolled> DistrictStore::enroll(const protocol::EnrollRequest &request, const QString &peer)
{
    Enrolled out;
    auto done = m_db.transaction([&]() -> Result<void> {
        const Error invalid = protocol::requestError(
            req::EnrollmentCodeInvalid, QStringLiteral("登记码无效、已使用或已过期"),
            QStringLiteral("The enrollment code is wrong, used or expired"));
        const auto st = station(request.stationCode);
        const QString code = protocol::normalizeEnrollmentCode(request.enrollmentCode);
        if (!st || !protocol::isWellFormedEnrollmentCode(code))
            return invalid;
        QSqlQuery c(m_db.db());
        c.prepare(QStringLiteral("SELECT station_code, expires_at, used_at FROM enrollment_code WHERE code_sha256 = ?"));
        c.addBindValue(sha256Hex(code));
        if (!c.exec())
            return Database::queryError(c, QStringLiteral("enrollment_code"));
        if (!c.next() || c.value(0).toString() != st->code || !c.value(2).isNull()
            || parseInstant(c.value(1).toString()) <= m_clock->now())
            return invalid;
        QSqlQuery d(m_db.db());
        d.prepare(QStringLiteral("SELECT station_code FROM device WHERE id = ?"));
        d.addBindValue(request.deviceId);
        if (!d.exec())
            return Database::queryError(d, QStringLiteral("device"));
        const bool known = d.next();
        if (known && d.value(0).toString() != st->code)
            return protocol::requestError(req::DeviceIdTaken, QStringLiteral("该设备编号已登记到其他站点"),
                                          QStringLiteral("This device id is enrolled to another station"));
        out.token = newToken();
        QSqlQuery w(m_db.db());
        if (known) {
            // The same device again (a lost token, or after revocation): a new token; its batch count stays.
            w.prepare(QStringLiteral("UPDATE device SET token_sha256 = ?, revoked = 0, name = ?, enrolled_at = ? WHERE id = ?"));
            w.addBindValue(sha256Hex(out.token));
            w.addBindValue(request.deviceName.isNull() ? QStringLiteral("") : request.deviceName); // NOT NULL
            w.addBindValue(formatInstant(m_clock->now()));
            w.addBindValue(request.deviceId);
        } else {
            w.prepare(QStringLiteral("INSERT INTO device (id, station_code, name, token_sha256, enrolled_at) VALUES (?, ?, ?, ?, ?)"));
            w.addBindValue(request.deviceId);
            w.addBindValue(st->code);
            w.addBindValue(request.deviceName.isNull() ? QStringLiteral("") : request.deviceName); // NOT NULL
            w.addBindValue(sha256Hex(out.token));
            w.addBindValue(formatInstant(m_clock->now()));
        }
        if (!w.exec())
            return Database::queryError(w, QStringLiteral("device"));
        QSqlQuery u(m_db.db());
        u.prepare(QStringLiteral("UPDATE enrollment_code SET used_at = ?, used_by = ? WHERE code_sha256 = ?"));
        u.addBindValue(formatInstant(m_clock->now()));
        u.addBindValue(request.deviceId);
        u.addBindValue(sha256Hex(code));
        if (!u.exec())
            return Database::queryError(u, QStringLiteral("enrollment_code"));
        out.station = protocol::StationInfo{st->code, st->name, st->town, st->villages};
        return audit(QStringLiteral("device:") + request.deviceId, QStringLiteral("enroll"),
                     QStringLiteral("station=%1 device=%2 from=%3%4")
                         .arg(st->code, request.deviceId, peer, known ? QStringLiteral(" again") : QString()));
    });
    if (!done)
        return done.error();
    return out;
}

std::optional<DeviceRow> DistrictStore::deviceByToken(const QString &token)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT id, station_code, name, revoked, pushes_acknowledged, enrolled_at, last_seen_at "
                             "FROM device WHERE token_sha256 = ? AND revoked = 0"));
    q.addBindValue(sha256Hex(token));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return DeviceRow{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt() != 0,
                     q.value(4).toLongLong(), q.value(5).toString(), q.value(6).toString()};
}

QList<DeviceRow> DistrictStore::devices()
{
    QList<DeviceRow> out;
    QSqlQuery q(m_db.db());
    if (!q.exec(QStringLiteral("SELECT id, station_code, name, revoked, pushes_acknowledged, enrolled_at, last_seen_at "
                               "FROM device ORDER BY station_code, id")))
        return out;
    while (q.next())
        out << DeviceRow{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt() != 0,
                         q.value(4).toLongLong(), q.value(5).toString(), q.value(6).toString()};
    return out;
}

Result<void> DistrictStore::revokeDevice(const QString &deviceId, const QString &actor)
{
    return m_db.transaction([&]() -> Result<void> {
        QSqlQuery q(m_db.db());
        q.prepare(QStringLiteral("UPDATE device SET revoked = 1 WHERE id = ?"));
        q.addBindValue(deviceId);
        if (!q.exec())
            return Database::queryError(q, QStringLiteral("device"));
        if (q.numRowsAffected() == 0)
            return Error{QStringLiteral("no_device"), bilingual(QStringLiteral("没有设备 %1").arg(deviceId),
                                                                QStringLiteral("No device %1").arg(deviceId))};
        return audit(actor, QStringLiteral("revoke"), QStringLiteral("device=") + deviceId);
    });
}

Result<QString> DistrictStore::newRecoveryCode(const QString &stationCode, const QString &actor)
{
    return newOneTimeCode("recovery_code", kRecoveryCodeMs, stationCode, actor, QStringLiteral("recovery-code"));
}

Result<void> DistrictStore::useRecoveryCode(const DeviceRow &device, const QString &code)
{
    return m_db.transaction([&]() -> Result<void> {
        const QString normalized = protocol::normalizeEnrollmentCode(code);
        QSqlQuery q(m_db.db());
        q.prepare(QStringLiteral("UPDATE recovery_code SET used_at = ?, used_by = ? WHERE code_sha256 = ? AND station_code = ? "
                                 "AND used_at IS NULL AND expires_at > ?"));
        q.addBindValue(formatInstant(m_clock->now()));
        q.addBindValue(device.id);
        q.addBindValue(sha256Hex(normalized));
        q.addBindValue(device.stationCode);
        q.addBindValue(formatInstant(m_clock->now()));
        if (!q.exec())
            return Database::queryError(q, QStringLiteral("recovery_code"));
        if (q.numRowsAffected() != 1)
            return Error{QStringLiteral("recovery_code_invalid"),
                         bilingual(QStringLiteral("恢复码无效、已使用或已过期"),
                                   QStringLiteral("The recovery code is wrong, used or expired"))};
        return audit(QStringLiteral("device:") + device.id, QStringLiteral("recovery"),
                     QStringLiteral("station=") + device.stationCode);
    });
}

} // namespace lanxin::district
