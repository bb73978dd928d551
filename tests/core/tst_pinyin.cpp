#include "core/pinyin.h"

#include <QElapsedTimer>
#include <QTest>

using namespace lanxin;

class TestPinyin : public QObject
{
    Q_OBJECT
private slots:
    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("full");
        QTest::addColumn<QString>("initials");
        auto row = [](const char *tag, const char16_t *name, const char *full, const char *initials) {
            QTest::newRow(tag) << QString::fromUtf16(name) << QString::fromLatin1(full)
                               << QString::fromLatin1(initials);
        };
        row("zhang xiu ying", u"张秀英", "zhangxiuying", "zxy");
        row("empty", u"", "", "");
        row("lv: u-umlaut is v", u"吕桂兰", "lvguilan", "lgl");
        row("nv", u"李女", "linv", "ln");

        // Polyphonic surnames: the first character takes the surname reading.
        row("shan", u"单丽", "shanli", "sl");
        row("zeng", u"曾红", "zenghong", "zh");
        row("xie", u"解玲", "xieling", "xl");
        row("qiu", u"仇芳", "qiufang", "qf");
        row("ou", u"区桂兰", "ouguilan", "ogl");
        row("piao", u"朴英", "piaoying", "py");
        row("zha", u"查梅", "zhamei", "zm");
        row("ge (gai)", u"盖霞", "gexia", "gx");
        row("yue", u"乐娟", "yuejuan", "yj");
        row("miao", u"缪萍", "miaoping", "mp");
        row("qin", u"覃华", "qinhua", "qh");
        row("zhai", u"翟燕", "zhaiyan", "zy");
        row("shao", u"召红", "shaohong", "sh");
        row("bi", u"秘玲", "biling", "bl");
        row("chong", u"种梅", "chongmei", "cm");
        row("xian (xi)", u"洗秀英", "xianxiuying", "xxy");
        row("xian", u"冼秀英", "xianxiuying", "xxy");
        row("yun", u"员芳", "yunfang", "yf");
        row("fu", u"宓丽", "fuli", "fl");
        row("wei (kui)", u"隗娟", "weijuan", "wj");
        row("nai", u"能霞", "naixia", "nx");
        row("po", u"繁桂兰", "poguilan", "pgl");
        row("kan", u"阚梅", "kanmei", "km");
        row("he (hei)", u"黑红", "hehong", "hh");
        row("pi", u"蕃华", "pihua", "ph");
        row("pian", u"便玲", "pianling", "pl");
        row("du", u"都燕", "duyan", "dy");
        row("bo (bao)", u"薄萍", "boping", "bp");
        // Surnames that differ from the common reading only in tone.
        row("ren", u"任秀英", "renxiuying", "rxy");
        row("hua", u"华芳", "huafang", "hf");
        row("guo", u"过丽", "guoli", "gl");
        row("yan", u"燕娟", "yanjuan", "yj");
        row("ge", u"葛霞", "gexia", "gx");
        row("ji", u"纪桂兰", "jiguilan", "jgl");
        row("na", u"那梅", "namei", "nm");
        row("wei (alone)", u"尉红", "weihong", "wh");
        // Compound surnames.
        row("moqi", u"万俟秀英", "moqixiuying", "mqxy");
        row("yuchi", u"尉迟恭", "yuchigong", "ycg");
        row("zhangsun", u"长孙无忌", "zhangsunwuji", "zswj");
        row("tantai", u"澹台明", "tantaiming", "ttm");
        row("shan yu, not chanyu", u"单于丽", "shanyuli", "syl");
        row("wan (alone)", u"万芳", "wanfang", "wf");
        row("chang in a given name", u"王长林", "wangchanglin", "wcl");

