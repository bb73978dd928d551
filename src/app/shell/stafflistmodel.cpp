#include "stafflistmodel.h"

#include "formvalues.h"
#include "services.h"
#include "shell/appsettings.h"
#include "shell/staffsession.h"

#include "core/pinpolicy.h"
#include "storage/stationstore.h"

namespace lanxin {
namespace {
StationStore *storeOrNull()
{
    return StationServices::instance() ? StationServices::instance()->store() : nullptr;
}
} // namespace

StaffListModel::StaffListModel(QObject *parent)
    : PagedListModel(parent)
{
    if (StationServices::instance())
        connect(&StationServices::instance()->session(), &StaffSession::staffChanged, this, &StaffListModel::requery);
}

int StaffListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int StaffListModel::fetchPending(int offset, int limit)
{
    StationStore *store = storeOrNull();
    if (!store)
        return 0;
    // A station has a handful of staff: one query, paged in memory.
    const QList<Staff> all = store->staff().all();
    const QList<Staff> page = all.mid(offset, limit);
    for (const Staff &s : page) {
        const auto cred = store->credentials().get(s.envelope.id);
        m_pending << Row{s, cred.has_value(), cred && pinpolicy::blocksUntilDirector(cred->failures, s.isDirector()),
                         cred ? cred->failures : 0};
    }
    return static_cast<int>(page.size());
}

void StaffListModel::commitPending()
{
    m_rows += m_pending;
    m_pending.clear();
}

void StaffListModel::clearRows()
{
    m_rows.clear();
    m_pending.clear();
}

QVariant StaffListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.staff.name;
    case IdRole:
        return r.staff.envelope.id;
    case RoleRole:
        return r.staff.role;
    case ActiveRole:
        return r.staff.active;
    case HasPinRole:
        return r.hasPin;
    case BlockedRole:
        return r.blocked;
    case FailuresRole:
        return r.failures;
    default:
        return {};
    }
}

QHash<int, QByteArray> StaffListModel::roleNames() const
{
    return {{IdRole, "staffId"}, {NameRole, "name"},     {RoleRole, "role"},        {ActiveRole, "active"},
            {HasPinRole, "hasPin"}, {BlockedRole, "blocked"}, {FailuresRole, "failures"}};
}

QVariantMap StaffListModel::add(const QVariantMap &form)
{
    StationServices *services = StationServices::instance();
    StationStore *store = storeOrNull();
    const bool zh = services && services->settings().chinese();
    if (!store || !services->session().director() || services->session().locked())
        return formFailed({}, tr("只有妇女主任可以添加工作人员"), zh);
    QList<FieldError> errors;
    QVariantMap fields;
    for (const char *f : {"name", "role", "phone"})
        fields.insert(QLatin1String(f), form.value(QLatin1String(f)));
    fields.insert(QStringLiteral("active"), true);
    const QVariantMap values = logicalValues(Kind::Staff, fields, &errors);
    if (!errors.isEmpty())
        return formFailed(errors, {}, zh);
    auto created = store->staff().createFrom(values);
    if (!created)
        return formFailed(created.error(), store->staff().lastFieldErrors(), zh);
    services->notifyChanged(QStringLiteral("staff"));
    return formOk(created->envelope.id);
}

QVariantMap StaffListModel::setActive(const QString &staffId, bool active)
{
    StationServices *services = StationServices::instance();
    StationStore *store = storeOrNull();
    const bool zh = services && services->settings().chinese();
    if (!store || !services->session().director() || services->session().locked())
        return formFailed({}, tr("只有妇女主任可以修改工作人员"), zh);
    if (!active && staffId == services->session().staffId())
        return formFailed({}, tr("不能停用自己"), zh);
    auto saved = store->staff().updateFields(staffId, {{QStringLiteral("active"), active}});
    if (!saved)
        return formFailed(saved.error(), store->staff().lastFieldErrors(), zh);
    services->notifyChanged(QStringLiteral("staff"));
    return formOk(staffId);
}

} // namespace lanxin
