#include "core/result.h"
#include "core/roster.h"
#include "core/schema.h"

#include <QFile>
#include <QTest>

using namespace lanxin;

namespace {

QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(LANXIN_TEST_DATA "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", name);
    return f.readAll();
}

const QString kHeader = QStringLiteral("姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签\n");

/// Parses a roster of the standard header and the given data lines; expects no file error.
QList<RosterRow> parse(const QString &dataLines)
{
    QString fileError;
    const auto rows = parseRoster(readCsv((kHeader + dataLines).toUtf8()), &fileError);
    if (!fileError.isEmpty())
        qWarning("file error: %s", qPrintable(fileError));
    return rows;
}

QString s(const char16_t *text)
{
    return QString::fromUtf16(text);
}

/// An error's Chinese and English halves: one line, "中文 / English", with a single " / ".
/// Both empty when the error is not of that form, so checks of either half then fail.
struct Halves
{
    QString zh;
    QString en;
};

Halves halves(const QString &error)
{
    const QStringList parts = error.split(QStringLiteral(" / "));
    if (parts.size() != 2 || error.contains(u'\n'))
        return {};
    return {parts[0], parts[1]};
}

/// The English half of the phone reasons phones_data() names by a part of their Chinese half.
QString phoneEnglish(const QString &zh)
{
    return zh == s(u"数字以外") ? QStringLiteral("the phone number contains characters other than digits")
                               : s(u"Excel turned the phone number into scientific notation, so format the 手机号 column as text");
}

} // namespace

