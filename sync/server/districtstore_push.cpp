// DistrictStore's push (SYNC-PROTOCOL.md "POST /api/v1/sync/push"): a batch read in a few queries,
// checked record by record (station, parents, clock, rules), merged field by field and stored in one
// transaction with its answer. Storing a record, its fields text and the receipt digests are in
// districtstore.cpp, shared with the records the district makes itself.
#include "districtstore.h"
#include "districtstore_p.h"
#include "storedfields.h"

#include "protocol/jsonwriter.h"
#include "protocol/wire.h"

#include "core/validation.h"

#include <QDateTime>
#include <QStringList>

#include <algorithm>
#include <numeric>
#include <vector>

namespace lanxin::district {

using namespace detail;
using protocol::RecordError;
using protocol::WireRecord;
namespace rec = protocol::rec;

namespace {

constexpr qint64 kBatchKeepMs = 7LL * 24 * 3600 * 1000;

/// The logical values (core/validation.h) of a record's stamped fields: set members folded into lists.
QVariantMap logicalValues(Kind kind, const QMap<QString, QVariant> &wire)
{
    QVariantMap out;
    for (auto it = wire.cbegin(); it != wire.cend(); ++it) {
        if (auto m = setMember(kind, it.key())) {
            const QString set = QLatin1String(m->set->name);
            QStringList list = out.value(set).toStringList();
            if (it.value().toBool())
                list << m->member;
            out.insert(set, list);
        } else if (it.value().isValid()) {
            out.insert(it.key(), it.value());
        }
    }
    return out;
}

/// The logical field a wire field belongs to ("tags.migrant" → "tags").
QString logicalName(Kind kind, const QString &wireField)
{
    if (auto m = setMember(kind, wireField))
        return QLatin1String(m->set->name);
    return wireField;
}

/// Children and the kinds their parent reference may name (SYNC-PROTOCOL.md "reference_missing").
struct ParentRef
{
    Kind child;
    QStringView field; // UTF-16, so a record's write is found without making a QString per look-up
    std::initializer_list<Kind> parents;
};
const ParentRef kParentRefs[] = {
    {Kind::Attendance, u"session_id", {Kind::TrainingSession, Kind::TrainingOffer}},
    {Kind::Attendance, u"resident_id", {Kind::Resident}},
    {Kind::ScreeningReferral, u"resident_id", {Kind::Resident}},
    {Kind::FamilyVisit, u"resident_id", {Kind::Resident}},
};

/// A kind whose rules read fields of the resident it names (checkRecord), not only its envelope.
bool rulesReadResident(Kind kind)
{
    return kind == Kind::ScreeningReferral || kind == Kind::FamilyVisit;
}

/// A kind that some child record names (kParentRefs).
bool isParentKind(Kind kind)
{
    return std::any_of(std::begin(kParentRefs), std::end(kParentRefs), [kind](const ParentRef &p) {
        return std::find(p.parents.begin(), p.parents.end(), kind) != p.parents.end();
    });
}

int pushOrder(const protocol::DecodedRecord &d)
{
    if (!d.ok())
        return 0;
    const auto kinds = recordKinds();
    const auto it = std::find(kinds.begin(), kinds.end(), d.record->kind);
    return it == kinds.end() ? 0 : static_cast<int>(it - kinds.begin());
}

using storedfields::FieldsScanner;

} // namespace

DistrictStore::Current DistrictStore::envelopeState(const Envelope &e)
{
    Current c;
    c.kind = e.kind;
    c.stationId = e.stationId;
    c.envelopeOnly = true;
    return c;
}

const DistrictStore::Current *DistrictStore::heldEnvelope(const QString &id)
{
    Q_ASSERT(m_batch);
    const RecordKey key(id);
    auto it = m_batch->constFind(key);
    if (it == m_batch->cend()) {
        (void)current(id, Need::Envelope); // read and kept in m_batch
        it = m_batch->constFind(key);
    }
    return it != m_batch->cend() && it->has_value() ? &**it : nullptr;
}

void DistrictStore::prefetch(const QList<QString> &ids, bool envelopesOnly)
{
    Q_ASSERT(m_batch);
    QStringList wanted;
    for (const QString &id : ids) {
        const RecordKey key(id);
        const qsizetype held = m_batch->size();
        std::optional<Current> &slot = (*m_batch)[key]; // one look-up: added as "not stored" when new
        if (m_batch->size() == held)
            continue; // read or written already
        if (envelopesOnly) {
            if (const auto known = m_envelopes.constFind(key); known != m_envelopes.cend()) {
                slot = envelopeState(*known);
                continue;
            }
        }
        wanted << id; // not stored, unless the query finds it
    }
    // The ids as one JSON array parameter: with one `?` per id, Qt's SQLite driver matched every
    // bound value against every parameter name (quadratic in the batch size; see docs/benchmarks.md).
    constexpr qsizetype kChunk = 1000;
    for (qsizetype from = 0; from < wanted.size(); from += kChunk) {
        const QStringList part = wanted.mid(from, kChunk);
        QByteArray list = "[";
        for (const QString &id : part) {
            if (list.size() > 1)
                list += ',';
            protocol::json::appendString(list, id);
        }
        list += ']';
        // The list drives the loop (CROSS JOIN keeps json_each outside), one probe of the id index per id:
        // `id IN (SELECT ...)` first copied the list into a temporary b-tree. The ids have no repeats.
        Stmt q(statement(envelopesOnly
                             ? "SELECT r.id, r.kind, r.station_id FROM json_each(?) AS j CROSS JOIN record AS r "
                               "ON r.id = j.value"
                             : "SELECT r.id, r.kind, r.station_id, r.seq, r.greatest_stamp, r.deleted, r.writer, "
                               "r.other_seq, r.fields FROM json_each(?) AS j CROSS JOIN record AS r ON r.id = j.value"));
        // On any error the chunk's records are left out of the cache: current() then reads them one by one.
        const auto forget = [&] {
            for (const QString &id : part)
                m_batch->remove(RecordKey(id));
        };
        if (!q.ok()) {
            forget();
            continue;
        }
        q.text(1, list);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            const RecordKey key(q.utf8(0));
            Current c;
            if (envelopesOnly) {
                const Envelope e{q.string(1), q.string(2)};
                rememberEnvelope(key, e); // read before this push wrote anything
                c = envelopeState(e);
            } else {
                readEnvelope(q, 1, c);
            }
            m_batch->insert(key, std::move(c));
        }
        if (rc != SQLITE_DONE)
            forget();
    }
}

