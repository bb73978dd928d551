#pragma once

#include "singleton.h"

#include <QObject>
#include <QVariantMap>

namespace lanxin {

class StationServices;
struct FieldError;

/// Residents for the forms and the profile. ID and phone numbers leave here masked, except through
/// getForEdit() for a director (SECURITY.md 19). QML name: Residents.
class ResidentService : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Residents)
    QML_SINGLETON
    LANXIN_SINGLETON(ResidentService)

public:
    explicit ResidentService(StationServices &services, QObject *parent = nullptr);

    /// For the profile: {id, name, gender, birthDate, age, idNumber (masked), phone (masked), village,
    /// address, tags, guardianName, needsReview, mergedInto, consentGeneral, consentSensitive}.
    Q_INVOKABLE QVariantMap get(const QString &id) const;
    /// For the edit form: the same, with the whole ID and phone numbers only for a director (the
    /// others get them empty, plus maskedIdNumber/maskedPhone to show; leaving them empty keeps them).
    Q_INVOKABLE QVariantMap getForEdit(const QString &id) const;
    /// Checks the form without saving: {errors: {field: message}} (for a field the person just left).
    Q_INVOKABLE QVariantMap validate(const QString &id, const QVariantMap &form) const;
    /// Residents that look like the one in the form: same ID number, or same name + birth date + village.
    /// [{id, name, village, birthDate, idNumber (masked), sameIdNumber}]
    Q_INVOKABLE QVariantList duplicates(const QString &id, const QVariantMap &form) const;
    /// Residents that look like the stored resident `id` (same ID number, or name + birth date + village).
    Q_INVOKABLE QVariantList duplicatesOf(const QString &id) const;
    /// Saves the form (`id` empty = new): {ok, id, errors: {field: message}, message}.
    /// Form keys are field names; consentGeneral/consentSensitive (bool) set or clear the consent times.
    Q_INVOKABLE QVariantMap save(const QString &id, const QVariantMap &form);
    /// Director only: merges `loserId` into `winnerId` (see ResidentRepository::merge).
    Q_INVOKABLE QVariantMap merge(const QString &loserId, const QString &winnerId);
    /// Director only: confirms a kiosk sign-up.
    Q_INVOKABLE QVariantMap confirm(const QString &id);
    Q_INVOKABLE int reviewCount() const;

private:
    [[nodiscard]] QVariantMap toForm(const QString &id, bool whole) const;
    [[nodiscard]] QVariantMap changesFrom(const QString &id, const QVariantMap &form, QList<FieldError> *errors) const;

    StationServices &m_services;
};

} // namespace lanxin
