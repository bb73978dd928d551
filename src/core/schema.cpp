#include "schema.h"

#include <QCoreApplication>

#include <array>
#include <vector>

namespace lanxin {
namespace {

using T = FieldType;

constexpr int kName = 50;
constexpr int kTitle = 100;
constexpr int kPlace = 200;
constexpr int kNotes = 4000;
constexpr int kCode = 32;

constexpr std::array kGender{"F", "M"};
constexpr std::array kTags{"left_behind", "elderly_alone", "disabled", "hardship", "single_parent", "migrant"};
constexpr std::array kCategories{"practical_skills", "vocational", "entrepreneurship", "digital_skills",
                                 "family_education", "legal_awareness", "health", "mental_health", "safety",
                                 "other"};
constexpr std::array kSessionStatus{"planned", "open", "closed", "cancelled"};
constexpr std::array kRegisteredVia{"kiosk", "staff", "walk_in"};
constexpr std::array kResult{"normal", "abnormal"};
constexpr std::array kClosedReason{"declined", "lost_to_follow_up", "moved_away", "deceased"};
constexpr std::array kPurposes{"left_behind_care", "dv_follow_up", "dispute_mediation", "elderly_care",
                               "hardship_support", "family_education", "mental_support", "disability_support",
                               "other"};
constexpr std::array kRisk{"none", "low", "medium", "high"};
constexpr std::array kRole{"director", "volunteer"};
constexpr std::array kFacilityType{"hospital", "health_centre"};

constexpr std::array kStaffFields{
    FieldSpec{"name", T::Text, kName, false, {}, true},
    FieldSpec{"role", T::Enum, 0, false, kRole, true},
    FieldSpec{"active", T::Bool},
    FieldSpec{"phone", T::Text, 11, true},
};

constexpr std::array kResidentFields{
    FieldSpec{"name", T::Text, kName, false, {}, true},
    FieldSpec{"gender", T::Enum, 0, false, kGender},
    FieldSpec{"birth_date", T::Date},
    FieldSpec{"id_number", T::Text, 18, true},
    FieldSpec{"phone", T::Text, 11, true},
    FieldSpec{"village", T::Text, kName},
    FieldSpec{"address", T::Text, kPlace},
    FieldSpec{"tags", T::Set, 0, false, kTags},
    FieldSpec{"consent_general_at", T::Instant},
    FieldSpec{"consent_sensitive_at", T::Instant},
    FieldSpec{"guardian_name", T::Text, kName},
    FieldSpec{"needs_review", T::Bool},
    FieldSpec{"merged_into", T::Ref},
};

constexpr std::array kSessionFields{
    FieldSpec{"title", T::Text, kTitle, false, {}, true},
    FieldSpec{"category", T::Enum, 0, false, kCategories, true},
    FieldSpec{"starts_at", T::Instant, 0, false, {}, true},
    FieldSpec{"ends_at", T::Instant},
    FieldSpec{"location", T::Text, kPlace},
    FieldSpec{"trainer", T::Text, kName},
    FieldSpec{"capacity", T::Int},
    FieldSpec{"status", T::Enum, 0, false, kSessionStatus, true},
    FieldSpec{"self_registration", T::Bool},
};

constexpr std::array kAttendanceFields{
    FieldSpec{"session_id", T::Ref, 0, false, {}, true},
    FieldSpec{"resident_id", T::Ref, 0, false, {}, true},
    FieldSpec{"registered_via", T::Enum, 0, false, kRegisteredVia, true},
    FieldSpec{"registered_at", T::Instant},
    FieldSpec{"checked_in_at", T::Instant},
};

constexpr std::array kReferralFields{
    FieldSpec{"resident_id", T::Ref, 0, false, {}, true},
    FieldSpec{"cervical", T::Bool},
    FieldSpec{"breast", T::Bool},
    FieldSpec{"referred_on", T::Date, 0, false, {}, true},
    FieldSpec{"facility_code", T::Text, kCode},
    FieldSpec{"appointment_date", T::Date},
    FieldSpec{"age_exception_reason", T::Text, kPlace},
    FieldSpec{"screened_on", T::Date},
    FieldSpec{"result", T::Enum, 0, true, kResult},
    FieldSpec{"result_on", T::Date},
    FieldSpec{"result_notes", T::Text, kNotes, true},
    FieldSpec{"diagnosed_on", T::Date},
    FieldSpec{"treated_on", T::Date},
    FieldSpec{"closed_reason", T::Enum, 0, false, kClosedReason},
    FieldSpec{"follow_up_due", T::Date},
};

constexpr std::array kVisitFields{
    FieldSpec{"resident_id", T::Ref, 0, false, {}, true},
    FieldSpec{"visited_at", T::Instant, 0, false, {}, true},
    FieldSpec{"purposes", T::Set, 0, false, kPurposes},
    FieldSpec{"risk_level", T::Enum, 0, false, kRisk},
    FieldSpec{"dv_risk", T::Bool, 0, true},
    FieldSpec{"notes", T::Text, kNotes, true},
    FieldSpec{"follow_up_needed", T::Bool},
    FieldSpec{"next_visit_due", T::Date},
    FieldSpec{"visitor", T::Ref},
    FieldSpec{"follows_visit_id", T::Ref},
};

constexpr std::array kStationFields{
    FieldSpec{"code", T::Text, kCode, false, {}, true},
    FieldSpec{"name", T::Text, kTitle, false, {}, true},
    FieldSpec{"town", T::Text, kName},
    FieldSpec{"villages", T::TextList, kName},
};

constexpr std::array kFacilityFields{
    FieldSpec{"code", T::Text, kCode, false, {}, true},
    FieldSpec{"name", T::Text, kTitle, false, {}, true},
    FieldSpec{"town", T::Text, kName},
    FieldSpec{"type", T::Enum, 0, false, kFacilityType},
};

constexpr std::array kOfferFields{
    FieldSpec{"title", T::Text, kTitle, false, {}, true},
    FieldSpec{"category", T::Enum, 0, false, kCategories, true},
    FieldSpec{"starts_at", T::Instant, 0, false, {}, true},
    FieldSpec{"ends_at", T::Instant},
    FieldSpec{"location", T::Text, kPlace},
    FieldSpec{"trainer", T::Text, kName},
    FieldSpec{"capacity", T::Int},
    FieldSpec{"status", T::Enum, 0, false, kSessionStatus},
    FieldSpec{"self_registration", T::Bool},
    FieldSpec{"organiser", T::Text, kTitle},
};

const std::array kKinds{
    KindSpec{Kind::Staff, "staff", false, kStaffFields},
    KindSpec{Kind::Resident, "resident", false, kResidentFields},
    KindSpec{Kind::TrainingSession, "training_session", false, kSessionFields},
    KindSpec{Kind::Attendance, "attendance", false, kAttendanceFields},
    KindSpec{Kind::ScreeningReferral, "screening_referral", false, kReferralFields},
    KindSpec{Kind::FamilyVisit, "family_visit", false, kVisitFields},
    KindSpec{Kind::Station, "station", true, kStationFields},
    KindSpec{Kind::Facility, "facility", true, kFacilityFields},
    KindSpec{Kind::TrainingOffer, "training_offer", true, kOfferFields},
};

constexpr std::array kRecordKinds{Kind::Staff, Kind::Resident, Kind::TrainingSession,
                                  Kind::Attendance, Kind::ScreeningReferral, Kind::FamilyVisit};
constexpr std::array kReferenceKinds{Kind::Station, Kind::Facility, Kind::TrainingOffer};
constexpr std::array kAllKinds{Kind::Staff, Kind::Resident, Kind::TrainingSession,
                               Kind::Attendance, Kind::ScreeningReferral, Kind::FamilyVisit,
                               Kind::Station, Kind::Facility, Kind::TrainingOffer};

} // namespace

const KindSpec &kindSpec(Kind kind)
{
    return kKinds[static_cast<size_t>(kind)];
}

std::optional<Kind> kindFromName(QStringView name)
{
    for (const auto &k : kKinds) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return std::nullopt;
}

QString kindName(Kind kind)
{
    // Made once: the district compares and binds it for every record it stores.
    static const auto names = [] {
        std::array<QString, std::tuple_size_v<decltype(kKinds)>> n;
        for (size_t i = 0; i < n.size(); ++i)
            n[i] = QString::fromLatin1(kKinds[i].name);
        return n;
    }();
    return names[static_cast<size_t>(kind)];
}

std::span<const Kind> recordKinds()
{
    return kRecordKinds;
}

std::span<const Kind> referenceKinds()
{
    return kReferenceKinds;
}

std::span<const Kind> allKinds()
{
    return kAllKinds;
}

const FieldSpec *fieldSpec(Kind kind, QStringView name)
{
    // Each kind's fields grouped by the length of their names, made once: a look-up compares only the
    // one to three names of its length, without a strlen or a scan of all the kind's fields (several
    // look-ups per field of every record the district stores).
    using ByLength = std::vector<std::vector<const FieldSpec *>>;
    static const auto index = [] {
        std::array<ByLength, std::tuple_size_v<decltype(kKinds)>> t;
        for (size_t k = 0; k < t.size(); ++k) {
            for (const FieldSpec &f : kKinds[k].fields) {
                const auto length = static_cast<size_t>(qstrlen(f.name));
                if (t[k].size() <= length)
                    t[k].resize(length + 1);
                t[k][length].push_back(&f);
            }
        }
        return t;
    }();
    const ByLength &byLength = index[static_cast<size_t>(kind)];
    if (static_cast<size_t>(name.size()) >= byLength.size())
        return nullptr;
    for (const FieldSpec *f : byLength[static_cast<size_t>(name.size())]) {
        if (name == QLatin1String(f->name, name.size()))
            return f;
    }
    return nullptr;
}

std::optional<SetMember> setMember(Kind kind, QStringView wireName)
{
    const auto dot = wireName.indexOf(u'.');
    if (dot <= 0)
        return std::nullopt;
    const FieldSpec *set = fieldSpec(kind, wireName.left(dot));
    if (!set || set->type != FieldType::Set)
        return std::nullopt;
    const auto member = wireName.mid(dot + 1);
    for (const char *v : set->values) {
        if (member == QLatin1String(v))
            return SetMember{set, member.toString()};
    }
    return std::nullopt;
}

QStringList wireFieldNames(Kind kind)
{
    QStringList names;
    for (const auto &f : kindSpec(kind).fields) {
        if (f.type == FieldType::Set) {
            for (const char *v : f.values)
                names << QLatin1String(f.name) + u'.' + QLatin1String(v);
        } else {
            names << QLatin1String(f.name);
        }
    }
    names << QLatin1String(kCreatedAt) << QLatin1String(kDeleted);
    return names;
}

} // namespace lanxin