std::optional<RecordError> DistrictStore::checkRecord(const WireRecord &record, const QList<FieldWrite> &accepted,
                                                      const std::optional<Current> &before)
{
    const bool sorted = std::adjacent_find(accepted.cbegin(), accepted.cend(), [](const FieldWrite &a, const FieldWrite &b) {
                            return !(a.field < b.field);
                        }) == accepted.cend();
    const auto carried = [&](const QString &field) {
        return std::any_of(record.writes.cbegin(), record.writes.cend(),
                           [&](const FieldWrite &w) { return logicalName(record.kind, w.field) == field; });
    };
    // A rule breaks only when a field this push carries breaks it, or when a new record lacks a required
    // field: a merged state that another device's concurrent edit made inconsistent does not block this one.
    const auto firstBreak = [&](const QList<FieldError> &errors) -> std::optional<RecordError> {
        for (const FieldError &e : errors) {
            if ((!before && e.code == QLatin1String(kMissingField)) || carried(e.field))
                return RecordError::fromFieldError(e);
        }
        return std::nullopt;
    };
    if (!before && sorted) {
        // A record not held, its writes in name order without repeats (as decodeRecord gives them): its
        // values read off the writes as logicalValues() makes them, into a flat run instead of a
        // QVariantMap (a node, a QString and a QVariant per field, then freed: more than the rules cost).
        // Anything else (held records, repeated names) goes through the map, in ruleErrors().
        QVarLengthArray<FieldValueRef, 32> run;
        QVarLengthArray<QString, 4> setNames; // a set's value gathered from its members' writes
        QVarLengthArray<QVariant, 4> sets;
        setNames.reserve(accepted.size()); // no reallocation: `run` points into both
        sets.reserve(accepted.size());
        for (const FieldWrite &w : accepted) {
            if (w.field == QLatin1String(kDeleted) && w.value.toBool())
                return std::nullopt; // a tombstone: nothing left to check
            // A set member's name has a dot (found inline: QString::contains is a call per field).
            if (std::find(w.field.cbegin(), w.field.cend(), u'.') != w.field.cend()) {
                if (auto m = setMember(record.kind, w.field)) {
                    const QLatin1String setName(m->set->name);
                    qsizetype at = std::find(setNames.cbegin(), setNames.cend(), setName) - setNames.cbegin();
                    if (at == setNames.size()) {
                        setNames.append(QString(setName));
                        sets.append(QVariant(QStringList()));
                        run.append({setNames.last(), &sets.last()});
                    }
                    if (w.value.toBool()) {
                        QStringList list = sets[at].toStringList();
                        list << m->member;
                        sets[at] = list;
                    }
                    continue;
                }
            }
            if (w.value.isValid())
                run.append({w.field, &w.value});
        }
        const auto byName = [](const FieldValueRef &x, const FieldValueRef &y) { return x.name < y.name; };
        if (!setNames.isEmpty())
            std::sort(run.begin(), run.end(), byName);
        const bool unique = std::adjacent_find(run.cbegin(), run.cend(), [](const FieldValueRef &x, const FieldValueRef &y) {
                                return x.name == y.name;
                            }) == run.cend();
        if (unique) {
            QString residentId;
            for (const FieldValueRef &e : run) {
                if (e.name == QLatin1String("resident_id"))
                    residentId = e.value->toString();
            }
            const auto verdict = firstBreak(validateRecordRules(record.kind, run, ruleContext(record.kind, residentId)));
            // Debug builds (the tests) hold it to the general check, through logicalValues() and the map.
            Q_ASSERT_X(firstBreak(ruleErrors(record, accepted, before).value()) == verdict,
                       "DistrictStore::checkRecord", "the check from the writes and the one through the map disagree");
            return verdict;
        }
    }
    const auto errors = ruleErrors(record, accepted, before);
    return errors ? firstBreak(*errors) : std::nullopt;
}

