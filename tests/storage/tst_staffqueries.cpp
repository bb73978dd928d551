#include "testsupport.h"

#include "core/ids.h"

#include <QFile>
#include <QSet>
#include <QSqlQuery>

using namespace lanxin;
using namespace lanxin::test;

namespace {

QString create(StationStore &s, const Resident &r)
{
    auto created = s.residents().create(r);
    if (!created)
        qFatal("resident not created: %s", qPrintable(created.error().message));
    return created->envelope.id;
}

FamilyVisit visit(const QString &residentId, QDate day, const QString &risk, bool dv, QDate next = {})
{
    FamilyVisit v;
    v.residentId = residentId;
    v.visitedAt = QDateTime(day, QTime(10, 0), localZone()).toUTC();
    v.purposes = {QStringLiteral("elderly_care")};
    v.riskLevel = risk;
    v.dvRisk = dv;
    v.followUpNeeded = next.isValid();
    v.nextVisitDue = next;
    return v;
}

int outboxCount(StationStore &s, const QString &recordId)
{
    QSqlQuery q(s.database().db());
    q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE record_id = ?"));
    q.addBindValue(recordId);
    q.exec();
    q.next();
    return q.value(0).toInt();
}

} // namespace

class TestStaffQueries : public QObject
{
    Q_OBJECT
private slots:
    void pinHashesAreArgon2idAndVerify()
    {
        auto hash = hashPin(QStringLiteral("2468"), PinHashCost::Fast);
        QVERIFY(hash);
        QVERIFY(hash->startsWith(QLatin1String("$argon2id$")));
        QVERIFY(!hash->contains(QLatin1String("2468")));
        QVERIFY(verifyPin(hash.value(), QStringLiteral("2468")));
        QVERIFY(!verifyPin(hash.value(), QStringLiteral("2469")));
        QVERIFY(!verifyPin(QString(), QStringLiteral("2468")));
        auto again = hashPin(QStringLiteral("2468"), PinHashCost::Fast);
        QVERIFY(again.value() != hash.value()); // salted
    }

    void credentialsKeepFailuresAndWaits()
    {
        TempStation t;
        Staff s;
        s.name = QStringLiteral("李桂兰");
        s.role = QStringLiteral("director");
        const QString id = t.store.staff().create(s)->envelope.id;
        QVERIFY(!t.store.credentials().get(id));
        QVERIFY(t.store.credentials().setHash(id, QStringLiteral("$argon2id$x"), t.clock.now()));
        const QDateTime until = t.clock.now().addSecs(30);
        QVERIFY(t.store.credentials().setFailures(id, 5, until));
        auto c = t.store.credentials().get(id);
        QVERIFY(c);
        QCOMPARE(c->failures, 5);
        QCOMPARE(c->lockedUntil, until);
        // A new PIN clears the failures and the wait.
        QVERIFY(t.store.credentials().setHash(id, QStringLiteral("$argon2id$y"), t.clock.now()));
        c = t.store.credentials().get(id);
        QCOMPARE(c->failures, 0);
        QVERIFY(!c->lockedUntil.isValid());
        QCOMPARE(c->pinHash, QStringLiteral("$argon2id$y"));
        QCOMPARE(t.store.credentials().all().size(), 1);
        // Never a synced record: no outbox entry for the credential.
        QSqlQuery q(t.store.database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE fields LIKE '%pin%'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void priorityFollowUpsComeFirstAndCloseWithAFollowUpVisit()
    {
        TempStation t;
        const QDate today = t.clock.today();
        const QString a = create(t.store, woman(QStringLiteral("张秀英"), QDate(1970, 1, 1)));
        const QString b = create(t.store, woman(QStringLiteral("王桂兰"), QDate(1960, 1, 1)));
        const QString c = create(t.store, woman(QStringLiteral("李红"), QDate(1975, 1, 1)));
        // b: ordinary follow-up, overdue; a: DV risk (not high) due in 5 days; c: high risk due in 3 days.
        auto ordinary = t.store.visits().create(visit(b, today.addDays(-40), QStringLiteral("low"), false, today.addDays(-10)));
        auto dv = t.store.visits().create(visit(a, today.addDays(-2), QStringLiteral("low"), true, today.addDays(5)));
        auto high = t.store.visits().create(visit(c, today.addDays(-4), QStringLiteral("high"), false, today.addDays(3)));
        QVERIFY(ordinary && dv && high);
        ScreeningReferral ref;
        ref.residentId = c;
        ref.cervical = true;
        ref.referredOn = today.addDays(-20);
        ref.screenedOn = today.addDays(-16);
        ref.followUpDue = today.addDays(-2);
        QVERIFY(t.store.referrals().create(ref));

        const auto priority = t.store.overview().priorityFollowUps();
        QCOMPARE(priority.size(), 2);
        QCOMPARE(priority.at(0).id, high->envelope.id); // earliest due first
        QCOMPARE(priority.at(1).id, dv->envelope.id);   // DV flag read from the encrypted column
        QVERIFY(priority.at(1).priority);
        QCOMPARE(priority.at(1).residentName, QStringLiteral("张秀英"));

        const auto due = t.store.overview().due(today.addDays(7), {0, 50});
        QCOMPARE(due.size(), 4);
        QCOMPARE(due.at(0).id, ordinary->envelope.id); // most overdue first
        QVERIFY(!due.at(0).priority);
        QCOMPARE(due.at(1).kind, Kind::ScreeningReferral);
        QCOMPARE(due.at(1).awaiting, QStringLiteral("result"));
        QCOMPARE(t.store.overview().dueCount(today.addDays(7)), 4);
        QCOMPARE(t.store.overview().due(today, {0, 50}).size(), 2); // the horizon counts

        // A follow-up visit closes the DV visit's follow-up.
        FamilyVisit followUp = visit(a, today, QStringLiteral("none"), false);
        followUp.followsVisitId = dv->envelope.id;
        QVERIFY(t.store.visits().create(followUp));
        const auto after = t.store.overview().priorityFollowUps();
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).id, high->envelope.id);
        QVERIFY(t.store.visits().openFollowUpsFor(a).isEmpty());
        QCOMPARE(t.store.visits().openFollowUpsFor(c).size(), 1);
    }

