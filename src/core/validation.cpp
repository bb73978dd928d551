#include "validation.h"

#include "clock.h"
#include "idnumber.h"
#include "ids.h"
#include "labels.h"
#include "result.h"

#include <QDateTime>
#include <QSet>
#include <QVarLengthArray>

#include <array>
#include <limits>
#include <span>

namespace lanxin {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;
constexpr int kMaxShownName = 64; ///< an unknown field's name is cut to this in errors

FieldError makeError(
    Kind kind, const QString &field, const char *code, const QString &zhDetail, const QString &enDetail)
{
    FieldError e;
    e.field = field;
    e.code = QLatin1String(code);
    e.messageZh = fieldLabelZh(kind, field) + zhDetail;
    e.messageEn = fieldLabelEn(kind, field) + QStringLiteral(": ") + enDetail;
    return e;
}

/// An error whose Chinese and English texts are whole sentences that name the field themselves.
FieldError sentenceError(const QString &field, const char *code, const QString &zh, const QString &en)
{
    FieldError e;
    e.field = field;
    e.code = QLatin1String(code);
    e.messageZh = zh;
    e.messageEn = en;
    return e;
}

FieldError idError(const QString &zhDetail, const QString &enDetail)
{
    return makeError(Kind::Resident, QStringLiteral("id_number"), kInvalidField, zhDetail, enDetail);
}

/// Null: an invalid QVariant (also what an absent key gives) or a nullptr.
bool isNull(const QVariant &v)
{
    return !v.isValid() || v.typeId() == QMetaType::Nullptr;
}

/// Null, blank text or an empty list: nothing a person entered.
bool isBlank(const QVariant &v)
{
    if (isNull(v))
        return true;
    if (v.typeId() == QMetaType::QString)
        return v.toString().trimmed().isEmpty();
    if (v.typeId() == QMetaType::QStringList)
        return v.toStringList().isEmpty();
    return false;
}

bool isString(const QVariant &v)
{
    return v.typeId() == QMetaType::QString;
}

bool sane(QDate d)
{
    // By day number: year() works the whole date out of it, twice here.
    static const qint64 first = QDate(kMinYear, 1, 1).toJulianDay();
    static const qint64 last = QDate(kMaxYear, 12, 31).toJulianDay();
    return d.isValid() && d.toJulianDay() >= first && d.toJulianDay() <= last;
}

/// sane() of the instant's UTC date, by milliseconds (not a conversion to UTC and to a date).
bool saneInstant(const QDateTime &t)
{
    static const qint64 first = QDate(kMinYear, 1, 1).startOfDay(Qt::UTC).toMSecsSinceEpoch();
    static const qint64 end = QDate(kMaxYear + 1, 1, 1).startOfDay(Qt::UTC).toMSecsSinceEpoch();
    const qint64 ms = t.toMSecsSinceEpoch();
    return ms >= first && ms < end;
}

/// General category Cc (what QChar::category() calls Other_Control): C0, DEL and C1, a set Unicode
/// never changes. Tested without the category table, which costs a call per character.
bool isControl(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

bool isNotesField(const FieldSpec &spec)
{
    return QLatin1String(spec.name).endsWith(QLatin1String("notes"));
}

QString expectedZh(FieldType t)
{
    switch (t) {
    case FieldType::Text:
        return QStringLiteral("文本");
    case FieldType::Date:
        return QStringLiteral("日期");
    case FieldType::Instant:
        return QStringLiteral("时间");
    case FieldType::Bool:
        return QStringLiteral("是/否");
    case FieldType::Int:
        return QStringLiteral("整数");
    case FieldType::Enum:
        return QStringLiteral("选项");
    case FieldType::Set:
        return QStringLiteral("选项列表");
    case FieldType::Ref:
        return QStringLiteral("记录编号");
    case FieldType::TextList:
        return QStringLiteral("文本列表");
    }
    return {};
}

QString expectedEn(FieldType t)
{
    switch (t) {
    case FieldType::Text:
        return QStringLiteral("text");
    case FieldType::Date:
        return QStringLiteral("a date");
    case FieldType::Instant:
        return QStringLiteral("a time");
    case FieldType::Bool:
        return QStringLiteral("yes or no");
    case FieldType::Int:
        return QStringLiteral("a whole number");
    case FieldType::Enum:
        return QStringLiteral("one of the options");
    case FieldType::Set:
        return QStringLiteral("a list of options");
    case FieldType::Ref:
        return QStringLiteral("a record id");
    case FieldType::TextList:
        return QStringLiteral("a list of texts");
    }
    return {};
}

FieldError wrongType(Kind kind, const FieldSpec &spec)
{
    return makeError(kind, QLatin1String(spec.name), kInvalidField,
        QStringLiteral("的类型不正确（应为%1）").arg(expectedZh(spec.type)),
        QStringLiteral("wrong type (expected %1)").arg(expectedEn(spec.type)));
}

FieldError insaneDate(Kind kind, const FieldSpec &spec)
{
    return makeError(kind, QLatin1String(spec.name), kInvalidField,
        QStringLiteral("不是%1年至%2年之间的有效日期").arg(kMinYear).arg(kMaxYear),
        QStringLiteral("not a valid date between %1 and %2").arg(kMinYear).arg(kMaxYear));
}

struct TextScan
{
    qsizetype chars = 0; ///< Unicode characters: a surrogate pair counts once
    bool brokenSurrogate = false;
    bool control = false;
};

TextScan scanText(QStringView s, bool allowNewlineAndTab)
{
    TextScan r;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c.isHighSurrogate()) {
            if (i + 1 < s.size() && s[i + 1].isLowSurrogate())
                ++i;
            else
                r.brokenSurrogate = true;
        } else if (c.isLowSurrogate()) {
            r.brokenSurrogate = true;
        } else if (isControl(c.unicode()) && !(allowNewlineAndTab && (c == u'\n' || c == u'\t'))) {
            r.control = true;
        }
        ++r.chars;
    }
    return r;
}

