#include "visitservice.h"

#include "formvalues.h"
#include "services.h"
#include "shell/appsettings.h"
#include "shell/staffsession.h"

#include "storage/stationstore.h"

namespace lanxin {

VisitService::VisitService(StationServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
}

int VisitService::followUpDays() const
{
    return kDvFollowUpDays;
}

QVariantList VisitService::openFollowUps(const QString &residentId) const
{
    QVariantList out;
    StationStore *store = m_services.store();
    if (!store)
        return out;
    for (const FamilyVisit &v : store->visits().openFollowUpsFor(residentId)) {
        out << QVariantMap{{QStringLiteral("id"), v.envelope.id},
                           {QStringLiteral("date"), localDateText(v.visitedAt)},
                           {QStringLiteral("due"), dateText(v.nextVisitDue)},
                           {QStringLiteral("priority"), visitNeedsFollowUp(v.toValues())}};
    }
    return out;
}

QVariantMap VisitService::blank(const QString &residentId) const
{
    StationStore *store = m_services.store();
    const QDateTime now = store ? store->clock().now() : QDateTime::currentDateTimeUtc();
    const QVariantList open = openFollowUps(residentId);
    return {{QStringLiteral("id"), QString()},
            {QStringLiteral("resident_id"), residentId},
            {QStringLiteral("date"), localDateText(now)},
            {QStringLiteral("time"), localTimeText(now)},
            {QStringLiteral("purposes"), QStringList()},
            {QStringLiteral("risk_level"), QStringLiteral("none")},
            {QStringLiteral("dv_risk"), false},
            {QStringLiteral("notes"), QString()},
            {QStringLiteral("follow_up_needed"), false},
            {QStringLiteral("next_visit_due"), QString()},
            {QStringLiteral("follows_visit_id"),
             open.isEmpty() ? QString() : open.first().toMap().value(QStringLiteral("id")).toString()}};
}

bool VisitService::forcesFollowUp(bool dvRisk, const QString &riskLevel) const
{
    return visitNeedsFollowUp({{QStringLiteral("dv_risk"), dvRisk}, {QStringLiteral("risk_level"), riskLevel}});
}

QString VisitService::latestFollowUp(const QString &visitDate) const
{
    const QDate d = parseDate(visitDate.trimmed());
    return d.isValid() ? formatDate(d.addDays(kDvFollowUpDays)) : QString();
}

QVariantMap VisitService::get(const QString &id) const
{
    StationStore *store = m_services.store();
    const auto v = store ? store->visits().get(id) : std::nullopt;
    if (!v || v->envelope.deleted)
        return {};
    const auto resident = store->residents().get(v->residentId);
    const auto visitor = v->visitor.isEmpty() ? std::nullopt : store->staff().get(v->visitor);
    bool followedUp = false;
    for (const FamilyVisit &other : store->visits().forResident(v->residentId)) {
        if (other.followsVisitId == id)
            followedUp = true;
    }
    return {{QStringLiteral("id"), id},
            {QStringLiteral("resident_id"), v->residentId},
            {QStringLiteral("residentName"), resident ? resident->name : QString()},
            {QStringLiteral("date"), localDateText(v->visitedAt)},
            {QStringLiteral("time"), localTimeText(v->visitedAt)},
            {QStringLiteral("purposes"), v->purposes},
            {QStringLiteral("risk_level"), v->riskLevel},
            {QStringLiteral("dv_risk"), v->dvRisk},
            {QStringLiteral("notes"), v->notes},
            {QStringLiteral("follow_up_needed"), v->followUpNeeded},
            {QStringLiteral("next_visit_due"), dateText(v->nextVisitDue)},
            {QStringLiteral("visitorName"), visitor ? visitor->name : QString()},
            {QStringLiteral("follows_visit_id"), v->followsVisitId},
            {QStringLiteral("followedUp"), followedUp}};
}

QVariantMap VisitService::save(const QVariantMap &form)
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    if (!store)
        return formFailed({}, tr("数据库没有打开"), zh);
    QList<FieldError> errors;
    QVariantMap fields;
    for (const char *f : {"resident_id", "purposes", "risk_level", "dv_risk", "notes", "follow_up_needed",
                          "next_visit_due", "follows_visit_id"})
        fields.insert(QLatin1String(f), form.value(QLatin1String(f)));
    QVariantMap values = logicalValues(Kind::FamilyVisit, fields, &errors);
    const QDateTime at = localInstant(form.value(QStringLiteral("date")).toString(), form.value(QStringLiteral("time")).toString());
    if (!at.isValid())
        errors << FieldError{QStringLiteral("visited_at"), QStringLiteral("invalid_field"),
                             QStringLiteral("走访时间应为日期“年-月-日”和时间“时:分”"),
                             QStringLiteral("Visit time: enter the date as year-month-day and the time as hours:minutes")};
    if (!errors.isEmpty())
        return formFailed(errors, {}, zh);
    values.insert(QStringLiteral("visited_at"), at);
    // The rule is the form's too: a risky visit always asks for a follow-up.
    if (visitNeedsFollowUp(values))
        values.insert(QStringLiteral("follow_up_needed"), true);
    if (!m_services.session().staffId().isEmpty())
        values.insert(QStringLiteral("visitor"), m_services.session().staffId());
    auto saved = store->visits().createFrom(values);
    if (!saved)
        return formFailed(saved.error(), store->visits().lastFieldErrors(), zh);
    m_services.notifyChanged(QStringLiteral("family_visit"));
    return formOk(saved->envelope.id);
}

} // namespace lanxin
