// The district's admin command line (CLI.md "lanxin-district", issue 5 item 4) as an administrator or
// her scripts use it: the real lanxin-district run as a child process on a data folder. Every bad input
// exits 1 (the operation failed) or 2 (bad usage) with the reason as the first line of stderr, in Chinese
// and English, and changes nothing that was there; a damaged database is kept and reported.
#include "districtfixture.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringEncoder>
#include <QTemporaryFile>

#include <unistd.h>

using namespace lanxin;
using namespace lanxin::test;

namespace {

const QString kStation = QStringLiteral("FH-XW-012");
const QString kFacility = QStringLiteral("FH-H77");

QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(u' ', Qt::SkipEmptyParts);
}

/// A valid `training-offer add` with one option's value replaced (or the option left out when `value` is null).
QStringList offer(const QString &option = {}, const QString &value = {})
{
    const QList<QPair<QString, QString>> valid{
        {QStringLiteral("--title"), QStringLiteral("两癌筛查知识讲座")}, {QStringLiteral("--category"), QStringLiteral("health")},
        {QStringLiteral("--starts-at"), QStringLiteral("2027-01-10T09:00:00+08:00")},
        {QStringLiteral("--ends-at"), QStringLiteral("2027-01-10T11:00:00+08:00")},
        {QStringLiteral("--location"), QStringLiteral("镇文化站")},           {QStringLiteral("--capacity"), QStringLiteral("40")}};
    QStringList args{QStringLiteral("training-offer"), QStringLiteral("add")};
    for (const auto &[name, v] : valid) {
        if (name != option)
            args << name << v;
        else if (!value.isNull())
            args << name << value;
    }
    return args;
}

} // namespace

class TestDistrictCli : public QObject
{
    Q_OBJECT
    District m_d;
    QTemporaryDir m_tmp;

