#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace lanxin {

class Database;

/// A staff member's PIN on this device (table staff_credential): never synced, never logged.
struct Credential
{
    QString staffId;
    QString pinHash; ///< crypto_pwhash_str output (Argon2id, its parameters and salt inside)
    int failures = 0; ///< wrong tries in a row
    QDateTime lockedUntil; ///< invalid = no wait
    QDateTime setAt;
};

/// How hard PIN hashing works. Interactive is libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE (≈ 0.1–0.5 s,
/// 64 MiB); Fast is its minimum, for tests only.
enum class PinHashCost { Interactive, Fast };

/// Argon2id (libsodium crypto_pwhash_str). Thread-safe: the app runs them off the UI thread.
[[nodiscard]] Result<QString> hashPin(const QString &pin, PinHashCost cost = PinHashCost::Interactive);
[[nodiscard]] bool verifyPin(const QString &hash, const QString &pin);

/// The staff_credential table. The only SQL on PIN records.
class CredentialStore
{
public:
    explicit CredentialStore(Database &db) : m_db(db) {}

    [[nodiscard]] std::optional<Credential> get(const QString &staffId);
    [[nodiscard]] QList<Credential> all();
    /// Sets (or replaces) the hash and clears failures and waits.
    [[nodiscard]] Result<void> setHash(const QString &staffId, const QString &pinHash, const QDateTime &at);
    /// Records the outcome of a try: failures and the wait that follows (invalid = none).
    [[nodiscard]] Result<void> setFailures(const QString &staffId, int failures, const QDateTime &lockedUntil);
    [[nodiscard]] Result<void> remove(const QString &staffId);

private:
    Database &m_db;
};

} // namespace lanxin
