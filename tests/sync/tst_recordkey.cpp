// The district's record-id key (sync/server/recordkey.h): one key per id text, UUID or not, however
// the text arrives (QString from a push, UTF-8 from a column), and Qt's seeded hash.
#include "recordkey.h"

#include <QHash>
#include <QTest>

using lanxin::district::RecordKey;

class TestRecordKey : public QObject
{
    Q_OBJECT

private slots:
    void sameIdSameKey()
    {
        const QString id = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        QCOMPARE(RecordKey(id), RecordKey(QByteArrayView("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")));
        QCOMPARE(qHash(RecordKey(id), 42), qHash(RecordKey(QByteArrayView(id.toUtf8())), 42));
    }

    void differentIdsDifferentKeys_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        const QString id = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        QTest::newRow("last digit") << id << QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c");
        QTest::newRow("first digit") << id << QStringLiteral("1190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        QTest::newRow("either half") << QStringLiteral("00000000-0000-0000-0000-000000000001")
                                     << QStringLiteral("00000000-0000-0001-0000-000000000000");
        QTest::newRow("uppercase is another id") << id << id.toUpper();
        QTest::newRow("no hyphens") << id << QString(id).remove(u'-');
        QTest::newRow("empty text and the nil UUID") << QString() << QStringLiteral("00000000-0000-0000-0000-000000000000");
        QTest::newRow("hyphen moved") << id << QStringLiteral("0190a1b-2c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        QTest::newRow("non-hex digit") << id << QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g");
        QTest::newRow("a digit beyond ASCII") << id << QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5５");
        QTest::newRow("two texts") << QStringLiteral("FH-XW-012") << QStringLiteral("FH-XW-013");
    }
    void differentIdsDifferentKeys()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QVERIFY(RecordKey(a) != RecordKey(b));
        QVERIFY(RecordKey(QByteArrayView(a.toUtf8())) != RecordKey(QByteArrayView(b.toUtf8())));
        QCOMPARE(RecordKey(a), RecordKey(QString(a))); // each equal to itself, UUID or text
        QCOMPARE(RecordKey(a), RecordKey(QByteArrayView(a.toUtf8())));
    }

    void aHashTableFindsEveryKey()
    {
        QHash<RecordKey, int> table;
        QStringList ids;
        for (int i = 0; i < 2000; ++i)
            ids << QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-%1").arg(i, 12, 16, QLatin1Char('0'));
        ids << QStringLiteral("not a uuid") << QString();
        for (qsizetype i = 0; i < ids.size(); ++i)
            table.insert(RecordKey(ids[i]), int(i));
        QCOMPARE(table.size(), ids.size());
        for (qsizetype i = 0; i < ids.size(); ++i)
            QCOMPARE(table.value(RecordKey(ids[i]), -1), int(i));
        QVERIFY(!table.contains(RecordKey(QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-ffffffffffff"))));
    }
};

QTEST_GUILESS_MAIN(TestRecordKey)
#include "tst_recordkey.moc"
