// Fuzz target: the sync protocol's decoders (sync/protocol), as the district and the station run them
// on bytes from the network. Besides "no crash, no sanitizer report", it checks three properties:
//  - a record the decoder accepts, encoded again, is accepted again with the same id, kind and fields;
//  - push bodies: when the single-pass reader answers, the QJsonDocument reader accepts the body too with
//    the same envelope, records, errors and writes (protocol/pushreader.h);
//  - gzip: what gzipDecompress returns compresses and decompresses back to itself.
#include "protocol/gzip.h"
#include "protocol/messages.h"
#include "protocol/pushreader.h"
#include "protocol/recordcodec.h"
#include "protocol/wire.h"

#include <QJsonDocument>
#include <QUrlQuery>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace lanxin;
using namespace lanxin::protocol;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_protocol: property violated: %s\n", what);
    std::abort();
}

bool sameRecord(const DecodedRecord &a, const DecodedRecord &b)
{
    if (a.id != b.id || a.kindName != b.kindName || a.malformed != b.malformed || a.error != b.error
        || a.record.has_value() != b.record.has_value())
        return false;
    if (!a.record)
        return true;
    const WireRecord &x = *a.record;
    const WireRecord &y = *b.record;
    if (x.kind != y.kind || x.id != y.id || x.stationId != y.stationId || x.writes.size() != y.writes.size())
        return false;
    for (qsizetype i = 0; i < x.writes.size(); ++i) {
        const FieldWrite &p = x.writes[i];
        const FieldWrite &q = y.writes[i];
        if (p.field != q.field || p.stamp != q.stamp || p.value.typeId() != q.value.typeId() || p.value != q.value)
            return false;
    }
    return true;
}

/// The single-pass push reader against the reference reader (cheap: most inputs are not push bodies
/// the single-pass reader accepts, and it gives up at the first byte it is unsure of).
void checkPushReaders(const QByteArray &bytes)
{
    const auto fast = detail::parsePushRequestSinglePass(bytes);
    if (!fast)
        return;
    const auto reference = detail::parsePushRequestReference(bytes);
    if (!reference)
        fail("the single-pass push reader accepts a body the reference reader refuses");
    const ParsedPush &a = *fast;
    const ParsedPush &b = reference.value();
    if (a.protocol != b.protocol || a.batchId != b.batchId || a.deviceTime != b.deviceTime
        || a.pushesAcknowledged != b.pushesAcknowledged || a.records.size() != b.records.size())
        fail("the push readers disagree on the envelope");
    for (qsizetype i = 0; i < a.records.size(); ++i) {
        if (!sameRecord(a.records[i], b.records[i]))
            fail("the push readers disagree on a record");
    }
}

void checkRoundTrip(const DecodedRecord &d)
{
    if (!d.record)
        return;
    const QJsonObject again = encodeRecord(*d.record);
    const DecodedRecord d2 = decodeRecord(again);
    if (!d2.record)
        fail("an accepted record, encoded again, is refused");
    if (d2.record->id != d.record->id || d2.record->kind != d.record->kind || d2.record->stationId != d.record->stationId)
        fail("an accepted record, encoded again, has another envelope");
    if (d2.record->writes.size() != d.record->writes.size())
        fail("an accepted record, encoded again, has other fields");
    for (const FieldWrite &w : d.record->writes) {
        const FieldWrite *w2 = d2.record->write(w.field);
        if (!w2 || w2->stamp != w.stamp)
            fail("an accepted record, encoded again, has other stamps");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    // The server's side: every request body.
    checkPushReaders(bytes);
    if (auto push = parsePushRequest(bytes)) {
        for (const DecodedRecord &d : push.value().records)
            checkRoundTrip(d);
    }
    (void)parseEnrollRequest(bytes);
    (void)parsePullQuery(QUrlQuery(QString::fromUtf8(bytes)));
    // One record on its own, as the codec sees it inside a batch.
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (doc.isObject())
        checkRoundTrip(decodeRecord(doc.object()));

    // The station's side: every response body.
    (void)parseHealthResponse(bytes);
    (void)parseEnrollResponse(bytes);
    (void)parsePushResponse(bytes);
    if (auto pull = parsePullResponse(bytes)) {
        for (const DecodedRecord &d : pull.value().changes)
            checkRoundTrip(d);
    }
    (void)parseReceiptResponse(bytes);
    (void)parseErrorBody(bytes);

    // gzip bodies (with a small cap, so bombs end early).
    if (auto inflated = gzipDecompress(bytes, 256 * 1024)) {
        auto again = gzipDecompress(gzipCompress(inflated.value()), 256 * 1024);
        if (!again || again.value() != inflated.value())
            fail("gzip round trip of an inflated body differs");
    }
    return 0;
}
