#pragma once

#include "credentialstore.h"
#include "database.h"
#include "overviewrepository.h"
#include "recordstore.h"
#include "repositories.h"

#include "core/clock.h"
#include "core/hlc.h"

#include <memory>

namespace lanxin {

class FieldCipher;

/// Everything a station keeps in its data directory, opened together: the key, the database,
/// the device's identity and clock, the record store and a repository per kind.
class StationStore
{
public:
    struct Opened
    {
        Database::OpenReport report;
        QString keyLocation;       ///< "keychain" or "file"
        bool keyFallbackAnnounced = false; ///< no OS keystore: the key is in a 0600 file (tell staff)
    };

    explicit StationStore(const Clock *clock = nullptr);
    ~StationStore();

    /// Opens (creating) `dataDir`/lanxin.db with its key. Fails with a clear message, never with a new key
    /// for an existing encrypted database.
    [[nodiscard]] Result<Opened> open(const QString &dataDir, const Database::Options &options = {});

    /// A second connection to the database `primary` opened, for another thread (the sync engine):
    /// its own Database, clock state and repositories, sharing the primary's key (which must outlive it).
    /// WAL lets the two work at once; never share one QSqlDatabase across threads.
    [[nodiscard]] Result<Opened> openSharing(const StationStore &primary, const Database::Options &options = {});

    [[nodiscard]] static QString databasePath(const QString &dataDir);
    [[nodiscard]] const QString &dataDir() const { return m_dataDir; }
    [[nodiscard]] const QString &deviceId() const { return m_deviceId; }
    /// The enrolled station's code, or empty before enrollment.
    [[nodiscard]] QString stationCode();
    [[nodiscard]] Result<void> setStationCode(const QString &code);

    [[nodiscard]] Database &database() { return m_db; }
    [[nodiscard]] RecordStore &records() { return *m_records; }
    [[nodiscard]] const Clock &clock() const { return *m_clock; }
    [[nodiscard]] HlcClock &hlc() { return *m_hlc; }
    [[nodiscard]] const FieldCipher &cipher() const { return *m_cipherRef; }

    [[nodiscard]] ResidentRepository &residents() { return *m_residents; }
    [[nodiscard]] TrainingSessionRepository &sessions() { return *m_sessions; }
    [[nodiscard]] AttendanceRepository &attendances() { return *m_attendances; }
    [[nodiscard]] ScreeningReferralRepository &referrals() { return *m_referrals; }
    [[nodiscard]] FamilyVisitRepository &visits() { return *m_visits; }
    [[nodiscard]] StaffRepository &staff() { return *m_staff; }
    [[nodiscard]] ReferenceRepository &reference() { return *m_reference; }
    [[nodiscard]] OverviewRepository &overview() { return *m_overview; }
    [[nodiscard]] CredentialStore &credentials() { return *m_credentials; }

    /// Live records per record kind, and outbox entries waiting (status --json).
    [[nodiscard]] QMap<QString, int> liveCounts();
    [[nodiscard]] int outboxPending();

private:
    [[nodiscard]] Result<void> finishOpen();

    Clock m_ownClock;
    const Clock *m_clock;
    QString m_dataDir;
    QString m_deviceId;
    Database m_db;
    std::unique_ptr<FieldCipher> m_cipher;
    const FieldCipher *m_cipherRef = nullptr;
    std::unique_ptr<HlcClock> m_hlc;
    std::unique_ptr<RecordStore> m_records;
    std::unique_ptr<ResidentRepository> m_residents;
    std::unique_ptr<TrainingSessionRepository> m_sessions;
    std::unique_ptr<AttendanceRepository> m_attendances;
    std::unique_ptr<ScreeningReferralRepository> m_referrals;
    std::unique_ptr<FamilyVisitRepository> m_visits;
    std::unique_ptr<StaffRepository> m_staff;
    std::unique_ptr<ReferenceRepository> m_reference;
    std::unique_ptr<OverviewRepository> m_overview;
    std::unique_ptr<CredentialStore> m_credentials;
};

} // namespace lanxin
