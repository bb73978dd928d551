#include "syncstore.h"

#include "checkpointer.h"
#include "database.h"
#include "fieldcipher.h"
#include "stationstore.h"
#include "syncstore_p.h"

#include "core/ids.h"
#include "core/sha256.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace lanxin {
using namespace syncstore_p;
namespace {

const QString kPushesAcknowledged = QStringLiteral("pushes_acknowledged");
const QString kPullCursor = QStringLiteral("pull_cursor");
const QString kRecovery = QStringLiteral("recovery_pending");
const QString kOffset = QStringLiteral("clock_offset_ms");
const QString kOffsetAt = QStringLiteral("clock_offset_at");
const QString kHlcLast = QStringLiteral("hlc_last");
const QString kHlcEpoch = QStringLiteral("hlc_epoch");
const QString kMustReenroll = QStringLiteral("must_reenroll");
const QString kLastReceipt = QStringLiteral("last_receipt");
const QString kLastConfirmedAt = QStringLiteral("last_confirmed_at");

QString zeroDigest()
{
    return QString(64, u'0');
}

QMap<QString, QString> parseFields(const QString &json)
{
    QMap<QString, QString> out;
    for (const auto &[field, stamp] : columns::parseFlatObject(json))
        out.insert(field, stamp);
    return out;
}

QString fieldsJson(const QMap<QString, QString> &fields)
{
    QJsonObject o;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

/// A value as plain text, for conflict notices (never logged).
QString plainText(const QVariant &v)
{
    if (!v.isValid())
        return {};
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QDate:
        return formatDate(v.toDate());
    case QMetaType::QDateTime:
        return formatInstant(v.toDateTime());
    case QMetaType::QStringList:
        return v.toStringList().join(u',');
    default:
        return v.toString();
    }
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

} // namespace

SyncStore::SyncStore(StationStore &store)
    : m_store(store)
{
}

Database::Options SyncStore::connectionOptions()
{
    Database::Options o;
    o.autoCheckpointPages = Checkpointer::kBackstopPages;
    return o;
}

bool SyncStore::waitsForStaff(const QString &code)
{
    return code != QLatin1String("reference_missing") && code != QLatin1String("clock_ahead");
}

// ---------------------------------------------------------------- push

bool SyncStore::hasBatchInFlight()
{
    QSqlQuery q(m_store.database().db());
    return q.exec(QStringLiteral("SELECT 1 FROM sync_batch LIMIT 1")) && q.next();
}

Result<void> SyncStore::requeue(qint64 seq, Kind kind, const QString &recordId, const QMap<QString, QString> &fields)
{
    Database &db = m_store.database();
    auto open = m_store.records().openEntry(kind, recordId);
    if (!open)
        return open.error();
    QSqlQuery w(db.db());
    if (open->seq >= 0) {
        // An edit during the push opened a new entry: fold the returned fields into it.
        QMap<QString, QString> merged = parseFields(open->fields);
        for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
            if (!merged.contains(it.key()))
                merged.insert(it.key(), it.value());
        }
        w.prepare(QStringLiteral("UPDATE outbox SET fields = ? WHERE seq = ?"));
        w.addBindValue(fieldsJson(merged));
        w.addBindValue(open->seq);
        if (!w.exec())
            return Database::queryError(w, QStringLiteral("outbox"));
        return {};
    }
    // Back in its old place (the take deleted it; AUTOINCREMENT never gives its seq to another entry).
    w.prepare(QStringLiteral("INSERT INTO outbox (seq, kind, record_id, fields, queued_at) VALUES (?, ?, ?, ?, ?)"));
    w.addBindValue(seq);
    w.addBindValue(kindName(kind));
    w.addBindValue(recordId);
    w.addBindValue(fieldsJson(fields));
    w.addBindValue(formatInstant(m_store.clock().now()));
    if (!w.exec())
        return Database::queryError(w, QStringLiteral("outbox"));
    return m_store.records().setOpenEntry(kind, recordId, seq);
}

Result<AckSummary> SyncStore::acknowledge(const QString &batchId, const QList<RecordVerdict> &verdicts,
                                          qint64 serverPushesAcknowledged, int othersOnTheWire)
{
    return settleBatch(batchId, verdicts, Answer{serverPushesAcknowledged, othersOnTheWire});
}

Result<void> SyncStore::giveBack(const QString &batchId)
{
    if (auto r = settleBatch(batchId, {}, std::nullopt); !r)
        return r.error();
    return {};
}

