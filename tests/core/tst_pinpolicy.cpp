#include "core/masking.h"
#include "core/pinpolicy.h"

#include <QTest>

using namespace lanxin;

class TestPinPolicy : public QObject
{
    Q_OBJECT
private slots:
    void wellFormed_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("ok");
        QTest::newRow("4 digits") << QStringLiteral("1234") << true;
        QTest::newRow("6 digits") << QStringLiteral("123456") << true;
        QTest::newRow("3 digits") << QStringLiteral("123") << false;
        QTest::newRow("7 digits") << QStringLiteral("1234567") << false;
        QTest::newRow("letter") << QStringLiteral("12a4") << false;
        QTest::newRow("full-width digits") << QStringLiteral("１２３４") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void wellFormed()
    {
        QFETCH(QString, pin);
        QFETCH(bool, ok);
        QCOMPARE(pinpolicy::isWellFormed(pin), ok);
    }

    void waitsDoubleFromTheFifthWrongTry()
    {
        for (int f = 0; f < 5; ++f)
            QCOMPARE(pinpolicy::waitAfterFailures(f), 0);
        QCOMPARE(pinpolicy::waitAfterFailures(5), 30'000);
        QCOMPARE(pinpolicy::waitAfterFailures(6), 60'000);
        QCOMPARE(pinpolicy::waitAfterFailures(7), 120'000);
        QCOMPARE(pinpolicy::waitAfterFailures(9), 480'000);
        QCOMPARE(pinpolicy::waitAfterFailures(10), 960'000);
        QCOMPARE(pinpolicy::waitAfterFailures(50), pinpolicy::kMaxWaitMs);
    }

    void tenWrongTriesNeedADirectorExceptForADirector()
    {
        QVERIFY(!pinpolicy::blocksUntilDirector(9, false));
        QVERIFY(pinpolicy::blocksUntilDirector(10, false));
        QVERIFY(!pinpolicy::blocksUntilDirector(10, true));
        QVERIFY(!pinpolicy::blocksUntilDirector(30, true));
        QCOMPARE(pinpolicy::triesBeforeWait(0), 5);
        QCOMPARE(pinpolicy::triesBeforeWait(4), 1);
        QCOMPARE(pinpolicy::triesBeforeWait(7), 0);
    }

    void masks()
    {
        QCOMPARE(maskIdNumber(QStringLiteral("33021319700501123X")), QStringLiteral("3302**********123X"));
        QCOMPARE(maskPhone(QStringLiteral("13812345678")), QStringLiteral("138****5678"));
        QCOMPARE(maskPhone(QString()), QString());
        QCOMPARE(maskIdNumber(QString()), QString());
        // Short or odd values never show more than their last two characters.
        QCOMPARE(maskPhone(QStringLiteral("5678")), QStringLiteral("**78"));
        QCOMPARE(maskIdNumber(QStringLiteral("12345678")), QStringLiteral("******78"));
    }
};

QTEST_APPLESS_MAIN(TestPinPolicy)
#include "tst_pinpolicy.moc"