        // Minority names, spaces, punctuation, Latin, digits.
        row("middle dot", u"阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt");
        row("katakana middle dot", u"阿依古丽・买买提", "ayigulimaimaiti", "ayglmmt");
        row("spaces", u" 单  丽 ", "shanli", "sl");
        row("punctuation", u"张，秀英！(女)", "zhangxiuyingnv", "zxyn");
        row("mixed", u"张三Tom 2号", "zhangsantom2hao", "zst2h");
        row("digits kept whole in initials", u"李娟12", "lijuan12", "lj12");
        row("latin name", u"Zhang San", "zhangsan", "zs");
        row("full width", u"ＡＢ张３", "abzhang3", "az3");
        row("letters then han", u"A单", "adan", "ad");
        row("ext B skipped, still the surname", u"\U00020000单丽", "danli", "dl");
        row("lone surrogate skipped", u"\xD800单丽", "shanli", "sl");
        row("only punctuation", u"·，。！？", "", "");
    }
    void names()
    {
        QFETCH(QString, name);
        QFETCH(QString, full);
        QFETCH(QString, initials);
        QCOMPARE(pinyin::full(name), full);
        QCOMPARE(pinyin::initials(name), initials);
        QCOMPARE(pinyin::syllables(name).join(QString()), full);
    }

    void commonReadingWhenNotFirst_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char *tag, const char16_t *text, const QStringList &expected) {
            QTest::newRow(tag) << QString::fromUtf16(text) << expected;
        };
        const auto l = [](std::initializer_list<const char *> s) {
            QStringList out;
            for (const char *x : s)
                out << QString::fromLatin1(x);
            return out;
        };
        row("jiandan", u"简单", l({"jian", "dan"}));
        row("zeng not first", u"不曾", l({"bu", "ceng"}));
        row("lijie", u"理解", l({"li", "jie"}));
        row("baochou", u"报仇", l({"bao", "chou"}));
        row("diqu", u"地区", l({"di", "qu"}));
        row("jianpu", u"简朴", l({"jian", "pu"}));
        row("jiancha", u"检查", l({"jian", "cha"}));
        row("guogai", u"锅盖", l({"guo", "gai"}));
        row("kuaile", u"快乐", l({"kuai", "le"}));
        row("miao not first", u"王缪", l({"wang", "mou"}));
        row("shenmi", u"神秘", l({"shen", "mi"}));
        row("pinzhong", u"品种", l({"pin", "zhong"}));
        row("given name chars", u"张秀英芳丽娟霞桂兰梅红华玲燕萍",
            l({"zhang", "xiu", "ying", "fang", "li", "juan", "xia", "gui", "lan", "mei", "hong", "hua",
               "ling", "yan", "ping"}));
        row("letters", u"ABc12x", l({"abc", "12", "x"}));
    }
    void commonReadingWhenNotFirst()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(pinyin::syllables(text), expected);
    }

    void notAsName()
    {
        const auto joined = [](QStringView text, bool asName) {
            return pinyin::syllables(text, asName).join(u' ');
        };
        QCOMPARE(joined(u"单丽", false), QStringLiteral("dan li"));
        QCOMPARE(joined(u"曾经", false), QStringLiteral("ceng jing"));
        QCOMPARE(joined(u"长孙", false), QStringLiteral("chang sun"));
        QCOMPARE(joined(u"盖子", false), QStringLiteral("gai zi"));
        QCOMPARE(joined(u"曾经", true), QStringLiteral("zeng jing"));
    }

    void containsHan_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("han");
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("latin") << QStringLiteral("zhang san 12") << false;
        QTest::newRow("punctuation") << QString::fromUtf16(u"·，。") << false;
        QTest::newRow("han") << QString::fromUtf16(u"张") << true;
        QTest::newRow("mixed") << QString::fromUtf16(u"abc李") << true;
        QTest::newRow("ext A") << QString::fromUtf16(u"\u3400") << true;
        QTest::newRow("ext B") << QString::fromUtf16(u"\U00020000") << true;
        QTest::newRow("compatibility") << QString::fromUtf16(u"\uF900") << true;
        QTest::newRow("kana") << QString::fromUtf16(u"カタカナ") << false;
    }
    void containsHan()
    {
        QFETCH(QString, text);
        QFETCH(bool, han);
        QCOMPARE(pinyin::containsHan(text), han);
    }

    void compatibilityIdeographUsesItsUnifiedReading()
    {
        // U+F9A8 is a compatibility form of 令 (U+4EE4).
        QCOMPARE(pinyin::full(u"王\uF9A8"), QStringLiteral("wangling"));
    }

    void everyTableSyllableIsLowercaseAscii()
    {
        for (char16_t c = 0x3400; c <= 0x9FFF; ++c) {
            if (c > 0x4DBF && c < 0x4E00)
                continue;
            const QChar ch(c);
            const QStringList s = pinyin::syllables(QStringView(&ch, 1), false);
            QVERIFY(s.size() <= 1);
            for (const QString &syllable : s) {
                QVERIFY(!syllable.isEmpty() && syllable.size() <= 6);
                for (QChar x : syllable)
                    QVERIFY2(x >= u'a' && x <= u'z', qPrintable(syllable));
            }
        }
    }

    void twentyThousandNames()
    {
        // Import computes both keys for every resident; this must stay well under a second.
        const QString given = QString::fromUtf16(u"秀英芳丽娟霞桂兰梅红华玲燕萍伟强军明勇杰");
        const QString family = QString::fromUtf16(u"王李张刘陈杨黄赵吴周单曾解区朴查");
        QList<QString> names;
        for (int i = 0; i < 20000; ++i) {
            names << QString(family[i % family.size()]) + given[i % given.size()]
                    + given[(i / 7) % given.size()];
        }
        qsizetype total = 0;
        QElapsedTimer timer;
        timer.start();
        for (const QString &n : names)
            total += pinyin::full(n).size() + pinyin::initials(n).size();
        qDebug() << "20000 names:" << timer.elapsed() << "ms";
        QVERIFY(total > 20000 * 6);
    }
};

QTEST_GUILESS_MAIN(TestPinyin)
#include "tst_pinyin.moc"