/// Characters, control characters and length of one text (a Text value or one TextList entry).
/// `what` names an entry of a list in messages ("第2项" / "entry 2"), empty for a plain text.
std::optional<FieldError> checkTextContent(
    Kind kind, const FieldSpec &spec, QStringView s, const QString &whatZh, const QString &whatEn)
{
    const QLatin1String name(spec.name); // a view: a QString is made only for an error
    const bool notes = isNotesField(spec);
    const TextScan scan = scanText(s, notes);
    if (scan.brokenSurrogate)
        return makeError(kind, name, kInvalidField, whatZh + QStringLiteral("含有无效字符"),
            whatEn + QStringLiteral("contains invalid characters"));
    if (scan.control)
        return makeError(kind, name, kInvalidField,
            whatZh
                + (notes ? QStringLiteral("含有不允许的控制字符（只允许换行和制表符）")
                         : QStringLiteral("含有不允许的控制字符（如换行）")),
            whatEn
                + (notes ? QStringLiteral("contains control characters (only line breaks and tabs "
                                          "are allowed)")
                         : QStringLiteral("contains control characters such as line breaks")));
    if (spec.maxLength > 0 && scan.chars > spec.maxLength)
        return makeError(kind, name, kInvalidField,
            whatZh + QStringLiteral("不能超过%1个字（现为%2个字）").arg(spec.maxLength).arg(scan.chars),
            whatEn
                + QStringLiteral("at most %1 characters (this one has %2)")
                      .arg(spec.maxLength)
                      .arg(scan.chars));
    return std::nullopt;
}

/// A station's or facility's code, and a referral's reference to a facility by its code.
bool isCodeField(Kind kind, QLatin1String name)
{
    return ((kind == Kind::Station || kind == Kind::Facility) && name == QLatin1String("code"))
        || (kind == Kind::ScreeningReferral && name == QLatin1String("facility_code"));
}

/// ASCII letters, digits, '-', '_' and '.', the first a letter or a digit: what codes like FH-XW-012 and
/// FH-H01 are made of; no spaces, no full-width look-alikes (Ｆ, －) that a Chinese keyboard types.
bool isValidCode(QStringView code)
{
    for (qsizetype i = 0; i < code.size(); ++i) {
        const char16_t c = code[i].unicode();
        const bool alnum = (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z');
        if (!alnum && (i == 0 || (c != u'-' && c != u'_' && c != u'.')))
            return false;
    }
    return !code.isEmpty();
}

std::optional<FieldError> checkText(Kind kind, const FieldSpec &spec, const QString &s)
{
    const QLatin1String name(spec.name); // a view: a QString is made only for an error
    if (auto e = checkTextContent(kind, spec, s, {}, {}))
        return e;
    if (s.trimmed().isEmpty()) {
        if (spec.required)
            return makeError(
                kind, name, kMissingField, QStringLiteral("不能为空"), QStringLiteral("required"));
        return std::nullopt; // an empty optional text: nothing entered
    }
    if (name == QLatin1String("phone") && !isValidPhone(s))
        return makeError(kind, name, kInvalidField, QStringLiteral("应为以13至19开头的11位数字"),
            QStringLiteral("must be 11 digits starting with 13 to 19"));
    if (name == QLatin1String("id_number"))
        return checkIdNumber(s, {}, {}); // the format alone; birth date and gender are validateRecord's
    if (isCodeField(kind, name) && !isValidCode(s))
        return makeError(kind, name, kInvalidField, QStringLiteral("只能含英文字母、数字和 - _ .，以字母或数字开头（如 FH-XW-012）"),
            QStringLiteral("must be letters, digits, - _ or . only, starting with a letter or digit (like FH-XW-012)"));
    return std::nullopt;
}

bool isIntegral(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
        return true;
    case QMetaType::ULongLong:
        return v.toULongLong() <= static_cast<qulonglong>(std::numeric_limits<qint64>::max());
    default:
        return false;
    }
}

