#pragma once

#include "schema.h"

#include <QString>

namespace lanxin {

/// Human labels of fields and of enum/set values, in Chinese (the default language) and English.
/// Plain data, Qt Core only: the station's forms, the CSV import and the district server share them,
/// and validation messages name fields with them. A field the kind does not have, or an unknown value,
/// gives itself back.

/// The label of a record or reference kind (resident → 居民 / "Resident").
[[nodiscard]] QString kindLabelZh(Kind kind);
[[nodiscard]] QString kindLabelEn(Kind kind);
[[nodiscard]] QString kindLabel(Kind kind, bool chinese = true);

/// The label of a field of a kind ("id_number" → 身份证号 / "ID number"); also created_at and deleted.
[[nodiscard]] QString fieldLabelZh(Kind kind, QStringView field);
[[nodiscard]] QString fieldLabelEn(Kind kind, QStringView field);
[[nodiscard]] QString fieldLabel(Kind kind, QStringView field, bool chinese = true);

/// The label of a value of an enum or set field ("category", "practical_skills" → 实用技术).
/// Keyed by the field name: the same value may read differently in different fields.
[[nodiscard]] QString valueLabelZh(QStringView field, QStringView value);
[[nodiscard]] QString valueLabelEn(QStringView field, QStringView value);
[[nodiscard]] QString valueLabel(QStringView field, QStringView value, bool chinese = true);

} // namespace lanxin
