#pragma once

#include "core/result.h"
#include "core/schema.h"
#include "core/validation.h"

#include <QVariantMap>

namespace lanxin {

class StationStore;
struct SaveError;

/// Turns what a QML form holds (strings for dates, numbers and times; lists for sets) into the logical
/// values of `kind`. Fields that do not parse get a FieldError in `errors` and are left out, so the
/// rest can still be checked. Empty strings become null.
[[nodiscard]] QVariantMap logicalValues(Kind kind, const QVariantMap &form, QList<FieldError> *errors);

/// A local date and "HH:mm" as a UTC instant; invalid when either does not parse.
[[nodiscard]] QDateTime localInstant(const QString &date, const QString &time);
/// An instant as local date and time text for forms.
[[nodiscard]] QString localDateText(const QDateTime &t);
[[nodiscard]] QString localTimeText(const QDateTime &t);
[[nodiscard]] QString dateText(QDate d);

/// What a form gets back from a save: {ok, id, errors: {field: message}, message}.
[[nodiscard]] QVariantMap formOk(const QString &id);
[[nodiscard]] QVariantMap formFailed(const QList<FieldError> &errors, const QString &message, bool chinese);
/// Field errors from a refused save (the store's last field errors), or its error message.
[[nodiscard]] QVariantMap formFailed(const Error &error, const QList<FieldError> &fieldErrors, bool chinese);

} // namespace lanxin
