#include "duelistmodel.h"

#include "services.h"

#include "storage/stationstore.h"

namespace lanxin {

DueListModel::DueListModel(QObject *parent)
    : PagedListModel(parent)
{
}

void DueListModel::setHorizonDays(int days)
{
    if (days == m_horizonDays)
        return;
    m_horizonDays = days;
    emit horizonDaysChanged();
    requery();
}

int DueListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

void DueListModel::commitPending()
{
    m_rows += m_pending;
    m_pending.clear();
}

void DueListModel::clearRows()
{
    m_rows.clear();
    m_pending.clear();
    m_priorityIds.clear();
}

int DueListModel::fetchPending(int offset, int limit)
{
    StationStore *store = StationServices::instance() ? StationServices::instance()->store() : nullptr;
    if (!store)
        return 0;
    if (offset == 0) {
        m_pending = store->overview().priorityFollowUps();
        for (const DueItem &item : std::as_const(m_pending))
            m_priorityIds.insert(item.id);
    }
    const QList<DueItem> page = store->overview().due(store->clock().today().addDays(m_horizonDays), {offset, limit});
    for (const DueItem &item : page) {
        if (!m_priorityIds.contains(item.id))
            m_pending << item;
    }
    return static_cast<int>(page.size());
}

QVariant DueListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const DueItem *item = &m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return item->residentName;
    case KindRole:
        return kindName(item->kind);
    case RecordIdRole:
        return item->id;
    case ResidentIdRole:
        return item->residentId;
    case DueRole:
        return formatDate(item->due);
    case DaysLateRole: {
        StationStore *store = StationServices::instance() ? StationServices::instance()->store() : nullptr;
        return store && item->due.isValid() ? static_cast<int>(item->due.daysTo(store->clock().today())) : 0;
    }
    case PriorityRole:
        return item->priority;
    case RiskLevelRole:
        return item->riskLevel;
    case PurposesRole:
        return item->purposes;
    case AwaitingRole:
        return item->awaiting;
    default:
        return {};
    }
}

QHash<int, QByteArray> DueListModel::roleNames() const
{
    return {{KindRole, "kind"},           {RecordIdRole, "recordId"}, {ResidentIdRole, "residentId"},
            {NameRole, "name"},           {DueRole, "due"},           {DaysLateRole, "daysLate"},
            {PriorityRole, "priority"},   {RiskLevelRole, "riskLevel"}, {PurposesRole, "purposes"},
            {AwaitingRole, "awaiting"}};
}

} // namespace lanxin
