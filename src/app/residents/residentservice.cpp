#include "residentservice.h"

#include "formvalues.h"
#include "services.h"
#include "shell/appsettings.h"
#include "shell/staffsession.h"

#include "core/idnumber.h"
#include "core/masking.h"
#include "storage/stationstore.h"

namespace lanxin {
namespace {

QString digitsOnly(const QString &s)
{
    QString out;
    for (QChar c : s) {
        if (c != u' ' && c != u'-')
            out += c;
    }
    return out;
}

} // namespace

ResidentService::ResidentService(StationServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
}

QVariantMap ResidentService::toForm(const QString &id, bool whole) const
{
    StationStore *store = m_services.store();
    if (!store)
        return {};
    const auto r = store->residents().get(id);
    if (!r || r->envelope.deleted)
        return {};
    const int age = ageOn(r->birthDate, store->clock().today());
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), r->name},
            {QStringLiteral("gender"), r->gender},
            {QStringLiteral("birth_date"), dateText(r->birthDate)},
            {QStringLiteral("age"), age},
            {QStringLiteral("id_number"), whole ? r->idNumber : QString()},
            {QStringLiteral("phone"), whole ? r->phone : QString()},
            {QStringLiteral("maskedIdNumber"), maskIdNumber(r->idNumber)},
            {QStringLiteral("maskedPhone"), maskPhone(r->phone)},
            {QStringLiteral("hasIdNumber"), !r->idNumber.isEmpty()},
            {QStringLiteral("hasPhone"), !r->phone.isEmpty()},
            {QStringLiteral("village"), r->village},
            {QStringLiteral("address"), r->address},
            {QStringLiteral("tags"), r->tags},
            {QStringLiteral("guardian_name"), r->guardianName},
            {QStringLiteral("needsReview"), r->needsReview},
            {QStringLiteral("mergedInto"), r->mergedInto},
            {QStringLiteral("consentGeneral"), r->consentGeneralAt.isValid()},
            {QStringLiteral("consentSensitive"), r->consentSensitiveAt.isValid()},
            {QStringLiteral("wholeNumbers"), whole}};
}

QVariantMap ResidentService::get(const QString &id) const
{
    return toForm(id, false);
}

QVariantMap ResidentService::getForEdit(const QString &id) const
{
    return toForm(id, m_services.session().director() && !m_services.session().locked());
}

QVariantMap ResidentService::changesFrom(const QString &id, const QVariantMap &form, QList<FieldError> *errors) const
{
    StationStore *store = m_services.store();
    const std::optional<Resident> current = id.isEmpty() || !store ? std::nullopt : store->residents().get(id);
    const bool whole = m_services.session().director();
    QVariantMap fields;
    for (const char *f : {"name", "gender", "birth_date", "village", "address", "tags", "guardian_name"}) {
        const QString key = QLatin1String(f);
        if (form.contains(key))
            fields.insert(key, form.value(key));
    }
    // A volunteer sees the numbers masked: an empty field there means "keep", not "clear".
    for (const char *f : {"id_number", "phone"}) {
        const QString key = QLatin1String(f);
        if (!form.contains(key))
            continue;
        QString value = form.value(key).toString().trimmed();
        if (value.isEmpty() && current && !whole)
            continue;
        value = key == QLatin1String("id_number") ? normalizeIdNumber(value) : digitsOnly(value);
        fields.insert(key, value);
    }
    QVariantMap values = logicalValues(Kind::Resident, fields, errors);
    const QDateTime now = store ? store->clock().now() : QDateTime::currentDateTimeUtc();
    auto consent = [&](const char *formKey, const char *field, const QDateTime &had) {
        const QString key = QLatin1String(formKey);
        if (!form.contains(key))
            return;
        const bool on = form.value(key).toBool();
        if (on && !had.isValid())
            values.insert(QLatin1String(field), now);
        else if (!on && had.isValid())
            values.insert(QLatin1String(field), QVariant());
    };
    consent("consentGeneral", "consent_general_at", current ? current->consentGeneralAt : QDateTime());
    consent("consentSensitive", "consent_sensitive_at", current ? current->consentSensitiveAt : QDateTime());
    if (!current)
        values.insert(QStringLiteral("needs_review"), false);
    return values;
}

QVariantMap ResidentService::validate(const QString &id, const QVariantMap &form) const
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    QList<FieldError> errors;
    const QVariantMap changes = changesFrom(id, form, &errors);
    QVariantMap merged;
    if (store && !id.isEmpty()) {
        if (auto r = store->residents().get(id))
            merged = r->toValues();
    }
    for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
        if (it.value().isValid())
            merged.insert(it.key(), it.value());
        else
            merged.remove(it.key());
    }
    ValidationContext ctx;
    ctx.today = store ? store->clock().today() : QDate::currentDate();
    for (const FieldError &e : validateRecord(Kind::Resident, merged, ctx)) {
        if (std::none_of(errors.cbegin(), errors.cend(), [&](const FieldError &p) { return p.field == e.field; }))
            errors << e;
    }
    return formFailed(errors, {}, zh);
}

