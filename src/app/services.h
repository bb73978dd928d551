#pragma once

#include "storage/credentialstore.h"

#include <QObject>

#include <memory>

class QGuiApplication;

namespace lanxin {

class AppContext;
class AppSettings;
class HomeService;
class Labels;
class ReferralService;
class ResidentService;
class StaffSession;
class StationStore;
class TrainingService;
class VisitService;

/// Every service the station's UI uses, built on one open StationStore and handed to QML as the
/// instances of its singletons (AppContext, AppSettings, Labels, StaffSession, Home, Trainings,
/// Residents, Referrals, Visits). main.cpp makes one; the QML tests make one per test file on a
/// temporary data directory with an injected clock. The list models find the store through instance().
class StationServices : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        PinHashCost pinCost = PinHashCost::Interactive;
    };

    /// `store` may be null when the database could not be opened (`startupProblem` says why).
    StationServices(StationStore *store, const QString &startupProblem, Options options);
    ~StationServices() override;

    [[nodiscard]] static StationServices *instance();
    [[nodiscard]] StationStore *store() const { return m_store; }
    [[nodiscard]] AppSettings &settings() const { return *m_settings; }
    [[nodiscard]] StaffSession &session() const { return *m_session; }
    [[nodiscard]] AppContext &context() const { return *m_context; }

    /// Locks on idle and on suspend: watches the application's input and state.
    void watch(QGuiApplication &app);
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    /// A record of `kind` was written through the app (lists refresh on it).
    void recordsChanged(const QString &kind);

public:
    void notifyChanged(const QString &kind) { emit recordsChanged(kind); }

private:
    StationStore *m_store;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<Labels> m_labels;
    std::unique_ptr<StaffSession> m_session;
    std::unique_ptr<HomeService> m_home;
    std::unique_ptr<TrainingService> m_trainings;
    std::unique_ptr<ResidentService> m_residents;
    std::unique_ptr<ReferralService> m_referrals;
    std::unique_ptr<VisitService> m_visits;
};

} // namespace lanxin
