#pragma once

#include "singleton.h"

#include <QObject>
#include <QVariantList>
#include <QVariantMap>

namespace lanxin {

class StationServices;

/// Family visits: a new visit from a profile, with the DV/high-risk rule of PRODUCT.md (a follow-up
/// is forced, the next visit within 7 days) and the follow-up chain (a visit names the earlier visit
/// whose follow-up it closes). The visitor is the staff member who unlocked. QML name: Visits.
class VisitService : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Visits)
    QML_SINGLETON
    LANXIN_SINGLETON(VisitService)
    Q_PROPERTY(int followUpDays READ followUpDays CONSTANT)

public:
    explicit VisitService(StationServices &services, QObject *parent = nullptr);

    [[nodiscard]] int followUpDays() const;

    /// A new visit's defaults for `residentId`: now, no risk; follows_visit_id = her earliest open follow-up.
    Q_INVOKABLE QVariantMap blank(const QString &residentId) const;
    /// Her visits whose follow-up is open: [{id, date, due, priority}].
    Q_INVOKABLE QVariantList openFollowUps(const QString &residentId) const;
    /// Does this form force a follow-up (DV risk or high risk)?
    Q_INVOKABLE bool forcesFollowUp(bool dvRisk, const QString &riskLevel) const;
    /// The latest next-visit date the rule allows for a visit on `visitDate`.
    Q_INVOKABLE QString latestFollowUp(const QString &visitDate) const;
    /// {id, resident_id, residentName, date, time, purposes, risk_level, dv_risk, notes, follow_up_needed,
    ///  next_visit_due, visitorName, follows_visit_id, followedUp}
    Q_INVOKABLE QVariantMap get(const QString &id) const;
    /// Saves a new visit: the form's date + time become visited_at; {ok, id, errors, message}.
    Q_INVOKABLE QVariantMap save(const QVariantMap &form);

private:
    StationServices &m_services;
};

} // namespace lanxin
