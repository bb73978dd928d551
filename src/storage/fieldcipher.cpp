#include "fieldcipher.h"

#include <sodium.h>

#include <QtEndian>

#include <algorithm>
#include <iterator>

namespace lanxin {

namespace {

constexpr char KdfContext[crypto_kdf_CONTEXTBYTES + 1] = "LanxinFC";
constexpr quint64 SubkeyFieldV1 = 1;
constexpr quint64 SubkeyBlindIndex = 2;

constexpr qsizetype V1NonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr qsizetype V1TagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr qsizetype V1Overhead = 1 + V1NonceSize + V1TagSize;

static_assert(FieldCipher::KeySize == crypto_kdf_KEYBYTES);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);
static_assert(crypto_generichash_KEYBYTES == 32);
static_assert(FieldCipher::BlindIndexSize >= crypto_generichash_BYTES_MIN);

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

const unsigned char *bytes(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

unsigned char *bytes(QByteArray &b)
{
    return reinterpret_cast<unsigned char *>(b.data());
}

void wipe(QByteArray &b)
{
    if (!b.isEmpty())
        sodium_memzero(b.data(), size_t(b.size()));
}

QByteArray associatedData(QStringView recordId, QStringView field)
{
    QByteArray ad = recordId.toUtf8();
    ad += '|';
    ad += field.toUtf8();
    return ad;
}

} // namespace

struct FieldCipher::Keys
{
    unsigned char fieldV1[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    unsigned char blindIndex[crypto_generichash_KEYBYTES];
};

void FieldCipher::KeysDeleter::operator()(Keys *keys) const noexcept
{
    // sodium_free makes the region writable again, wipes it (sodium_memzero) and unlocks it.
    sodium_free(keys);
}

FieldCipher::FieldCipher(const QByteArray &masterKey)
{
    if (masterKey.size() != KeySize || !sodiumReady())
        return;
    std::unique_ptr<Keys, KeysDeleter> keys(static_cast<Keys *>(sodium_malloc(sizeof(Keys))));
    if (!keys)
        return;
    const auto *master = bytes(masterKey);
    if (crypto_kdf_derive_from_key(keys->fieldV1, sizeof keys->fieldV1, SubkeyFieldV1, KdfContext, master)
            != 0
        || crypto_kdf_derive_from_key(
               keys->blindIndex, sizeof keys->blindIndex, SubkeyBlindIndex, KdfContext, master)
            != 0)
        return;
    sodium_mprotect_readonly(keys.get());
    m_keys = std::move(keys);
}

FieldCipher::~FieldCipher() = default;
FieldCipher::FieldCipher(FieldCipher &&) noexcept = default;
FieldCipher &FieldCipher::operator=(FieldCipher &&) noexcept = default;

QByteArray FieldCipher::encrypt(QStringView recordId, QStringView field, QStringView plain) const
{
    if (!m_keys)
        return {};
    QByteArray message = plain.toUtf8();
    const QByteArray ad = associatedData(recordId, field);

    QByteArray blob(V1Overhead + message.size(), Qt::Uninitialized);
    unsigned char *out = bytes(blob);
    out[0] = VersionXChaCha20Poly1305;
    unsigned char *nonce = out + 1;
    randombytes_buf(nonce, V1NonceSize);
    unsigned long long cipherLength = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + V1NonceSize, &cipherLength, bytes(message),
        size_t(message.size()), bytes(ad), size_t(ad.size()), nullptr, nonce, m_keys->fieldV1);
    wipe(message);
    Q_ASSERT(qsizetype(cipherLength) == blob.size() - 1 - V1NonceSize);
    return blob;
}

FieldCipher::NonceSequence::NonceSequence()
{
    static_assert(sizeof m_prefix + sizeof m_counter == V1NonceSize);
    if (sodiumReady())
        randombytes_buf(m_prefix, sizeof m_prefix);
    else
        std::fill(std::begin(m_prefix), std::end(m_prefix), 0); // no cipher works then: encrypt gives nothing
}

void FieldCipher::NonceSequence::next(unsigned char *out)
{
    std::copy(std::begin(m_prefix), std::end(m_prefix), out);
    qToBigEndian(m_counter++, out + sizeof m_prefix);
}

QByteArray FieldCipher::encryptUtf8(
    QStringView recordId, QStringView field, QByteArrayView plainUtf8, NonceSequence &nonces) const
{
    if (!m_keys)
        return {};
    const QByteArray ad = associatedData(recordId, field);
    QByteArray blob(V1Overhead + plainUtf8.size(), Qt::Uninitialized);
    unsigned char *out = bytes(blob);
    out[0] = VersionXChaCha20Poly1305;
    unsigned char *nonce = out + 1;
    nonces.next(nonce);
    unsigned long long cipherLength = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + V1NonceSize, &cipherLength,
        reinterpret_cast<const unsigned char *>(plainUtf8.data()), size_t(plainUtf8.size()), bytes(ad),
        size_t(ad.size()), nullptr, nonce, m_keys->fieldV1);
    Q_ASSERT(qsizetype(cipherLength) == blob.size() - 1 - V1NonceSize);
    return blob;
}

std::optional<QString> FieldCipher::decrypt(
    QStringView recordId, QStringView field, const QByteArray &blob) const
{
    if (!m_keys || blob.isEmpty())
        return std::nullopt;

    switch (quint8(blob.at(0))) {
    case VersionXChaCha20Poly1305: {
        if (blob.size() < V1Overhead)
            return std::nullopt;
        const unsigned char *nonce = bytes(blob) + 1;
        const unsigned char *cipher = nonce + V1NonceSize;
        const qsizetype cipherLength = blob.size() - 1 - V1NonceSize;
        const QByteArray ad = associatedData(recordId, field);
        // One spare byte so data() is never the shared empty buffer, even for an empty value.
        QByteArray message(cipherLength - V1TagSize + 1, Qt::Uninitialized);
        unsigned long long messageLength = 0;
        if (crypto_aead_xchacha20poly1305_ietf_decrypt(bytes(message), &messageLength, nullptr, cipher,
                size_t(cipherLength), bytes(ad), size_t(ad.size()), nonce, m_keys->fieldV1)
            != 0) {
            wipe(message);
            return std::nullopt;
        }
        QString value = QString::fromUtf8(message.constData(), qsizetype(messageLength));
        wipe(message);
        return value;
    }
    // case 0x02: a second algorithm (e.g. SM4) goes here, with its own subkey.
    default:
        return std::nullopt;
    }
}

QByteArray FieldCipher::blindIndex(QStringView purpose, QStringView value) const
{
    if (!m_keys)
        return {};
    const QByteArray purposeUtf8 = purpose.toUtf8();
    QByteArray valueUtf8 = value.toUtf8();
    unsigned char length[4];
    qToBigEndian(quint32(purposeUtf8.size()), length);

    crypto_generichash_state state;
    crypto_generichash_init(&state, m_keys->blindIndex, sizeof m_keys->blindIndex, size_t(BlindIndexSize));
    crypto_generichash_update(&state, length, sizeof length);
    crypto_generichash_update(&state, bytes(purposeUtf8), size_t(purposeUtf8.size()));
    crypto_generichash_update(&state, bytes(valueUtf8), size_t(valueUtf8.size()));
    QByteArray index(BlindIndexSize, Qt::Uninitialized);
    crypto_generichash_final(&state, bytes(index), size_t(index.size()));
    sodium_memzero(&state, sizeof state);
    wipe(valueUtf8);
    return index;
}

} // namespace lanxin
