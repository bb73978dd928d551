#include "demoseeder.h"

#include "core/demodata.h"
#include "core/idnumber.h"
#include "core/validation.h"
#include "storage/stationstore.h"

#include <QRandomGenerator>

namespace lanxin {
namespace {

constexpr int kChunk = 1000; // records per commit while seeding

template<typename T>
const T &pick(QRandomGenerator &rng, const QList<T> &list)
{
    return list.at(rng.bounded(static_cast<int>(list.size())));
}

QDate randomDateBetween(QRandomGenerator &rng, QDate from, QDate to)
{
    return from.addDays(rng.bounded(static_cast<int>(std::max<qint64>(1, from.daysTo(to)))));
}

QDateTime localTime(QDate d, int hour, int minute = 0)
{
    return QDateTime(d, QTime(hour, minute), localZone()).toUTC();
}

} // namespace

Result<SeedCounts> seedDemo(StationStore &store, int residentCount, int records, quint32 seed)
{
    QRandomGenerator rng(seed);
    const DemoStation station = demoStation();
    const QDate today = store.clock().today();
    const QDate start = today.addYears(-4);
    SeedCounts counts;

    // Staff: the director and two volunteers.
    if (store.staff().active().isEmpty()) {
        for (const auto &[role, n] : {std::pair{QStringLiteral("director"), 1}, std::pair{QStringLiteral("volunteer"), 2}}) {
            for (int i = 0; i < n; ++i) {
                Staff s;
                s.name = randomWomansName(rng, 1975 + rng.bounded(20));
                s.role = role;
                s.phone = randomPhone(rng);
                if (auto r = store.staff().create(s); !r)
                    return r.error();
                ++counts.staff;
            }
        }
    }
    const QList<Staff> staff = store.staff().active();

    // Residents: mostly women of all ages, some men (trainings are open to all; screening is for women).
    QList<Resident> residents;
    residents.reserve(residentCount);
    for (int start0 = 0; start0 < residentCount; start0 += kChunk) {
        auto chunk = store.database().transaction([&]() -> Result<void> {
            for (int i = start0; i < std::min(residentCount, start0 + kChunk); ++i) {
                Resident r;
                const bool woman = rng.bounded(100) < 88;
                r.gender = woman ? QStringLiteral("F") : QStringLiteral("M");
                r.birthDate = QDate(1940 + rng.bounded(68), 1 + rng.bounded(12), 1 + rng.bounded(28));
                r.name = woman ? randomWomansName(rng, r.birthDate.year()) : randomManName(rng, r.birthDate.year());
                r.village = station.villages.at(rng.bounded(static_cast<int>(station.villages.size())));
                r.address = randomAddress(rng, r.village);
                if (ageOn(r.birthDate, today) >= 16 && rng.bounded(100) < 85)
                    r.idNumber = randomIdNumber(rng, station.regionCode, r.birthDate, r.gender[0]);
                if (ageOn(r.birthDate, today) >= 16 && rng.bounded(100) < 80)
                    r.phone = randomPhone(rng);
                if (ageOn(r.birthDate, today) < 14 && (!r.idNumber.isEmpty() || !r.phone.isEmpty()))
                    r.guardianName = randomManName(rng, r.birthDate.year() - 28);
                static const QStringList tags{QStringLiteral("left_behind"), QStringLiteral("elderly_alone"),
                                              QStringLiteral("disabled"), QStringLiteral("hardship"),
                                              QStringLiteral("single_parent"), QStringLiteral("migrant")};
                if (rng.bounded(100) < 25)
                    r.tags << pick(rng, tags);
                r.consentGeneralAt = localTime(randomDateBetween(rng, start, today), 9);
                if (!r.idNumber.isEmpty())
                    r.consentSensitiveAt = r.consentGeneralAt;
                auto created = store.residents().create(r);
                if (!created)
                    return created.error();
                residents << created.value();
                ++counts.residents;
            }
            return {};
        });
        if (!chunk)
            return chunk.error();
    }
    if (residents.isEmpty() && records > 0)
        return Error{QStringLiteral("no_residents"), bilingual(QStringLiteral("没有居民，无法生成活动记录"),
                                                               QStringLiteral("No residents to make activity records for"))};

    QList<Resident> screeningAge;
    for (const Resident &r : std::as_const(residents)) {
        const int age = ageOn(r.birthDate, today);
        if (r.gender == QLatin1String("F") && age >= 36 && age <= 64)
            screeningAge << r;
    }
    if (screeningAge.isEmpty())
        screeningAge = residents;

    // Proportions of a busy station's year: 50 sessions, 1,500 attendances, 100 referrals, 300 visits.
    const int sessionsWanted = std::max(records > 0 ? 1 : 0, records * 50 / 1950);
    const int referralsWanted = records * 100 / 1950;
    const int visitsWanted = records * 300 / 1950;
    const int attendancesWanted = std::max(0, records - sessionsWanted - referralsWanted - visitsWanted);
    const QList<DemoTraining> trainings = demoTrainings();
    const QList<DemoFacility> facilities = demoFacilities();

    int made = 0;
    auto inChunks = [&](int total, const std::function<Result<void>(int)> &one) -> Result<void> {
        for (int s = 0; s < total; s += kChunk) {
            auto r = store.database().transaction([&]() -> Result<void> {
                for (int i = s; i < std::min(total, s + kChunk); ++i) {
                    if (auto x = one(i); !x)
                        return x;
                }
                return {};
            });
            if (!r)
                return r;
        }
        return {};
    };

    QList<TrainingSession> sessions;
    auto ok = inChunks(sessionsWanted, [&](int i) -> Result<void> {
        const DemoTraining &t = pick(rng, trainings);
        TrainingSession s;
        s.title = t.title;
        s.category = t.category;
        // Spread over the four years, the last few in the coming weeks.
        const QDate day = i >= sessionsWanted - std::min(6, sessionsWanted / 4 + 1)
            ? today.addDays(rng.bounded(21))
            : randomDateBetween(rng, start, today);
        s.startsAt = localTime(day, rng.bounded(2) ? 9 : 14, rng.bounded(2) * 30);
        s.endsAt = s.startsAt.addSecs(3600 * (1 + rng.bounded(3)));
        s.location = pick(rng, demoLocations());
        s.trainer = pick(rng, demoTrainers());
        s.capacity = 20 + 10 * rng.bounded(5);
        s.status = day < today ? QStringLiteral("closed") : QStringLiteral("open");
        s.selfRegistration = day >= today || rng.bounded(2);
        auto created = store.sessions().create(s);
        if (!created)
            return created.error();
        sessions << created.value();
        ++counts.sessions;
        ++made;
        return {};
    });
    if (!ok)
        return ok.error();

    // Registrations stay within each session's capacity, as staff and the kiosk keep them.
    QSet<QString> seen;
    QHash<int, int> registered;
    ok = inChunks(attendancesWanted, [&](int) -> Result<void> {
        if (sessions.isEmpty())
            return {};
        for (int tries = 0; tries < 20; ++tries) {
            const int si = rng.bounded(static_cast<int>(sessions.size()));
            const TrainingSession &s = sessions.at(si);
            const Resident &r = pick(rng, residents);
            if (seen.contains(s.envelope.id + r.envelope.id) || registered.value(si) >= s.capacity.value_or(1000))
                continue;
            seen.insert(s.envelope.id + r.envelope.id);
            ++registered[si];
            static const QStringList via{QStringLiteral("staff"), QStringLiteral("staff"), QStringLiteral("kiosk"),
                                         QStringLiteral("walk_in")};
            auto a = store.attendances().registerFor(s.envelope.id, r.envelope.id, pick(rng, via));
            if (!a)
                return a.error();
            if (s.startsAt < store.clock().now() && rng.bounded(100) < 90) {
                if (auto c = store.attendances().checkIn(s.envelope.id, r.envelope.id); !c)
                    return c.error();
            }
            ++counts.attendances;
            return {};
        }
        return {};
    });
    if (!ok)
        return ok.error();

    ok = inChunks(referralsWanted, [&](int) -> Result<void> {
        const Resident &r = pick(rng, screeningAge);
        ScreeningReferral ref;
        ref.residentId = r.envelope.id;
        ref.cervical = rng.bounded(100) < 85;
        ref.breast = !ref.cervical || rng.bounded(100) < 70;
        ref.referredOn = randomDateBetween(rng, std::max(start, r.birthDate.addYears(36)), today);
        if (!inScreeningAge(r.birthDate, ref.referredOn))
            ref.ageExceptionReason = QStringLiteral("本人要求筛查");
        ref.facilityCode = pick(rng, facilities).code;
        ref.appointmentDate = ref.referredOn.addDays(7 + rng.bounded(14));
        const int stage = rng.bounded(100);
        if (stage < 85 && ref.appointmentDate <= today) {
            ref.screenedOn = ref.appointmentDate;
            if (ref.screenedOn.addDays(14) <= today) {
                ref.result = rng.bounded(100) < 6 ? QStringLiteral("abnormal") : QStringLiteral("normal");
                ref.resultOn = ref.screenedOn.addDays(14);
                if (ref.result == QLatin1String("abnormal") && ref.resultOn.addDays(10) <= today) {
                    ref.diagnosedOn = ref.resultOn.addDays(10);
                    if (ref.diagnosedOn.addDays(20) <= today && rng.bounded(100) < 80)
                        ref.treatedOn = ref.diagnosedOn.addDays(20);
                } else if (ref.result == QLatin1String("abnormal")) {
                    ref.followUpDue = ref.resultOn.addDays(10);
                }
            } else {
                ref.followUpDue = ref.screenedOn.addDays(14);
            }
        } else if (stage < 92 && ref.appointmentDate.addDays(60) > today) {
            ref.followUpDue = ref.appointmentDate.addDays(3); // missed her appointment: still being chased
        } else if (stage < 92) {
            ref.closedReason = QStringLiteral("lost_to_follow_up"); // long ago: the director gave up
        } else {
            ref.closedReason = rng.bounded(2) ? QStringLiteral("declined") : QStringLiteral("moved_away");
        }
        auto created = store.referrals().create(ref);
        if (!created)
            return created.error();
        ++counts.referrals;
        return {};
    });
    if (!ok)
        return ok.error();

    static const QStringList purposes{QStringLiteral("left_behind_care"), QStringLiteral("elderly_care"),
                                      QStringLiteral("dispute_mediation"), QStringLiteral("hardship_support"),
                                      QStringLiteral("family_education"), QStringLiteral("mental_support"),
                                      QStringLiteral("disability_support"), QStringLiteral("dv_follow_up")};
    // Visits: most follow-ups are done, by a later visit that names the one it follows up (so the
    // due list of a station that has worked for years holds what is really open, not years of backlog).
    struct OpenFollowUp
    {
        QString visitId;
        QString residentId;
        QDate visited;
        QDate due;
        QString purpose;
    };
    QList<OpenFollowUp> toFollowUp;
    // The follow-up visit of `open`, some day between the visit and its due date (or today).
    const auto followUp = [&](const OpenFollowUp &open) -> Result<void> {
        FamilyVisit v;
        const int span = std::max<qint64>(1, open.visited.daysTo(std::min(open.due, today)));
        const QDate day = open.visited.addDays(1 + rng.bounded(span));
        v.residentId = open.residentId;
        v.visitedAt = localTime(std::min(day, today), 9 + rng.bounded(8), rng.bounded(4) * 15);
        v.purposes << open.purpose;
        v.riskLevel = rng.bounded(100) < 70 ? QStringLiteral("none") : QStringLiteral("low");
        v.notes = pick(rng, demoVisitNotes(open.purpose));
        v.visitor = pick(rng, staff).envelope.id;
        v.followsVisitId = open.visitId;
        if (open.purpose == QLatin1String("family_education"))
            v.notes.clear(); // the purpose the under-14s without a guardian get: no sensitive notes
        auto created = store.visits().create(v);
        if (!created)
            return created.error();
        ++counts.visits;
        return {};
    };
    ok = inChunks(visitsWanted, [&](int i) -> Result<void> {
        FamilyVisit v;
        // Follow-ups are done as they come, and all the ones still waiting by the last visits (a due
        // list that ends the demo with years of backlog looks like a broken app, not a busy station).
        const bool catchUp = visitsWanted - i <= toFollowUp.size() + 1;
        if (!toFollowUp.isEmpty() && (catchUp || rng.bounded(100) < 60))
            return followUp(toFollowUp.takeFirst());
        const Resident &r = pick(rng, residents);
        v.residentId = r.envelope.id;
        const QDate day = randomDateBetween(rng, start, today);
        v.visitedAt = localTime(day, 9 + rng.bounded(8), rng.bounded(4) * 15);
        v.purposes << pick(rng, purposes);
        v.dvRisk = v.purposes.contains(QStringLiteral("dv_follow_up"));
        static const QStringList risks{QStringLiteral("none"), QStringLiteral("none"), QStringLiteral("low"),
                                       QStringLiteral("medium"), QStringLiteral("high")};
        v.riskLevel = v.dvRisk ? QStringLiteral("high") : pick(rng, risks);
        v.notes = pick(rng, demoVisitNotes(v.purposes.first()));
        v.visitor = pick(rng, staff).envelope.id;
        if (visitNeedsFollowUp(v.toValues()) || rng.bounded(100) < 20) {
            v.followUpNeeded = true;
            v.nextVisitDue = day.addDays(visitNeedsFollowUp(v.toValues()) ? 1 + rng.bounded(7) : 30);
        }
        if (ageOn(r.birthDate, today) < 14 && r.guardianName.isEmpty()) {
            v.notes.clear();
            v.dvRisk = false;
            if (v.riskLevel == QLatin1String("high"))
                v.riskLevel = QStringLiteral("medium");
            v.purposes = {QStringLiteral("family_education")};
        }
        auto created = store.visits().create(v);
        if (!created)
            return created.error();
        ++counts.visits;
        // Follow-ups that came due before this week get done, but for a few of the last two months:
        // the station's due list shows days or weeks of backlog, as a working station's does.
        if (v.followUpNeeded && v.nextVisitDue < today.addDays(-7)
            && (v.nextVisitDue < today.addDays(-60) || rng.bounded(100) < 90))
            toFollowUp << OpenFollowUp{created->envelope.id, r.envelope.id, day, v.nextVisitDue, v.purposes.first()};
        return {};
    });
    if (!ok)
        return ok.error();
    // The last visit may have queued one: done too (one visit more than asked).
    for (const OpenFollowUp &open : std::as_const(toFollowUp)) {
        if (auto done = followUp(open); !done)
            return done.error();
    }
    return counts;
}

} // namespace lanxin
