#include "kiosktestharness.h"

#include "core/idnumber.h"
#include "core/ids.h"

#include <QProcess>

namespace lanxin::test {
namespace {

/// `days` after the test's today (Friday 28 Nov 2025) at `hour` in Asia/Shanghai.
QDateTime inDays(const Clock &clock, int days, int hour)
{
    return QDateTime(clock.today().addDays(days), QTime(hour, 0), localZone()).toUTC();
}

QString iso(const QDateTime &t)
{
    return t.isValid() ? formatInstant(t) : QString();
}

} // namespace

KioskTestHarness::KioskTestHarness(QObject *parent)
    : QObject(parent)
{
    m_clock.setFixed(kNow);
    m_controller = std::make_unique<KioskController>(nullptr, &m_clock);
    reset();
}

KioskTestHarness::~KioskTestHarness()
{
    m_controller->setStore(nullptr, &m_clock);
}

QString KioskTestHarness::addSession(const QString &title, const QString &category, const QDateTime &start, int capacity)
{
    TrainingSession s;
    s.title = title;
    s.category = category;
    s.startsAt = start;
    s.endsAt = start.addSecs(2 * 3600);
    s.location = QStringLiteral("村文化礼堂");
    s.trainer = QStringLiteral("陈静");
    s.capacity = capacity;
    s.status = QStringLiteral("open");
    s.selfRegistration = true;
    auto created = m_store->sessions().create(s);
    if (!created)
        qFatal("cannot create a session: %s", qPrintable(created.error().message));
    return created->envelope.id;
}

void KioskTestHarness::reset()
{
    m_clock.setFixed(kNow);
    auto dir = std::make_unique<QTemporaryDir>();
    auto store = std::make_unique<StationStore>(&m_clock);
    if (auto opened = store->open(dir->path()); !opened)
        qFatal("cannot open the test store: %s", qPrintable(opened.error().message));
    m_controller->setStore(store.get(), &m_clock);
    m_store = std::move(store);
    m_dir = std::move(dir);
    m_controller->setIdleTimeoutMs(60000);
    m_controller->setCountdownMs(10000);

    m_sessions.clear();
    m_sessions[QStringLiteral("a")] = addSession(QStringLiteral("智能手机使用与防范电信诈骗"), QStringLiteral("digital_skills"),
                                                 inDays(m_clock, 4, 9), 20);
    m_sessions[QStringLiteral("full")] = addSession(QStringLiteral("水蜜桃栽培管理培训"), QStringLiteral("practical_skills"),
                                                    inDays(m_clock, 5, 9), 1);
    m_sessions[QStringLiteral("b")] = addSession(QStringLiteral("网上开店与直播带货入门"), QStringLiteral("digital_skills"),
                                                 inDays(m_clock, 11, 14), 20);
    m_sessions[QStringLiteral("fullNext")] = addSession(QStringLiteral("茶叶种植新技术"), QStringLiteral("practical_skills"),
                                                        inDays(m_clock, 12, 9), 10);
    m_sessions[QStringLiteral("small")] = addSession(QStringLiteral("家庭教育讲座"), QStringLiteral("family_education"),
                                                     inDays(m_clock, 13, 14), 2);

    // The full session's one seat is taken by a woman the staff registered.
    Resident taken;
    taken.name = QStringLiteral("李桂兰");
    taken.village = QStringLiteral("西坞村");
    auto r = m_store->residents().create(taken);
    if (!r || !m_store->attendances().registerFor(m_sessions.value(QStringLiteral("full")), r->envelope.id,
                                                  QStringLiteral("staff")))
        qFatal("cannot fill the full session");

    // A district training offer, as sync brings it (reference data is merged, never written locally).
    const QString offerId = newRecordId(m_clock);
    QList<FieldWrite> writes;
    auto put = [&](const char *field, const QVariant &value) {
        writes << FieldWrite{QString::fromLatin1(field), value, m_store->hlc().now()};
    };
    put("title", QStringLiteral("巾帼电商创业培训班"));
    put("category", QStringLiteral("entrepreneurship"));
    put("starts_at", inDays(m_clock, 18, 9));
    put("ends_at", inDays(m_clock, 18, 16));
    put("location", QStringLiteral("区妇女儿童活动中心"));
    put("capacity", 60);
    put("status", QStringLiteral("open"));
    put("organiser", QStringLiteral("区妇联"));
    if (!m_store->records().merge(Kind::TrainingOffer, offerId, QString(), writes))
        qFatal("cannot store the training offer");
    m_sessions[QStringLiteral("offer")] = offerId;
    m_controller->refresh();
}

void KioskTestHarness::fillSession(const QString &key)
{
    const QString id = m_sessions.value(key);
    const auto s = m_store->sessions().get(id);
    while (s && s->capacity && m_store->attendances().countForSession(id) < *s->capacity) {
        Resident r;
        r.name = QStringLiteral("王芳");
        r.village = QStringLiteral("金溪村");
        auto created = m_store->residents().create(r);
        if (!created || !m_store->attendances().registerFor(id, created->envelope.id, QStringLiteral("staff")))
            qFatal("cannot fill a session");
    }
}

void KioskTestHarness::advanceClock(int ms)
{
    m_clock.advance(ms);
}

void KioskTestHarness::setStationVillages(const QStringList &villages)
{
    QList<FieldWrite> writes;
    for (const auto &[field, value] : {std::pair{"code", QVariant(QStringLiteral("FH-XW-099"))},
                                       std::pair{"name", QVariant(QStringLiteral("测试街道妇女之家"))},
                                       std::pair{"town", QVariant(QStringLiteral("测试街道"))},
                                       std::pair{"villages", QVariant(villages)}})
        writes << FieldWrite{QString::fromLatin1(field), value, m_store->hlc().now()};
    if (!m_store->records().merge(Kind::Station, newRecordId(m_clock), QString(), writes))
        qFatal("cannot store the station record");
    m_controller->refresh();
}

int KioskTestHarness::residentCount()
{
    return m_store->residents().count({});
}

int KioskTestHarness::attendanceCount()
{
    return m_store->liveCounts().value(QStringLiteral("attendance"));
}

int KioskTestHarness::outboxPending()
{
    return m_store->outboxPending();
}

QVariantList KioskTestHarness::signedUp()
{
    QVariantList out;
    for (const Resident &r : m_store->residents().list({}, {0, 1000})) {
        if (!r.consentGeneralAt.isValid())
            continue;
        out << QVariantMap{
            {QStringLiteral("id"), r.envelope.id},
            {QStringLiteral("name"), r.name},
            {QStringLiteral("phone"), r.phone},
            {QStringLiteral("idNumber"), r.idNumber},
            {QStringLiteral("birthDate"), r.birthDate.isValid() ? formatDate(r.birthDate) : QString()},
            {QStringLiteral("gender"), r.gender},
            {QStringLiteral("village"), r.village},
            {QStringLiteral("guardianName"), r.guardianName},
            {QStringLiteral("needsReview"), r.needsReview},
            {QStringLiteral("consentGeneralAt"), iso(r.consentGeneralAt)},
            {QStringLiteral("consentSensitiveAt"), iso(r.consentSensitiveAt)},
        };
    }
    return out;
}

QVariantList KioskTestHarness::attendances()
{
    QVariantList out;
    for (const QString &id : std::as_const(m_sessions)) {
        for (const Attendance &a : m_store->attendances().forSession(id)) {
            out << QVariantMap{
                {QStringLiteral("sessionId"), a.sessionId},
                {QStringLiteral("residentId"), a.residentId},
                {QStringLiteral("registeredVia"), a.registeredVia},
            };
        }
    }
    return out;
}

QString KioskTestHarness::idNumberBornOn(const QString &birth) const
{
    const QDate d = parseDate(birth);
    const QString first17 = QStringLiteral("330213") + d.toString(QStringLiteral("yyyyMMdd")) + QStringLiteral("042");
    return first17 + idNumberCheckChar(first17);
}

QStringList KioskTestHarness::freshCandidates(const QString &spelling) const
{
    QProcess p;
    p.start(QStringLiteral(LANXIN_PINYIN_FRESH), {spelling});
    if (!p.waitForFinished(10000) || p.exitCode() != 0)
        return {QStringLiteral("<pinyin_fresh failed>")};
    return QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace lanxin::test
