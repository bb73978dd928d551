// Fuzz target: the shared validators (src/core validation, idnumber) on arbitrary text, for every field of
// every kind. Properties:
//  - parseIdNumber accepts only 18 characters whose last is idNumberCheckChar of the first 17, and
//    checkIdNumber agrees with it (no error for what parseIdNumber accepts);
//  - normalizeIdNumber is idempotent; isValidPhone accepts only 11 ASCII digits starting 1[3-9];
//  - no validation message quotes the value (values may be sensitive: SECURITY.md 20).
#include "core/idnumber.h"
#include "core/schema.h"
#include "core/validation.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace lanxin;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_validation: property violated: %s\n", what);
    std::abort();
}

void noQuote(const std::optional<FieldError> &e, const QString &text)
{
    if (e && text.size() >= 6 && (e->messageZh.contains(text) || e->messageEn.contains(text)))
        fail("a validation message quotes the value");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    // The first byte picks the form the text takes for non-text fields; the rest is the text.
    const uint8_t mode = data[0];
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));

    // ID numbers.
    const QString normalized = normalizeIdNumber(text);
    if (normalizeIdNumber(normalized) != normalized)
        fail("normalizeIdNumber is not idempotent");
    if (const auto info = parseIdNumber(normalized)) {
        if (normalized.size() != 18 || idNumberCheckChar(QStringView(normalized).left(17)) != normalized.at(17))
            fail("parseIdNumber accepted a number with a wrong length or check character");
        if (checkIdNumber(normalized, info->birthDate, QString(info->gender)))
            fail("checkIdNumber refuses what parseIdNumber accepts");
    }
    noQuote(checkIdNumber(normalized, QDate(), QString()), normalized);
    (void)idNumberCheckChar(text);

    // Phones.
    if (isValidPhone(text)) {
        if (text.size() != 11 || text.at(0) != u'1' || text.at(1) < u'3' || text.at(1) > u'9')
            fail("isValidPhone accepted a malformed number");
        for (QChar c : text) {
            if (c < u'0' || c > u'9')
                fail("isValidPhone accepted a non-digit");
        }
    }

    // Every field of every kind, with the text as the value in the form its type takes.
    for (const Kind kind : allKinds()) {
        for (const FieldSpec &spec : kindSpec(kind).fields) {
            QVariant value;
            switch (spec.type) {
            case FieldType::Date:
                value = (mode & 1) ? QVariant(QDate::fromString(text, Qt::ISODate)) : QVariant(text);
                break;
            case FieldType::Instant:
                value = (mode & 1) ? QVariant(QDateTime::fromString(text, Qt::ISODateWithMs)) : QVariant(text);
                break;
            case FieldType::Int:
                value = (mode & 1) ? QVariant(text.toLongLong()) : QVariant(text);
                break;
            case FieldType::Bool:
                value = (mode & 1) ? QVariant(!text.isEmpty()) : QVariant(text);
                break;
            case FieldType::Set:
            case FieldType::TextList:
                value = (mode & 1) ? QVariant(text.split(u',')) : QVariant(text);
                break;
            default:
                value = text;
                break;
            }
            const auto e = validateValue(kind, spec, value);
            if (spec.sensitive)
                noQuote(e, text);
        }
        if (mode & 2) {
            QVariantMap record;
            for (const FieldSpec &spec : kindSpec(kind).fields)
                record.insert(QLatin1String(spec.name), text);
            (void)validateRecord(kind, record, ValidationContext{QDate(2026, 11, 28), QDate(1980, 1, 1), text});
        }
    }
    (void)ageOn(QDate::fromString(text, Qt::ISODate), QDate(2026, 11, 28));
    return 0;
}
