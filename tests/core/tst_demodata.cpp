#include "core/demodata.h"
#include "core/idnumber.h"
#include "core/schema.h"

#include <QHash>
#include <QRegularExpression>
#include <QTest>

using namespace lanxin;

namespace {

QStringList members(Kind kind, const char16_t *field)
{
    QStringList out;
    const FieldSpec *spec = fieldSpec(kind, QStringView(field));
    if (!spec)
        qFatal("no field %s", qPrintable(QString::fromUtf16(field)));
    for (const char *v : spec->values)
        out << QLatin1String(v);
    return out;
}

bool isHan(QChar c)
{
    return c.script() == QChar::Script_Han;
}

} // namespace

class TestDemoData : public QObject
{
    Q_OBJECT
private slots:
    void idNumbersParseAndMatch()
    {
        QRandomGenerator rng(20261128);
        const QString region = demoStation().regionCode;
        const QDate start(1930, 1, 1);
        QSet<QString> distinct;
        for (int i = 0; i < 1000; ++i) {
            const QDate birth = start.addDays(rng.bounded(365 * 95));
            const QChar gender = rng.bounded(10) < 9 ? QLatin1Char('F') : QLatin1Char('M');
            const QString id = randomIdNumber(rng, region, birth, gender);
            const auto info = parseIdNumber(id);
            QVERIFY2(info.has_value(), qPrintable(id));
            QCOMPARE(info->region, region);
            QCOMPARE(info->birthDate, birth);
            QCOMPARE(info->gender, gender);
            distinct << id;
        }
        QVERIFY(distinct.size() > 990); // the sequence digits vary
    }

    void idNumberRejectsBadInput()
    {
        QRandomGenerator rng(1);
        const QDate d(1985, 3, 12);
        QVERIFY(randomIdNumber(rng, QStringLiteral("33021"), d, QLatin1Char('F')).isEmpty());
        QVERIFY(randomIdNumber(rng, QStringLiteral("33021x"), d, QLatin1Char('F')).isEmpty());
        QVERIFY(randomIdNumber(rng, QStringLiteral("330213"), QDate(), QLatin1Char('F')).isEmpty());
        QVERIFY(randomIdNumber(rng, QStringLiteral("330213"), d, QLatin1Char('X')).isEmpty());
    }

