#pragma once

// The C++ side of the kiosk's QML tests: a real station store in a temporary directory with a
// clock that stands still until a test moves it, the KioskController singleton over it, and
// questions about what was saved (QML singleton `KioskTest` of module LanxinTest).
#include "kiosk/kioskcontroller.h"
#include "storage/stationstore.h"

#include <QObject>
#include <QTemporaryDir>
#include <QVariantList>

#include <memory>

namespace lanxin::test {

class KioskTestHarness : public QObject
{
    Q_OBJECT

public:
    /// 2025-11-28 10:00 Asia/Shanghai, a Friday.
    static constexpr qint64 kNow = 1764295200000;

    explicit KioskTestHarness(QObject *parent = nullptr);
    ~KioskTestHarness() override;

    [[nodiscard]] KioskController *controller() { return m_controller.get(); }

    /// A new empty station with these trainings (keys for sessionId()):
    ///  "a"        数字技能 智能手机课, next Tuesday 09:00–11:00, 20 seats
    ///  "b"        数字技能 the same category a week later, 20 seats
    ///  "full"     实用技术 水蜜桃栽培, next Wednesday, 1 seat, taken
    ///  "fullNext" 实用技术 the next one of that category, 10 seats
    ///  "small"    家庭教育, 2 seats (fillSession() takes them)
    ///  "offer"    a district training offer (reference data, as sync brings it)
    Q_INVOKABLE void reset();
    Q_INVOKABLE QString sessionId(const QString &key) const { return m_sessions.value(key); }
    /// Staff register residents until the session is full.
    Q_INVOKABLE void fillSession(const QString &key);
    Q_INVOKABLE void advanceClock(int ms);
    Q_INVOKABLE void setKioskMode(bool on) { m_controller->setKioskMode(on); }
    /// A station record with its own villages, as sync brings it.
    Q_INVOKABLE void setStationVillages(const QStringList &villages);

    Q_INVOKABLE int residentCount();
    Q_INVOKABLE int attendanceCount();
    Q_INVOKABLE int outboxPending();
    /// Residents made or met at the kiosk: those with a general consent time (the trainings'
    /// seeded residents have none). Each: name, phone, idNumber, birthDate (yyyy-MM-dd), gender, village,
    /// guardianName, needsReview, consentGeneralAt, consentSensitiveAt (ISO or "").
    Q_INVOKABLE QVariantList signedUp();
    /// Every live attendance: sessionId, residentId, registeredVia.
    Q_INVOKABLE QVariantList attendances();
    /// A valid ID number of a woman born on `birth` (yyyy-MM-dd).
    Q_INVOKABLE QString idNumberBornOn(const QString &birth) const;
    /// Every candidate a freshly started process offers for `spelling` (a separate program, so
    /// nothing this process did can have touched it).
    Q_INVOKABLE QStringList freshCandidates(const QString &spelling) const;

private:
    QString addSession(const QString &title, const QString &category, const QDateTime &start, int capacity);

    std::unique_ptr<QTemporaryDir> m_dir;
    Clock m_clock;
    std::unique_ptr<StationStore> m_store;
    std::unique_ptr<KioskController> m_controller;
    QMap<QString, QString> m_sessions;
};

} // namespace lanxin::test
