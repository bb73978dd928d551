#pragma once

#include "pagedlistmodel.h"

#include "core/records.h"

#include <QQmlEngine>

namespace lanxin {

/// Training sessions by status and date. `filter`: "today" (starting today), "upcoming" (planned or
/// open, from today on, soonest first), "past" (before today, newest first), "all" (newest first).
class SessionListModel : public lanxin::PagedListModel // qualified: qmltyperegistrar matches base classes by full name
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        CategoryRole,
        DateRole,
        StartTimeRole,
        EndTimeRole,
        LocationRole,
        TrainerRole,
        CapacityRole,
        StatusRole,
        SelfRegistrationRole,
        RegisteredRole,
        CheckedInRole,
    };

    explicit SessionListModel(QObject *parent = nullptr);

    [[nodiscard]] QString filter() const { return m_filter; }
    void setFilter(const QString &filter);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

signals:
    void filterChanged();

protected:
    int fetchPending(int offset, int limit) override;
    [[nodiscard]] int pendingCount() const override { return static_cast<int>(m_pending.size()); }
    void commitPending() override;
    void clearRows() override;

private:
    struct Row
    {
        TrainingSession session;
        int registered = 0;
        int checkedIn = 0;
    };
    QString m_filter = QStringLiteral("upcoming");
    QList<Row> m_rows;
    QList<Row> m_pending;
};

} // namespace lanxin