/// The allowed codes of an Enum or Set field, for messages: "a, b, c".
QString allowedValues(const FieldSpec &spec, QStringView separator)
{
    QStringList codes;
    for (const char *v : spec.values)
        codes << QString::fromLatin1(v);
    return codes.join(separator);
}

bool isMember(const FieldSpec &spec, QStringView value)
{
    for (const char *v : spec.values) {
        if (value == QLatin1String(v))
            return true;
    }
    return false;
}

const FieldSpec kCreatedAtSpec {kCreatedAt, FieldType::Instant};
const FieldSpec kDeletedSpec {kDeleted, FieldType::Bool};

QString shownName(const QString &name)
{
    QString shown = name.size() > kMaxShownName ? name.left(kMaxShownName) + QStringLiteral("…") : name;
    for (QChar &c : shown) {
        if (c.category() == QChar::Other_Control || c.isSurrogate())
            c = u'?';
    }
    return shown;
}

/// Collects errors, at most one per field (the first found is the one to fix first).
class Errors
{
public:
    explicit Errors(Kind kind)
        : m_kind(kind)
    { }

    void add(FieldError e)
    {
        if (m_fields.contains(e.field))
            return;
        m_fields.insert(e.field);
        m_list.append(std::move(e));
    }
    void add(const QString &field, const char *code, const QString &zh, const QString &en)
    {
        add(makeError(m_kind, field, code, zh, en));
    }
    void addSentence(const QString &field, const char *code, const QString &zh, const QString &en)
    {
        add(sentenceError(field, code, zh, en));
    }
    [[nodiscard]] bool has(const QString &field) const { return m_fields.contains(field); }
    [[nodiscard]] QList<FieldError> list() const { return m_list; }

private:
    Kind m_kind;
    QSet<QString> m_fields;
    QList<FieldError> m_list;
};

/// A record's values in name order, not owned: the entries of a QVariantMap, or a caller's flat run.
/// The rules look fields up by literal names, a few per record: walking the few entries compares
/// them with the Latin-1 name, where QMap::value would first make a QString of it.
class Values
{
public:
    Values() = default;
    explicit Values(const QVariantMap &map)
    {
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            m_entries.append({it.key(), &it.value()});
    }
    explicit Values(std::span<const FieldValueRef> run) { m_entries.append(run.data(), qsizetype(run.size())); }

    /// The entry of `name`, or nullptr.
    template<typename Name>
    [[nodiscard]] const FieldValueRef *entry(Name name) const
    {
        for (const FieldValueRef &e : m_entries) {
            if (e.name == name)
                return &e;
        }
        return nullptr;
    }
    /// The value of `name`, or null.
    template<typename Name>
    [[nodiscard]] QVariant value(Name name) const
    {
        const FieldValueRef *e = entry(name);
        return e ? *e->value : QVariant();
    }
    template<typename Name>
    [[nodiscard]] bool contains(Name name) const
    {
        return entry(name) != nullptr;
    }
    void remove(QStringView name)
    {
        m_entries.removeIf([name](const FieldValueRef &e) { return e.name == name; });
    }
    /// Adds an entry after those before it in name order (validate adds them in schema order).
    void insert(const FieldValueRef &e)
    {
        const auto at = std::find_if(m_entries.cbegin(), m_entries.cend(), [&](const FieldValueRef &x) { return e.name < x.name; });
        m_entries.insert(at, e);
    }
    [[nodiscard]] const FieldValueRef *begin() const { return m_entries.cbegin(); }
    [[nodiscard]] const FieldValueRef *end() const { return m_entries.cend(); }

private:
    QVarLengthArray<FieldValueRef, 32> m_entries;
};

