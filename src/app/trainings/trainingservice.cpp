#include "trainingservice.h"

#include "formvalues.h"
#include "services.h"
#include "shell/appsettings.h"

#include "storage/stationstore.h"

namespace lanxin {

TrainingService::TrainingService(StationServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
}

QVariantMap TrainingService::get(const QString &id) const
{
    StationStore *store = m_services.store();
    if (!store)
        return {};
    const auto s = store->sessions().get(id);
    if (!s || s->envelope.deleted)
        return {};
    const auto counts = store->attendances().countsFor({id}).value(id);
    return {{QStringLiteral("id"), id},
            {QStringLiteral("title"), s->title},
            {QStringLiteral("category"), s->category},
            {QStringLiteral("date"), localDateText(s->startsAt)},
            {QStringLiteral("startTime"), localTimeText(s->startsAt)},
            {QStringLiteral("endTime"), localTimeText(s->endsAt)},
            {QStringLiteral("location"), s->location},
            {QStringLiteral("trainer"), s->trainer},
            {QStringLiteral("capacity"), s->capacity ? QString::number(*s->capacity) : QString()},
            {QStringLiteral("status"), s->status},
            {QStringLiteral("selfRegistration"), s->selfRegistration},
            {QStringLiteral("registered"), counts.registered},
            {QStringLiteral("checkedIn"), counts.checkedIn}};
}

QVariantMap TrainingService::blank() const
{
    StationStore *store = m_services.store();
    const QDate today = store ? store->clock().today() : QDate::currentDate();
    return {{QStringLiteral("id"), QString()},
            {QStringLiteral("title"), QString()},
            {QStringLiteral("category"), QString()},
            {QStringLiteral("date"), formatDate(today)},
            {QStringLiteral("startTime"), QStringLiteral("09:00")},
            {QStringLiteral("endTime"), QStringLiteral("11:00")},
            {QStringLiteral("location"), QString()},
            {QStringLiteral("trainer"), QString()},
            {QStringLiteral("capacity"), QStringLiteral("30")},
            {QStringLiteral("status"), QStringLiteral("planned")},
            {QStringLiteral("selfRegistration"), true},
            {QStringLiteral("registered"), 0},
            {QStringLiteral("checkedIn"), 0}};
}

QVariantMap TrainingService::save(const QString &id, const QVariantMap &form)
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    if (!store)
        return formFailed({}, tr("数据库没有打开"), zh);

    QList<FieldError> errors;
    const Kind kind = Kind::TrainingSession;
    const QString date = form.value(QStringLiteral("date")).toString().trimmed();
    const QString start = form.value(QStringLiteral("startTime")).toString().trimmed();
    const QString end = form.value(QStringLiteral("endTime")).toString().trimmed();
    auto timeError = [&](const QString &field, const QString &zhText, const QString &enText) {
        errors << FieldError{field, QStringLiteral("invalid_field"), zhText, enText};
    };
    if (date.isEmpty())
        timeError(QStringLiteral("date"), QStringLiteral("请填写培训日期"), QStringLiteral("Enter the date"));
    else if (!parseDate(date).isValid())
        timeError(QStringLiteral("date"), QStringLiteral("日期应为“年-月-日”，例如 2024-03-08"),
                  QStringLiteral("Enter a date as year-month-day, e.g. 2024-03-08"));
    if (!QTime::fromString(start, QStringLiteral("H:mm")).isValid())
        timeError(QStringLiteral("startTime"), QStringLiteral("开始时间应为“时:分”，例如 09:30"),
                  QStringLiteral("Enter the start time as hours:minutes, e.g. 09:30"));
    if (!end.isEmpty() && !QTime::fromString(end, QStringLiteral("H:mm")).isValid())
        timeError(QStringLiteral("endTime"), QStringLiteral("结束时间应为“时:分”，例如 11:30"),
                  QStringLiteral("Enter the end time as hours:minutes, e.g. 11:30"));

    QVariantMap fields;
    for (const char *f : {"title", "category", "location", "trainer", "capacity", "status"})
        fields.insert(QLatin1String(f), form.value(QLatin1String(f)));
    fields.insert(QStringLiteral("self_registration"), form.value(QStringLiteral("selfRegistration")).toBool());
    QVariantMap values = logicalValues(kind, fields, &errors);
    if (errors.isEmpty() || std::none_of(errors.cbegin(), errors.cend(), [](const FieldError &e) {
            return e.field == QLatin1String("date") || e.field == QLatin1String("startTime");
        }))
        values.insert(QStringLiteral("starts_at"), localInstant(date, start));
    values.insert(QStringLiteral("ends_at"), end.isEmpty() ? QVariant() : QVariant(localInstant(date, end)));

    auto remap = [](QList<FieldError> list) {
        for (FieldError &e : list) {
            if (e.field == QLatin1String("starts_at"))
                e.field = QStringLiteral("startTime");
            else if (e.field == QLatin1String("ends_at"))
                e.field = QStringLiteral("endTime");
        }
        return list;
    };
    if (!errors.isEmpty()) {
        // Check the rest too, so every wrong field shows its message at once.
        QVariantMap rest = values;
        rest.remove(QStringLiteral("starts_at"));
        rest.remove(QStringLiteral("ends_at"));
        ValidationContext ctx;
        ctx.today = store->clock().today();
        for (const FieldError &e : validateRecord(kind, rest, ctx)) {
            if (e.field != QLatin1String("starts_at"))
                errors << e;
        }
        return formFailed(remap(errors), {}, zh);
    }
    auto saved = id.isEmpty() ? store->sessions().createFrom(values) : store->sessions().updateFields(id, values);
    if (!saved)
        return formFailed(saved.error(), remap(store->sessions().lastFieldErrors()), zh);
    m_services.notifyChanged(QStringLiteral("training_session"));
    return formOk(saved->envelope.id);
}

QVariantMap TrainingService::setStatus(const QString &id, const QString &status)
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    if (!store)
        return formFailed({}, tr("数据库没有打开"), zh);
    auto saved = store->sessions().updateFields(id, {{QStringLiteral("status"), status}});
    if (!saved)
        return formFailed(saved.error(), store->sessions().lastFieldErrors(), zh);
    m_services.notifyChanged(QStringLiteral("training_session"));
    return formOk(id);
}

QVariantMap TrainingService::registerResident(const QString &sessionId, const QString &residentId, bool walkIn)
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    if (!store)
        return formFailed({}, tr("数据库没有打开"), zh);
    auto registered = store->attendances().registerFor(sessionId, residentId,
                                                       walkIn ? QStringLiteral("walk_in") : QStringLiteral("staff"));
    if (!registered)
        return formFailed(registered.error(), store->attendances().lastFieldErrors(), zh);
    if (walkIn && !registered->checkedInAt.isValid()) {
        auto checked = store->attendances().checkIn(sessionId, residentId);
        if (!checked)
            return formFailed(checked.error(), store->attendances().lastFieldErrors(), zh);
    }
    m_services.notifyChanged(QStringLiteral("attendance"));
    return formOk(registered->envelope.id);
}

} // namespace lanxin
