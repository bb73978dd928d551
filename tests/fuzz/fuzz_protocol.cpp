// Fuzz target: the sync protocol's decoders (sync/protocol), as the district and the station run them
// on bytes from the network. Besides "no crash, no sanitizer report", it checks two properties:
//  - a record the decoder accepts, encoded again, is accepted again with the same id, kind and fields;
//  - gzip: what gzipDecompress returns compresses and decompresses back to itself.
#include "protocol/gzip.h"
#include "protocol/messages.h"
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
