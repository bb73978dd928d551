#pragma once

#include "messages.h"

#include <QByteArray>

#include <optional>

/// The two readers behind parsePushRequest (messages.h), apart for the differential tests, the fuzz
/// target and the parse benchmark. Callers outside those use parsePushRequest.
///
/// The reference reader parses the body with QJsonDocument and decodeRecord: it gives every error with
/// its code, message and offset. The single-pass reader walks the UTF-8 bytes once, in place, and builds
/// ParsedPush directly, decoding every field through the same decodeValueAs as decodeValue (one code
/// path for types, validation and per-record errors). It only answers for bodies it is sure of: well
/// formed JSON in the subset the station writes (objects, arrays of strings as field values, integers
/// of at most 15 digits, the escapes \" \\ \/ \b \f \n \r \t and \uXXXX outside the surrogates, ASCII
/// keys without escapes, no duplicate key) with a correct envelope and records of the right shape.
/// For anything else it gives up (nullopt) and parsePushRequest runs the reference reader on the whole
/// body, so every whole-request error is the reference reader's by construction.
namespace lanxin::protocol::detail {

/// The reference reader: QJsonDocument, then the envelope and decodeRecord per record.
[[nodiscard]] Result<ParsedPush> parsePushRequestReference(const QByteArray &json);
/// The single-pass reader: the push, or nullopt when it gives up (then the reference reader decides).
[[nodiscard]] std::optional<ParsedPush> parsePushRequestSinglePass(const QByteArray &json);

} // namespace lanxin::protocol::detail
