#pragma once

// Internal to lanxin_protocol: what the QJsonDocument reader (decodeValue, decodeRecord) and the
// single-pass push reader (pushreader.cpp) share, so a value and a record decode through one piece of
// code and give the same typed values and the same RecordErrors whichever reader found them.

#include "recordcodec.h"
#include "wire.h"

#include "core/clock.h"
#include "core/labels.h"
#include "core/validation.h"

#include <QDateTime>
#include <QStringList>

#include <cmath>

namespace lanxin::protocol::detail {

/// A name from the wire, safe to echo in an error: cut to 64 characters, control characters replaced.
[[nodiscard]] QString shown(QStringView name);

// The per-record errors of decodeRecord, one maker each (the messages never quote a value).
[[nodiscard]] RecordError unknownKindError(QStringView kindName);
[[nodiscard]] RecordError invalidIdError();
[[nodiscard]] RecordError missingStationError();
[[nodiscard]] RecordError missingStampError(Kind kind, const QString &field);
[[nodiscard]] RecordError badStampError(Kind kind, const QString &field);
[[nodiscard]] RecordError stampWithoutFieldError(QStringView field);

[[nodiscard]] RecordError unknownFieldError(Kind kind, QStringView wireField);
[[nodiscard]] RecordError wrongTypeError(Kind kind, QStringView field, const QString &expectedZh);
[[nodiscard]] RecordError badDateError(Kind kind, QStringView field);
[[nodiscard]] RecordError badInstantError(Kind kind, QStringView field);
[[nodiscard]] RecordError outOfRangeError(Kind kind, QStringView field);
[[nodiscard]] RecordError wholeSetError(QStringView wireField);

inline constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

/// decodeValue's body for any reader. `Json` answers as QJsonValue does: isNull(), isBool(), toBool(),
/// isString(), toString(), stringView() (something a QStringView can be made of, for dates and instants),
/// isDouble(), toDouble(), toInteger(qint64), isArray(), and toStringList(QStringList *) (false when an
/// item is not a string).
template<typename Json>
std::optional<RecordError> decodeValueAs(
    Kind kind, QStringView wireField, WireField wf, const Json &json, QVariant *out)
{
    if (!wf.spec)
        return unknownFieldError(kind, wireField);
    if (wf.member) {
        if (json.isNull()) {
            *out = false;
            return std::nullopt;
        }
        if (!json.isBool())
            return wrongTypeError(kind, wireField, QStringLiteral("是/否"));
        *out = json.toBool();
        return std::nullopt;
    }
    if (json.isNull()) {
        *out = QVariant();
        return std::nullopt;
    }
    const FieldSpec &spec = *wf.spec;
    QVariant v;
    switch (spec.type) {
    case FieldType::Text:
    case FieldType::Enum:
    case FieldType::Ref:
        if (!json.isString())
            return wrongTypeError(kind, wireField, QStringLiteral("文本"));
        v = json.toString();
        break;
    case FieldType::Date: {
        if (!json.isString())
            return wrongTypeError(kind, wireField, QStringLiteral("日期"));
        const auto text = json.stringView();
        const QDate d = parseDate(text);
        if (!d.isValid())
            return badDateError(kind, wireField);
        v = d;
        break;
    }
    case FieldType::Instant: {
        if (!json.isString())
            return wrongTypeError(kind, wireField, QStringLiteral("时间"));
        const auto text = json.stringView();
        const QDateTime t = parseInstant(text);
        if (!t.isValid())
            return badInstantError(kind, wireField);
        v = t;
        break;
    }
    case FieldType::Bool:
        if (!json.isBool())
            return wrongTypeError(kind, wireField, QStringLiteral("是/否"));
        v = json.toBool();
        break;
    case FieldType::Int: {
        if (!json.isDouble())
            return wrongTypeError(kind, wireField, QStringLiteral("整数"));
        const double d = json.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d)
            return wrongTypeError(kind, wireField, QStringLiteral("整数"));
        if (std::fabs(d) > kMaxExactInteger)
            return outOfRangeError(kind, wireField);
        v = QVariant::fromValue<qint64>(json.toInteger(static_cast<qint64>(d)));
        break;
    }
    case FieldType::TextList: {
        if (!json.isArray())
            return wrongTypeError(kind, wireField, QStringLiteral("文本列表"));
        QStringList list;
        if (!json.toStringList(&list))
            return wrongTypeError(kind, wireField, QStringLiteral("文本列表"));
        v = list;
        break;
    }
    case FieldType::Set:
        return wholeSetError(wireField);
    }
    if (auto e = validateValue(kind, spec, v))
        return RecordError::fromFieldError(*e);
    *out = std::move(v);
    return std::nullopt;
}

} // namespace lanxin::protocol::detail
