#include "homeservice.h"

#include "services.h"

#include "storage/stationstore.h"

namespace lanxin {

HomeService::HomeService(StationServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
    // Counted when the home page shows (refresh()), not at start: the app starts on the kiosk home.
}

QString HomeService::today() const
{
    StationStore *store = m_services.store();
    return formatDate(store ? store->clock().today() : QDate::currentDate());
}

void HomeService::refresh()
{
    StationStore *store = m_services.store();
    if (!store)
        return;
    const QDate today = store->clock().today();
    const QDate first(today.year(), today.month(), 1);
    const ActivityCounts c = store->overview().activity(first, first.addMonths(1));
    m_counts = {{QStringLiteral("sessions"), c.sessions},
                {QStringLiteral("attendances"), c.attendances},
                {QStringLiteral("referrals"), c.referrals},
                {QStringLiteral("visits"), c.visits},
                {QStringLiteral("year"), today.year()},
                {QStringLiteral("month"), today.month()}};
    m_dueCount = store->overview().dueCount(today.addDays(kDueHorizonDays));
    emit changed();
}

} // namespace lanxin
