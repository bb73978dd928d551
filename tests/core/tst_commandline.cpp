#include "core/commandline.h"

#include <QTest>

using namespace lanxin;

// The CLI.md parser both programs (and the sync benches) read their words with.
class TestCommandLine : public QObject
{
    Q_OBJECT
private slots:
    void optionsBeforeAndAfterTheCommand()
    {
        const CommandLine cl = parseCommandLine({QStringLiteral("--data-dir"), QStringLiteral("/d"), QStringLiteral("sync"),
                                                 QStringLiteral("--timeout=30"), QStringLiteral("--json"),
                                                 QStringLiteral("extra")},
                                                {QStringLiteral("json")});
        QVERIFY(cl.error.isEmpty());
        QCOMPARE(cl.command, QStringLiteral("sync"));
        QCOMPARE(cl.positional, QStringList{QStringLiteral("extra")});
        QCOMPARE(cl.value(QStringLiteral("data-dir")), QStringLiteral("/d"));
        QCOMPARE(cl.value(QStringLiteral("timeout")), QStringLiteral("30"));
        QCOMPARE(cl.value(QStringLiteral("json")), QStringLiteral("1")); // a flag takes no value
        QVERIFY(!cl.has(QStringLiteral("missing")));
        QCOMPARE(cl.value(QStringLiteral("missing"), QStringLiteral("fallback")), QStringLiteral("fallback"));
        QVERIFY(parseCommandLine({QStringLiteral("-h")}, {}).has(QStringLiteral("help")));
        // `--name=` is an empty value, not a missing one.
        const CommandLine empty = parseCommandLine({QStringLiteral("--code=")}, {});
        QVERIFY(empty.error.isEmpty());
        QVERIFY(empty.has(QStringLiteral("code")));
        QCOMPARE(empty.value(QStringLiteral("code")), QString());
    }

    void anOptionWithoutItsValueIsAnError()
    {
        const CommandLine cl = parseCommandLine({QStringLiteral("enroll"), QStringLiteral("--server")}, {});
        QVERIFY(cl.error.contains(QStringLiteral("--server")));
        QVERIFY(cl.error.contains(QStringLiteral("needs a value")));
        QVERIFY(cl.error.contains(QStringLiteral("缺少取值")));
    }

    void wholeNumbersInRange()
    {
        CommandLine cl = parseCommandLine({QStringLiteral("--n"), QStringLiteral("7"), QStringLiteral("--big"),
                                           QStringLiteral("99999999999"), QStringLiteral("--word"), QStringLiteral("7x")},
                                          {});
        QCOMPARE(cl.intValue(QStringLiteral("n"), 1, 1, 10), 7);
        QCOMPARE(cl.intValue(QStringLiteral("absent"), 3, 1, 10), 3);
        QVERIFY(cl.error.isEmpty());
        QCOMPARE(cl.intValue(QStringLiteral("n"), 1, 8, 10), 1); // below the range: the fallback, and an error
        QVERIFY(cl.error.contains(QStringLiteral("--n must be a whole number from 8 to 10, got \"7\"")));
        cl.error.clear();
        QCOMPARE(cl.intValue(QStringLiteral("big"), 5, 0, std::numeric_limits<int>::max()), 5);
        QVERIFY(cl.error.contains(QStringLiteral("--big")));
        cl.error.clear();
        QCOMPARE(cl.intValue(QStringLiteral("word"), 5, 0, 10), 5);
        QVERIFY(cl.error.contains(QStringLiteral("\"7x\"")));
    }

    void optionsACommandDoesNotTake()
    {
        const CommandLine cl = parseCommandLine({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--jsno")},
                                                {QStringLiteral("json"), QStringLiteral("jsno")});
        QCOMPARE(cl.unexpectedOption({QStringLiteral("json"), QStringLiteral("jsno")}, cl.command), QString());
        const QString error = cl.unexpectedOption({QStringLiteral("json")}, cl.command);
        QVERIFY2(error.contains(QStringLiteral("status does not take --jsno")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("status 不认识选项 --jsno")));
        QVERIFY(parseCommandLine({}, {}).unexpectedOption({}, QStringLiteral("x")).isEmpty());
    }

    void emptyValuesOfNamedOptions()
    {
        const CommandLine cl = parseCommandLine({QStringLiteral("--data"), QStringLiteral(" "), QStringLiteral("list"),
                                                 QStringLiteral("--name="), QStringLiteral("--ca"), QStringLiteral("x.pem")},
                                                {});
        // Only the options named: an empty --name may mean something to its command.
        QCOMPARE(cl.emptyValue({QStringLiteral("ca"), QStringLiteral("key-file")}), QString());
        const QString error = cl.emptyValue({QStringLiteral("ca"), QStringLiteral("data")});
        QVERIFY2(error.contains(QStringLiteral("option --data is empty")) && error.contains(QStringLiteral("选项 --data 的取值是空的")),
                 qPrintable(error));
        QVERIFY(cl.emptyValue({QStringLiteral("name")}).contains(QStringLiteral("--name")));
        // A value missing at the end is the parser's error already, not said twice.
        const CommandLine last = parseCommandLine({QStringLiteral("list"), QStringLiteral("--data")}, {});
        QVERIFY(!last.error.isEmpty());
        QCOMPARE(last.emptyValue({QStringLiteral("data")}), QString());
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
