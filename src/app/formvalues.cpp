#include "formvalues.h"

#include "core/clock.h"
#include "core/labels.h"

namespace lanxin {
namespace {

FieldError parseError(Kind kind, const QString &field, const QString &zh, const QString &en)
{
    return FieldError{field, QLatin1String(kInvalidField), fieldLabelZh(kind, field) + zh,
                      fieldLabelEn(kind, field) + QStringLiteral(": ") + en};
}

} // namespace

QVariantMap logicalValues(Kind kind, const QVariantMap &form, QList<FieldError> *errors)
{
    QVariantMap out;
    for (auto it = form.cbegin(); it != form.cend(); ++it) {
        const FieldSpec *spec = fieldSpec(kind, it.key());
        if (!spec) {
            out.insert(it.key(), it.value()); // the store reports unknown fields
            continue;
        }
        const QVariant v = it.value();
        const bool isText = v.typeId() == QMetaType::QString;
        const QString text = isText ? v.toString().trimmed() : QString();
        if (!v.isValid() || v.isNull() || (isText && text.isEmpty())) {
            out.insert(it.key(), QVariant());
            continue;
        }
        switch (spec->type) {
        case FieldType::Date: {
            const QDate d = isText ? parseDate(text) : v.toDate();
            if (!d.isValid()) {
                errors->append(parseError(kind, it.key(), QStringLiteral("应为“年-月-日”格式的日期，例如 2024-03-08"),
                                          QStringLiteral("enter a date as year-month-day, e.g. 2024-03-08")));
                continue;
            }
            out.insert(it.key(), d);
            break;
        }
        case FieldType::Instant: {
            const QDateTime t = isText ? parseInstant(text) : v.toDateTime();
            if (!t.isValid()) {
                errors->append(parseError(kind, it.key(), QStringLiteral("不是有效的时间"), QStringLiteral("not a valid time")));
                continue;
            }
            out.insert(it.key(), t.toUTC());
            break;
        }
        case FieldType::Int: {
            bool ok = true;
            const qint64 n = isText ? text.toLongLong(&ok) : v.toLongLong(&ok);
            if (!ok) {
                errors->append(parseError(kind, it.key(), QStringLiteral("应为整数"), QStringLiteral("enter a whole number")));
                continue;
            }
            out.insert(it.key(), n);
            break;
        }
        case FieldType::Bool:
            out.insert(it.key(), isText ? text == QLatin1String("true") : v.toBool());
            break;
        case FieldType::Set:
        case FieldType::TextList:
            out.insert(it.key(), v.toStringList());
            break;
        default:
            out.insert(it.key(), isText ? text : v.toString());
        }
    }
    return out;
}

QDateTime localInstant(const QString &date, const QString &time)
{
    const QDate d = parseDate(date.trimmed());
    const QTime t = QTime::fromString(time.trimmed(), QStringLiteral("H:mm"));
    if (!d.isValid() || !t.isValid())
        return {};
    return QDateTime(d, t, localZone()).toUTC();
}

QString localDateText(const QDateTime &t)
{
    return t.isValid() ? formatDate(t.toTimeZone(localZone()).date()) : QString();
}

QString localTimeText(const QDateTime &t)
{
    return t.isValid() ? t.toTimeZone(localZone()).time().toString(QStringLiteral("HH:mm")) : QString();
}

QString dateText(QDate d)
{
    return d.isValid() ? formatDate(d) : QString();
}

QVariantMap formOk(const QString &id)
{
    return {{QStringLiteral("ok"), true}, {QStringLiteral("id"), id}, {QStringLiteral("errors"), QVariantMap()},
            {QStringLiteral("message"), QString()}};
}

QVariantMap formFailed(const QList<FieldError> &errors, const QString &message, bool chinese)
{
    QVariantMap byField;
    QStringList general;
    for (const FieldError &e : errors) {
        if (e.field.isEmpty())
            general << e.message(chinese);
        else if (!byField.contains(e.field))
            byField.insert(e.field, e.message(chinese));
    }
    if (!message.isEmpty() && general.isEmpty() && byField.isEmpty()) {
        // Storage errors come as "中文 / English" (core/result.h bilingual()): show one side.
        const qsizetype cut = message.indexOf(QLatin1String(" / "));
        general << (cut < 0 ? message : chinese ? message.left(cut) : message.mid(cut + 3));
    }
    return {{QStringLiteral("ok"), false}, {QStringLiteral("id"), QString()}, {QStringLiteral("errors"), byField},
            {QStringLiteral("message"), general.join(u'\n')}};
}

QVariantMap formFailed(const Error &error, const QList<FieldError> &fieldErrors, bool chinese)
{
    return formFailed(fieldErrors, error.message, chinese);
}

} // namespace lanxin
