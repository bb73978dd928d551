#include "receiptdigest.h"

#include <QCryptographicHash>

namespace lanxin::protocol {

void ReceiptDigest::add(QStringView id, const Hlc &greatestStamp)
{
    add(id, greatestStamp.toString());
}

void ReceiptDigest::add(QStringView id, QStringView greatestStamp)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(id.toUtf8());
    h.addData(QByteArrayView("|"));
    h.addData(greatestStamp.toUtf8());
    const QByteArray sum = h.result();
    for (size_t i = 0; i < m_xor.size(); ++i)
        m_xor[i] ^= static_cast<quint8>(sum[static_cast<qsizetype>(i)]);
    ++m_count;
}

QString ReceiptDigest::hex() const
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(m_xor.data()), static_cast<qsizetype>(m_xor.size())).toHex());
}

} // namespace lanxin::protocol
