#pragma once

#include "pagedlistmodel.h"

#include "core/records.h"

#include <QQmlEngine>

namespace lanxin {

/// The station's staff for the director's settings: role, whether she has a PIN on this device,
/// whether wrong tries blocked it. Refreshes when staff or PINs change.
class StaffListModel : public lanxin::PagedListModel // qualified: qmltyperegistrar matches base classes by full name
{
    Q_OBJECT
    QML_ELEMENT

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        NameRole,
        RoleRole,
        ActiveRole,
        HasPinRole,
        BlockedRole,
        FailuresRole,
    };

    explicit StaffListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// Director only: adds a staff member {name, role, phone}; {ok, id, errors, message}.
    Q_INVOKABLE QVariantMap add(const QVariantMap &form);
    /// Director only: takes a staff member off (or back on) duty; her PIN stops (or starts) working.
    Q_INVOKABLE QVariantMap setActive(const QString &staffId, bool active);

protected:
    int fetchPending(int offset, int limit) override;
    [[nodiscard]] int pendingCount() const override { return static_cast<int>(m_pending.size()); }
    void commitPending() override;
    void clearRows() override;

private:
    struct Row
    {
        Staff staff;
        bool hasPin = false;
        bool blocked = false;
        int failures = 0;
    };
    QList<Row> m_rows;
    QList<Row> m_pending;
};

} // namespace lanxin