/// PRODUCT.md: a visit with domestic-violence risk or high risk needs a follow-up.
bool needsFollowUp(const Values &visit)
{
    const QVariant dv = visit.value(QLatin1String("dv_risk"));
    const QVariant risk = visit.value(QLatin1String("risk_level"));
    return (dv.typeId() == QMetaType::Bool && dv.toBool()) || (isString(risk) && risk.toString() == QLatin1String("high"));
}

/// The record being validated: its values, which of them passed validateValue, and its errors.
struct Record
{
    Kind kind;
    const Values &values;
    Values good; ///< non-null values that passed validateValue
    Errors errors;

    [[nodiscard]] QVariant value(const char *field) const { return good.value(QLatin1String(field)); }
    [[nodiscard]] QDate date(const char *field) const
    {
        const QVariant v = value(field);
        return v.typeId() == QMetaType::QDate ? v.toDate() : QDate();
    }
    [[nodiscard]] QString text(const char *field) const
    {
        const QVariant v = value(field);
        return isString(v) ? v.toString() : QString();
    }
    [[nodiscard]] bool isTrue(const char *field) const
    {
        const QVariant v = value(field);
        return v.typeId() == QMetaType::Bool && v.toBool();
    }
    /// Entered, whether valid or not.
    [[nodiscard]] bool present(const char *field) const
    {
        return !isBlank(values.value(QLatin1String(field)));
    }
    /// Given, but its value did not pass validateValue (so rules about it are left until it is fixed).
    [[nodiscard]] bool failed(const char *field) const
    {
        const QLatin1String name(field);
        return !isNull(values.value(name)) && !good.contains(name);
    }
    [[nodiscard]] QString zh(const char *field) const
    {
        return fieldLabelZh(kind, QString(QLatin1String(field)));
    }
    [[nodiscard]] QString en(const char *field) const
    {
        return fieldLabelEn(kind, QString(QLatin1String(field)));
    }
};

QString lowerFirst(QString s)
{
    if (!s.isEmpty() && !(s.size() > 1 && s[1].isUpper()))
        s[0] = s[0].toLower();
    return s;
}

/// `later` must not be before `earlier` (both dates, where present and valid).
void checkNotBefore(Record &r, const char *later, const char *earlier)
{
    const QDate a = r.date(later);
    const QDate b = r.date(earlier);
    if (!a.isValid() || !b.isValid() || a >= b)
        return;
    const QString other = QLatin1String(earlier);
    r.errors.add(QLatin1String(later), kInvalidField,
        QStringLiteral("不能早于") + fieldLabelZh(r.kind, other),
        QStringLiteral("cannot be before the ") + lowerFirst(fieldLabelEn(r.kind, other)));
}

/// Under 14 (on today): no sensitive field of this record before the resident has a guardian's name.
void checkGuardianForSensitive(Record &r, QDate birth, QDate today, bool hasGuardian)
{
    const int age = ageOn(birth, today);
    if (age < 0 || age >= kGuardianAge || hasGuardian)
        return;
    for (const auto &spec : kindSpec(r.kind).fields) {
        if (!spec.sensitive || !r.present(spec.name))
            continue;
        // A "no" (dv_risk false) says nothing sensitive; only a recorded fact needs the guardian.
        if (spec.type == FieldType::Bool && !r.values.value(QLatin1String(spec.name)).toBool())
            continue;
        r.errors.addSentence(QLatin1String(spec.name), kInvalidField,
            QStringLiteral("居民未满%1岁，须先登记监护人姓名才能保存%2")
                .arg(kGuardianAge)
                .arg(r.zh(spec.name)),
            QStringLiteral("%1: the resident is under %2; record her guardian's name before saving this")
                .arg(r.en(spec.name))
                .arg(kGuardianAge));
    }
}

