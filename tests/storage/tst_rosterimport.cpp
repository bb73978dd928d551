#include "testsupport.h"

#include "storage/rosterimport.h"

#include "storage/fieldcipher.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
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

// Duplicates inside one file: by ID number (rows 3, 6), by name + birth date + village (rows 5, 7),
// and a row without ID matching an earlier row that had one (row 8). Row 4 is bad.
const char *kWithDuplicates =
    "姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签\r\n"
    "张秀英,女,1949-12-31,11010519491231002X,13812345678,白杜村,,留守\r\n"          // 2 added
    "张秀英二,女,1949-12-31,11010519491231002X,,白杜村,,\r\n"                        // 3 same ID as 2
    "李桂兰,女,1960/3/5,110105196003050021,,白杜村,,\r\n"                           // 4 bad check digit
    "王芳,女,1980-01-02,,,金溪村,,\r\n"                                           // 5 added
    "张秀英,女,1949-12-31,11010519491231002x,,白杜村,,\r\n"                          // 6 same ID (lower-case x)
    "王芳,女,1980-01-02,,13700001234,金溪村,,独居老年\r\n"                           // 7 same as 5
    "张秀英,女,1949-12-31,,,白杜村,,\r\n"                                         // 8 same as 2 by name
    "王芳,女,1980-01-02,,,西坞村,,\r\n";                                          // 9 another village: added

QByteArray encode(const char *encoding, const QByteArray &utf8)
{
    QStringEncoder enc(encoding);
    return enc(QString::fromUtf8(utf8));
}
/// A roster of `n` distinct women (ID numbers with valid check digits), lines 2..n+1.
QByteArray generatedRoster(int n, int firstSerial = 0)
{
    QByteArray csv = "姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签\r\n";
    static const QString given = QStringLiteral("秀英桂兰芳丽红梅霞燕玲华");
    for (int i = firstSerial; i < firstSerial + n; ++i) {
        const QDate birth = QDate(1950, 1, 1).addDays(i * 37);
        // 110105 + yyyyMMdd + 3-digit serial (even: female) + check character (GB 11643).
        const QString body = QStringLiteral("110105") + birth.toString(QStringLiteral("yyyyMMdd"))
            + QStringLiteral("%1").arg((i % 500) * 2, 3, 10, QLatin1Char('0'));
        static const int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int k = 0; k < 17; ++k)
            sum += (body.at(k).unicode() - '0') * weights[k];
        const QString id = body + QString::fromLatin1("10X98765432").at(sum % 11);
        const QString name = QStringLiteral("陈") + given.at(i % given.size()) + given.at((i / 12) % given.size());
        csv += QStringLiteral("%1,女,%2,%3,,白杜村,,\r\n").arg(name, birth.toString(Qt::ISODate), id).toUtf8();
    }
    return csv;
}

