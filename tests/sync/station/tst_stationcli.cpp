// The station's command line against the real lanxin-district (CLI.md "lanxin-station", issue 5 item 5),
// as an installer's script or an administrator uses it: `enroll` and `sync` run as child processes,
// their JSON summary, and their exit status (0 done; 1 failed or incomplete, the reason on stderr, one
// line first, in Chinese and English; 2 bad usage) in each outcome a sync can have.
#include "synctestsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStringEncoder>

using namespace lanxin;
using namespace lanxin::test;

namespace {

const QString kStation = QStringLiteral("FH-CL-001");

struct StationRun : Admin
{
    /// The JSON object `sync` prints as its first line of stdout (empty if it printed none).
    [[nodiscard]] QJsonObject json() const
    {
        return QJsonDocument::fromJson(out.section(u'\n', 0, 0).toUtf8()).object();
    }
    /// The reason: stderr's first line that is not a log line ("lanxin.…: ", a warning such as the
    /// keystore's on a new data dir; progress lines are off for commands).
    [[nodiscard]] QString reason() const
    {
        for (const QString &line : err.split(u'\n', Qt::SkipEmptyParts)) {
            if (!line.startsWith(QLatin1String("lanxin.")))
                return line;
        }
        return {};
    }
};

} // namespace

class TestStationCli : public QObject
{
    Q_OBJECT
    District m_district{kUnlimitedRates};
    QTemporaryDir m_tmp;
    int m_dirs = 0;

    StationRun station(const QString &dir, const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANXIN_KEY_STORE"), QStringLiteral("file"));
        return {runProgram(QStringLiteral(LANXIN_STATION), QStringList{QStringLiteral("--data-dir"), dir} + args, 120000, env)};
    }

