#include "services.h"

#include "appcontext.h"
#include "home/homeservice.h"
#include "referrals/referralservice.h"
#include "residents/residentservice.h"
#include "shell/appsettings.h"
#include "shell/labels.h"
#include "shell/staffsession.h"
#include "trainings/trainingservice.h"
#include "visits/visitservice.h"

#include "storage/stationstore.h"

#include <QEvent>
#include <QGuiApplication>

namespace lanxin {
namespace {
StationServices *s_services = nullptr;
}

StationServices::StationServices(StationStore *store, const QString &startupProblem, Options options)
    : m_store(store)
{
    m_context = std::make_unique<AppContext>(store, startupProblem);
    m_settings = std::make_unique<AppSettings>(store ? &store->database() : nullptr);
    m_labels = std::make_unique<Labels>(*m_settings);
    m_session = std::make_unique<StaffSession>(store, *m_settings, options.pinCost);
    m_home = std::make_unique<HomeService>(*this);
    m_trainings = std::make_unique<TrainingService>(*this);
    m_residents = std::make_unique<ResidentService>(*this);
    m_referrals = std::make_unique<ReferralService>(*this);
    m_visits = std::make_unique<VisitService>(*this);

    AppContext::setInstance(m_context.get());
    AppSettings::setInstance(m_settings.get());
    Labels::setInstance(m_labels.get());
    StaffSession::setInstance(m_session.get());
    HomeService::setInstance(m_home.get());
    TrainingService::setInstance(m_trainings.get());
    ResidentService::setInstance(m_residents.get());
    ReferralService::setInstance(m_referrals.get());
    VisitService::setInstance(m_visits.get());
    s_services = this;

    connect(this, &StationServices::recordsChanged, m_context.get(), &AppContext::refresh);
    connect(this, &StationServices::recordsChanged, m_home.get(), &HomeService::refresh);
    connect(this, &StationServices::recordsChanged, m_session.get(), [this](const QString &kind) {
        if (kind == QLatin1String("staff"))
            m_session->refreshStaff();
    });
}

StationServices::~StationServices()
{
    if (s_services == this)
        s_services = nullptr;
}

StationServices *StationServices::instance()
{
    return s_services;
}

void StationServices::watch(QGuiApplication &app)
{
    app.installEventFilter(this);
    connect(&app, &QGuiApplication::applicationStateChanged, m_session.get(), &StaffSession::onApplicationState);
}

bool StationServices::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
    case QEvent::Wheel:
        m_session->noteActivity();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace lanxin