QVariantList ResidentService::duplicates(const QString &id, const QVariantMap &form) const
{
    StationStore *store = m_services.store();
    if (!store)
        return {};
    QList<FieldError> ignored;
    Resident candidate = Resident::fromValues(changesFrom(id, form, &ignored));
    candidate.envelope.id = id;
    QVariantList out;
    const QString idNumber = candidate.idNumber;
    for (const Resident &r : store->residents().findDuplicates(candidate)) {
        out << QVariantMap{{QStringLiteral("id"), r.envelope.id},
                           {QStringLiteral("name"), r.name},
                           {QStringLiteral("village"), r.village},
                           {QStringLiteral("birthDate"), dateText(r.birthDate)},
                           {QStringLiteral("idNumber"), maskIdNumber(r.idNumber)},
                           {QStringLiteral("sameIdNumber"), !idNumber.isEmpty() && r.idNumber == idNumber}};
    }
    return out;
}

QVariantList ResidentService::duplicatesOf(const QString &id) const
{
    StationStore *store = m_services.store();
    const auto r = store ? store->residents().get(id) : std::nullopt;
    if (!r)
        return {};
    QVariantList out;
    for (const Resident &d : store->residents().findDuplicates(*r)) {
        out << QVariantMap{{QStringLiteral("id"), d.envelope.id},
                           {QStringLiteral("name"), d.name},
                           {QStringLiteral("village"), d.village},
                           {QStringLiteral("birthDate"), dateText(d.birthDate)},
                           {QStringLiteral("idNumber"), maskIdNumber(d.idNumber)},
                           {QStringLiteral("sameIdNumber"), !r->idNumber.isEmpty() && d.idNumber == r->idNumber}};
    }
    return out;
}

QVariantMap ResidentService::save(const QString &id, const QVariantMap &form)
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    if (!store)
        return formFailed({}, tr("数据库没有打开"), zh);
    QList<FieldError> errors;
    const QVariantMap values = changesFrom(id, form, &errors);
    if (!errors.isEmpty()) {
        // Report every field at once: parse errors first, then what validation says of the rest.
        const QVariantMap rest = validate(id, form).value(QStringLiteral("errors")).toMap();
        QVariantMap result = formFailed(errors, {}, zh);
        QVariantMap byField = result.value(QStringLiteral("errors")).toMap();
        for (auto it = rest.cbegin(); it != rest.cend(); ++it) {
            if (!byField.contains(it.key()))
                byField.insert(it.key(), it.value());
        }
        result.insert(QStringLiteral("errors"), byField);
        return result;
    }
    auto saved = id.isEmpty() ? store->residents().createFrom(values) : store->residents().updateFields(id, values);
    if (!saved)
        return formFailed(saved.error(), store->residents().lastFieldErrors(), zh);
    m_services.notifyChanged(QStringLiteral("resident"));
    return formOk(saved->envelope.id);
}

QVariantMap ResidentService::merge(const QString &loserId, const QString &winnerId)
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    if (!store || !m_services.session().director() || m_services.session().locked())
        return formFailed({}, tr("只有妇女主任可以合并居民"), zh);
    auto merged = store->residents().merge(loserId, winnerId);
    if (!merged)
        return formFailed(merged.error(), store->residents().lastFieldErrors(), zh);
    m_services.notifyChanged(QStringLiteral("resident"));
    QVariantMap result = formOk(winnerId);
    result.insert(QStringLiteral("attendances"), merged->attendances);
    result.insert(QStringLiteral("referrals"), merged->referrals);
    result.insert(QStringLiteral("visits"), merged->visits);
    return result;
}

QVariantMap ResidentService::confirm(const QString &id)
{
    const bool zh = m_services.settings().chinese();
    StationStore *store = m_services.store();
    if (!store || !m_services.session().director() || m_services.session().locked())
        return formFailed({}, tr("只有妇女主任可以确认自助报名的居民"), zh);
    auto confirmed = store->residents().confirmReviewed(id);
    if (!confirmed)
        return formFailed(confirmed.error(), store->residents().lastFieldErrors(), zh);
    m_services.notifyChanged(QStringLiteral("resident"));
    return formOk(id);
}

int ResidentService::reviewCount() const
{
    StationStore *store = m_services.store();
    ResidentFilter f;
    f.onlyNeedsReview = true;
    return store ? store->residents().count(f) : 0;
}

} // namespace lanxin
