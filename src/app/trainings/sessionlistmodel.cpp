#include "sessionlistmodel.h"

#include "formvalues.h"
#include "services.h"

#include "storage/stationstore.h"

namespace lanxin {

SessionListModel::SessionListModel(QObject *parent)
    : PagedListModel(parent)
{
}

void SessionListModel::setFilter(const QString &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    emit filterChanged();
    requery();
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SessionListModel::fetchPending(int offset, int limit)
{
    StationStore *store = StationServices::instance() ? StationServices::instance()->store() : nullptr;
    if (!store)
        return 0;
    const QDate today = store->clock().today();
    const QDateTime dayStart = QDateTime(today, QTime(0, 0), localZone()).toUTC();
    SessionFilter f;
    if (m_filter == QLatin1String("today")) {
        f.from = dayStart;
        f.to = dayStart.addDays(1);
    } else if (m_filter == QLatin1String("upcoming")) {
        f.from = dayStart;
        f.statuses = {QStringLiteral("planned"), QStringLiteral("open")};
    } else if (m_filter == QLatin1String("past")) {
        f.to = dayStart;
        f.newestFirst = true;
    } else {
        f.newestFirst = true;
    }
    const QList<TrainingSession> sessions = store->sessions().list(f, {offset, limit});
    QStringList ids;
    for (const TrainingSession &s : sessions)
        ids << s.envelope.id;
    const auto counts = store->attendances().countsFor(ids);
    for (const TrainingSession &s : sessions) {
        const auto c = counts.value(s.envelope.id);
        m_pending << Row{s, c.registered, c.checkedIn};
    }
    return static_cast<int>(sessions.size());
}

void SessionListModel::commitPending()
{
    m_rows += m_pending;
    m_pending.clear();
}

void SessionListModel::clearRows()
{
    m_rows.clear();
    m_pending.clear();
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    const TrainingSession &s = row.session;
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return s.title;
    case IdRole:
        return s.envelope.id;
    case CategoryRole:
        return s.category;
    case DateRole:
        return localDateText(s.startsAt);
    case StartTimeRole:
        return localTimeText(s.startsAt);
    case EndTimeRole:
        return localTimeText(s.endsAt);
    case LocationRole:
        return s.location;
    case TrainerRole:
        return s.trainer;
    case CapacityRole:
        return s.capacity ? static_cast<int>(*s.capacity) : 0;
    case StatusRole:
        return s.status;
    case SelfRegistrationRole:
        return s.selfRegistration;
    case RegisteredRole:
        return row.registered;
    case CheckedInRole:
        return row.checkedIn;
    default:
        return {};
    }
}

QHash<int, QByteArray> SessionListModel::roleNames() const
{
    return {{IdRole, "sessionId"},     {TitleRole, "title"},         {CategoryRole, "category"},
            {DateRole, "date"},        {StartTimeRole, "startTime"}, {EndTimeRole, "endTime"},
            {LocationRole, "location"}, {TrainerRole, "trainer"},    {CapacityRole, "capacity"},
            {StatusRole, "status"},    {SelfRegistrationRole, "selfRegistration"},
            {RegisteredRole, "registered"}, {CheckedInRole, "checkedIn"}};
}

} // namespace lanxin
