#include "ids.h"

#include <QMutex>
#include <QRandomGenerator>
#include <QUuid>

namespace lanxin {

QString newRecordId(const Clock &clock)
{
    // RFC 9562 method 1: a 12-bit counter in rand_a, seeded randomly each millisecond, keeps ids monotonic.
    static QMutex mutex;
    static qint64 lastMs = -1;
    static quint16 seq = 0;

    qint64 ms = clock.nowMs();
    quint16 counter;
    {
        QMutexLocker lock(&mutex);
        if (ms <= lastMs) {
            ms = lastMs;
            if (++seq > 0x0fff) {
                ++ms;
                seq = static_cast<quint16>(QRandomGenerator::system()->bounded(0x0800));
            }
        } else {
            seq = static_cast<quint16>(QRandomGenerator::system()->bounded(0x0800));
        }
        lastMs = ms;
        counter = seq;
    }

    uchar b[16];
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<uchar>(ms >> (40 - 8 * i));
    b[6] = static_cast<uchar>(0x70 | ((counter >> 8) & 0x0f));
    b[7] = static_cast<uchar>(counter & 0xff);
    quint64 rnd = QRandomGenerator::system()->generate64();
    for (int i = 8; i < 16; ++i)
        b[i] = static_cast<uchar>(rnd >> (8 * (i - 8)));
    b[8] = static_cast<uchar>(0x80 | (b[8] & 0x3f));

    const QUuid uuid = QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(b), 16));
    return uuid.toString(QUuid::WithoutBraces);
}

QString attendanceId(QStringView sessionId, QStringView residentId)
{
    static const QUuid ns(QStringLiteral("6f1c3a52-8d2e-4b7a-9c1e-3f5d7a9b0c2e"));
    const QString name = sessionId.toString() + u'|' + residentId.toString();
    return QUuid::createUuidV5(ns, name).toString(QUuid::WithoutBraces);
}

bool isValidUuid(QStringView id)
{
    // The dashes first, then the five groups of digits without asking each position what it must be
    // (the district checks several ids per record).
    const auto hex = [id](qsizetype from, qsizetype to) {
        for (qsizetype i = from; i < to; ++i) {
            const char16_t c = id[i].unicode();
            if (static_cast<char16_t>(c - u'0') > 9 && static_cast<char16_t>(c - u'a') > 5)
                return false;
        }
        return true;
    };
    return id.size() == 36 && id[8] == u'-' && id[13] == u'-' && id[18] == u'-' && id[23] == u'-' && hex(0, 8)
        && hex(9, 13) && hex(14, 18) && hex(19, 23) && hex(24, 36);
}

} // namespace lanxin
