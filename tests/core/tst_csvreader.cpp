#include "core/csvreader.h"
#include "core/result.h"

#include <QFile>
#include <QStringEncoder>
#include <QTest>

#include <algorithm>

using namespace lanxin;

namespace {

QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(LANXIN_TEST_DATA "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", name);
    return f.readAll();
}

QList<int> lines(const CsvDocument &doc)
{
    QList<int> out;
    for (const auto &r : doc.rows)
        out << r.line;
    return out;
}

/// The error is one line: a Chinese reason, " / ", the same reason in English (plain ASCII here).
bool isBilingual(const CsvDocument &doc)
{
    const bool chinese = std::any_of(doc.errorZh.cbegin(), doc.errorZh.cend(), [](QChar c) { return c.unicode() >= 0x4E00; });
    const bool ascii = std::all_of(doc.errorEn.cbegin(), doc.errorEn.cend(), [](QChar c) { return c.unicode() < 0x80; });
    return chinese && ascii && !doc.errorEn.isEmpty() && doc.error == bilingual(doc.errorZh, doc.errorEn)
        && !doc.error.contains(u'\n');
}

} // namespace

class TestCsvReader : public QObject
{
    Q_OBJECT
private slots:
    void sameRowsInEveryEncoding()
    {
        const CsvDocument utf8 = readCsv(fixture("roster_utf8.csv"));
        const CsvDocument bom = readCsv(fixture("roster_utf8_bom.csv"));
        const CsvDocument gb = readCsv(fixture("roster_gb18030.csv"));
        QCOMPARE(utf8.encoding, QStringLiteral("UTF-8"));
        QCOMPARE(bom.encoding, QStringLiteral("UTF-8 BOM"));
        QCOMPARE(gb.encoding, QStringLiteral("GB18030"));
        for (const auto *doc : {&utf8, &bom, &gb})
            QVERIFY2(doc->error.isEmpty(), qPrintable(doc->error));

        // Blank and all-empty lines are left out; a row starts where its first cell does.
        QCOMPARE(lines(utf8), (QList<int>{1, 2, 3, 4, 6, 8, 10}));
        QCOMPARE(utf8.rows[0].cells,
                 (QStringList{QStringLiteral("姓名"), QStringLiteral("性别"), QStringLiteral("出生日期"),
                              QStringLiteral("身份证号"), QStringLiteral("手机号"), QStringLiteral("村(社区)"),
                              QStringLiteral("地址"), QStringLiteral("标签")}));
        QCOMPARE(utf8.rows[1].cells[7], QStringLiteral("留守、独居老年"));
        QCOMPARE(utf8.rows[2].cells[6], QStringLiteral("西坞村5组8号,东侧"));
        QCOMPARE(utf8.rows[3].cells[6], QStringLiteral("金溪村2组\n靠近文化礼堂"));
        QCOMPARE(utf8.rows[5].cells[6], QStringLiteral("他说\"你好\""));
        QCOMPARE(utf8.rows[5].cells.size(), 8); // the empty last cell is kept

        for (qsizetype i = 0; i < utf8.rows.size(); ++i) {
            QCOMPARE(bom.rows[i].line, utf8.rows[i].line);
            QCOMPARE(bom.rows[i].cells, utf8.rows[i].cells);
            QCOMPARE(gb.rows[i].line, utf8.rows[i].line);
            QCOMPARE(gb.rows[i].cells, utf8.rows[i].cells);
        }
        QCOMPARE(bom.rows.size(), utf8.rows.size());
        QCOMPARE(gb.rows.size(), utf8.rows.size());
    }

    void quotedFields()
    {
        const CsvDocument doc = readCsv(QByteArrayLiteral(
            "a,b,c\n"
            "\"1,2\",\"say \"\"hi\"\"\",\"\"\n"
            "\"x\"\"\",\"\"\"y\",  \"padded\"  \n"
            // Malformed, read leniently: after a closing quote, and inside an unquoted field, a quote is literal.
            "\"not \"quoted\" twice\",mid\"quote,end\n"));
        QVERIFY(doc.error.isEmpty());
        QCOMPARE(doc.rows.size(), 4);
        QCOMPARE(doc.rows[1].cells, (QStringList{QStringLiteral("1,2"), QStringLiteral("say \"hi\""), QString()}));
        QCOMPARE(doc.rows[2].cells, (QStringList{QStringLiteral("x\""), QStringLiteral("\"y"), QStringLiteral("padded")}));
        QCOMPARE(doc.rows[3].cells,
                 (QStringList{QStringLiteral("not quoted\" twice\""), QStringLiteral("mid\"quote"), QStringLiteral("end")}));
    }