    void monthCounters()
    {
        TempStation t;
        const QDate today = t.clock.today();
        const QDate first(today.year(), today.month(), 1);
        const QString r = create(t.store, woman(QStringLiteral("张秀英"), QDate(1970, 1, 1)));
        auto session = [&](QDate day, const QString &status) {
            TrainingSession s;
            s.title = QStringLiteral("手工编织");
            s.category = QStringLiteral("practical_skills");
            s.startsAt = QDateTime(day, QTime(9, 0), localZone()).toUTC();
            s.status = status;
            return t.store.sessions().create(s)->envelope.id;
        };
        const QString inMonth = session(today.addDays(-3), QStringLiteral("closed"));
        const QString lastMonth = session(first.addDays(-1), QStringLiteral("closed"));
        session(today, QStringLiteral("cancelled"));
        QVERIFY(t.store.attendances().checkIn(inMonth, r));
        QVERIFY(t.store.attendances().checkIn(lastMonth, r));
        QVERIFY(t.store.attendances().registerFor(inMonth, create(t.store, woman(QStringLiteral("王红"), QDate(1980, 1, 1))),
                                                  QStringLiteral("staff")));
        QVERIFY(t.store.visits().create(visit(r, today, QStringLiteral("none"), false)));
        QVERIFY(t.store.visits().create(visit(r, first.addDays(-2), QStringLiteral("none"), false)));
        ScreeningReferral ref;
        ref.residentId = r;
        ref.cervical = true;
        ref.referredOn = first;
        QVERIFY(t.store.referrals().create(ref));

        const ActivityCounts c = t.store.overview().activity(first, first.addMonths(1));
        QCOMPARE(c.sessions, 1);    // the cancelled one does not count
        QCOMPARE(c.attendances, 1); // checked in, at a session of this month
        QCOMPARE(c.referrals, 1);
        QCOMPARE(c.visits, 1);
    }

    void historyIsNewestFirstAndPaged()
    {
        TempStation t;
        const QString r = create(t.store, woman(QStringLiteral("张秀英"), QDate(1970, 1, 1)));
        const QDate today = t.clock.today();
        for (int i = 0; i < 30; ++i)
            QVERIFY(t.store.visits().create(visit(r, today.addDays(-10 * i - 1), QStringLiteral("none"), false)));
        ScreeningReferral ref;
        ref.residentId = r;
        ref.cervical = true;
        ref.referredOn = today;
        QVERIFY(t.store.referrals().create(ref));
        QCOMPARE(t.store.residents().historyCount(r), 31);
        const auto first = t.store.residents().history(r, {0, 20});
        QCOMPARE(first.size(), 20);
        QCOMPARE(first.at(0).kind, Kind::ScreeningReferral); // today, newest
        const auto second = t.store.residents().history(r, {20, 20});
        QCOMPARE(second.size(), 11);
        QVERIFY(second.first().sortKey < first.last().sortKey);
    }

