#include "core/idnumber.h"
#include "core/labels.h"
#include "core/validation.h"

#include <QTest>
#include <QTimeZone>

using namespace lanxin;

namespace {

const QString kValidId = QStringLiteral("11010519491231002X"); // female, born 1949-12-31
const QDate kToday(2026, 11, 28);
const QString kResidentId = QStringLiteral("01936f3e-1c2a-7b3d-8e4f-5a6b7c8d9e0f");
const QString kSessionId = QStringLiteral("01936f3e-1c2a-7b3d-8e4f-5a6b7c8d9e10");

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC);
}

QVariantMap resident()
{
    return {{QStringLiteral("name"), QStringLiteral("张秀英")},
        {QStringLiteral("gender"), QStringLiteral("F")}, {QStringLiteral("birth_date"), QDate(1949, 12, 31)},
        {QStringLiteral("id_number"), kValidId}, {QStringLiteral("phone"), QStringLiteral("13812345678")},
        {QStringLiteral("tags"), QStringList {QStringLiteral("left_behind"), QStringLiteral("hardship")}}};
}

QVariantMap staff()
{
    return {{QStringLiteral("name"), QStringLiteral("李桂兰")},
        {QStringLiteral("role"), QStringLiteral("director")}, {QStringLiteral("active"), true},
        {QStringLiteral("phone"), QStringLiteral("15900001111")}};
}

QVariantMap session()
{
    return {{QStringLiteral("title"), QStringLiteral("电商直播实用技术")},
        {QStringLiteral("category"), QStringLiteral("practical_skills")},
        {QStringLiteral("starts_at"), utc(2026, 12, 1, 1)}, {QStringLiteral("ends_at"), utc(2026, 12, 1, 3)},
        {QStringLiteral("capacity"), qint64(30)}, {QStringLiteral("status"), QStringLiteral("open")},
        {QStringLiteral("self_registration"), true}};
}

QVariantMap attendance()
{
    return {{QStringLiteral("session_id"), kSessionId}, {QStringLiteral("resident_id"), kResidentId},
        {QStringLiteral("registered_via"), QStringLiteral("kiosk")},
        {QStringLiteral("registered_at"), utc(2026, 11, 28, 2)}};
}

QVariantMap referral()
{
    return {{QStringLiteral("resident_id"), kResidentId}, {QStringLiteral("cervical"), true},
        {QStringLiteral("breast"), false}, {QStringLiteral("referred_on"), QDate(2026, 11, 28)}};
}

QVariantMap visit()
{
    return {{QStringLiteral("resident_id"), kResidentId},
        {QStringLiteral("visited_at"), utc(2026, 11, 28, 2)},
        {QStringLiteral("purposes"), QStringList {QStringLiteral("left_behind_care")}},
        {QStringLiteral("risk_level"), QStringLiteral("none")}, {QStringLiteral("dv_risk"), false}};
}

QVariantMap with(QVariantMap m, const QVariantMap &changes)
{
    for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
        if (it.value().isValid())
            m.insert(it.key(), it.value());
        else
            m.remove(it.key());
    }
    return m;
}

QString describe(const QList<FieldError> &errors)
{
    QStringList out;
    for (const auto &e : errors)
        out << e.field + QLatin1Char('/') + e.code + QLatin1Char(' ') + e.messageEn;
    return out.join(QStringLiteral("; "));
}

