#pragma once

#include "core/hlc.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

/// The numbers and codes of the sync protocol, version 1 (SYNC-PROTOCOL.md). Both programs use these
/// constants; a change here is a change of the contract.
namespace lanxin::protocol {

inline constexpr int kProtocolVersion = 1;

// Limits of a push (SYNC-PROTOCOL.md "POST /api/v1/sync/push").
inline constexpr int kMaxBatchRecords = 500;
inline constexpr qsizetype kMaxBatchJsonBytes = 1024 * 1024;        ///< JSON after decompression
inline constexpr qsizetype kMaxInflatedBytes = 8 * 1024 * 1024;     ///< stop decompressing here
inline constexpr qsizetype kMaxBodyBytes = 2 * 1024 * 1024;         ///< a body as sent
// Pull.
inline constexpr int kPullDefaultLimit = 500;
inline constexpr int kPullMinLimit = 1;
inline constexpr int kPullMaxLimit = 1000;
// Clocks: a stamp further ahead of the server's clock than this is rejected clock_ahead.
inline constexpr qint64 kMaxClockAheadMs = 24LL * 3600 * 1000;

/// Whole-request error codes (`{"error": {"code", "message"}}`).
namespace req {
inline constexpr const char *MalformedJson = "malformed_json";
inline constexpr const char *MalformedBody = "malformed_body";
inline constexpr const char *SchemaViolation = "schema_violation";
inline constexpr const char *UnsupportedProtocol = "unsupported_protocol";
inline constexpr const char *BadCursor = "bad_cursor";
inline constexpr const char *Unauthenticated = "unauthenticated";
inline constexpr const char *EnrollmentCodeInvalid = "enrollment_code_invalid";
inline constexpr const char *NotFound = "not_found";
inline constexpr const char *MethodNotAllowed = "method_not_allowed";
inline constexpr const char *DeviceIdTaken = "device_id_taken";
inline constexpr const char *TooLarge = "too_large";
inline constexpr const char *UnsupportedMediaType = "unsupported_media_type";
inline constexpr const char *RateLimited = "rate_limited";
inline constexpr const char *InternalError = "internal_error";
inline constexpr const char *Overloaded = "overloaded";
} // namespace req

/// Per-record error codes (a `rejected` verdict's `error.code`).
namespace rec {
inline constexpr const char *InvalidField = "invalid_field";
inline constexpr const char *MissingField = "missing_field";
inline constexpr const char *UnknownField = "unknown_field";
inline constexpr const char *UnknownKind = "unknown_kind";
inline constexpr const char *MissingStamp = "missing_stamp";
inline constexpr const char *ForbiddenStation = "forbidden_station";
inline constexpr const char *ReadOnlyKind = "read_only_kind";
inline constexpr const char *ReferenceMissing = "reference_missing";
inline constexpr const char *ClockAhead = "clock_ahead";
} // namespace rec

/// True for the record error codes a device retries by itself (reference_missing, clock_ahead);
/// the others wait for staff to edit the record.
[[nodiscard]] bool isRetriedAutomatically(QStringView recordErrorCode);

/// The HTTP status of a whole-request error code (400 for the 400 family, 413 for too_large, ...);
/// 500 for an unknown code.
[[nodiscard]] int httpStatusFor(QStringView requestErrorCode);

/// A whole-request error as `Error{code, message}`; `message` is one line, Chinese / English.
[[nodiscard]] Error requestError(const char *code, const QString &zh, const QString &en);

/// `{"error": {"code": ..., "message": ...}}`, compact UTF-8.
[[nodiscard]] QByteArray errorBody(const Error &error);
/// The same with the server's clock: `{"error": {...}, "server_time": "<hlc>"}` (every server response
/// carries server_time, errors included).
[[nodiscard]] QByteArray errorBody(const Error &error, const Hlc &serverTime);
/// The error of an error body; nullopt when `body` is not one.
[[nodiscard]] std::optional<Error> parseErrorBody(const QByteArray &body);

} // namespace lanxin::protocol
