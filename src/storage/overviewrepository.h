#pragma once

#include "recordstore.h"

#include <QDate>
#include <QStringList>

namespace lanxin {

/// One line of the staff home's due list: a family visit's open follow-up or a referral's follow-up.
struct DueItem
{
    Kind kind = Kind::FamilyVisit; ///< FamilyVisit or ScreeningReferral
    QString id;
    QString residentId;
    QString residentName;
    QDate due;
    /// A visit with domestic-violence risk or high risk: on top of the list until a follow-up visit is
    /// logged. Which of the two is not said (the list may be seen over a shoulder).
    bool priority = false;
    QString riskLevel;    ///< visits
    QStringList purposes; ///< visits
    /// Referrals: the next step awaited, from the milestone dates (no sensitive value is read):
    /// "screening", "result", "diagnosis" or "treatment".
    QString awaiting;
};

/// This month's work for the staff home.
struct ActivityCounts
{
    int sessions = 0;     ///< sessions starting in the range (not cancelled)
    int attendances = 0;  ///< check-ins at those sessions
    int referrals = 0;    ///< referrals made in the range
    int visits = 0;       ///< visits made in the range
};

/// Read-only queries across kinds for the staff home: the due list and the month's counters.
class OverviewRepository
{
public:
    explicit OverviewRepository(RecordStore &store) : m_store(store) {}

    /// Open follow-ups of visits with DV risk or high risk, whatever their due date, earliest first.
    /// The DV flag is encrypted, so the open follow-ups are read and checked here; there are few.
    [[nodiscard]] QList<DueItem> priorityFollowUps(int limit = 500);
    /// Visit and referral follow-ups due on or before `until`, earliest (most overdue) first. Priority
    /// visits come too (marked); the caller leaves out those it already shows on top.
    [[nodiscard]] QList<DueItem> due(QDate until, Page page);
    [[nodiscard]] int dueCount(QDate until);
    /// Counters for the local days [from, to).
    [[nodiscard]] ActivityCounts activity(QDate from, QDate to);

private:
    [[nodiscard]] bool visitIsPriority(const QString &id, const QString &riskLevel, const QByteArray &dvBlob) const;

    RecordStore &m_store;
};

} // namespace lanxin
