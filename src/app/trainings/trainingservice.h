#pragma once

#include "singleton.h"

#include <QObject>
#include <QVariantMap>

namespace lanxin {

class StationServices;

/// Training sessions for the forms: read one, save one (all PRODUCT.md fields; date and times are
/// local), change its status (open, close, cancel), register a resident. QML name: Trainings.
class TrainingService : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Trainings)
    QML_SINGLETON
    LANXIN_SINGLETON(TrainingService)

public:
    explicit TrainingService(StationServices &services, QObject *parent = nullptr);

    /// {id, title, category, date, startTime, endTime, location, trainer, capacity, status,
    ///  selfRegistration, registered, checkedIn}; empty when there is no such session.
    Q_INVOKABLE QVariantMap get(const QString &id) const;
    /// A new session's defaults: today, 09:00–11:00, planned, self-registration on.
    Q_INVOKABLE QVariantMap blank() const;
    /// Saves the form (`id` empty = new): {ok, id, errors: {field: message}, message}. The form's
    /// date/startTime/endTime become starts_at/ends_at; errors come back under date, startTime, endTime.
    Q_INVOKABLE QVariantMap save(const QString &id, const QVariantMap &form);
    Q_INVOKABLE QVariantMap setStatus(const QString &id, const QString &status);
    /// Registers `residentId` for the session (by staff, or walk_in when she is there now, which also
    /// checks her in). Registering twice changes nothing.
    Q_INVOKABLE QVariantMap registerResident(const QString &sessionId, const QString &residentId, bool walkIn);

private:
    StationServices &m_services;
};

} // namespace lanxin
