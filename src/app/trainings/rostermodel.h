#pragma once

#include "pagedlistmodel.h"

#include "core/records.h"

#include <QQmlEngine>

namespace lanxin {

/// The roster of one session: who registered (and how: kiosk, staff, walk-in) and who is checked in.
/// One tap checks a woman in, another undoes it; walk-ins are registered and checked in at once.
class RosterModel : public lanxin::PagedListModel // qualified: qmltyperegistrar matches base classes by full name
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString sessionId READ sessionId WRITE setSessionId NOTIFY sessionIdChanged)
    Q_PROPERTY(int registered READ registered NOTIFY totalsChanged)
    Q_PROPERTY(int checkedIn READ checkedIn NOTIFY totalsChanged)

public:
    enum Roles {
        AttendanceIdRole = Qt::UserRole + 1,
        ResidentIdRole,
        NameRole,
        VillageRole,
        PhoneRole, ///< masked
        ViaRole,
        RegisteredAtRole,
        CheckedInRole,
        CheckedInAtRole,
    };

    explicit RosterModel(QObject *parent = nullptr);

    [[nodiscard]] QString sessionId() const { return m_sessionId; }
    void setSessionId(const QString &id);
    [[nodiscard]] int registered() const { return m_registered; }
    [[nodiscard]] int checkedIn() const { return m_checkedIn; }

    /// Checks in (or, when `present` is false, undoes the check-in of) the woman on `row`.
    Q_INVOKABLE bool setCheckedIn(int row, bool present);
    /// Registers `residentId` as a walk-in (checked in now); {ok, message, already}.
    Q_INVOKABLE QVariantMap addWalkIn(const QString &residentId);
    /// The row of `residentId`, or -1 when not loaded.
    Q_INVOKABLE int rowOf(const QString &residentId) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

signals:
    void sessionIdChanged();
    void totalsChanged();

protected:
    int fetchPending(int offset, int limit) override;
    [[nodiscard]] int pendingCount() const override { return static_cast<int>(m_pending.size()); }
    void commitPending() override;
    void clearRows() override;
    [[nodiscard]] bool ready() const override { return !m_sessionId.isEmpty(); }

private:
    struct Row
    {
        Attendance attendance;
        QString name;
        QString village;
        QString maskedPhone;
    };
    void updateTotals();

    QString m_sessionId;
    QList<Row> m_rows;
    QList<Row> m_pending;
    int m_registered = 0;
    int m_checkedIn = 0;
};

} // namespace lanxin
