#include "repositories.h"

#include "database.h"
#include "fieldcipher.h"

#include "core/idnumber.h"
#include "core/ids.h"
#include "core/pinyin.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace lanxin {
namespace {

const QString kLive = QStringLiteral("deleted = 0");

bool allDigits(QStringView s)
{
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return !s.isEmpty();
}

bool asciiLetters(QStringView s)
{
    for (QChar c : s) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')))
            return false;
    }
    return !s.isEmpty();
}

/// The upper bound of a prefix range: "zx" → "zy", so `col >= 'zx' AND col < 'zy'` uses the index.
QString prefixEnd(const QString &prefix)
{
    QString end = prefix;
    end[end.size() - 1] = QChar(end.back().unicode() + 1);
    return end;
}

} // namespace

ResidentRepository::SearchMode ResidentRepository::modeOf(QStringView query)
{
    const QString q = normalizeIdNumber(query);
    if (q.isEmpty())
        return SearchMode::Empty;
    if (q.size() == 4 && (allDigits(q) || (allDigits(q.left(3)) && q.back() == u'X')))
        return SearchMode::PhoneOrIdTail;
    if (q.size() == 11 && allDigits(q))
        return SearchMode::PhoneNumber;
    if (q.size() == 18 && allDigits(q.left(17)))
        return SearchMode::IdNumber;
    if (asciiLetters(query.trimmed()))
        return SearchMode::Pinyin;
    return SearchMode::Name;
}

QList<Resident> ResidentRepository::search(const QString &query, Page page)
{
    const FieldCipher &cipher = m_store.cipher();
    const QString live = kLive + QStringLiteral(" AND merged_into IS NULL");
    switch (modeOf(query)) {
    case SearchMode::Empty:
        return this->query(live, {}, QStringLiteral("name_pinyin"), page);
    case SearchMode::PhoneOrIdTail: {
        const QString t = normalizeIdNumber(query);
        return this->query(live + QStringLiteral(" AND (phone_tail_bidx = ? OR id_tail_bidx = ?)"),
                           {cipher.blindIndex(u"phone_tail", t), cipher.blindIndex(u"id_tail", t)},
                           QStringLiteral("name_pinyin"), page);
    }
    case SearchMode::PhoneNumber:
        return this->query(live + QStringLiteral(" AND phone_bidx = ?"), {cipher.blindIndex(u"phone", query.trimmed())},
                           QStringLiteral("name_pinyin"), page);
    case SearchMode::IdNumber:
        return this->query(live + QStringLiteral(" AND id_bidx = ?"),
                           {cipher.blindIndex(u"id_number", normalizeIdNumber(query))}, QStringLiteral("name_pinyin"), page);
    case SearchMode::Pinyin: {
        // Two index range scans, never a table scan (a keystroke must answer within a frame on
        // 20,000 residents): first the initials matches (zxy → 张秀英), shortest names first; then
        // the full-pinyin prefix matches (zhangx) that are not initials matches, in the pinyin
        // index's own order, so the page stops reading once it is full. One letter is both an
        // initial and a prefix: only the second scan, in index order.
        const QString q = query.trimmed().toLower();
        const QString initials = QStringLiteral(" AND name_initials >= ? AND name_initials < ?");
        const QString prefix = QStringLiteral(" AND name_pinyin >= ? AND name_pinyin < ?");
        if (q.size() == 1)
            return this->query(live + prefix, {q, prefixEnd(q)}, QStringLiteral("name_pinyin, id"), page);
        const int initialsMatches = m_store.count(Kind::Resident, live + initials, {q, prefixEnd(q)});
        QList<Resident> out;
        if (page.offset < initialsMatches)
            out = this->query(live + initials, {q, prefixEnd(q)}, QStringLiteral("length(name_initials), name_pinyin, id"),
                              page);
        if (out.size() < page.limit) {
            const Page rest{std::max(0, page.offset - initialsMatches), page.limit - static_cast<int>(out.size())};
            out += this->query(live + prefix + QStringLiteral(" AND NOT (name_initials >= ? AND name_initials < ?)"),
                               {q, prefixEnd(q), q, prefixEnd(q)}, QStringLiteral("name_pinyin, id"), rest);
        }
        return out;
    }
    case SearchMode::Name: {
        // A substring of the name: the residents whose name has its first character, then instr().
        const QString q = query.trimmed();
        static const QString sql = QStringLiteral(
            "SELECT r.id FROM resident_name_char c JOIN resident r ON r.id = c.id "
            "WHERE c.ch = ? AND r.deleted = 0 AND r.merged_into IS NULL AND instr(r.name, ?) > 0 "
            "ORDER BY length(r.name), r.name_pinyin, r.id LIMIT ? OFFSET ?");
        const QString first = q.at(0).isHighSurrogate() ? q.left(2) : q.left(1);
        return fromStoredList(m_store.selectPage(Kind::Resident, sql, {first, q}, page));
    }
    }
    return {};
}