Result<AckSummary> SyncStore::settleBatch(const QString &batchId, const QList<RecordVerdict> &verdicts,
                                          const std::optional<Answer> &answer)
{
    Database &db = m_store.database();
    AckSummary summary;
    // A clock_ahead verdict re-stamps fields of the record itself: a record write, so a durable commit.
    const bool restamps = std::any_of(verdicts.cbegin(), verdicts.cend(), [](const RecordVerdict &v) {
        return v.status == RecordVerdict::Status::Rejected && v.code == QLatin1String("clock_ahead");
    });
    auto r = db.transaction([&]() -> Result<void> {
        if (auto fresh = m_store.records().refreshShared(); !fresh)
            return fresh;
        const QString now = formatInstant(m_store.clock().now());
        const qint64 correctedNow = m_store.clock().nowMs() + m_store.hlc().offsetMs();

        // The first verdict about a record counts (a later one about the same record is ignored).
        QSet<QString> seen;
        QStringList appliedIds;
        QStringList unchangedIds;
        QList<const RecordVerdict *> rejections;
        seen.reserve(verdicts.size());
        for (const RecordVerdict &v : verdicts) {
            if (seen.contains(v.id))
                continue;
            seen.insert(v.id);
            if (v.status == RecordVerdict::Status::Applied)
                appliedIds << v.id;
            else if (v.status == RecordVerdict::Status::Unchanged)
                unchangedIds << v.id;
            else
                rejections << &v;
        }
        // Stored (or already there): the field versions this batch carried are done, and a rejection
        // waiting for such a record is over. The batch's entries left the outbox when it was taken; its
        // sync_batch row holds them (migration 6).
        bool anyProblems = false;
        {
            QSqlQuery &p = db.prepared(QStringLiteral("SELECT EXISTS (SELECT 1 FROM sync_problem)"));
            if (!Database::run(p, {}))
                return Database::queryError(p, QStringLiteral("sync_problem"));
            anyProblems = p.next() && p.value(0).toBool();
            p.finish();
        }
        const auto clearProblems = [&](const QStringList &ids) -> Result<void> {
            if (!anyProblems || ids.isEmpty())
                return {};
            QSqlQuery &p = db.prepared(
                QStringLiteral("DELETE FROM sync_problem WHERE record_id IN (SELECT value FROM json_each(?))"));
            if (!Database::run(p, {QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact))}))
                return Database::queryError(p, QStringLiteral("sync_problem"));
            return {};
        };
        const auto batchColumn = [&](const char *sql) -> Result<QByteArray> {
            sqlite3_stmt *st = db.raw(sql);
            if (!st)
                return db.rawError(QStringLiteral("sync_batch"));
            const QByteArray id = batchId.toUtf8();
            sqlite3_bind_text(st, 1, id.constData(), static_cast<int>(id.size()), SQLITE_STATIC);
            QByteArray value;
            const int rc = sqlite3_step(st);
            if (rc == SQLITE_ROW)
                value = columnBytes(st, 0).toByteArray();
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return db.rawError(QStringLiteral("sync_batch"));
            return value;
        };

        // The usual answer stores every record of the batch: its ids are exactly the batch's, and
        // nothing goes back to the outbox.
        bool whole = false;
        if (rejections.isEmpty() && !seen.isEmpty()) {
            auto ids = batchColumn("SELECT ids FROM sync_batch WHERE batch_id = ?1");
            if (!ids)
                return ids.error();
            const QByteArrayView list(ids.value());
            qsizetype inBatch = 0;
            whole = true;
            for (qsizetype from = 0, end; whole && from < list.size(); from = end + 1) {
                end = list.indexOf('\n', from);
                if (end < 0)
                    end = list.size();
                ++inBatch;
                whole = seen.contains(QString::fromUtf8(list.sliced(from, end - from)));
            }
            whole = whole && inBatch == seen.size();
        }

        // Any other answer: the batch's entries, by record id.
        struct Entry
        {
            qint64 seq;
            Kind kind;
            QMap<QString, QString> fields; ///< wire field -> stamp, as the entry listed them
        };
        QHash<QString, Entry> entries;
        if (whole) {
            if (auto c = clearProblems(appliedIds + unchangedIds); !c)
                return c;
            summary.applied = static_cast<int>(appliedIds.size());
            summary.unchanged = static_cast<int>(unchangedIds.size());
        } else {
            auto json = batchColumn("SELECT entries FROM sync_batch WHERE batch_id = ?1");
            if (!json)
                return json.error();
            QJsonParseError error{};
            const QJsonArray taken = QJsonDocument::fromJson(json.value(), &error).array();
            if (!json->isEmpty() && error.error != QJsonParseError::NoError) // not ours: keep the batch, lose nothing
                return Error{QStringLiteral("batch_unreadable"),
                             bilingual(QStringLiteral("发出的批次记录无法读取"), QStringLiteral("The entries of the batch in flight cannot be read"))};
            for (const QJsonValue &e : taken) {
                const QJsonArray a = e.toArray();
                // The fields JSON as the outbox held it: an object, or a string when it was not our shape.
                QMap<QString, QString> fields;
                if (const QJsonValue listed = a.at(3); listed.isObject()) {
                    const QJsonObject o = listed.toObject();
                    for (auto it = o.begin(); it != o.end(); ++it)
                        fields.insert(it.key(), it.value().toString());
                } else {
                    fields = parseFields(listed.toString());
                }
                entries.insert(a.at(2).toString(), Entry{a.at(0).toInteger(),
                                                         kindFromName(a.at(1).toString()).value_or(Kind::Resident),
                                                         std::move(fields)});
            }
            QStringList done;
            for (const auto &[ids, count] : {std::pair{&appliedIds, &summary.applied}, std::pair{&unchangedIds, &summary.unchanged}}) {
                for (const QString &id : std::as_const(*ids)) {
                    if (entries.remove(id)) { // an id the batch did not carry counts nothing
                        ++*count;
                        done << id;
                    }
                }
            }
            if (auto c = clearProblems(done); !c)
                return c;
        }

        auto exec = [&](const QString &sql, const QVariantList &binds) -> Result<void> {
            QSqlQuery &st = db.prepared(sql);
            if (!Database::run(st, binds))
                return Database::queryError(st, QStringLiteral("ack"));
            return {};
        };

        for (const RecordVerdict *vp : std::as_const(rejections)) {
            const RecordVerdict &v = *vp;
            if (!entries.contains(v.id))
                continue;
            const Entry e = entries.take(v.id);
            if (v.code == QLatin1String("reference_missing")) {
                ++summary.retried;
                summary.retriedIds << v.id;
                if (auto rq = requeue(e.seq, e.kind, v.id, e.fields); !rq)
                    return rq;
                continue;
            }
            if (v.code == QLatin1String("clock_ahead")) {
                // Re-stamp the fields stamped ahead of the corrected clock (all of them if the district
                // and we disagree on which), then queue them again: no staff needed.
                QMap<QString, QString> fields = e.fields;
                QMap<QString, Hlc> ahead;
                QMap<QString, Hlc> all;
                for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
                    if (auto h = Hlc::parse(it.value())) {
                        all.insert(it.key(), *h);
                        if (h->ms > correctedNow + 60000)
                            ahead.insert(it.key(), *h);
                    }
                }
                auto written = m_store.records().restamp(e.kind, v.id, ahead.isEmpty() ? all : ahead);
                if (!written)
                    return written.error();
                for (const FieldWrite &w : written.value())
                    fields.insert(w.field, w.stamp.toString());
                ++summary.restamped;
                summary.restampedIds << v.id;
                if (auto rq = requeue(e.seq, e.kind, v.id, fields); !rq)
                    return rq;
                continue;
            }
            // Waiting for staff: out of the outbox (the take took it) until someone edits the record.
            ++summary.rejected;
            if (auto d = exec(QStringLiteral("DELETE FROM sync_problem WHERE record_id = ?"), {v.id}); !d)
                return d;
            if (auto d = exec(QStringLiteral("INSERT INTO sync_problem (record_id, kind, code, field, message, seen_at) "
                                             "VALUES (?, ?, ?, ?, ?, ?)"),
                              {v.id, kindName(e.kind), v.code, v.field.isEmpty() ? nullText() : QVariant(v.field),
                               v.message.isEmpty() ? nullText() : QVariant(v.message), now});
                !d)
                return d;
            // Edited while the batch was out: that edit re-queues the whole record.
            auto open = m_store.records().openEntry(e.kind, v.id);
            if (!open)
                return open.error();
            if (open->seq >= 0) {
                QMap<QString, QString> fields = parseFields(open->fields);
                if (const auto rec = m_store.records().get(e.kind, v.id)) {
                    for (auto it = rec->stamps.cbegin(); it != rec->stamps.cend(); ++it) {
                        if (!fields.contains(it.key()))
                            fields.insert(it.key(), it.value().toString());
                    }
                }
                if (auto u = exec(QStringLiteral("UPDATE outbox SET fields = ? WHERE seq = ?"),
                                  {fieldsJson(fields), open->seq});
                    !u)
                    return u;
            }
        }
        // A record the answer did not mention goes again (never dropped unanswered).
        for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
            if (auto rq = requeue(it->seq, it->kind, it.key(), it->fields); !rq)
                return rq;
        }
        if (auto d = exec(QStringLiteral("DELETE FROM sync_batch WHERE batch_id = ?"), {batchId}); !d)
            return d;

        if (!answer)
            return {}; // unanswered: our count of answered batches stays
        const qint64 ours = db.meta(kPushesAcknowledged, QStringLiteral("0")).toLongLong();
        const qint64 serverPushesAcknowledged = answer->serverCount;
        // The district's count may include this batch and the others of ours it held when it answered.
        if (serverPushesAcknowledged > ours + 1 + answer->othersOnTheWire) {
            // The district acknowledged batches of ours we never saw: this device was restored from
            // a backup. Pull everything again, our own changes included, before trusting our state.
            summary.restored = true;
            if (auto m = db.setMeta(kRecovery, QStringLiteral("1")); !m)
                return m;
            if (auto m = db.setMeta(kPullCursor, QString()); !m)
                return m;
            if (auto a = audit(QStringLiteral("sync_restored_device"),
                               QStringLiteral("district %1, device %2").arg(serverPushesAcknowledged).arg(ours));
                !a)
                return a;
        }
        // One more answer seen. Not the district's count: with two batches on the wire it may already
        // include the other one, whose answer then counts it. (A batch sent again returns its first
        // answer, with the count of then; it is still one answer this device had not seen.)
        return db.setMeta(kPushesAcknowledged, QString::number(summary.restored ? serverPushesAcknowledged : ours + 1));
    }, restamps ? Database::Commit::Durable : Database::Commit::Bookkeeping);
    if (!r)
        return r.error();
    return summary;
}

