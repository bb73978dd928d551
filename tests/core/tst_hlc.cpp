#include "core/clock.h"
#include "core/hlc.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace lanxin;

class TestHlc : public QObject
{
    Q_OBJECT
private slots:
    // Instants and dates are written and read by hand (sync does it for every stamped field): the
    // results are exactly what QDateTime/QDate give, over the whole range and at the edges.
    void instantsAndDatesAsQtDoesThem()
    {
        const auto qtFormat = [](const QDateTime &t) { return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")); };
        const auto qtParse = [](const QString &s) {
            static const QRegularExpression re(QStringLiteral(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)"));
            if (!re.match(s).hasMatch())
                return QDateTime();
            const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
            return t.isValid() ? t.toUTC() : QDateTime();
        };
        const auto qtParseDate = [](const QString &s) {
            if (s.size() != 10 || s[4] != u'-' || s[7] != u'-')
                return QDate();
            for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
                if (!s[i].isDigit() || s[i].unicode() > 127)
                    return QDate();
            }
            return QDate::fromString(s, Qt::ISODate);
        };
        QRandomGenerator rng(20261130);
        for (int i = 0; i < 20000; ++i) {
            // Years ~700 to ~10200: the hand-written range (1000-9999) and both sides of it.
            const qint64 ms = rng.bounded(Q_INT64_C(-40000000000000), Q_INT64_C(260000000000000));
            const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            const QString text = formatInstant(t);
            QCOMPARE(text, qtFormat(t));
            QCOMPARE(parseInstant(text), qtParse(text));
            if (t.date().year() >= 1000 && t.date().year() <= 9999)
                QCOMPARE(parseInstant(text), t);
            const QDate d = t.date();
            QCOMPARE(formatDate(d), d.toString(Qt::ISODate));
            QCOMPARE(parseDate(formatDate(d)), qtParseDate(d.toString(Qt::ISODate)));
        }
        for (const char *s : {"2024-02-29T23:59:59.999Z", "2026-02-29T00:00:00.000Z", "2026-11-28T24:00:00.000Z",
                              "2026-11-28T23:60:00.000Z", "2026-11-28T23:59:60.000Z", "2026-13-01T00:00:00.000Z",
                              "2026-00-10T00:00:00.000Z", "2026-11-00T00:00:00.000Z", "0000-01-01T00:00:00.000Z",
                              "2026-11-28T02:15:00.000z", "2026-11-28 02:15:00.000Z", "2026-11-28T02:15:00Z",
                              "+026-11-28T02:15:00.000Z", "2026-11-2aT02:15:00.000Z", ""}) {
            const QString text = QString::fromLatin1(s);
            QCOMPARE(parseInstant(text), qtParse(text));
            QCOMPARE(parseDate(text.left(10)), qtParseDate(text.left(10)));
        }
        QCOMPARE(parseInstant(u"2026-11-28T02:15:00.000Z"), QDateTime(QDate(2026, 11, 28), QTime(2, 15), Qt::UTC));
        QCOMPARE(parseInstant(u"2026-11-28T02:15:00.000Z").timeSpec(), Qt::UTC);
        QCOMPARE(formatInstant(QDateTime(QDate(2026, 11, 28), QTime(10, 15), QTimeZone(8 * 3600))),
                 QStringLiteral("2026-11-28T02:15:00.000Z"));
        QCOMPARE(formatInstant(QDateTime()), QString());
        QCOMPARE(formatDate(QDate()), QString());
        QCOMPARE(formatDate(QDate(2026, 1, 5)), QStringLiteral("2026-01-05"));
    }

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
