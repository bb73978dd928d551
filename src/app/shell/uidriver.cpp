#include "uidriver.h"

#include "demoseeder.h"
#include "services.h"
#include "shell/appsettings.h"
#include "shell/staffsession.h"

#include "storage/stationstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTextStream>
#include <QTimer>

namespace lanxin {
namespace {

/// A line of /proc/self/status in KiB (0 where there is none).
qint64 memoryKiB(const char *key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qstrlen(key)).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

UiDriver::UiDriver(QQmlApplicationEngine &engine, StationServices &services, Mode mode, const QString &outDir,
                   QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_services(services)
    , m_mode(mode)
    , m_outDir(outDir)
    , m_err(err)
{
    connect(&m_engine, &QQmlEngine::warnings, this, [this](const QList<QQmlError> &warnings) { m_warnings += warnings; });
}

QString UiDriver::prepare(StationStore &store, int residents, int records)
{
    if (store.residents().count({}) == 0) {
        if (auto seeded = seedDemo(store, residents, records); !seeded)
            return seeded.error().message;
        // A session under way today, half the room checked in, so the roster shows both states.
        const QDate today = store.clock().today();
        TrainingSession s;
        s.title = QStringLiteral("手机拍摄与短视频入门");
        s.category = QStringLiteral("digital_skills");
        s.startsAt = QDateTime(today, QTime(14, 0), localZone()).toUTC();
        s.endsAt = s.startsAt.addSecs(2 * 3600);
        s.location = QStringLiteral("妇女之家活动室");
        s.trainer = QStringLiteral("陈静");
        s.capacity = 20;
        s.status = QStringLiteral("open");
        s.selfRegistration = true;
        auto session = store.sessions().create(s);
        if (!session)
            return session.error().message;
        const QList<Resident> people = store.residents().list({}, {0, 16});
        const QStringList via{QStringLiteral("kiosk"), QStringLiteral("staff"), QStringLiteral("walk_in")};
        for (int i = 0; i < people.size(); ++i) {
            const QString id = people.at(i).envelope.id;
            if (auto r = store.attendances().registerFor(session->envelope.id, id, via.at(i % 3)); !r)
                return r.error().message;
            if (i % 2 == 0 || via.at(i % 3) == QLatin1String("walk_in")) {
                if (auto r = store.attendances().checkIn(session->envelope.id, id); !r)
                    return r.error().message;
            }
        }
    }
    for (const Staff &s : store.staff().active()) {
        if (!s.isDirector())
            continue;
        const auto cred = store.credentials().get(s.envelope.id);
        if (cred && verifyPin(cred->pinHash, QLatin1String(kDemoPin)))
            return {};
        if (!cred) {
            // The volunteers too, so the PIN page offers more than one name.
            for (const Staff &v : store.staff().active()) {
                if (v.isDirector() || store.credentials().get(v.envelope.id))
                    continue;
                auto hash = hashPin(QStringLiteral("1357"));
                if (!hash || !store.credentials().setHash(v.envelope.id, hash.value(), store.clock().now()))
                    return QStringLiteral("cannot set a demo PIN");
            }
            auto hash = hashPin(QLatin1String(kDemoPin));
            if (!hash)
                return hash.error().message;
            if (auto r = store.credentials().setHash(s.envelope.id, hash.value(), store.clock().now()); !r)
                return r.error().message;
            return {};
        }
    }
    return bilingual(QStringLiteral("这个数据目录的妇女主任已设了别的 PIN，截图需要一个演示数据目录"),
                     QStringLiteral("The director of this data dir has another PIN; screenshots need a demo data dir"));
}

bool UiDriver::unlockDirector()
{
    StaffSession &session = m_services.session();
    if (!session.locked())
        return true;
    for (const QVariant &v : session.unlockable()) {
        const QVariantMap s = v.toMap();
        if (!s.value(QStringLiteral("director")).toBool())
            continue;
        QEventLoop loop;
        connect(&session, &StaffSession::unlocked, &loop, &QEventLoop::quit);
        connect(&session, &StaffSession::unlockFailed, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        session.unlock(s.value(QStringLiteral("id")).toString(), QLatin1String(kDemoPin));
        if (session.busy())
            loop.exec();
        if (!session.locked())
            return true;
    }
    return false;
}

void UiDriver::planSteps()
{
    StationStore *store = m_services.store();
    // Pick records that show each screen at its best: a woman with a referral under way, a session
    // with people on its roster.
    QString referralId, residentId, sessionId;
    for (const ScreeningReferral &r : store->referrals().list({0, 400})) {
        if (r.status() == ScreeningReferral::Status::Screened || r.status() == ScreeningReferral::Status::Result) {
            referralId = r.envelope.id;
            residentId = r.residentId;
            break;
        }
    }
    SessionFilter upcoming;
    upcoming.from = QDateTime(store->clock().today(), QTime(0, 0), localZone()).toUTC();
    for (const TrainingSession &s : store->sessions().list(upcoming, {0, 20})) {
        if (store->attendances().countForSession(s.envelope.id) > 0) {
            sessionId = s.envelope.id;
            break;
        }
    }
    if (sessionId.isEmpty()) {
        SessionFilter past;
        past.newestFirst = true;
        const auto list = store->sessions().list(past, {0, 1});
        if (!list.isEmpty())
            sessionId = list.first().envelope.id;
    }

    const QList<QPair<QString, QVariant>> main{
        {QStringLiteral("kiosk"), {}},         {QStringLiteral("pin"), {}},
        {QStringLiteral("home"), {}},          {QStringLiteral("trainings"), {}},
        {QStringLiteral("roster"), sessionId}, {QStringLiteral("residents"), QStringLiteral("zh")},
        {QStringLiteral("profile"), residentId}, {QStringLiteral("referral"), referralId},
        {QStringLiteral("visit"), residentId}, {QStringLiteral("sync"), {}},
        {QStringLiteral("settings"), {}},
    };
    if (m_mode == Mode::Screenshots) {
        for (const QString &lang : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
            for (const QSize &size : {QSize(1280, 800), QSize(800, 1280)}) {
                for (const auto &[screen, arg] : main)
                    m_steps << Step{screen, arg, lang, size};
            }
        }
        return;
    }
    // Self-test: every page once, then the main ones in English and portrait.
    QList<QPair<QString, QVariant>> all = main;
    all << qMakePair(QStringLiteral("sessionEdit"), QVariant(sessionId))
        << qMakePair(QStringLiteral("newSession"), QVariant())
        << qMakePair(QStringLiteral("residentEdit"), QVariant(residentId))
        << qMakePair(QStringLiteral("newResident"), QVariant())
        << qMakePair(QStringLiteral("newReferral"), QVariant(residentId))
        << qMakePair(QStringLiteral("review"), QVariant())
        << qMakePair(QStringLiteral("merge"), QVariant(residentId))
        << qMakePair(QStringLiteral("staff"), QVariant())
        << qMakePair(QStringLiteral("setup"), QVariant());
    for (const auto &[screen, arg] : all)
        m_steps << Step{screen, arg, QStringLiteral("zh_CN"), QSize(1280, 800)};
    for (const auto &[screen, arg] : main)
        m_steps << Step{screen, arg, QStringLiteral("en"), QSize(800, 1280)};
}

void UiDriver::start()
{
    const auto roots = m_engine.rootObjects();
    m_window = roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(roots.first());
    if (!m_window) {
        fail(QStringLiteral("Main.qml did not load"));
        return;
    }
    m_window->setProperty("animations", false);
    if (m_mode == Mode::Screenshots && !m_outDir.mkpath(QStringLiteral("."))) {
        fail(QStringLiteral("cannot create %1").arg(m_outDir.path()));
        return;
    }
    planSteps();
    QTimer::singleShot(0, this, &UiDriver::runStep);
}

void UiDriver::runStep()
{
    if (m_index >= m_steps.size()) {
        if (!m_warnings.isEmpty()) {
            for (const QQmlError &w : std::as_const(m_warnings))
                m_failures << QStringLiteral("QML warning: ") + w.toString();
        }
        if (m_mode == Mode::Screenshots)
            m_err << QStringLiteral("%1 screenshots in %2\n").arg(m_saved).arg(m_outDir.path());
        else
            m_err << QStringLiteral("self-test: %1 screens; RSS %2 MiB, peak %3 MiB\n")
                         .arg(m_steps.size())
                         .arg(memoryKiB("VmRSS:") / 1024.0, 0, 'f', 1)
                         .arg(memoryKiB("VmHWM:") / 1024.0, 0, 'f', 1);
        for (const QString &f : std::as_const(m_failures))
            m_err << f << "\n";
        m_err.flush();
        QCoreApplication::exit(m_failures.isEmpty() ? 0 : 1);
        return;
    }
    const Step &step = m_steps.at(m_index);
    m_services.settings().setLanguage(step.language);
    if (m_window->size() != step.size) {
        m_window->resize(step.size);
        settle(50);
    }
    const bool needsStaff = step.screen != QLatin1String("kiosk") && step.screen != QLatin1String("pin")
        && step.screen != QLatin1String("setup");
    if (needsStaff && !unlockDirector()) {
        fail(QStringLiteral("could not unlock with the demo director's PIN"));
        return;
    }
    QVariant shown;
    const bool invoked = QMetaObject::invokeMethod(m_window, "showScreen", Q_RETURN_ARG(QVariant, shown),
                                                   Q_ARG(QVariant, step.screen), Q_ARG(QVariant, step.arg));
    if (!invoked || !shown.toBool())
        m_failures << QStringLiteral("screen %1 (%2) did not open").arg(step.screen, step.language);
    QTimer::singleShot(m_mode == Mode::Screenshots ? 400 : 60, this, &UiDriver::finishStep);
}

void UiDriver::finishStep()
{
    const Step &step = m_steps.at(m_index);
    if (m_mode == Mode::Screenshots) {
        const QImage image = m_window->grabWindow();
        const QString name = QStringLiteral("%1-%2-%3.png")
                                 .arg(step.screen, step.language == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh"),
                                      step.size.width() > step.size.height() ? QStringLiteral("landscape")
                                                                             : QStringLiteral("portrait"));
        if (image.isNull() || !image.save(m_outDir.filePath(name)))
            m_failures << QStringLiteral("could not save %1").arg(name);
        else
            ++m_saved;
    } else {
        QVariant current;
        QMetaObject::invokeMethod(m_window, "currentScreen", Q_RETURN_ARG(QVariant, current));
        if (current.toString() != step.screen)
            m_failures << QStringLiteral("screen %1 shows %2 instead").arg(step.screen, current.toString());
    }
    ++m_index;
    runStep();
}

void UiDriver::fail(const QString &why)
{
    m_err << why << "\n";
    m_err.flush();
    QCoreApplication::exit(1);
}

} // namespace lanxin
