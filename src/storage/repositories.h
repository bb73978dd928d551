#pragma once

#include "recordstore.h"

#include "core/records.h"

#include <QHash>
#include <QSet>

namespace lanxin {

/// Typed access to one record kind over the RecordStore: create, update (changed fields only),
/// soft delete, get, and paged lists. Kind-specific queries live in the subclasses.
template<typename T>
class Repository
{
public:
    Repository(RecordStore &store, Kind kind) : m_store(store), m_kind(kind) {}

    [[nodiscard]] Result<T> create(const T &value, const QString &id = {}) { return wrap(m_store.create(m_kind, value.toValues(), id)); }
    /// Saves `value` over the record `id`: only the fields whose value differs are stamped and synced.
    [[nodiscard]] Result<T> update(const QString &id, const T &value) { return wrap(m_store.update(m_kind, id, value.toValues())); }
    /// Creates from logical values (forms that hold a value map rather than a T).
    [[nodiscard]] Result<T> createFrom(const QVariantMap &values) { return wrap(m_store.create(m_kind, values)); }
    /// Changes only the named fields.
    [[nodiscard]] Result<T> updateFields(const QString &id, const QVariantMap &changes) { return wrap(m_store.update(m_kind, id, changes)); }
    [[nodiscard]] Result<void> remove(const QString &id) { return m_store.remove(m_kind, id); }
    [[nodiscard]] std::optional<T> get(const QString &id)
    {
        if (auto r = m_store.get(m_kind, id))
            return fromStored(*r);
        return std::nullopt;
    }
    [[nodiscard]] QList<FieldError> lastFieldErrors() const { return m_store.lastFieldErrors(); }
    /// The live records among `ids` (any order; missing and deleted ones left out).
    [[nodiscard]] QList<T> byIds(const QStringList &ids)
    {
        if (ids.isEmpty())
            return {};
        QVariantList binds;
        for (const QString &id : ids)
            binds << id;
        return query(QStringLiteral("deleted = 0 AND id IN (%1)").arg(QStringList(ids.size(), QStringLiteral("?")).join(u',')),
                     binds, {}, Page{0, static_cast<int>(ids.size())});
    }

    static T fromStored(const StoredRecord &r)
    {
        T value = T::fromValues(r.values);
        value.envelope = Envelope{r.id, r.stationId, r.createdAt, r.updatedAt, r.deleted};
        return value;
    }

protected:
    [[nodiscard]] QList<T> query(const QString &where, const QVariantList &binds, const QString &orderBy, Page page)
    {
        QList<T> out;
        for (const StoredRecord &r : m_store.select(m_kind, where, binds, orderBy, page))
            out << fromStored(r);
        return out;
    }
    [[nodiscard]] static QList<T> fromStoredList(const QList<StoredRecord> &rows)
    {
        QList<T> out;
        out.reserve(rows.size());
        for (const StoredRecord &r : rows)
            out << fromStored(r);
        return out;
    }
    [[nodiscard]] Result<T> wrap(Result<StoredRecord> r)
    {
        if (!r)
            return r.error();
        return fromStored(r.value());
    }

    RecordStore &m_store;
    Kind m_kind;
};

/// One item of a resident's history: a training she was registered for, a referral, a visit; newest first.
struct HistoryEntry
{
    Kind kind = Kind::Attendance; ///< Attendance, ScreeningReferral or FamilyVisit
    QString id;
    QString sortKey; ///< the session's start, the referral date or the visit time, as stored
};

/// What a merge of two residents re-pointed.
struct MergeReport
{
    int attendances = 0;
    int referrals = 0;
    int visits = 0;
    QStringList filledFields; ///< the survivor's empty fields filled from the merged record
};

struct ResidentFilter
{
    QString village;
    QString tag;
    bool onlyNeedsReview = false;
};

class ResidentRepository : public Repository<Resident>
{
public:
    explicit ResidentRepository(RecordStore &store) : Repository(store, Kind::Resident) {}

    /// What a search string is taken to be.
    enum class SearchMode { Empty, Name, Pinyin, PhoneOrIdTail, PhoneNumber, IdNumber };
    [[nodiscard]] static SearchMode modeOf(QStringView query);

    /// Search as staff type: name substring, full-pinyin prefix, pinyin initials (zxy → 张秀英),
    /// the last 4 digits of a phone or ID number, or a whole phone or ID number. Live residents only.
    [[nodiscard]] QList<Resident> search(const QString &query, Page page = {});
    /// Residents with the same ID number, or the same name + birth date + village.
    [[nodiscard]] QList<Resident> findDuplicates(const Resident &candidate);
    [[nodiscard]] std::optional<Resident> findByIdNumber(const QString &idNumber);
    [[nodiscard]] std::optional<Resident> findByPhone(const QString &phone);

