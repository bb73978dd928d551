#include "appfixture.h"

#include "home/duelistmodel.h"
#include "home/homeservice.h"
#include "referrals/referralservice.h"
#include "residents/residentlistmodel.h"
#include "residents/residentservice.h"
#include "shell/appsettings.h"
#include "shell/labels.h"
#include "shell/stafflistmodel.h"
#include "trainings/rostermodel.h"
#include "trainings/sessionlistmodel.h"
#include "trainings/trainingservice.h"
#include "visits/visitservice.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace lanxin;
using namespace lanxin::test;

namespace {

QStringList column(const QAbstractItemModel &m, const QByteArray &role)
{
    const int r = m.roleNames().key(role, -1);
    QStringList out;
    for (int i = 0; i < m.rowCount(); ++i)
        out << m.data(m.index(i, 0), r).toString();
    return out;
}

QVariant cell(const QAbstractItemModel &m, int row, const QByteArray &role)
{
    return m.data(m.index(row, 0), m.roleNames().key(role, -1));
}

// Every tester below runs with setUseFetchMore(false): Qt 6.4's tester calls fetchMore() from its
// modelReset handler before it has marked the reset as finished, so a paged model that inserts its
// next page there is reported as inserting during a reset. The tests page explicitly instead.
void fetchAll(QAbstractItemModel &m)
{
    while (m.canFetchMore({}))
        m.fetchMore({});
}

/// Many residents at once, in one transaction (seconds, not minutes, in a debug build).
QStringList addResidents(StationStore &store, int n)
{
    QStringList ids;
    auto r = store.database().transaction([&]() -> Result<void> {
        for (int i = 0; i < n; ++i) {
            auto created = store.residents().create(resident(QStringLiteral("张%1").arg(QChar(0x4e00 + i % 500)),
                                                             QDate(1960 + i % 40, 1 + i % 12, 1 + i % 28)));
            if (!created)
                return created.error();
            ids << created->envelope.id;
        }
        return {};
    });
    if (!r)
        qFatal("%s", qPrintable(r.error().message));
    return ids;
}

} // namespace

