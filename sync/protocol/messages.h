#pragma once

#include "recordcodec.h"
#include "wire.h"

#include "core/hlc.h"
#include "core/result.h"
#include "core/schema.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

/// The bodies of the protocol's endpoints (SYNC-PROTOCOL.md "Endpoints"). Each has toJson() (compact
/// UTF-8, keys in QJsonObject order) and a parser that returns the value or a whole-request Error whose
/// code is a protocol::req code (httpStatusFor(code) gives its status). Parsers are strict: a missing
/// or mistyped member, or a member the protocol does not define, is a schema_violation.
namespace lanxin::protocol {

// ---- GET /api/v1/health -------------------------------------------------------------------------
struct HealthResponse
{
    QString status = QStringLiteral("ok");
    QString version;
    int protocol = kProtocolVersion;
    Hlc serverTime;

    [[nodiscard]] QByteArray toJson() const;
};
[[nodiscard]] Result<HealthResponse> parseHealthResponse(const QByteArray &json);

// ---- POST /api/v1/enroll ------------------------------------------------------------------------
struct EnrollRequest
{
    QString stationCode;
    QString enrollmentCode;
    QString deviceId;   ///< 16 lowercase letters or digits (core isValidNode, not "district")
    QString deviceName; ///< optional, at most 50 characters

    [[nodiscard]] QByteArray toJson() const;
};
[[nodiscard]] Result<EnrollRequest> parseEnrollRequest(const QByteArray &json);

struct StationInfo
{
    QString code;
    QString name;
    QString town;
    QStringList villages;
};

struct EnrollResponse
{
    QString deviceId;
    QString deviceToken;
    StationInfo station;
    Hlc serverTime;

    [[nodiscard]] QByteArray toJson() const;
};
[[nodiscard]] Result<EnrollResponse> parseEnrollResponse(const QByteArray &json);

/// An enrollment code as the admin prints it: 8 characters of A-Z/2-9 without I, O, 0, 1, as XXXX-XXXX.
/// normalizeEnrollmentCode upper-cases and drops spaces and dashes; isWellFormed checks the result.
[[nodiscard]] QString normalizeEnrollmentCode(QStringView code);
[[nodiscard]] bool isWellFormedEnrollmentCode(QStringView normalized);

// ---- POST /api/v1/sync/push ---------------------------------------------------------------------
struct PushRequest
{
    int protocol = kProtocolVersion;
    QString batchId;      ///< lowercase UUID
    Hlc deviceTime;
    qint64 pushesAcknowledged = 0;
    QList<WireRecord> records;

    [[nodiscard]] QByteArray toJson() const;
};

/// A push request body written record by record, without a WireRecord per record when the record's
/// JSON is already at hand (the station's take writes it from its columns): the bytes are those of
/// PushRequest::toJson() for the same envelope and records.
class PushBodyWriter
{
public:
    /// Writes into `out` (cleared first; its capacity is kept, so a caller can reuse one buffer).
    PushBodyWriter(QByteArray &out, const QString &batchId, const Hlc &deviceTime, qint64 pushesAcknowledged,
                   qsizetype expectedRecords = 0, int protocol = kProtocolVersion);
    /// A record from its typed writes (appendRecordJson).
    void add(const WireRecord &record);
    /// A record already written as appendRecordJson writes it (one JSON object, compact).
    void addJson(QByteArrayView recordJson);
    /// Closes the body in `out`.
    void finish();

private:
    void separate();
    QByteArray &m_out;
    bool m_first = true;
};

/// A parsed push: the envelope, and every record decoded or with its error, in the order sent.
struct ParsedPush
{
    int protocol = kProtocolVersion;
    QString batchId;
    Hlc deviceTime;
    qint64 pushesAcknowledged = 0;
    QList<DecodedRecord> records;
};
/// `json` is the body after decompression. Order of checks: size (> kMaxBatchJsonBytes: too_large),
/// JSON (malformed_json), shape (schema_violation), `protocol` (unsupported_protocol when an integer
/// other than 1), members, `records` count (> kMaxBatchRecords: too_large), each record's shape.
/// Per-record problems are left in ParsedPush::records for per-record verdicts.
[[nodiscard]] Result<ParsedPush> parsePushRequest(const QByteArray &json);

enum class Verdict { Applied, Unchanged, Rejected };
[[nodiscard]] QString verdictName(Verdict v);

struct RecordResult
{
    QString id;
    Verdict status = Verdict::Applied;
    std::optional<RecordError> error; ///< for Rejected

    friend bool operator==(const RecordResult &, const RecordResult &) = default;
};

struct PushResponse
{
    QString batchId;
    Hlc serverTime;
    qint64 pushesAcknowledged = 0;
    QList<RecordResult> results;

    [[nodiscard]] QByteArray toJson() const;
};
[[nodiscard]] Result<PushResponse> parsePushResponse(const QByteArray &json);

// ---- GET /api/v1/sync/pull ----------------------------------------------------------------------
struct PullQuery
{
    QString cursor; ///< opaque; empty = from the beginning
    int limit = kPullDefaultLimit;
    bool includeOwn = false;

    /// "cursor=...&limit=...[&include_own=1]", percent-encoded.
    [[nodiscard]] QString toQueryString() const;
};
/// `limit` is clamped to [kPullMinLimit, kPullMaxLimit] (absent: kPullDefaultLimit); a limit that is not
/// an integer, or include_own other than 0/1/true/false, is a schema_violation. Unknown keys are ignored.
[[nodiscard]] Result<PullQuery> parsePullQuery(const QUrlQuery &query);

struct PullResponse
{
    QList<WireRecord> changes;
    QString cursor;
    bool hasMore = false;
    Hlc serverTime;

    [[nodiscard]] QByteArray toJson() const;
};
struct ParsedPull
{
    QList<DecodedRecord> changes;
    QString cursor;
    bool hasMore = false;
    Hlc serverTime;
};
[[nodiscard]] Result<ParsedPull> parsePullResponse(const QByteArray &json);

// ---- GET /api/v1/sync/receipt -------------------------------------------------------------------
struct KindReceipt
{
    qint64 count = 0;
    QString digest; ///< 64 lowercase hex digits (ReceiptDigest)

    friend bool operator==(const KindReceipt &, const KindReceipt &) = default;
};

struct ReceiptResponse
{
    QMap<Kind, KindReceipt> kinds; ///< the record kinds
    Hlc serverTime;

    [[nodiscard]] QByteArray toJson() const;
};
[[nodiscard]] Result<ReceiptResponse> parseReceiptResponse(const QByteArray &json);

} // namespace lanxin::protocol