    /// The key of findDuplicates' second rule: name, birth date and village (empty when none), for
    /// matching many candidates in memory. Empty when the name or the birth date is missing.
    [[nodiscard]] static QString identityKey(const QString &name, QDate birthDate, const QString &village);
    /// Set-wise forms of findByIdNumber and findDuplicates for imports: of the ID numbers' blind
    /// indexes (FieldCipher::blindIndex("id_number", normalized number)), those a live resident has;
    /// and the identity keys of the live, unmerged residents with one of `names`. A few queries for
    /// any number of candidates.
    [[nodiscard]] Result<QSet<QByteArray>> presentIdIndexes(const QList<QByteArray> &idIndexes);
    [[nodiscard]] Result<QSet<QString>> presentIdentities(const QStringList &names);
    [[nodiscard]] QList<Resident> list(const ResidentFilter &filter, Page page);
    [[nodiscard]] int count(const ResidentFilter &filter);

    /// Her trainings (attendances), referrals and visits, newest first.
    [[nodiscard]] QList<HistoryEntry> history(const QString &residentId, Page page);
    [[nodiscard]] int historyCount(const QString &residentId);

    /// Merges the duplicate `loserId` into `winnerId` in one transaction, as ordinary edits that sync:
    /// the winner's empty fields take the loser's values (tags are joined) and lose needs_review; the
    /// loser gets merged_into = winner; the loser's referrals and visits are re-pointed to the winner;
    /// each of her attendances becomes the winner's attendance at that session (its id is derived from
    /// session and resident, so the old one is tombstoned and the earliest check-in is kept).
    [[nodiscard]] Result<MergeReport> merge(const QString &loserId, const QString &winnerId);
    /// Confirms a kiosk sign-up (needs_review off).
    [[nodiscard]] Result<Resident> confirmReviewed(const QString &id);
};

struct SessionFilter
{
    QStringList statuses;   ///< empty = any
    QDateTime from, to;     ///< starts_at range; invalid = open
    bool onlySelfRegistration = false;
    bool newestFirst = false;
};

class TrainingSessionRepository : public Repository<TrainingSession>
{
public:
    explicit TrainingSessionRepository(RecordStore &store) : Repository(store, Kind::TrainingSession) {}
    [[nodiscard]] QList<TrainingSession> list(const SessionFilter &filter, Page page);
    [[nodiscard]] int count(const SessionFilter &filter);
};

class AttendanceRepository : public Repository<Attendance>
{
public:
    explicit AttendanceRepository(RecordStore &store) : Repository(store, Kind::Attendance) {}
    /// Registers a resident for a session (the id is derived, so registering twice is one record).
    [[nodiscard]] Result<Attendance> registerFor(const QString &sessionId, const QString &residentId, const QString &via);
    [[nodiscard]] Result<Attendance> checkIn(const QString &sessionId, const QString &residentId);
    [[nodiscard]] Result<Attendance> undoCheckIn(const QString &sessionId, const QString &residentId);
    [[nodiscard]] QList<Attendance> forSession(const QString &sessionId, Page page = {0, 1000});
    [[nodiscard]] QList<Attendance> forResident(const QString &residentId, Page page = {0, 1000});
    [[nodiscard]] int countForSession(const QString &sessionId);
    /// Registered and checked-in counts of each of `sessionIds` (absent = none), in one query.
    struct SessionCounts
    {
        int registered = 0;
        int checkedIn = 0;
    };
    [[nodiscard]] QHash<QString, SessionCounts> countsFor(const QStringList &sessionIds);
};

class ScreeningReferralRepository : public Repository<ScreeningReferral>
{
public:
    explicit ScreeningReferralRepository(RecordStore &store) : Repository(store, Kind::ScreeningReferral) {}
    [[nodiscard]] QList<ScreeningReferral> forResident(const QString &residentId);
    /// Open referrals whose follow-up is due on or before `until`, earliest first.
    [[nodiscard]] QList<ScreeningReferral> dueBy(QDate until, Page page = {});
    [[nodiscard]] QList<ScreeningReferral> list(Page page);
};

class FamilyVisitRepository : public Repository<FamilyVisit>
{
public:
    explicit FamilyVisitRepository(RecordStore &store) : Repository(store, Kind::FamilyVisit) {}
    [[nodiscard]] QList<FamilyVisit> forResident(const QString &residentId);
    /// Visits needing a follow-up that no later visit has closed, due on or before `until`.
    [[nodiscard]] QList<FamilyVisit> openFollowUps(QDate until, Page page = {});
    [[nodiscard]] QList<FamilyVisit> list(Page page);
    /// Her visits whose follow-up is still open (no later visit names them in follows_visit_id).
    [[nodiscard]] QList<FamilyVisit> openFollowUpsFor(const QString &residentId);
};

class StaffRepository : public Repository<Staff>
{
public:
    explicit StaffRepository(RecordStore &store) : Repository(store, Kind::Staff) {}
    [[nodiscard]] QList<Staff> active();
    /// Every staff record (inactive ones too), directors first.
    [[nodiscard]] QList<Staff> all();
};

/// Reference data the district sends (read-only here).
class ReferenceRepository
{
public:
    explicit ReferenceRepository(RecordStore &store) : m_store(store) {}
    /// Screening sites, by town and name. Empty until sync brings them.
    [[nodiscard]] QList<Facility> facilities();
    [[nodiscard]] std::optional<Station> station(const QString &code);

private:
    RecordStore &m_store;
};

} // namespace lanxin