qint64 SyncStore::pushesAcknowledged()
{
    return m_store.database().meta(kPushesAcknowledged, QStringLiteral("0")).toLongLong();
}

// ---------------------------------------------------------------- pull

QString SyncStore::pullCursor()
{
    return m_store.database().meta(kPullCursor);
}

bool SyncStore::recoveryPending()
{
    return m_store.database().meta(kRecovery) == QLatin1String("1");
}

Result<void> SyncStore::beginRecovery()
{
    Database &db = m_store.database();
    return db.transaction([&]() -> Result<void> {
        if (auto m = db.setMeta(kRecovery, QStringLiteral("1")); !m)
            return m;
        if (auto m = db.setMeta(kPullCursor, QString()); !m)
            return m;
        return audit(QStringLiteral("sync_receipt_recovery"), QStringLiteral("receipt still differs: pulling everything again"));
    });
}

Result<PullSummary> SyncStore::applyPull(const QList<SyncRecord> &changes, const QString &cursor, bool complete)
{
    Database &db = m_store.database();
    PullSummary summary;
    const QString station = m_store.stationCode();
    auto r = db.transaction([&]() -> Result<void> {
        const QString now = formatInstant(m_store.clock().now());
        for (const SyncRecord &change : changes) {
            const bool reference = kindSpec(change.kind).reference;
            if (!reference && !station.isEmpty() && change.stationId != station) {
                ++summary.skipped;
                qCWarning(lcStorage) << "pulled a record of another station, left out:" << kindName(change.kind) << change.id;
                continue;
            }
            QList<SupersededEdit> superseded;
            auto merged = m_store.records().merge(change.kind, change.id, change.stationId, change.fields,
                                                  reference ? nullptr : &superseded);
            if (!merged)
                return merged.error();
            merged.value() == MergeOutcome::Applied ? ++summary.applied : ++summary.unchanged;
            for (const SupersededEdit &s : std::as_const(superseded)) {
                auto encrypt = [&](const QVariant &v, const char *side) -> QVariant {
                    if (!v.isValid())
                        return QVariant(QMetaType(QMetaType::QByteArray));
                    return m_store.cipher().encrypt(change.id, QStringLiteral("conflict.%1.%2").arg(s.field, QLatin1String(side)),
                                                    plainText(v));
                };
                QSqlQuery q(db.db());
                q.prepare(QStringLiteral("INSERT INTO sync_conflict (kind, record_id, field, local_value, local_stamp, "
                                         "remote_value, remote_stamp, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                         "ON CONFLICT DO NOTHING"));
                q.addBindValue(kindName(change.kind));
                q.addBindValue(change.id);
                q.addBindValue(s.field);
                q.addBindValue(encrypt(s.localValue, "local"));
                q.addBindValue(s.localStamp.toString());
                q.addBindValue(encrypt(s.remoteValue, "remote"));
                q.addBindValue(s.remoteStamp.toString());
                q.addBindValue(now);
                if (!q.exec())
                    return Database::queryError(q, QStringLiteral("sync_conflict"));
                ++summary.superseded;
            }
        }
        if (auto m = db.setMeta(kPullCursor, cursor); !m)
            return m;
        if (complete && recoveryPending())
            return db.setMeta(kRecovery, QStringLiteral("0"));
        return {};
    });
    if (!r)
        return r.error();
    return summary;
}

// ---------------------------------------------------------------- receipt

Receipt SyncStore::receipt()
{
    Receipt out;
    for (Kind k : recordKinds())
        out.insert(kindName(k), KindReceipt{0, zeroDigest()});
    QSqlQuery q(m_store.database().db());
    q.prepare(QStringLiteral("SELECT kind, count, digest FROM receipt_digest WHERE station_id = ?"));
    q.addBindValue(m_store.stationCode().isEmpty() ? QStringLiteral("") : m_store.stationCode());
    if (q.exec()) {
        while (q.next()) {
            if (out.contains(q.value(0).toString()))
                out.insert(q.value(0).toString(),
                           KindReceipt{q.value(1).toInt(), QString::fromLatin1(q.value(2).toByteArray().toHex())});
        }
    }
    return out;
}

Receipt SyncStore::computeReceipt()
{
    Receipt out;
    const QString station = m_store.stationCode();
    for (Kind k : recordKinds()) {
        std::array<quint8, 32> acc{};
        int count = 0;
        // Page through the kind; records of this station only.
        for (int offset = 0;; offset += 2000) {
            const auto rows = m_store.records().select(k, QStringLiteral("coalesce(station_id, '') = ?"),
                                                       {station.isEmpty() ? QStringLiteral("") : station},
                                                       QStringLiteral("id"), Page{offset, 2000});
            for (const StoredRecord &r : rows) {
                xorReceiptTerm(acc, r.id, greatestStamp(r.stamps));
                ++count;
            }
            if (rows.size() < 2000)
                break;
        }
        const QByteArray digest(reinterpret_cast<const char *>(acc.data()), static_cast<qsizetype>(acc.size()));
        out.insert(kindName(k), KindReceipt{count, QString::fromLatin1(digest.toHex())});
    }
    return out;
}

QStringList SyncStore::receiptDifferences(const Receipt &local, const Receipt &district)
{
    QStringList out;
    for (Kind k : recordKinds()) {
        const QString name = kindName(k);
        const KindReceipt a = local.value(name, KindReceipt{0, zeroDigest()});
        const KindReceipt b = district.value(name, KindReceipt{0, zeroDigest()});
        if (a.count != b.count || a.digest.toLower() != b.digest.toLower())
            out << name;
    }
    return out;
}

Result<void> SyncStore::recordReceipt(const Receipt &local, const Receipt &district, bool match)
{
    QJsonObject kinds;
    for (Kind k : recordKinds()) {
        const QString name = kindName(k);
        const KindReceipt a = local.value(name, KindReceipt{0, zeroDigest()});
        const KindReceipt b = district.value(name, KindReceipt{0, zeroDigest()});
        kinds.insert(name, QJsonObject{{QStringLiteral("local"), a.count},
                                       {QStringLiteral("district"), b.count},
                                       {QStringLiteral("match"), a.count == b.count && a.digest.toLower() == b.digest.toLower()}});
    }
    const QString at = formatInstant(m_store.clock().now());
    const QJsonObject o{{QStringLiteral("kinds"), kinds}, {QStringLiteral("match"), match}, {QStringLiteral("at"), at}};
    Database &db = m_store.database();
    return db.transaction([&]() -> Result<void> {
        if (auto m = db.setMeta(kLastReceipt, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))); !m)
            return m;
        if (match)
            return db.setMeta(kLastConfirmedAt, at);
        return {};
    });
}