void residentRules(Record &r, QDate today)
{
    const QDate birth = r.date("birth_date");
    if (birth.isValid() && birth > today)
        r.errors.add(QStringLiteral("birth_date"), kInvalidField, QStringLiteral("不能晚于今天"),
            QStringLiteral("cannot be in the future"));

    const QString id = r.text("id_number");
    if (!id.trimmed().isEmpty()) {
        if (auto e = checkIdNumber(id, birth, r.text("gender")))
            r.errors.add(std::move(*e));
    }

    // Under 14: a guardian's name before any sensitive field (id_number, phone).
    const int age = ageOn(birth, today);
    if (age >= 0 && age < kGuardianAge && !r.present("guardian_name") && !r.failed("guardian_name")) {
        bool sensitive = false;
        for (const auto &spec : kindSpec(r.kind).fields)
            sensitive = sensitive || (spec.sensitive && r.present(spec.name));
        if (sensitive)
            r.errors.addSentence(QStringLiteral("guardian_name"), kMissingField,
                QStringLiteral("未满%1岁的居民登记身份证号或手机号前须先填写%2")
                    .arg(kGuardianAge)
                    .arg(r.zh("guardian_name")),
                QStringLiteral("%1: required for a resident under %2 before her ID number or "
                               "phone is saved")
                    .arg(r.en("guardian_name"))
                    .arg(kGuardianAge));
    }
}

void trainingRules(Record &r)
{
    const QVariant starts = r.value("starts_at");
    const QVariant ends = r.value("ends_at");
    if (starts.isValid() && ends.isValid() && ends.toDateTime() <= starts.toDateTime())
        r.errors.add(QStringLiteral("ends_at"), kInvalidField, QStringLiteral("应晚于开始时间"),
            QStringLiteral("must be after the start time"));
}

void referralRules(Record &r, const ValidationContext &ctx, QDate today)
{
    // At least one of the two screenings.
    if (!r.failed("cervical") && !r.failed("breast") && !r.isTrue("cervical") && !r.isTrue("breast"))
        r.errors.add(QStringLiteral("cervical"), kInvalidField, QStringLiteral("和乳腺癌筛查至少选择一项"),
            QStringLiteral("choose at least one of cervical and breast screening"));

    // National programme age: outside 35–64 the app asks for a reason, it does not forbid.
    const QDate referredOn = r.date("referred_on");
    if (ctx.residentBirthDate.isValid() && referredOn.isValid()
        && !inScreeningAge(ctx.residentBirthDate, referredOn) && !r.present("age_exception_reason")
        && !r.failed("age_exception_reason")) {
        const int age = ageOn(ctx.residentBirthDate, referredOn);
        r.errors.addSentence(QStringLiteral("age_exception_reason"), kMissingField,
            QStringLiteral("居民在转介日期时%1岁，不在%2至%3岁的筛查年龄内，请填写%4")
                .arg(age)
                .arg(kScreeningMinAge)
                .arg(kScreeningMaxAge)
                .arg(r.zh("age_exception_reason")),
            QStringLiteral("%1: required, the woman is %2 on the referral date, outside the "
                           "screening ages %3 to %4")
                .arg(r.en("age_exception_reason"))
                .arg(age)
                .arg(kScreeningMinAge)
                .arg(kScreeningMaxAge));
    }

    checkGuardianForSensitive(r, ctx.residentBirthDate, today, !ctx.residentGuardianName.trimmed().isEmpty());

    // A result only with a screening date.
    if (!r.present("screened_on") && !r.failed("screened_on")) {
        for (const char *f : {"result", "result_on", "result_notes"}) {
            if (r.present(f))
                r.errors.add(QLatin1String(f), kInvalidField, QStringLiteral("只能在填写筛查日期后填写"),
                    QStringLiteral("can only be given with the screening date"));
        }
    }
    // Diagnosis and treatment only after an abnormal result.
    if (!r.failed("result") && r.text("result") != QLatin1String("abnormal")) {
        for (const char *f : {"diagnosed_on", "treated_on"}) {
            if (r.present(f))
                r.errors.add(QLatin1String(f), kInvalidField, QStringLiteral("只能在筛查结果为异常时填写"),
                    QStringLiteral("can only be given after an abnormal result"));
        }
    }
    // Dates not before the referral, milestones in order.
    for (const char *f :
        {"appointment_date", "screened_on", "result_on", "diagnosed_on", "treated_on", "follow_up_due"})
        checkNotBefore(r, f, "referred_on");
    const std::array milestones {"screened_on", "result_on", "diagnosed_on", "treated_on"};
    const char *previous = nullptr;
    for (const char *f : milestones) {
        if (!r.date(f).isValid())
            continue;
        if (previous)
            checkNotBefore(r, f, previous);
        previous = f;
    }
}