    /// `status --json`'s outbox count of the station in `dir`.
    int pending(const QString &dir)
    {
        return QJsonDocument::fromJson(station(dir, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
            .object()
            .value(QStringLiteral("outbox"))
            .toObject()
            .value(QStringLiteral("pending"))
            .toInt(-1);
    }

    QString newDir() { return m_tmp.filePath(QStringLiteral("station-%1").arg(++m_dirs)); }

    /// A station data dir enrolled to the district, with `residents` residents and `records` records.
    QString enrolledStation(int residents, int records)
    {
        const QString dir = newDir();
        const StationRun seeded = station(dir, {QStringLiteral("seed-demo"), QStringLiteral("--residents"), QString::number(residents),
                                                QStringLiteral("--records"), QString::number(records)});
        if (seeded.rc != 0)
            qFatal("seed-demo: %s", qPrintable(seeded.err));
        const StationRun enrolled = station(dir, {QStringLiteral("enroll"), QStringLiteral("--server"), m_district.baseUrl(),
                                                  QStringLiteral("--station"), kStation, QStringLiteral("--code"),
                                                  m_district.enrollmentCode(kStation)});
        if (enrolled.rc != 0)
            qFatal("enroll: %s", qPrintable(enrolled.err));
        return dir;
    }

    /// A reason as CLI.md asks for it: one line, in Chinese and in English.
    static bool bilingualLine(const QString &reason)
    {
        static const QRegularExpression hanzi(QStringLiteral("\\p{Han}"));
        static const QRegularExpression latin(QStringLiteral("[A-Za-z]{3,}"));
        return !reason.contains(u'\n') && reason.contains(hanzi) && reason.contains(latin);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(m_district.start());
        QVERIFY(m_district.addStation(kStation));
    }

    void syncBeforeEnrollmentSaysSo()
    {
        const StationRun r = station(newDir(), {QStringLiteral("sync")});
        QCOMPARE(r.rc, 1);
        QCOMPARE(r.json().value(QStringLiteral("result")).toString(), QStringLiteral("not_enrolled"));
        QVERIFY2(r.reason().contains(QLatin1String("not enrolled")) && bilingualLine(r.reason()), qPrintable(r.err));
    }

    void enrollWithAWrongCodeFailsWithTheDistrictsReason()
    {
        const QString dir = newDir();
        const StationRun r = station(dir, {QStringLiteral("enroll"), QStringLiteral("--server"), m_district.baseUrl(),
                                           QStringLiteral("--station"), kStation, QStringLiteral("--code"), QStringLiteral("AAAA-BBBB")});
        QCOMPARE(r.rc, 1);
        QVERIFY2(bilingualLine(r.reason()) && r.reason().contains(QLatin1String("enrollment code")), qPrintable(r.err));
        // The keystore note belongs to an enrollment that happened (SECURITY.md 23), after its line.
        QVERIFY2(!r.err.contains(QLatin1String("no OS keystore is available")), qPrintable(r.err));
        // Nothing was enrolled: a sync still says so.
        QCOMPARE(station(dir, {QStringLiteral("sync")}).json().value(QStringLiteral("result")).toString(), QStringLiteral("not_enrolled"));
    }

    void enrollSaysWhereTheKeyIsKept()
    {
        const QString dir = newDir();
        const StationRun r = station(dir, {QStringLiteral("enroll"), QStringLiteral("--server"), m_district.baseUrl(), QStringLiteral("--station"),
                                           kStation, QStringLiteral("--code"), m_district.enrollmentCode(kStation)});
        QCOMPARE(r.rc, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Enrolled to station %1").arg(kStation)), qPrintable(r.out));
        // LANXIN_KEY_STORE=file, as on a kiosk without a desktop session: SECURITY.md 23 says so at enrollment.
        QVERIFY2(r.err.contains(QStringLiteral("Note: no OS keystore is available; the database key is kept in a 0600 file")),
                 qPrintable(r.err));
        // Progress lines stay out of a command's output; a warning would still show.
        QVERIFY2(!r.err.contains(QLatin1String("migrated to schema")) && !r.err.contains(QLatin1String("lanxin.sync:")), qPrintable(r.err));
    }

    void syncSendsEverythingAndTheReceiptMatches()
    {
        const QString dir = enrolledStation(40, 120);
        const int before = pending(dir);
        QVERIFY(before >= 150); // 40 residents, their 116 records and 3 staff

        const StationRun first = station(dir, {QStringLiteral("sync")});
        QVERIFY2(first.rc == 0, qPrintable(first.out + first.err));
        const QJsonObject j = first.json();
        for (const char *key : {"pushed", "applied", "unchanged", "rejected", "pulled", "receipt", "outbox_pending"})
            QVERIFY2(j.contains(QLatin1String(key)), key);
        QCOMPARE(j.value(QStringLiteral("pushed")).toInt(), before);
        QCOMPARE(j.value(QStringLiteral("applied")).toInt(), before);
        QCOMPARE(j.value(QStringLiteral("rejected")).toInt(), 0);
        QCOMPARE(j.value(QStringLiteral("outbox_pending")).toInt(), 0);
        QCOMPARE(j.value(QStringLiteral("receipt")).toString(), QStringLiteral("match"));
        QCOMPARE(j.value(QStringLiteral("receipt_checked")).toBool(), true);
        QCOMPARE(j.value(QStringLiteral("result")).toString(), QStringLiteral("ok"));

        // Nothing new: nothing pushed, still a match; the status tells the last sync.
        const StationRun again = station(dir, {QStringLiteral("sync")});
        QCOMPARE(again.rc, 0);
        QCOMPARE(again.json().value(QStringLiteral("pushed")).toInt(), 0);
        QCOMPARE(again.json().value(QStringLiteral("receipt")).toString(), QStringLiteral("match"));
        QCOMPARE(pending(dir), 0);
        const QJsonObject status = QJsonDocument::fromJson(station(dir, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
                                       .object();
        QCOMPARE(status.value(QStringLiteral("last_sync")).toObject().value(QStringLiteral("result")).toString(), QStringLiteral("ok"));
    }

    void aRevokedDeviceIsToldToEnrollAgain()
    {
        const QString dir = enrolledStation(5, 10);
        const QString device = QJsonDocument::fromJson(station(dir, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
                                   .object()
                                   .value(QStringLiteral("device_id"))
                                   .toString();
        QVERIFY(!device.isEmpty());
        QVERIFY(m_district.revoke(device));
        const StationRun r = station(dir, {QStringLiteral("sync")});
        QCOMPARE(r.rc, 1);
        QCOMPARE(r.json().value(QStringLiteral("result")).toString(), QStringLiteral("unauthenticated"));
        QCOMPARE(r.json().value(QStringLiteral("outbox_pending")).toInt(), pending(dir)); // nothing dropped
        QVERIFY(pending(dir) > 0);
        QVERIFY2(r.reason().contains(QLatin1String("enroll it again")) && bilingualLine(r.reason()), qPrintable(r.err));
    }

    void badUsageIsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("said");
        QTest::newRow("an argument") << QStringList{QStringLiteral("sync"), QStringLiteral("now")} << QStringLiteral("sync takes no argument now");
        QTest::newRow("an unknown option") << QStringList{QStringLiteral("sync"), QStringLiteral("--fast"), QStringLiteral("1")}
                                           << QStringLiteral("sync does not take --fast");
        QTest::newRow("an unknown option, last") << QStringList{QStringLiteral("sync"), QStringLiteral("--fast")}
                                                 << QStringLiteral("sync does not take --fast");
        QTest::newRow("--timeout without its value") << QStringList{QStringLiteral("sync"), QStringLiteral("--timeout")}
                                                     << QStringLiteral("option --timeout needs a value");
        QTest::newRow("timeout 0") << QStringList{QStringLiteral("sync"), QStringLiteral("--timeout"), QStringLiteral("0")}
                                   << QStringLiteral("--timeout must be a whole number from 1 to 3600");
        QTest::newRow("timeout not a number") << QStringList{QStringLiteral("sync"), QStringLiteral("--timeout"), QStringLiteral("ten")}
                                              << QStringLiteral("got \"ten\"");
        QTest::newRow("enroll without --code") << QStringList{QStringLiteral("enroll"), QStringLiteral("--server"),
                                                              QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--station"), kStation}
                                               << QStringLiteral("enroll needs --code");
        QTest::newRow("enroll, --server not a URL")
            << QStringList{QStringLiteral("enroll"), QStringLiteral("--server"), QStringLiteral("ftp://127.0.0.1"),
                           QStringLiteral("--station"), kStation, QStringLiteral("--code"), QStringLiteral("AAAA-BBBB")}
            << QStringLiteral("Not a server URL: ftp://127.0.0.1 (expected https://host[:port])");
        QTest::newRow("enroll, a station code no station can have")
            << QStringList{QStringLiteral("enroll"), QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:1"),
                           QStringLiteral("--station"), QStringLiteral("FH XW 012"), QStringLiteral("--code"), QStringLiteral("AAAA-BBBB")}
            << QStringLiteral("Station code: must be letters, digits, - _ or . only");
        QTest::newRow("status with an argument") << QStringList{QStringLiteral("status"), QStringLiteral("now")}
                                                 << QStringLiteral("status takes no argument now");
        QTest::newRow("an unknown command") << QStringList{QStringLiteral("synchronise")} << QStringLiteral("unknown command synchronise");
        // Unset shell variables: "--server $URL" must not be read as no server, "--ca $CA" as no pinned CA,
        // "--data-dir $DIR" (the last --data-dir wins) as the default folder, with or without a command.
        QTest::newRow("enroll, empty --server")
            << QStringList{QStringLiteral("enroll"), QStringLiteral("--server"), QString(), QStringLiteral("--station"), kStation,
                           QStringLiteral("--code"), QStringLiteral("AAAA-BBBB")}
            << QStringLiteral("option --server is empty");
        QTest::newRow("enroll, empty --ca")
            << QStringList{QStringLiteral("enroll"), QStringLiteral("--server"), QStringLiteral("https://127.0.0.1:1"),
                           QStringLiteral("--station"), kStation, QStringLiteral("--code"), QStringLiteral("AAAA-BBBB"),
                           QStringLiteral("--ca"), QStringLiteral(" ")}
            << QStringLiteral("option --ca is empty");
        QTest::newRow("empty --data-dir") << QStringList{QStringLiteral("status"), QStringLiteral("--data-dir"), QString()}
                                          << QStringLiteral("option --data-dir is empty");
        QTest::newRow("empty --data-dir, the app") << QStringList{QStringLiteral("--data-dir"), QString()}
                                                   << QStringLiteral("option --data-dir is empty");
    }

    void badUsageIsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, said);
        const StationRun r = station(newDir(), args);
        QCOMPARE(r.rc, 2);
        QVERIFY2(bilingualLine(r.reason()) && r.reason().contains(said), qPrintable(r.err));
    }

    void aDataDirThatIsAFileIsNamed()
    {
        const QString file = m_tmp.filePath(QStringLiteral("a-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a folder\n");
        f.close();
        const StationRun r = station(file, {QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(r.rc, 1);
        QVERIFY2(bilingualLine(r.reason()) && r.reason().contains(QStringLiteral("The data directory %1 is a file, not a folder").arg(file)),
                 qPrintable(r.err));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("not a folder\n"));
    }

    void importResidentsGivesEveryReasonInChineseAndEnglish()
    {
        const QString dir = newDir();
        QFile csv(m_tmp.filePath(QStringLiteral("roster-with-mistakes.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(QStringLiteral("姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签\n"
                                 "王丽,女,1985-03-12,,13805741234,白杜村,,留守\n" // 2: good
                                 ",女,1985-13-40,,,白杜村,,\n"                    // 3: no name, a date that is none
                                 "李芳,女,1985-03-12,,138,白杜村,,\n"              // 4: a short phone (the validator's)
                                 "张红,未知,,,,白杜村,,低保\n")                    // 5: gender, an unknown tag
                      .toUtf8());
        csv.close();
        const StationRun r = station(dir, {QStringLiteral("import-residents"), csv.fileName()});
        QCOMPARE(r.rc, 1);
        QVERIFY2(r.out.contains(QStringLiteral("1 added")), qPrintable(r.out));
        QCOMPARE(r.reason(), QStringLiteral("3 行未导入 / 3 rows not imported"));
        QStringList lines;
        for (const QString &line : r.err.split(u'\n', Qt::SkipEmptyParts)) {
            if (line.startsWith(QLatin1String("line ")))
                lines << line;
        }
        QCOMPARE(lines.size(), 3);
        // Each row on one line: all its Chinese reasons, " / ", all its English ones.
        QCOMPARE(lines[0], QStringLiteral("line 3: 姓名为空；出生日期无法识别（可写作 1985-03-12、1985/3/12、19850312 或 1985年3月12日）"
                                          " / the name is empty; the birth date cannot be read "
                                          "(write it as 1985-03-12, 1985/3/12, 19850312 or 1985年3月12日)"));
        QCOMPARE(lines[1], QStringLiteral("line 4: 手机号应为以13至19开头的11位数字 / Phone: must be 11 digits starting with 13 to 19"));
        QCOMPARE(lines[2], QStringLiteral("line 5: 性别无法识别（应为 女 或 男）；标签“低保”无法识别（可用：留守、独居老年、残疾、困难家庭、单亲、流动）"
                                          " / the gender cannot be read (it should be 女 or 男); the tag \"低保\" is not recognised "
                                          "(available: 留守, 独居老年, 残疾, 困难家庭, 单亲, 流动)"));
        for (const QString &line : std::as_const(lines)) {
            QVERIFY2(bilingualLine(line) && line.count(QStringLiteral(" / ")) == 1, qPrintable(line));
            QVERIFY2(!line.contains(QStringLiteral("13805741234")), qPrintable(line));
        }

        // Excel's "Unicode Text" (UTF-16): refused whole, and why, in both languages.
        QFile wide(m_tmp.filePath(QStringLiteral("roster-utf16.csv")));
        QVERIFY(wide.open(QIODevice::WriteOnly));
        wide.write(QByteArray("\xFF\xFE", 2) + QStringEncoder(QStringEncoder::Utf16LE).encode(QStringLiteral("姓名\r\n赵兰\r\n")));
        wide.close();
        const StationRun refused = station(dir, {QStringLiteral("import-residents"), wide.fileName()});
        QCOMPARE(refused.rc, 1);
        QCOMPARE(refused.reason(), QStringLiteral("文件是 UTF-16 编码（Excel 的“Unicode 文本”），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"
                                                  " / The file is UTF-16 encoded (Excel's \"Unicode Text\"); in Excel, save it as "
                                                  "\"CSV UTF-8 (Comma delimited)\""));
    }

    /// Last: it stops the district (and starts it again on the same port).
    void syncWithTheDistrictDownFailsAndKeepsEverything()
    {
        const QString dir = enrolledStation(10, 30);
        const int before = pending(dir);
        QVERIFY(before > 0);
        const quint16 port = m_district.port();
        QCOMPARE(m_district.stop(), 0);
        const StationRun r = station(dir, {QStringLiteral("sync"), QStringLiteral("--timeout"), QStringLiteral("5")});
        QCOMPARE(r.rc, 1);
        const QJsonObject j = r.json();
        QCOMPARE(j.value(QStringLiteral("result")).toString(), QStringLiteral("failed"));
        QCOMPARE(j.value(QStringLiteral("pushed")).toInt(), 0);
        QCOMPARE(j.value(QStringLiteral("outbox_pending")).toInt(), before);
        // Not compared, rather than compared and different.
        QCOMPARE(j.value(QStringLiteral("receipt")).toString(), QStringLiteral("mismatch"));
        QCOMPARE(j.value(QStringLiteral("receipt_checked")).toBool(), false);
        QVERIFY2(r.reason().contains(QLatin1String("Cannot reach the district")) && bilingualLine(r.reason()), qPrintable(r.err));

        // The district back: the same records go, once.
        QVERIFY(m_district.start({}, port));
        const StationRun back = station(dir, {QStringLiteral("sync")});
        QVERIFY2(back.rc == 0, qPrintable(back.out + back.err));
        QCOMPARE(back.json().value(QStringLiteral("pushed")).toInt(), before);
        QCOMPARE(back.json().value(QStringLiteral("receipt_checked")).toBool(), true);
    }

    void cleanupTestCase() { m_district.stop(); }
};

QTEST_GUILESS_MAIN(TestStationCli)
#include "tst_stationcli.moc"