QString SyncStore::lastReceiptJson()
{
    return m_store.database().meta(kLastReceipt);
}

QDateTime SyncStore::lastConfirmedAt()
{
    return parseInstant(m_store.database().meta(kLastConfirmedAt));
}

// ---------------------------------------------------------------- clock

Result<void> SyncStore::observeServerTime(const Hlc &serverTime)
{
    Database &db = m_store.database();
    HlcClock &hlc = m_store.hlc();
    const qint64 deviceMs = m_store.clock().nowMs();
    const qint64 offset = serverTime.ms - deviceMs;
    // Most answers confirm what we know: take the stamp in memory and skip the write (and its fsync)
    // unless the offset moved by a second, the clock must be rewound, or the stored offset is an hour old.
    const qint64 storedAt = db.meta(kOffsetAt).toLongLong();
    const bool fresh = storedAt > 0 && deviceMs >= storedAt && deviceMs - storedAt < 3600 * 1000;
    if (fresh && std::llabs(offset - hlc.offsetMs()) < 1000 && hlc.last().ms <= deviceMs + hlc.offsetMs() + 60000) {
        hlc.observe(serverTime);
        return {};
    }
    return db.transaction([&]() -> Result<void> {
        if (auto refreshed = m_store.records().refreshShared(); !refreshed)
            return refreshed;
        hlc.setOffsetMs(offset);
        if (auto m = db.setMeta(kOffset, QString::number(offset)); !m)
            return m;
        if (auto m = db.setMeta(kOffsetAt, QString::number(deviceMs)); !m)
            return m;
        const qint64 correctedNow = deviceMs + offset;
        if (hlc.last().ms > correctedNow + 60000) {
            if (auto w = rewindClock(correctedNow); !w)
                return w;
        }
        hlc.observe(serverTime);
        return db.setMeta(kHlcLast, hlc.last().toString());
    });
}