QList<Resident> ResidentRepository::findDuplicates(const Resident &c)
{
    QList<Resident> out;
    auto add = [&](const QList<Resident> &found) {
        for (const Resident &r : found) {
            if (r.envelope.id != c.envelope.id
                && std::none_of(out.begin(), out.end(), [&](const Resident &o) { return o.envelope.id == r.envelope.id; }))
                out << r;
        }
    };
    const QString live = kLive + QStringLiteral(" AND merged_into IS NULL");
    if (!c.idNumber.isEmpty())
        add(query(live + QStringLiteral(" AND id_bidx = ?"),
                  {m_store.cipher().blindIndex(u"id_number", normalizeIdNumber(c.idNumber))}, {}, {0, 20}));
    if (!c.name.isEmpty() && c.birthDate.isValid())
        add(query(live + QStringLiteral(" AND name = ? AND birth_date = ? AND coalesce(village, '') = ?"),
                  {c.name, formatDate(c.birthDate), c.village}, {}, {0, 20}));
    return out;
}

std::optional<Resident> ResidentRepository::findByIdNumber(const QString &idNumber)
{
    const auto found = query(kLive + QStringLiteral(" AND id_bidx = ?"),
                             {m_store.cipher().blindIndex(u"id_number", normalizeIdNumber(idNumber))}, {}, {0, 1});
    return found.isEmpty() ? std::nullopt : std::optional(found.first());
}

QString ResidentRepository::identityKey(const QString &name, QDate birthDate, const QString &village)
{
    if (name.isEmpty() || !birthDate.isValid())
        return {};
    return name + u'\x1f' + formatDate(birthDate) + u'\x1f' + village;
}

Result<QSet<QByteArray>> ResidentRepository::presentIdIndexes(const QList<QByteArray> &idIndexes)
{
    // Blobs cannot travel in json_each, so a fixed-size IN list (one prepared statement), the last
    // batch padded with a repeat of its first value.
    constexpr qsizetype kBatch = 250;
    static const QString sql = QStringLiteral("SELECT id_bidx FROM resident WHERE deleted = 0 AND id_bidx IN (%1)")
                                   .arg(QStringList(kBatch, QStringLiteral("?")).join(u','));
    QSet<QByteArray> out;
    for (qsizetype start = 0; start < idIndexes.size(); start += kBatch) {
        QVariantList binds;
        binds.reserve(kBatch);
        for (qsizetype i = start; i < start + kBatch; ++i)
            binds << idIndexes.at(i < idIndexes.size() ? i : start);
        QSqlQuery &q = m_store.database().prepared(sql);
        if (!Database::run(q, binds))
            return Database::queryError(q, QStringLiteral("resident"));
        while (q.next())
            out.insert(q.value(0).toByteArray());
        q.finish();
    }
    return out;
}

Result<QSet<QString>> ResidentRepository::presentIdentities(const QStringList &names)
{
    QSet<QString> out;
    if (names.isEmpty())
        return out;
    QSqlQuery &q = m_store.database().prepared(QStringLiteral(
        "SELECT name, birth_date, coalesce(village, '') FROM resident WHERE deleted = 0 AND merged_into IS NULL "
        "AND name IN (SELECT value FROM json_each(?))"));
    const QString list = QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(names)).toJson(QJsonDocument::Compact));
    if (!Database::run(q, {list}))
        return Database::queryError(q, QStringLiteral("resident"));
    while (q.next())
        out.insert(identityKey(q.value(0).toString(), parseDate(q.value(1).toString()), q.value(2).toString()));
    q.finish();
    return out;
}

std::optional<Resident> ResidentRepository::findByPhone(const QString &phone)
{
    const auto found = query(kLive + QStringLiteral(" AND phone_bidx = ?"),
                             {m_store.cipher().blindIndex(u"phone", phone)}, {}, {0, 1});
    return found.isEmpty() ? std::nullopt : std::optional(found.first());
}

namespace {
std::pair<QString, QVariantList> residentWhere(const ResidentFilter &f)
{
    QString where = kLive + QStringLiteral(" AND merged_into IS NULL");
    QVariantList binds;
    if (!f.village.isEmpty()) {
        where += QStringLiteral(" AND village = ?");
        binds << f.village;
    }
    if (!f.tag.isEmpty()) {
        where += QStringLiteral(" AND instr(tags, ?) > 0");
        binds << u',' + f.tag + u',';
    }
    if (f.onlyNeedsReview)
        where += QStringLiteral(" AND needs_review = 1");
    return {where, binds};
}
} // namespace

