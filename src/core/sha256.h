#pragma once

#include <QByteArrayView>
#include <QStringView>

#include <array>

namespace lanxin {

struct Hlc;

/// XORs SHA-256(`text`) into `sum`. By libcrypto, which uses the CPU's SHA instructions where there
/// are some.
void xorSha256(std::array<quint8, 32> &sum, QByteArrayView text);

/// XORs one record's receipt term into `sum`: SHA-256 of the UTF-8 of "id|greatest stamp"
/// (SYNC-PROTOCOL.md "GET /api/v1/sync/receipt"). The one definition of the term, for the station's
/// digests (kept on write and recomputed) and the protocol's ReceiptDigest; the district's digests
/// kept on write write the same bytes by hand (DistrictStore::noteDigest).
void xorReceiptTerm(std::array<quint8, 32> &sum, QStringView id, QStringView greatestStamp);
void xorReceiptTerm(std::array<quint8, 32> &sum, QStringView id, const Hlc &greatestStamp);

} // namespace lanxin
