#pragma once

#include "schema.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>
#include <span>

namespace lanxin {

/// The one validator of record values, shared by the station's forms, the CSV import and the district
/// server, so both sides of a sync cannot disagree (SYNC-PROTOCOL.md "Values").
///
/// Values are "logical values": a QVariantMap keyed by field name (a set is one key, "tags", not its
/// wire members "tags.left_behind"). Text → QString, Date → QDate, Instant → QDateTime, Bool → bool,
/// Int → qint64 (any integral QVariant is accepted), Enum → QString, Set → QStringList of members,
/// Ref → QString (lowercase UUID), TextList → QStringList. An invalid QVariant or an absent key is
/// null. The envelope (id, station_id) is not a field; besides the kind's schema fields only
/// created_at (Instant) and deleted (Bool) are accepted.
///
/// Messages never quote the value of a field (sensitive values must not reach logs).

/// The sync protocol's record error codes that validation gives.
inline constexpr const char *kInvalidField = "invalid_field";
inline constexpr const char *kMissingField = "missing_field";
inline constexpr const char *kUnknownField = "unknown_field";

struct FieldError
{
    QString field; ///< field name ("id_number"), or "" for the whole record
    QString code; ///< "invalid_field" | "missing_field" | "unknown_field"
    QString messageZh; ///< plain Chinese naming the field and what is wrong: "身份证号校验位错误"
    QString messageEn; ///< its English translation: "ID number: the check digit is wrong"
    [[nodiscard]] QString message(bool chinese = true) const;
    /// Both halves as one line, "中文 / English": how an Error's message reads (core/result.h).
    [[nodiscard]] QString bilingualMessage() const;
};

struct ValidationContext
{
    QDate today; ///< local date (Asia/Shanghai), for ages and "not in the future"; today's date when invalid
    // for referral/visit rules that need the resident:
    QDate residentBirthDate; ///< invalid when unknown (the age rules are then skipped)
    QString residentGuardianName;
};

/// One field's value against its spec: type, enum/set members, length in characters (a surrogate
/// pair is one character), control characters (only \n and \t, and only in notes), date and instant
/// sanity (years 1900..2100), UUIDs, and the formats of single fields (phone, id_number, capacity).
/// Null is accepted here (required fields are validateRecord's); so is an empty optional text.
[[nodiscard]] std::optional<FieldError> validateValue(
    Kind kind, const FieldSpec &spec, const QVariant &value);
/// A whole record (its full state after the change): every field's value, required fields, unknown
/// fields, and every cross-field rule of PRODUCT.md "Rules the data must keep". Cross-field rules use
/// only the values that passed validateValue, so one mistake gives one error.
[[nodiscard]] QList<FieldError> validateRecord(
    Kind kind, const QVariantMap &values, const ValidationContext &ctx);

/// validateRecord for values that each passed validateValue already (e.g. decoded by
/// protocol::decodeValue): required fields, unknown fields and the cross-field rules, without checking
/// every value a second time. For such values it gives exactly validateRecord's errors; a value that
/// would not pass validateValue is taken as good here, so only pass values already checked.
[[nodiscard]] QList<FieldError> validateRecordRules(
    Kind kind, const QVariantMap &values, const ValidationContext &ctx);

/// One field's name and value, for validateRecordRules without a QVariantMap. Neither is owned.
struct FieldValueRef
{
    QStringView name;
    const QVariant *value = nullptr;
};

/// validateRecordRules for `values` sorted by name without repeats (as a QVariantMap of them would hold
/// them), without building that map: the same errors in the same order. The district checks each pushed
/// record this way.
[[nodiscard]] QList<FieldError> validateRecordRules(
    Kind kind, std::span<const FieldValueRef> values, const ValidationContext &ctx);

/// A mainland mobile number: 11 ASCII digits starting 1[3-9].
[[nodiscard]] bool isValidPhone(QStringView phone);
/// An 18-character 居民身份证号 (GB 11643), with distinct errors for a wrong length, bad characters, an
/// impossible embedded birth date and a wrong check character; then, when given, the embedded birth
/// date must equal `birthDate` and the gender digit agree with `gender` ("F"/"M"). Expects the
/// normalized form (normalizeIdNumber: no spaces, upper-case X). The error's field is "id_number".
[[nodiscard]] std::optional<FieldError> checkIdNumber(QStringView id, QDate birthDate, QStringView gender);
/// Age in whole years on `on` (a 29 February birthday counts from 1 March in other years); -1 when
/// either date is invalid or `on` is before `birth`.
[[nodiscard]] int ageOn(QDate birth, QDate on);
/// Screening age rule: true when the woman is 35–64 on `referredOn`.
[[nodiscard]] bool inScreeningAge(QDate birth, QDate referredOn);
/// Family-visit rule: does this visit force a follow-up (dv_risk or risk_level high)?
[[nodiscard]] bool visitNeedsFollowUp(const QVariantMap &visit);

/// The ages of the rules, for forms that want to say them.
inline constexpr int kScreeningMinAge = 35;
inline constexpr int kScreeningMaxAge = 64;
inline constexpr int kGuardianAge = 14; ///< under this age a guardian's name is needed
inline constexpr int kDvFollowUpDays = 7; ///< next_visit_due within this many days of a risky visit
inline constexpr int kMaxCapacity = 10000;

} // namespace lanxin