Result<void> SyncStore::rewindClock(qint64 correctedNowMs)
{
    // Our stamps ran ahead of the district's clock (a device clock set wrong). Go back to the corrected
    // clock — but not below anything we hold that the district would accept (≤ 24 h ahead), so an
    // edit of ours never gets a stamp below our own earlier one.
    Database &db = m_store.database();
    const QString limit = formatInstant(QDateTime::fromMSecsSinceEpoch(correctedNowMs + kOffsetMaxAgeMs, Qt::UTC));
    qint64 floor = correctedNowMs;
    for (Kind k : allKinds()) {
        QSqlQuery q(db.db());
        q.prepare(QStringLiteral("SELECT max(updated_at) FROM %1 WHERE updated_at <= ?").arg(kindName(k)));
        q.addBindValue(limit);
        if (!q.exec())
            return Database::queryError(q, QStringLiteral("rewind"));
        if (q.next() && !q.value(0).isNull())
            floor = std::max(floor, parseInstant(q.value(0).toString()).toMSecsSinceEpoch() + 1);
    }
    HlcClock &hlc = m_store.hlc();
    qCInfo(lcStorage) << "clock ran ahead of the district by" << (hlc.last().ms - correctedNowMs) / 1000
                      << "s; rewound to the corrected clock";
    hlc.resetTo(Hlc{floor, 0, hlc.node()});
    const qint64 epoch = db.meta(kHlcEpoch, QStringLiteral("0")).toLongLong() + 1;
    if (auto m = db.setMeta(kHlcEpoch, QString::number(epoch)); !m)
        return m;
    if (auto m = db.setMeta(kHlcLast, hlc.last().toString()); !m)
        return m;
    // Our own RecordStore follows the epoch at its next refresh, with the same value.
    return audit(QStringLiteral("clock_rewound"), QStringLiteral("%1 s").arg((hlc.last().ms - correctedNowMs) / 1000));
}

