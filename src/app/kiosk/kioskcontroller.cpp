#include "kioskcontroller.h"

#include "shell/appsettings.h"

#include "core/demodata.h"
#include "core/idnumber.h"
#include "core/ids.h"
#include "core/labels.h"
#include "core/pinyin.h"
#include "core/validation.h"
#include "storage/referencedata.h"
#include "storage/stationstore.h"

#include <QLocale>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKiosk, "lanxin.kiosk")

namespace lanxin {
namespace {

KioskController *s_instance = nullptr;

constexpr int kUpcomingDays = 60; ///< how far ahead the home shows trainings
constexpr int kMaxTiles = 24;
constexpr int kTickMs = 250;
constexpr int kMaxNameLength = 50;

QString str(const QVariantMap &m, const char *key)
{
    return m.value(QLatin1String(key)).toString().trimmed();
}

QDateTime localMidnight(QDate d)
{
    return QDateTime(d, QTime(0, 0), localZone()).toUTC();
}

} // namespace

KioskController::KioskController(StationStore *store, const Clock *clock, QObject *parent)
    : QObject(parent)
{
    m_idleTimer.setInterval(kTickMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &KioskController::tick);
    setStore(store, clock);
}

void KioskController::setInstance(KioskController *instance)
{
    s_instance = instance;
}

KioskController *KioskController::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT(s_instance);
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

void KioskController::setStore(StationStore *store, const Clock *clock)
{
    m_store = store;
    m_clock = clock;
    refresh();
    emit storeChanged();
}

void KioskController::setKioskMode(bool on)
{
    if (on == m_kioskMode)
        return;
    m_kioskMode = on;
    emit kioskModeChanged();
}

const Clock &KioskController::clock() const
{
    if (m_clock)
        return *m_clock;
    return m_store ? m_store->clock() : m_ownClock;
}

// ---- what the home shows -------------------------------------------------------------------

void KioskController::refresh()
{
    const DemoStation demo = demoStation();
    std::optional<Station> station;
    if (m_store)
        station = ReferenceData(m_store->records()).station(m_store->stationCode());
    // Before sync brings the station record, the built-in demo station stands in.
    m_stationName = station && !station->name.isEmpty() ? station->name : demo.name;
    m_villages = station && !station->villages.isEmpty() ? station->villages : demo.villages;
    m_sessions.setSessions(m_store ? upcoming() : QList<KioskSession>{});
    emit storeChanged();
}

KioskSession KioskController::describe(const TrainingSession &s, bool isOffer)
{
    KioskSession k;
    k.id = s.envelope.id;
    k.title = s.title;
    k.category = s.category;
    k.categoryLabel = valueLabelZh(u"category", s.category);
    k.startsAt = s.startsAt;
    k.endsAt = s.endsAt;
    k.location = s.location;
    k.isOffer = isOffer;
    k.organiser = s.organiser;

    const QDateTime start = s.startsAt.toTimeZone(localZone());
    const qint64 days = clock().today().daysTo(start.date());
    static const char *const kWeekdays[] = {QT_TR_NOOP("星期一"), QT_TR_NOOP("星期二"), QT_TR_NOOP("星期三"),
                                            QT_TR_NOOP("星期四"), QT_TR_NOOP("星期五"), QT_TR_NOOP("星期六"),
                                            QT_TR_NOOP("星期日")};
    const QString weekday = tr(kWeekdays[start.date().dayOfWeek() - 1]);
    if (days == 0)
        k.dayText = tr("今天 %1").arg(weekday);
    else if (days == 1)
        k.dayText = tr("明天 %1").arg(weekday);
    else if (days == 2)
        k.dayText = tr("后天 %1").arg(weekday);
    else if (!AppSettings::uiChinese())
        // "Friday, 4 Dec", as the English screens write dates ("4/12" reads as either order).
        k.dayText = QStringLiteral("%1, %2").arg(weekday, QLocale(QLocale::English).toString(start.date(), QStringLiteral("d MMM")));
    else
        k.dayText = tr("%1月%2日 %3").arg(start.date().month()).arg(start.date().day()).arg(weekday);
    k.timeText = start.toString(QStringLiteral("HH:mm"));
    if (s.endsAt.isValid())
        k.timeText += QStringLiteral("–") + s.endsAt.toTimeZone(localZone()).toString(QStringLiteral("HH:mm"));

    if (s.capacity)
        k.capacity = int(*s.capacity);
    // A district offer's seats are counted by the district, across stations: unknown here.
    if (!isOffer && s.capacity && m_store)
        k.seatsLeft = std::max(0, int(*s.capacity) - m_store->attendances().countForSession(k.id));
    return k;
}

QList<KioskSession> KioskController::upcoming()
{
    const QDateTime now = clock().now();
    const QDateTime from = localMidnight(clock().today());
    const QDateTime to = localMidnight(clock().today().addDays(kUpcomingDays));

    QList<KioskSession> out;
    SessionFilter filter;
    filter.statuses = {QStringLiteral("open")};
    filter.from = from;
    filter.to = to;
    filter.onlySelfRegistration = true;
    for (const TrainingSession &s : m_store->sessions().list(filter, {0, kMaxTiles})) {
        // Today's trainings stay until they end (or, without an end, until they start).
        if ((s.endsAt.isValid() ? s.endsAt : s.startsAt) > now)
            out << describe(s, false);
    }
    for (const TrainingSession &s : ReferenceData(m_store->records()).upcomingOffers(from, to, {0, kMaxTiles})) {
        if ((s.endsAt.isValid() ? s.endsAt : s.startsAt) > now)
            out << describe(s, true);
    }
    std::stable_sort(out.begin(), out.end(), [](const KioskSession &a, const KioskSession &b) {
        return a.startsAt < b.startsAt;
    });
    if (out.size() > kMaxTiles)
        out.resize(kMaxTiles);
    return out;
}

std::optional<KioskSession> KioskController::load(const QString &id)
{
    if (!m_store || id.isEmpty())
        return std::nullopt;
    if (auto s = m_store->sessions().get(id); s && !s->envelope.deleted)
        return describe(*s, false);
    if (auto o = ReferenceData(m_store->records()).offer(id))
        return describe(*o, true);
    return std::nullopt;
}

QVariantMap KioskController::session(const QString &id)
{
    const auto s = load(id);
    return s ? s->toMap() : QVariantMap();
}

QVariantMap KioskController::nextSessionLike(const QString &id)
{
    const auto current = load(id);
    if (!current || !m_store)
        return {};
    for (const KioskSession &s : upcoming()) {
        if (s.id != current->id && s.category == current->category && s.startsAt >= current->startsAt && !s.full())
            return s.toMap();
    }
    return {};
}

// ---- checks of what she typed --------------------------------------------------------------

QString KioskController::checkName(const QString &name) const
{
    const QString n = name.trimmed();
    if (n.isEmpty())
        return tr("请写下您的名字");
    if (n.size() > kMaxNameLength)
        return tr("名字太长了，请检查一下");
    for (QChar c : n) {
        if (c.isDigit())
            return tr("名字里不能有数字");
    }
    return {};
}

QString KioskController::checkPhone(const QString &phone) const
{
    const QString p = phone.trimmed();
    if (p.isEmpty())
        return tr("请输入手机号");
    if (p.size() != 11)
        return tr("手机号是11位数字，现在是%1位").arg(p.size());
    if (!isValidPhone(p))
        return tr("这个手机号不对，请再核对一下");
    return {};
}

QString KioskController::checkIdNumber(const QString &idNumber) const
{
    const QString id = normalizeIdNumber(idNumber);
    if (id.isEmpty())
        return tr("请输入身份证号");
    if (id.size() != 18)
        return tr("身份证号是18位，现在是%1位").arg(id.size());
    const auto info = parseIdNumber(id);
    if (!info || info->birthDate > clock().today())
        return tr("这个身份证号不对，请再核对一下");
    return {};
}

bool KioskController::isChild(const QString &idNumber) const
{
    const auto info = parseIdNumber(normalizeIdNumber(idNumber));
    if (!info)
        return false;
    const int age = ageOn(info->birthDate, clock().today());
    return age >= 0 && age < kGuardianAge;
}

QStringList KioskController::matchVillages(const QString &query) const
{
    const QString q = query.trimmed().toLower();
    if (q.isEmpty())
        return m_villages;
    QStringList out;
    const bool han = pinyin::containsHan(q);
    for (const QString &v : m_villages) {
        const bool hit = han ? v.contains(q)
                             : (pinyin::full(v).startsWith(q) || pinyin::initials(v).startsWith(q));
        if (hit)
            out << v;
    }
    return out;
}

// ---- the sign-up ---------------------------------------------------------------------------

QVariantMap KioskController::submit(const QVariantMap &form)
{
    auto answer = [](const QString &status, const QVariantMap &extra = {}) {
        QVariantMap m = extra;
        m.insert(QStringLiteral("status"), status);
        return m;
    };
    // PIPL: without the general consent nothing is saved, not even the attempt.
    if (!form.value(QStringLiteral("consentGeneral")).toBool())
        return answer(QStringLiteral("no_consent"));
    if (!m_store)
        return answer(QStringLiteral("failed"), {{QStringLiteral("message"), tr("报名暂时无法使用，请找工作人员")}});

    const auto target = load(str(form, "sessionId"));
    if (!target)
        return answer(QStringLiteral("invalid"), {{QStringLiteral("message"), tr("这个培训已经没有了，请回到首页重新选择")}});

    const QString name = str(form, "name");
    const QString phone = str(form, "phone");
    const bool sensitiveConsent = form.value(QStringLiteral("consentSensitive")).toBool();
    // The ID number is used (and kept) only with the separate consent for sensitive data.
    const QString idNumber = sensitiveConsent ? normalizeIdNumber(str(form, "idNumber")) : QString();
    const QString guardian = str(form, "guardianName");
    const QString village = str(form, "village");
    QString problem = checkName(name);
    if (problem.isEmpty() && !phone.isEmpty())
        problem = checkPhone(phone);
    if (problem.isEmpty() && !idNumber.isEmpty())
        problem = checkIdNumber(idNumber);
    if (problem.isEmpty() && phone.isEmpty() && normalizeIdNumber(str(form, "idNumber")).isEmpty())
        problem = tr("请留下手机号或身份证号");
    if (problem.isEmpty() && isChild(str(form, "idNumber")) && checkName(guardian).size() > 0)
        problem = tr("未满14岁，请填写监护人的名字");
    if (!problem.isEmpty())
        return answer(QStringLiteral("invalid"), {{QStringLiteral("message"), problem}});

    const QDateTime now = clock().now();
    bool full = false;
    auto saved = m_store->database().transaction([&]() -> Result<void> {
        // A returning resident: the same ID number, or the same phone with the same name (family
        // members often share one phone). Never shown to the kiosk.
        std::optional<Resident> known;
        if (!idNumber.isEmpty())
            known = m_store->residents().findByIdNumber(idNumber);
        if (!known && !phone.isEmpty()) {
            if (auto byPhone = m_store->residents().findByPhone(phone); byPhone && byPhone->name == name)
                known = byPhone;
        }
        if (known && !known->mergedInto.isEmpty())
            known = m_store->residents().get(known->mergedInto);

        const QString attendance = known ? attendanceId(target->id, known->envelope.id) : QString();
        const bool alreadyRegistered = known && m_store->attendances().get(attendance).has_value();
        if (!alreadyRegistered && target->seatsLeft == 0) {
            full = true;
            return {};
        }

        QString residentId;
        if (known) {
            residentId = known->envelope.id;
            QVariantMap consents;
            if (!known->consentGeneralAt.isValid())
                consents.insert(QStringLiteral("consent_general_at"), now);
            if (!idNumber.isEmpty() && !known->consentSensitiveAt.isValid())
                consents.insert(QStringLiteral("consent_sensitive_at"), now);
            if (!consents.isEmpty()) {
                if (auto u = m_store->residents().updateFields(residentId, consents); !u)
                    return u.error();
            }
        } else {
            Resident r;
            r.name = name;
            r.phone = phone;
            r.village = village;
            r.guardianName = guardian;
            r.consentGeneralAt = now;
            r.needsReview = true; // the director confirms or merges her (PRODUCT.md screen 5)
            if (!idNumber.isEmpty()) {
                const auto info = parseIdNumber(idNumber);
                r.idNumber = idNumber;
                r.birthDate = info->birthDate;
                r.gender = QString(info->gender);
                r.consentSensitiveAt = now;
            }
            auto created = m_store->residents().create(r);
            if (!created)
                return created.error();
            residentId = created->envelope.id;
        }
        auto a = m_store->attendances().registerFor(target->id, residentId, QStringLiteral("kiosk"));
        if (!a)
            return a.error();
        return m_store->records().audit(QStringLiteral("kiosk_registration"), Kind::Attendance, a->envelope.id);
    });

    if (full) {
        const QVariantMap next = nextSessionLike(target->id);
        return answer(QStringLiteral("full"), {{QStringLiteral("session"), target->toMap()}, {QStringLiteral("next"), next}});
    }
    if (!saved) {
        // The error names fields, never their values.
        qCWarning(lcKiosk) << "kiosk sign-up not saved:" << saved.error().code;
        return answer(QStringLiteral("failed"), {{QStringLiteral("message"), tr("没有保存成功，请找工作人员帮忙")}});
    }
    refresh();
    emit registered(target->id);
    return answer(QStringLiteral("ok"), {{QStringLiteral("session"), target->toMap()}});
}

// ---- idle ----------------------------------------------------------------------------------

void KioskController::setWatching(bool on)
{
    m_lastActivityMs = clock().nowMs();
    const bool changed = on != m_watching || m_countingDown;
    m_watching = on;
    m_countingDown = false;
    m_secondsLeft = 0;
    if (on)
        m_idleTimer.start();
    else
        m_idleTimer.stop();
    if (changed)
        emit idleChanged();
}

void KioskController::setIdleTimeoutMs(int ms)
{
    m_idleTimeoutMs = std::max(1000, ms);
    m_countdownMs = std::min(m_countdownMs, m_idleTimeoutMs);
    emit idleChanged();
}

void KioskController::setCountdownMs(int ms)
{
    m_countdownMs = std::clamp(ms, 0, m_idleTimeoutMs);
    emit idleChanged();
}

void KioskController::activity()
{
    m_lastActivityMs = clock().nowMs();
    if (m_countingDown) {
        m_countingDown = false;
        m_secondsLeft = 0;
        emit idleChanged();
    }
}

void KioskController::tick()
{
    if (!m_watching)
        return;
    const qint64 idle = clock().nowMs() - m_lastActivityMs;
    if (idle >= m_idleTimeoutMs) {
        setWatching(false);
        emit idleTimedOut();
        return;
    }
    const bool counting = idle >= m_idleTimeoutMs - m_countdownMs;
    const int left = counting ? int((m_idleTimeoutMs - idle + 999) / 1000) : 0;
    if (counting != m_countingDown || left != m_secondsLeft) {
        m_countingDown = counting;
        m_secondsLeft = left;
        emit idleChanged();
    }
}

} // namespace lanxin
