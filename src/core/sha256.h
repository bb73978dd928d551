#pragma once

#include <QByteArrayView>

#include <array>

namespace lanxin {

/// XORs SHA-256(`text`) into `sum`: how one record's term (the UTF-8 of "id|greatest stamp") enters a
/// receipt digest (SYNC-PROTOCOL.md), at the station (kept on write and recomputed) and the district
/// alike. By libcrypto, which uses the CPU's SHA instructions where there are some.
void xorSha256(std::array<quint8, 32> &sum, QByteArrayView text);

} // namespace lanxin