    void lineNumbersAfterMultiLineFields()
    {
        const CsvDocument doc = readCsv(QByteArrayLiteral(
            "name,note\r\n"
            "one,\"first\r\nsecond\r\nthird\"\r\n"
            "two,plain\r\n"
            "\r\n"
            "three,\"a\nb\"\n"
            "four,x"));
        QVERIFY(doc.error.isEmpty());
        QCOMPARE(lines(doc), (QList<int>{1, 2, 5, 7, 9}));
        QCOMPARE(doc.rows[1].cells[1], QStringLiteral("first\nsecond\nthird"));
        QCOMPARE(doc.rows[3].cells[1], QStringLiteral("a\nb"));
        QCOMPARE(doc.rows[4].cells, (QStringList{QStringLiteral("four"), QStringLiteral("x")})); // no final newline
    }

    void lfAndCrlfGiveTheSameRows()
    {
        const QByteArray lf("姓名,村\n王丽,\"白杜村\n3组\"\n\n李芳,西坞村\n");
        QByteArray crlf = lf;
        crlf.replace("\n", "\r\n");
        const CsvDocument a = readCsv(lf);
        const CsvDocument b = readCsv(crlf);
        QCOMPARE(a.rows.size(), 3);
        QCOMPARE(b.rows.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(a.rows[i].line, b.rows[i].line);
            QCOMPARE(a.rows[i].cells, b.rows[i].cells);
        }
        QCOMPARE(lines(a), (QList<int>{1, 2, 5}));
    }

    void cellsAreTrimmedAndEmptyRowsSkipped()
    {
        const CsvDocument doc = readCsv(QStringLiteral("  姓名 ,\t村\u3000\n\n , ,\n\u3000王丽\u3000, 白杜村 \n\n\n").toUtf8());
        QCOMPARE(doc.rows.size(), 2);
        QCOMPARE(doc.rows[0].cells, (QStringList{QStringLiteral("姓名"), QStringLiteral("村")}));
        QCOMPARE(doc.rows[1].cells, (QStringList{QStringLiteral("王丽"), QStringLiteral("白杜村")}));
        QCOMPARE(doc.rows[1].line, 4);
    }

