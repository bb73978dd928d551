#pragma once

#include "singleton.h"

#include <QObject>
#include <QVariantList>
#include <QVariantMap>

namespace lanxin {

class StationServices;

/// 两癌 screening referrals: a new referral from a profile (the 35–64 age rule warns and asks for a
/// reason), and its milestones (screened, result, diagnosed, treated, or closed with a reason). The
/// status is derived from the milestones. Each milestone sets the next follow-up date unless the form
/// gives one. QML name: Referrals.
class ReferralService : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Referrals)
    QML_SINGLETON
    LANXIN_SINGLETON(ReferralService)
    /// Screening sites: the district's `facility` reference data, or the built-in list until sync brings it.
    Q_PROPERTY(QVariantList facilities READ facilities NOTIFY facilitiesChanged)

public:
    static constexpr int kDaysToResult = 14;
    static constexpr int kDaysToDiagnosis = 14;
    static constexpr int kDaysToTreatment = 30;
    static constexpr int kDaysAfterAppointment = 3;
    static constexpr int kDaysWithoutAppointment = 30;

    explicit ReferralService(StationServices &services, QObject *parent = nullptr);

    [[nodiscard]] QVariantList facilities() const;

    /// {known, age, inRange, minAge, maxAge} for the woman on `referredOn` (yyyy-MM-dd).
    Q_INVOKABLE QVariantMap ageCheck(const QString &residentId, const QString &referredOn) const;
    /// A new referral's defaults for `residentId`.
    Q_INVOKABLE QVariantMap blank(const QString &residentId) const;
    /// {id, residentId, residentName, cervical, breast, referred_on, facility_code, facilityName,
    ///  appointment_date, age_exception_reason, screened_on, result, result_on, result_notes,
    ///  diagnosed_on, treated_on, closed_reason, follow_up_due, status, step}
    Q_INVOKABLE QVariantMap get(const QString &id) const;
    /// Saves a new referral (id empty) or changes the given fields (milestones): {ok, id, errors, message}.
    Q_INVOKABLE QVariantMap save(const QString &id, const QVariantMap &form);

signals:
    void facilitiesChanged();

private:
    StationServices &m_services;
};

} // namespace lanxin
