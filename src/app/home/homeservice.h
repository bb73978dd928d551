#pragma once

#include "singleton.h"

#include <QObject>
#include <QVariantMap>

namespace lanxin {

class StationServices;

/// The staff home's numbers: this month's sessions, attendances (check-ins), referrals and visits,
/// and how many follow-ups are due. QML name: Home.
class HomeService : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Home)
    QML_SINGLETON
    LANXIN_SINGLETON(HomeService)
    Q_PROPERTY(QVariantMap counts READ counts NOTIFY changed)
    Q_PROPERTY(int dueCount READ dueCount NOTIFY changed)
    Q_PROPERTY(QString today READ today NOTIFY changed)

public:
    explicit HomeService(StationServices &services, QObject *parent = nullptr);

    /// {sessions, attendances, referrals, visits, month: "2026-11"}
    [[nodiscard]] QVariantMap counts() const { return m_counts; }
    [[nodiscard]] int dueCount() const { return m_dueCount; }
    /// Today's local date, yyyy-MM-dd (from the injectable clock).
    [[nodiscard]] QString today() const;

    /// Days the due list looks ahead.
    static constexpr int kDueHorizonDays = 7;

public slots:
    void refresh();

signals:
    void changed();

private:
    StationServices &m_services;
    QVariantMap m_counts;
    int m_dueCount = 0;
};

} // namespace lanxin
