#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>

/// gzip (RFC 1952) for request and response bodies (`Content-Encoding: gzip`).
namespace lanxin::protocol {

/// `data` as one gzip member. Deterministic: the header's mtime is 0, so the same input always gives
/// the same bytes (a re-sent push answer is byte for byte the first one, compressed or not).
[[nodiscard]] QByteArray gzipCompress(QByteArrayView data, int level = 6);

/// `data` as one gzip member made fast, for push request bodies: libdeflate at level 1, whole buffer.
/// On the station's push batches (500 records, ~400 KB of JSON) it takes ~2 µs per record for ~108 B,
/// where zlib took ~6 µs for ~112 B at level 3 and ~6 µs for ~124 B at level 1. Deterministic too
/// (mtime 0); any gzip reader takes it.
[[nodiscard]] QByteArray gzipCompressFast(QByteArrayView data);

/// The bytes of a gzip stream (one or more members). Stops at `maxOutput` bytes: more is too_large
/// (the zip-bomb guard); a broken, truncated or non-gzip stream, or trailing garbage, is malformed_body.
[[nodiscard]] Result<QByteArray> gzipDecompress(QByteArrayView data, qsizetype maxOutput);

} // namespace lanxin::protocol