    void otherSeparators_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("header");
        QTest::addColumn<QStringList>("row");
        QTest::newRow("tab") << QByteArray("姓名\t地址\n王丽\t白杜村3组,12号\n")
                             << QStringList{QStringLiteral("姓名"), QStringLiteral("地址")}
                             << QStringList{QStringLiteral("王丽"), QStringLiteral("白杜村3组,12号")};
        QTest::newRow("semicolon") << QByteArray("姓名;地址\n王丽;\"a;b\"\n")
                                   << QStringList{QStringLiteral("姓名"), QStringLiteral("地址")}
                                   << QStringList{QStringLiteral("王丽"), QStringLiteral("a;b")};
        QTest::newRow("comma wins") << QByteArray("姓名,地址;标签\n王丽,a;b\n")
                                    << QStringList{QStringLiteral("姓名"), QStringLiteral("地址;标签")}
                                    << QStringList{QStringLiteral("王丽"), QStringLiteral("a;b")};
        QTest::newRow("quoted comma is not a separator")
            << QByteArray("\"姓,名\"\t地址\n王丽\t白杜村\n")
            << QStringList{QStringLiteral("姓,名"), QStringLiteral("地址")}
            << QStringList{QStringLiteral("王丽"), QStringLiteral("白杜村")};
        QTest::newRow("leading blank line") << QByteArray("\n\n姓名;地址\n王丽;白杜村\n")
                                            << QStringList{QStringLiteral("姓名"), QStringLiteral("地址")}
                                            << QStringList{QStringLiteral("王丽"), QStringLiteral("白杜村")};
    }
    void otherSeparators()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, header);
        QFETCH(QStringList, row);
        const CsvDocument doc = readCsv(bytes);
        QVERIFY(doc.error.isEmpty());
        QCOMPARE(doc.rows.size(), 2);
        QCOMPARE(doc.rows[0].cells, header);
        QCOMPARE(doc.rows[1].cells, row);
    }

    void unterminatedQuote()
    {
        const CsvDocument doc = readCsv(QByteArrayLiteral("a,b\n1,2\n\"3\n4,5\n6,7\n"));
        QCOMPARE(doc.errorLine, 3);
        QCOMPARE(doc.errorZh, QStringLiteral("第 3 行开始的引号没有闭合"));
        QCOMPARE(doc.errorEn, QStringLiteral("The quote opened on line 3 is not closed"));
        QCOMPARE(doc.error, bilingual(doc.errorZh, doc.errorEn));
        QCOMPARE(doc.rows.size(), 2); // the rows before it
    }

    void undecodableBytes()
    {
        const CsvDocument garbage = readCsv(QByteArray("\xff\xfd,\xfe\n", 5));
        QVERIFY(!garbage.error.isEmpty());
        QVERIFY(garbage.rows.isEmpty());
        QVERIFY2(isBilingual(garbage), qPrintable(garbage.error));

        const CsvDocument utf16 = readCsv(QByteArray("\xff\xfe" "a\0,\0b\0", 8));
        QVERIFY(utf16.error.contains(QStringLiteral("UTF-16")));
        QVERIFY(utf16.rows.isEmpty());
        QVERIFY2(isBilingual(utf16), qPrintable(utf16.error));

        const CsvDocument badBom = readCsv(QByteArray("\xef\xbb\xbf\xd5\xc5,1\n"));
        QCOMPARE(badBom.encoding, QStringLiteral("UTF-8 BOM"));
        QVERIFY(!badBom.error.isEmpty());
        QVERIFY2(isBilingual(badBom), qPrintable(badBom.error));
        QVERIFY(badBom.errorZh.contains(QStringLiteral("UTF-8 标记")));
        QVERIFY(badBom.errorEn.contains(QStringLiteral("UTF-8 mark")));
    }

    void utf16IsExplainedInChineseAndEnglish()
    {
        // Excel's "Unicode Text" (UTF-16 LE with a BOM), and the big-endian form.
        const QByteArray le = QByteArray("\xff\xfe", 2)
            + QStringEncoder(QStringEncoder::Utf16LE).encode(QStringLiteral("姓名\r\n王丽\r\n"));
        const QByteArray be = QByteArray("\xfe\xff", 2)
            + QStringEncoder(QStringEncoder::Utf16BE).encode(QStringLiteral("姓名\n"));
        for (const QByteArray &bytes : {le, be}) {
            const CsvDocument doc = readCsv(bytes);
            QCOMPARE(doc.encoding, QStringLiteral("UTF-16"));
            QVERIFY(doc.rows.isEmpty());
            QCOMPARE(doc.errorZh,
                     QStringLiteral("文件是 UTF-16 编码（Excel 的“Unicode 文本”），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"));
            QCOMPARE(doc.errorEn, QStringLiteral("The file is UTF-16 encoded (Excel's \"Unicode Text\"); in Excel, save it as "
                                                 "\"CSV UTF-8 (Comma delimited)\""));
            QCOMPARE(doc.error, doc.errorZh + QStringLiteral(" / ") + doc.errorEn);
            QVERIFY(!doc.error.contains(u'\n'));
        }
    }

    void emptyInput()
    {
        for (const QByteArray &bytes : {QByteArray(), QByteArray("\n\r\n"), QByteArray("\xef\xbb\xbf")}) {
            const CsvDocument doc = readCsv(bytes);
            QVERIFY(doc.error.isEmpty());
            QVERIFY(doc.rows.isEmpty());
        }
    }

    void gb18030FourByteCharacters()
    {
        // 𠮷 (U+20BB7) and € need GB18030's four-byte and extended forms, which GBK lacks.
        const QString text = QStringLiteral("姓名,备注\n\U00020BB7丽,€5\n");
        QStringEncoder gb("GB18030");
        QVERIFY(gb.isValid());
        const QByteArray bytes = gb.encode(text);
        const CsvDocument doc = readCsv(bytes);
        QCOMPARE(doc.encoding, QStringLiteral("GB18030"));
        QCOMPARE(doc.rows.size(), 2);
        QCOMPARE(doc.rows[1].cells, (QStringList{QStringLiteral("\U00020BB7丽"), QStringLiteral("€5")}));
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