    void mergeRepointsEverythingAsOrdinaryEdits()
    {
        TempStation t;
        Resident kept = woman(QStringLiteral("张秀英"), QDate(1970, 5, 1));
        kept.tags = {QStringLiteral("left_behind")};
        Resident dup = woman(QStringLiteral("张秀英"), QDate(1970, 5, 1));
        dup.phone = QStringLiteral("13812345678");
        dup.tags = {QStringLiteral("hardship")};
        dup.needsReview = true;
        const QString winner = create(t.store, kept);
        const QString loser = create(t.store, dup);

        TrainingSession s;
        s.title = QStringLiteral("手工编织");
        s.category = QStringLiteral("practical_skills");
        s.startsAt = t.clock.now();
        const QString both = t.store.sessions().create(s)->envelope.id;
        const QString onlyLoser = t.store.sessions().create(s)->envelope.id;
        QVERIFY(t.store.attendances().registerFor(both, winner, QStringLiteral("staff")));
        QVERIFY(t.store.attendances().checkIn(both, loser)); // she came, under the duplicate
        QVERIFY(t.store.attendances().registerFor(onlyLoser, loser, QStringLiteral("kiosk")));
        auto v = t.store.visits().create(visit(loser, t.clock.today(), QStringLiteral("none"), false));
        ScreeningReferral ref;
        ref.residentId = loser;
        ref.breast = true;
        ref.referredOn = t.clock.today();
        auto referral = t.store.referrals().create(ref);
        QVERIFY(v && referral);

        t.store.records().setActor(QStringLiteral("staff-1"));
        auto report = t.store.residents().merge(loser, winner);
        QVERIFY2(report, qPrintable(report.error().message));
        QCOMPARE(report->attendances, 2);
        QCOMPARE(report->referrals, 1);
        QCOMPARE(report->visits, 1);
        QVERIFY(report->filledFields.contains(QStringLiteral("phone")));

        const auto w = t.store.residents().get(winner);
        QCOMPARE(w->phone, QStringLiteral("13812345678"));
        QCOMPARE(w->tags.size(), 2);
        QVERIFY(!w->needsReview);
        const auto l = t.store.residents().get(loser);
        QCOMPARE(l->mergedInto, winner);
        QVERIFY(!l->needsReview);
        QCOMPARE(t.store.residents().search(QStringLiteral("张秀英")).size(), 1); // merged ones leave search

        QCOMPARE(t.store.visits().get(v->envelope.id)->residentId, winner);
        QCOMPARE(t.store.referrals().get(referral->envelope.id)->residentId, winner);
        // Attendances keep their derived ids: the winner's at both sessions, the loser's tombstoned.
        const auto atBoth = t.store.attendances().get(attendanceId(both, winner));
        QVERIFY(atBoth->checkedInAt.isValid()); // the check-in moved over
        const auto moved = t.store.attendances().get(attendanceId(onlyLoser, winner));
        QVERIFY(moved && !moved->envelope.deleted);
        QCOMPARE(moved->registeredVia, QStringLiteral("kiosk"));
        QVERIFY(t.store.attendances().get(attendanceId(both, loser))->envelope.deleted);
        QVERIFY(t.store.attendances().get(attendanceId(onlyLoser, loser))->envelope.deleted);
        QCOMPARE(t.store.residents().historyCount(loser), 0);
        QCOMPARE(t.store.residents().historyCount(winner), 4);
        // Every change syncs like an edit.
        QCOMPARE(outboxCount(t.store, v->envelope.id), 1);
        QCOMPARE(outboxCount(t.store, loser), 1);
        // And the merge is audited with who did it.
        QSqlQuery q(t.store.database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT staff_id FROM audit_log WHERE action = 'merge'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("staff-1"));

        // Twice, or into herself: refused, nothing changes.
        QVERIFY(!t.store.residents().merge(loser, winner));
        QVERIFY(!t.store.residents().merge(winner, winner));
    }