class TestRoster : public QObject
{
    Q_OBJECT
private slots:
    void fixtureInEveryEncoding_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("utf-8") << QStringLiteral("roster_utf8.csv");
        QTest::newRow("utf-8 bom") << QStringLiteral("roster_utf8_bom.csv");
        QTest::newRow("gb18030") << QStringLiteral("roster_gb18030.csv");
    }
    void fixtureInEveryEncoding()
    {
        QFETCH(QString, file);
        QString fileError = QStringLiteral("not cleared");
        const auto rows = parseRoster(readCsv(fixture(qPrintable(file))), &fileError);
        QVERIFY(fileError.isEmpty());
        QCOMPARE(rows.size(), 6);
        for (const auto &r : rows)
            QVERIFY2(r.error.isEmpty(), qPrintable(QString::number(r.line) + u' ' + r.error));
        QCOMPARE(rows[0].line, 2);
        QCOMPARE(rows[2].line, 4);
        QCOMPARE(rows[3].line, 6); // after the two-line address
        QCOMPARE(rows[5].line, 10);

        const QVariantMap &zhang = rows[0].values;
        QCOMPARE(zhang.value(QStringLiteral("name")).toString(), s(u"张秀英"));
        QCOMPARE(zhang.value(QStringLiteral("gender")).toString(), QStringLiteral("F"));
        QCOMPARE(zhang.value(QStringLiteral("birth_date")).toDate(), QDate(1962, 7, 8));
        QCOMPARE(zhang.value(QStringLiteral("id_number")).toString(), QStringLiteral("330213196207080463"));
        QCOMPARE(zhang.value(QStringLiteral("phone")).toString(), QStringLiteral("13805741234"));
        QCOMPARE(zhang.value(QStringLiteral("village")).toString(), s(u"白杜村"));
        QCOMPARE(zhang.value(QStringLiteral("address")).toString(), s(u"白杜村3组12号"));
        QCOMPARE(zhang.value(QStringLiteral("tags")).toStringList(),
                 (QStringList{QStringLiteral("left_behind"), QStringLiteral("elderly_alone")}));

        const QVariantMap &wang = rows[1].values;
        QCOMPARE(wang.value(QStringLiteral("phone")).toString(), QStringLiteral("13905745678")); // +86, dashes
        QCOMPARE(wang.value(QStringLiteral("address")).toString(), s(u"西坞村5组8号,东侧"));
        QCOMPARE(wang.value(QStringLiteral("tags")).toStringList(), QStringList{QStringLiteral("hardship")});

        const QVariantMap &li = rows[2].values;
        QCOMPARE(li.value(QStringLiteral("birth_date")).toDate(), QDate(1993, 1, 15));
        QVERIFY(!li.contains(QStringLiteral("phone"))); // empty cells give no key
        QCOMPARE(li.value(QStringLiteral("address")).toString(), s(u"金溪村2组 靠近文化礼堂"));

        // No gender and birth date given: both from the ID number.
        const QVariantMap &chen = rows[3].values;
        QCOMPARE(chen.value(QStringLiteral("birth_date")).toDate(), QDate(1958, 9, 20));
        QCOMPARE(chen.value(QStringLiteral("gender")).toString(), QStringLiteral("F"));
        QCOMPARE(chen.value(QStringLiteral("tags")).toStringList(),
                 (QStringList{QStringLiteral("elderly_alone"), QStringLiteral("disabled")})); // schema order
        QVERIFY(!chen.contains(QStringLiteral("address")));

        const QVariantMap &jiang = rows[4].values;
        QCOMPARE(jiang.value(QStringLiteral("gender")).toString(), QStringLiteral("M"));
        QCOMPARE(jiang.value(QStringLiteral("birth_date")).toDate(), QDate(1978, 11, 3));
        QVERIFY(!jiang.contains(QStringLiteral("tags")));

        const QVariantMap &zhou = rows[5].values;
        QCOMPARE(zhou.value(QStringLiteral("birth_date")).toDate(), QDate(1958, 9, 20));
        QCOMPARE(zhou.value(QStringLiteral("gender")).toString(), QStringLiteral("F"));
        QVERIFY(!zhou.contains(QStringLiteral("id_number")));
    }

    void columnsInAnotherOrder()
    {
        QString fileError;
        const auto rows = parseRoster(readCsv(fixture("roster_reordered.csv")), &fileError);
        QVERIFY(fileError.isEmpty());
        QCOMPARE(rows.size(), 4);

        // 3.30213E+17: Excel turned the ID number into a number.
        QCOMPARE(rows[0].line, 2);
        QCOMPARE(rows[0].error, bilingual(s(u"身份证号被 Excel 转成了科学计数法，请把该列设为文本"),
                                          s(u"Excel turned the ID number into scientific notation, so format the 身份证号 column as text")));
        QCOMPARE(rows[0].values.value(QStringLiteral("name")).toString(), s(u"张秀英"));
        QCOMPARE(rows[0].values.value(QStringLiteral("village")).toString(), s(u"白杜村"));
        QCOMPARE(rows[0].values.value(QStringLiteral("phone")).toString(), QStringLiteral("13805741234"));
        QVERIFY(!rows[0].values.contains(QStringLiteral("备注"))); // unknown columns are ignored

        QVERIFY(rows[1].error.isEmpty());
        QCOMPARE(rows[1].values.value(QStringLiteral("gender")).toString(), QStringLiteral("F"));
        QCOMPARE(rows[1].values.value(QStringLiteral("tags")).toStringList(),
                 (QStringList{QStringLiteral("left_behind"), QStringLiteral("hardship")}));

        QVERIFY(halves(rows[2].error).zh.contains(s(u"“五保户”")));
        QVERIFY(!rows[2].error.contains(s(u"“留守”")));
        QVERIFY(halves(rows[2].error).en.contains(s(u"the tag \"五保户\" is not recognised")));
        QVERIFY(!rows[2].error.contains(s(u"\"留守\"")));

        QCOMPARE(rows[3].line, 5);
        QVERIFY(halves(rows[3].error).zh.contains(s(u"姓名为空")));
        QVERIFY(halves(rows[3].error).en.contains(QStringLiteral("the name is empty")));
    }

    void headerProblems_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("english");
        QTest::newRow("no name column") << s(u"性别,出生日期\n女,1985-03-12\n") << s(u"缺少“姓名”列")
                                        << s(u"Line 1: the header has no \"姓名\" column");
        QTest::newRow("name twice") << s(u"姓名,手机号,姓名\n王丽,,王丽\n") << s(u"“姓名”列出现了两次")
                                    << s(u"Line 1: the header has the \"姓名\" column twice");
        QTest::newRow("village twice") << s(u"姓名,村(社区),村（社区）\n王丽,a,b\n") << s(u"“村(社区)”列出现了两次")
                                       << s(u"the header has the \"村(社区)\" column twice");
        QTest::newRow("empty") << QString() << s(u"文件是空的") << QStringLiteral("The file is empty");
        QTest::newRow("unterminated") << s(u"姓名\n\"王丽\n") << s(u"第 2 行开始的引号没有闭合")
                                      << QStringLiteral("The quote opened on line 2 is not closed");
    }
    void headerProblems()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        QFETCH(QString, english);
        QString fileError;
        const auto rows = parseRoster(readCsv(text.toUtf8()), &fileError);
        QVERIFY(rows.isEmpty());
        QVERIFY2(halves(fileError).zh.contains(reason), qPrintable(fileError));
        QVERIFY2(halves(fileError).en.contains(english), qPrintable(fileError));
    }

    void headerVariants()
    {
        QString fileError;
        const auto rows = parseRoster(
            readCsv(s(u"序号, *姓名 ,村（社区）,身份证号码,手机号码,住址\n1,王丽,白杜村,,13805741234,白杜村1号\n").toUtf8()),
            &fileError);
        QVERIFY(fileError.isEmpty());
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].values.value(QStringLiteral("name")).toString(), s(u"王丽"));
        QCOMPARE(rows[0].values.value(QStringLiteral("village")).toString(), s(u"白杜村"));
        QCOMPARE(rows[0].values.value(QStringLiteral("phone")).toString(), QStringLiteral("13805741234"));
        QCOMPARE(rows[0].values.value(QStringLiteral("address")).toString(), s(u"白杜村1号"));

        // Only a header: no rows, no error.
        const auto none = parseRoster(readCsv(kHeader.toUtf8()), &fileError);
        QVERIFY(none.isEmpty());
        QVERIFY(fileError.isEmpty());
    }

    void dateFormats_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDate>("date");
        const QDate d(1985, 3, 12);
        QTest::newRow("iso") << QStringLiteral("1985-03-12") << d;
        QTest::newRow("iso short") << QStringLiteral("1985-3-12") << d;
        QTest::newRow("slash") << QStringLiteral("1985/3/12") << d;
        QTest::newRow("slash padded") << QStringLiteral("1985/03/12") << d;
        QTest::newRow("dot") << QStringLiteral("1985.3.12") << d;
        QTest::newRow("compact") << QStringLiteral("19850312") << d;
        QTest::newRow("chinese") << s(u"1985年3月12日") << d;
        QTest::newRow("chinese no day mark") << s(u"1985年03月12") << d;
        QTest::newRow("with time") << QStringLiteral("1985/3/12 0:00") << d;
        QTest::newRow("with seconds") << QStringLiteral("1985-03-12 00:00:00") << d;
        QTest::newRow("full-width digits") << s(u"１９８５－０３－１２") << d;
        QTest::newRow("spaces") << QStringLiteral("  1985/3/12 ") << d;
        QTest::newRow("leap day") << QStringLiteral("2000/2/29") << QDate(2000, 2, 29);
        QTest::newRow("no day 30 in feb") << QStringLiteral("1985-02-30") << QDate();
        QTest::newRow("month 13") << QStringLiteral("1985/13/1") << QDate();
        QTest::newRow("mixed separators") << QStringLiteral("1985-3/12") << QDate();
        QTest::newRow("two-digit year") << QStringLiteral("85-3-12") << QDate();
        QTest::newRow("excel serial") << QStringLiteral("31118") << QDate();
        QTest::newRow("too early") << QStringLiteral("1850-01-01") << QDate();
        QTest::newRow("words") << s(u"八五年") << QDate();
        QTest::newRow("empty") << QString() << QDate();
    }
    void dateFormats()
    {
        QFETCH(QString, text);
        QFETCH(QDate, date);
        QCOMPARE(parseRosterDate(text), date);
    }

    void dateErrors()
    {
        const auto rows = parse(s(u"王丽,女,31118,,,,,\n李芳,女,1985-02-30,,,,,\n张红,女,1985/3/12,,,,,\n"));
        QCOMPARE(rows.size(), 3);
        QVERIFY(halves(rows[0].error).zh.contains(s(u"日期序号")));
        QVERIFY(halves(rows[0].error).en.contains(QStringLiteral("Excel date serial number")));
        QVERIFY(halves(rows[1].error).zh.contains(s(u"出生日期无法识别")));
        QVERIFY(halves(rows[1].error).en.contains(QStringLiteral("the birth date cannot be read")));
        QCOMPARE(rows[1].error, bilingual(rosterDateMessages().at(1).zh, rosterDateMessages().at(1).en));
        QVERIFY(!rows[1].values.contains(QStringLiteral("birth_date")));
        QVERIFY(rows[2].error.isEmpty());
    }

    void badBirthDateIsNotReplacedByTheIdNumber()
    {
        const auto rows = parse(s(u"王丽,,1985-13-12,330213198503120246,,,,\n"));
        QVERIFY(!rows[0].error.isEmpty());
        QVERIFY(!rows[0].values.contains(QStringLiteral("birth_date")));
        QCOMPARE(rows[0].values.value(QStringLiteral("gender")).toString(), QStringLiteral("F"));
    }

    void genders_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("gender");
        QTest::newRow("女") << s(u"女") << QStringLiteral("F");
        QTest::newRow("男") << s(u"男") << QStringLiteral("M");
        QTest::newRow("女性") << s(u"女性") << QStringLiteral("F");
        QTest::newRow("F") << QStringLiteral("F") << QStringLiteral("F");
        QTest::newRow("m") << QStringLiteral("m") << QStringLiteral("M");
        QTest::newRow("Female") << QStringLiteral("Female") << QStringLiteral("F");
        QTest::newRow("MALE") << QStringLiteral("MALE") << QStringLiteral("M");
        QTest::newRow("full-width F") << s(u"Ｆ") << QStringLiteral("F");
        QTest::newRow("unknown") << s(u"未知") << QString();
    }
    void genders()
    {
        QFETCH(QString, text);
        QFETCH(QString, gender);
        const auto rows = parse(s(u"王丽,") + text + QStringLiteral(",,,,,,\n"));
        QCOMPARE(rows.size(), 1);
        if (gender.isEmpty()) {
            QVERIFY(halves(rows[0].error).zh.contains(s(u"性别")));
            QVERIFY(halves(rows[0].error).en.contains(s(u"the gender cannot be read (it should be 女 or 男)")));
            QVERIFY(!rows[0].values.contains(QStringLiteral("gender")));
        } else {
            QVERIFY(rows[0].error.isEmpty());
            QCOMPARE(rows[0].values.value(QStringLiteral("gender")).toString(), gender);
        }
    }

    void idNumbers_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("error"); // in the Chinese half; the English half then says "scientific notation"
        QTest::newRow("plain") << QStringLiteral("330213198503120246") << QStringLiteral("330213198503120246") << QString();
        QTest::newRow("lower x") << QStringLiteral("11010519491231002x") << QStringLiteral("11010519491231002X") << QString();
        QTest::newRow("spaces") << QStringLiteral("330213 19850312 0246") << QStringLiteral("330213198503120246") << QString();
        QTest::newRow("apostrophe") << QStringLiteral("'330213198503120246") << QStringLiteral("330213198503120246") << QString();
        QTest::newRow("excel text formula") << QStringLiteral("\"=\"\"330213198503120246\"\"\"")
                                            << QStringLiteral("330213198503120246") << QString();
        QTest::newRow("full-width") << s(u"３３０２１３１９８５０３１２０２４６") << QStringLiteral("330213198503120246") << QString();
        // Not validated here: the importer's validators reject it.
        QTest::newRow("bad check digit") << QStringLiteral("330213198503120247") << QStringLiteral("330213198503120247") << QString();
        QTest::newRow("scientific") << QStringLiteral("1.10105E+17") << QString() << s(u"科学计数法");
        QTest::newRow("scientific lower") << QStringLiteral("3.30213e+17") << QString() << s(u"科学计数法");
        QTest::newRow("scientific no sign") << QStringLiteral("3.3E17") << QString() << s(u"科学计数法");
    }
    void idNumbers()
    {
        QFETCH(QString, cell);
        QFETCH(QString, id);
        QFETCH(QString, error);
        const auto rows = parse(s(u"王丽,女,,") + cell + QStringLiteral(",,,,\n"));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].values.value(QStringLiteral("id_number")).toString(), id);
        if (error.isEmpty()) {
            QVERIFY2(rows[0].error.isEmpty(), qPrintable(rows[0].error));
        } else {
            QVERIFY2(halves(rows[0].error).zh.contains(error), qPrintable(rows[0].error));
            QVERIFY2(halves(rows[0].error).en.contains(QStringLiteral("Excel turned the ID number into scientific notation")),
                     qPrintable(rows[0].error));
        }
    }

    void phones_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("phone");
        QTest::addColumn<QString>("error");
        QTest::newRow("plain") << QStringLiteral("13805741234") << QStringLiteral("13805741234") << QString();
        QTest::newRow("spaces") << QStringLiteral("138 0574 1234") << QStringLiteral("13805741234") << QString();
        QTest::newRow("dashes") << QStringLiteral("138-0574-1234") << QStringLiteral("13805741234") << QString();
        QTest::newRow("+86") << QStringLiteral("+86 138 0574 1234") << QStringLiteral("13805741234") << QString();
        QTest::newRow("+86-") << QStringLiteral("+86-13805741234") << QStringLiteral("13805741234") << QString();
        QTest::newRow("0086") << QStringLiteral("008613805741234") << QStringLiteral("13805741234") << QString();
        QTest::newRow("86") << QStringLiteral("8613805741234") << QStringLiteral("13805741234") << QString();
        QTest::newRow("full-width") << s(u"１３８０５７４１２３４") << QStringLiteral("13805741234") << QString();
        // Only parsed: a landline's digits pass here and fail the validators later.
        QTest::newRow("landline") << QStringLiteral("0574-88881234") << QStringLiteral("057488881234") << QString();
        QTest::newRow("letters") << QStringLiteral("138O5741234") << QString() << s(u"数字以外");
        QTest::newRow("two numbers") << QStringLiteral("13805741234/13905745678") << QString() << s(u"数字以外");
        QTest::newRow("scientific") << QStringLiteral("1.38057E+10") << QString() << s(u"科学计数法");
    }

    void phones()
    {
        QFETCH(QString, cell);
        QFETCH(QString, phone);
        QFETCH(QString, error);
        const auto rows = parse(s(u"王丽,女,,,") + cell + QStringLiteral(",,,\n"));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].values.value(QStringLiteral("phone")).toString(), phone);
        if (error.isEmpty()) {
            QVERIFY2(rows[0].error.isEmpty(), qPrintable(rows[0].error));
        } else {
            QVERIFY2(halves(rows[0].error).zh.contains(error), qPrintable(rows[0].error));
            QVERIFY2(halves(rows[0].error).en == phoneEnglish(error), qPrintable(rows[0].error));
        }
    }

    void errorsNeverContainSensitiveValues()
    {
        const auto rows = parse(s(u"王丽,未知,99999,3.30213E+17,138O5741234,,,\n"));
        QCOMPARE(rows.size(), 1);
        const QString e = rows[0].error;
        QVERIFY(e.contains(s(u"性别")) && e.contains(s(u"出生日期")) && e.contains(s(u"身份证号"))
                && e.contains(s(u"手机号")));
        const Halves h = halves(e);
        QVERIFY2(h.en.contains(QStringLiteral("gender")) && h.en.contains(QStringLiteral("birth date"))
                     && h.en.contains(QStringLiteral("ID number")) && h.en.contains(QStringLiteral("phone number")),
                 qPrintable(e));
        QVERIFY(!e.contains(QStringLiteral("3.30213")));
        QVERIFY(!e.contains(QStringLiteral("0574")));
        QVERIFY(!e.contains(QStringLiteral("99999")));
        QVERIFY(!e.contains(s(u"王丽")));
    }

    void severalProblemsAreOneLineChineseThenEnglish()
    {
        // No name and a birth date that cannot be read: both Chinese reasons, " / ", both English ones.
        const auto rows = parse(s(u",女,1985-13-40,,,,,\n"));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].line, 2);
        QCOMPARE(rows[0].error,
                 s(u"姓名为空；出生日期无法识别（可写作 1985-03-12、1985/3/12、19850312 或 1985年3月12日）"
                   u" / the name is empty; the birth date cannot be read "
                   u"(write it as 1985-03-12, 1985/3/12, 19850312 or 1985年3月12日)"));

        // Four problems: still one " / ", every Chinese reason before it, every English one after it.
        const auto four = parse(s(u"王丽,未知,99999,3.30213E+17,138O5741234,,,\n"));
        const Halves h = halves(four[0].error);
        QCOMPARE(h.zh.split(s(u"；")).size(), 4);
        QCOMPARE(h.en.split(QStringLiteral("; ")).size(), 4);
        for (const char16_t *zh : {u"性别无法识别", u"出生日期是 Excel 的日期序号", u"身份证号被 Excel", u"手机号含有"})
            QVERIFY2(h.zh.contains(s(zh)), qPrintable(four[0].error));
        for (const char *en : {"the gender", "Excel date serial number", "the ID number into", "characters other than digits"})
            QVERIFY2(h.en.contains(QLatin1String(en)), qPrintable(four[0].error));
        // The English half holds no Chinese sentence, only header names and example values.
        QVERIFY2(!h.en.contains(s(u"无法")) && !h.en.contains(s(u"；")), qPrintable(four[0].error));
    }

    void tags_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QStringList>("tags");
        QTest::addColumn<QString>("unknown"); // in the Chinese half
        QTest::addColumn<QString>("english"); // in the English half
        QTest::newRow("each label")
            << s(u"流动、单亲，困难家庭,残疾;独居老年；留守") // written in reverse schema order
            << QStringList{QStringLiteral("left_behind"), QStringLiteral("elderly_alone"), QStringLiteral("disabled"),
                           QStringLiteral("hardship"), QStringLiteral("single_parent"), QStringLiteral("migrant")}
            << QString() << QString();
        QTest::newRow("short forms") << s(u"独居、困难") << QStringList{QStringLiteral("elderly_alone"), QStringLiteral("hardship")}
                                     << QString() << QString();
        QTest::newRow("duplicates") << s(u"留守、留守妇女") << QStringList{QStringLiteral("left_behind")} << QString() << QString();
        QTest::newRow("english") << QStringLiteral("single_parent, Migrant")
                                 << QStringList{QStringLiteral("single_parent"), QStringLiteral("migrant")} << QString() << QString();
        QTest::newRow("trailing separator") << s(u"残疾、") << QStringList{QStringLiteral("disabled")} << QString() << QString();
        QTest::newRow("unknown") << s(u"留守、低保") << QStringList() << s(u"“低保”")
                                 << s(u"the tag \"低保\" is not recognised (available: 留守, 独居老年, 残疾, 困难家庭, 单亲, 流动)");
        QTest::newRow("two unknown") << s(u"低保、五保户") << QStringList() << s(u"标签“低保”、“五保户”无法识别")
                                     << s(u"the tags \"低保\", \"五保户\" are not recognised");
        // A number in the tags column (a shifted column, a quoting accident) is never quoted: it may be
        // an ID or phone number (SECURITY.md 20; found by fuzz_csv).
        QTest::newRow("a number is not quoted") << s(u"留守 330213196207080463") << QStringList() << s(u"标签列的内容无法识别")
                                                << s(u"the content of the 标签 column is not recognised");
        QTest::newRow("quoted, then the rest")
            << s(u"低保、13805741234") << QStringList() << s(u"标签“低保”等无法识别")
            << s(u"the tags \"低保\" and others are not recognised");
    }
    void tags()
    {
        QFETCH(QString, cell);
        QFETCH(QStringList, tags);
        QFETCH(QString, unknown);
        QFETCH(QString, english);
        const auto rows = parse(s(u"王丽,女,,,,,,\"") + cell + QStringLiteral("\"\n"));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].values.value(QStringLiteral("tags")).toStringList(), tags);
        if (unknown.isEmpty()) {
            QVERIFY2(rows[0].error.isEmpty(), qPrintable(rows[0].error));
        } else {
            QVERIFY2(halves(rows[0].error).zh.contains(unknown), qPrintable(rows[0].error));
            QVERIFY2(halves(rows[0].error).en.contains(english), qPrintable(rows[0].error));
        }
        for (const QString &number : {QStringLiteral("330213196207080463"), QStringLiteral("13805741234")})
            QVERIFY2(!rows[0].error.contains(number), qPrintable(rows[0].error));
    }

    void tagLabelsAreSchemaMembers()
    {
        const auto *spec = fieldSpec(Kind::Resident, u"tags");
        QVERIFY(spec);
        QStringList members;
        for (const char *v : spec->values)
            members << QLatin1String(v);
        for (const char16_t *label : {u"留守", u"独居", u"独居老年", u"残疾", u"困难", u"困难家庭", u"单亲", u"流动"}) {
            const auto m = tagFromLabel(QStringView(label));
            QVERIFY(m.has_value());
            QVERIFY(members.contains(*m));
        }
        for (const QString &m : std::as_const(members))
            QCOMPARE(tagFromLabel(m), std::optional<QString>(m));
        QVERIFY(!tagFromLabel(u"低保").has_value());
    }

    void shortRowsAndNames()
    {
        // A row with fewer cells than the header; a name with inner spaces.
        const auto rows = parse(s(u"  王  丽 ,女\n,女,1985-03-12\n"));
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows[0].error.isEmpty());
        QCOMPARE(rows[0].values.value(QStringLiteral("name")).toString(), s(u"王 丽"));
        QCOMPARE(rows[0].values.size(), 2);
        QCOMPARE(rows[1].error, bilingual(s(u"姓名为空"), QStringLiteral("the name is empty")));
        QCOMPARE(rows[1].line, 3);
    }
};

QTEST_GUILESS_MAIN(TestRoster)
#include "tst_roster.moc"