QList<Resident> ResidentRepository::list(const ResidentFilter &filter, Page page)
{
    const auto [where, binds] = residentWhere(filter);
    return query(where, binds, QStringLiteral("name_pinyin, id"), page);
}

int ResidentRepository::count(const ResidentFilter &filter)
{
    const auto [where, binds] = residentWhere(filter);
    return m_store.count(Kind::Resident, where, binds);
}

QList<HistoryEntry> ResidentRepository::history(const QString &residentId, Page page)
{
    QSqlQuery q(m_store.database().db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT 'attendance', a.id, coalesce(s.starts_at, a.registered_at) FROM attendance a "
        "LEFT JOIN training_session s ON s.id = a.session_id WHERE a.deleted = 0 AND a.resident_id = ? "
        "UNION ALL SELECT 'screening_referral', id, referred_on FROM screening_referral WHERE deleted = 0 AND resident_id = ? "
        "UNION ALL SELECT 'family_visit', id, visited_at FROM family_visit WHERE deleted = 0 AND resident_id = ? "
        "ORDER BY 3 DESC, 2 LIMIT ? OFFSET ?"));
    q.addBindValue(residentId);
    q.addBindValue(residentId);
    q.addBindValue(residentId);
    q.addBindValue(page.limit);
    q.addBindValue(page.offset);
    QList<HistoryEntry> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        if (auto kind = kindFromName(q.value(0).toString()))
            out << HistoryEntry{*kind, q.value(1).toString(), q.value(2).toString()};
    }
    return out;
}

int ResidentRepository::historyCount(const QString &residentId)
{
    const QString where = kLive + QStringLiteral(" AND resident_id = ?");
    return m_store.count(Kind::Attendance, where, {residentId}) + m_store.count(Kind::ScreeningReferral, where, {residentId})
        + m_store.count(Kind::FamilyVisit, where, {residentId});
}

Result<MergeReport> ResidentRepository::merge(const QString &loserId, const QString &winnerId)
{
    if (loserId == winnerId)
        return Error{QStringLiteral("same_record"), bilingual(QStringLiteral("不能把居民合并到她自己"),
                                                              QStringLiteral("A resident cannot be merged into herself"))};
    MergeReport report;
    auto done = m_store.database().transaction([&]() -> Result<void> {
        const auto loser = get(loserId);
        const auto winner = get(winnerId);
        if (!loser || loser->envelope.deleted || !winner || winner->envelope.deleted)
            return Error{QStringLiteral("not_found"), bilingual(QStringLiteral("要合并的居民不存在或已删除"),
                                                                QStringLiteral("A resident to merge does not exist or was deleted"))};
        if (!loser->mergedInto.isEmpty() || !winner->mergedInto.isEmpty())
            return Error{QStringLiteral("already_merged"), bilingual(QStringLiteral("其中一位居民已经被合并过"),
                                                                     QStringLiteral("One of the residents was already merged"))};

        // The survivor keeps her own values; only what she lacks comes from the duplicate.
        const QVariantMap from = loser->toValues();
        const QVariantMap into = winner->toValues();
        QVariantMap changes;
        for (const char *f : {"gender", "birth_date", "id_number", "phone", "village", "address", "consent_general_at",
                              "consent_sensitive_at", "guardian_name"}) {
            const QString field = QLatin1String(f);
            const QVariant have = into.value(field);
            const QVariant other = from.value(field);
            if ((!have.isValid() || have.toString().isEmpty()) && other.isValid() && !other.toString().isEmpty()) {
                changes.insert(field, other);
                report.filledFields << field;
            }
        }
        QStringList tags = winner->tags;
        for (const QString &t : loser->tags) {
            if (!tags.contains(t))
                tags << t;
        }
        if (tags != winner->tags) {
            changes.insert(QStringLiteral("tags"), tags);
            report.filledFields << QStringLiteral("tags");
        }
        if (winner->needsReview)
            changes.insert(QStringLiteral("needs_review"), false);
        if (!changes.isEmpty()) {
            if (auto r = m_store.update(Kind::Resident, winnerId, changes); !r)
                return r.error();
        }
        if (auto r = m_store.update(Kind::Resident, loserId,
                                    {{QStringLiteral("merged_into"), winnerId}, {QStringLiteral("needs_review"), false}});
            !r)
            return r.error();

        const QString mine = kLive + QStringLiteral(" AND resident_id = ?");
        for (Kind kind : {Kind::ScreeningReferral, Kind::FamilyVisit}) {
            for (const StoredRecord &rec : m_store.select(kind, mine, {loserId}, QStringLiteral("id"), {0, 100000})) {
                if (auto r = m_store.update(kind, rec.id, {{QStringLiteral("resident_id"), winnerId}}); !r)
                    return r.error();
                ++(kind == Kind::ScreeningReferral ? report.referrals : report.visits);
            }
        }
        for (const StoredRecord &a : m_store.select(Kind::Attendance, mine, {loserId}, QStringLiteral("id"), {0, 100000})) {
            const QString sessionId = a.text("session_id");
            const QString newId = attendanceId(sessionId, winnerId);
            const QDateTime checkedIn = a.value("checked_in_at").toDateTime();
            const auto existing = m_store.get(Kind::Attendance, newId);
            if (existing && !existing->deleted) {
                const QDateTime theirs = existing->value("checked_in_at").toDateTime();
                if (checkedIn.isValid() && (!theirs.isValid() || checkedIn < theirs)) {
                    if (auto r = m_store.update(Kind::Attendance, newId, {{QStringLiteral("checked_in_at"), checkedIn}}); !r)
                        return r.error();
                }
            } else {
                QVariantMap values = a.values;
                values.insert(QStringLiteral("resident_id"), winnerId);
                if (auto r = m_store.upsert(Kind::Attendance, newId, values); !r)
                    return r.error();
            }
            if (auto r = m_store.remove(Kind::Attendance, a.id); !r)
                return r;
            ++report.attendances;
        }
        return m_store.audit(QStringLiteral("merge"), Kind::Resident, loserId, QStringLiteral("into ") + winnerId);
    });
    if (!done)
        return done.error();
    return report;
}