ValidationContext DistrictStore::ruleContext(Kind kind, const QString &residentId)
{
    ValidationContext ctx;
    ctx.today = m_pushToday.isValid() ? m_pushToday : m_clock->today();
    if (rulesReadResident(kind)) {
        // Only the two fields the rules need, not the whole resident decoded.
        const auto resident = current(residentId, Need::Row);
        if (resident && resident->kind == kindName(Kind::Resident)) {
            ctx.residentBirthDate = storedValue(Kind::Resident, residentId, *resident, QStringLiteral("birth_date")).toDate();
            const QVariant g = storedValue(Kind::Resident, residentId, *resident, QStringLiteral("guardian_name"));
            if (g.isValid())
                ctx.residentGuardianName = g.toString();
        }
    }
    return ctx;
}

std::optional<QList<FieldError>> DistrictStore::ruleErrors(const WireRecord &record, const QList<FieldWrite> &accepted,
                                                          const std::optional<Current> &before)
{
    // The state the server would hold: what it has, overlaid with the newer fields.
    QMap<QString, QVariant> wire;
    if (before) {
        for (auto it = before->fields.cbegin(); it != before->fields.cend(); ++it) {
            QVariant typed;
            if (!protocol::decodeValue(record.kind, it.key(), fieldValue(record.id, it.key(), it.value()), &typed))
                wire.insert(it.key(), typed);
        }
    }
    for (const FieldWrite &w : accepted)
        wire.insert(w.field, w.value);
    if (wire.value(QLatin1String(kDeleted)).toBool())
        return std::nullopt; // a tombstone: nothing left to check
    const QVariantMap values = logicalValues(record.kind, wire);

    const ValidationContext ctx = ruleContext(record.kind, values.value(QStringLiteral("resident_id")).toString());
    // Every value here passed core validateValue already (protocol::decodeValue checks each one as the push
    // is parsed, and each held value as it is read back): only required fields, unknown fields and the
    // cross-field rules are left, with the same verdicts and messages as validateRecord.
    return validateRecordRules(record.kind, values, ctx);
}

