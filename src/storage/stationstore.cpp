#include "stationstore.h"

#include "fieldcipher.h"
#include "keystore.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>

namespace lanxin {

StationStore::StationStore(const Clock *clock)
    : m_clock(clock ? clock : &m_ownClock)
{
}

StationStore::~StationStore() = default;

QString StationStore::databasePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("lanxin.db"));
}

Result<StationStore::Opened> StationStore::open(const QString &dataDir, const Database::Options &options)
{
    m_dataDir = dataDir;
    if (auto made = makeDataDir(dataDir); !made)
        return made.error();
    const QString path = databasePath(dataDir);
    const bool existed = QFileInfo(path).size() > 0;

    KeyResult key = loadOrCreateKey(dataDir, existed);
    if (!key.error.isEmpty())
        return Error{QStringLiteral("key_missing"), key.error};

    Opened opened;
    opened.keyLocation = key.location;
    opened.keyFallbackAnnounced = key.announcedFallback;
    auto report = m_db.open(path, options);
    if (!report)
        return report.error();
    opened.report = report.value();

    m_deviceId = m_db.meta(QStringLiteral("device_id"));
    if (m_deviceId.isEmpty()) {
        m_deviceId = newDeviceId();
        if (auto r = m_db.setMeta(QStringLiteral("device_id"), m_deviceId); !r)
            return r.error();
    }
    m_cipher = std::make_unique<FieldCipher>(key.key);
    key.key.fill('\0');
    // A known value encrypted at first open tells a wrong key at once, not at the first failed decrypt.
    const QByteArray check = QByteArray::fromBase64(m_db.meta(QStringLiteral("key_check")).toLatin1());
    if (check.isEmpty()) {
        const QByteArray blob = m_cipher->encrypt(u"meta", u"key_check", u"lanxin");
        if (auto r = m_db.setMeta(QStringLiteral("key_check"), QString::fromLatin1(blob.toBase64())); !r)
            return r.error();
    } else if (m_cipher->decrypt(u"meta", u"key_check", check) != QStringLiteral("lanxin")) {
        m_db.close();
        return Error{QStringLiteral("key_mismatch"),
                     bilingual(QStringLiteral("数据库密钥不匹配：这个密钥打不开本机数据库"),
                               QStringLiteral("The database key does not match this database"))};
    }
    m_cipherRef = m_cipher.get();
    if (auto r = finishOpen(); !r)
        return r.error();
    return opened;
}

Result<StationStore::Opened> StationStore::openSharing(const StationStore &primary, const Database::Options &options)
{
    m_dataDir = primary.dataDir();
    Opened opened;
    opened.keyLocation = QStringLiteral("shared");
    Database::Options o = options;
    o.checkIntegrity = false; // the primary connection checked it
    auto report = m_db.open(databasePath(m_dataDir), o);
    if (!report)
        return report.error();
    opened.report = report.value();
    m_deviceId = m_db.meta(QStringLiteral("device_id"));
    m_cipherRef = &primary.cipher();
    if (auto r = finishOpen(); !r)
        return r.error();
    return opened;
}

Result<void> StationStore::finishOpen()
{
    m_hlc = std::make_unique<HlcClock>(m_deviceId, m_clock);
    m_records = std::make_unique<RecordStore>(m_db, *m_cipherRef, *m_hlc, *m_clock);
    m_records->setStationId(stationCode());
    m_residents = std::make_unique<ResidentRepository>(*m_records);
    m_sessions = std::make_unique<TrainingSessionRepository>(*m_records);
    m_attendances = std::make_unique<AttendanceRepository>(*m_records);
    m_referrals = std::make_unique<ScreeningReferralRepository>(*m_records);
    m_visits = std::make_unique<FamilyVisitRepository>(*m_records);
    m_staff = std::make_unique<StaffRepository>(*m_records);
    m_reference = std::make_unique<ReferenceRepository>(*m_records);
    m_overview = std::make_unique<OverviewRepository>(*m_records);
    m_credentials = std::make_unique<CredentialStore>(m_db);
    // Receipt digests are kept up to date by every write; a database from before they existed gets
    // them computed once.
    if (m_db.meta(QStringLiteral("receipt_digests")) != QLatin1String("1")) {
        auto built = m_db.transaction([&]() -> Result<void> {
            if (auto r = m_records->rebuildReceiptDigests(); !r)
                return r;
            return m_db.setMeta(QStringLiteral("receipt_digests"), QStringLiteral("1"));
        });
        if (!built)
            return built;
    }
    return {};
}

QString StationStore::stationCode()
{
    return m_db.meta(QStringLiteral("station_code"));
}

Result<void> StationStore::setStationCode(const QString &code)
{
    auto r = m_db.setMeta(QStringLiteral("station_code"), code);
    if (r)
        m_records->setStationId(code);
    return r;
}

QMap<QString, int> StationStore::liveCounts()
{
    QMap<QString, int> out;
    for (Kind k : recordKinds())
        out.insert(kindName(k), m_records->count(k, QStringLiteral("deleted = 0"), {}));
    return out;
}

int StationStore::outboxPending()
{
    QSqlQuery q(m_db.db());
    // Open entries, and the records of batches in flight (taken out of the outbox: migration 6).
    if (q.exec(QStringLiteral("SELECT (SELECT count(*) FROM outbox) + (SELECT coalesce(sum(records), 0) FROM sync_batch)"))
        && q.next())
        return q.value(0).toInt();
    return 0;
}

} // namespace lanxin
