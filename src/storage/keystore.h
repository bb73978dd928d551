#pragma once

#include <QByteArray>
#include <QString>

namespace lanxin {

/// The station's master key and where it lives (SECURITY.md 23).
struct KeyResult
{
    QByteArray key; ///< 32 bytes on success, empty on error
    QString location; ///< "keychain" | "file"; empty on error
    QString error; ///< empty on success; otherwise one line, Chinese / English
    bool announcedFallback = false; ///< a new key went to the file store because no keystore worked

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

/// Loads the station's master key, or makes a new random one if none exists yet.
/// `dataDir` holds the database; `databaseHasEncryptedData` = an encrypted database already exists
/// there. The key lives in the OS keystore (QtKeychain, service "lanxin-station", one entry per
/// canonical data dir) or, where none works or LANXIN_KEY_STORE=file, in `dataDir/station.key`
/// (32 raw bytes, mode 0600). `dataDir/key-location` records which. Never makes a new key while
/// encrypted data exists: a missing or unreadable key is an error, and the caller must stop.
/// Blocks (a local event loop) while the keystore answers.
[[nodiscard]] KeyResult loadOrCreateKey(const QString &dataDir, bool databaseHasEncryptedData);

} // namespace lanxin
