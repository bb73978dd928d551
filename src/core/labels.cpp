#include "labels.h"

#include <array>

namespace lanxin {
namespace {

struct FieldLabel
{
    const char *kind; ///< wire name of the kind, or nullptr for "any kind that has this field"
    const char *field;
    const char *zh; ///< UTF-8
    const char *en;
};

// Kind-specific labels come first: the lookup takes the first row that fits.
constexpr std::array kFieldLabels {
    FieldLabel {"training_session", "title", "培训名称", "Title"},
    FieldLabel {"training_offer", "title", "培训名称", "Title"},
    FieldLabel {"station", "code", "站点编码", "Station code"},
    FieldLabel {"station", "name", "站点名称", "Station name"},
    FieldLabel {"facility", "code", "机构编码", "Facility code"},
    FieldLabel {"facility", "name", "机构名称", "Facility name"},
    FieldLabel {"facility", "type", "机构类型", "Facility type"},

    // staff, resident
    FieldLabel {nullptr, "name", "姓名", "Name"},
    FieldLabel {nullptr, "role", "角色", "Role"},
    FieldLabel {nullptr, "active", "在岗", "Active"},
    FieldLabel {nullptr, "phone", "手机号", "Phone"},
    FieldLabel {nullptr, "gender", "性别", "Gender"},
    FieldLabel {nullptr, "birth_date", "出生日期", "Birth date"},
    FieldLabel {nullptr, "id_number", "身份证号", "ID number"},
    FieldLabel {nullptr, "village", "村（社区）", "Village"},
    FieldLabel {nullptr, "address", "住址", "Address"},
    FieldLabel {nullptr, "tags", "关爱类别", "Tags"},
    FieldLabel {nullptr, "consent_general_at", "个人信息同意时间", "General consent"},
    FieldLabel {nullptr, "consent_sensitive_at", "敏感信息同意时间", "Sensitive-data consent"},
    FieldLabel {nullptr, "guardian_name", "监护人姓名", "Guardian's name"},
    FieldLabel {nullptr, "needs_review", "待确认", "Needs review"},
    FieldLabel {nullptr, "merged_into", "已合并至", "Merged into"},
    // training_session, training_offer
    FieldLabel {nullptr, "category", "培训类别", "Category"},
    FieldLabel {nullptr, "starts_at", "开始时间", "Start time"},
    FieldLabel {nullptr, "ends_at", "结束时间", "End time"},
    FieldLabel {nullptr, "location", "地点", "Location"},
    FieldLabel {nullptr, "trainer", "授课人", "Trainer"},
    FieldLabel {nullptr, "capacity", "名额", "Capacity"},
    FieldLabel {nullptr, "status", "状态", "Status"},
    FieldLabel {nullptr, "self_registration", "允许自助报名", "Self-registration"},
    FieldLabel {nullptr, "organiser", "主办单位", "Organiser"},
    // attendance
    FieldLabel {nullptr, "session_id", "培训", "Training"},
    FieldLabel {nullptr, "resident_id", "居民", "Resident"},
    FieldLabel {nullptr, "registered_via", "报名方式", "Registered via"},
    FieldLabel {nullptr, "registered_at", "报名时间", "Registered at"},
    FieldLabel {nullptr, "checked_in_at", "签到时间", "Checked in at"},
    // screening_referral
    FieldLabel {nullptr, "cervical", "宫颈癌筛查", "Cervical screening"},
    FieldLabel {nullptr, "breast", "乳腺癌筛查", "Breast screening"},
    FieldLabel {nullptr, "referred_on", "转介日期", "Referral date"},
    FieldLabel {nullptr, "facility_code", "筛查机构", "Screening facility"},
    FieldLabel {nullptr, "appointment_date", "预约日期", "Appointment date"},
    FieldLabel {nullptr, "age_exception_reason", "年龄例外原因", "Age exception reason"},
    FieldLabel {nullptr, "screened_on", "筛查日期", "Screening date"},
    FieldLabel {nullptr, "result", "筛查结果", "Result"},
    FieldLabel {nullptr, "result_on", "结果日期", "Result date"},
    FieldLabel {nullptr, "result_notes", "结果说明", "Result notes"},
    FieldLabel {nullptr, "diagnosed_on", "确诊日期", "Diagnosis date"},
    FieldLabel {nullptr, "treated_on", "治疗日期", "Treatment date"},
    FieldLabel {nullptr, "closed_reason", "结案原因", "Closing reason"},
    FieldLabel {nullptr, "follow_up_due", "随访截止日期", "Follow-up due"},
    // family_visit
    FieldLabel {nullptr, "visited_at", "走访时间", "Visit time"},
    FieldLabel {nullptr, "purposes", "走访事由", "Purposes"},
    FieldLabel {nullptr, "risk_level", "风险等级", "Risk level"},
    FieldLabel {nullptr, "dv_risk", "家暴风险", "Domestic-violence risk"},
    FieldLabel {nullptr, "notes", "走访记录", "Notes"},
    FieldLabel {nullptr, "follow_up_needed", "需要回访", "Follow-up needed"},
    FieldLabel {nullptr, "next_visit_due", "下次走访日期", "Next visit due"},
    FieldLabel {nullptr, "visitor", "走访人", "Visitor"},
    FieldLabel {nullptr, "follows_visit_id", "回访的走访", "Follows visit"},
    // station, facility (reference data)
    FieldLabel {nullptr, "town", "镇（街道）", "Town"},
    FieldLabel {nullptr, "villages", "村（社区）列表", "Villages"},
    // every record
    FieldLabel {nullptr, "created_at", "创建时间", "Created at"},
    FieldLabel {nullptr, "deleted", "已删除", "Deleted"},
};

struct ValueLabel
{
    const char *field;
    const char *value;
    const char *zh; ///< UTF-8
    const char *en;
};

constexpr std::array kValueLabels {
    ValueLabel {"gender", "F", "女", "Female"},
    ValueLabel {"gender", "M", "男", "Male"},

    ValueLabel {"tags", "left_behind", "留守", "Left-behind"},
    ValueLabel {"tags", "elderly_alone", "独居老年", "Elderly, living alone"},
    ValueLabel {"tags", "disabled", "残疾", "Disabled"},
    ValueLabel {"tags", "hardship", "困难家庭", "Hardship family"},
    ValueLabel {"tags", "single_parent", "单亲", "Single parent"},
    ValueLabel {"tags", "migrant", "流动", "Migrant"},

    ValueLabel {"category", "practical_skills", "实用技术", "Practical skills"},
    ValueLabel {"category", "vocational", "职业技能", "Vocational skills"},
    ValueLabel {"category", "entrepreneurship", "创业就业", "Entrepreneurship and employment"},
    ValueLabel {"category", "digital_skills", "数字技能/媒介素养", "Digital skills and media literacy"},
    ValueLabel {"category", "family_education", "家庭教育", "Family education"},
    ValueLabel {"category", "legal_awareness", "法治/反家暴宣传", "Law and anti-domestic-violence awareness"},
    ValueLabel {"category", "health", "健康知识/两癌防治", "Health and cancer prevention"},
    ValueLabel {"category", "mental_health", "心理健康", "Mental health"},
    ValueLabel {"category", "safety", "应急避险", "Emergency safety"},
    ValueLabel {"category", "other", "其他", "Other"},

    ValueLabel {"status", "planned", "计划中", "Planned"},
    ValueLabel {"status", "open", "报名中", "Open"},
    ValueLabel {"status", "closed", "已结束", "Closed"},
    ValueLabel {"status", "cancelled", "已取消", "Cancelled"},

    ValueLabel {"registered_via", "kiosk", "自助报名", "Self-registration (kiosk)"},
    ValueLabel {"registered_via", "staff", "工作人员登记", "Registered by staff"},
    ValueLabel {"registered_via", "walk_in", "现场报名", "Walk-in"},

    ValueLabel {"result", "normal", "未见异常", "Normal"},
    ValueLabel {"result", "abnormal", "异常", "Abnormal"},

    ValueLabel {"closed_reason", "declined", "本人拒绝", "Declined"},
    ValueLabel {"closed_reason", "lost_to_follow_up", "失访", "Lost to follow-up"},
    ValueLabel {"closed_reason", "moved_away", "迁出", "Moved away"},
    ValueLabel {"closed_reason", "deceased", "已故", "Deceased"},

    ValueLabel {"purposes", "left_behind_care", "留守关爱", "Left-behind care"},
    ValueLabel {"purposes", "dv_follow_up", "家暴回访", "Domestic-violence follow-up"},
    ValueLabel {"purposes", "dispute_mediation", "婚姻家庭调解", "Marriage and family mediation"},
    ValueLabel {"purposes", "elderly_care", "老年关爱", "Elderly care"},
    ValueLabel {"purposes", "hardship_support", "困难帮扶", "Hardship support"},
    ValueLabel {"purposes", "family_education", "家庭教育指导", "Family education"},
    ValueLabel {"purposes", "mental_support", "心理疏导", "Mental support"},
    ValueLabel {"purposes", "disability_support", "助残服务", "Disability support"},
    ValueLabel {"purposes", "other", "其他", "Other"},

    ValueLabel {"risk_level", "none", "无", "None"},
    ValueLabel {"risk_level", "low", "低", "Low"},
    ValueLabel {"risk_level", "medium", "中", "Medium"},
    ValueLabel {"risk_level", "high", "高", "High"},

    ValueLabel {"role", "director", "妇女主任", "Director"},
    ValueLabel {"role", "volunteer", "志愿者", "Volunteer"},

    ValueLabel {"type", "hospital", "医院", "Hospital"},
    ValueLabel {"type", "health_centre", "卫生院（社区卫生服务中心）", "Health centre"},
};

const FieldLabel *findField(Kind kind, QStringView field)
{
    // A field the kind does not have has no label (an unknown field is shown as it was sent).
    if (!fieldSpec(kind, field) && field != QLatin1String(kCreatedAt) && field != QLatin1String(kDeleted))
        return nullptr;
    const QLatin1String kindWireName(kindSpec(kind).name);
    for (const auto &l : kFieldLabels) {
        if (field == QLatin1String(l.field) && (!l.kind || kindWireName == QLatin1String(l.kind)))
            return &l;
    }
    return nullptr;
}

const ValueLabel *findValue(QStringView field, QStringView value)
{
    for (const auto &l : kValueLabels) {
        if (field == QLatin1String(l.field) && value == QLatin1String(l.value))
            return &l;
    }
    return nullptr;
}

} // namespace

QString kindLabelZh(Kind kind)
{
    switch (kind) {
    case Kind::Staff:
        return QStringLiteral("工作人员");
    case Kind::Resident:
        return QStringLiteral("居民");
    case Kind::TrainingSession:
        return QStringLiteral("培训");
    case Kind::Attendance:
        return QStringLiteral("培训报名");
    case Kind::ScreeningReferral:
        return QStringLiteral("两癌筛查转介");
    case Kind::FamilyVisit:
        return QStringLiteral("家庭走访");
    case Kind::Station:
        return QStringLiteral("站点");
    case Kind::Facility:
        return QStringLiteral("筛查机构");
    case Kind::TrainingOffer:
        return QStringLiteral("区级培训");
    }
    return kindName(kind);
}

QString kindLabelEn(Kind kind)
{
    switch (kind) {
    case Kind::Staff:
        return QStringLiteral("Staff");
    case Kind::Resident:
        return QStringLiteral("Resident");
    case Kind::TrainingSession:
        return QStringLiteral("Training");
    case Kind::Attendance:
        return QStringLiteral("Attendance");
    case Kind::ScreeningReferral:
        return QStringLiteral("Screening referral");
    case Kind::FamilyVisit:
        return QStringLiteral("Family visit");
    case Kind::Station:
        return QStringLiteral("Station");
    case Kind::Facility:
        return QStringLiteral("Facility");
    case Kind::TrainingOffer:
        return QStringLiteral("District training");
    }
    return kindName(kind);
}

QString fieldLabelZh(Kind kind, QStringView field)
{
    const FieldLabel *l = findField(kind, field);
    return l ? QString::fromUtf8(l->zh) : field.toString();
}

QString fieldLabelEn(Kind kind, QStringView field)
{
    const FieldLabel *l = findField(kind, field);
    return l ? QString::fromLatin1(l->en) : field.toString();
}

QString kindLabel(Kind kind, bool chinese)
{
    return chinese ? kindLabelZh(kind) : kindLabelEn(kind);
}

QString fieldLabel(Kind kind, QStringView field, bool chinese)
{
    return chinese ? fieldLabelZh(kind, field) : fieldLabelEn(kind, field);
}

QString valueLabelZh(QStringView field, QStringView value)
{
    const ValueLabel *l = findValue(field, value);
    return l ? QString::fromUtf8(l->zh) : value.toString();
}

QString valueLabelEn(QStringView field, QStringView value)
{
    const ValueLabel *l = findValue(field, value);
    return l ? QString::fromLatin1(l->en) : value.toString();
}

QString valueLabel(QStringView field, QStringView value, bool chinese)
{
    return chinese ? valueLabelZh(field, value) : valueLabelEn(field, value);
}

} // namespace lanxin
