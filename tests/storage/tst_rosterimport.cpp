#include "testsupport.h"

#include "storage/rosterimport.h"

#include <QStringEncoder>

using namespace lanxin;
using namespace lanxin::test;

namespace {
// A roster as a village keeps it: columns in its own order, one bad ID, one bad phone, one without ID.
const char *kRoster =
    "村(社区),姓名,性别,出生日期,身份证号,手机号,地址,标签\r\n"
    "白杜村,张秀英,女,1949-12-31,11010519491231002X,13812345678,白杜村1号,留守\r\n"
    "白杜村,李桂兰,女,1960/3/5,110105196003050021,13800000000,白杜村2号,\r\n" // wrong check digit
    "金溪村,王芳,女,19800102,,13700001234,\"金溪村3号, 东侧\",独居老年、残疾\r\n"
    "金溪村,赵丽,女,1985-02-02,,12345678901,金溪村4号,\r\n" // phone starts 12
    "西坞村,陈红,女,1975年6月6日,,,,困难家庭\r\n";

QByteArray encode(const char *encoding, const QByteArray &utf8)
{
    QStringEncoder enc(encoding);
    return enc(QString::fromUtf8(utf8));
}
} // namespace

class TestRosterImport : public QObject
{
    Q_OBJECT
private slots:
    void importsValidRowsAndReportsBadOnes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("encoding");
        QTest::newRow("UTF-8") << QByteArray(kRoster) << QStringLiteral("UTF-8");
        QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF") + kRoster << QStringLiteral("UTF-8 BOM");
        QTest::newRow("GB18030") << encode("GB18030", kRoster) << QStringLiteral("GB18030");
    }
    void importsValidRowsAndReportsBadOnes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, encoding);
        TempStation t;
        auto report = importRoster(t.store, bytes);
        QVERIFY2(report, qPrintable(report.error().message));
        QCOMPARE(report->encoding, encoding);
        QCOMPARE(report->added, 3);
        QCOMPARE(report->rejected.size(), 2);
        QCOMPARE(report->rejected[0].line, 3);
        QVERIFY2(report->rejected[0].reason.contains(QStringLiteral("身份证")), qPrintable(report->rejected[0].reason));
        QCOMPARE(report->rejected[1].line, 5);
        QVERIFY2(report->rejected[1].reason.contains(QStringLiteral("手机")), qPrintable(report->rejected[1].reason));

        const auto zhang = t.store.residents().findByIdNumber(QStringLiteral("11010519491231002X"));
        QVERIFY(zhang);
        QCOMPARE(zhang->name, QStringLiteral("张秀英"));
        QCOMPARE(zhang->tags, QStringList{QStringLiteral("left_behind")});
        QCOMPARE(zhang->phone, QStringLiteral("13812345678"));
        const auto wang = t.store.residents().search(QStringLiteral("王芳"));
        QCOMPARE(wang.size(), 1);
        QCOMPARE(wang[0].address, QStringLiteral("金溪村3号, 东侧"));
        QCOMPARE(wang[0].birthDate, QDate(1980, 1, 2));
        QCOMPARE(t.store.residents().search(QStringLiteral("陈红")).value(0).birthDate, QDate(1975, 6, 6));
        // Nothing of the bad rows was stored.
        QVERIFY(t.store.residents().search(QStringLiteral("李桂兰")).isEmpty());
        QVERIFY(t.store.residents().search(QStringLiteral("赵丽")).isEmpty());
        QCOMPARE(t.store.outboxPending(), 3);

        // The same file again adds nothing.
        auto again = importRoster(t.store, bytes);
        QVERIFY(again);
        QCOMPARE(again->added, 0);
        QCOMPARE(again->alreadyPresent, 3);
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 3);
    }

    void aFileWithoutANameColumnIsRefusedWhole()
    {
        TempStation t;
        auto report = importRoster(t.store, QByteArray("性别,出生日期\n女,1970-01-01\n"));
        QVERIFY(!report);
        QVERIFY(report.error().message.contains(QStringLiteral("姓名")));
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 0);
    }
};

QTEST_GUILESS_MAIN(TestRosterImport)
#include "tst_rosterimport.moc"