Result<Resident> ResidentRepository::confirmReviewed(const QString &id)
{
    return updateFields(id, {{QStringLiteral("needs_review"), false}});
}

namespace {
std::pair<QString, QVariantList> sessionWhere(const SessionFilter &f)
{
    QString where = kLive;
    QVariantList binds;
    if (!f.statuses.isEmpty()) {
        where += QStringLiteral(" AND status IN (%1)").arg(QStringList(f.statuses.size(), QStringLiteral("?")).join(u','));
        for (const QString &s : f.statuses)
            binds << s;
    }
    if (f.from.isValid()) {
        where += QStringLiteral(" AND starts_at >= ?");
        binds << formatInstant(f.from);
    }
    if (f.to.isValid()) {
        where += QStringLiteral(" AND starts_at < ?");
        binds << formatInstant(f.to);
    }
    if (f.onlySelfRegistration)
        where += QStringLiteral(" AND self_registration = 1");
    return {where, binds};
}
} // namespace

QList<TrainingSession> TrainingSessionRepository::list(const SessionFilter &filter, Page page)
{
    const auto [where, binds] = sessionWhere(filter);
    return query(where, binds, filter.newestFirst ? QStringLiteral("starts_at DESC, id") : QStringLiteral("starts_at, id"), page);
}

int TrainingSessionRepository::count(const SessionFilter &filter)
{
    const auto [where, binds] = sessionWhere(filter);
    return m_store.count(Kind::TrainingSession, where, binds);
}

Result<Attendance> AttendanceRepository::registerFor(const QString &sessionId, const QString &residentId, const QString &via)
{
    const QString id = attendanceId(sessionId, residentId);
    if (auto existing = get(id); existing && !existing->envelope.deleted)
        return *existing;
    Attendance a;
    a.sessionId = sessionId;
    a.residentId = residentId;
    a.registeredVia = via;
    a.registeredAt = m_store.clock().now();
    return wrap(m_store.upsert(Kind::Attendance, id, a.toValues()));
}

Result<Attendance> AttendanceRepository::checkIn(const QString &sessionId, const QString &residentId)
{
    const QString id = attendanceId(sessionId, residentId);
    if (!get(id)) {
        if (auto r = registerFor(sessionId, residentId, QStringLiteral("walk_in")); !r)
            return r;
    }
    return wrap(m_store.upsert(Kind::Attendance, id, {{QStringLiteral("checked_in_at"), m_store.clock().now()}}));
}

Result<Attendance> AttendanceRepository::undoCheckIn(const QString &sessionId, const QString &residentId)
{
    return wrap(m_store.update(Kind::Attendance, attendanceId(sessionId, residentId),
                               {{QStringLiteral("checked_in_at"), QVariant()}}));
}

