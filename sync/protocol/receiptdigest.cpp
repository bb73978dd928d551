#include "receiptdigest.h"

#include "core/sha256.h"

namespace lanxin::protocol {

void ReceiptDigest::add(QStringView id, const Hlc &greatestStamp)
{
    xorReceiptTerm(m_xor, id, greatestStamp);
    ++m_count;
}

void ReceiptDigest::add(QStringView id, QStringView greatestStamp)
{
    xorReceiptTerm(m_xor, id, greatestStamp);
    ++m_count;
}

QString ReceiptDigest::hex() const
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(m_xor.data()), static_cast<qsizetype>(m_xor.size())).toHex());
}

} // namespace lanxin::protocol
