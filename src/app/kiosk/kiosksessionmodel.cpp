#include "kiosksessionmodel.h"

namespace lanxin {

QVariantMap KioskSession::toMap() const
{
    return {
        {QStringLiteral("sessionId"), id},
        {QStringLiteral("title"), title},
        {QStringLiteral("category"), category},
        {QStringLiteral("categoryLabel"), categoryLabel},
        {QStringLiteral("dayText"), dayText},
        {QStringLiteral("timeText"), timeText},
        {QStringLiteral("location"), location},
        {QStringLiteral("capacity"), capacity},
        {QStringLiteral("seatsLeft"), seatsLeft},
        {QStringLiteral("full"), full()},
        {QStringLiteral("isOffer"), isOffer},
        {QStringLiteral("organiser"), organiser},
    };
}

int KioskSessionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

QVariant KioskSessionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const KioskSession &s = m_sessions.at(index.row());
    switch (role) {
    case IdRole:
        return s.id;
    case Qt::DisplayRole:
    case TitleRole:
        return s.title;
    case CategoryRole:
        return s.category;
    case CategoryLabelRole:
        return s.categoryLabel;
    case DayTextRole:
        return s.dayText;
    case TimeTextRole:
        return s.timeText;
    case LocationRole:
        return s.location;
    case CapacityRole:
        return s.capacity;
    case SeatsLeftRole:
        return s.seatsLeft;
    case FullRole:
        return s.full();
    case IsOfferRole:
        return s.isOffer;
    case OrganiserRole:
        return s.organiser;
    default:
        return {};
    }
}

QHash<int, QByteArray> KioskSessionModel::roleNames() const
{
    return {
        {IdRole, "sessionId"},
        {TitleRole, "title"},
        {CategoryRole, "category"},
        {CategoryLabelRole, "categoryLabel"},
        {DayTextRole, "dayText"},
        {TimeTextRole, "timeText"},
        {LocationRole, "location"},
        {CapacityRole, "capacity"},
        {SeatsLeftRole, "seatsLeft"},
        {FullRole, "full"},
        {IsOfferRole, "isOffer"},
        {OrganiserRole, "organiser"},
    };
}

void KioskSessionModel::setSessions(QList<KioskSession> sessions)
{
    const bool countChanges = sessions.size() != m_sessions.size();
    beginResetModel();
    m_sessions = std::move(sessions);
    endResetModel();
    if (countChanges)
        emit countChanged();
}

} // namespace lanxin
