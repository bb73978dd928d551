#include "core/ids.h"

#include <QTest>
#include <QUuid>

using namespace lanxin;

class TestIds : public QObject
{
    Q_OBJECT
private slots:
    void v7IsTimeOrderedAndWellFormed()
    {
        Clock clock;
        clock.setFixed(1764400000000);
        QString previous;
        for (int i = 0; i < 5000; ++i) {
            if (i % 100 == 0)
                clock.advance(1);
            const QString id = newRecordId(clock);
            QVERIFY2(isValidUuid(id), qPrintable(id));
            QCOMPARE(id[14], QLatin1Char('7'));            // version
            QVERIFY(QStringLiteral("89ab").contains(id[19])); // variant
            QVERIFY2(id > previous, qPrintable(id + QStringLiteral(" <= ") + previous));
            previous = id;
        }
        // The first 48 bits are the milliseconds.
        clock.setFixed(0x01a0000000ab); // later than above: ids never go back
        const QString id = newRecordId(clock);
        QVERIFY(id.startsWith(QStringLiteral("01a00000-00ab-7")));
    }

    void attendanceIdIsUuidV5OfSessionAndResident()
    {
        const QString s = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        const QString r = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c");
        const QString a = attendanceId(s, r);
        QCOMPARE(a, attendanceId(s, r));
        QVERIFY(a != attendanceId(r, s));
        QCOMPARE(a[14], QLatin1Char('5'));
        QCOMPARE(a, QUuid::createUuidV5(QUuid(QStringLiteral("6f1c3a52-8d2e-4b7a-9c1e-3f5d7a9b0c2e")), s + u'|' + r)
                        .toString(QUuid::WithoutBraces));
    }

    void rejectsMalformedIds()
    {
        QVERIFY(!isValidUuid(u"../../etc/passwd"));
        QVERIFY(!isValidUuid(u"0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B"));
        QVERIFY(!isValidUuid(u"0190a1b2c3d47e5f8a9b0c1d2e3f4a5b"));
        QVERIFY(!isValidUuid(u""));
    }
};

QTEST_GUILESS_MAIN(TestIds)
#include "tst_ids.moc"
