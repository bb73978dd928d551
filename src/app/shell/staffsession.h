#pragma once

#include "singleton.h"

#include "storage/credentialstore.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QVariantList>

namespace lanxin {

class AppSettings;
class StationStore;

/// Who is using the app, and the lock (PRODUCT.md "Staff, PINs and recovery", SECURITY.md 14–15, 25).
///
/// The app starts locked. Staff unlock with their name and a 4–6 digit PIN, checked against an
/// Argon2id hash (libsodium crypto_pwhash_str) off the UI thread. Wrong tries follow core/pinpolicy.h.
/// It locks again after the idle time of AppSettings, when the application is suspended or hidden,
/// and on request. Unlocking sets the record store's actor, so every record and audit entry says who;
/// unlocks, locks, wrong PINs and PIN changes are audited without any PIN or personal value.
/// Time comes from the store's injectable clock.
class StaffSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    LANXIN_SINGLETON(StaffSession)
    Q_PROPERTY(bool locked READ locked NOTIFY lockedChanged)
    Q_PROPERTY(QString staffId READ staffId NOTIFY currentChanged)
    Q_PROPERTY(QString staffName READ staffName NOTIFY currentChanged)
    Q_PROPERTY(bool director READ director NOTIFY currentChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool needsSetup READ needsSetup NOTIFY staffChanged)
    Q_PROPERTY(QVariantList unlockable READ unlockable NOTIFY staffChanged)
    Q_PROPERTY(QVariantList directorsWithoutPin READ directorsWithoutPin NOTIFY staffChanged)

public:
    StaffSession(StationStore *store, AppSettings &settings, PinHashCost cost = PinHashCost::Interactive,
                 QObject *parent = nullptr);
    ~StaffSession() override;

    [[nodiscard]] bool locked() const { return m_locked; }
    [[nodiscard]] QString staffId() const { return m_staffId; }
    [[nodiscard]] QString staffName() const { return m_staffName; }
    [[nodiscard]] bool director() const { return m_director; }
    [[nodiscard]] bool busy() const { return m_worker != nullptr; }
    /// No director can unlock this device yet: the first-run setup is due.
    [[nodiscard]] bool needsSetup() const;
    /// Active staff with a PIN on this device, directors first: [{id, name, role, director}].
    [[nodiscard]] QVariantList unlockable() const;
    /// Directors (e.g. made by the district) who have no PIN here yet, for the first-run setup.
    [[nodiscard]] QVariantList directorsWithoutPin() const;

    /// Checks the PIN off the UI thread; then unlocked() or unlockFailed().
    Q_INVOKABLE void unlock(const QString &staffId, const QString &pin);
    /// Seconds left before `staffId` may try again (0 = may try now).
    Q_INVOKABLE int waitSeconds(const QString &staffId) const;
    /// Has `staffId` made so many wrong tries that only a director can let her in again?
    Q_INVOKABLE bool blocked(const QString &staffId) const;
    Q_INVOKABLE void lock(const QString &reason = QStringLiteral("manual"));
    /// Input happened (the app's event filter calls this); restarts the idle time.
    Q_INVOKABLE void noteActivity();
    /// Locks when idle longer than the setting; returns whether it is locked. A timer calls it each second.
    Q_INVOKABLE bool checkIdle();
    /// First run: makes the station's director (or takes the synced director `existingStaffId`) with her
    /// PIN and unlocks as her; then setupFinished().
    Q_INVOKABLE void setupDirector(const QString &name, const QString &existingStaffId, const QString &pin);
    /// A director, unlocked, with the staff member present: sets her PIN on this device; then pinSetFinished().
    Q_INVOKABLE void setPin(const QString &staffId, const QString &pin);
    /// The name of staff member `staffId` (empty when unknown).
    Q_INVOKABLE QString nameOf(const QString &staffId) const;
    /// A director lets a blocked PIN be tried again.
    Q_INVOKABLE bool clearBlock(const QString &staffId);

    /// Reacts to the application being suspended or hidden (locks).
    void onApplicationState(Qt::ApplicationState state);

signals:
    void lockedChanged();
    void currentChanged();
    void busyChanged();
    void staffChanged();
    void unlocked();
    void unlockFailed(const QString &message, int waitSeconds);
    void setupFinished(bool ok, const QString &message);
    void pinSetFinished(bool ok, const QString &message);

public slots:
    /// Staff records changed elsewhere (settings, sync): refresh the lists.
    void refreshStaff() { emit staffChanged(); }

private:
    void runOffThread(std::function<void()> work, std::function<void()> done);
    void finishUnlock(const QString &staffId, bool correct);
    void becomeUnlocked(const QString &staffId);
    void audit(const QString &action, const QString &staffId, const QString &detail = {});
    [[nodiscard]] qint64 nowMs() const;

    StationStore *m_store;
    AppSettings &m_settings;
    PinHashCost m_cost;
    bool m_locked = true;
    QString m_staffId;
    QString m_staffName;
    bool m_director = false;
    qint64 m_lastActivityMs = 0;
    QPointer<QThread> m_worker;
    QTimer m_idleTimer;
};

} // namespace lanxin
