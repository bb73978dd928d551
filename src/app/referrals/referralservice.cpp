#include "referralservice.h"

#include "formvalues.h"
#include "services.h"
#include "shell/appsettings.h"

#include "core/demodata.h"
#include "storage/stationstore.h"

namespace lanxin {
namespace {

const char *statusName(ScreeningReferral::Status s)
{
    switch (s) {
    case ScreeningReferral::Status::Referred:
        return "referred";
    case ScreeningReferral::Status::Screened:
        return "screened";
    case ScreeningReferral::Status::Result:
        return "result";
    case ScreeningReferral::Status::Diagnosed:
        return "diagnosed";
    case ScreeningReferral::Status::Treated:
        return "treated";
    case ScreeningReferral::Status::Closed:
        return "closed";
    }
    return "";
}

} // namespace

ReferralService::ReferralService(StationServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
    connect(&services, &StationServices::recordsChanged, this, [this](const QString &kind) {
        if (kind == QLatin1String("facility"))
            emit facilitiesChanged();
    });
}

QVariantList ReferralService::facilities() const
{
    QVariantList out;
    StationStore *store = m_services.store();
    QList<Facility> list = store ? store->reference().facilities() : QList<Facility>();
    if (list.isEmpty()) {
        for (const DemoFacility &f : demoFacilities())
            list << Facility{f.code, f.name, f.town, f.type};
    }
    for (const Facility &f : list)
        out << QVariantMap{{QStringLiteral("code"), f.code}, {QStringLiteral("name"), f.name},
                           {QStringLiteral("town"), f.town}, {QStringLiteral("type"), f.type}};
    return out;
}

QVariantMap ReferralService::ageCheck(const QString &residentId, const QString &referredOn) const
{
    StationStore *store = m_services.store();
    const auto r = store ? store->residents().get(residentId) : std::nullopt;
    const QDate on = parseDate(referredOn.trimmed());
    const int age = r ? ageOn(r->birthDate, on) : -1;
    return {{QStringLiteral("known"), age >= 0},
            {QStringLiteral("age"), age},
            {QStringLiteral("inRange"), age < 0 || inScreeningAge(r->birthDate, on)},
            {QStringLiteral("minAge"), kScreeningMinAge},
            {QStringLiteral("maxAge"), kScreeningMaxAge}};
}

QVariantMap ReferralService::blank(const QString &residentId) const
{
    StationStore *store = m_services.store();
    const QDate today = store ? store->clock().today() : QDate::currentDate();
    const QVariantList sites = facilities();
    return {{QStringLiteral("id"), QString()},
            {QStringLiteral("resident_id"), residentId},
            {QStringLiteral("cervical"), true},
            {QStringLiteral("breast"), true},
            {QStringLiteral("referred_on"), formatDate(today)},
            {QStringLiteral("facility_code"), sites.isEmpty() ? QString() : sites.first().toMap().value(QStringLiteral("code"))},
            {QStringLiteral("appointment_date"), formatDate(today.addDays(7))},
            {QStringLiteral("age_exception_reason"), QString()},
            {QStringLiteral("follow_up_due"), QString()}};
}

QVariantMap ReferralService::get(const QString &id) const
{
    StationStore *store = m_services.store();
    const auto r = store ? store->referrals().get(id) : std::nullopt;
    if (!r || r->envelope.deleted)
        return {};
    const auto resident = store->residents().get(r->residentId);
    QString facilityName = r->facilityCode;
    for (const QVariant &f : facilities()) {
        if (f.toMap().value(QStringLiteral("code")).toString() == r->facilityCode)
            facilityName = f.toMap().value(QStringLiteral("name")).toString();
    }
    return {{QStringLiteral("id"), id},
            {QStringLiteral("resident_id"), r->residentId},
            {QStringLiteral("residentName"), resident ? resident->name : QString()},
            {QStringLiteral("cervical"), r->cervical},
            {QStringLiteral("breast"), r->breast},
            {QStringLiteral("referred_on"), dateText(r->referredOn)},
            {QStringLiteral("facility_code"), r->facilityCode},
            {QStringLiteral("facilityName"), facilityName},
            {QStringLiteral("appointment_date"), dateText(r->appointmentDate)},
            {QStringLiteral("age_exception_reason"), r->ageExceptionReason},
            {QStringLiteral("screened_on"), dateText(r->screenedOn)},
            {QStringLiteral("result"), r->result},
            {QStringLiteral("result_on"), dateText(r->resultOn)},
            {QStringLiteral("result_notes"), r->resultNotes},
            {QStringLiteral("diagnosed_on"), dateText(r->diagnosedOn)},
            {QStringLiteral("treated_on"), dateText(r->treatedOn)},
            {QStringLiteral("closed_reason"), r->closedReason},
            {QStringLiteral("follow_up_due"), dateText(r->followUpDue)},
            {QStringLiteral("status"), QLatin1String(statusName(r->status()))},
            {QStringLiteral("step"), static_cast<int>(r->status())}};
}

QVariantMap ReferralService::save(const QString &id, const QVariantMap &form)
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    if (!store)
        return formFailed({}, tr("数据库没有打开"), zh);
    QList<FieldError> errors;
    QVariantMap values = logicalValues(Kind::ScreeningReferral, form, &errors);
    if (!errors.isEmpty())
        return formFailed(errors, {}, zh);

    // The next follow-up follows the milestone just recorded, unless the form sets one.
    if (!form.contains(QStringLiteral("follow_up_due"))) {
        const auto current = id.isEmpty() ? std::nullopt : store->referrals().get(id);
        QVariantMap after = current ? current->toValues() : QVariantMap();
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            after.insert(it.key(), it.value());
        const ScreeningReferral r = ScreeningReferral::fromValues(after);
        QDate due;
        switch (r.status()) {
        case ScreeningReferral::Status::Referred:
            due = r.appointmentDate.isValid() ? r.appointmentDate.addDays(kDaysAfterAppointment)
                                              : r.referredOn.addDays(kDaysWithoutAppointment);
            break;
        case ScreeningReferral::Status::Screened:
            due = r.screenedOn.addDays(kDaysToResult);
            break;
        case ScreeningReferral::Status::Result:
            if (r.result == QLatin1String("abnormal"))
                due = (r.resultOn.isValid() ? r.resultOn : r.screenedOn).addDays(kDaysToDiagnosis);
            break;
        case ScreeningReferral::Status::Diagnosed:
            due = r.diagnosedOn.addDays(kDaysToTreatment);
            break;
        case ScreeningReferral::Status::Treated:
        case ScreeningReferral::Status::Closed:
            break;
        }
        values.insert(QStringLiteral("follow_up_due"), due.isValid() ? QVariant(due) : QVariant());
    }
    auto saved = id.isEmpty() ? store->referrals().createFrom(values) : store->referrals().updateFields(id, values);
    if (!saved)
        return formFailed(saved.error(), store->referrals().lastFieldErrors(), zh);
    m_services.notifyChanged(QStringLiteral("screening_referral"));
    return formOk(saved->envelope.id);
}

} // namespace lanxin