QList<Attendance> AttendanceRepository::forSession(const QString &sessionId, Page page)
{
    return query(kLive + QStringLiteral(" AND session_id = ?"), {sessionId}, QStringLiteral("registered_at, id"), page);
}

QList<Attendance> AttendanceRepository::forResident(const QString &residentId, Page page)
{
    return query(kLive + QStringLiteral(" AND resident_id = ?"), {residentId}, QStringLiteral("registered_at DESC"), page);
}

int AttendanceRepository::countForSession(const QString &sessionId)
{
    return m_store.count(Kind::Attendance, kLive + QStringLiteral(" AND session_id = ?"), {sessionId});
}

QHash<QString, AttendanceRepository::SessionCounts> AttendanceRepository::countsFor(const QStringList &sessionIds)
{
    QHash<QString, SessionCounts> out;
    if (sessionIds.isEmpty())
        return out;
    QSqlQuery q(m_store.database().db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT session_id, count(*), count(checked_in_at) FROM attendance WHERE deleted = 0 AND "
                             "session_id IN (%1) GROUP BY session_id")
                  .arg(QStringList(sessionIds.size(), QStringLiteral("?")).join(u',')));
    for (const QString &id : sessionIds)
        q.addBindValue(id);
    if (!q.exec())
        return out;
    while (q.next())
        out.insert(q.value(0).toString(), SessionCounts{q.value(1).toInt(), q.value(2).toInt()});
    return out;
}

QList<ScreeningReferral> ScreeningReferralRepository::forResident(const QString &residentId)
{
    return query(kLive + QStringLiteral(" AND resident_id = ?"), {residentId}, QStringLiteral("referred_on DESC"), {0, 500});
}

QList<ScreeningReferral> ScreeningReferralRepository::dueBy(QDate until, Page page)
{
    return query(kLive + QStringLiteral(" AND closed_reason IS NULL AND treated_on IS NULL AND follow_up_due <= ?"),
                 {formatDate(until)}, QStringLiteral("follow_up_due, id"), page);
}

QList<ScreeningReferral> ScreeningReferralRepository::list(Page page)
{
    return query(kLive, {}, QStringLiteral("referred_on DESC, id"), page);
}

QList<FamilyVisit> FamilyVisitRepository::forResident(const QString &residentId)
{
    return query(kLive + QStringLiteral(" AND resident_id = ?"), {residentId}, QStringLiteral("visited_at DESC"), {0, 500});
}

QList<FamilyVisit> FamilyVisitRepository::openFollowUps(QDate until, Page page)
{
    return query(kLive + QStringLiteral(" AND follow_up_needed = 1 AND next_visit_due <= ? AND NOT EXISTS ("
                                        "SELECT 1 FROM family_visit later WHERE later.follows_visit_id = family_visit.id "
                                        "AND later.deleted = 0)"),
                 {formatDate(until)}, QStringLiteral("next_visit_due, id"), page);
}

QList<FamilyVisit> FamilyVisitRepository::list(Page page)
{
    return query(kLive, {}, QStringLiteral("visited_at DESC, id"), page);
}

QList<FamilyVisit> FamilyVisitRepository::openFollowUpsFor(const QString &residentId)
{
    return query(kLive + QStringLiteral(" AND resident_id = ? AND follow_up_needed = 1 AND NOT EXISTS ("
                                        "SELECT 1 FROM family_visit later WHERE later.follows_visit_id = family_visit.id "
                                        "AND later.deleted = 0)"),
                 {residentId}, QStringLiteral("next_visit_due, id"), {0, 100});
}

QList<Staff> StaffRepository::active()
{
    return query(kLive + QStringLiteral(" AND coalesce(active, 1) = 1"), {}, QStringLiteral("role, name"), {0, 200});
}

QList<Staff> StaffRepository::all()
{
    return query(kLive, {}, QStringLiteral("role, coalesce(active, 1) DESC, name"), {0, 500});
}

QList<Facility> ReferenceRepository::facilities()
{
    QList<Facility> out;
    for (const StoredRecord &r : m_store.select(Kind::Facility, kLive, {}, QStringLiteral("town, name, code"), {0, 1000}))
        out << Facility{r.text("code"), r.text("name"), r.text("town"), r.text("type")};
    return out;
}

std::optional<Station> ReferenceRepository::station(const QString &code)
{
    const auto rows = m_store.select(Kind::Station, kLive + QStringLiteral(" AND code = ?"), {code}, {}, {0, 1});
    if (rows.isEmpty())
        return std::nullopt;
    const StoredRecord &r = rows.first();
    return Station{r.text("code"), r.text("name"), r.text("town"), r.value("villages").toStringList()};
}

} // namespace lanxin