int scalar(StationStore &store, const QString &sql)
{
    QSqlQuery q(store.database().db());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

QList<QPair<QString, int>> receiptDigests(StationStore &store)
{
    QList<QPair<QString, int>> out;
    QSqlQuery q(store.database().db());
    if (!q.exec(QStringLiteral("SELECT kind || '/' || station_id || '/' || hex(digest), count FROM receipt_digest "
                               "WHERE count > 0 ORDER BY kind, station_id")))
        return out;
    while (q.next())
        out << qMakePair(q.value(0).toString(), q.value(1).toInt());
    return out;
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
        // The validator's reason in both languages, one line: "中文 / English".
        QCOMPARE(report->rejected[0].reason, QStringLiteral("身份证号校验位错误 / ID number: the check digit is wrong"));
        QCOMPARE(report->rejected[1].line, 5);
        QVERIFY2(report->rejected[1].reason.contains(QStringLiteral("手机")), qPrintable(report->rejected[1].reason));
        QCOMPARE(report->rejected[1].reason,
                 QStringLiteral("手机号应为以13至19开头的11位数字 / Phone: must be 11 digits starting with 13 to 19"));

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

    void duplicatesWithinOneFileAreAddedOnce_data()
    {
        QTest::addColumn<int>("chunkRows");
        QTest::newRow("one chunk") << 1000;
        QTest::newRow("a row per chunk") << 1;
        QTest::newRow("chunks of 2 (duplicates across boundaries)") << 2;
        QTest::newRow("chunks of 3") << 3;
    }
    void duplicatesWithinOneFileAreAddedOnce()
    {
        QFETCH(int, chunkRows);
        TempStation t;
        auto report = importRoster(t.store, kWithDuplicates, RosterImportOptions{chunkRows});
        QVERIFY2(report, qPrintable(report.error().message));
        QCOMPARE(report->added, 3);
        QCOMPARE(report->alreadyPresent, 4);
        QCOMPARE(report->rejected.size(), 1);
        QCOMPARE(report->rejected[0].line, 4);
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 3);
        QCOMPARE(t.store.outboxPending(), 3);
        // The first row of each person is the one kept.
        const auto zhang = t.store.residents().findByIdNumber(QStringLiteral("11010519491231002X"));
        QVERIFY(zhang);
        QCOMPARE(zhang->name, QStringLiteral("张秀英"));
        QCOMPARE(zhang->phone, QStringLiteral("13812345678"));
        const auto wang = t.store.residents().search(QStringLiteral("王芳"));
        QCOMPARE(wang.size(), 2);
        for (const Resident &w : wang)
            QVERIFY(w.phone.isEmpty() && w.tags.isEmpty());

        auto again = importRoster(t.store, kWithDuplicates, RosterImportOptions{chunkRows});
        QVERIFY(again);
        QCOMPARE(again->added, 0);
        QCOMPARE(again->alreadyPresent, 7);
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 3);
    }

    void chunkSizeDoesNotChangeTheOutcome()
    {
        // 25 rows, two of them repeated later in the file and one bad, at chunk sizes around the boundary.
        QByteArray csv = generatedRoster(25);
        const QList<QByteArray> lines = csv.split('\n');
        csv += lines.at(3) + '\n' + lines.at(20) + '\n'; // lines 27 and 28 repeat lines 4 and 21
        csv += "坏行,女,1970-01-01,,12345678901,白杜村,,\r\n"; // line 29: bad phone
        QList<QStringList> stored;
        for (int chunkRows : {1, 4, 5, 24, 25, 26, 1000}) {
            TempStation t;
            auto report = importRoster(t.store, csv, RosterImportOptions{chunkRows});
            QVERIFY2(report, qPrintable(report.error().message));
            QCOMPARE(report->added, 25);
            QCOMPARE(report->alreadyPresent, 2);
            QCOMPARE(report->rejected.size(), 1);
            QCOMPARE(report->rejected[0].line, 29);
            QCOMPARE(t.store.outboxPending(), 25);
            QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'create' AND kind = 'resident'")), 25);
            QStringList names;
            for (const Resident &r : t.store.residents().list({}, Page{0, 100}))
                names << r.name + u'/' + r.birthDate.toString(Qt::ISODate);
            names.sort();
            stored << names;
        }
        for (const QStringList &s : std::as_const(stored))
            QCOMPARE(s, stored.first());
    }

    void reimportAfterAPartialImportAddsTheRest()
    {
        TempStation t;
        const QByteArray all = generatedRoster(30);
        const QList<QByteArray> lines = all.split('\n');
        QByteArray firstPart;
        for (int i = 0; i <= 12; ++i) // the header and 12 rows
            firstPart += lines.at(i) + '\n';
        const int autoCheckpoint = scalar(t.store, QStringLiteral("PRAGMA wal_autocheckpoint"));
        QVERIFY(autoCheckpoint > 0);
        auto part = importRoster(t.store, firstPart, RosterImportOptions{5});
        QVERIFY(part);
        QCOMPARE(part->added, 12);
        auto whole = importRoster(t.store, all, RosterImportOptions{5});
        QVERIFY(whole);
        QCOMPARE(whole->added, 18);
        QCOMPARE(whole->alreadyPresent, 12);
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 30);
        QCOMPARE(t.store.outboxPending(), 30);
        // The import held off SQLite's automatic checkpoint only while it ran.
        QCOMPARE(scalar(t.store, QStringLiteral("PRAGMA wal_autocheckpoint")), autoCheckpoint);
    }

    void aRowThatFailsAtInsertIsSkippedWholeAndTheRestOfItsChunkImported()
    {
        TempStation t;
        // A row that passes every check but the database refuses (as a full disk or a constraint would).
        QSqlQuery q(t.store.database().db());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON resident WHEN NEW.name = '陈桂秀' "
                                      "BEGIN SELECT RAISE(ABORT, 'refused'); END")));
        const QByteArray csv = generatedRoster(12); // line 4 (i = 2) is 陈桂秀
        QVERIFY(csv.split('\n').at(3).startsWith("陈桂秀,"));
        auto report = importRoster(t.store, csv, RosterImportOptions{5});
        QVERIFY2(report, qPrintable(report.error().message));
        QCOMPARE(report->added, 11);
        QCOMPARE(report->rejected.size(), 1);
        QCOMPARE(report->rejected[0].line, 4);
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 11);
        // Nothing of the refused row anywhere: no outbox entry, no audit entry, no name index row.
        QCOMPARE(t.store.outboxPending(), 11);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'create'")), 11);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM outbox WHERE record_id NOT IN (SELECT id FROM resident)")), 0);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM resident_name_char WHERE id NOT IN (SELECT id FROM resident)")), 0);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(DISTINCT id) FROM resident_name_char")), 11);
        // Without the trigger, importing the file again adds just that row.
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER refuse")));
        auto again = importRoster(t.store, csv, RosterImportOptions{5});
        QVERIFY(again);
        QCOMPARE(again->added, 1);
        QCOMPARE(again->alreadyPresent, 11);
    }

    void anImportedResidentIsStoredAsCreateStoresIt()
    {
        TempStation t;
        t.store.records().setStationId(QStringLiteral("S001"));
        auto report = importRoster(t.store, kRoster);
        QVERIFY(report);
        const auto imported = t.store.residents().findByIdNumber(QStringLiteral("11010519491231002X"));
        QVERIFY(imported);
        Resident same = *imported;
        same.envelope = {};
        same.idNumber = QStringLiteral("110105194912310046"); // another woman, otherwise the same values
        auto created = t.store.residents().create(same);
        QVERIFY2(created, qPrintable(created.error().message));

        const auto a = t.store.records().get(Kind::Resident, imported->envelope.id);
        const auto b = t.store.records().get(Kind::Resident, created->envelope.id);
        QVERIFY(a && b);
        QVariantMap av = a->values, bv = b->values;
        av.remove(QStringLiteral("id_number"));
        bv.remove(QStringLiteral("id_number"));
        QCOMPARE(av, bv);
        QCOMPARE(a->stamps.keys(), b->stamps.keys());
        QCOMPARE(a->stationId, QStringLiteral("S001"));
        QCOMPARE(a->createdAt, b->createdAt);
        // The same outbox entry (fields and their stamps) and search keys.
        auto outboxFields = [&](const QString &id) {
            QSqlQuery q(t.store.database().db());
            q.prepare(QStringLiteral("SELECT fields FROM outbox WHERE record_id = ?"));
            q.addBindValue(id);
            QStringList fields;
            if (q.exec() && q.next())
                fields = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object().keys();
            return fields;
        };
        QCOMPARE(outboxFields(a->id), outboxFields(b->id));
        QVERIFY(!outboxFields(a->id).isEmpty());
        QCOMPARE(outboxFields(a->id).size(), a->stamps.size());
        QCOMPARE(t.store.residents().search(QStringLiteral("秀英")).size(), 2);
        QCOMPARE(t.store.residents().search(QStringLiteral("zxy")).size(), 2);
        QCOMPARE(t.store.residents().search(QStringLiteral("002X")).size(), 1);
        QCOMPARE(t.store.residents().search(QStringLiteral("5678")).size(), 2);

        // The receipt digests kept incrementally equal the ones rebuilt from the records.
        const auto kept = receiptDigests(t.store);
        QVERIFY(!kept.isEmpty());
        auto rebuilt = t.store.database().transaction([&] { return t.store.records().rebuildReceiptDigests(); });
        QVERIFY(rebuilt);
        QCOMPARE(receiptDigests(t.store), kept);
    }

    void aFileWithoutANameColumnIsRefusedWhole()
    {
        TempStation t;
        auto report = importRoster(t.store, QByteArray("性别,出生日期\n女,1970-01-01\n"));
        QVERIFY(!report);
        QVERIFY(report.error().message.contains(QStringLiteral("姓名")));
        QCOMPARE(report.error().code, QStringLiteral("bad_file"));
        QVERIFY2(report.error().message.startsWith(QStringLiteral("第 1 行：表头缺少“姓名”列")), qPrintable(report.error().message));
        QVERIFY2(report.error().message.contains(QStringLiteral(" / Line 1: the header has no \"姓名\" column")),
                 qPrintable(report.error().message));
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 0);
    }

    void aRowsReasonsAreOneLineChineseThenEnglish()
    {
        // The parser's reasons and the validators' both reach the report as "中文 / English".
        TempStation t;
        auto report = importRoster(t.store, QByteArray("姓名,性别,出生日期,手机号\n"
                                                        ",女,1985-13-40,\n"     // 2: no name, a bad date
                                                        "王丽,女,1985-03-12,138\n" // 3: a short phone
                                                        "李芳,女,1985-03-12,\n"));
        QVERIFY2(report, qPrintable(report.error().message));
        QCOMPARE(report->added, 1);
        QCOMPARE(report->rejected.size(), 2);
        QCOMPARE(report->rejected[0].line, 2);
        QVERIFY2(report->rejected[0].reason.startsWith(QStringLiteral("姓名为空；出生日期无法识别")), qPrintable(report->rejected[0].reason));
        QVERIFY2(report->rejected[0].reason.contains(QStringLiteral(" / the name is empty; the birth date cannot be read")),
                 qPrintable(report->rejected[0].reason));
        QCOMPARE(report->rejected[1].line, 3);
        QCOMPARE(report->rejected[1].reason,
                 QStringLiteral("手机号应为以13至19开头的11位数字 / Phone: must be 11 digits starting with 13 to 19"));
        for (const auto &r : std::as_const(report->rejected))
            QVERIFY(!r.reason.contains(u'\n') && !r.reason.contains(QStringLiteral("138")));
    }

    void aUtf16FileIsRefusedInBothLanguages()
    {
        TempStation t;
        const QByteArray bytes = QByteArray("\xFF\xFE", 2)
            + QStringEncoder(QStringEncoder::Utf16LE).encode(QStringLiteral("姓名\r\n王丽\r\n"));
        auto report = importRoster(t.store, bytes);
        QVERIFY(!report);
        QCOMPARE(report.error().code, QStringLiteral("bad_file"));
        QVERIFY2(report.error().message.startsWith(QStringLiteral("文件是 UTF-16 编码")), qPrintable(report.error().message));
        QVERIFY2(report.error().message.contains(QStringLiteral(" / The file is UTF-16 encoded")), qPrintable(report.error().message));
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 0);
    }
};

QTEST_GUILESS_MAIN(TestRosterImport)
#include "tst_rosterimport.moc"
