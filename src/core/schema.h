#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <span>

namespace lanxin {

/// The record kinds of PRODUCT.md. Record kinds are written on stations; reference kinds come from the district.
enum class Kind { Staff, Resident, TrainingSession, Attendance, ScreeningReferral, FamilyVisit, Station, Facility, TrainingOffer };

enum class FieldType {
    Text,    ///< a string with a maximum length
    Date,    ///< a local date (Asia/Shanghai), ISO yyyy-MM-dd on the wire and in storage
    Instant, ///< a UTC instant, RFC 3339 with milliseconds
    Bool,
    Int,
    Enum,    ///< one of FieldSpec::values
    Set,     ///< members of FieldSpec::values, one stamped field per member on the wire ("tags.left_behind")
    Ref,     ///< the id of another record (a lowercase UUID)
    TextList ///< a list of strings (reference data only: a station's villages)
};

struct FieldSpec
{
    const char *name;
    FieldType type;
    int maxLength = 0;           ///< characters, for Text
    bool sensitive = false;      ///< encrypted at rest, masked on screen, never logged
    std::span<const char *const> values = {}; ///< for Enum and Set
    bool required = false;       ///< must be present (non-null) once the record exists
};

struct KindSpec
{
    Kind kind;
    const char *name;  ///< wire name, also the table name
    bool reference;    ///< written by the district only
    std::span<const FieldSpec> fields;
};

/// Common fields every record has, stamped like the others.
inline constexpr const char *kCreatedAt = "created_at";
inline constexpr const char *kDeleted = "deleted";

[[nodiscard]] const KindSpec &kindSpec(Kind kind);
[[nodiscard]] std::optional<Kind> kindFromName(QStringView name);
[[nodiscard]] QString kindName(Kind kind);
/// The record kinds in the order a push sends them (parents before children).
[[nodiscard]] std::span<const Kind> recordKinds();
[[nodiscard]] std::span<const Kind> referenceKinds();
[[nodiscard]] std::span<const Kind> allKinds();

/// The spec of a field, or nullptr. For sets, `name` is the set ("tags"), not a member.
[[nodiscard]] const FieldSpec *fieldSpec(Kind kind, QStringView name);
/// Splits a wire field name "tags.left_behind" into its set and member; nullopt when not a set member.
struct SetMember
{
    const FieldSpec *set;
    QString member;
};
[[nodiscard]] std::optional<SetMember> setMember(Kind kind, QStringView wireName);
/// Wire names of every field of a kind (set members expanded), plus created_at and deleted.
[[nodiscard]] QStringList wireFieldNames(Kind kind);

/// Labels of fields and values are in labels.h.

} // namespace lanxin