void visitRules(Record &r, const ValidationContext &ctx, QDate today)
{
    checkGuardianForSensitive(r, ctx.residentBirthDate, today, !ctx.residentGuardianName.trimmed().isEmpty());

    const QVariant visitedAt = r.value("visited_at");
    const QDate visitDay
        = visitedAt.isValid() ? visitedAt.toDateTime().toTimeZone(localZone()).date() : QDate();
    const QDate due = r.date("next_visit_due");
    if (due.isValid() && visitDay.isValid() && due < visitDay)
        r.errors.add(QStringLiteral("next_visit_due"), kInvalidField, QStringLiteral("不能早于走访日期"),
            QStringLiteral("cannot be before the visit"));

    if (!needsFollowUp(r.good))
        return;
    if (!r.isTrue("follow_up_needed") && !r.failed("follow_up_needed"))
        r.errors.addSentence(QStringLiteral("follow_up_needed"),
            isNull(r.values.value(QLatin1String("follow_up_needed"))) ? kMissingField : kInvalidField,
            QStringLiteral("有家暴风险或高风险的走访必须勾选“%1”").arg(r.zh("follow_up_needed")),
            QStringLiteral("%1: must be on for a visit with domestic-violence risk or high risk")
                .arg(r.en("follow_up_needed")));
    if (!r.present("next_visit_due") && !r.failed("next_visit_due"))
        r.errors.addSentence(QStringLiteral("next_visit_due"), kMissingField,
            QStringLiteral("有家暴风险或高风险的走访必须填写%1（走访后%2天内）")
                .arg(r.zh("next_visit_due"))
                .arg(kDvFollowUpDays),
            QStringLiteral("%1: required within %2 days of a visit with domestic-violence risk or "
                           "high risk")
                .arg(r.en("next_visit_due"))
                .arg(kDvFollowUpDays));
    else if (due.isValid() && visitDay.isValid() && due > visitDay.addDays(kDvFollowUpDays))
        r.errors.addSentence(QStringLiteral("next_visit_due"), kInvalidField,
            QStringLiteral("有家暴风险或高风险的走访，%1须在走访后%2天内")
                .arg(r.zh("next_visit_due"))
                .arg(kDvFollowUpDays),
            QStringLiteral("%1: must be within %2 days of a visit with domestic-violence risk or "
                           "high risk")
                .arg(r.en("next_visit_due"))
                .arg(kDvFollowUpDays));
}

} // namespace

QString FieldError::message(bool chinese) const
{
    return chinese ? messageZh : messageEn;
}

QString FieldError::bilingualMessage() const
{
    return bilingual(messageZh, messageEn);
}

bool isValidPhone(QStringView phone)
{
    if (phone.size() != 11 || phone[0] != u'1' || phone[1] < u'3' || phone[1] > u'9')
        return false;
    for (QChar c : phone) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

std::optional<FieldError> checkIdNumber(QStringView id, QDate birthDate, QStringView gender)
{
    if (id.size() != 18)
        return idError(QStringLiteral("应为18位（现为%1位）").arg(id.size()),
            QStringLiteral("must be 18 characters (this one has %1)").arg(id.size()));
    for (qsizetype i = 0; i < 18; ++i) {
        const QChar c = id[i];
        const bool digit = c >= u'0' && c <= u'9';
        if (!digit && !(i == 17 && c == u'X'))
            return idError(QStringLiteral("只能由数字组成，最后一位可以是大写X"),
                QStringLiteral("only digits, and an upper-case X as the last character"));
    }
    // Digits only here (checked just above): read directly, not by toInt's locale-aware parser.
    const auto digits = [id](qsizetype from, qsizetype n) {
        int v = 0;
        for (qsizetype i = from; i < from + n; ++i)
            v = v * 10 + (id[i].unicode() - u'0');
        return v;
    };
    const QDate embedded(digits(6, 4), digits(10, 2), digits(12, 2));
    if (!sane(embedded))
        return idError(
            QStringLiteral("中的出生日期不存在"), QStringLiteral("the birth date in it is not a real date"));
    if (idNumberCheckChar(id.left(17)) != id[17])
        return idError(QStringLiteral("校验位错误"), QStringLiteral("the check digit is wrong"));
    if (birthDate.isValid() && birthDate != embedded)
        return idError(QStringLiteral("中的出生日期与出生日期不一致"),
            QStringLiteral("the birth date in it does not match the birth date"));
    const QChar idGender = (id[16].unicode() - u'0') % 2 ? u'M' : u'F';
    if ((gender == u"F" || gender == u"M") && gender[0] != idGender)
        return idError(QStringLiteral("中的性别与性别不一致"),
            QStringLiteral("the gender in it does not match the gender"));
    return std::nullopt;
}

int ageOn(QDate birth, QDate on)
{
    if (!birth.isValid() || !on.isValid() || on < birth)
        return -1;
    int age = on.year() - birth.year();
    if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day()))
        --age;
    return age;
}

