#include "messages.h"

#include "jsonwriter.h"
#include "pushreader.h"

#include "core/ids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lanxin::protocol {
namespace {

constexpr qsizetype kMaxDeviceName = 50;
constexpr qsizetype kMaxCodeLength = 64;

QString str(const char *s)
{
    return QString::fromLatin1(s);
}

Error schema(const QString &what)
{
    return requestError(req::SchemaViolation, QStringLiteral("请求格式不符合协议：") + what,
                        QStringLiteral("The request does not follow the protocol: ") + what);
}

/// Parses `json` as an object, or the malformed_json / schema_violation error.
Result<QJsonObject> parseObject(const QByteArray &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return requestError(req::MalformedJson, QStringLiteral("请求不是有效的 JSON（位置 %1）").arg(pe.offset),
                            QStringLiteral("The body is not valid JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString()));
    if (!doc.isObject())
        return schema(QStringLiteral("the body is not a JSON object"));
    return doc.object();
}

/// Strict member access: records the first problem; `finish()` reports members not read.
class Reader
{
public:
    explicit Reader(const QJsonObject &o) : m_o(o) {}

    QJsonValue take(const char *key)
    {
        m_read.append(key);
        return m_o.value(QLatin1String(key));
    }
    QString string(const char *key, bool required = true)
    {
        const QJsonValue v = take(key);
        if (v.isString())
            return v.toString();
        if (required || !(v.isUndefined() || v.isNull()))
            fail(QStringLiteral("\"%1\" must be a string").arg(str(key)));
        return {};
    }
    qint64 integer(const char *key, qint64 min)
    {
        const QJsonValue v = take(key);
        const double d = v.toDouble();
        if (!v.isDouble() || std::trunc(d) != d || d < static_cast<double>(min) || std::fabs(d) > 9007199254740992.0) {
            fail(QStringLiteral("\"%1\" must be an integer ≥ %2").arg(str(key)).arg(min));
            return min;
        }
        return v.toInteger();
    }
    bool boolean(const char *key)
    {
        const QJsonValue v = take(key);
        if (!v.isBool())
            fail(QStringLiteral("\"%1\" must be true or false").arg(str(key)));
        return v.toBool();
    }
    Hlc hlc(const char *key)
    {
        const QJsonValue v = take(key);
        const auto h = v.isString() ? Hlc::parse(v.toString()) : std::nullopt;
        if (!h) {
            fail(QStringLiteral("\"%1\" must be an HLC stamp").arg(str(key)));
            return {};
        }
        return *h;
    }
    QJsonArray array(const char *key)
    {
        const QJsonValue v = take(key);
        if (!v.isArray())
            fail(QStringLiteral("\"%1\" must be an array").arg(str(key)));
        return v.toArray();
    }
    QJsonObject object(const char *key)
    {
        const QJsonValue v = take(key);
        if (!v.isObject())
            fail(QStringLiteral("\"%1\" must be an object").arg(str(key)));
        return v.toObject();
    }
    void fail(const QString &what)
    {
        if (m_error.isEmpty())
            m_error = what;
    }
    /// The first problem, including members the protocol does not define.
    [[nodiscard]] std::optional<Error> finish()
    {
        for (auto it = m_o.begin(); it != m_o.end() && m_error.isEmpty(); ++it) {
            const QString key = it.key();
            if (std::none_of(m_read.cbegin(), m_read.cend(), [&](const char *k) { return key == QLatin1String(k); }))
                fail(QStringLiteral("unknown member \"%1\"").arg(key.left(64)));
        }
        if (m_error.isEmpty())
            return std::nullopt;
        return schema(m_error);
    }

private:
    QJsonObject m_o;
    QVarLengthArray<const char *, 8> m_read; ///< the members asked for (500 results a push answer: no QString each)
    QString m_error;
};

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject kindCount(const KindReceipt &r)
{
    return QJsonObject{{QStringLiteral("count"), QJsonValue(r.count)}, {QStringLiteral("digest"), r.digest}};
}

} // namespace

// ---- health -------------------------------------------------------------------------------------

QByteArray HealthResponse::toJson() const
{
    return compact({{QStringLiteral("status"), status},
                    {QStringLiteral("version"), version},
                    {QStringLiteral("protocol"), protocol},
                    {QStringLiteral("server_time"), serverTime.toString()}});
}

Result<HealthResponse> parseHealthResponse(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    Reader r(o.value());
    HealthResponse h;
    h.status = r.string("status");
    h.version = r.string("version");
    h.protocol = static_cast<int>(r.integer("protocol", 1));
    h.serverTime = r.hlc("server_time");
    if (auto e = r.finish())
        return *e;
    return h;
}

// ---- enroll -------------------------------------------------------------------------------------

QString normalizeEnrollmentCode(QStringView code)
{
    QString out;
    for (QChar c : code) {
        if (c == u'-' || c.isSpace())
            continue;
        out += c.toUpper();
    }
    return out;
}

bool isWellFormedEnrollmentCode(QStringView normalized)
{
    static const QString alphabet = QStringLiteral("ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    if (normalized.size() != 8)
        return false;
    for (QChar c : normalized) {
        if (!alphabet.contains(c))
            return false;
    }
    return true;
}

QByteArray EnrollRequest::toJson() const
{
    return compact({{QStringLiteral("station_code"), stationCode},
                    {QStringLiteral("enrollment_code"), enrollmentCode},
                    {QStringLiteral("device_id"), deviceId},
                    {QStringLiteral("device_name"), deviceName}});
}

Result<EnrollRequest> parseEnrollRequest(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    Reader r(o.value());
    EnrollRequest e;
    e.stationCode = r.string("station_code");
    e.enrollmentCode = r.string("enrollment_code");
    e.deviceId = r.string("device_id");
    e.deviceName = r.string("device_name", false);
    if (auto err = r.finish())
        return *err;
    if (e.stationCode.isEmpty() || e.stationCode.size() > kMaxCodeLength)
        return schema(QStringLiteral("\"station_code\" must be 1 to %1 characters").arg(kMaxCodeLength));
    if (e.enrollmentCode.size() > kMaxCodeLength)
        return schema(QStringLiteral("\"enrollment_code\" is too long"));
    if (!isValidNode(e.deviceId) || e.deviceId == QLatin1String("district"))
        return schema(QStringLiteral("\"device_id\" must be 16 lowercase letters or digits"));
    if (e.deviceName.size() > kMaxDeviceName)
        return schema(QStringLiteral("\"device_name\" must be at most %1 characters").arg(kMaxDeviceName));
    for (QChar c : std::as_const(e.deviceName)) {
        if (c.category() == QChar::Other_Control)
            return schema(QStringLiteral("\"device_name\" contains control characters"));
    }
    return e;
}

QByteArray EnrollResponse::toJson() const
{
    const QJsonObject st{{QStringLiteral("code"), station.code},
                         {QStringLiteral("name"), station.name},
                         {QStringLiteral("town"), station.town},
                         {QStringLiteral("villages"), QJsonArray::fromStringList(station.villages)}};
    return compact({{QStringLiteral("device_id"), deviceId},
                    {QStringLiteral("device_token"), deviceToken},
                    {QStringLiteral("station"), st},
                    {QStringLiteral("server_time"), serverTime.toString()}});
}

Result<EnrollResponse> parseEnrollResponse(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    Reader r(o.value());
    EnrollResponse e;
    e.deviceId = r.string("device_id");
    e.deviceToken = r.string("device_token");
    const QJsonObject st = r.object("station");
    e.serverTime = r.hlc("server_time");
    if (auto err = r.finish())
        return *err;
    Reader s(st);
    e.station.code = s.string("code");
    e.station.name = s.string("name");
    e.station.town = s.string("town", false);
    for (const QJsonValue &v : s.array("villages")) {
        if (!v.isString())
            s.fail(QStringLiteral("\"villages\" must hold strings"));
        e.station.villages << v.toString();
    }
    if (auto err = s.finish())
        return *err;
    return e;
}

// ---- push ---------------------------------------------------------------------------------------

QByteArray PushRequest::toJson() const
{
    QByteArray out;
    PushBodyWriter w(out, batchId, deviceTime, pushesAcknowledged, records.size(), protocol);
    for (const WireRecord &r : records)
        w.add(r);
    w.finish();
    return out;
}

PushBodyWriter::PushBodyWriter(QByteArray &out, const QString &batchId, const Hlc &deviceTime,
                               qint64 pushesAcknowledged, qsizetype expectedRecords, int protocol)
    : m_out(out)
{
    // Written directly (keys in QJsonObject's order, so the bytes are what QJsonDocument wrote before).
    m_out.resize(0);
    m_out.reserve(256 + expectedRecords * 900);
    m_out += "{\"batch_id\":";
    json::appendString(m_out, batchId);
    m_out += ",\"device_time\":";
    json::appendString(m_out, deviceTime.toString());
    m_out += ",\"protocol\":";
    m_out += QByteArray::number(protocol);
    m_out += ",\"pushes_acknowledged\":";
    m_out += QByteArray::number(pushesAcknowledged);
    m_out += ",\"records\":[";
}

void PushBodyWriter::separate()
{
    if (!m_first)
        m_out += ',';
    m_first = false;
}

void PushBodyWriter::add(const WireRecord &record)
{
    separate();
    appendRecordJson(m_out, record);
}

void PushBodyWriter::addJson(QByteArrayView recordJson)
{
    separate();
    m_out.append(recordJson.data(), recordJson.size());
}

void PushBodyWriter::finish()
{
    m_out += "]}";
}

Result<ParsedPush> parsePushRequest(const QByteArray &json)
{
    // The single-pass reader for the bodies it is sure of (nearly all: the station writes them), the
    // QJsonDocument reader for the rest, errors included (pushreader.h).
    if (auto fast = detail::parsePushRequestSinglePass(json))
        return std::move(*fast);
    return detail::parsePushRequestReference(json);
}

Result<ParsedPush> detail::parsePushRequestReference(const QByteArray &json)
{
    if (json.size() > kMaxBatchJsonBytes)
        return requestError(req::TooLarge,
                            QStringLiteral("一批数据不能超过 %1 字节").arg(kMaxBatchJsonBytes),
                            QStringLiteral("A batch must be at most %1 bytes of JSON").arg(kMaxBatchJsonBytes));
    auto o = parseObject(json);
    if (!o)
        return o.error();
    const QJsonValue protocol = o.value().value(QStringLiteral("protocol"));
    if (protocol.isDouble() && protocol.toDouble() == std::trunc(protocol.toDouble())
        && protocol.toDouble() != kProtocolVersion)
        return requestError(req::UnsupportedProtocol,
                            QStringLiteral("不支持的协议版本 %1（支持 %2）").arg(protocol.toDouble()).arg(kProtocolVersion),
                            QStringLiteral("Protocol version %1 is not supported (this server speaks %2)")
                                .arg(protocol.toDouble())
                                .arg(kProtocolVersion));
    Reader r(o.value());
    ParsedPush p;
    p.protocol = static_cast<int>(r.integer("protocol", kProtocolVersion));
    p.batchId = r.string("batch_id");
    p.deviceTime = r.hlc("device_time");
    p.pushesAcknowledged = r.integer("pushes_acknowledged", 0);
    const QJsonArray records = r.array("records");
    if (auto e = r.finish())
        return *e;
    if (!isValidUuid(p.batchId))
        return schema(QStringLiteral("\"batch_id\" must be a lowercase UUID"));
    if (records.size() > kMaxBatchRecords)
        return requestError(req::TooLarge, QStringLiteral("一批最多 %1 条记录").arg(kMaxBatchRecords),
                            QStringLiteral("A batch holds at most %1 records").arg(kMaxBatchRecords));
    p.records.reserve(records.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        DecodedRecord d = decodeRecord(records.at(i));
        if (!d.malformed.isEmpty())
            return schema(QStringLiteral("records[%1]: %2").arg(i).arg(d.malformed));
        p.records << std::move(d);
    }
    return p;
}

QString verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Applied:
        return QStringLiteral("applied");
    case Verdict::Unchanged:
        return QStringLiteral("unchanged");
    case Verdict::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

QByteArray PushResponse::toJson() const
{
    QByteArray out;
    out.reserve(128 + results.size() * 64);
    out += "{\"batch_id\":";
    json::appendString(out, batchId);
    out += ",\"pushes_acknowledged\":";
    out += QByteArray::number(pushesAcknowledged);
    out += ",\"results\":[";
    // A few pieces per record, each by appendBytes (QByteArray's own appends are out-of-line inserts).
    for (qsizetype i = 0; i < results.size(); ++i) {
        const RecordResult &r = results[i];
        json::appendBytes(out, i ? QByteArrayView(",{") : QByteArrayView("{"));
        if (r.error) {
            json::appendBytes(out, "\"error\":");
            json::appendValue(out, r.error->toJson());
            json::appendBytes(out, ",");
        }
        json::appendBytes(out, "\"id\":");
        json::appendString(out, r.id);
        json::appendBytes(out, ",\"status\":");
        json::appendString(out, verdictName(r.status));
        json::appendBytes(out, "}");
    }
    out += "],\"server_time\":";
    json::appendString(out, serverTime.toString());
    out += '}';
    return out;
}

namespace {

/// The answer to a batch the district stored whole, exactly as PushResponse::toJson writes it (no
/// `error` member; ids, batch id and stamp printable ASCII without escapes): its 500 results read
/// without a QJsonDocument (9.1k → 1.5k instructions per record at the station). False for anything
/// else, which the general parser then reads and judges; for what it takes, the result is the one
/// the general parser gives (`tst_protocol pushResponseFastPathReadsAsTheGeneralOne`).
bool parseStoredAnswer(QByteArrayView s, PushResponse &p)
{
    const char *c = s.data();
    const char *const end = c + s.size();
    const auto literal = [&](QByteArrayView l) {
        if (end - c < l.size() || std::memcmp(c, l.data(), static_cast<size_t>(l.size())) != 0)
            return false;
        c += l.size();
        return true;
    };
    // The rest of a string whose opening quote was read, when it needs no unescaping.
    const auto plain = [&](QByteArrayView &out) {
        const char *from = c;
        for (; c < end && *c != '"'; ++c) {
            if (*c < 0x20 || *c > 0x7e || *c == '\\')
                return false;
        }
        if (c == end)
            return false;
        out = QByteArrayView(from, c - from);
        ++c;
        return true;
    };
    QByteArrayView batch;
    if (!literal("{\"batch_id\":\"") || !plain(batch) || !literal(",\"pushes_acknowledged\":"))
        return false;
    const char *digits = c;
    while (c < end && *c >= '0' && *c <= '9')
        ++c;
    const auto n = c - digits;
    if (n == 0 || n > 15 || (n > 1 && *digits == '0')) // JSON has no leading zeros; 15 digits stay below 2^53
        return false;
    qint64 acknowledged = 0;
    for (const char *d = digits; d < c; ++d)
        acknowledged = acknowledged * 10 + (*d - '0');
    if (!literal(",\"results\":["))
        return false;
    QList<RecordResult> results;
    results.reserve(s.size() / 64);
    if (!literal("]")) {
        do {
            QByteArrayView id;
            QByteArrayView status;
            if (!literal("{\"id\":\"") || !plain(id) || !literal(",\"status\":\"") || !plain(status) || !literal("}"))
                return false;
            Verdict v;
            if (status == "applied")
                v = Verdict::Applied;
            else if (status == "unchanged")
                v = Verdict::Unchanged;
            else
                return false;
            results.append(RecordResult{QString::fromLatin1(id), v, std::nullopt});
        } while (literal(","));
        if (!literal("]"))
            return false;
    }
    QByteArrayView stamp;
    if (!literal(",\"server_time\":\"") || !plain(stamp) || !literal("}") || c != end)
        return false;
    const auto serverTime = Hlc::parse(QString::fromLatin1(stamp));
    if (!serverTime)
        return false;
    p.batchId = QString::fromLatin1(batch);
    p.serverTime = *serverTime;
    p.pushesAcknowledged = acknowledged;
    p.results = std::move(results);
    return true;
}

} // namespace

Result<PushResponse> parsePushResponse(const QByteArray &json)
{
    if (PushResponse p; parseStoredAnswer(json, p))
        return p;
    auto o = parseObject(json);
    if (!o)
        return o.error();
    Reader r(o.value());
    PushResponse p;
    p.batchId = r.string("batch_id");
    p.serverTime = r.hlc("server_time");
    p.pushesAcknowledged = r.integer("pushes_acknowledged", 0);
    const QJsonArray results = r.array("results");
    if (auto e = r.finish())
        return *e;
    p.results.reserve(results.size());
    for (const QJsonValue &v : results) {
        Reader rr(v.toObject());
        RecordResult res;
        res.id = rr.string("id");
        const QString status = rr.string("status");
        const QJsonValue err = rr.take("error");
        if (status == QLatin1String("applied"))
            res.status = Verdict::Applied;
        else if (status == QLatin1String("unchanged"))
            res.status = Verdict::Unchanged;
        else if (status == QLatin1String("rejected"))
            res.status = Verdict::Rejected;
        else
            rr.fail(QStringLiteral("unknown status"));
        if (res.status == Verdict::Rejected) {
            if (!err.isObject() || !err[QStringLiteral("code")].isString())
                rr.fail(QStringLiteral("a rejected result needs an error with a code"));
            res.error = RecordError::fromJson(err.toObject());
        }
        if (!v.isObject())
            rr.fail(QStringLiteral("a result is not an object"));
        if (auto e = rr.finish())
            return *e;
        p.results << res;
    }
    return p;
}

// ---- pull ---------------------------------------------------------------------------------------

QString PullQuery::toQueryString() const
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(QUrl::toPercentEncoding(cursor)));
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (includeOwn)
        q.addQueryItem(QStringLiteral("include_own"), QStringLiteral("1"));
    return q.query(QUrl::FullyEncoded);
}

Result<PullQuery> parsePullQuery(const QUrlQuery &query)
{
    PullQuery p;
    p.cursor = query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        const qlonglong limit = query.queryItemValue(QStringLiteral("limit")).toLongLong(&ok);
        if (!ok)
            return schema(QStringLiteral("\"limit\" must be an integer"));
        p.limit = static_cast<int>(std::clamp<qlonglong>(limit, kPullMinLimit, kPullMaxLimit));
    }
    if (query.hasQueryItem(QStringLiteral("include_own"))) {
        const QString v = query.queryItemValue(QStringLiteral("include_own"));
        if (v == QLatin1String("1") || v == QLatin1String("true"))
            p.includeOwn = true;
        else if (v == QLatin1String("0") || v == QLatin1String("false") || v.isEmpty())
            p.includeOwn = false;
        else
            return schema(QStringLiteral("\"include_own\" must be 0 or 1"));
    }
    return p;
}