bool SyncStore::clockOffsetStale()
{
    const QString at = m_store.database().meta(kOffsetAt);
    if (at.isEmpty())
        return true;
    const qint64 age = m_store.clock().nowMs() - at.toLongLong();
    return age < 0 || age > kOffsetMaxAgeMs;
}

qint64 SyncStore::clockOffsetMs()
{
    return m_store.database().meta(kOffset, QStringLiteral("0")).toLongLong();
}

Hlc SyncStore::deviceTime()
{
    (void)m_store.records().refreshShared();
    return m_store.hlc().now();
}

// ---------------------------------------------------------------- enrollment

Result<void> SyncStore::checkCanEnroll(const QString &stationCode)
{
    for (Kind k : recordKinds()) {
        QSqlQuery q(m_store.database().db());
        q.prepare(QStringLiteral("SELECT count(*) FROM %1 WHERE coalesce(station_id, '') NOT IN ('', ?)").arg(kindName(k)));
        q.addBindValue(stationCode);
        if (!q.exec() || !q.next())
            return Database::queryError(q, QStringLiteral("enroll"));
        if (q.value(0).toInt() > 0)
            return Error{QStringLiteral("holds_other_station"),
                         bilingual(QStringLiteral("本机存有其他站点的记录，不能登记到站点 %1").arg(stationCode),
                                   QStringLiteral("This device holds another station's records; it cannot enroll to %1")
                                       .arg(stationCode))};
    }
    return {};
}

