#pragma once

#include "kiosksessionmodel.h"

#include "core/clock.h"
#include "core/records.h"

#include <QObject>
#include <QQmlEngine>
#include <QTimer>

#include <optional>

namespace lanxin {

class StationStore;

/// What the kiosk (PRODUCT.md screens 1–2) needs from the station: the trainings open for
/// self-registration, the station's villages, checks of what a resident types, the sign-up itself,
/// and the idle watch that clears an abandoned sign-up. QML singleton `KioskController`, built in
/// main.cpp (setInstance) like AppContext.
///
/// Privacy by construction (SECURITY.md 17–18): submit() answers the same whether or not the person
/// was known; matching a returning resident happens here, out of the kiosk's sight; nothing a
/// resident typed is kept in this object after submit() returns.
class KioskController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool ready READ ready NOTIFY storeChanged)
    Q_PROPERTY(lanxin::KioskSessionModel *sessions READ sessions CONSTANT)
    Q_PROPERTY(QString stationName READ stationName NOTIFY storeChanged)
    Q_PROPERTY(QStringList villages READ villages NOTIFY storeChanged)
    Q_PROPERTY(bool kioskMode READ kioskMode NOTIFY kioskModeChanged)
    Q_PROPERTY(bool watching READ watching WRITE setWatching NOTIFY idleChanged)
    Q_PROPERTY(int idleTimeoutMs READ idleTimeoutMs WRITE setIdleTimeoutMs NOTIFY idleChanged)
    Q_PROPERTY(int countdownMs READ countdownMs WRITE setCountdownMs NOTIFY idleChanged)
    Q_PROPERTY(bool countingDown READ countingDown NOTIFY idleChanged)
    Q_PROPERTY(int secondsLeft READ secondsLeft NOTIFY idleChanged)

public:
    /// `clock` drives the idle watch and "today"; null: the store's clock.
    explicit KioskController(StationStore *store, const Clock *clock = nullptr, QObject *parent = nullptr);

    static void setInstance(KioskController *instance);
    static KioskController *create(QQmlEngine *, QJSEngine *);

    /// Another store (or none: the kiosk then says it is unavailable); reloads everything.
    void setStore(StationStore *store, const Clock *clock = nullptr);
    void setKioskMode(bool on);

    [[nodiscard]] bool ready() const { return m_store != nullptr; }
    [[nodiscard]] KioskSessionModel *sessions() { return &m_sessions; }
    [[nodiscard]] QString stationName() const { return m_stationName; }
    [[nodiscard]] QStringList villages() const { return m_villages; }
    [[nodiscard]] bool kioskMode() const { return m_kioskMode; }

    [[nodiscard]] bool watching() const { return m_watching; }
    void setWatching(bool on);
    [[nodiscard]] int idleTimeoutMs() const { return m_idleTimeoutMs; }
    void setIdleTimeoutMs(int ms);
    [[nodiscard]] int countdownMs() const { return m_countdownMs; }
    void setCountdownMs(int ms);
    [[nodiscard]] bool countingDown() const { return m_countingDown; }
    [[nodiscard]] int secondsLeft() const { return m_secondsLeft; }

    /// Reloads the sessions, the station name and its villages.
    Q_INVOKABLE void refresh();
    /// A session or offer for display (keys as the model's roles); empty when there is none.
    Q_INVOKABLE QVariantMap session(const QString &id);
    /// The next open session of the same category with seats left, or an empty map.
    Q_INVOKABLE QVariantMap nextSessionLike(const QString &id);

    /// Checks of what a resident typed: an empty string, or a kind message in plain Chinese.
    Q_INVOKABLE QString checkName(const QString &name) const;
    Q_INVOKABLE QString checkPhone(const QString &phone) const;
    Q_INVOKABLE QString checkIdNumber(const QString &idNumber) const;
    /// Whether a valid ID number says its holder is under 14 today.
    Q_INVOKABLE bool isChild(const QString &idNumber) const;
    /// Villages matching what she typed: characters (白杜), full pinyin (baidu) or initials (bd).
    Q_INVOKABLE QStringList matchVillages(const QString &query) const;

    /// Signs a resident up. `form`: sessionId, name, phone, idNumber, village, guardianName,
    /// consentGeneral, consentSensitive. Answers {status, session, next, message}: status "ok"
    /// (the same whether she was known or new), "no_consent" (nothing saved), "full" (nothing saved;
    /// `next` is the next session of the category, if any), "invalid" or "failed".
    Q_INVOKABLE QVariantMap submit(const QVariantMap &form);

    /// Someone touched the screen: the idle time starts again and a countdown is dismissed.
    Q_INVOKABLE void activity();
    /// Looks at the clock: starts the countdown, or times out. The timer calls it; tests too.
    Q_INVOKABLE void tick();

signals:
    void storeChanged();
    void kioskModeChanged();
    void idleChanged();
    /// Idle past idleTimeoutMs while watching: clear everything and go home.
    void idleTimedOut();
    /// A sign-up was saved (the staff side refreshes its lists).
    void registered(const QString &sessionId);

private:
    [[nodiscard]] std::optional<KioskSession> load(const QString &id);
    [[nodiscard]] KioskSession describe(const TrainingSession &s, bool isOffer);
    [[nodiscard]] QList<KioskSession> upcoming();
    [[nodiscard]] const Clock &clock() const;

    StationStore *m_store = nullptr;
    const Clock *m_clock = nullptr;
    Clock m_ownClock;
    KioskSessionModel m_sessions;
    QString m_stationName;
    QStringList m_villages;
    bool m_kioskMode = false;

    QTimer m_idleTimer;
    bool m_watching = false;
    qint64 m_lastActivityMs = 0;
    int m_idleTimeoutMs = 60000;
    int m_countdownMs = 10000;
    bool m_countingDown = false;
    int m_secondsLeft = 0;
};

} // namespace lanxin
