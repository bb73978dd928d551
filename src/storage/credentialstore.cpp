#include "credentialstore.h"

#include "database.h"

#include "core/clock.h"

#include <QSqlQuery>
#include <QSqlRecord>

#include <sodium.h>

namespace lanxin {

Result<QString> hashPin(const QString &pin, PinHashCost cost)
{
    if (sodium_init() < 0)
        return Error{QStringLiteral("crypto"), bilingual(QStringLiteral("加密库无法初始化"), QStringLiteral("libsodium failed to start"))};
    const QByteArray utf8 = pin.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    const bool fast = cost == PinHashCost::Fast;
    const int rc = crypto_pwhash_str(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                                     fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                     fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE);
    if (rc != 0)
        return Error{QStringLiteral("crypto"), bilingual(QStringLiteral("无法生成 PIN 摘要（内存不足？）"),
                                                         QStringLiteral("Cannot hash the PIN (out of memory?)"))};
    return QString::fromLatin1(out);
}

bool verifyPin(const QString &hash, const QString &pin)
{
    if (sodium_init() < 0 || hash.isEmpty())
        return false;
    const QByteArray h = hash.toLatin1();
    const QByteArray p = pin.toUtf8();
    return crypto_pwhash_str_verify(h.constData(), p.constData(), static_cast<unsigned long long>(p.size())) == 0;
}

namespace {
Credential fromRow(const QSqlQuery &q)
{
    Credential c;
    c.staffId = q.value(0).toString();
    c.pinHash = q.value(1).toString();
    c.failures = q.value(2).toInt();
    c.lockedUntil = q.value(3).isNull() ? QDateTime() : parseInstant(q.value(3).toString());
    c.setAt = parseInstant(q.value(4).toString());
    return c;
}
const char *kColumns = "staff_id, pin_hash, failures, locked_until, set_at";
} // namespace

std::optional<Credential> CredentialStore::get(const QString &staffId)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT %1 FROM staff_credential WHERE staff_id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(staffId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return fromRow(q);
}

QList<Credential> CredentialStore::all()
{
    QSqlQuery q(m_db.db());
    QList<Credential> out;
    if (!q.exec(QStringLiteral("SELECT %1 FROM staff_credential ORDER BY staff_id").arg(QLatin1String(kColumns))))
        return out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Result<void> CredentialStore::setHash(const QString &staffId, const QString &pinHash, const QDateTime &at)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO staff_credential (staff_id, pin_hash, failures, locked_until, set_at) "
                             "VALUES (?, ?, 0, NULL, ?) ON CONFLICT (staff_id) DO UPDATE SET "
                             "pin_hash = excluded.pin_hash, failures = 0, locked_until = NULL, set_at = excluded.set_at"));
    q.addBindValue(staffId);
    q.addBindValue(pinHash);
    q.addBindValue(formatInstant(at));
    if (!q.exec())
        return Database::queryError(q, QStringLiteral("staff_credential"));
    return {};
}

Result<void> CredentialStore::setFailures(const QString &staffId, int failures, const QDateTime &lockedUntil)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE staff_credential SET failures = ?, locked_until = ? WHERE staff_id = ?"));
    q.addBindValue(failures);
    q.addBindValue(lockedUntil.isValid() ? QVariant(formatInstant(lockedUntil)) : QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(staffId);
    if (!q.exec())
        return Database::queryError(q, QStringLiteral("staff_credential"));
    return {};
}

Result<void> CredentialStore::remove(const QString &staffId)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("DELETE FROM staff_credential WHERE staff_id = ?"));
    q.addBindValue(staffId);
    if (!q.exec())
        return Database::queryError(q, QStringLiteral("staff_credential"));
    return {};
}

} // namespace lanxin