class TestAppModels : public QObject
{
    Q_OBJECT
private slots:
    void residentSearchPagesAndNeverLoadsEverything()
    {
        AppFixture f;
        addResidents(f.store, 1200);
        ResidentListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        model.setPageSize(100);
        model.reload();
        QCOMPARE(model.rowCount(), 100);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 200);
        // Search resets to the first page of the matches.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setQuery(QStringLiteral("zhang"));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 100);
        fetchAll(model);
        QCOMPARE(model.rowCount(), 1200);
        QVERIFY(!model.canFetchMore({}));
        model.setQuery(QStringLiteral("没有这个人"));
        QCOMPARE(model.rowCount(), 0);
        // Masked numbers only.
        Resident r = resident(QStringLiteral("赵晓英"), QDate(1970, 5, 1));
        r.phone = QStringLiteral("13812345678");
        r.idNumber = QStringLiteral("110105197005010027");
        QVERIFY(f.store.residents().create(r));
        model.setQuery(QStringLiteral("zxy"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, "maskedPhone").toString(), QStringLiteral("138****5678"));
        QCOMPARE(cell(model, 0, "maskedIdNumber").toString(), QStringLiteral("1101**********0027"));
        QCOMPARE(cell(model, 0, "age").toInt(), 56);
    }

    void reviewListShowsKioskSignUps()
    {
        AppFixture f;
        Resident kiosk = resident(QStringLiteral("刘芳"), QDate(1980, 3, 3));
        kiosk.needsReview = true;
        const QString id = f.store.residents().create(kiosk)->envelope.id;
        QVERIFY(f.store.residents().create(resident(QStringLiteral("刘芳"), QDate(1980, 3, 3))));
        ResidentListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        model.setReviewOnly(true);
        model.reload();
        QCOMPARE(column(model, "residentId"), QStringList{id});
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
        QCOMPARE(ResidentService::instance()->duplicatesOf(id).size(), 1);
        QVERIFY(ResidentService::instance()->confirm(id).value(QStringLiteral("ok")).toBool());
        model.reload();
        QCOMPARE(model.rowCount(), 0);
    }

    void sessionsByStatusAndDate()
    {
        AppFixture f;
        auto add = [&](int days, const QString &status) {
            TrainingSession s;
            s.title = QStringLiteral("培训%1").arg(days);
            s.category = QStringLiteral("health");
            s.startsAt = QDateTime(f.clock.today().addDays(days), QTime(9, 0), localZone()).toUTC();
            s.status = status;
            s.capacity = 30;
            return f.store.sessions().create(s)->envelope.id;
        };
        const QString today = add(0, QStringLiteral("open"));
        add(3, QStringLiteral("planned"));
        add(5, QStringLiteral("cancelled"));
        add(-7, QStringLiteral("closed"));
        add(-30, QStringLiteral("closed"));
        const QString r = f.store.residents().create(resident(QStringLiteral("张秀英"), QDate(1970, 1, 1)))->envelope.id;
        QVERIFY(f.store.attendances().checkIn(today, r));

        SessionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        model.reload();
        QCOMPARE(column(model, "title"), (QStringList{QStringLiteral("培训0"), QStringLiteral("培训3")}));
        QCOMPARE(cell(model, 0, "checkedIn").toInt(), 1);
        QCOMPARE(cell(model, 0, "registered").toInt(), 1);
        QCOMPARE(cell(model, 0, "capacity").toInt(), 30);
        QCOMPARE(cell(model, 0, "startTime").toString(), QStringLiteral("09:00"));
        model.setFilter(QStringLiteral("past"));
        QCOMPARE(column(model, "title"), (QStringList{QStringLiteral("培训-7"), QStringLiteral("培训-30")}));
        model.setFilter(QStringLiteral("today"));
        QCOMPARE(column(model, "title"), QStringList{QStringLiteral("培训0")});
        model.setFilter(QStringLiteral("all"));
        model.setPageSize(2);
        model.reload();
        QCOMPARE(model.rowCount(), 2);
        fetchAll(model);
        QCOMPARE(model.rowCount(), 5);
    }

    void rosterChecksInWithOneTapAndUndoes()
    {
        AppFixture f;
        QVERIFY(f.unlock(f.volunteerId, QLatin1String(kVolunteerPin)));
        TrainingService &trainings = *TrainingService::instance();
        const QVariantMap saved = trainings.save({}, {{QStringLiteral("title"), QStringLiteral("电商直播入门")},
                                                      {QStringLiteral("category"), QStringLiteral("digital_skills")},
                                                      {QStringLiteral("date"), QStringLiteral("2026-11-28")},
                                                      {QStringLiteral("startTime"), QStringLiteral("14:00")},
                                                      {QStringLiteral("endTime"), QStringLiteral("16:00")},
                                                      {QStringLiteral("capacity"), QStringLiteral("2")},
                                                      {QStringLiteral("status"), QStringLiteral("open")},
                                                      {QStringLiteral("selfRegistration"), true}});
        QVERIFY2(saved.value(QStringLiteral("ok")).toBool(), qPrintable(saved.value(QStringLiteral("message")).toString()));
        const QString session = saved.value(QStringLiteral("id")).toString();
        const QStringList people = addResidents(f.store, 3);
        QVERIFY(trainings.registerResident(session, people.at(0), false).value(QStringLiteral("ok")).toBool());
        QVERIFY(trainings.registerResident(session, people.at(1), false).value(QStringLiteral("ok")).toBool());

        RosterModel roster;
        QAbstractItemModelTester tester(&roster, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        roster.setSessionId(session);
        QCOMPARE(roster.rowCount(), 2);
        QCOMPARE(roster.registered(), 2);
        QCOMPARE(roster.checkedIn(), 0);
        QCOMPARE(cell(roster, 0, "via").toString(), QStringLiteral("staff"));
        QSignalSpy changed(&roster, &QAbstractItemModel::dataChanged);
        QVERIFY(roster.setCheckedIn(0, true));
        QCOMPARE(changed.size(), 1);
        QVERIFY(cell(roster, 0, "checkedIn").toBool());
        QCOMPARE(cell(roster, 0, "checkedInAt").toString(), QStringLiteral("10:00"));
        QCOMPARE(roster.checkedIn(), 1);
        QVERIFY(roster.setCheckedIn(0, false));
        QVERIFY(!cell(roster, 0, "checkedIn").toBool());
        QCOMPARE(roster.checkedIn(), 0);
        // A walk-in is registered and checked in at once, even beyond capacity (shown, not refused).
        const QVariantMap walkIn = roster.addWalkIn(people.at(2));
        QVERIFY(walkIn.value(QStringLiteral("ok")).toBool());
        QCOMPARE(roster.rowCount(), 3);
        const int row = roster.rowOf(people.at(2));
        QCOMPARE(cell(roster, row, "via").toString(), QStringLiteral("walk_in"));
        QVERIFY(cell(roster, row, "checkedIn").toBool());
        QCOMPARE(roster.registered(), 3);
        QVERIFY(roster.addWalkIn(people.at(2)).value(QStringLiteral("already")).toBool());
        QCOMPARE(roster.rowCount(), 3);
        // Who did it: the attendance was audited under the volunteer.
        QVERIFY(trainings.setStatus(session, QStringLiteral("closed")).value(QStringLiteral("ok")).toBool());
        QCOMPARE(trainings.get(session).value(QStringLiteral("status")).toString(), QStringLiteral("closed"));
    }

    void trainingFormErrorsStandAtTheirFields()
    {
        AppFixture f;
        const QVariantMap r = TrainingService::instance()->save(
            {}, {{QStringLiteral("title"), QString()}, {QStringLiteral("category"), QStringLiteral("health")},
                 {QStringLiteral("date"), QStringLiteral("2026-13-01")}, {QStringLiteral("startTime"), QStringLiteral("9点")},
                 {QStringLiteral("capacity"), QStringLiteral("很多")}, {QStringLiteral("status"), QStringLiteral("planned")}});
        QVERIFY(!r.value(QStringLiteral("ok")).toBool());
        const QVariantMap errors = r.value(QStringLiteral("errors")).toMap();
        QVERIFY(errors.contains(QStringLiteral("date")));
        QVERIFY(errors.contains(QStringLiteral("startTime")));
        QVERIFY(errors.contains(QStringLiteral("capacity")));
        QVERIFY(errors.contains(QStringLiteral("title")));
        QCOMPARE(f.store.sessions().count({}), 0);
    }

    void residentFormKeepsNumbersMaskedForVolunteers()
    {
        AppFixture f;
        ResidentService &residents = *ResidentService::instance();
        QVERIFY(f.unlock(f.volunteerId, QLatin1String(kVolunteerPin)));
        QVariantMap form{{QStringLiteral("name"), QStringLiteral("周丽")},
                         {QStringLiteral("gender"), QStringLiteral("F")},
                         {QStringLiteral("birth_date"), QStringLiteral("1970-05-01")},
                         {QStringLiteral("id_number"), QStringLiteral("110105197005010028")}, // wrong check digit
                         {QStringLiteral("phone"), QStringLiteral("138 1234 5678")},
                         {QStringLiteral("village"), QStringLiteral("白杜村")}};
        QVariantMap r = residents.save({}, form);
        QVERIFY(!r.value(QStringLiteral("ok")).toBool());
        QCOMPARE(r.value(QStringLiteral("errors")).toMap().keys(), QStringList{QStringLiteral("id_number")});
        QVERIFY(r.value(QStringLiteral("errors")).toMap().value(QStringLiteral("id_number")).toString().contains(QStringLiteral("校验位")));
        form.insert(QStringLiteral("id_number"), QStringLiteral("110105197005010027"));
        r = residents.save({}, form);
        QVERIFY(r.value(QStringLiteral("ok")).toBool());
        const QString id = r.value(QStringLiteral("id")).toString();
        QCOMPARE(f.store.residents().get(id)->phone, QStringLiteral("13812345678"));

        QVariantMap edit = residents.getForEdit(id);
        QVERIFY(edit.value(QStringLiteral("id_number")).toString().isEmpty());
        QCOMPARE(edit.value(QStringLiteral("maskedIdNumber")).toString(), QStringLiteral("1101**********0027"));
        // Leaving the masked field empty keeps the number.
        edit.insert(QStringLiteral("address"), QStringLiteral("白杜村3组"));
        QVERIFY(residents.save(id, edit).value(QStringLiteral("ok")).toBool());
        QCOMPARE(f.store.residents().get(id)->idNumber, QStringLiteral("110105197005010027"));
        // The director's edit screen shows them whole.
        f.services->session().lock();
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
        QCOMPARE(residents.getForEdit(id).value(QStringLiteral("id_number")).toString(), QStringLiteral("110105197005010027"));
        QCOMPARE(residents.get(id).value(QStringLiteral("id_number")).toString(), QString());
        // A duplicate is found before it is made.
        QCOMPARE(residents.duplicates({}, form).size(), 1);
        // English messages when the app is in English.
        f.services->settings().setLanguage(QStringLiteral("en"));
        form.insert(QStringLiteral("phone"), QStringLiteral("12345"));
        const QString message = residents.validate({}, form).value(QStringLiteral("errors")).toMap().value(QStringLiteral("phone")).toString();
        QVERIFY2(message.startsWith(QLatin1String("Phone")), qPrintable(message));
        f.services->settings().setLanguage(QStringLiteral("zh_CN"));
    }

    void dueListPutsRiskyVisitsOnTop()
    {
        AppFixture f;
        QVERIFY(f.unlock(f.volunteerId, QLatin1String(kVolunteerPin)));
        const QStringList people = addResidents(f.store, 3);
        VisitService &visits = *VisitService::instance();
        auto log = [&](const QString &who, const QString &date, const QString &risk, bool dv, const QString &next,
                       const QString &follows = {}) {
            return visits.save({{QStringLiteral("resident_id"), who}, {QStringLiteral("date"), date},
                                {QStringLiteral("time"), QStringLiteral("10:00")},
                                {QStringLiteral("purposes"), QStringList{QStringLiteral("elderly_care")}},
                                {QStringLiteral("risk_level"), risk}, {QStringLiteral("dv_risk"), dv},
                                {QStringLiteral("follow_up_needed"), !next.isEmpty()},
                                {QStringLiteral("next_visit_due"), next}, {QStringLiteral("follows_visit_id"), follows}});
        };
        QVERIFY(log(people.at(0), QStringLiteral("2026-10-01"), QStringLiteral("low"), false, QStringLiteral("2026-11-01"))
                    .value(QStringLiteral("ok")).toBool());
        // The DV rule in the service: forgetting the follow-up switch does not get past it...
        QVariantMap dv = log(people.at(1), QStringLiteral("2026-11-27"), QStringLiteral("none"), true, QString());
        QVERIFY(!dv.value(QStringLiteral("ok")).toBool());
        QVERIFY(dv.value(QStringLiteral("errors")).toMap().contains(QStringLiteral("next_visit_due")));
        QVERIFY(!log(people.at(1), QStringLiteral("2026-11-27"), QStringLiteral("none"), true, QStringLiteral("2026-12-20"))
                     .value(QStringLiteral("ok")).toBool()); // beyond 7 days
        dv = log(people.at(1), QStringLiteral("2026-11-27"), QStringLiteral("none"), true, QStringLiteral("2026-12-03"));
        QVERIFY(dv.value(QStringLiteral("ok")).toBool());
        const auto saved = f.store.visits().get(dv.value(QStringLiteral("id")).toString());
        QVERIFY(saved->followUpNeeded);
        QCOMPARE(saved->visitor, f.volunteerId);

        DueListModel due;
        QAbstractItemModelTester tester(&due, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        due.reload();
        QCOMPARE(due.rowCount(), 2);
        QVERIFY(cell(due, 0, "priority").toBool()); // not yet due, and still on top
        QCOMPARE(cell(due, 0, "recordId").toString(), dv.value(QStringLiteral("id")).toString());
        QCOMPARE(cell(due, 0, "daysLate").toInt(), -5);
        QVERIFY(!cell(due, 1, "priority").toBool());
        QCOMPARE(cell(due, 1, "daysLate").toInt(), 27);

        // The follow-up visit closes it.
        QCOMPARE(visits.openFollowUps(people.at(1)).size(), 1);
        QVERIFY(log(people.at(1), QStringLiteral("2026-11-28"), QStringLiteral("none"), false, QString(),
                    dv.value(QStringLiteral("id")).toString())
                    .value(QStringLiteral("ok")).toBool());
        due.reload();
        QCOMPARE(due.rowCount(), 1);
        QVERIFY(!cell(due, 0, "priority").toBool());
        HomeService::instance()->refresh();
        QCOMPARE(HomeService::instance()->counts().value(QStringLiteral("visits")).toInt(), 2);
    }

    void referralMilestonesDeriveTheStatus()
    {
        AppFixture f;
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
        ReferralService &referrals = *ReferralService::instance();
        const QString young = f.store.residents().create(resident(QStringLiteral("陈静"), QDate(2000, 1, 1)))->envelope.id;
        QVERIFY(!referrals.ageCheck(young, QStringLiteral("2026-11-28")).value(QStringLiteral("inRange")).toBool());
        QVariantMap form{{QStringLiteral("resident_id"), young},
                         {QStringLiteral("cervical"), true},
                         {QStringLiteral("breast"), false},
                         {QStringLiteral("referred_on"), QStringLiteral("2026-11-28")},
                         {QStringLiteral("facility_code"), referrals.facilities().first().toMap().value(QStringLiteral("code"))},
                         {QStringLiteral("appointment_date"), QStringLiteral("2026-12-05")}};
        QVariantMap r = referrals.save({}, form);
        QVERIFY(r.value(QStringLiteral("errors")).toMap().contains(QStringLiteral("age_exception_reason")));
        form.insert(QStringLiteral("age_exception_reason"), QStringLiteral("家族史，医生建议"));
        r = referrals.save({}, form);
        QVERIFY(r.value(QStringLiteral("ok")).toBool());
        const QString id = r.value(QStringLiteral("id")).toString();
        QCOMPARE(referrals.get(id).value(QStringLiteral("status")).toString(), QStringLiteral("referred"));
        QCOMPARE(referrals.get(id).value(QStringLiteral("follow_up_due")).toString(), QStringLiteral("2026-12-08"));
        QVERIFY(referrals.save(id, {{QStringLiteral("screened_on"), QStringLiteral("2026-12-05")}}).value(QStringLiteral("ok")).toBool());
        QCOMPARE(referrals.get(id).value(QStringLiteral("status")).toString(), QStringLiteral("screened"));
        QCOMPARE(referrals.get(id).value(QStringLiteral("follow_up_due")).toString(), QStringLiteral("2026-12-19"));
        // A diagnosis needs an abnormal result first: the error stands at the field.
        r = referrals.save(id, {{QStringLiteral("diagnosed_on"), QStringLiteral("2026-12-20")}});
        QVERIFY(r.value(QStringLiteral("errors")).toMap().contains(QStringLiteral("diagnosed_on")));
        QVERIFY(referrals.save(id, {{QStringLiteral("result"), QStringLiteral("abnormal")},
                                    {QStringLiteral("result_on"), QStringLiteral("2026-12-12")}})
                    .value(QStringLiteral("ok")).toBool());
        QCOMPARE(referrals.get(id).value(QStringLiteral("status")).toString(), QStringLiteral("result"));
        QVERIFY(referrals.save(id, {{QStringLiteral("diagnosed_on"), QStringLiteral("2026-12-20")}}).value(QStringLiteral("ok")).toBool());
        QVERIFY(referrals.save(id, {{QStringLiteral("treated_on"), QStringLiteral("2027-01-10")}}).value(QStringLiteral("ok")).toBool());
        QCOMPARE(referrals.get(id).value(QStringLiteral("status")).toString(), QStringLiteral("treated"));
        QVERIFY(referrals.get(id).value(QStringLiteral("follow_up_due")).toString().isEmpty());

        HistoryModel history;
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        history.setResidentId(young);
        QCOMPARE(history.rowCount(), 1);
        QCOMPARE(cell(history, 0, "status").toString(), QStringLiteral("treated"));
        QCOMPARE(cell(history, 0, "screenings").toStringList(), QStringList{QStringLiteral("cervical")});
    }

    void historyPagesThroughAllKinds()
    {
        AppFixture f;
        const QString r = f.store.residents().create(resident(QStringLiteral("张秀英"), QDate(1970, 1, 1)))->envelope.id;
        for (int i = 0; i < 120; ++i) {
            FamilyVisit v;
            v.residentId = r;
            v.visitedAt = f.clock.now().addDays(-i - 1);
            v.purposes = {QStringLiteral("elderly_care")};
            QVERIFY(f.store.visits().create(v));
        }
        HistoryModel history;
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        history.setPageSize(50);
        history.setResidentId(r);
        QCOMPARE(history.rowCount(), 50);
        fetchAll(history);
        QCOMPARE(history.rowCount(), 120);
        QVERIFY(cell(history, 0, "date").toString() > cell(history, 119, "date").toString());
    }

    void staffListForTheDirector()
    {
        AppFixture f;
        StaffListModel staff;
        QAbstractItemModelTester tester(&staff, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        staff.reload();
        QCOMPARE(staff.rowCount(), 2);
        QCOMPARE(cell(staff, 0, "role").toString(), QStringLiteral("director"));
        QVERIFY(cell(staff, 0, "hasPin").toBool());
        QVERIFY(!staff.add({{QStringLiteral("name"), QStringLiteral("新人")}, {QStringLiteral("role"), QStringLiteral("volunteer")}})
                     .value(QStringLiteral("ok")).toBool()); // locked: nobody may add
        QVERIFY(f.unlock(f.directorId, QLatin1String(kDirectorPin)));
        QVERIFY(staff.add({{QStringLiteral("name"), QStringLiteral("新人")}, {QStringLiteral("role"), QStringLiteral("volunteer")}})
                    .value(QStringLiteral("ok")).toBool());
        QCOMPARE(staff.rowCount(), 3); // refreshed through StaffSession::staffChanged
        const int newcomer = column(staff, "name").indexOf(QStringLiteral("新人"));
        QVERIFY(newcomer > 0);
        QVERIFY(!cell(staff, newcomer, "hasPin").toBool());
        QVERIFY(staff.setActive(f.volunteerId, false).value(QStringLiteral("ok")).toBool());
        QCOMPARE(f.services->session().unlockable().size(), 1);
    }

    void labelsFollowTheLanguage()
    {
        AppFixture f;
        Labels &labels = *Labels::instance();
        QSignalSpy changed(&labels, &Labels::changed);
        QCOMPARE(labels.names().value(QStringLiteral("category")).toMap().value(QStringLiteral("health")).toString(),
                 QStringLiteral("健康知识/两癌防治"));
        QCOMPARE(labels.options().value(QStringLiteral("purposes")).toList().size(), 9);
        f.services->settings().setLanguage(QStringLiteral("en"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(labels.fields().value(QStringLiteral("resident")).toMap().value(QStringLiteral("id_number")).toString(),
                 QStringLiteral("ID number"));
        // The setting is kept in the database.
        QCOMPARE(f.store.database().meta(QStringLiteral("ui_language")), QStringLiteral("en"));
        f.services->settings().setTextScale(2.0);
        QCOMPARE(f.services->settings().textScale(), 1.6);
    }
};

QTEST_MAIN(TestAppModels)
#include "tst_appmodels.moc"
