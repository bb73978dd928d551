#include "records.h"

namespace lanxin {
namespace {

// Null-aware helpers: an empty string, an invalid date or time is a null (absent) value.
void put(QVariantMap &m, const char *k, const QString &v)
{
    m.insert(QLatin1String(k), v.isEmpty() ? QVariant() : QVariant(v));
}
void put(QVariantMap &m, const char *k, QDate v)
{
    m.insert(QLatin1String(k), v.isValid() ? QVariant(v) : QVariant());
}
void put(QVariantMap &m, const char *k, const QDateTime &v)
{
    m.insert(QLatin1String(k), v.isValid() ? QVariant(v.toUTC()) : QVariant());
}
void put(QVariantMap &m, const char *k, bool v)
{
    m.insert(QLatin1String(k), v);
}
void put(QVariantMap &m, const char *k, const QStringList &v)
{
    m.insert(QLatin1String(k), v);
}

QString str(const QVariantMap &m, const char *k)
{
    return m.value(QLatin1String(k)).toString();
}
QDate date(const QVariantMap &m, const char *k)
{
    return m.value(QLatin1String(k)).toDate();
}
QDateTime instant(const QVariantMap &m, const char *k)
{
    return m.value(QLatin1String(k)).toDateTime();
}
bool flag(const QVariantMap &m, const char *k, bool fallback = false)
{
    const QVariant v = m.value(QLatin1String(k));
    return v.isValid() ? v.toBool() : fallback;
}
QStringList list(const QVariantMap &m, const char *k)
{
    return m.value(QLatin1String(k)).toStringList();
}

} // namespace

QVariantMap Staff::toValues() const
{
    QVariantMap m;
    put(m, "name", name);
    put(m, "role", role);
    put(m, "active", active);
    put(m, "phone", phone);
    return m;
}

Staff Staff::fromValues(const QVariantMap &v)
{
    Staff s;
    s.name = str(v, "name");
    s.role = str(v, "role");
    s.active = flag(v, "active", true);
    s.phone = str(v, "phone");
    return s;
}

QVariantMap Resident::toValues() const
{
    QVariantMap m;
    put(m, "name", name);
    put(m, "gender", gender);
    put(m, "birth_date", birthDate);
    put(m, "id_number", idNumber);
    put(m, "phone", phone);
    put(m, "village", village);
    put(m, "address", address);
    put(m, "tags", tags);
    put(m, "consent_general_at", consentGeneralAt);
    put(m, "consent_sensitive_at", consentSensitiveAt);
    put(m, "guardian_name", guardianName);
    put(m, "needs_review", needsReview);
    put(m, "merged_into", mergedInto);
    return m;
}

Resident Resident::fromValues(const QVariantMap &v)
{
    Resident r;
    r.name = str(v, "name");
    r.gender = str(v, "gender");
    r.birthDate = date(v, "birth_date");
    r.idNumber = str(v, "id_number");
    r.phone = str(v, "phone");
    r.village = str(v, "village");
    r.address = str(v, "address");
    r.tags = list(v, "tags");
    r.consentGeneralAt = instant(v, "consent_general_at");
    r.consentSensitiveAt = instant(v, "consent_sensitive_at");
    r.guardianName = str(v, "guardian_name");
    r.needsReview = flag(v, "needs_review");
    r.mergedInto = str(v, "merged_into");
    return r;
}

QVariantMap TrainingSession::toValues() const
{
    QVariantMap m;
    put(m, "title", title);
    put(m, "category", category);
    put(m, "starts_at", startsAt);
    put(m, "ends_at", endsAt);
    put(m, "location", location);
    put(m, "trainer", trainer);
    m.insert(QStringLiteral("capacity"), capacity ? QVariant(*capacity) : QVariant());
    put(m, "status", status);
    put(m, "self_registration", selfRegistration);
    if (!organiser.isEmpty())
        put(m, "organiser", organiser);
    return m;
}

TrainingSession TrainingSession::fromValues(const QVariantMap &v)
{
    TrainingSession s;
    s.title = str(v, "title");
    s.category = str(v, "category");
    s.startsAt = instant(v, "starts_at");
    s.endsAt = instant(v, "ends_at");
    s.location = str(v, "location");
    s.trainer = str(v, "trainer");
    if (v.value(QStringLiteral("capacity")).isValid())
        s.capacity = v.value(QStringLiteral("capacity")).toLongLong();
    s.status = str(v, "status");
    s.selfRegistration = flag(v, "self_registration");
    s.organiser = str(v, "organiser");
    return s;
}

QVariantMap Attendance::toValues() const
{
    QVariantMap m;
    put(m, "session_id", sessionId);
    put(m, "resident_id", residentId);
    put(m, "registered_via", registeredVia);
    put(m, "registered_at", registeredAt);
    put(m, "checked_in_at", checkedInAt);
    return m;
}

Attendance Attendance::fromValues(const QVariantMap &v)
{
    Attendance a;
    a.sessionId = str(v, "session_id");
    a.residentId = str(v, "resident_id");
    a.registeredVia = str(v, "registered_via");
    a.registeredAt = instant(v, "registered_at");
    a.checkedInAt = instant(v, "checked_in_at");
    return a;
}

QVariantMap ScreeningReferral::toValues() const
{
    QVariantMap m;
    put(m, "resident_id", residentId);
    put(m, "cervical", cervical);
    put(m, "breast", breast);
    put(m, "referred_on", referredOn);
    put(m, "facility_code", facilityCode);
    put(m, "appointment_date", appointmentDate);
    put(m, "age_exception_reason", ageExceptionReason);
    put(m, "screened_on", screenedOn);
    put(m, "result", result);
    put(m, "result_on", resultOn);
    put(m, "result_notes", resultNotes);
    put(m, "diagnosed_on", diagnosedOn);
    put(m, "treated_on", treatedOn);
    put(m, "closed_reason", closedReason);
    put(m, "follow_up_due", followUpDue);
    return m;
}

ScreeningReferral ScreeningReferral::fromValues(const QVariantMap &v)
{
    ScreeningReferral r;
    r.residentId = str(v, "resident_id");
    r.cervical = flag(v, "cervical");
    r.breast = flag(v, "breast");
    r.referredOn = date(v, "referred_on");
    r.facilityCode = str(v, "facility_code");
    r.appointmentDate = date(v, "appointment_date");
    r.ageExceptionReason = str(v, "age_exception_reason");
    r.screenedOn = date(v, "screened_on");
    r.result = str(v, "result");
    r.resultOn = date(v, "result_on");
    r.resultNotes = str(v, "result_notes");
    r.diagnosedOn = date(v, "diagnosed_on");
    r.treatedOn = date(v, "treated_on");
    r.closedReason = str(v, "closed_reason");
    r.followUpDue = date(v, "follow_up_due");
    return r;
}

ScreeningReferral::Status ScreeningReferral::status() const
{
    if (!closedReason.isEmpty())
        return Status::Closed;
    if (treatedOn.isValid())
        return Status::Treated;
    if (diagnosedOn.isValid())
        return Status::Diagnosed;
    if (!result.isEmpty())
        return Status::Result;
    if (screenedOn.isValid())
        return Status::Screened;
    return Status::Referred;
}

QVariantMap FamilyVisit::toValues() const
{
    QVariantMap m;
    put(m, "resident_id", residentId);
    put(m, "visited_at", visitedAt);
    put(m, "purposes", purposes);
    put(m, "risk_level", riskLevel);
    put(m, "dv_risk", dvRisk);
    put(m, "notes", notes);
    put(m, "follow_up_needed", followUpNeeded);
    put(m, "next_visit_due", nextVisitDue);
    put(m, "visitor", visitor);
    put(m, "follows_visit_id", followsVisitId);
    return m;
}

FamilyVisit FamilyVisit::fromValues(const QVariantMap &v)
{
    FamilyVisit f;
    f.residentId = str(v, "resident_id");
    f.visitedAt = instant(v, "visited_at");
    f.purposes = list(v, "purposes");
    f.riskLevel = str(v, "risk_level");
    f.dvRisk = flag(v, "dv_risk");
    f.notes = str(v, "notes");
    f.followUpNeeded = flag(v, "follow_up_needed");
    f.nextVisitDue = date(v, "next_visit_due");
    f.visitor = str(v, "visitor");
    f.followsVisitId = str(v, "follows_visit_id");
    return f;
}

} // namespace lanxin