Result<void> SyncStore::completeEnrollment(const Enrollment &e)
{
    Database &db = m_store.database();
    auto r = db.transaction([&]() -> Result<void> {
        if (auto can = checkCanEnroll(e.stationCode); !can)
            return can;
        const QString previousServer = db.meta(QStringLiteral("server_url"));
        const QString previousStation = m_store.stationCode();
        // Records made before enrollment belong to this station from now on.
        for (Kind k : recordKinds()) {
            QSqlQuery q(db.db());
            q.prepare(QStringLiteral("UPDATE %1 SET station_id = ? WHERE coalesce(station_id, '') = ''").arg(kindName(k)));
            q.addBindValue(e.stationCode);
            if (!q.exec())
                return Database::queryError(q, QStringLiteral("enroll"));
        }
        if ((!previousServer.isEmpty() && previousServer != e.serverUrl)
            || (!previousStation.isEmpty() && previousStation != e.stationCode)) {
            // Another district: its cursor and batch count mean nothing here.
            if (auto m = db.setMeta(kPullCursor, QString()); !m)
                return m;
            if (auto m = db.setMeta(kPushesAcknowledged, QStringLiteral("0")); !m)
                return m;
        }
        const QByteArray token = m_store.cipher().encrypt(u"meta", u"device_token", e.deviceToken);
        const QList<QPair<QString, QString>> metas{
            {QStringLiteral("station_code"), e.stationCode},
            {QStringLiteral("server_url"), e.serverUrl},
            {QStringLiteral("ca_path"), e.caPath},
            {QStringLiteral("device_token"), QString::fromLatin1(token.toBase64())},
            {QStringLiteral("station_name"), e.stationName},
            {QStringLiteral("station_town"), e.town},
            {QStringLiteral("station_villages"),
             QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(e.villages)).toJson(QJsonDocument::Compact))},
            {QStringLiteral("enrolled_at"), formatInstant(e.enrolledAt.isValid() ? e.enrolledAt : m_store.clock().now())},
            {kMustReenroll, QStringLiteral("0")},
        };
        for (const auto &[key, value] : metas) {
            if (auto m = db.setMeta(key, value); !m)
                return m;
        }
        if (auto d = m_store.records().rebuildReceiptDigests(); !d)
            return d;
        return audit(QStringLiteral("enroll"), QStringLiteral("station %1").arg(e.stationCode));
    });
    if (r)
        m_store.records().setStationId(e.stationCode);
    return r;
}

std::optional<Enrollment> SyncStore::enrollment()
{
    Database &db = m_store.database();
    Enrollment e;
    e.stationCode = m_store.stationCode();
    e.serverUrl = db.meta(QStringLiteral("server_url"));
    const QByteArray blob = QByteArray::fromBase64(db.meta(QStringLiteral("device_token")).toLatin1());
    if (e.stationCode.isEmpty() || e.serverUrl.isEmpty() || blob.isEmpty())
        return std::nullopt;
    const auto token = m_store.cipher().decrypt(u"meta", u"device_token", blob);
    if (!token)
        return std::nullopt;
    e.deviceToken = *token;
    e.caPath = db.meta(QStringLiteral("ca_path"));
    e.stationName = db.meta(QStringLiteral("station_name"));
    e.town = db.meta(QStringLiteral("station_town"));
    for (const auto &v : QJsonDocument::fromJson(db.meta(QStringLiteral("station_villages")).toUtf8()).array())
        e.villages << v.toString();
    e.enrolledAt = parseInstant(db.meta(QStringLiteral("enrolled_at")));
    return e;
}

Result<void> SyncStore::setMustReenroll(bool must)
{
    return m_store.database().setMeta(kMustReenroll, must ? QStringLiteral("1") : QStringLiteral("0"));
}

