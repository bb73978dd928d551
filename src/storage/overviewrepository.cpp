#include "overviewrepository.h"

#include "database.h"
#include "fieldcipher.h"

#include <QSqlQuery>

namespace lanxin {
namespace {

const char *kOpenVisit =
    "v.deleted = 0 AND v.follow_up_needed = 1 AND v.next_visit_due IS NOT NULL AND NOT EXISTS ("
    "SELECT 1 FROM family_visit later WHERE later.follows_visit_id = v.id AND later.deleted = 0)";
const char *kOpenReferral =
    "s.deleted = 0 AND s.closed_reason IS NULL AND s.treated_on IS NULL AND s.follow_up_due IS NOT NULL";

QString awaitingOf(const QSqlQuery &q, int screened, int resultOn, int diagnosed)
{
    if (!q.value(diagnosed).isNull())
        return QStringLiteral("treatment");
    if (!q.value(resultOn).isNull())
        return QStringLiteral("diagnosis");
    if (!q.value(screened).isNull())
        return QStringLiteral("result");
    return QStringLiteral("screening");
}

QDateTime localStart(QDate d)
{
    return QDateTime(d, QTime(0, 0), localZone()).toUTC();
}

} // namespace

bool OverviewRepository::visitIsPriority(const QString &id, const QString &riskLevel, const QByteArray &dvBlob) const
{
    if (riskLevel == QLatin1String("high"))
        return true;
    if (dvBlob.isEmpty())
        return false;
    const auto plain = m_store.cipher().decrypt(id, u"dv_risk", dvBlob);
    return plain && *plain == QLatin1String("true");
}

QList<DueItem> OverviewRepository::priorityFollowUps(int limit)
{
    QSqlQuery q(m_store.database().db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT v.id, v.resident_id, r.name, v.next_visit_due, v.risk_level, v.dv_risk, v.purposes "
                             "FROM family_visit v LEFT JOIN resident r ON r.id = v.resident_id WHERE %1 "
                             "ORDER BY v.next_visit_due, v.id")
                  .arg(QLatin1String(kOpenVisit)));
    QList<DueItem> out;
    if (!q.exec())
        return out;
    while (q.next() && out.size() < limit) {
        const QString id = q.value(0).toString();
        if (!visitIsPriority(id, q.value(4).toString(), q.value(5).toByteArray()))
            continue;
        DueItem item;
        item.kind = Kind::FamilyVisit;
        item.id = id;
        item.residentId = q.value(1).toString();
        item.residentName = q.value(2).toString();
        item.due = parseDate(q.value(3).toString());
        item.priority = true;
        item.riskLevel = q.value(4).toString();
        item.purposes = columns::decodeSet(q.value(6).toString());
        out << item;
    }
    return out;
}

QList<DueItem> OverviewRepository::due(QDate until, Page page)
{
    QSqlQuery q(m_store.database().db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
                  "SELECT 'family_visit', v.id, v.resident_id, r.name, v.next_visit_due AS due, v.risk_level, v.dv_risk, "
                  "v.purposes, NULL, NULL, NULL FROM family_visit v LEFT JOIN resident r ON r.id = v.resident_id "
                  "WHERE %1 AND v.next_visit_due <= ? "
                  "UNION ALL SELECT 'screening_referral', s.id, s.resident_id, r.name, s.follow_up_due AS due, NULL, NULL, "
                  "NULL, s.screened_on, s.result_on, s.diagnosed_on FROM screening_referral s "
                  "LEFT JOIN resident r ON r.id = s.resident_id WHERE %2 AND s.follow_up_due <= ? "
                  "ORDER BY 5, 2 LIMIT ? OFFSET ?")
                  .arg(QLatin1String(kOpenVisit), QLatin1String(kOpenReferral)));
    q.addBindValue(formatDate(until));
    q.addBindValue(formatDate(until));
    q.addBindValue(page.limit);
    q.addBindValue(page.offset);
    QList<DueItem> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        DueItem item;
        item.kind = q.value(0).toString() == QLatin1String("family_visit") ? Kind::FamilyVisit : Kind::ScreeningReferral;
        item.id = q.value(1).toString();
        item.residentId = q.value(2).toString();
        item.residentName = q.value(3).toString();
        item.due = parseDate(q.value(4).toString());
        if (item.kind == Kind::FamilyVisit) {
            item.riskLevel = q.value(5).toString();
            item.priority = visitIsPriority(item.id, item.riskLevel, q.value(6).toByteArray());
            item.purposes = columns::decodeSet(q.value(7).toString());
        } else {
            item.awaiting = awaitingOf(q, 8, 9, 10);
        }
        out << item;
    }
    return out;
}

int OverviewRepository::dueCount(QDate until)
{
    QSqlQuery q(m_store.database().db());
    q.prepare(QStringLiteral("SELECT (SELECT count(*) FROM family_visit v WHERE %1 AND v.next_visit_due <= ?) + "
                             "(SELECT count(*) FROM screening_referral s WHERE %2 AND s.follow_up_due <= ?)")
                  .arg(QLatin1String(kOpenVisit), QLatin1String(kOpenReferral)));
    q.addBindValue(formatDate(until));
    q.addBindValue(formatDate(until));
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

ActivityCounts OverviewRepository::activity(QDate from, QDate to)
{
    const QString start = formatInstant(localStart(from));
    const QString end = formatInstant(localStart(to));
    ActivityCounts c;
    auto one = [&](const QString &sql, const QVariantList &binds) {
        QSqlQuery q(m_store.database().db());
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        return q.exec() && q.next() ? q.value(0).toInt() : 0;
    };
    const QString sessions = QStringLiteral("FROM training_session s WHERE s.deleted = 0 AND s.status != 'cancelled' "
                                            "AND s.starts_at >= ? AND s.starts_at < ?");
    c.sessions = one(QStringLiteral("SELECT count(*) ") + sessions, {start, end});
    c.attendances = one(QStringLiteral("SELECT count(*) FROM attendance a WHERE a.deleted = 0 AND a.checked_in_at IS NOT NULL "
                                       "AND a.session_id IN (SELECT s.id ") + sessions + u')',
                        {start, end});
    c.referrals = one(QStringLiteral("SELECT count(*) FROM screening_referral WHERE deleted = 0 AND referred_on >= ? "
                                     "AND referred_on < ?"),
                      {formatDate(from), formatDate(to)});
    c.visits = one(QStringLiteral("SELECT count(*) FROM family_visit WHERE deleted = 0 AND visited_at >= ? AND visited_at < ?"),
                   {start, end});
    return c;
}

} // namespace lanxin
