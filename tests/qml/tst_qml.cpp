// The QML tests' C++ side: before each tst_*.qml file, a fresh temporary station with the real
// services (StationServices) and a standing clock, plus a Harness singleton (import LanxinTest) to
// move the clock and make records the flow under test needs.
#include "appfixture.h"

#include "core/ids.h"

#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(LanxinPlugin)

using namespace lanxin;
using namespace lanxin::test;

class Harness : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString directorId READ directorId CONSTANT)
    Q_PROPERTY(QString volunteerId READ volunteerId CONSTANT)
    Q_PROPERTY(QString directorPin READ directorPin CONSTANT)
    Q_PROPERTY(QString volunteerPin READ volunteerPin CONSTANT)

public:
    explicit Harness(AppFixture &f) : m_f(f) {}

    [[nodiscard]] QString directorId() const { return m_f.directorId; }
    [[nodiscard]] QString volunteerId() const { return m_f.volunteerId; }
    [[nodiscard]] QString directorPin() const { return QLatin1String(kDirectorPin); }
    [[nodiscard]] QString volunteerPin() const { return QLatin1String(kVolunteerPin); }

    Q_INVOKABLE void advanceClock(int ms) { m_f.clock.advance(ms); }
    Q_INVOKABLE bool unlockDirector() { return m_f.unlock(m_f.directorId, QLatin1String(kDirectorPin)); }
    Q_INVOKABLE QString addResident(const QString &name, const QString &birthDate)
    {
        auto r = m_f.store.residents().create(resident(name, parseDate(birthDate)));
        return r ? r->envelope.id : QString();
    }
    Q_INVOKABLE bool registerFor(const QString &sessionId, const QString &residentId)
    {
        return m_f.store.attendances().registerFor(sessionId, residentId, QStringLiteral("staff")).ok();
    }
    Q_INVOKABLE int checkedIn(const QString &sessionId)
    {
        int n = 0;
        for (const Attendance &a : m_f.store.attendances().forSession(sessionId))
            n += a.checkedInAt.isValid() ? 1 : 0;
        return n;
    }
    Q_INVOKABLE int residentCount() { return m_f.store.residents().count({}); }
    Q_INVOKABLE QString referralStatus(const QString &id)
    {
        const auto r = m_f.store.referrals().get(id);
        static const char *names[] = {"referred", "screened", "result", "diagnosed", "treated", "closed"};
        return r ? QLatin1String(names[static_cast<int>(r->status())]) : QString();
    }
    /// An ordinary visit whose follow-up became due `daysOverdue` days ago.
    Q_INVOKABLE QString addOverdueVisit(const QString &residentId, int daysOverdue)
    {
        FamilyVisit v;
        v.residentId = residentId;
        v.visitedAt = m_f.clock.now().addDays(-daysOverdue - 30);
        v.purposes = {QStringLiteral("elderly_care")};
        v.riskLevel = QStringLiteral("low");
        v.followUpNeeded = true;
        v.nextVisitDue = m_f.clock.today().addDays(-daysOverdue);
        auto r = m_f.store.visits().create(v);
        return r ? r->envelope.id : QString();
    }
    Q_INVOKABLE QVariantMap visit(const QString &id)
    {
        const auto v = m_f.store.visits().get(id);
        if (!v)
            return {};
        return {{QStringLiteral("dvRisk"), v->dvRisk},
                {QStringLiteral("followUpNeeded"), v->followUpNeeded},
                {QStringLiteral("nextVisitDue"), formatDate(v->nextVisitDue)},
                {QStringLiteral("visitor"), v->visitor}};
    }
    Q_INVOKABLE QString latestVisitOf(const QString &residentId)
    {
        const auto list = m_f.store.visits().forResident(residentId);
        return list.isEmpty() ? QString() : list.first().envelope.id;
    }

private:
    AppFixture &m_f;
};

class Setup : public QObject
{
    Q_OBJECT
public:
    Setup()
    {
        qmlRegisterSingletonType<Harness>("LanxinTest", 1, 0, "Harness", [](QQmlEngine *, QJSEngine *) -> Harness * {
            QJSEngine::setObjectOwnership(s_harness, QJSEngine::CppOwnership);
            return s_harness;
        });
    }

public slots:
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Material")); }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
        // Each test file starts from an empty station with its director and a volunteer.
        m_harness.reset();
        m_fixture.reset();
        m_fixture = std::make_unique<AppFixture>();
        m_harness = std::make_unique<Harness>(*m_fixture);
        s_harness = m_harness.get();
    }
    void cleanupTestCase()
    {
        m_harness.reset();
        m_fixture.reset();
    }

private:
    static inline Harness *s_harness = nullptr;
    std::unique_ptr<AppFixture> m_fixture;
    std::unique_ptr<Harness> m_harness;
};

QUICK_TEST_MAIN_WITH_SETUP(lanxin_qml, Setup)
#include "tst_qml.moc"