QByteArray PullResponse::toJson() const
{
    QByteArray out;
    out.reserve(128 + changes.size() * 900);
    out += "{\"changes\":[";
    for (qsizetype i = 0; i < changes.size(); ++i) {
        if (i)
            out += ',';
        appendRecordJson(out, changes[i]);
    }
    out += "],\"cursor\":";
    json::appendString(out, cursor);
    out += ",\"has_more\":";
    out += hasMore ? "true" : "false";
    out += ",\"server_time\":";
    json::appendString(out, serverTime.toString());
    out += '}';
    return out;
}

Result<ParsedPull> parsePullResponse(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    Reader r(o.value());
    ParsedPull p;
    const QJsonArray changes = r.array("changes");
    p.cursor = r.string("cursor");
    p.hasMore = r.boolean("has_more");
    p.serverTime = r.hlc("server_time");
    if (auto e = r.finish())
        return *e;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        DecodedRecord d = decodeRecord(changes.at(i));
        if (!d.malformed.isEmpty())
            return schema(QStringLiteral("changes[%1]: %2").arg(i).arg(d.malformed));
        p.changes << std::move(d);
    }
    return p;
}

// ---- receipt ------------------------------------------------------------------------------------

QByteArray ReceiptResponse::toJson() const
{
    QJsonObject ks;
    for (auto it = kinds.cbegin(); it != kinds.cend(); ++it)
        ks.insert(kindName(it.key()), kindCount(it.value()));
    return compact({{QStringLiteral("kinds"), ks}, {QStringLiteral("server_time"), serverTime.toString()}});
}

Result<ReceiptResponse> parseReceiptResponse(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    Reader r(o.value());
    ReceiptResponse p;
    const QJsonObject ks = r.object("kinds");
    p.serverTime = r.hlc("server_time");
    if (auto e = r.finish())
        return *e;
    for (auto it = ks.begin(); it != ks.end(); ++it) {
        const auto kind = kindFromName(it.key());
        if (!kind || kindSpec(*kind).reference)
            return schema(QStringLiteral("\"kinds\" has an unknown kind"));
        Reader kr(it.value().toObject());
        KindReceipt k;
        k.count = kr.integer("count", 0);
        k.digest = kr.string("digest");
        if (!it.value().isObject())
            kr.fail(QStringLiteral("a kind's receipt is not an object"));
        if (auto e = kr.finish())
            return *e;
        p.kinds.insert(*kind, k);
    }
    return p;
}

} // namespace lanxin::protocol