    static QString firstLine(const QString &text) { return text.section(u'\n', 0, 0); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_d.isValid() && m_tmp.isValid());
        QVERIFY(m_d.addStation(kStation));
        QCOMPARE(m_d.run({QStringLiteral("facility"), QStringLiteral("add"), QStringLiteral("--code"), kFacility, QStringLiteral("--name"),
                          QStringLiteral("区妇幼保健院"), QStringLiteral("--town"), QStringLiteral("锦屏街道"), QStringLiteral("--type"),
                          QStringLiteral("hospital")})
                     .rc,
                 0);
    }

    void refusedWithTheReason_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("rc");
        QTest::addColumn<QString>("reason"); // a part of the English half of stderr's first line

        const QString file = m_tmp.filePath(QStringLiteral("plain.txt"));
        QFile plain(file);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write("a,b\n1,2\n");
        plain.close();

        QTest::newRow("no command") << QStringList{} << 2 << QStringLiteral("a command is needed");
        QTest::newRow("unknown command") << words("frobnicate") << 2 << QStringLiteral("unknown command frobnicate");
        QTest::newRow("station alone") << words("station") << 2 << QStringLiteral("station needs add or list");
        QTest::newRow("station add without --name") << words("station add --code FH-XW-099 --town 西坞街道") << 2
                                                    << QStringLiteral("station add needs --name");
        QTest::newRow("station add, blank name") << (words("station add --code FH-XW-099 --town 西坞街道 --name") << QStringLiteral("  "))
                                                 << 2 << QStringLiteral("station add needs --name");
        QTest::newRow("station add, code with spaces")
            << (QStringList{QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("FH XW 013")}
                + words("--name 站 --town 镇"))
            << 2 << QStringLiteral("Station code: must be letters, digits");
        QTest::newRow("station add, code in use") << words("station add --code FH-XW-012 --name 另一站 --town 镇") << 1
                                                  << QStringLiteral("Station FH-XW-012 exists already");
        QTest::newRow("station list, extra word") << words("station list extra") << 2 << QStringLiteral("unexpected argument extra");
        QTest::newRow("station list, an option it does not take, last")
            << words("station list --json --extra") << 2 << QStringLiteral("station list does not take --extra");
        QTest::newRow("enrollment-code without --station") << words("enrollment-code") << 2
                                                           << QStringLiteral("enrollment-code needs --station");
        QTest::newRow("enrollment-code, --station without value") << words("enrollment-code --station") << 2
                                                                  << QStringLiteral("option --station needs a value");
        QTest::newRow("enrollment-code, unknown station") << words("enrollment-code --station NOPE") << 1
                                                          << QStringLiteral("No station NOPE");
        QTest::newRow("device alone") << words("device") << 2 << QStringLiteral("device needs list or revoke");
        QTest::newRow("device revoke without --device") << words("device revoke") << 2 << QStringLiteral("device revoke needs --device");
        QTest::newRow("device revoke, unknown device") << words("device revoke --device testdevice-aaaaaa") << 1
                                                       << QStringLiteral("No device testdevice-aaaaaa");
        QTest::newRow("device list, an option it does not take") << words("device list --station FH-XW-012") << 2
                                                                 << QStringLiteral("device list does not take --station");
        QTest::newRow("staff add, unknown role") << words("staff add --station FH-XW-012 --name 张秀英 --role boss") << 2
                                                 << QStringLiteral("Role: not one of the allowed values (director, volunteer)");
        QTest::newRow("staff add without --role") << words("staff add --station FH-XW-012 --name 张秀英") << 2
                                                  << QStringLiteral("staff add needs --role");
        QTest::newRow("staff add, unknown station") << words("staff add --station NOPE --name 张秀英 --role director") << 1
                                                    << QStringLiteral("No station NOPE");
        QTest::newRow("staff recovery-code, unknown station") << words("staff recovery-code --station NOPE") << 1
                                                              << QStringLiteral("No station NOPE");
        QTest::newRow("facility add, unknown type") << words("facility add --code FH-H78 --name 卫生院 --town 镇 --type clinic") << 2
                                                    << QStringLiteral("Facility type: not one of the allowed values");
        QTest::newRow("facility add, code in use") << words("facility add --code FH-H77 --name 另一医院 --town 镇 --type hospital") << 1
                                                   << QStringLiteral("Facility FH-H77 exists already");
        QTest::newRow("facility add, code with a slash") << words("facility add --code FH/H78 --name 卫生院 --town 镇 --type hospital")
                                                         << 2 << QStringLiteral("Facility code: must be letters, digits");
        QTest::newRow("training-offer add without --location") << offer(QStringLiteral("--location")) << 2
                                                               << QStringLiteral("training-offer add needs --location");
        QTest::newRow("training-offer add, unknown category") << offer(QStringLiteral("--category"), QStringLiteral("cooking")) << 2
                                                              << QStringLiteral("Category: not one of the allowed values");
        QTest::newRow("training-offer add, a time without its zone")
            << offer(QStringLiteral("--starts-at"), QStringLiteral("2027-01-10 09:00")) << 2 << QStringLiteral("ISO times with a zone");
        QTest::newRow("training-offer add, ends before it starts")
            << offer(QStringLiteral("--ends-at"), QStringLiteral("2027-01-10T08:00:00+08:00")) << 2
            << QStringLiteral("End time: must be after the start time");
        QTest::newRow("training-offer add, capacity not a number") << offer(QStringLiteral("--capacity"), QStringLiteral("4x")) << 2
                                                                   << QStringLiteral("--capacity must be a whole number from 0 to 10000, got \"4x\"");
        QTest::newRow("training-offer add, negative capacity") << offer(QStringLiteral("--capacity"), QStringLiteral("-3")) << 2
                                                               << QStringLiteral("got \"-3\"");
        QTest::newRow("import-stations without a file") << words("import-stations") << 2
                                                        << QStringLiteral("import-stations needs one CSV file");
        QTest::newRow("import-stations, no such file") << (words("import-stations") << m_tmp.filePath(QStringLiteral("none.csv"))) << 1
                                                       << QStringLiteral("Cannot read");
        QTest::newRow("import-stations, a folder") << (words("import-stations") << m_tmp.path()) << 1 << QStringLiteral("Cannot read");
        QTest::newRow("import-stations, not the stations' header") << (words("import-stations") << file) << 1
                                                                   << QStringLiteral("The header must have");
        QTest::newRow("stats, extra word") << words("stats --json extra") << 2 << QStringLiteral("unexpected argument extra");
        QTest::newRow("audit without verify") << words("audit check") << 2 << QStringLiteral("audit needs verify");
        QTest::newRow("serve without --listen") << words("serve") << 2 << QStringLiteral("serve needs --listen");
        QTest::newRow("serve, --listen not HOST:PORT") << words("serve --listen localhost") << 2
                                                       << QStringLiteral("--listen must be HOST:PORT");
        QTest::newRow("serve, port out of range") << words("serve --listen 127.0.0.1:99999") << 2
                                                  << QStringLiteral("--listen must be HOST:PORT");
        QTest::newRow("serve, plain HTTP on every address") << words("serve --listen 0.0.0.0:0") << 2
                                                            << QStringLiteral("or --insecure-http explicitly");
        QTest::newRow("serve, a certificate without its key") << (words("serve --listen 127.0.0.1:0 --tls-cert") << file) << 2
                                                              << QStringLiteral("--tls-cert and --tls-key go together");
        // An unset shell variable: "--tls-cert $CERT --tls-key $KEY" must not start without TLS.
        QTest::newRow("serve, empty --tls-cert and --tls-key")
            << (words("serve --listen 127.0.0.1:0 --tls-cert") << QString() << QStringLiteral("--tls-key") << QString()) << 2
            << QStringLiteral("option --tls-cert is empty");
        QTest::newRow("serve, a limit not a number") << words("serve --listen 127.0.0.1:0 --device-rate abc") << 2
                                                     << QStringLiteral("--device-rate must be a whole number from 1 to 100000, got \"abc\"");
        QTest::newRow("serve, no such key file")
            << (words("serve --listen 127.0.0.1:0 --key-file") << m_tmp.filePath(QStringLiteral("no.key"))) << 1
            << QStringLiteral("does not exist");
        // The last --data wins: District::run gives its own first.
        QTest::newRow("empty --data") << (QStringList{QStringLiteral("--data"), QString()} + words("station list")) << 2
                                      << QStringLiteral("option --data is empty");
        QTest::newRow("empty --key-file") << (words("station list --key-file") << QString()) << 2
                                          << QStringLiteral("option --key-file is empty");
        QTest::newRow("--data a file") << (QStringList{QStringLiteral("--data"), file} + words("station list")) << 1
                                       << QStringLiteral("is a file, not a folder");
    }

    void refusedWithTheReason()
    {
        QFETCH(QStringList, args);
        QFETCH(int, rc);
        QFETCH(QString, reason);
        const QByteArray before = m_d.fingerprint();
        const Admin a = m_d.run(args);
        QVERIFY2(a.rc == rc, qPrintable(QStringLiteral("exit %1, stderr: %2").arg(a.rc).arg(a.err)));
        QVERIFY2(a.out.isEmpty(), qPrintable(a.out));
        const QString line = firstLine(a.err);
        const qsizetype slash = line.indexOf(QStringLiteral(" / "));
        QVERIFY2(slash > 0, qPrintable(line)); // Chinese, then English
        QVERIFY2(line.indexOf(reason, slash) > slash, qPrintable(line));
        QCOMPARE(m_d.fingerprint(), before);
        // Nothing the administrator set up was lost or changed by the refusal.
        const QJsonArray stations =
            QJsonDocument::fromJson(m_d.run({QStringLiteral("station"), QStringLiteral("list"), QStringLiteral("--json")}).out.toUtf8()).array();
        QCOMPARE(stations.size(), 1);
        QCOMPARE(stations[0][QStringLiteral("code")].toString(), kStation);
    }

    void helpNamesEveryCommand()
    {
        const Admin help = m_d.run({QStringLiteral("--help")});
        QCOMPARE(help.rc, 0);
        for (const char *command : {"serve", "station add", "station list", "import-stations", "enrollment-code", "device list",
                                    "device revoke", "staff add", "staff recovery-code", "facility add", "training-offer add",
                                    "stats", "audit verify"})
            QVERIFY2(help.out.contains(QLatin1String(command)), command);
    }

    void listsForPeopleHaveAHeading()
    {
        const QStringList stations = m_d.run({QStringLiteral("station"), QStringLiteral("list")}).out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(stations.size(), 2);
        QVERIFY2(stations[0].contains(QStringLiteral("站点编码 code\t")) && stations[0].contains(QStringLiteral("last sync")),
                 qPrintable(stations[0]));
        QVERIFY(stations[1].startsWith(kStation + u'\t'));
        QCOMPARE(m_d.run({QStringLiteral("device"), QStringLiteral("list")}).out, QStringLiteral("还没有设备 / no devices yet\n"));
        District empty;
        QCOMPARE(empty.run({QStringLiteral("station"), QStringLiteral("list")}).out, QStringLiteral("还没有站点 / no stations yet\n"));
    }

    void importStations()
    {
        District d;
        QTemporaryFile csv;
        QVERIFY(csv.open());
        csv.write("\xEF\xBB\xBF站点编码,站点名称,街道(镇),村(社区)\r\nFH-A-1,甲站,甲街道,一村、二村\r\nFH-A-2,乙站,乙街道,三村;四村\r\n,缺编码,丙街道,\r\n"
                  "FH-A-1,甲站改名,甲街道,一村\r\n");
        csv.close();
        const Admin first = d.run(QStringList{QStringLiteral("import-stations"), csv.fileName()});
        QCOMPARE(first.rc, 1); // two rows rejected
        QVERIFY(first.err.contains(QStringLiteral("line 4")));
        // The same code twice in one file: the second row is refused, not taken as an update of the first.
        QVERIFY2(first.err.contains(QStringLiteral("line 5: ")) && first.err.contains(QStringLiteral("station code FH-A-1 is on line 2 already")),
                 qPrintable(first.err));
        QVERIFY(first.out.contains(QStringLiteral("2 rows rejected")));
        const Admin list = d.run({QStringLiteral("station"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonArray stations = QJsonDocument::fromJson(list.out.toUtf8()).array();
        QCOMPARE(stations.size(), 2);
        QCOMPARE(stations[0][QStringLiteral("name")].toString(), QStringLiteral("甲站"));
        QCOMPARE(stations[1][QStringLiteral("villages")].toArray().size(), 2);
        // Re-import changes nothing.
        const QByteArray before = d.fingerprint();
        QCOMPARE(d.run(QStringList{QStringLiteral("import-stations"), csv.fileName()}).rc, 1);
        QCOMPARE(d.fingerprint(), before);

        // Excel's "Unicode Text" (UTF-16): refused, the reason in Chinese and in English on one line.
        QTemporaryFile utf16;
        QVERIFY(utf16.open());
        utf16.write(QByteArray("\xFF\xFE", 2)
                    + QStringEncoder(QStringEncoder::Utf16LE).encode(QStringLiteral("站点编码,站点名称,街道(镇),村(社区)\r\nFH-A-3,丙站,丙街道,五村\r\n")));
        utf16.close();
        const Admin wide = d.run(QStringList{QStringLiteral("import-stations"), utf16.fileName()});
        QCOMPARE(wide.rc, 1);
        QCOMPARE(firstLine(wide.err), QStringLiteral("文件是 UTF-16 编码（Excel 的“Unicode 文本”），请在 Excel 中另存为“CSV UTF-8（逗号分隔）” / "
                                                    "The file is UTF-16 encoded (Excel's \"Unicode Text\"); in Excel, save it as "
                                                    "\"CSV UTF-8 (Comma delimited)\""));
        QCOMPARE(d.fingerprint(), before);

        // An empty file: just that, in both languages.
        QTemporaryFile empty;
        QVERIFY(empty.open());
        empty.close();
        const Admin none = d.run(QStringList{QStringLiteral("import-stations"), empty.fileName()});
        QCOMPARE(none.rc, 1);
        QCOMPARE(none.err, QStringLiteral("文件是空的 / The file is empty\n"));
        QCOMPARE(d.fingerprint(), before);
    }

    /// A database this user may not read and write (an admin command run as the wrong user) is not damage:
    /// it is left where it is, untouched, and the command says whose it is. Root may read anything, so as
    /// root the command runs as `nobody` (setpriv, util-linux).
    void aDatabaseThisUserMayNotOpenIsLeftAlone()
    {
        District d;
        QVERIFY(d.addStation(kStation));
        const QString path = d.dataDir() + QStringLiteral("/district.db");
        QFile db(path);
        QVERIFY(db.open(QIODevice::ReadOnly));
        const QByteArray before = db.readAll();
        db.close();
        QStringList command{QStringLiteral(LANXIN_DISTRICT), QStringLiteral("--data"), d.dataDir(), QStringLiteral("station"),
                            QStringLiteral("list")};
        if (::geteuid() == 0) {
            // nobody may enter the folders and read the key, but not the database (root's, 0600).
            for (QString dir = d.dataDir(); dir.startsWith(QDir::tempPath() + u'/'); dir = QFileInfo(dir).path())
                QVERIFY(QFile::setPermissions(dir, QFileDevice::Permissions(0x7777)));
            QVERIFY(QFile::setPermissions(d.dataDir() + QStringLiteral("/keys"), QFileDevice::ReadOwner | QFileDevice::ReadOther));
            command = QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups")}
                + command;
            command.prepend(QStringLiteral("setpriv"));
        }
        QVERIFY(QFile::setPermissions(path, ::geteuid() == 0 ? QFileDevice::ReadOwner | QFileDevice::WriteOwner : QFileDevice::Permissions()));
        const Admin refused = runProgram(command.first(), command.mid(1));
        const QString &err = refused.err;
        QCOMPARE(refused.rc, 1);
        QVERIFY2(firstLine(err).contains(QStringLiteral(" / No permission to read and write the database %1").arg(path)), qPrintable(err));
        QCOMPARE(QDir(d.dataDir()).entryList({QStringLiteral("district.db.corrupt-*")}, QDir::Files), QStringList());
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(db.open(QIODevice::ReadOnly));
        QCOMPARE(db.readAll(), before);
        db.close();

        // Its folder read-only for this user (as nobody: a folder of its owner's own mode the district sets
        // back to 0700 itself): said so, not "attempt to write a readonly database".
        if (::geteuid() != 0)
            return;
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions(0x6666)));
        QVERIFY(QFile::setPermissions(d.dataDir(), QFileDevice::Permissions(0x7755)));
        const Admin again = runProgram(command.first(), command.mid(1));
        const QString &folderErr = again.err;
        QCOMPARE(again.rc, 1);
        QVERIFY2(firstLine(folderErr).contains(QStringLiteral(" / No permission to write in the folder %1").arg(d.dataDir())),
                 qPrintable(folderErr));
        QVERIFY(QFile::setPermissions(d.dataDir(), QFileDevice::Permissions(0x7700)));
        QCOMPARE(QDir(d.dataDir()).entryList({QStringLiteral("district.db.corrupt-*")}, QDir::Files), QStringList());
    }

    /// SECURITY.md 3 at the district: the damaged file is kept byte for byte beside the new one, the
    /// command that found it says so and stops (exit 1), so that no one serves stations from an empty
    /// database unawares; the next command runs on the new file, whose audit chain starts with the move.
    void damagedDatabaseIsKeptAndReported_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("an admin command") << words("station list");
        QTest::newRow("serve") << words("serve --listen 127.0.0.1:0");
    }

    void damagedDatabaseIsKeptAndReported()
    {
        QFETCH(QStringList, command);
        District d;
        QVERIFY(d.addStation(kStation));
        const QString path = d.dataDir() + QStringLiteral("/district.db");
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        QByteArray garbage(64 * 1024, '\0');
        for (qsizetype i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 7919) % 251);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(garbage);
        }

        const Admin found = d.run(command);
        QCOMPARE(found.rc, 1);
        QVERIFY2(found.out.isEmpty() || command.first() == QLatin1String("serve"), qPrintable(found.out));
        // An admin command's reason is the first line; serve logs (timestamped lines) before it.
        QString line = firstLine(found.err);
        if (command.first() == QLatin1String("serve")) {
            const QStringList lines = found.err.split(u'\n', Qt::SkipEmptyParts);
            const auto notLog = std::find_if(lines.cbegin(), lines.cend(), [](const QString &l) {
                return !QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\S+ lanxin\\.")).match(l).hasMatch();
            });
            QVERIFY(notLog != lines.cend());
            line = *notLog;
        }
        QVERIFY2(line.contains(QStringLiteral("数据库 district.db 已损坏"))
                     && line.contains(QStringLiteral("The database district.db was damaged: it was moved, unchanged, to")),
                 qPrintable(found.err));
        const QStringList aside = QDir(d.dataDir()).entryList({QStringLiteral("district.db.corrupt-*")}, QDir::Files);
        QCOMPARE(aside.size(), 1);
        QVERIFY(line.contains(aside.first()));
        QFile kept(QDir(d.dataDir()).filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage);

        const Admin next = d.run({QStringLiteral("station"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(next.rc, 0);
        QCOMPARE(QJsonDocument::fromJson(next.out.toUtf8()).array().size(), 0);
        const Admin audit = d.run({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(audit.rc, 0);
        QVERIFY2(audit.out.contains(QStringLiteral("the audit chain holds: 1 entry")), qPrintable(audit.out));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("audit-read"));
        {
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT action, detail FROM audit")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("database moved aside"));
            QCOMPARE(q.value(1).toString(), QStringLiteral("file=") + aside.first());
            db.close();
        }
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("audit-read"));
    }
};

QTEST_GUILESS_MAIN(TestDistrictCli)
#include "tst_districtcli.moc"
