#include "testsupport.h"

using namespace lanxin;
using namespace lanxin::test;

class TestSearch : public QObject
{
    Q_OBJECT

    TempStation *t = nullptr;
    QMap<QString, QString> ids; // name → id

    QStringList names(const QList<Resident> &found)
    {
        QStringList out;
        for (const Resident &r : found)
            out << r.name;
        return out;
    }

private slots:
    void initTestCase()
    {
        t = new TempStation;
        struct Row
        {
            const char *name;
            const char *id;
            const char *phone;
        };
        const Row rows[] = {
            {"张秀英", "11010519491231002X", "13812345678"},
            {"张小燕", nullptr, "13900001111"},
            {"赵晓英", nullptr, nullptr},
            {"单丽", nullptr, "13700005678"},
            {"曾红", nullptr, nullptr},
            {"解玲", nullptr, nullptr},
            {"仇芳", nullptr, nullptr},
            {"区桂兰", nullptr, nullptr},
            {"朴美英", nullptr, nullptr},
            {"查静", nullptr, nullptr},
            {"盖娟", nullptr, nullptr},
            {"简单", nullptr, nullptr},
            {"李秀英", nullptr, nullptr},
        };
        for (const Row &row : rows) {
            Resident r = woman(QString::fromUtf8(row.name), QDate(1949, 12, 31));
            if (row.id)
                r.idNumber = QString::fromLatin1(row.id);
            if (row.phone)
                r.phone = QString::fromLatin1(row.phone);
            auto created = t->store.residents().create(r);
            QVERIFY2(created, qPrintable(created.error().message));
            ids.insert(r.name, created->envelope.id);
        }
    }
    void cleanupTestCase() { delete t; }

    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("initials") << QStringLiteral("zxy") << QStringList{QStringLiteral("张秀英"), QStringLiteral("张小燕"), QStringLiteral("赵晓英")};
        QTest::newRow("initials upper") << QStringLiteral("ZXY") << QStringList{QStringLiteral("张秀英"), QStringLiteral("张小燕"), QStringLiteral("赵晓英")};
        QTest::newRow("full pinyin prefix") << QStringLiteral("zhangx") << QStringList{QStringLiteral("张小燕"), QStringLiteral("张秀英")};
        QTest::newRow("full pinyin") << QStringLiteral("zhangxiuying") << QStringList{QStringLiteral("张秀英")};
        QTest::newRow("name substring") << QStringLiteral("秀英") << QStringList{QStringLiteral("李秀英"), QStringLiteral("张秀英")};
        QTest::newRow("initials of a polyphonic surname") << QStringLiteral("sl") << QStringList{QStringLiteral("单丽")};
        QTest::newRow("surname 单") << QStringLiteral("shanl") << QStringList{QStringLiteral("单丽")};
        QTest::newRow("surname 曾") << QStringLiteral("zengh") << QStringList{QStringLiteral("曾红")};
        QTest::newRow("surname 解") << QStringLiteral("xiel") << QStringList{QStringLiteral("解玲")};
        QTest::newRow("surname 仇") << QStringLiteral("qiuf") << QStringList{QStringLiteral("仇芳")};
        QTest::newRow("surname 区") << QStringLiteral("ouguil") << QStringList{QStringLiteral("区桂兰")};
        QTest::newRow("surname 朴") << QStringLiteral("piaomei") << QStringList{QStringLiteral("朴美英")};
        QTest::newRow("surname 查") << QStringLiteral("zhaj") << QStringList{QStringLiteral("查静")};
        QTest::newRow("surname 盖") << QStringLiteral("gej") << QStringList{QStringLiteral("盖娟")};
        QTest::newRow("not first: 简单 is jiandan") << QStringLiteral("jiand") << QStringList{QStringLiteral("简单")};
        QTest::newRow("phone tail") << QStringLiteral("5678") << QStringList{QStringLiteral("单丽"), QStringLiteral("张秀英")};
        QTest::newRow("id tail") << QStringLiteral("002X") << QStringList{QStringLiteral("张秀英")};
        QTest::newRow("id tail lower x") << QStringLiteral("002x") << QStringList{QStringLiteral("张秀英")};
        QTest::newRow("whole phone") << QStringLiteral("13900001111") << QStringList{QStringLiteral("张小燕")};
        QTest::newRow("whole id") << QStringLiteral("11010519491231002x") << QStringList{QStringLiteral("张秀英")};
        QTest::newRow("no match") << QStringLiteral("qqq") << QStringList{};
        QTest::newRow("sql text") << QStringLiteral("' OR 1=1 --") << QStringList{};
    }
    void search()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        QStringList found = names(t->store.residents().search(query));
        QStringList want = expected;
        found.sort();
        want.sort();
        QCOMPARE(found, want);
    }

    void duplicatesByIdOrNameBirthVillage()
    {
        Resident same = woman(QStringLiteral("别名"), QDate(1949, 12, 31));
        same.idNumber = QStringLiteral("11010519491231002x");
        QCOMPARE(names(t->store.residents().findDuplicates(same)), QStringList{QStringLiteral("张秀英")});
        const Resident byName = woman(QStringLiteral("李秀英"), QDate(1949, 12, 31));
        QCOMPARE(names(t->store.residents().findDuplicates(byName)), QStringList{QStringLiteral("李秀英")});
        const Resident otherVillage = woman(QStringLiteral("李秀英"), QDate(1949, 12, 31), QStringLiteral("金溪村"));
        QVERIFY(t->store.residents().findDuplicates(otherVillage).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