Result<PushAnswer> DistrictStore::push(const DeviceRow &device, const protocol::ParsedPush &push)
{
    PushAnswer answer;
    auto done = m_db.transaction([&]() -> Result<void> {
        {
            Stmt stored(statement("SELECT answer FROM batch WHERE device_id = ? AND batch_id = ?"));
            if (!stored.ok())
                return sqlError(QStringLiteral("batch"));
            stored.text(1, device.id);
            stored.text(2, push.batchId);
            const int rc = stored.step();
            if (rc == SQLITE_ROW) {
                answer.body = stored.bytes(0);
                answer.replayed = true;
                return {};
            }
            if (rc != SQLITE_DONE)
                return sqlError(QStringLiteral("batch"));
        }
        // One date for the whole batch (the rules' "today"), not a time-zone conversion per record.
        m_pushToday = m_clock->today();
        // One getrandom per push for the nonces of its encrypted fields, not one per field.
        m_nonces.emplace();

        restoreHlc();
        m_seq = lastSeq();
        m_digests.clear();
        const qint64 nowMs = m_clock->nowMs();
        QList<protocol::RecordResult> results(push.records.size());
        // The batch's records (with their fields) and the parents they name (envelopes; whole rows where
        // the rules read the resident's fields) in a few queries, instead of a query or two per record
        // and per reference.
        m_batch.emplace();
        {
            QList<QString> own;
            QList<QString> parents;
            QList<QString> residents;
            own.reserve(push.records.size());
            for (const protocol::DecodedRecord &d : push.records) {
                if (!d.ok())
                    continue;
                own << d.record->id;
                for (const ParentRef &p : kParentRefs) {
                    const FieldWrite *w = p.child == d.record->kind ? d.record->write(p.field) : nullptr;
                    if (w && w->value.isValid())
                        (rulesReadResident(d.record->kind) ? residents : parents) << w->value.toString();
                }
            }
            m_batch->reserve(own.size() + residents.size() + parents.size());
            prefetch(own, false);
            prefetch(residents, false);
            prefetch(parents, true); // those read whole just now are not read again
        }
        // Parents before children, whatever order they came in; answers in the order sent. Each record's
        // place in that order is found once, not at every comparison of the sort.
        std::vector<int> rank(static_cast<size_t>(push.records.size()));
        for (size_t i = 0; i < rank.size(); ++i)
            rank[i] = pushOrder(push.records[static_cast<qsizetype>(i)]);
        QList<qsizetype> order(push.records.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
            return rank[static_cast<size_t>(a)] < rank[static_cast<size_t>(b)];
        });

        for (const qsizetype i : std::as_const(order)) {
            const protocol::DecodedRecord &d = push.records[i];
            protocol::RecordResult &result = results[i];
            result.id = d.id;
            auto reject = [&](RecordError e) {
                result.status = protocol::Verdict::Rejected;
                result.error = std::move(e);
                ++answer.rejected;
            };
            if (!d.ok()) {
                reject(*d.error);
                continue;
            }
            const WireRecord &r = *d.record;
            if (kindSpec(r.kind).reference) {
                reject(RecordError::make(rec::ReadOnlyKind, QString(),
                                         QStringLiteral("参考数据（%1）只能由区里修改").arg(kindName(r.kind))));
                continue;
            }
            if (r.stationId != device.stationCode) {
                reject(RecordError::make(rec::ForbiddenStation, QStringLiteral("station_id"),
                                         QStringLiteral("记录不属于本设备登记的站点")));
                continue;
            }
            // The envelope first: the fields of a held record are decoded only when some write may be newer.
            std::optional<Current> before = current(r.id, Need::Envelope);
            if (before && before->envelopeOnly)
                before = current(r.id);
            if (before && before->stationId != r.stationId) {
                reject(RecordError::make(rec::ForbiddenStation, QStringLiteral("station_id"),
                                         QStringLiteral("记录编号属于其他站点的记录")));
                continue;
            }
            if (before && before->kind != kindName(r.kind)) {
                reject(RecordError::make(rec::InvalidField, QStringLiteral("id"),
                                         QStringLiteral("记录编号已被另一类记录使用")));
                continue;
            }
            const auto ahead = std::find_if(r.writes.cbegin(), r.writes.cend(), [&](const FieldWrite &w) {
                return w.stamp.ms > nowMs + protocol::kMaxClockAheadMs;
            });
            if (ahead != r.writes.cend()) {
                reject(RecordError::make(rec::ClockAhead, ahead->field,
                                         QStringLiteral("时间戳比服务器时间快 24 小时以上，请校准时钟后重新发送")));
                continue;
            }
            std::optional<RecordError> missingParent;
            for (const ParentRef &p : kParentRefs) {
                const FieldWrite *w = p.child == r.kind ? r.write(p.field) : nullptr;
                if (!w || !w->value.isValid())
                    continue;
                const Current *parent = heldEnvelope(w->value.toString());
                const auto parentKind = parent ? kindFromName(parent->kind) : std::nullopt;
                const bool ok = parentKind && std::find(p.parents.begin(), p.parents.end(), *parentKind) != p.parents.end()
                    && (kindSpec(*parentKind).reference || parent->stationId == r.stationId);
                if (!ok) {
                    missingParent = RecordError::make(rec::ReferenceMissing, p.field.toString(),
                                                      QStringLiteral("引用的记录不在服务器上（稍后自动重试）"));
                    break;
                }
            }
            if (missingParent) {
                reject(*missingParent);
                continue;
            }
            QList<FieldWrite> accepted;
            if (!before) {
                accepted = r.writes; // shared, not copied
            } else if (!before->fieldsLoaded && FieldsScanner(before->raw).holdsAll(r.writes)) {
                // Held as new or newer field by field (a batch sent again): nothing to decode.
            } else {
                if (!before->fieldsLoaded)
                    loadFields(*before);
                for (const FieldWrite &w : r.writes) {
                    const auto held = before->fields.constFind(w.field);
                    if (held == before->fields.cend() || held->stamp < w.stamp)
                        accepted << w;
                }
            }
            if (accepted.isEmpty()) {
                result.status = protocol::Verdict::Unchanged;
                ++answer.unchanged;
                continue;
            }
            if (auto e = checkRecord(r, accepted, before)) {
                reject(*e);
                continue;
            }
            const auto seq = nextSeq();
            if (auto w = writeFields(r, accepted, before, device.id, seq.value()); !w)
                return w;
            if (!before && isParentKind(r.kind))
                m_newEnvelopes.append({RecordKey(r.id), Envelope{kindName(r.kind), device.stationCode}});
            Hlc newest;
            for (const FieldWrite &w : std::as_const(accepted))
                newest = std::max(newest, w.stamp);
            m_hlc->observe(newest); // the receive rule keeps the greatest: once with the newest is the same
            result.status = protocol::Verdict::Applied;
            ++answer.applied;
        }

        qint64 acknowledged = 0;
        {
            Stmt count(statement("UPDATE device SET pushes_acknowledged = pushes_acknowledged + 1, last_seen_at = ? "
                                 "WHERE id = ? RETURNING pushes_acknowledged"));
            if (!count.ok())
                return sqlError(QStringLiteral("device"));
            count.text(1, isoNow(*m_clock));
            count.text(2, device.id);
            if (count.step() != SQLITE_ROW)
                return sqlError(QStringLiteral("device"));
            acknowledged = count.int64(0);
            if (count.step() != SQLITE_DONE)
                return sqlError(QStringLiteral("device"));
        }

        protocol::PushResponse response;
        response.batchId = push.batchId;
        response.serverTime = m_hlc->now();
        response.pushesAcknowledged = acknowledged;
        response.results = results;
        answer.body = response.toJson();

        {
            Stmt keep(statement("INSERT INTO batch (device_id, batch_id, answer, committed_at) VALUES (?, ?, ?, ?)"));
            if (!keep.ok())
                return sqlError(QStringLiteral("batch"));
            keep.text(1, device.id);
            keep.text(2, push.batchId);
            keep.blob(3, answer.body);
            keep.text(4, isoNow(*m_clock));
            if (keep.step() != SQLITE_DONE)
                return sqlError(QStringLiteral("batch"));
        }
        {
            Stmt purge(statement("DELETE FROM batch WHERE committed_at < ?"));
            if (!purge.ok())
                return sqlError(QStringLiteral("batch"));
            purge.text(1, formatInstant(QDateTime::fromMSecsSinceEpoch(nowMs - kBatchKeepMs, Qt::UTC)));
            if (purge.step() != SQLITE_DONE)
                return sqlError(QStringLiteral("batch"));
        }
        if (auto d = flushDigests(); !d)
            return d;
        if (auto s = storeSeq(); !s)
            return s;
        if (auto h = saveHlc(); !h)
            return h;
        return audit(QStringLiteral("device:") + device.id, QStringLiteral("push"),
                     QStringLiteral("station=%1 batch=%2 records=%3 applied=%4 unchanged=%5 rejected=%6")
                         .arg(device.stationCode, push.batchId)
                         .arg(push.records.size())
                         .arg(answer.applied)
                         .arg(answer.unchanged)
                         .arg(answer.rejected));
    });
    m_batch.reset();
    m_digests.clear();
    m_pushToday = QDate();
    m_nonces.reset();
    auto written = std::exchange(m_newEnvelopes, {});
    if (!done) {
        m_seq = 0;
        return done.error();
    }
    for (const auto &[key, e] : written)
        rememberEnvelope(key, e);
    return answer;
}

void DistrictStore::rememberEnvelope(const RecordKey &key, const Envelope &e)
{
    if (m_envelopes.size() >= kEnvelopesMax && !m_envelopes.contains(key))
        m_envelopes.clear(); // bounded; the next pushes read their parents once again
    m_envelopes.insert(key, e);
}

} // namespace lanxin::district
