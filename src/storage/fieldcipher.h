#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <memory>
#include <optional>

namespace lanxin {

/// Purposes for FieldCipher::blindIndex (SECURITY.md 22). Callers normalise values first
/// (ID numbers upper-case, phone numbers digits only); the index of a value is exact-match only.
namespace blindpurpose {
inline constexpr QStringView IdNumber = u"id_number";
inline constexpr QStringView IdTail = u"id_tail"; ///< last 4 characters of the ID number
inline constexpr QStringView Phone = u"phone";
inline constexpr QStringView PhoneTail = u"phone_tail"; ///< last 4 digits of the phone number
} // namespace blindpurpose

/// Encryption at rest of sensitive fields (SECURITY.md 22), keyed by the station's master key.
///
/// Blob format: 1 version byte, then per version
///   0x01: 24-byte random nonce ‖ XChaCha20-Poly1305-IETF ciphertext ‖ 16-byte tag,
///         key = KDF subkey 1, associated data = UTF-8 of recordId + "|" + field.
/// Subkeys come from crypto_kdf_derive_from_key(master, context "LanxinFC"):
///   1 = field encryption (version 0x01), 2 = blind index. A new version (e.g. SM4 as 0x02)
///   takes a new subkey id and a new case in encrypt/decrypt.
/// Key material lives in sodium_malloc'd memory (locked, guarded, read-only after setup) and is
/// wiped when the cipher is destroyed. Nothing here logs keys or values.
class FieldCipher
{
public:
    static constexpr qsizetype KeySize = 32;
    static constexpr qsizetype BlindIndexSize = 16;
    static constexpr quint8 VersionXChaCha20Poly1305 = 0x01;

    /// `masterKey` must be KeySize bytes; otherwise (or if libsodium fails) the cipher is invalid.
    /// The caller should wipe its own copy of the key when it no longer needs it.
    explicit FieldCipher(const QByteArray &masterKey);
    ~FieldCipher();
    FieldCipher(FieldCipher &&) noexcept;
    FieldCipher &operator=(FieldCipher &&) noexcept;
    FieldCipher(const FieldCipher &) = delete;
    FieldCipher &operator=(const FieldCipher &) = delete;

    [[nodiscard]] bool isValid() const { return m_keys != nullptr; }

    /// The blob for `plain` in `field` of record `recordId`; empty only if the cipher is invalid.
    [[nodiscard]] QByteArray encrypt(QStringView recordId, QStringView field, QStringView plain) const;
    /// The nonces of many encryptions in a row (the sensitive fields of one district push): a random
    /// 16-byte prefix drawn once (one getrandom), then a 64-bit big-endian counter, instead of 24 random
    /// bytes drawn per field. Nonces stay unique: within a sequence the counter never repeats (2^64
    /// values), and two sequences share a prefix with probability about n^2 / 2^129 for n sequences
    /// (as negligible as two random 24-byte nonces colliding). The blob's format does not change.
    class NonceSequence
    {
    public:
        NonceSequence();
        /// The next nonce, written to `out` (24 bytes).
        void next(unsigned char *out);

    private:
        unsigned char m_prefix[16];
        quint64 m_counter = 0;
    };
    /// encrypt() of the UTF-8 text `plainUtf8`, its nonce taken from `nonces`.
    [[nodiscard]] QByteArray encryptUtf8(QStringView recordId, QStringView field, QByteArrayView plainUtf8,
        NonceSequence &nonces) const;
    /// The value, or nullopt on an unknown version, a short blob, or failed authentication
    /// (wrong key, record, field, or any changed byte).
    [[nodiscard]] std::optional<QString> decrypt(
        QStringView recordId, QStringView field, const QByteArray &blob) const;
    /// Keyed BLAKE2b-128 of (purpose, value) for lookups without the clear value:
    /// BLAKE2b(key = subkey 2, outlen 16) over u32be(len(purpose)) ‖ purpose ‖ value, all UTF-8.
    /// Empty only if the cipher is invalid.
    [[nodiscard]] QByteArray blindIndex(QStringView purpose, QStringView value) const;

private:
    struct Keys;
    struct KeysDeleter
    {
        void operator()(Keys *keys) const noexcept;
    };
    std::unique_ptr<Keys, KeysDeleter> m_keys;
};

} // namespace lanxin
