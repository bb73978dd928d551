#include "gzip.h"

#include "wire.h"

#include <libdeflate.h>
#include <zlib.h>

#include <limits>
#include <optional>

namespace lanxin::protocol {
namespace {

constexpr int kGzipWindow = 15 + 16; // gzip wrapper, 32 KiB window
constexpr qsizetype kChunk = 64 * 1024;

Error malformed()
{
    return requestError(req::MalformedBody, QStringLiteral("请求体不是有效的 gzip 数据"),
                        QStringLiteral("The body is not valid gzip"));
}

Error tooLarge(qsizetype cap)
{
    return requestError(req::TooLarge, QStringLiteral("解压后的请求体超过 %1 字节").arg(cap),
                        QStringLiteral("The body is larger than %1 bytes when decompressed").arg(cap));
}

} // namespace

QByteArray gzipCompress(QByteArrayView data, int level)
{
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(static_cast<qsizetype>(deflateBound(&zs, static_cast<uLong>(data.size()))) + 32);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const qsizetype written = static_cast<qsizetype>(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return {};
    out.resize(written);
    return out;
}

QByteArray gzipCompressFast(QByteArrayView data)
{
    // One compressor per thread: allocating one costs more than compressing a small body.
    struct Compressor
    {
        libdeflate_compressor *c = libdeflate_alloc_compressor(1);
        ~Compressor() { libdeflate_free_compressor(c); }
    };
    thread_local Compressor compressor;
    thread_local QByteArray scratch; // kept between calls: no fresh pages to fault in per body
    if (!compressor.c)
        return gzipCompress(data, 1);
    const auto bound = static_cast<qsizetype>(libdeflate_gzip_compress_bound(compressor.c, static_cast<size_t>(data.size())));
    if (scratch.size() < bound)
        scratch.resize(bound);
    const size_t written = libdeflate_gzip_compress(compressor.c, data.data(), static_cast<size_t>(data.size()),
                                                    scratch.data(), static_cast<size_t>(scratch.size()));
    if (written == 0)
        return gzipCompress(data, 1);
    return QByteArray(scratch.constData(), static_cast<qsizetype>(written));
}

namespace {

/// One gzip member whose trailer's size (ISIZE) is within `maxOutput`, inflated by libdeflate into a
/// buffer of exactly that size: no chunk copies, about twice zlib's speed on a push body. Anything else
/// (several members, a size that is a lie, broken data) is nullopt, and zlib's loop below decides, so
/// every error stays what zlib's reading gives. ISIZE is only trusted up to `maxOutput`: the zip-bomb
/// guard holds, and a lying ISIZE costs one failed try.
std::optional<QByteArray> decompressOneMember(QByteArrayView data, qsizetype maxOutput)
{
    struct Decompressor
    {
        libdeflate_decompressor *d = libdeflate_alloc_decompressor();
        ~Decompressor() { libdeflate_free_decompressor(d); }
    };
    thread_local Decompressor decompressor;
    const auto *tail = reinterpret_cast<const uchar *>(data.data() + data.size() - 4);
    const qsizetype size = qsizetype(tail[0]) | qsizetype(tail[1]) << 8 | qsizetype(tail[2]) << 16 | qsizetype(tail[3]) << 24;
    if (!decompressor.d || size > maxOutput)
        return std::nullopt;
    QByteArray out(size, Qt::Uninitialized);
    size_t read = 0;
    size_t written = 0;
    const auto rc = libdeflate_gzip_decompress_ex(decompressor.d, data.data(), static_cast<size_t>(data.size()), out.data(),
                                                  static_cast<size_t>(size), &read, &written);
    if (rc != LIBDEFLATE_SUCCESS || read != static_cast<size_t>(data.size()) || written != static_cast<size_t>(size))
        return std::nullopt;
    return out;
}

} // namespace

Result<QByteArray> gzipDecompress(QByteArrayView data, qsizetype maxOutput)
{
    if (data.size() < 18 || static_cast<quint8>(data[0]) != 0x1f || static_cast<quint8>(data[1]) != 0x8b
        || data.size() > std::numeric_limits<uInt>::max())
        return malformed();
    if (auto fast = decompressOneMember(data, maxOutput))
        return std::move(*fast);
    z_stream zs{};
    if (inflateInit2(&zs, kGzipWindow) != Z_OK)
        return malformed();
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());

    QByteArray out;
    char buffer[kChunk];
    for (;;) {
        zs.next_out = reinterpret_cast<Bytef *>(buffer);
        zs.avail_out = sizeof buffer;
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const qsizetype produced = kChunk - static_cast<qsizetype>(zs.avail_out);
        if (out.size() + produced > maxOutput) {
            inflateEnd(&zs);
            return tooLarge(maxOutput);
        }
        out.append(buffer, produced);
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0)
                break;
            // Another member follows (RFC 1952 allows several); anything else is garbage.
            if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b || inflateReset(&zs) != Z_OK) {
                inflateEnd(&zs);
                return malformed();
            }
            continue;
        }
        if (rc != Z_OK || (produced == 0 && zs.avail_in == 0)) {
            // Z_BUF_ERROR with no input left: the stream is truncated.
            inflateEnd(&zs);
            return malformed();
        }
    }
    inflateEnd(&zs);
    return out;
}

} // namespace lanxin::protocol