bool inScreeningAge(QDate birth, QDate referredOn)
{
    const int age = ageOn(birth, referredOn);
    return age >= kScreeningMinAge && age <= kScreeningMaxAge;
}

bool visitNeedsFollowUp(const QVariantMap &visit)
{
    return needsFollowUp(Values(visit));
}

std::optional<FieldError> validateValue(Kind kind, const FieldSpec &spec, const QVariant &value)
{
    if (isNull(value))
        return std::nullopt;
    const QLatin1String name(spec.name); // a view: a QString is made only for an error
    switch (spec.type) {
    case FieldType::Text:
        if (!isString(value))
            return wrongType(kind, spec);
        return checkText(kind, spec, value.toString());
    case FieldType::Date:
        if (value.typeId() != QMetaType::QDate)
            return wrongType(kind, spec);
        if (!sane(value.toDate()))
            return insaneDate(kind, spec);
        return std::nullopt;
    case FieldType::Instant:
        if (value.typeId() != QMetaType::QDateTime)
            return wrongType(kind, spec);
        if (const QDateTime t = value.toDateTime(); !t.isValid() || !saneInstant(t))
            return makeError(kind, name, kInvalidField,
                QStringLiteral("不是%1年至%2年之间的有效时间").arg(kMinYear).arg(kMaxYear),
                QStringLiteral("not a valid time between %1 and %2").arg(kMinYear).arg(kMaxYear));
        return std::nullopt;
    case FieldType::Bool:
        if (value.typeId() != QMetaType::Bool)
            return wrongType(kind, spec);
        return std::nullopt;
    case FieldType::Int:
        if (!isIntegral(value))
            return wrongType(kind, spec);
        if (name == QLatin1String("capacity")
            && (value.toLongLong() < 0 || value.toLongLong() > kMaxCapacity))
            return makeError(kind, name, kInvalidField, QStringLiteral("应在0至%1之间").arg(kMaxCapacity),
                QStringLiteral("must be between 0 and %1").arg(kMaxCapacity));
        return std::nullopt;
    case FieldType::Enum:
        if (!isString(value))
            return wrongType(kind, spec);
        if (!isMember(spec, value.toString()))
            return makeError(kind, name, kInvalidField, QStringLiteral("的值不在可选范围内（可选：%1）").arg(allowedValues(spec, u"、")),
                QStringLiteral("not one of the allowed values (%1)").arg(allowedValues(spec, u", ")));
        return std::nullopt;
    case FieldType::Set:
        if (value.typeId() != QMetaType::QStringList)
            return wrongType(kind, spec);
        for (const QString &member : value.toStringList()) {
            if (!isMember(spec, member))
                return makeError(kind, name, kInvalidField, QStringLiteral("含有不在可选范围内的值（可选：%1）").arg(allowedValues(spec, u"、")),
                    QStringLiteral("contains a value that is not allowed (allowed: %1)").arg(allowedValues(spec, u", ")));
        }
        return std::nullopt;
    case FieldType::Ref:
        if (!isString(value))
            return wrongType(kind, spec);
        if (!isValidUuid(value.toString()))
            return makeError(kind, name, kInvalidField, QStringLiteral("的记录编号无效"),
                QStringLiteral("not a valid record id"));
        return std::nullopt;
    case FieldType::TextList: {
        if (value.typeId() != QMetaType::QStringList)
            return wrongType(kind, spec);
        const QStringList items = value.toStringList();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString zh = QStringLiteral("第%1项").arg(i + 1);
            const QString en = QStringLiteral("entry %1 ").arg(i + 1);
            if (items[i].trimmed().isEmpty())
                return makeError(
                    kind, name, kInvalidField, zh + QStringLiteral("为空"), en + QStringLiteral("is empty"));
            if (auto e = checkTextContent(kind, spec, items[i], zh, en))
                return e;
        }
        return std::nullopt;
    }
    }
    return wrongType(kind, spec);
}

