#include "rostermodel.h"

#include "services.h"
#include "shell/appsettings.h"

#include "core/ids.h"
#include "core/masking.h"
#include "storage/stationstore.h"

namespace lanxin {
namespace {
StationStore *storeOrNull()
{
    return StationServices::instance() ? StationServices::instance()->store() : nullptr;
}
} // namespace

RosterModel::RosterModel(QObject *parent)
    : PagedListModel(parent)
{
}

void RosterModel::setSessionId(const QString &id)
{
    if (id == m_sessionId)
        return;
    m_sessionId = id;
    emit sessionIdChanged();
    requery();
}

int RosterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

void RosterModel::updateTotals()
{
    StationStore *store = storeOrNull();
    const auto c = store && !m_sessionId.isEmpty() ? store->attendances().countsFor({m_sessionId}).value(m_sessionId)
                                                   : AttendanceRepository::SessionCounts{};
    m_registered = c.registered;
    m_checkedIn = c.checkedIn;
    emit totalsChanged();
}

int RosterModel::fetchPending(int offset, int limit)
{
    StationStore *store = storeOrNull();
    if (!store || m_sessionId.isEmpty())
        return 0;
    if (offset == 0)
        updateTotals();
    const QList<Attendance> page = store->attendances().forSession(m_sessionId, {offset, limit});
    QStringList ids;
    for (const Attendance &a : page)
        ids << a.residentId;
    QHash<QString, Resident> residents;
    for (const Resident &r : store->residents().byIds(ids))
        residents.insert(r.envelope.id, r);
    for (const Attendance &a : page) {
        const Resident r = residents.value(a.residentId);
        m_pending << Row{a, r.name, r.village, maskPhone(r.phone)};
    }
    return static_cast<int>(page.size());
}

void RosterModel::commitPending()
{
    m_rows += m_pending;
    m_pending.clear();
}

void RosterModel::clearRows()
{
    m_rows.clear();
    m_pending.clear();
}

bool RosterModel::setCheckedIn(int row, bool present)
{
    StationStore *store = storeOrNull();
    if (!store || row < 0 || row >= m_rows.size())
        return false;
    Row &r = m_rows[row];
    auto result = present ? store->attendances().checkIn(m_sessionId, r.attendance.residentId)
                          : store->attendances().undoCheckIn(m_sessionId, r.attendance.residentId);
    if (!result)
        return false;
    r.attendance = result.value();
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {CheckedInRole, CheckedInAtRole});
    updateTotals();
    StationServices::instance()->notifyChanged(QStringLiteral("attendance"));
    return true;
}

QVariantMap RosterModel::addWalkIn(const QString &residentId)
{
    StationStore *store = storeOrNull();
    const bool zh = StationServices::instance() && StationServices::instance()->settings().chinese();
    if (!store || m_sessionId.isEmpty())
        return {{QStringLiteral("ok"), false}, {QStringLiteral("message"), tr("没有选中培训")}};
    const auto existing = store->attendances().get(attendanceId(m_sessionId, residentId));
    const bool already = existing && !existing->envelope.deleted;
    if (!already) {
        if (auto r = store->attendances().registerFor(m_sessionId, residentId, QStringLiteral("walk_in")); !r) {
            const auto errors = store->attendances().lastFieldErrors();
            return {{QStringLiteral("ok"), false},
                    {QStringLiteral("message"), errors.isEmpty() ? r.error().message : errors.first().message(zh)}};
        }
    }
    if (!already || !existing->checkedInAt.isValid()) {
        if (auto r = store->attendances().checkIn(m_sessionId, residentId); !r)
            return {{QStringLiteral("ok"), false}, {QStringLiteral("message"), r.error().message}};
    }
    StationServices::instance()->notifyChanged(QStringLiteral("attendance"));
    reload();
    return {{QStringLiteral("ok"), true}, {QStringLiteral("already"), already}, {QStringLiteral("message"), QString()}};
}

int RosterModel::rowOf(const QString &residentId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).attendance.residentId == residentId)
            return i;
    }
    return -1;
}

QVariant RosterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.name;
    case AttendanceIdRole:
        return r.attendance.envelope.id;
    case ResidentIdRole:
        return r.attendance.residentId;
    case VillageRole:
        return r.village;
    case PhoneRole:
        return r.maskedPhone;
    case ViaRole:
        return r.attendance.registeredVia;
    case RegisteredAtRole:
        return r.attendance.registeredAt;
    case CheckedInRole:
        return r.attendance.checkedInAt.isValid();
    case CheckedInAtRole:
        return r.attendance.checkedInAt.isValid()
            ? r.attendance.checkedInAt.toTimeZone(localZone()).time().toString(QStringLiteral("HH:mm"))
            : QString();
    default:
        return {};
    }
}

QHash<int, QByteArray> RosterModel::roleNames() const
{
    return {{AttendanceIdRole, "attendanceId"}, {ResidentIdRole, "residentId"}, {NameRole, "name"},
            {VillageRole, "village"},           {PhoneRole, "maskedPhone"},    {ViaRole, "via"},
            {RegisteredAtRole, "registeredAt"}, {CheckedInRole, "checkedIn"},  {CheckedInAtRole, "checkedInAt"}};
}

} // namespace lanxin
