#include "receiptdigest.h"

#include "core/sha256.h"

namespace lanxin::protocol {

void ReceiptDigest::add(QStringView id, const Hlc &greatestStamp)
{
    add(id, greatestStamp.toString());
}

void ReceiptDigest::add(QStringView id, QStringView greatestStamp)
{
    QByteArray text = id.toUtf8();
    text += '|';
    text += greatestStamp.toUtf8();
    xorSha256(m_xor, text);
    ++m_count;
}

QString ReceiptDigest::hex() const
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(m_xor.data()), static_cast<qsizetype>(m_xor.size())).toHex());
}

} // namespace lanxin::protocol
