#include "storage/fieldcipher.h"

#include <QSet>
#include <QTest>
#include <QtEndian>

using namespace lanxin;

namespace {

QByteArray keyOf(char first)
{
    QByteArray key(FieldCipher::KeySize, Qt::Uninitialized);
    for (int i = 0; i < key.size(); ++i)
        key[i] = char(first + i);
    return key;
}

const QString recordId = QStringLiteral("0192d6f0-7c2a-7e3b-9f10-2a4b6c8d0e1f");
const QString otherRecordId = QStringLiteral("0192d6f0-7c2a-7e3b-9f10-2a4b6c8d0e20");
const QString canaryId = QStringLiteral("11010519491231002X");

} // namespace

class TestFieldCipher : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("plain");
        QTest::newRow("id number") << canaryId;
        QTest::newRow("phone") << QStringLiteral("13800138000");
        QTest::newRow("chinese") << QStringLiteral("张秀英，乳腺 B 超提示结节，建议复查。");
        QTest::newRow("empty") << QString();
        QTest::newRow("outside BMP") << QStringLiteral("𠀀𪚥");
        QTest::newRow("long") << QString(5000, u'字');
    }
    void roundTrip()
    {
        QFETCH(QString, plain);
        const FieldCipher cipher(keyOf(0));
        QVERIFY(cipher.isValid());
        const QByteArray blob = cipher.encrypt(recordId, u"id_number", plain);
        QCOMPARE(blob.size(), 1 + 24 + plain.toUtf8().size() + 16);
        QCOMPARE(quint8(blob.at(0)), FieldCipher::VersionXChaCha20Poly1305);
        const auto back = cipher.decrypt(recordId, u"id_number", blob);
        QVERIFY(back.has_value());
        QCOMPARE(*back, plain);
        // Another cipher object from the same key reads it too.
        QCOMPARE(FieldCipher(keyOf(0)).decrypt(recordId, u"id_number", blob), std::optional<QString>(plain));
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("record");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("flipByte"); // -1: none
        QTest::addColumn<int>("keepBytes"); // -1: all
        QTest::addColumn<int>("version"); // -1: unchanged
        QTest::addColumn<bool>("otherKey");
        const QString f = QStringLiteral("phone");
        QTest::newRow("control: untouched") << recordId << f << -1 << -1 << -1 << false;
        QTest::newRow("other record") << otherRecordId << f << -1 << -1 << -1 << false;
        QTest::newRow("other field") << recordId << QStringLiteral("id_number") << -1 << -1 << -1 << false;
        QTest::newRow("other key") << recordId << f << -1 << -1 << -1 << true;
        QTest::newRow("tampered nonce") << recordId << f << 5 << -1 << -1 << false;
        QTest::newRow("tampered ciphertext") << recordId << f << 30 << -1 << -1 << false;
        QTest::newRow("tampered tag") << recordId << f << 1 + 24 + 11 + 15 << -1 << -1 << false;
        QTest::newRow("truncated by one") << recordId << f << -1 << 1 + 24 + 11 + 15 << -1 << false;
        QTest::newRow("header only") << recordId << f << -1 << 25 << -1 << false;
        QTest::newRow("version only") << recordId << f << -1 << 1 << -1 << false;
        QTest::newRow("empty blob") << recordId << f << -1 << 0 << -1 << false;
        QTest::newRow("version 0") << recordId << f << -1 << -1 << 0 << false;
        QTest::newRow("version 2") << recordId << f << -1 << -1 << 2 << false;
        QTest::newRow("version 255") << recordId << f << -1 << -1 << 255 << false;
    }
    void rejects()
    {
        QFETCH(QString, record);
        QFETCH(QString, field);
        QFETCH(int, flipByte);
        QFETCH(int, keepBytes);
        QFETCH(int, version);
        QFETCH(bool, otherKey);
        const FieldCipher cipher(keyOf(0));
        const QString plain = QStringLiteral("13800138000");
        QByteArray blob = cipher.encrypt(recordId, u"phone", plain);
        QCOMPARE(blob.size(), 1 + 24 + 11 + 16);
        if (flipByte >= 0)
            blob[flipByte] = char(blob[flipByte] ^ 0x01);
        if (keepBytes >= 0)
            blob.truncate(keepBytes);
        if (version >= 0)
            blob[0] = char(version);
        const FieldCipher other(keyOf(1));
        const auto result = (otherKey ? other : cipher).decrypt(record, field, blob);
        const bool isControl = QByteArray(QTest::currentDataTag()).startsWith("control");
        QCOMPARE(result.has_value(), isControl);
        if (isControl)
            QCOMPARE(*result, plain);
    }

    void randomNonceAndNoPlaintextInBlob()
    {
        const FieldCipher cipher(keyOf(0));
        for (const QString &plain :
            {canaryId, QStringLiteral("张秀英张秀英张秀英"), QStringLiteral("13800138000")}) {
            const QByteArray a = cipher.encrypt(recordId, u"id_number", plain);
            const QByteArray b = cipher.encrypt(recordId, u"id_number", plain);
            QVERIFY(a != b);
            QVERIFY(a.mid(1, 24) != b.mid(1, 24));
            for (const QByteArray &blob : {a, b}) {
                QVERIFY(!blob.contains(plain.toUtf8()));
                QVERIFY(!blob.contains(plain.toUtf8().left(8)));
                QVERIFY(!blob.contains(
                    QByteArray(reinterpret_cast<const char *>(plain.utf16()), plain.size() * 2)));
            }
        }
    }

    // A nonce sequence (the district's per-push nonces): every nonce of a sequence differs, two sequences
    // differ in their random prefix, the counter is the last 8 bytes, and the blobs are ordinary ones.
    void nonceSequenceUniqueAndReadable()
    {
        const FieldCipher cipher(keyOf(0));
        QSet<QByteArray> nonces;
        QSet<QByteArray> prefixes;
        constexpr int kPerSequence = 300;
        for (int s = 0; s < 3; ++s) {
            FieldCipher::NonceSequence sequence;
            for (int i = 0; i < kPerSequence; ++i) {
                const QString plain = canaryId + QString::number(i);
                const QByteArray blob = cipher.encryptUtf8(recordId, u"id_number", plain.toUtf8(), sequence);
                QCOMPARE(blob.size(), 1 + 24 + plain.toUtf8().size() + 16);
                QCOMPARE(quint8(blob.at(0)), FieldCipher::VersionXChaCha20Poly1305);
                QVERIFY(!blob.contains(plain.toUtf8()));
                const QByteArray nonce = blob.mid(1, 24);
                QCOMPARE(qFromBigEndian<quint64>(nonce.constData() + 16), quint64(i));
                prefixes.insert(nonce.left(16));
                nonces.insert(nonce);
                QCOMPARE(cipher.decrypt(recordId, u"id_number", blob), std::optional<QString>(plain));
                QVERIFY(!cipher.decrypt(otherRecordId, u"id_number", blob));
            }
        }
        QCOMPARE(nonces.size(), 3 * kPerSequence);
        QCOMPARE(prefixes.size(), 3);
    }

    // Independent vector: made with Python hashlib BLAKE2b (KDF), HChaCha20 and ChaCha20-Poly1305
    // from `cryptography`, so the format stays readable by any other implementation (the server).
    void decryptsKnownBlob()
    {
        const FieldCipher cipher(keyOf(0));
        const QByteArray blob = QByteArray::fromHex(
            "01404142434445464748494a4b4c4d4e4f5051525354555657dab1520c4455a15b5427b3234148f58cbdfbba4e"
            "143a044bf96a992da8447b0b0ea9bb959c");
        QCOMPARE(cipher.decrypt(recordId, u"phone", blob),
            std::optional<QString>(QStringLiteral("张秀英 13800138000")));
        QCOMPARE(cipher.decrypt(recordId, u"id_number", blob), std::nullopt);
    }

    void blindIndex()
    {
        const FieldCipher cipher(keyOf(0));
        const QByteArray phone = cipher.blindIndex(blindpurpose::Phone, u"13800138000");
        QCOMPARE(phone.size(), FieldCipher::BlindIndexSize);
        // Stable: same key, same value, another object.
        QCOMPARE(cipher.blindIndex(blindpurpose::Phone, u"13800138000"), phone);
        QCOMPARE(FieldCipher(keyOf(0)).blindIndex(blindpurpose::Phone, u"13800138000"), phone);
        // Different for another key, another value, another purpose.
        QVERIFY(FieldCipher(keyOf(1)).blindIndex(blindpurpose::Phone, u"13800138000") != phone);
        QVERIFY(cipher.blindIndex(blindpurpose::Phone, u"13800138001") != phone);
        QVERIFY(cipher.blindIndex(blindpurpose::IdNumber, u"13800138000") != phone);
        QVERIFY(cipher.blindIndex(blindpurpose::IdTail, u"8000")
            != cipher.blindIndex(blindpurpose::PhoneTail, u"8000"));
        // Purpose and value cannot slide into each other.
        QVERIFY(cipher.blindIndex(u"phone", u"_tail8000") != cipher.blindIndex(u"phone_tail", u"8000"));
        QVERIFY(!phone.contains("13800138000"));
        // Independent vectors (Python hashlib, see decryptsKnownBlob).
        QCOMPARE(phone.toHex(), QByteArray("0dd32dfab4c4bb06f3f6f70856f9fa73"));
        QCOMPARE(cipher.blindIndex(blindpurpose::PhoneTail, u"8000").toHex(),
            QByteArray("683581cbaad6b2b179a6122a65acff9a"));
        QCOMPARE(cipher.blindIndex(blindpurpose::IdNumber, canaryId).toHex(),
            QByteArray("feb2e20c926c94f2bc07b424182f3f64"));
    }

    void invalidKey()
    {
        for (const QByteArray &key : {QByteArray(), QByteArray(31, 'k'), QByteArray(33, 'k')}) {
            const FieldCipher cipher(key);
            QVERIFY(!cipher.isValid());
            QVERIFY(cipher.encrypt(recordId, u"phone", u"13800138000").isEmpty());
            QVERIFY(cipher.blindIndex(blindpurpose::Phone, u"13800138000").isEmpty());
        }
        const FieldCipher good(keyOf(0));
        const QByteArray blob = good.encrypt(recordId, u"phone", u"13800138000");
        QCOMPARE(FieldCipher(QByteArray(31, 'k')).decrypt(recordId, u"phone", blob), std::nullopt);
    }

    void movable()
    {
        FieldCipher a(keyOf(0));
        const QByteArray blob = a.encrypt(recordId, u"phone", u"13800138000");
        FieldCipher b(std::move(a));
        QVERIFY(b.isValid());
        QCOMPARE(b.decrypt(recordId, u"phone", blob), std::optional<QString>(QStringLiteral("13800138000")));
        FieldCipher c(keyOf(1));
        c = std::move(b);
        QCOMPARE(c.decrypt(recordId, u"phone", blob), std::optional<QString>(QStringLiteral("13800138000")));
    }
};

QTEST_GUILESS_MAIN(TestFieldCipher)
#include "tst_fieldcipher.moc"