    void surnamesFollowRealFrequencies()
    {
        QRandomGenerator rng(42);
        const int draws = 20000;
        QHash<QString, int> counts;
        for (int i = 0; i < draws; ++i)
            ++counts[randomSurname(rng)];
        const auto share = [&](const char16_t *s) { return double(counts.value(QString::fromUtf16(s))) / draws; };
        QVERIFY2(share(u"王") > 0.05 && share(u"王") < 0.09, qPrintable(QString::number(share(u"王"))));
        QVERIFY(share(u"李") > 0.05 && share(u"李") < 0.09);
        QVERIFY(share(u"张") > 0.05 && share(u"张") < 0.09);
        QVERIFY(share(u"刘") > 0.035 && share(u"刘") < 0.07);
        QVERIFY(share(u"陈") > share(u"杨"));
        QVERIFY(share(u"杨") > share(u"罗"));
        QVERIFY(share(u"罗") > share(u"文"));
        // A long tail: many surnames, none dominating.
        QVERIFY2(counts.size() > 150, qPrintable(QString::number(counts.size())));
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            QVERIFY(it.key().size() == 1 || it.key().size() == 2);
            QVERIFY(isHan(it.key()[0]));
        }
    }

    void namesByGeneration()
    {
        QRandomGenerator rng(7);
        for (int year : {1935, 1955, 1965, 1975, 1985, 1992, 2000, 2015}) {
            for (int i = 0; i < 200; ++i) {
                for (const QString &name : {randomWomansName(rng, year), randomManName(rng, year)}) {
                    QVERIFY2(name.size() >= 2 && name.size() <= 4, qPrintable(name));
                    for (QChar c : name)
                        QVERIFY2(isHan(c), qPrintable(name));
                }
            }
        }
        // The generations differ: 秀英 is common among older women and never drawn for girls born in 2015.
        QRandomGenerator r2(8);
        int older = 0;
        int younger = 0;
        for (int i = 0; i < 3000; ++i) {
            older += randomWomansName(r2, 1940).endsWith(QStringLiteral("秀英"));
            younger += randomWomansName(r2, 2015).endsWith(QStringLiteral("秀英"));
        }
        QVERIFY(older > 30);
        QCOMPARE(younger, 0);
    }

    void phonesAreValid()
    {
        QRandomGenerator rng(99);
        static const QRegularExpression mobile(QStringLiteral("^1[3-9][0-9]{9}$"));
        QSet<QString> prefixes;
        for (int i = 0; i < 1000; ++i) {
            const QString p = randomPhone(rng);
            QVERIFY2(mobile.match(p).hasMatch(), qPrintable(p));
            prefixes << p.left(2);
        }
        QCOMPARE(prefixes, (QSet<QString>{QStringLiteral("13"), QStringLiteral("15"), QStringLiteral("17"),
                                          QStringLiteral("18"), QStringLiteral("19")}));
    }

    void sameSeedSameData()
    {
        QRandomGenerator a(123);
        QRandomGenerator b(123);
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(randomWomansName(a, 1970), randomWomansName(b, 1970));
            QCOMPARE(randomPhone(a), randomPhone(b));
            QCOMPARE(randomIdNumber(a, QStringLiteral("330213"), QDate(1970, 5, 1), QLatin1Char('F')),
                     randomIdNumber(b, QStringLiteral("330213"), QDate(1970, 5, 1), QLatin1Char('F')));
            QCOMPARE(randomAddress(a, QStringLiteral("白杜村")), randomAddress(b, QStringLiteral("白杜村")));
        }
    }

    void referenceDataFitsTheSchema()
    {
        const DemoStation st = demoStation();
        QCOMPARE(st.code, QStringLiteral("FH-XW-012"));
        QCOMPARE(st.regionCode, QStringLiteral("330213"));
        QVERIFY(st.name.startsWith(st.town));
        QVERIFY(st.villages.size() >= 6);
        QVERIFY(st.villages.contains(QStringLiteral("白杜村")));
        QVERIFY(st.name.size() <= fieldSpec(Kind::Station, u"name")->maxLength);

        const QStringList sessionCategories = members(Kind::TrainingSession, u"category");
        QSet<QString> used;
        for (const auto &t : demoTrainings()) {
            QVERIFY2(sessionCategories.contains(t.category), qPrintable(t.category));
            QVERIFY(!t.title.isEmpty() && t.title.size() <= fieldSpec(Kind::TrainingSession, u"title")->maxLength);
            used << t.category;
        }
        for (const QString &c : sessionCategories)
            QVERIFY2(c == QStringLiteral("other") || used.contains(c), qPrintable(c));

        for (const QString &t : demoTrainers())
            QVERIFY(t.size() <= fieldSpec(Kind::TrainingSession, u"trainer")->maxLength);
        QVERIFY(demoLocations().contains(QStringLiteral("村文化礼堂")));
        QVERIFY(demoLocations().contains(QStringLiteral("妇女之家活动室")));

        const auto facilities = demoFacilities();
        QCOMPARE(facilities.first().code, QStringLiteral("F-FH-01"));
        QCOMPARE(facilities.first().name, QStringLiteral("区妇幼保健院"));
        QCOMPARE(facilities.first().type, QStringLiteral("hospital"));
        const QStringList types = members(Kind::Facility, u"type");
        QSet<QString> codes;
        for (const auto &f : facilities) {
            QVERIFY(types.contains(f.type));
            codes << f.code;
        }
        QCOMPARE(codes.size(), facilities.size());
        QVERIFY(std::any_of(facilities.cbegin(), facilities.cend(),
                            [&](const DemoFacility &f) { return f.town == st.town && f.type == QStringLiteral("health_centre"); }));
    }

    void visitNotesForEveryPurpose()
    {
        QStringList purposes = members(Kind::FamilyVisit, u"purposes");
        purposes << QString() << QStringLiteral("no_such_purpose");
        for (const QString &p : std::as_const(purposes)) {
            const QStringList notes = demoVisitNotes(p);
            QVERIFY2(!notes.isEmpty(), qPrintable(p));
            for (const QString &n : notes)
                QVERIFY(!n.isEmpty() && n.size() <= 100);
        }
    }

    void addresses()
    {
        QRandomGenerator rng(5);
        static const QRegularExpression re(QStringLiteral("^白杜村[0-9]+组[0-9]+号$"));
        for (int i = 0; i < 100; ++i)
            QVERIFY(re.match(randomAddress(rng, QStringLiteral("白杜村"))).hasMatch());
    }
};

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demodata.moc"
