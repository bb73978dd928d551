#include "core/hlc.h"

#include <QTest>

using namespace lanxin;

class TestHlc : public QObject
{
    Q_OBJECT
private slots:
    void stringRoundTripAndFormat()
    {
        const Hlc h{1764400000000, 1, QStringLiteral("k3j5x7q2m9d4a6b8")};
        QCOMPARE(h.toString(), QStringLiteral("1764400000000-0001-k3j5x7q2m9d4a6b8"));
        QCOMPARE(Hlc::parse(h.toString()), h);
        const Hlc d{5, 0xabcd, QStringLiteral("district")};
        QCOMPARE(d.toString(), QStringLiteral("0000000000005-abcd-district"));
        QCOMPARE(Hlc::parse(d.toString()), d);
    }

    void rejectsMalformed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("short ms") << QStringLiteral("176440000000-0001-k3j5x7q2m9d4a6b8");
        QTest::newRow("upper hex") << QStringLiteral("1764400000000-000A-k3j5x7q2m9d4a6b8");
        QTest::newRow("upper node") << QStringLiteral("1764400000000-0001-K3J5X7Q2M9D4A6B8");
        QTest::newRow("short node") << QStringLiteral("1764400000000-0001-k3j5");
        QTest::newRow("no dashes") << QStringLiteral("17644000000000001k3j5x7q2m9d4a6b8");
        QTest::newRow("sql") << QStringLiteral("1764400000000-0001-'; drop table x;--");
    }
    void rejectsMalformed()
    {
        QFETCH(QString, text);
        QVERIFY(!Hlc::parse(text).has_value());
    }

    void orderIsStringOrder()
    {
        QList<Hlc> stamps{{1, 0, QStringLiteral("aaaaaaaaaaaaaaaa")},
                          {1, 1, QStringLiteral("aaaaaaaaaaaaaaaa")},
                          {1, 1, QStringLiteral("bbbbbbbbbbbbbbbb")},
                          {1, 1, QStringLiteral("district")},
                          {2, 0, QStringLiteral("aaaaaaaaaaaaaaaa")},
                          {1764400000000, 0xffff, QStringLiteral("aaaaaaaaaaaaaaaa")}};
        for (int i = 0; i < stamps.size(); ++i) {
            for (int j = 0; j < stamps.size(); ++j) {
                QCOMPARE(stamps[i] < stamps[j], i < j);
                QCOMPARE(stamps[i].toString() < stamps[j].toString(), i < j);
            }
        }
    }

    void monotonicWhenTheClockJumpsBack()
    {
        Clock clock;
        clock.setFixed(1764400000000);
        HlcClock hlc(QStringLiteral("k3j5x7q2m9d4a6b8"), &clock);
        Hlc previous = hlc.now();
        for (int i = 0; i < 1000; ++i) {
            if (i == 300)
                clock.setFixed(1700000000000); // a year back
            if (i == 600)
                clock.advance(100);
            const Hlc next = hlc.now();
            QVERIFY2(previous < next, qPrintable(previous.toString() + QStringLiteral(" !< ") + next.toString()));
            previous = next;
        }
        QCOMPARE(previous.ms, 1764400000000); // stayed on the greatest physical time seen
    }

    void counterOverflowMovesToNextMillisecond()
    {
        Clock clock;
        clock.setFixed(1000);
        HlcClock hlc(QStringLiteral("k3j5x7q2m9d4a6b8"), &clock);
        Hlc h;
        for (int i = 0; i <= 0x10000; ++i)
            h = hlc.now();
        QCOMPARE(h.ms, 1001);
        QCOMPARE(h.counter, 0);
    }

    void receiveRule()
    {
        Clock clock;
        clock.setFixed(1000);
        HlcClock hlc(QStringLiteral("k3j5x7q2m9d4a6b8"), &clock);
        const Hlc remote{5000, 7, QStringLiteral("district")};
        hlc.observe(remote);
        const Hlc next = hlc.now();
        QVERIFY(remote < next);
        QCOMPARE(next.ms, 5000);
        QCOMPARE(next.counter, 8);
        // An older remote stamp changes nothing.
        hlc.observe({10, 0, QStringLiteral("district")});
        QVERIFY(next < hlc.now());
    }

    void offsetIsAddedToTheClock()
    {
        Clock clock;
        clock.setFixed(1000);
        HlcClock hlc(QStringLiteral("k3j5x7q2m9d4a6b8"), &clock);
        hlc.setOffsetMs(86400000);
        QCOMPARE(hlc.now().ms, 86401000);
    }

    void restoreNeverGoesBack()
    {
        Clock clock;
        clock.setFixed(1000);
        HlcClock hlc(QStringLiteral("k3j5x7q2m9d4a6b8"), &clock);
        hlc.restore({9000, 3, QStringLiteral("k3j5x7q2m9d4a6b8")});
        const Hlc h = hlc.now();
        QCOMPARE(h.ms, 9000);
        QCOMPARE(h.counter, 4);
    }

    void deviceIds()
    {
        for (int i = 0; i < 100; ++i) {
            const QString id = newDeviceId();
            QVERIFY(isValidNode(id));
            for (QChar c : id)
                QVERIFY((c >= u'a' && c <= u'z') || (c >= u'2' && c <= u'7'));
        }
        QVERIFY(newDeviceId() != newDeviceId());
    }
};

QTEST_GUILESS_MAIN(TestHlc)
#include "tst_hlc.moc"