/// Every message: Chinese and English, non-empty, naming the field; a known code.
void verifyMessages(Kind kind, const QList<FieldError> &errors)
{
    for (const auto &e : errors) {
        QVERIFY2(!e.field.isEmpty(), qPrintable(e.messageEn));
        QVERIFY2(e.code == QLatin1String(kInvalidField) || e.code == QLatin1String(kMissingField)
                || e.code == QLatin1String(kUnknownField),
            qPrintable(e.code));
        QVERIFY(!e.messageZh.isEmpty());
        QVERIFY(!e.messageEn.isEmpty());
        QVERIFY2(e.messageZh.contains(fieldLabelZh(kind, e.field)), qPrintable(e.messageZh));
        QVERIFY2(e.messageEn.contains(fieldLabelEn(kind, e.field)), qPrintable(e.messageEn));
        QCOMPARE(e.message(), e.messageZh);
        QCOMPARE(e.message(false), e.messageEn);
        // Chinese text is Chinese: at least one CJK character.
        bool cjk = false;
        for (QChar c : e.messageZh)
            cjk = cjk || (c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff);
        QVERIFY2(cjk, qPrintable(e.messageZh));
    }
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT
private slots:
    // ---- 居民身份证号 ----------------------------------------------------------------------------

    void idNumberValid()
    {
        QVERIFY(!checkIdNumber(kValidId, {}, {}).has_value());
        QVERIFY(!checkIdNumber(kValidId, QDate(1949, 12, 31), u"F").has_value());
        const auto info = parseIdNumber(kValidId);
        QVERIFY(info.has_value());
        QCOMPARE(info->birthDate, QDate(1949, 12, 31));
        QCOMPARE(info->gender, QLatin1Char('F'));
        QVERIFY(validateRecord(Kind::Resident, resident(), {kToday, {}, {}}).isEmpty());
    }

    void idNumberEverySingleChangeIsInvalid_data()
    {
        QTest::addColumn<QString>("id");
        const QString alphabet = QStringLiteral("0123456789X");
        int rows = 0;
        for (int pos = 0; pos < kValidId.size(); ++pos) {
            for (QChar c : alphabet) {
                if (c == kValidId[pos])
                    continue;
                QString id = kValidId;
                id[pos] = c;
                QTest::addRow("pos %d → %c", pos, c.toLatin1()) << id;
                ++rows;
            }
        }
        QCOMPARE(rows, 18 * 10);
    }
    void idNumberEverySingleChangeIsInvalid()
    {
        QFETCH(QString, id);
        const auto e = checkIdNumber(id, {}, {});
        QVERIFY2(e.has_value(), qPrintable(id));
        QCOMPARE(e->field, QStringLiteral("id_number"));
        QCOMPARE(e->code, QStringLiteral("invalid_field"));
        verifyMessages(Kind::Resident, {*e});
        // The same through the record, with no birth date or gender to compare with.
        const auto errors = validateRecord(Kind::Resident,
            with(resident(),
                {{QStringLiteral("id_number"), id}, {QStringLiteral("birth_date"), QVariant()},
                    {QStringLiteral("gender"), QVariant()}}),
            {kToday, {}, {}});
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0].field, QStringLiteral("id_number"));
    }

    void idNumberMessagesSayWhatIsWrong_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("en");
        QTest::addColumn<QString>("zh");
        const QString impossibleDate17 = QStringLiteral("11010519491331002");
        const QString impossibleDate = impossibleDate17 + idNumberCheckChar(impossibleDate17);
        QTest::newRow("17 chars") << kValidId.left(17) << "must be 18 characters"
                                  << "应为18位";
        QTest::newRow("19 chars") << kValidId + QLatin1Char('1') << "must be 18 characters"
                                  << "应为18位";
        QTest::newRow("empty") << QString() << "must be 18 characters"
                               << "应为18位";
        QTest::newRow("lower x") << QStringLiteral("11010519491231002x") << "only digits"
                                 << "只能由数字组成";
        QTest::newRow("letter inside") << QStringLiteral("1101051949123100A2") << "only digits"
                                       << "只能由数字组成";
        QTest::newRow("X inside") << QStringLiteral("X10105194912310021") << "only digits"
                                  << "只能由数字组成";
        QTest::newRow("full-width digit") << QStringLiteral("11010519491231002１") << "only digits"
                                          << "只能由数字组成";
        QTest::newRow("month 13") << impossibleDate << "not a real date"
                                  << "出生日期不存在";
        QTest::newRow("check digit") << QStringLiteral("110105194912310021") << "check digit is wrong"
                                     << "校验位错误";
    }
    void idNumberMessagesSayWhatIsWrong()
    {
        QFETCH(QString, id);
        QFETCH(QString, en);
        QFETCH(QString, zh);
        const auto e = checkIdNumber(id, {}, {});
        QVERIFY(e.has_value());
        QVERIFY2(e->messageEn.contains(en), qPrintable(e->messageEn));
        QVERIFY2(e->messageZh.contains(zh), qPrintable(e->messageZh));
        QVERIFY(e->messageEn.startsWith(QStringLiteral("ID number: ")));
        QVERIFY(e->messageZh.startsWith(QStringLiteral("身份证号")));
    }

    void idNumberAgainstBirthDateAndGender()
    {
        auto e = checkIdNumber(kValidId, QDate(1950, 1, 1), u"F");
        QVERIFY(e.has_value());
        QVERIFY2(e->messageEn.contains(QStringLiteral("birth date")), qPrintable(e->messageEn));
        e = checkIdNumber(kValidId, QDate(1949, 12, 31), u"M");
        QVERIFY(e.has_value());
        QVERIFY2(e->messageEn.contains(QStringLiteral("gender")), qPrintable(e->messageEn));
        QVERIFY(!checkIdNumber(kValidId, {}, u"F").has_value());
        QVERIFY(!checkIdNumber(kValidId, QDate(1949, 12, 31), {}).has_value());
    }

    // ---- phones ------------------------------------------------------------------------------------

    void phones_data()
    {
        QTest::addColumn<QString>("phone");
        QTest::addColumn<bool>("valid");
        QTest::newRow("valid 138") << "13812345678" << true;
        QTest::newRow("valid 199") << "19912345678" << true;
        QTest::newRow("valid 150") << "15000000000" << true;
        QTest::newRow("10 digits") << "1381234567" << false;
        QTest::newRow("12 digits") << "138123456789" << false;
        QTest::newRow("starts 12") << "12812345678" << false;
        QTest::newRow("starts 10") << "10812345678" << false;
        QTest::newRow("starts 2") << "23812345678" << false;
        QTest::newRow("letters") << "1381234abcd" << false;
        QTest::newRow("spaces") << "138 1234 5678" << false;
        QTest::newRow("plus 86") << "+8613812345678" << false;
        QTest::newRow("full-width") << "１３８１２３４５６７８" << false;
        QTest::newRow("empty") << "" << false;
    }
    void phones()
    {
        QFETCH(QString, phone);
        QFETCH(bool, valid);
        QCOMPARE(isValidPhone(phone), valid);
        if (phone.isEmpty())
            return; // an empty optional text is "nothing entered"
        for (Kind kind : {Kind::Resident, Kind::Staff}) {
            const auto e = validateValue(kind, *fieldSpec(kind, u"phone"), phone);
            QCOMPARE(e.has_value(), !valid);
            const QVariantMap values
                = with(kind == Kind::Resident ? resident() : staff(), {{QStringLiteral("phone"), phone}});
            const auto errors = validateRecord(kind, values, {kToday, {}, {}});
            QVERIFY2(errors.isEmpty() == valid, qPrintable(describe(errors)));
            verifyMessages(kind, errors);
        }
    }

    // ---- station and facility codes -----------------------------------------------------------------

    void codes_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("valid");
        QTest::newRow("station") << "FH-XW-012" << true;
        QTest::newRow("facility") << "FH-H01" << true;
        QTest::newRow("division code") << "330213001" << true;
        QTest::newRow("underscore and dot") << "fh_h01.a" << true;
        QTest::newRow("one letter") << "H" << true;
        QTest::newRow("a space") << "FH XW 012" << false;
        QTest::newRow("leading hyphen") << "-FH" << false;
        QTest::newRow("full-width") << "ＦＨ－０１" << false;
        QTest::newRow("full-width hyphen") << "FH－01" << false;
        QTest::newRow("slash") << "FH/01" << false;
        QTest::newRow("hanzi") << "奉化01" << false;
    }
    void codes()
    {
        QFETCH(QString, code);
        QFETCH(bool, valid);
        const struct
        {
            Kind kind;
            const char16_t *field;
        } fields[] = {{Kind::Station, u"code"}, {Kind::Facility, u"code"}, {Kind::ScreeningReferral, u"facility_code"}};
        for (const auto &f : fields) {
            const auto e = validateValue(f.kind, *fieldSpec(f.kind, f.field), code);
            QVERIFY2(e.has_value() == !valid, qPrintable(kindName(f.kind) + u' ' + QString::fromUtf16(f.field)));
            if (e) {
                QCOMPARE(e->code, QStringLiteral("invalid_field"));
                QVERIFY(e->messageZh.contains(QStringLiteral("FH-XW-012")) && e->messageEn.contains(QStringLiteral("letters")));
            }
        }
        // Other text fields keep what people write.
        QVERIFY(!validateValue(Kind::Station, *fieldSpec(Kind::Station, u"name"), code).has_value());
    }

    // ---- ages --------------------------------------------------------------------------------------

    void ages_data()
    {
        QTest::addColumn<QDate>("birth");
        QTest::addColumn<QDate>("on");
        QTest::addColumn<int>("age");
        QTest::newRow("birthday") << QDate(1980, 6, 15) << QDate(2026, 6, 15) << 46;
        QTest::newRow("day before") << QDate(1980, 6, 15) << QDate(2026, 6, 14) << 45;
        QTest::newRow("born today") << kToday << kToday << 0;
        QTest::newRow("not yet born") << kToday << kToday.addDays(-1) << -1;
        QTest::newRow("invalid") << QDate() << kToday << -1;
        QTest::newRow("leap day, Feb 28") << QDate(2000, 2, 29) << QDate(2021, 2, 28) << 20;
        QTest::newRow("leap day, Mar 1") << QDate(2000, 2, 29) << QDate(2021, 3, 1) << 21;
        QTest::newRow("leap day, leap year") << QDate(2000, 2, 29) << QDate(2024, 2, 29) << 24;
    }
    void ages()
    {
        QFETCH(QDate, birth);
        QFETCH(QDate, on);
        QFETCH(int, age);
        QCOMPARE(ageOn(birth, on), age);
    }

    void screeningAge_data()
    {
        QTest::addColumn<QDate>("birth");
        QTest::addColumn<int>("age");
        QTest::addColumn<bool>("inRange");
        // referred_on is 2026-11-28
        QTest::newRow("34") << QDate(1991, 11, 29) << 34 << false;
        QTest::newRow("35 on her birthday") << QDate(1991, 11, 28) << 35 << true;
        QTest::newRow("50") << QDate(1976, 3, 1) << 50 << true;
        QTest::newRow("64") << QDate(1961, 11, 29) << 64 << true;
        QTest::newRow("65 on her birthday") << QDate(1961, 11, 28) << 65 << false;
    }
    void screeningAge()
    {
        QFETCH(QDate, birth);
        QFETCH(int, age);
        QFETCH(bool, inRange);
        const QDate referredOn(2026, 11, 28);
        QCOMPARE(ageOn(birth, referredOn), age);
        QCOMPARE(inScreeningAge(birth, referredOn), inRange);

        const ValidationContext ctx {kToday, birth, {}};
        auto errors = validateRecord(Kind::ScreeningReferral, referral(), ctx);
        verifyMessages(Kind::ScreeningReferral, errors);
        if (inRange) {
            QVERIFY2(errors.isEmpty(), qPrintable(describe(errors)));
        } else {
            QCOMPARE(errors.size(), 1);
            QCOMPARE(errors[0].field, QStringLiteral("age_exception_reason"));
            QCOMPARE(errors[0].code, QStringLiteral("missing_field"));
            QVERIFY2(errors[0].messageZh.contains(QString::number(age)), qPrintable(errors[0].messageZh));
        }
        // A blank reason is no reason; a reason lifts the error.
        errors = validateRecord(Kind::ScreeningReferral,
            with(referral(), {{QStringLiteral("age_exception_reason"), QStringLiteral("  ")}}), ctx);
        QCOMPARE(errors.isEmpty(), inRange);
        errors = validateRecord(Kind::ScreeningReferral,
            with(referral(),
                {{QStringLiteral("age_exception_reason"), QStringLiteral("家族史，医生建议筛查")}}),
            ctx);
        QVERIFY2(errors.isEmpty(), qPrintable(describe(errors)));
        // Without the resident's birth date the age rule cannot apply.
        QVERIFY(validateRecord(Kind::ScreeningReferral, referral(), {kToday, {}, {}}).isEmpty());
    }

    // ---- whole records: one table of cases ---------------------------------------------------------

    void records_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QVariantMap>("values");
        QTest::addColumn<QDate>("residentBirth");
        QTest::addColumn<QString>("guardian");
        QTest::addColumn<QStringList>("errorFields"); // exactly these fields have errors
        QTest::addColumn<QStringList>("errorCodes"); // their codes, in the same order

        const auto K = [](Kind k) { return static_cast<int>(k); };
        const QDate adult(1975, 3, 1);
        const QString none;
        using L = QStringList;
        const QString inv = QStringLiteral("invalid_field");
        const QString mis = QStringLiteral("missing_field");
        const QString unk = QStringLiteral("unknown_field");

        // every valid base record
        QTest::newRow("resident ok") << K(Kind::Resident) << resident() << QDate() << none << L {} << L {};
        QTest::newRow("staff ok") << K(Kind::Staff) << staff() << QDate() << none << L {} << L {};
        QTest::newRow("session ok") << K(Kind::TrainingSession) << session() << QDate() << none << L {}
                                    << L {};
        QTest::newRow("attendance ok")
            << K(Kind::Attendance) << attendance() << QDate() << none << L {} << L {};
        QTest::newRow("referral ok") << K(Kind::ScreeningReferral) << referral() << adult << none << L {}
                                     << L {};
        QTest::newRow("visit ok") << K(Kind::FamilyVisit) << visit() << adult << none << L {} << L {};
        QTest::newRow("resident minimal")
            << K(Kind::Resident) << QVariantMap {{"name", QStringLiteral("王芳")}} << QDate() << none << L {}
            << L {};
        QTest::newRow("common fields")
            << K(Kind::Resident)
            << with(resident(), {{"created_at", utc(2026, 11, 28, 2)}, {"deleted", false}}) << QDate() << none
            << L {} << L {};
        QTest::newRow("empty optional text")
            << K(Kind::Resident) << with(resident(), {{"phone", QString()}, {"village", QString()}})
            << QDate() << none << L {} << L {};

        // resident: ID number against birth date and gender
        QTest::newRow("birth date mismatch")
            << K(Kind::Resident) << with(resident(), {{"birth_date", QDate(1949, 12, 30)}}) << QDate() << none
            << L {"id_number"} << L {inv};
        QTest::newRow("gender mismatch") << K(Kind::Resident) << with(resident(), {{"gender", "M"}})
                                         << QDate() << none << L {"id_number"} << L {inv};
        QTest::newRow("bad id, no cross check")
            << K(Kind::Resident) << with(resident(), {{"id_number", "110105194912310021"}, {"gender", "M"}})
            << QDate() << none << L {"id_number"} << L {inv};
        QTest::newRow("birth date in the future")
            << K(Kind::Resident)
            << with(resident(), {{"birth_date", kToday.addDays(1)}, {"id_number", QVariant()}}) << QDate()
            << none << L {"birth_date"} << L {inv};
        QTest::newRow("born today") << K(Kind::Resident)
                                    << with(resident(),
                                           {{"birth_date", kToday}, {"id_number", QVariant()},
                                               {"phone", QVariant()}})
                                    << QDate() << none << L {} << L {};
        QTest::newRow("born 1899") << K(Kind::Resident)
                                   << with(resident(),
                                          {{"birth_date", QDate(1899, 12, 31)}, {"id_number", QVariant()}})
                                   << QDate() << none << L {"birth_date"} << L {inv};

        // resident: under 14 (today 2026-11-28)
        const QVariantMap child = with(resident(),
            {{"birth_date", QDate(2012, 11, 29)}, // 13 today
                {"id_number", QVariant()}, {"phone", QVariant()}});
        QTest::newRow("13, phone, no guardian")
            << K(Kind::Resident) << with(child, {{"phone", "13812345678"}}) << QDate() << none
            << L {"guardian_name"} << L {mis};
        QTest::newRow("13, ID number, no guardian")
            << K(Kind::Resident) << with(child, {{"id_number", "110105201211290022"}, {"guardian_name", " "}})
            << QDate() << none << L {"guardian_name"} << L {mis};
        QTest::newRow("13, phone, guardian")
            << K(Kind::Resident)
            << with(child, {{"phone", "13812345678"}, {"guardian_name", QStringLiteral("王建国")}}) << QDate()
            << none << L {} << L {};
        QTest::newRow("13, nothing sensitive")
            << K(Kind::Resident) << child << QDate() << none << L {} << L {};
        QTest::newRow("14th birthday today")
            << K(Kind::Resident)
            << with(child, {{"birth_date", QDate(2012, 11, 28)}, {"phone", "13812345678"}}) << QDate() << none
            << L {} << L {};

        // required, unknown, types, lengths
        QTest::newRow("missing name") << K(Kind::Resident) << with(resident(), {{"name", QVariant()}})
                                      << QDate() << none << L {"name"} << L {mis};
        QTest::newRow("blank name") << K(Kind::Resident)
                                    << with(resident(), {{"name", QStringLiteral(" \u3000 ")}}) << QDate()
                                    << none << L {"name"} << L {mis};
        QTest::newRow("name 51 chars")
            << K(Kind::Resident) << with(resident(), {{"name", QString(51, u'张')}}) << QDate() << none
            << L {"name"} << L {inv};
        QTest::newRow("name 50 chars")
            << K(Kind::Resident) << with(resident(), {{"name", QString(50, u'张')}}) << QDate() << none
            << L {} << L {};
        QString supplementary; // 50 × U+20BB7 𠮷: 100 UTF-16 code units, 50 characters
        for (int i = 0; i < 50; ++i)
            supplementary += QString::fromUcs4(U"\U00020BB7");
        QTest::newRow("name 50 supplementary chars")
            << K(Kind::Resident) << with(resident(), {{"name", supplementary}}) << QDate() << none << L {}
            << L {};
        QTest::newRow("name 51 supplementary chars")
            << K(Kind::Resident)
            << with(resident(), {{"name", supplementary + QString::fromUcs4(U"\U00020BB7")}}) << QDate()
            << none << L {"name"} << L {inv};
        QTest::newRow("lone surrogate")
            << K(Kind::Resident) << with(resident(), {{"name", QString(QChar(0xd842))}}) << QDate() << none
            << L {"name"} << L {inv};
        QTest::newRow("newline in name") << K(Kind::Resident) << with(resident(), {{"name", "王\n芳"}})
                                         << QDate() << none << L {"name"} << L {inv};
        QTest::newRow("NUL in address")
            << K(Kind::Resident) << with(resident(), {{"address", QStringLiteral("新湾镇") + QChar(0)}})
            << QDate() << none << L {"address"} << L {inv};
        QTest::newRow("notes with newline and tab")
            << K(Kind::FamilyVisit) << with(visit(), {{"notes", QStringLiteral("第一行\n\t第二行")}}) << adult
            << none << L {} << L {};
        QTest::newRow("notes with CR") << K(Kind::FamilyVisit) << with(visit(), {{"notes", "a\r\nb"}})
                                       << adult << none << L {"notes"} << L {inv};
        QTest::newRow("notes 4001 chars")
            << K(Kind::FamilyVisit) << with(visit(), {{"notes", QString(4001, u'记')}}) << adult << none
            << L {"notes"} << L {inv};
        QTest::newRow("unknown field") << K(Kind::Resident) << with(resident(), {{"favourite_colour", "red"}})
                                       << QDate() << none << L {"favourite_colour"} << L {unk};
        QTest::newRow("wire set member is not a logical field")
            << K(Kind::Resident) << with(resident(), {{"tags.left_behind", true}}) << QDate() << none
            << L {"tags.left_behind"} << L {unk};
        QTest::newRow("envelope is not a field") << K(Kind::Staff) << with(staff(), {{"id", kResidentId}})
                                                 << QDate() << none << L {"id"} << L {unk};
        QTest::newRow("another kind's field")
            << K(Kind::Staff) << with(staff(), {{"birth_date", QDate(1970, 1, 1)}}) << QDate() << none
            << L {"birth_date"} << L {unk};
        QTest::newRow("null unknown field")
            << K(Kind::Staff) << with(staff(), {{"colour", QVariant::fromValue(nullptr)}}) << QDate() << none
            << L {"colour"} << L {unk};
        QTest::newRow("wrong types") << K(Kind::Resident)
                                     << with(resident(),
                                            {{"birth_date", "1949-12-31"}, {"needs_review", "true"},
                                                {"tags", "left_behind"}})
                                     << QDate() << none << L {"birth_date", "tags", "needs_review"}
                                     << L {inv, inv, inv};
        QTest::newRow("deleted as text") << K(Kind::Staff) << with(staff(), {{"deleted", "false"}}) << QDate()
                                         << none << L {"deleted"} << L {inv};
        QTest::newRow("missing required ref")
            << K(Kind::Attendance) << with(attendance(), {{"session_id", QVariant()}}) << QDate() << none
            << L {"session_id"} << L {mis};

        // attendance
        QTest::newRow("attendance bad session id")
            << K(Kind::Attendance) << with(attendance(), {{"session_id", "FH-XW-012"}}) << QDate() << none
            << L {"session_id"} << L {inv};
        QTest::newRow("attendance upper-case resident id")
            << K(Kind::Attendance) << with(attendance(), {{"resident_id", kResidentId.toUpper()}}) << QDate()
            << none << L {"resident_id"} << L {inv};

        // training
        QTest::newRow("ends before start")
            << K(Kind::TrainingSession) << with(session(), {{"ends_at", utc(2026, 12, 1, 0)}}) << QDate()
            << none << L {"ends_at"} << L {inv};
        QTest::newRow("ends at start")
            << K(Kind::TrainingSession) << with(session(), {{"ends_at", utc(2026, 12, 1, 1)}}) << QDate()
            << none << L {"ends_at"} << L {inv};
        QTest::newRow("offer ends before start")
            << K(Kind::TrainingOffer)
            << with(session(), {{"ends_at", utc(2026, 11, 30, 1)}, {"organiser", "区妇联"}}) << QDate()
            << none << L {"ends_at"} << L {inv};
        QTest::newRow("capacity 0") << K(Kind::TrainingSession) << with(session(), {{"capacity", 0}})
                                    << QDate() << none << L {} << L {};
        QTest::newRow("capacity 10000")
            << K(Kind::TrainingSession) << with(session(), {{"capacity", qint64(10000)}}) << QDate() << none
            << L {} << L {};
        QTest::newRow("capacity -1") << K(Kind::TrainingSession) << with(session(), {{"capacity", -1}})
                                     << QDate() << none << L {"capacity"} << L {inv};
        QTest::newRow("capacity 10001") << K(Kind::TrainingSession) << with(session(), {{"capacity", 10001}})
                                        << QDate() << none << L {"capacity"} << L {inv};
        QTest::newRow("unknown category")
            << K(Kind::TrainingSession) << with(session(), {{"category", "cooking"}}) << QDate() << none
            << L {"category"} << L {inv};

        // referral
        QTest::newRow("neither screening")
            << K(Kind::ScreeningReferral) << with(referral(), {{"cervical", false}}) << adult << none
            << L {"cervical"} << L {inv};
        QTest::newRow("neither screening, both null")
            << K(Kind::ScreeningReferral)
            << with(referral(), {{"cervical", QVariant()}, {"breast", QVariant()}}) << adult << none
            << L {"cervical"} << L {inv};
        QTest::newRow("breast only") << K(Kind::ScreeningReferral)
                                     << with(referral(), {{"cervical", false}, {"breast", true}}) << adult
                                     << none << L {} << L {};
        QTest::newRow("result without screened_on")
            << K(Kind::ScreeningReferral) << with(referral(), {{"result", "normal"}}) << adult << none
            << L {"result"} << L {inv};
        QTest::newRow("result date and notes without screened_on")
            << K(Kind::ScreeningReferral)
            << with(referral(), {{"result_on", QDate(2026, 12, 5)}, {"result_notes", QStringLiteral("复查")}})
            << adult << none << L {"result_on", "result_notes"} << L {inv, inv};
        const QVariantMap screened = with(referral(),
            {{"screened_on", QDate(2026, 12, 1)}, {"result", "normal"}, {"result_on", QDate(2026, 12, 5)}});
        QTest::newRow("screened, normal")
            << K(Kind::ScreeningReferral) << screened << adult << none << L {} << L {};
        QTest::newRow("diagnosed after normal")
            << K(Kind::ScreeningReferral) << with(screened, {{"diagnosed_on", QDate(2026, 12, 10)}}) << adult
            << none << L {"diagnosed_on"} << L {inv};
        QTest::newRow("diagnosed without result")
            << K(Kind::ScreeningReferral) << with(referral(), {{"diagnosed_on", QDate(2026, 12, 10)}})
            << adult << none << L {"diagnosed_on"} << L {inv};
        const QVariantMap abnormal = with(screened,
            {{"result", "abnormal"}, {"diagnosed_on", QDate(2026, 12, 10)},
                {"treated_on", QDate(2026, 12, 20)}});
        QTest::newRow("abnormal, diagnosed, treated")
            << K(Kind::ScreeningReferral) << abnormal << adult << none << L {} << L {};
        QTest::newRow("result before screening")
            << K(Kind::ScreeningReferral) << with(abnormal, {{"result_on", QDate(2026, 11, 30)}}) << adult
            << none << L {"result_on"} << L {inv};
        QTest::newRow("treated before diagnosed")
            << K(Kind::ScreeningReferral) << with(abnormal, {{"treated_on", QDate(2026, 12, 9)}}) << adult
            << none << L {"treated_on"} << L {inv};
        QTest::newRow("diagnosed before screening, no result date")
            << K(Kind::ScreeningReferral)
            << with(abnormal, {{"result_on", QVariant()}, {"diagnosed_on", QDate(2026, 11, 30)}}) << adult
            << none << L {"diagnosed_on"} << L {inv};
        QTest::newRow("screened before referral")
            << K(Kind::ScreeningReferral) << with(screened, {{"screened_on", QDate(2026, 11, 27)}}) << adult
            << none << L {"screened_on"} << L {inv};
        QTest::newRow("same-day milestones") << K(Kind::ScreeningReferral)
                                             << with(abnormal,
                                                    {{"screened_on", kToday}, {"result_on", kToday},
                                                        {"diagnosed_on", kToday}, {"treated_on", kToday}})
                                             << adult << none << L {} << L {};
        QTest::newRow("closed reason not in enum")
            << K(Kind::ScreeningReferral) << with(referral(), {{"closed_reason", "bored"}}) << adult << none
            << L {"closed_reason"} << L {inv};
        QTest::newRow("closed, declined")
            << K(Kind::ScreeningReferral) << with(referral(), {{"closed_reason", "declined"}}) << adult
            << none << L {} << L {};

        // family visit: DV and high risk (visit at 10:00 Shanghai on 2026-11-28)
        const QVariantMap dv = with(
            visit(), {{"dv_risk", true}, {"follow_up_needed", true}, {"next_visit_due", QDate(2026, 12, 5)}});
        QTest::newRow("dv, next visit in 7 days")
            << K(Kind::FamilyVisit) << dv << adult << none << L {} << L {};
        QTest::newRow("dv without follow-up")
            << K(Kind::FamilyVisit)
            << with(dv, {{"follow_up_needed", QVariant()}, {"next_visit_due", QVariant()}}) << adult << none
            << L {"follow_up_needed", "next_visit_due"} << L {mis, mis};
        QTest::newRow("dv, follow-up off") << K(Kind::FamilyVisit) << with(dv, {{"follow_up_needed", false}})
                                           << adult << none << L {"follow_up_needed"} << L {inv};
        QTest::newRow("dv, next visit in 8 days")
            << K(Kind::FamilyVisit) << with(dv, {{"next_visit_due", QDate(2026, 12, 6)}}) << adult << none
            << L {"next_visit_due"} << L {inv};
        const QVariantMap high = with(dv, {{"dv_risk", false}, {"risk_level", "high"}});
        QTest::newRow("high risk, next visit in 7 days")
            << K(Kind::FamilyVisit) << high << adult << none << L {} << L {};
        QTest::newRow("high risk, next visit in 8 days")
            << K(Kind::FamilyVisit) << with(high, {{"next_visit_due", QDate(2026, 12, 6)}}) << adult << none
            << L {"next_visit_due"} << L {inv};
        QTest::newRow("high risk, no next visit")
            << K(Kind::FamilyVisit) << with(high, {{"next_visit_due", QVariant()}}) << adult << none
            << L {"next_visit_due"} << L {mis};
        // 2026-11-27T17:00Z is 2026-11-28 01:00 in Shanghai: 7 days counts from the 28th.
        QTest::newRow("dv, local date of the visit")
            << K(Kind::FamilyVisit) << with(dv, {{"visited_at", utc(2026, 11, 27, 17)}}) << adult << none
            << L {} << L {};
        QTest::newRow("dv, local date of the visit, 8 days")
            << K(Kind::FamilyVisit)
            << with(dv, {{"visited_at", utc(2026, 11, 27, 15)}}) // 23:00 on the 27th in Shanghai
            << adult << none << L {"next_visit_due"} << L {inv};
        QTest::newRow("medium risk, no follow-up")
            << K(Kind::FamilyVisit) << with(visit(), {{"risk_level", "medium"}}) << adult << none << L {}
            << L {};
        QTest::newRow("next visit before the visit")
            << K(Kind::FamilyVisit) << with(visit(), {{"next_visit_due", QDate(2026, 11, 27)}}) << adult
            << none << L {"next_visit_due"} << L {inv};
        QTest::newRow("unknown purpose")
            << K(Kind::FamilyVisit) << with(visit(), {{"purposes", QStringList {"dv_follow_up", "gossip"}}})
            << adult << none << L {"purposes"} << L {inv};

        // under 14: sensitive fields of referrals and visits need the resident's guardian
        const QDate thirteen(2012, 11, 29);
        const QVariantMap childReferral
            = with(screened, {{"age_exception_reason", QStringLiteral("医生建议")}});
        QTest::newRow("13, referral result, no guardian")
            << K(Kind::ScreeningReferral) << childReferral << thirteen << none << L {"result"} << L {inv};
        QTest::newRow("13, referral result, guardian")
            << K(Kind::ScreeningReferral) << childReferral << thirteen << QStringLiteral("王建国") << L {}
            << L {};
        QTest::newRow("13, no guardian, diagnosed after normal")
            << K(Kind::ScreeningReferral) << with(childReferral, {{"diagnosed_on", QDate(2026, 12, 10)}})
            << thirteen << none << L {"result", "diagnosed_on"} << L {inv, inv};
        QTest::newRow("13, referral without sensitive fields")
            << K(Kind::ScreeningReferral)
            << with(referral(), {{"age_exception_reason", QStringLiteral("医生建议")}}) << thirteen << none
            << L {} << L {};
        QTest::newRow("13, visit with dv risk and notes, no guardian")
            << K(Kind::FamilyVisit) << with(dv, {{"notes", QStringLiteral("情况")}}) << thirteen << none
            << L {"dv_risk", "notes"} << L {inv, inv};
        QTest::newRow("13, visit, guardian")
            << K(Kind::FamilyVisit) << with(dv, {{"notes", QStringLiteral("情况")}}) << thirteen
            << QStringLiteral("王建国") << L {} << L {};
        QTest::newRow("14th birthday today, visit")
            << K(Kind::FamilyVisit) << dv << QDate(2012, 11, 28) << none << L {} << L {};
    }
    void records()
    {
        QFETCH(int, kind);
        QFETCH(QVariantMap, values);
        QFETCH(QDate, residentBirth);
        QFETCH(QString, guardian);
        QFETCH(QStringList, errorFields);
        QFETCH(QStringList, errorCodes);
        const Kind k = static_cast<Kind>(kind);
        const auto errors = validateRecord(k, values, {kToday, residentBirth, guardian});
        QStringList fields;
        QStringList codes;
        for (const auto &e : errors) {
            fields << e.field;
            codes << e.code;
        }
        // compare as sets of field/code pairs; the order of errors is not part of the contract
        QStringList got;
        QStringList want;
        for (int i = 0; i < fields.size(); ++i)
            got << fields[i] + QLatin1Char('/') + codes[i];
        for (int i = 0; i < errorFields.size(); ++i)
            want << errorFields[i] + QLatin1Char('/') + errorCodes.value(i);
        got.sort();
        want.sort();
        QVERIFY2(got == want, qPrintable(describe(errors)));
        verifyMessages(k, errors);
    }

    // validateRecordRules (values already checked one by one, as the district's push decodes them) gives
    // exactly validateRecord's errors, messages and order included: every row of the table above, with
    // the values that would fail validateValue left out (those are the decoder's to reject).
    void rulesOnlyAgreeWithValidateRecord_data() { records_data(); }
    void rulesOnlyAgreeWithValidateRecord()
    {
        QFETCH(int, kind);
        QFETCH(QVariantMap, values);
        QFETCH(QDate, residentBirth);
        QFETCH(QString, guardian);
        const Kind k = static_cast<Kind>(kind);
        QVariantMap checked;
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            const FieldSpec createdAt{kCreatedAt, FieldType::Instant};
            const FieldSpec deleted{kDeleted, FieldType::Bool};
            const FieldSpec *spec = it.key() == QLatin1String(kCreatedAt) ? &createdAt
                : it.key() == QLatin1String(kDeleted)                    ? &deleted
                                                                         : fieldSpec(k, it.key());
            if (spec && validateValue(k, *spec, it.value()))
                continue;
            checked.insert(it.key(), it.value());
        }
        const ValidationContext ctx{kToday, residentBirth, guardian};
        const auto full = validateRecord(k, checked, ctx);
        const auto rules = validateRecordRules(k, checked, ctx);
        const auto same = [](const QList<FieldError> &got, const QList<FieldError> &want) {
            QCOMPARE(got.size(), want.size());
            for (qsizetype i = 0; i < want.size(); ++i) {
                QCOMPARE(got[i].field, want[i].field);
                QCOMPARE(got[i].code, want[i].code);
                QCOMPARE(got[i].messageZh, want[i].messageZh);
                QCOMPARE(got[i].messageEn, want[i].messageEn);
            }
        };
        same(rules, full);
        if (QTest::currentTestFailed())
            return;
        // And without the map (as the district checks a new record): the same values as a flat run in
        // name order.
        QList<FieldValueRef> flat;
        for (auto it = checked.cbegin(); it != checked.cend(); ++it)
            flat.append({it.key(), &it.value()});
        same(validateRecordRules(k, flat, ctx), full);
    }
    // The rows above do exercise the rules: a cross-field rule, a required field, an unknown field and
    // a null value each still give their error without the per-value checks.
    void rulesOnlyStillReject()
    {
        const ValidationContext ctx{kToday, {}, {}};
        const auto fieldsOf = [](const QList<FieldError> &errors) {
            QStringList out;
            for (const auto &e : errors)
                out << e.field + QLatin1Char('/') + e.code;
            return out;
        };
        QVariantMap badVisit = with(visit(), {{"dv_risk", true}});
        badVisit.remove(QStringLiteral("follow_up_needed"));
        QVERIFY(fieldsOf(validateRecordRules(Kind::FamilyVisit, badVisit, ctx)).contains(QStringLiteral("follow_up_needed/missing_field")));
        QVariantMap noName = resident();
        noName.insert(QStringLiteral("name"), QVariant());
        QCOMPARE(fieldsOf(validateRecordRules(Kind::Resident, noName, ctx)), QStringList{QStringLiteral("name/missing_field")});
        QVariantMap unknown = resident();
        unknown.insert(QStringLiteral("shoe_size"), 38);
        QCOMPARE(fieldsOf(validateRecordRules(Kind::Resident, unknown, ctx)), QStringList{QStringLiteral("shoe_size/unknown_field")});
        QVariantMap late = with(resident(), {{"birth_date", kToday.addDays(1)}});
        QCOMPARE(fieldsOf(validateRecordRules(Kind::Resident, late, ctx)), fieldsOf(validateRecord(Kind::Resident, late, ctx)));
        QVERIFY(!validateRecordRules(Kind::Resident, late, ctx).isEmpty());
    }

    // ---- single values -----------------------------------------------------------------------------

    void values_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<bool>("valid");
        const auto K = [](Kind k) { return static_cast<int>(k); };
        const auto R = K(Kind::Resident);
        const auto S = K(Kind::TrainingSession);
        QTest::newRow("null") << R << "birth_date" << QVariant() << true;
        QTest::newRow("nullptr") << R << "birth_date" << QVariant::fromValue(nullptr) << true;
        QTest::newRow("text as int") << R << "name" << QVariant(5) << false;
        QTest::newRow("text as bytes") << R << "name" << QVariant(QByteArray("x")) << false;
        QTest::newRow("date as string")
            << R << "birth_date" << QVariant(QStringLiteral("1980-01-01")) << false;
        QTest::newRow("date as datetime") << R << "birth_date" << QVariant(utc(1980, 1, 1, 0)) << false;
        QTest::newRow("invalid date") << R << "birth_date" << QVariant(QDate()) << false;
        QTest::newRow("date 2101") << R << "birth_date" << QVariant(QDate(2101, 1, 1)) << false;
        QTest::newRow("date 1900") << R << "birth_date" << QVariant(QDate(1900, 1, 1)) << true;
        QTest::newRow("instant") << R << "consent_general_at" << QVariant(utc(2026, 11, 28, 2)) << true;
        QTest::newRow("instant, other zone")
            << R << "consent_general_at" << QVariant(QDateTime(kToday, QTime(10, 0), QTimeZone(8 * 3600)))
            << true;
        QTest::newRow("instant as date") << R << "consent_general_at" << QVariant(kToday) << false;
        QTest::newRow("instant as string")
            << R << "consent_general_at" << QVariant(QStringLiteral("2026-11-28T02:15:00.000Z")) << false;
        QTest::newRow("invalid instant") << R << "consent_general_at" << QVariant(QDateTime()) << false;
        QTest::newRow("instant 1800") << R << "consent_general_at" << QVariant(utc(1800, 1, 1, 0)) << false;
        QTest::newRow("bool") << R << "needs_review" << QVariant(true) << true;
        QTest::newRow("bool as int") << R << "needs_review" << QVariant(1) << false;
        QTest::newRow("bool as string") << R << "needs_review" << QVariant(QStringLiteral("true")) << false;
        QTest::newRow("int") << S << "capacity" << QVariant(qint64(12)) << true;
        QTest::newRow("int as int") << S << "capacity" << QVariant(12) << true;
        QTest::newRow("int as double") << S << "capacity" << QVariant(12.5) << false;
        QTest::newRow("int as string") << S << "capacity" << QVariant(QStringLiteral("12")) << false;
        QTest::newRow("int as bool") << S << "capacity" << QVariant(true) << false;
        QTest::newRow("enum") << R << "gender" << QVariant(QStringLiteral("F")) << true;
        QTest::newRow("enum lower case") << R << "gender" << QVariant(QStringLiteral("f")) << false;
        QTest::newRow("enum as int") << R << "gender" << QVariant(0) << false;
        QTest::newRow("set") << R << "tags" << QVariant(QStringList {QStringLiteral("migrant")}) << true;
        QTest::newRow("empty set") << R << "tags" << QVariant(QStringList {}) << true;
        QTest::newRow("set as string") << R << "tags" << QVariant(QStringLiteral("migrant")) << false;
        QTest::newRow("set, unknown member")
            << R << "tags" << QVariant(QStringList {QStringLiteral("rich")}) << false;
        QTest::newRow("ref") << R << "merged_into" << QVariant(kResidentId) << true;
        QTest::newRow("ref, not a uuid") << R << "merged_into" << QVariant(QStringLiteral("abc")) << false;
        QTest::newRow("ref, empty") << R << "merged_into" << QVariant(QString()) << false;
        QTest::newRow("text list") << K(Kind::Station) << "villages"
                                   << QVariant(
                                          QStringList {QStringLiteral("新湾村"), QStringLiteral("东港社区")})
                                   << true;
        QTest::newRow("text list, blank entry")
            << K(Kind::Station) << "villages" << QVariant(QStringList {QStringLiteral("新湾村"), QString()})
            << false;
        QTest::newRow("text list, long entry")
            << K(Kind::Station) << "villages" << QVariant(QStringList {QString(51, u'村')}) << false;
        QTest::newRow("text list as string")
            << K(Kind::Station) << "villages" << QVariant(QStringLiteral("新湾村")) << false;
    }
    void values()
    {
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QVariant, value);
        QFETCH(bool, valid);
        const Kind k = static_cast<Kind>(kind);
        const FieldSpec *spec = fieldSpec(k, field);
        QVERIFY(spec);
        const auto e = validateValue(k, *spec, value);
        QVERIFY2(e.has_value() != valid, e ? qPrintable(e->messageEn) : "no error");
        if (e) {
            QCOMPARE(e->field, field);
            QCOMPARE(e->code, QStringLiteral("invalid_field"));
            verifyMessages(k, {*e});
        }
    }

    void visitNeedsFollowUpRule()
    {
        QVERIFY(!visitNeedsFollowUp(visit()));
        QVERIFY(visitNeedsFollowUp(with(visit(), {{QStringLiteral("dv_risk"), true}})));
        QVERIFY(visitNeedsFollowUp(with(visit(), {{QStringLiteral("risk_level"), QStringLiteral("high")}})));
        QVERIFY(
            !visitNeedsFollowUp(with(visit(), {{QStringLiteral("risk_level"), QStringLiteral("medium")}})));
        QVERIFY(!visitNeedsFollowUp({}));
        // a string is not a bool
        QVERIFY(!visitNeedsFollowUp(with(visit(), {{QStringLiteral("dv_risk"), QStringLiteral("false")}})));
    }

    void unknownFieldNamesAreShortened()
    {
        const QString longName = QString(1000, u'a') + QChar(1);
        const auto errors = validateRecord(Kind::Staff, with(staff(), {{longName, 1}}), {kToday, {}, {}});
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0].code, QStringLiteral("unknown_field"));
        QVERIFY(errors[0].field.size() <= 64);
        QVERIFY(errors[0].messageEn.size() < 200);
        QVERIFY(!errors[0].messageEn.contains(QChar(1)));
    }

    void messagesDoNotQuoteSensitiveValues()
    {
        const QString id = QStringLiteral("110105194912310021");
        const auto errors = validateRecord(Kind::Resident,
            with(resident(),
                {{QStringLiteral("id_number"), id},
                    {QStringLiteral("phone"), QStringLiteral("12812345678")}}),
            {kToday, {}, {}});
        QCOMPARE(errors.size(), 2);
        for (const auto &e : errors) {
            QVERIFY(!e.messageZh.contains(QStringLiteral("1949")));
            QVERIFY(!e.messageEn.contains(QStringLiteral("1949")));
            QVERIFY(!e.messageZh.contains(QStringLiteral("12812345678")));
            QVERIFY(!e.messageEn.contains(QStringLiteral("12812345678")));
        }
    }

    // ---- labels ------------------------------------------------------------------------------------

    void labels()
    {
        QCOMPARE(fieldLabelZh(Kind::Resident, u"id_number"), QStringLiteral("身份证号"));
        QCOMPARE(fieldLabelEn(Kind::Resident, u"id_number"), QStringLiteral("ID number"));
        QCOMPARE(fieldLabel(Kind::Resident, u"phone", false), QStringLiteral("Phone"));
        QCOMPARE(fieldLabelZh(Kind::Station, u"name"), QStringLiteral("站点名称"));
        QCOMPARE(fieldLabelZh(Kind::Resident, u"name"), QStringLiteral("姓名"));
        QCOMPARE(fieldLabelZh(Kind::Resident, u"no_such_field"), QStringLiteral("no_such_field"));
        QCOMPARE(fieldLabelZh(Kind::Staff, u"birth_date"), QStringLiteral("birth_date")); // not a staff field
        QCOMPARE(fieldLabelZh(Kind::Staff, u"created_at"), QStringLiteral("创建时间"));
        QCOMPARE(valueLabelZh(u"category", u"practical_skills"), QStringLiteral("实用技术"));
        QCOMPARE(valueLabelZh(u"tags", u"left_behind"), QStringLiteral("留守"));
        QCOMPARE(valueLabelZh(u"purposes", u"dv_follow_up"), QStringLiteral("家暴回访"));
        QCOMPARE(valueLabelZh(u"purposes", u"dispute_mediation"), QStringLiteral("婚姻家庭调解"));
        QCOMPARE(valueLabelZh(u"registered_via", u"kiosk"), QStringLiteral("自助报名"));
        QCOMPARE(valueLabel(u"gender", u"F"), QStringLiteral("女"));
        QCOMPARE(valueLabel(u"gender", u"F", false), QStringLiteral("Female"));
        QCOMPARE(valueLabelZh(u"gender", u"Q"), QStringLiteral("Q"));
    }

    void everyFieldAndValueHasLabels()
    {
        for (Kind kind : allKinds()) {
            QVERIFY(kindLabelZh(kind) != kindName(kind));
            QVERIFY(!kindLabelEn(kind).isEmpty());
            QStringList fields;
            for (const auto &spec : kindSpec(kind).fields)
                fields << QLatin1String(spec.name);
            fields << QLatin1String(kCreatedAt) << QLatin1String(kDeleted);
            for (const QString &f : fields) {
                const QString what = kindName(kind) + QLatin1Char('.') + f;
                QVERIFY2(fieldLabelZh(kind, f) != f, qPrintable(what));
                QVERIFY2(fieldLabelEn(kind, f) != f, qPrintable(what));
            }
            for (const auto &spec : kindSpec(kind).fields) {
                const QString field = QLatin1String(spec.name);
                for (const char *v : spec.values) {
                    const QString value = QLatin1String(v);
                    const QString what = field + QLatin1Char('=') + value;
                    QVERIFY2(valueLabelZh(field, value) != value, qPrintable(what));
                    QVERIFY2(valueLabelEn(field, value) != value, qPrintable(what));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