    void mergeIsAllOrNothing()
    {
        TempStation t;
        Resident kept = woman(QStringLiteral("王芳"), QDate(1980, 1, 1));
        Resident dup = woman(QStringLiteral("王芳"), QDate(1949, 12, 31));
        dup.idNumber = QStringLiteral("11010519491231002X"); // its birth date contradicts the winner's
        const QString winner = create(t.store, kept);
        const QString loser = create(t.store, dup);
        auto v = t.store.visits().create(visit(loser, t.clock.today(), QStringLiteral("none"), false));
        QVERIFY(v);
        QVERIFY(!t.store.residents().merge(loser, winner));
        QVERIFY(t.store.residents().get(loser)->mergedInto.isEmpty());
        QCOMPARE(t.store.visits().get(v->envelope.id)->residentId, loser);
    }

    void pinyinSearchPagesInitialsFirstWithoutGapsOrRepeats()
    {
        TempStation t;
        // "zh" is the initials of 周红 and 张华, and the pinyin prefix of 张秀英, 赵丽, 朱敏.
        const QStringList initials{QStringLiteral("周红"), QStringLiteral("张华")};
        const QStringList prefix{QStringLiteral("张秀英"), QStringLiteral("赵丽"), QStringLiteral("朱敏")};
        for (const QString &n : initials + prefix + QStringList{QStringLiteral("王芳"), QStringLiteral("李红")})
            create(t.store, woman(n, QDate(1970, 1, 1)));
        for (int size : {1, 2, 3, 10}) {
            QStringList found;
            for (int offset = 0; offset < 20; offset += size) {
                const auto page = t.store.residents().search(QStringLiteral("zh"), {offset, size});
                QVERIFY(page.size() <= size);
                for (const Resident &r : page)
                    found << r.name;
                if (page.size() < size)
                    break;
            }
            QCOMPARE(found.size(), 5);
            QCOMPARE(QSet<QString>(found.begin(), found.end()).size(), 5);
            QCOMPARE(QSet<QString>(found.begin(), found.begin() + 2), QSet<QString>(initials.begin(), initials.end()));
            // Then the pinyin prefix matches in pinyin order: zhangxiuying, zhaoli, zhumin.
            QCOMPARE(found.mid(2), prefix);
        }
        // One letter: the pinyin index's order, every name starting with that letter.
        QStringList z;
        for (const Resident &r : t.store.residents().search(QStringLiteral("z")))
            z << r.name;
        QCOMPARE(z, (QStringList{QStringLiteral("张华"), QStringLiteral("张秀英"), QStringLiteral("赵丽"),
                                 QStringLiteral("周红"), QStringLiteral("朱敏")}));
    }

    void quickCheckTellsAGoodFileFromGarbage()
    {
        TempStation t;
        auto good = Database::quickCheck(t.store.database().path());
        QVERIFY(good);
        QVERIFY(good.value());
        const QString bad = t.dir.filePath(QStringLiteral("garbage.db"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("SQLite format 3").append(QByteArray(8192, '\x5a')));
        f.close();
        auto checked = Database::quickCheck(bad);
        QVERIFY(!checked || !checked.value());
    }

    void facilitiesAndByIds()
    {
        TempStation t;
        QVERIFY(t.store.reference().facilities().isEmpty());
        const QList<FieldWrite> writes{
            FieldWrite{QStringLiteral("code"), QStringLiteral("F-01"), t.store.hlc().now()},
            FieldWrite{QStringLiteral("name"), QStringLiteral("区妇幼保健院"), t.store.hlc().now()},
            FieldWrite{QStringLiteral("type"), QStringLiteral("hospital"), t.store.hlc().now()},
        };
        QVERIFY(t.store.records().merge(Kind::Facility, newRecordId(t.clock), QStringLiteral("district"), writes));
        const auto facilities = t.store.reference().facilities();
        QCOMPARE(facilities.size(), 1);
        QCOMPARE(facilities.first().name, QStringLiteral("区妇幼保健院"));

        const QString a = create(t.store, woman(QStringLiteral("甲"), QDate(1970, 1, 1)));
        const QString b = create(t.store, woman(QStringLiteral("乙"), QDate(1970, 1, 1)));
        QCOMPARE(t.store.residents().byIds({a, b, QStringLiteral("missing")}).size(), 2);
        QVERIFY(t.store.residents().byIds({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStaffQueries)
#include "tst_staffqueries.moc"
