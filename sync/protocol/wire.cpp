#include "wire.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace lanxin::protocol {

bool isRetriedAutomatically(QStringView code)
{
    return code == QLatin1String(rec::ReferenceMissing) || code == QLatin1String(rec::ClockAhead);
}

int httpStatusFor(QStringView code)
{
    struct Entry
    {
        const char *code;
        int status;
    };
    static constexpr Entry table[] = {
        {req::MalformedJson, 400},
        {req::MalformedBody, 400},
        {req::SchemaViolation, 400},
        {req::UnsupportedProtocol, 400},
        {req::BadCursor, 400},
        {req::Unauthenticated, 401},
        {req::EnrollmentCodeInvalid, 403},
        {req::NotFound, 404},
        {req::MethodNotAllowed, 405},
        {req::DeviceIdTaken, 409},
        {req::TooLarge, 413},
        {req::UnsupportedMediaType, 415},
        {req::RateLimited, 429},
        {req::InternalError, 500},
        {req::Overloaded, 503},
    };
    for (const Entry &e : table) {
        if (code == QLatin1String(e.code))
            return e.status;
    }
    return 500;
}

Error requestError(const char *code, const QString &zh, const QString &en)
{
    return Error{QString::fromLatin1(code), bilingual(zh, en)};
}

QByteArray errorBody(const Error &error)
{
    QJsonObject inner{{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), inner}}).toJson(QJsonDocument::Compact);
}

QByteArray errorBody(const Error &error, const Hlc &serverTime)
{
    QJsonObject inner{{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), inner}, {QStringLiteral("server_time"), serverTime.toString()}})
        .toJson(QJsonDocument::Compact);
}

std::optional<Error> parseErrorBody(const QByteArray &body)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonValue inner = doc.object().value(QStringLiteral("error"));
    if (!inner.isObject() || !inner[QStringLiteral("code")].isString())
        return std::nullopt;
    return Error{inner[QStringLiteral("code")].toString(), inner[QStringLiteral("message")].toString()};
}

} // namespace lanxin::protocol