bool SyncStore::mustReenroll()
{
    return m_store.database().meta(kMustReenroll) == QLatin1String("1");
}

// ---------------------------------------------------------------- for staff

int SyncStore::pendingCount()
{
    return m_store.outboxPending();
}

QMap<QString, int> SyncStore::pendingByKind()
{
    QMap<QString, int> out;
    QSqlQuery q(m_store.database().db());
    // Open entries, and the entries of batches in flight (their sync_batch rows hold them).
    if (q.exec(QStringLiteral("SELECT kind, count(*) FROM (SELECT kind FROM outbox UNION ALL "
                              "SELECT e.value ->> 1 FROM sync_batch, json_each(sync_batch.entries) e) GROUP BY kind"))) {
        while (q.next())
            out.insert(q.value(0).toString(), q.value(1).toInt());
    }
    return out;
}

QList<SyncProblem> SyncStore::problems()
{
    QList<SyncProblem> out;
    QSqlQuery q(m_store.database().db());
    if (q.exec(QStringLiteral("SELECT record_id, kind, code, field, message, seen_at FROM sync_problem "
                              "ORDER BY seen_at, record_id"))) {
        while (q.next()) {
            out << SyncProblem{kindFromName(q.value(1).toString()).value_or(Kind::Resident), q.value(0).toString(),
                               q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                               parseInstant(q.value(5).toString())};
        }
    }
    return out;
}

int SyncStore::problemCount()
{
    QSqlQuery q(m_store.database().db());
    if (q.exec(QStringLiteral("SELECT count(DISTINCT record_id) FROM sync_problem")) && q.next())
        return q.value(0).toInt();
    return 0;
}

QList<ConflictNotice> SyncStore::conflicts()
{
    QList<ConflictNotice> out;
    QSqlQuery q(m_store.database().db());
    if (!q.exec(QStringLiteral("SELECT seq, kind, record_id, field, local_value, local_stamp, remote_value, "
                               "remote_stamp, seen_at FROM sync_conflict ORDER BY seq")))
        return out;
    while (q.next()) {
        ConflictNotice c;
        c.seq = q.value(0).toLongLong();
        c.kind = kindFromName(q.value(1).toString()).value_or(Kind::Resident);
        c.recordId = q.value(2).toString();
        c.field = q.value(3).toString();
        auto decrypt = [&](int column, const char *side) {
            const QByteArray blob = q.value(column).toByteArray();
            if (blob.isEmpty())
                return QString();
            return m_store.cipher()
                .decrypt(c.recordId, QStringLiteral("conflict.%1.%2").arg(c.field, QLatin1String(side)), blob)
                .value_or(QString());
        };
        c.localValue = decrypt(4, "local");
        c.localStamp = Hlc::parse(q.value(5).toString()).value_or(Hlc{});
        c.remoteValue = decrypt(6, "remote");
        c.remoteStamp = Hlc::parse(q.value(7).toString()).value_or(Hlc{});
        c.seenAt = parseInstant(q.value(8).toString());
        out << c;
    }
    return out;
}

Result<void> SyncStore::dismissConflict(qint64 seq)
{
    QSqlQuery q(m_store.database().db());
    q.prepare(QStringLiteral("DELETE FROM sync_conflict WHERE seq = ?"));
    q.addBindValue(seq);
    if (!q.exec())
        return Database::queryError(q, QStringLiteral("sync_conflict"));
    return {};
}

Result<void> SyncStore::recordSyncResult(const QString &result)
{
    Database &db = m_store.database();
    return db.transaction([&]() -> Result<void> {
        if (auto m = db.setMeta(QStringLiteral("last_sync_at"), formatInstant(m_store.clock().now())); !m)
            return m;
        return db.setMeta(QStringLiteral("last_sync_result"), result);
    });
}

Result<void> SyncStore::audit(const QString &action, const QString &detail)
{
    QSqlQuery q(m_store.database().db());
    q.prepare(QStringLiteral("INSERT INTO audit_log (at, device_id, action, detail) VALUES (?, ?, ?, ?)"));
    q.addBindValue(formatInstant(m_store.clock().now()));
    q.addBindValue(m_store.deviceId());
    q.addBindValue(action);
    q.addBindValue(detail);
    if (!q.exec())
        return Database::queryError(q, QStringLiteral("audit"));
    return {};
}

} // namespace lanxin
