#include "sha256.h"

#include "hlc.h"

#include <openssl/evp.h>

#include <QtGlobal>

namespace lanxin {

namespace {

/// libcrypto's SHA-256 uses the CPU's SHA instructions where there are some: ~200 ns for a record's
/// term, against ~600 ns by libsodium's portable C. Fetching the algorithm and making a context cost
/// more than the hash: both made once per thread.
struct Sha256
{
    EVP_MD *md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    Sha256() = default;
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;
    ~Sha256()
    {
        EVP_MD_CTX_free(ctx);
        EVP_MD_free(md);
    }
};

} // namespace

void xorSha256(std::array<quint8, 32> &sum, QByteArrayView text)
{
    thread_local Sha256 sha;
    unsigned char hash[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!sha.md || !sha.ctx || EVP_DigestInit_ex2(sha.ctx, sha.md, nullptr) != 1
        || EVP_DigestUpdate(sha.ctx, text.data(), static_cast<size_t>(text.size())) != 1
        || EVP_DigestFinal_ex(sha.ctx, hash, &size) != 1 || size != sum.size())
        qFatal("SHA-256 is not available from libcrypto"); // broken installation: no digest would be right
    for (size_t i = 0; i < sum.size(); ++i)
        sum[i] ^= hash[i];
}

void xorReceiptTerm(std::array<quint8, 32> &sum, QStringView id, QStringView greatestStamp)
{
    QByteArray text = id.toUtf8();
    text += '|';
    text += greatestStamp.toUtf8();
    xorSha256(sum, text);
}

void xorReceiptTerm(std::array<quint8, 32> &sum, QStringView id, const Hlc &greatestStamp)
{
    xorReceiptTerm(sum, id, greatestStamp.toString());
}

} // namespace lanxin
