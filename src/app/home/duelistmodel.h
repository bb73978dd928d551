#pragma once

#include "pagedlistmodel.h"

#include "storage/overviewrepository.h"

#include <QQmlEngine>
#include <QSet>

namespace lanxin {

/// The staff home's due list: DV and high-risk visit follow-ups on top (priority), then visit and
/// referral follow-ups due within `horizonDays`, most overdue first.
class DueListModel : public lanxin::PagedListModel // qualified: qmltyperegistrar matches base classes by full name
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int horizonDays READ horizonDays WRITE setHorizonDays NOTIFY horizonDaysChanged)

public:
    enum Roles {
        KindRole = Qt::UserRole + 1,
        RecordIdRole,
        ResidentIdRole,
        NameRole,
        DueRole,
        DaysLateRole,
        PriorityRole,
        RiskLevelRole,
        PurposesRole,
        AwaitingRole,
    };

    explicit DueListModel(QObject *parent = nullptr);

    [[nodiscard]] int horizonDays() const { return m_horizonDays; }
    void setHorizonDays(int days);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

signals:
    void horizonDaysChanged();

protected:
    int fetchPending(int offset, int limit) override;
    [[nodiscard]] int pendingCount() const override { return static_cast<int>(m_pending.size()); }
    void commitPending() override;
    void clearRows() override;

private:
    QList<DueItem> m_rows;
    QList<DueItem> m_pending;
    int m_horizonDays = 7;
    QSet<QString> m_priorityIds;
};

} // namespace lanxin
