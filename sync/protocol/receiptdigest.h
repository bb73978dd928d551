#pragma once

#include "core/hlc.h"

#include <QByteArray>
#include <QString>

#include <array>

namespace lanxin::protocol {

/// The receipt digest of one kind (SYNC-PROTOCOL.md "GET /api/v1/sync/receipt"): the lowercase hex of
/// the XOR of SHA-256(id + "|" + greatest stamp) over the kind's records, tombstones included. XOR makes
/// it independent of order, so station and district compute it over their own storage order.
/// The digest of no records is 64 zeros.
class ReceiptDigest
{
public:
    /// Adds one record: its id and the greatest stamp of its fields (its HLC string form is hashed).
    void add(QStringView id, const Hlc &greatestStamp);
    void add(QStringView id, QStringView greatestStamp);

    [[nodiscard]] qint64 count() const { return m_count; }
    /// 64 lowercase hex digits.
    [[nodiscard]] QString hex() const;

private:
    std::array<quint8, 32> m_xor{};
    qint64 m_count = 0;
};

} // namespace lanxin::protocol
