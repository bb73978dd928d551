#include "residentlistmodel.h"

#include "services.h"

#include "core/masking.h"
#include "core/validation.h"
#include "storage/stationstore.h"

namespace lanxin {
namespace {

StationStore *storeOrNull()
{
    return StationServices::instance() ? StationServices::instance()->store() : nullptr;
}

QString statusName(ScreeningReferral::Status s)
{
    switch (s) {
    case ScreeningReferral::Status::Referred:
        return QStringLiteral("referred");
    case ScreeningReferral::Status::Screened:
        return QStringLiteral("screened");
    case ScreeningReferral::Status::Result:
        return QStringLiteral("result");
    case ScreeningReferral::Status::Diagnosed:
        return QStringLiteral("diagnosed");
    case ScreeningReferral::Status::Treated:
        return QStringLiteral("treated");
    case ScreeningReferral::Status::Closed:
        return QStringLiteral("closed");
    }
    return {};
}

} // namespace

ResidentListModel::ResidentListModel(QObject *parent)
    : PagedListModel(parent)
{
}

int ResidentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

void ResidentListModel::commitPending()
{
    m_rows += m_pending;
    m_pending.clear();
}

void ResidentListModel::clearRows()
{
    m_rows.clear();
    m_pending.clear();
}

void ResidentListModel::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    emit queryChanged();
    requery();
}

void ResidentListModel::setReviewOnly(bool on)
{
    if (on == m_reviewOnly)
        return;
    m_reviewOnly = on;
    emit reviewOnlyChanged();
    requery();
}

int ResidentListModel::fetchPending(int offset, int limit)
{
    StationStore *store = storeOrNull();
    if (!store)
        return 0;
    m_today = store->clock().today();
    if (m_reviewOnly) {
        ResidentFilter f;
        f.onlyNeedsReview = true;
        m_pending = store->residents().list(f, {offset, limit});
    } else {
        m_pending = store->residents().search(m_query, {offset, limit});
    }
    return static_cast<int>(m_pending.size());
}

QVariant ResidentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Resident &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.name;
    case IdRole:
        return r.envelope.id;
    case GenderRole:
        return r.gender;
    case BirthDateRole:
        return r.birthDate.isValid() ? formatDate(r.birthDate) : QString();
    case AgeRole:
        return ageOn(r.birthDate, m_today);
    case VillageRole:
        return r.village;
    case PhoneRole:
        return maskPhone(r.phone);
    case IdNumberRole:
        return maskIdNumber(r.idNumber);
    case TagsRole:
        return r.tags;
    case NeedsReviewRole:
        return r.needsReview;
    default:
        return {};
    }
}

QHash<int, QByteArray> ResidentListModel::roleNames() const
{
    return {{IdRole, "residentId"}, {NameRole, "name"},         {GenderRole, "gender"},
            {BirthDateRole, "birthDate"}, {AgeRole, "age"},     {VillageRole, "village"},
            {PhoneRole, "maskedPhone"}, {IdNumberRole, "maskedIdNumber"}, {TagsRole, "tags"},
            {NeedsReviewRole, "needsReview"}};
}

HistoryModel::HistoryModel(QObject *parent)
    : PagedListModel(parent)
{
}

void HistoryModel::setResidentId(const QString &id)
{
    if (id == m_residentId)
        return;
    m_residentId = id;
    emit residentIdChanged();
    requery();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int HistoryModel::fetchPending(int offset, int limit)
{
    StationStore *store = storeOrNull();
    if (!store || m_residentId.isEmpty())
        return 0;
    const QList<HistoryEntry> entries = store->residents().history(m_residentId, {offset, limit});
    QStringList attendanceIds, referralIds, visitIds;
    for (const HistoryEntry &e : entries) {
        (e.kind == Kind::Attendance ? attendanceIds : e.kind == Kind::ScreeningReferral ? referralIds : visitIds) << e.id;
    }
    QHash<QString, Row> rows;
    const QList<Attendance> attendances = store->attendances().byIds(attendanceIds);
    QStringList sessionIds;
    for (const Attendance &a : attendances)
        sessionIds << a.sessionId;
    QHash<QString, TrainingSession> sessions;
    for (const TrainingSession &s : store->sessions().byIds(sessionIds))
        sessions.insert(s.envelope.id, s);
    for (const Attendance &a : attendances) {
        Row row;
        row.kind = Kind::Attendance;
        row.id = a.envelope.id;
        const TrainingSession s = sessions.value(a.sessionId);
        row.date = (s.startsAt.isValid() ? s.startsAt : a.registeredAt).toTimeZone(localZone()).date();
        row.title = s.title;
        row.category = s.category;
        row.via = a.registeredVia;
        row.attended = a.checkedInAt.isValid();
        rows.insert(row.id, row);
    }
    for (const ScreeningReferral &r : store->referrals().byIds(referralIds)) {
        Row row;
        row.kind = Kind::ScreeningReferral;
        row.id = r.envelope.id;
        row.date = r.referredOn;
        row.status = statusName(r.status());
        row.step = static_cast<int>(r.status());
        if (r.cervical)
            row.screenings << QStringLiteral("cervical");
        if (r.breast)
            row.screenings << QStringLiteral("breast");
        row.followUpDue = r.followUpDue;
        rows.insert(row.id, row);
    }
    for (const FamilyVisit &v : store->visits().byIds(visitIds)) {
        Row row;
        row.kind = Kind::FamilyVisit;
        row.id = v.envelope.id;
        row.date = v.visitedAt.toTimeZone(localZone()).date();
        row.purposes = v.purposes;
        row.riskLevel = v.riskLevel;
        row.followUpDue = v.followUpNeeded ? v.nextVisitDue : QDate();
        rows.insert(row.id, row);
    }
    for (const HistoryEntry &e : entries) {
        if (rows.contains(e.id))
            m_pending << rows.value(e.id);
    }
    return static_cast<int>(entries.size());
}

void HistoryModel::commitPending()
{
    m_rows += m_pending;
    m_pending.clear();
}

void HistoryModel::clearRows()
{
    m_rows.clear();
    m_pending.clear();
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return r.title;
    case KindRole:
        return kindName(r.kind);
    case RecordIdRole:
        return r.id;
    case DateRole:
        return r.date.isValid() ? formatDate(r.date) : QString();
    case CategoryRole:
        return r.category;
    case ViaRole:
        return r.via;
    case AttendedRole:
        return r.attended;
    case StatusRole:
        return r.status;
    case StatusStepRole:
        return r.step;
    case ScreeningsRole:
        return r.screenings;
    case PurposesRole:
        return r.purposes;
    case RiskLevelRole:
        return r.riskLevel;
    case FollowUpDueRole:
        return r.followUpDue.isValid() ? formatDate(r.followUpDue) : QString();
    default:
        return {};
    }
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    return {{KindRole, "kind"},         {RecordIdRole, "recordId"},     {DateRole, "date"},
            {TitleRole, "title"},       {CategoryRole, "category"},     {ViaRole, "via"},
            {AttendedRole, "attended"}, {StatusRole, "status"},         {StatusStepRole, "statusStep"},
            {ScreeningsRole, "screenings"}, {PurposesRole, "purposes"}, {RiskLevelRole, "riskLevel"},
            {FollowUpDueRole, "followUpDue"}};
}

} // namespace lanxin