namespace {

/// The error of a field `kind` does not have.
FieldError unknownFieldError(Kind kind, const QString &key)
{
    const QString shown = shownName(key);
    FieldError e;
    e.field = key.left(kMaxShownName);
    e.code = QLatin1String(kUnknownField);
    e.messageZh = QStringLiteral("未知字段：%1（%2记录没有这个字段）").arg(shown, kindLabelZh(kind));
    e.messageEn = QStringLiteral("Unknown field: %1 (a %2 record has no such field)").arg(shown, kindLabelEn(kind).toLower());
    return e;
}

void addMissing(Errors &errors, const FieldSpec &spec)
{
    if (spec.required)
        errors.add(QLatin1String(spec.name), kMissingField, QStringLiteral("为必填项"), QStringLiteral("required"));
}

/// validateRecordRules' errors about which fields are given, for values that each passed validateValue.
/// One pass over `values` finds which fields have a value; the errors are then added in validateRecord's
/// order: missing fields in schema order, then unknown fields in name order. The entries that are not
/// good values (an unknown field, or null) are left out of `good`.
void checkGiven(Kind kind, Errors &errors, const Values &values, Values &good)
{
    const std::span<const FieldSpec> specs = kindSpec(kind).fields;
    QVarLengthArray<bool, 64> given(qsizetype(specs.size()) + 2, false);
    QVarLengthArray<QString, 4> unknown;
    for (const FieldValueRef &e : values) {
        qsizetype at = -1;
        if (const FieldSpec *f = fieldSpec(kind, e.name))
            at = f - specs.data();
        else if (e.name == QLatin1String(kCreatedAt))
            at = qsizetype(specs.size());
        else if (e.name == QLatin1String(kDeleted))
            at = qsizetype(specs.size()) + 1;
        const bool null = isNull(*e.value);
        if (at < 0)
            unknown.append(e.name.toString());
        else if (!null)
            given[at] = true;
        if (at < 0 || null)
            good.remove(e.name);
    }
    for (qsizetype i = 0; i < qsizetype(specs.size()); ++i) {
        if (!given[i])
            addMissing(errors, specs[size_t(i)]);
    }
    if (!given[qsizetype(specs.size())])
        addMissing(errors, kCreatedAtSpec);
    if (!given[qsizetype(specs.size()) + 1])
        addMissing(errors, kDeletedSpec);
    for (const QString &key : unknown)
        errors.add(unknownFieldError(kind, key));
}

/// validateRecord, or (`valuesChecked`) validateRecordRules: the same errors, only without running
/// validateValue on values the caller has already checked with it.
QList<FieldError> validate(Kind kind, const Values &values, const ValidationContext &ctx, bool valuesChecked)
{
    Record r {kind, values, {}, Errors(kind)};
    const QDate today = ctx.today.isValid() ? ctx.today : Clock().today();

    if (valuesChecked) {
        // Every value passed validateValue already: the good values are the non-null values of known fields.
        r.good = values;
        checkGiven(kind, r.errors, values, r.good);
    } else {
        auto check = [&r, kind](const FieldSpec &spec) {
            const FieldValueRef *e = r.values.entry(QLatin1String(spec.name));
            if (!e || isNull(*e->value)) {
                addMissing(r.errors, spec);
                return;
            }
            if (auto error = validateValue(kind, spec, *e->value))
                r.errors.add(std::move(*error));
            else
                r.good.insert(*e);
        };
        for (const auto &spec : kindSpec(kind).fields)
            check(spec);
        check(kCreatedAtSpec);
        check(kDeletedSpec);

        for (const FieldValueRef &e : values) {
            if (fieldSpec(kind, e.name) || e.name == QLatin1String(kCreatedAt) || e.name == QLatin1String(kDeleted))
                continue;
            r.errors.add(unknownFieldError(kind, e.name.toString()));
        }
    }

    switch (kind) {
    case Kind::Resident:
        residentRules(r, today);
        break;
    case Kind::TrainingSession:
    case Kind::TrainingOffer:
        trainingRules(r);
        break;
    case Kind::ScreeningReferral:
        referralRules(r, ctx, today);
        break;
    case Kind::FamilyVisit:
        visitRules(r, ctx, today);
        break;
    case Kind::Staff:
    case Kind::Attendance:
    case Kind::Station:
    case Kind::Facility:
        break; // no rules beyond the fields' own
    }
    return r.errors.list();
}

} // namespace

QList<FieldError> validateRecord(Kind kind, const QVariantMap &values, const ValidationContext &ctx)
{
    return validate(kind, Values(values), ctx, false);
}

QList<FieldError> validateRecordRules(Kind kind, const QVariantMap &values, const ValidationContext &ctx)
{
    return validate(kind, Values(values), ctx, true);
}

QList<FieldError> validateRecordRules(Kind kind, std::span<const FieldValueRef> values, const ValidationContext &ctx)
{
    return validate(kind, Values(values), ctx, true);
}

} // namespace lanxin
