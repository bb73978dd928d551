// The station's side of sync in its database: push batches from the outbox, acknowledgements,
// pulled changes, receipts, clock offset, enrollment.
#include "testsupport.h"

#include "storage/checkpointer.h"
#include "storage/syncstore.h"

#include "core/idnumber.h"
#include "core/ids.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>

#include <sqlite3.h>

using namespace lanxin;
using namespace lanxin::test;

namespace {

constexpr qint64 kYearMs = 365LL * 24 * 3600 * 1000;

/// A stand-in for the protocol codec: the batch id and the record ids, enough to check content.
Result<QByteArray> fakeEncode(const QString &batchId, const QList<SyncRecord> &records)
{
    QByteArray out = batchId.toLatin1();
    for (const SyncRecord &r : records)
        out += '|' + r.id.toLatin1() + ':' + QByteArray::number(r.fields.size());
    return out;
}

int scalar(StationStore &s, const QString &sql)
{
    QSqlQuery q(s.database().db());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

Enrollment enrollmentFor(const QString &station)
{
    Enrollment e;
    e.serverUrl = QStringLiteral("https://district.example:8443");
    e.stationCode = station;
    e.stationName = QStringLiteral("西坞村妇女之家");
    e.town = QStringLiteral("西坞街道");
    e.villages = {QStringLiteral("白杜村"), QStringLiteral("西坞村")};
    e.deviceToken = QStringLiteral("tok-Zq3xV9m2Lw8Kp4Rt6Yb1Nc5Hd7Jf0Gs2Ae4Ui6Oo8");
    return e;
}

RecordVerdict verdict(const QString &id, RecordVerdict::Status status, const QString &code = {})
{
    return RecordVerdict{id, status, code, code.isEmpty() ? QString() : QStringLiteral("id_number"), QStringLiteral("校验位错误")};
}

QString makeResident(TempStation &t, const QString &name, QDate birth = QDate(1970, 5, 1))
{
    auto r = t.store.residents().create(woman(name, birth));
    if (!r)
        qFatal("resident: %s", qPrintable(r.error().message));
    return r->envelope.id;
}

QString makeReferral(TempStation &t, const QString &residentId)
{
    ScreeningReferral ref;
    ref.residentId = residentId;
    ref.cervical = true;
    ref.referredOn = QDate(2026, 11, 28);
    auto r = t.store.referrals().create(ref);
    if (!r)
        qFatal("referral: %s", qPrintable(r.error().message));
    return r->envelope.id;
}

/// What the take must send for every open outbox entry, from the record as get() reads it (the way
/// batches were made before the set-based take): each field the entry lists that the record holds a
/// stamp for, in field-name order, with its wire value and current stamp. By record id.
QHash<QString, SyncRecord> expectedTake(TempStation &t)
{
    QHash<QString, SyncRecord> out;
    QSqlQuery q(t.store.database().db());
    if (!q.exec(QStringLiteral("SELECT kind, record_id, fields FROM outbox")))
        qFatal("outbox");
    while (q.next()) {
        const Kind kind = *kindFromName(q.value(0).toString());
        const QString id = q.value(1).toString();
        const auto rec = t.store.records().get(kind, id);
        if (!rec)
            qFatal("no record");
        QStringList fields;
        for (const auto &[field, stamp] : columns::parseFlatObject(q.value(2).toString()))
            fields << field;
        fields.sort();
        fields.removeDuplicates();
        SyncRecord r{kind, id, rec->stationId, {}};
        for (const QString &f : std::as_const(fields)) {
            if (rec->stamps.contains(f))
                r.fields << FieldWrite{f, wireValue(*rec, f), rec->stamps.value(f)};
        }
        out.insert(id, r);
    }
    return out;
}

void compareTake(const QHash<QString, SyncRecord> &expected, const QList<SyncRecord> &taken)
{
    QCOMPARE(taken.size(), expected.size());
    for (const SyncRecord &r : taken) {
        QVERIFY2(expected.contains(r.id), qPrintable(r.id));
        const SyncRecord &e = expected.value(r.id);
        QCOMPARE(r.kind, e.kind);
        QCOMPARE(r.stationId, e.stationId);
        QCOMPARE(r.fields.size(), e.fields.size());
        for (qsizetype i = 0; i < r.fields.size(); ++i) {
            QCOMPARE(r.fields[i].field, e.fields[i].field);
            QCOMPARE(r.fields[i].stamp, e.fields[i].stamp);
            QCOMPARE(r.fields[i].value.isValid(), e.fields[i].value.isValid());
            if (e.fields[i].value.isValid()) {
                QCOMPARE(r.fields[i].value.typeId(), e.fields[i].value.typeId());
                QCOMPARE(r.fields[i].value, e.fields[i].value);
            }
        }
    }
}


/// The synchronous level of every COMMIT a connection runs, from the statements SQLite runs on it
/// (sqlite3_trace_v2): "FULL" or "NORMAL", in order.
class CommitLog
{
public:
    explicit CommitLog(Database &db)
        : m_handle(db.handle())
    {
        sqlite3_trace_v2(m_handle, SQLITE_TRACE_STMT, &CommitLog::traced, this);
    }
    ~CommitLog() { sqlite3_trace_v2(m_handle, 0, nullptr, nullptr); }
    CommitLog(const CommitLog &) = delete;
    CommitLog &operator=(const CommitLog &) = delete;

    /// The levels since the last call.
    QStringList take() { return std::exchange(m_commits, {}); }

private:
    static int traced(unsigned, void *self, void *, void *sql)
    {
        auto *log = static_cast<CommitLog *>(self);
        const QByteArray text = QByteArray(static_cast<const char *>(sql)).simplified().toUpper();
        if (text.startsWith("PRAGMA SYNCHRONOUS = "))
            log->m_level = QString::fromLatin1(text.mid(21));
        else if (text == "COMMIT")
            log->m_commits << log->m_level;
        return 0;
    }

    sqlite3 *m_handle;
    QString m_level = QStringLiteral("FULL"); // Database's setting
    QStringList m_commits;
};
} // namespace

class TestSyncStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void flatObjectsParseFastAndCorrectly()
    {
        using Pairs = QList<std::pair<QString, QString>>;
        QCOMPARE(columns::parseFlatObject(QStringLiteral("{}")), Pairs{});
        QCOMPARE(columns::parseFlatObject(QStringLiteral("{\"name\":\"1764295200000-0001-aaaaaaaaaaaaaaaa\",\"tags.left_behind\":\"x\"}")),
                 (Pairs{{QStringLiteral("name"), QStringLiteral("1764295200000-0001-aaaaaaaaaaaaaaaa")},
                        {QStringLiteral("tags.left_behind"), QStringLiteral("x")}}));
        // Not our writer's shape: the general parser decides.
        QCOMPARE(columns::parseFlatObject(QStringLiteral("{ \"a\" : \"b\\\"c\" }")), (Pairs{{QStringLiteral("a"), QStringLiteral("b\"c")}}));
        QCOMPARE(columns::parseFlatObject(QStringLiteral("not json")), Pairs{});
    }

    void aBatchTakesParentsFirstWithCurrentValuesAndGoesAgainUnchanged()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        // A referral made before its resident's update, then a visit: push order is by kind, not by time.
        const QString resident = makeResident(t, QStringLiteral("张秀英"));
        const QString referral = makeReferral(t, resident);
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(resident, {{QStringLiteral("address"), QStringLiteral("白杜村5号")}}));
        Staff s;
        s.name = QStringLiteral("王主任");
        s.role = QStringLiteral("director");
        QVERIFY(t.store.staff().create(s));

        QList<SyncRecord> seen;
        auto batch = sync.nextPushBatch([&](const QString &id, const QList<SyncRecord> &records) {
            seen = records;
            return fakeEncode(id, records);
        });
        QVERIFY2(batch, qPrintable(batch.error().message));
        QVERIFY(!batch->resend);
        QCOMPARE(batch->recordCount, 3);
        QCOMPARE(seen.size(), 3);
        QCOMPARE(seen[0].kind, Kind::Staff);
        QCOMPARE(seen[1].kind, Kind::Resident);
        QCOMPARE(seen[2].kind, Kind::ScreeningReferral);
        QCOMPARE(seen[1].stationId, QStringLiteral("FH-XW-012"));
        // The resident carries every field with its current value and stamp.
        const auto stored = t.store.records().get(Kind::Resident, resident);
        QCOMPARE(seen[1].fields.size(), stored->stamps.size());
        for (const FieldWrite &w : std::as_const(seen[1].fields)) {
            QCOMPARE(w.stamp, stored->stamps.value(w.field));
            if (w.field == QLatin1String("address"))
                QCOMPARE(w.value.toString(), QStringLiteral("白杜村5号"));
        }
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM sync_batch, json_each(sync_batch.entries)")), 3);
        QVERIFY(sync.hasBatchInFlight());

        // The outcome is unknown: the next batch is the same one, byte for byte, even after an edit.
        QVERIFY(t.store.residents().updateFields(resident, {{QStringLiteral("village"), QStringLiteral("西坞村")}}));
        auto again = sync.nextPushBatch([](const QString &, const QList<SyncRecord> &) -> Result<QByteArray> {
            return Error{QStringLiteral("unexpected"), QStringLiteral("a resend must not encode again")};
        });
        QVERIFY(again);
        QVERIFY(again->resend);
        QCOMPARE(again->batchId, batch->batchId);
        QCOMPARE(again->body, batch->body);
        // The body is kept encrypted: no resident name in it as stored.
        QSqlQuery q(t.store.database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT body FROM sync_batch")) && q.next());
        QVERIFY(!q.value(0).toByteArray().contains(resident.toLatin1()));
    }

    void aTakeSendsEachListedFieldAsTheRecordHoldsIt()
    {
        // The take reads rows set-based and turns columns into wire values itself: it must send exactly
        // what the record holds (sensitive fields decrypted, set members, dates, instants, booleans,
        // nulls, tombstones), for new records and for coalesced edits that list only some fields.
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const Resident w = everyValueWoman(t.clock.now());
        auto a = t.store.residents().create(w);
        QVERIFY2(a, qPrintable(a.error().message));
        const QString b = makeResident(t, QStringLiteral("李桂兰"));
        const QString gone = makeResident(t, QStringLiteral("王芳"));
        FamilyVisit v;
        v.residentId = a->envelope.id;
        v.visitedAt = t.clock.now().addSecs(-3600);
        v.purposes = {QStringLiteral("elderly_care")};
        v.riskLevel = QStringLiteral("high");
        v.dvRisk = true;
        v.notes = QStringLiteral("家访记录：需跟进");
        v.followUpNeeded = true;
        v.nextVisitDue = t.clock.today().addDays(5);
        auto visit = t.store.visits().create(v);
        QVERIFY2(visit, qPrintable(visit.error().message));
        makeReferral(t, b);

        auto expected = expectedTake(t);
        QCOMPARE(expected.size(), 5);
        QList<SyncRecord> seen;
        auto batch = sync.nextPushBatch([&](const QString &id, const QList<SyncRecord> &records) {
            seen = records;
            return fakeEncode(id, records);
        });
        QVERIFY(batch);
        compareTake(expected, seen);
        QVERIFY(seen[0].fields.size() > 10); // a new resident goes whole
        QVERIFY(sync.acknowledge(batch->batchId, {}, 0)); // unanswered: taken again, the same

        compareTake(expected, [&] {
            QList<SyncRecord> again;
            auto retake = sync.nextPushBatch([&](const QString &id, const QList<SyncRecord> &records) {
                again = records;
                return fakeEncode(id, records);
            });
            return retake && sync.acknowledge(retake->batchId, [&] {
                QList<RecordVerdict> all;
                for (const SyncRecord &r : std::as_const(again))
                    all << verdict(r.id, RecordVerdict::Status::Applied);
                return all;
            }(), 1) ? again : QList<SyncRecord>{};
        }());
        QCOMPARE(sync.pendingCount(), 0);

        // Coalesced edits: two saves of one record make one entry with the fields of both; a value
        // cleared goes as null; a set member removed goes as false; a removed record sends its tombstone.
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(a->envelope.id, {{QStringLiteral("phone"), QString()},
                                                                  {QStringLiteral("tags"), QStringList{QStringLiteral("migrant")}}}));
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(a->envelope.id, {{QStringLiteral("address"), QStringLiteral("西坞村8号")},
                                                                  {QStringLiteral("phone"), QStringLiteral("13900001111")}}));
        QVERIFY(t.store.visits().updateFields(visit->envelope.id, {{QStringLiteral("dv_risk"), false}}));
        QVERIFY(t.store.residents().remove(gone));
        expected = expectedTake(t);
        QCOMPARE(expected.size(), 3);
        QCOMPARE(expected.value(a->envelope.id).fields.size(), 3); // address, phone, tags.left_behind
        batch = sync.nextPushBatch([&](const QString &id, const QList<SyncRecord> &records) {
            seen = records;
            return fakeEncode(id, records);
        });
        QVERIFY(batch);
        compareTake(expected, seen);
        for (const SyncRecord &r : std::as_const(seen)) {
            for (const FieldWrite &f : r.fields) {
                if (f.field == QLatin1String("phone"))
                    QCOMPARE(f.value.toString(), QStringLiteral("13900001111"));
                if (f.field == QLatin1String("tags.left_behind"))
                    QCOMPARE(f.value, QVariant(false));
                if (f.field == QLatin1String("dv_risk"))
                    QCOMPARE(f.value, QVariant(false));
                if (r.id == gone)
                    QCOMPARE(f.field, QStringLiteral("deleted"));
            }
        }
    }

    void batchesHoldAtMost500()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        QVERIFY(t.store.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < 620; ++i)
                makeResident(t, QStringLiteral("居民%1").arg(i), QDate(1950, 1, 1).addDays(i));
            return {};
        }));
        auto first = sync.nextPushBatch(fakeEncode);
        QVERIFY(first);
        QCOMPARE(first->recordCount, 500);
        QVERIFY(sync.acknowledge(first->batchId, {}, 1)); // no verdicts: everything goes again
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM outbox")), 620);
    }

    void theNextBatchIsTakenWhileOneIsOnTheWireAndBothGoAgainOldestFirst()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        QVERIFY(t.store.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < 7; ++i)
                makeResident(t, QStringLiteral("居民%1").arg(i), QDate(1950, 1, 1).addDays(i));
            return {};
        }));
        auto first = sync.nextPushBatch(fakeEncode, {}, 4);
        QVERIFY(first);
        QCOMPARE(first->recordCount, 4);
        // While the first is on the wire the engine takes the next: the rest, not the first again.
        auto second = sync.nextPushBatch(fakeEncode, {}, 4, {first->batchId});
        QVERIFY(second);
        QVERIFY(!second->resend);
        QCOMPARE(second->recordCount, 3);
        QVERIFY(second->batchId != first->batchId);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM outbox")), 0);
        // Both on the wire (the engine keeps up to two there): nothing to take, nothing to resend.
        auto none = sync.nextPushBatch(fakeEncode, {}, 4, {first->batchId, second->batchId});
        QVERIFY(none);
        QVERIFY(none->isEmpty());
        // Nothing else waits: with both in flight, a third take while the second is out resends the first.
        auto third = sync.nextPushBatch(fakeEncode, {}, 4, {second->batchId});
        QVERIFY(third);
        QVERIFY(third->resend);
        QCOMPARE(third->batchId, first->batchId);
        QCOMPARE(third->body, first->body);

        // The app stopped with both out (outcome unknown): the next sync sends them again, oldest first.
        auto again = sync.nextPushBatch(fakeEncode);
        QVERIFY(again);
        QVERIFY(again->resend);
        QCOMPARE(again->batchId, first->batchId);
        QVERIFY(sync.acknowledge(first->batchId, {verdict(first->records[0].id, RecordVerdict::Status::Applied)}, 1));
        auto then = sync.nextPushBatch(fakeEncode);
        QVERIFY(then);
        QVERIFY(then->resend);
        QCOMPARE(then->batchId, second->batchId);
        QCOMPARE(then->body, second->body);
        // Given back (its exchange failed before it was sent): its records are open again.
        QVERIFY(sync.acknowledge(second->batchId, {}, sync.pushesAcknowledged()));
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM outbox")), 6);
        QVERIFY(!sync.hasBatchInFlight());
    }

    // docs/sync-client.md "Durability of the push bookkeeping": the take and the acknowledgement commit
    // with synchronous=NORMAL; an acknowledgement that re-stamps records (clock_ahead), pulled changes and
    // every save keep FULL; and the connection is FULL again after each.
    void theTakeAndTheAckAreBookkeepingAndEverythingElseStaysFull()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        CommitLog log(t.store.database());
        const QString a = makeResident(t, QStringLiteral("李桂兰"));
        const QString b = makeResident(t, QStringLiteral("王芳"));
        QCOMPARE(log.take(), (QStringList{QStringLiteral("FULL"), QStringLiteral("FULL")}));

        int insideTake = -1;
        auto batch = sync.nextPushBatch([&](const QString &id, const QList<SyncRecord> &records) {
            insideTake = scalar(t.store, QStringLiteral("PRAGMA synchronous"));
            return fakeEncode(id, records);
        });
        QVERIFY(batch);
        QCOMPARE(batch->recordCount, 2);
        QCOMPARE(insideTake, 1);
        QCOMPARE(log.take(), QStringList{QStringLiteral("NORMAL")});
        QCOMPARE(scalar(t.store, QStringLiteral("PRAGMA synchronous")), 2);

        QVERIFY(sync.acknowledge(batch->batchId, {verdict(a, RecordVerdict::Status::Applied),
                                                  verdict(b, RecordVerdict::Status::Rejected, QStringLiteral("invalid_field"))}, 1));
        QCOMPARE(log.take(), QStringList{QStringLiteral("NORMAL")});
        QCOMPARE(scalar(t.store, QStringLiteral("PRAGMA synchronous")), 2);

        // clock_ahead re-stamps the record: a record write, durable.
        t.clock.advance(10);
        QVERIFY(t.store.residents().updateFields(a, {{QStringLiteral("address"), QStringLiteral("白杜村8号")}}));
        QCOMPARE(log.take(), QStringList{QStringLiteral("FULL")});
        auto second = sync.nextPushBatch(fakeEncode);
        QVERIFY(second);
        QCOMPARE(second->recordCount, 1);
        QVERIFY(sync.acknowledge(second->batchId, {verdict(a, RecordVerdict::Status::Rejected, QStringLiteral("clock_ahead"))}, 2));
        QCOMPARE(log.take(), (QStringList{QStringLiteral("NORMAL"), QStringLiteral("FULL")}));

        // Pulled changes write records: durable.
        const Hlc later{t.clock.nowMs() + 5000, 0, QStringLiteral("bbbbbbbbbbbbbbbb")};
        SyncRecord change{Kind::Resident, b, QStringLiteral("FH-XW-012"),
                          {FieldWrite{QStringLiteral("address"), QStringLiteral("西坞村1号"), later}}};
        QVERIFY(sync.applyPull({change}, QStringLiteral("cursor-1"), true));
        const QStringList pulled = log.take();
        QVERIFY(!pulled.isEmpty());
        QVERIFY2(!pulled.contains(QStringLiteral("NORMAL")), qPrintable(pulled.join(u',')));
        QCOMPARE(scalar(t.store, QStringLiteral("PRAGMA synchronous")), 2);
    }

    // The sync connection leaves the WAL to the Checkpointer (SQLite's automatic checkpoint only as a
    // 40 MB backstop): takes and acks append to the WAL without copying it into the file; once the
    // Checkpointer has copied it between two batches (the engine waits for the district there), the
    // next take reuses it from the start, so it stops growing however many batches go, with the UI idle.
    void theSyncConnectionLeavesTheWalToTheCheckpointerAndItStaysBounded()
    {
        TempStation t; // the UI's connection (idle from here on)
        SyncStore enroll(t.store);
        QVERIFY(enroll.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        QVERIFY(t.store.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < 900; ++i)
                makeResident(t, QStringLiteral("居民%1").arg(i), QDate(1950, 1, 1).addDays(i));
            return {};
        }));
        StationStore worker(&t.clock);
        QVERIFY(worker.openSharing(t.store, SyncStore::connectionOptions()));
        QCOMPARE(scalar(worker, QStringLiteral("PRAGMA wal_autocheckpoint")), Checkpointer::kBackstopPages);
        SyncStore sync(worker);
        const QFileInfo wal(worker.database().path() + QStringLiteral("-wal"));
        const auto round = [&] {
            auto batch = sync.nextPushBatch(fakeEncode, {}, 100);
            QVERIFY(batch);
            QCOMPARE(batch->recordCount, 100);
            QList<RecordVerdict> verdicts;
            for (const SyncRecord &r : std::as_const(batch->records))
                verdicts << verdict(r.id, RecordVerdict::Status::Applied);
            auto ack = sync.acknowledge(batch->batchId, verdicts, sync.pushesAcknowledged() + 1);
            QVERIFY(ack);
            QCOMPARE(ack->applied, 100);
        };
        auto walBytes = [&] {
            QFileInfo f(wal);
            f.refresh();
            return f.size();
        };
        // No Checkpointer: every round appends (nothing copied, nothing reused).
        qint64 before = walBytes();
        for (int i = 0; i < 3; ++i) {
            round();
            if (QTest::currentTestFailed())
                return;
            const qint64 now = walBytes();
            QVERIFY2(now > before, qPrintable(QStringLiteral("%1 after %2").arg(now).arg(before)));
            before = now;
        }
        // With it (asked after each round, as its timer does every 2 s): twice as many rounds, and the
        // WAL file does not grow: each round reuses it from the start.
        const qint64 bound = walBytes();
        Checkpointer checkpointer(worker.database().path(), std::chrono::hours(1));
        QSignalSpy copied(&checkpointer, &Checkpointer::checkpointed);
        checkpointer.start();
        checkpointer.checkpointNow();
        for (int i = 0; i < 6; ++i) {
            round();
            if (QTest::currentTestFailed())
                return;
            checkpointer.checkpointNow();
            QVERIFY2(walBytes() <= bound, qPrintable(QStringLiteral("%1 > %2").arg(walBytes()).arg(bound)));
        }
        QVERIFY(!copied.isEmpty());
        const QList<QVariant> last = copied.constLast();
        QCOMPARE(last.at(1).toInt(), last.at(0).toInt()); // everything copied: nothing left behind
        QCOMPARE(sync.pendingCount(), 0);
    }

    void anAckDropsOnlyWhatTheBatchCarried()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const QString a = makeResident(t, QStringLiteral("李桂兰"));
        const QString b = makeResident(t, QStringLiteral("王芳"));
        auto batch = sync.nextPushBatch(fakeEncode);
        QVERIFY(batch);
        // An edit while the batch is out opens a new entry; the ack leaves it alone.
        t.clock.advance(10);
        QVERIFY(t.store.residents().updateFields(a, {{QStringLiteral("address"), QStringLiteral("白杜村8号")}}));
        auto ack = sync.acknowledge(batch->batchId,
                                    {verdict(a, RecordVerdict::Status::Applied), verdict(b, RecordVerdict::Status::Unchanged)}, 1);
        QVERIFY2(ack, qPrintable(ack.error().message));
        QCOMPARE(ack->applied, 1);
        QCOMPARE(ack->unchanged, 1);
        QVERIFY(!sync.hasBatchInFlight());
        QCOMPARE(sync.pendingCount(), 1);
        QCOMPARE(sync.pushesAcknowledged(), 1);
        auto next = sync.nextPushBatch(fakeEncode);
        QVERIFY(next);
        QCOMPARE(next->recordCount, 1);
    }

    // The record row names its open outbox entry (open_seq): every path that opens, reopens, merges
    // into or empties an entry keeps one open entry per record, and that is the one its row names.
    void everyPathKeepsOneOpenEntryPerRecordNamedByItsRow()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const auto check = [&](int open) {
            QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM outbox")), open);
            QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM (SELECT record_id FROM outbox "
                                                    "GROUP BY record_id HAVING count(*) > 1)")),
                     0);
            QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM outbox o WHERE NOT EXISTS "
                                                    "(SELECT 1 FROM resident r WHERE r.id = o.record_id AND r.open_seq = o.seq)")),
                     0);
        };
        const QString a = makeResident(t, QStringLiteral("李桂兰"));
        const QString b = makeResident(t, QStringLiteral("王芳"));
        const QString c = makeResident(t, QStringLiteral("赵丽"));
        auto many = t.store.records().insertMany(Kind::Resident, {woman(QStringLiteral("孙燕"), QDate(1975, 3, 1)).toValues()});
        QVERIFY2(many, qPrintable(many.error().message));
        const QString d = many->first();
        check(4);
        t.clock.advance(10);
        QVERIFY(t.store.residents().updateFields(a, {{QStringLiteral("address"), QStringLiteral("白杜村8号")}}));
        check(4); // folded into a's open entry

        auto batch = sync.nextPushBatch(fakeEncode);
        QVERIFY(batch);
        QCOMPARE(batch->recordCount, 4);
        check(0);
        // Edits while the batch is out open new entries, named by their rows.
        t.clock.advance(10);
        QVERIFY(t.store.residents().updateFields(a, {{QStringLiteral("address"), QStringLiteral("白杜村9号")}}));
        QVERIFY(t.store.residents().updateFields(b, {{QStringLiteral("address"), QStringLiteral("西坞村2号")}}));
        check(2);
        // Applied: gone. Retried with an edit meanwhile: folded into the new entry. Retried without one,
        // or not mentioned: reopened, and named again.
        auto ack = sync.acknowledge(batch->batchId,
                                    {verdict(a, RecordVerdict::Status::Applied),
                                     verdict(b, RecordVerdict::Status::Rejected, QStringLiteral("reference_missing")),
                                     verdict(c, RecordVerdict::Status::Rejected, QStringLiteral("reference_missing"))},
                                    1);
        QVERIFY2(ack, qPrintable(ack.error().message));
        QCOMPARE(ack->applied, 1);
        QCOMPARE(ack->retried, 2);
        check(4);
        QCOMPARE(sync.pendingCount(), 4);
        t.clock.advance(10);
        QVERIFY(t.store.residents().updateFields(c, {{QStringLiteral("address"), QStringLiteral("金溪村1号")}}));
        check(4); // into the reopened entry

        // A rejection waiting for staff, edited while out: the edit's entry takes the whole record.
        auto second = sync.nextPushBatch(fakeEncode);
        QVERIFY(second);
        t.clock.advance(10);
        QVERIFY(t.store.residents().updateFields(d, {{QStringLiteral("address"), QStringLiteral("金溪村3号")}}));
        auto rejected = sync.acknowledge(second->batchId,
                                         {verdict(a, RecordVerdict::Status::Applied),
                                          verdict(b, RecordVerdict::Status::Applied),
                                          verdict(c, RecordVerdict::Status::Applied),
                                          verdict(d, RecordVerdict::Status::Rejected, QStringLiteral("invalid_field"))},
                                         2);
        QVERIFY(rejected);
        check(1);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT length(fields) > 100 FROM outbox WHERE record_id = '%1'").arg(d)), 1);

        // A pulled change newer than everything d's entry queues empties the entry; the next edit opens one.
        const Hlc later{t.clock.nowMs() + 5000, 0, QStringLiteral("bbbbbbbbbbbbbbbb")};
        const auto held = t.store.records().get(Kind::Resident, d);
        QList<FieldWrite> newer;
        for (auto it = held->stamps.cbegin(); it != held->stamps.cend(); ++it)
            newer << FieldWrite{it.key(), wireValue(*held, it.key()), later};
        auto pulled = sync.applyPull({SyncRecord{Kind::Resident, d, QStringLiteral("FH-XW-012"), newer}},
                                     QStringLiteral("cursor-1"), true);
        QVERIFY2(pulled, qPrintable(pulled.error().message));
        check(0);
        t.clock.advance(6000);
        QVERIFY(t.store.residents().updateFields(d, {{QStringLiteral("address"), QStringLiteral("金溪村4号")}}));
        check(1);

        // Two batches out, each with an entry of d (the second taken while the first was on the wire):
        // the first's entry, retried, reopens and is named again, not the second's, which is in flight.
        auto third = sync.nextPushBatch(fakeEncode);
        QVERIFY(third);
        t.clock.advance(10);
        QVERIFY(t.store.residents().updateFields(d, {{QStringLiteral("address"), QStringLiteral("金溪村5号")}}));
        auto fourth = sync.nextPushBatch(fakeEncode, {}, 500, {third->batchId});
        QVERIFY(fourth);
        QCOMPARE(fourth->recordCount, 1);
        QVERIFY(fourth->batchId != third->batchId);
        check(0);
        auto retried = sync.acknowledge(third->batchId,
                                        {verdict(d, RecordVerdict::Status::Rejected, QStringLiteral("reference_missing"))}, 3);
        QVERIFY(retried);
        QCOMPARE(retried->retried, 1);
        check(1);
        t.clock.advance(10);
        QVERIFY(t.store.residents().updateFields(d, {{QStringLiteral("address"), QStringLiteral("金溪村6号")}}));
        check(1); // into the reopened entry, not a second one
    }

    void aRejectedRecordWaitsForStaffAndAnEditQueuesItWhole()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const QString bad = makeResident(t, QStringLiteral("赵丽"));
        const QString good = makeResident(t, QStringLiteral("孙燕"));
        auto batch = sync.nextPushBatch(fakeEncode);
        QVERIFY(batch);
        auto ack = sync.acknowledge(batch->batchId,
                                    {verdict(bad, RecordVerdict::Status::Rejected, QStringLiteral("invalid_field")),
                                     verdict(good, RecordVerdict::Status::Applied)},
                                    1);
        QVERIFY(ack);
        QCOMPARE(ack->rejected, 1);
        QCOMPARE(sync.pendingCount(), 0); // out of the queue: it does not block it
        const auto problems = sync.problems();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].recordId, bad);
        QCOMPARE(problems[0].kind, Kind::Resident);
        QCOMPARE(problems[0].code, QStringLiteral("invalid_field"));
        QCOMPARE(problems[0].field, QStringLiteral("id_number"));
        QCOMPARE(sync.nextPushBatch(fakeEncode)->isEmpty(), true);

        // Staff fixes one field: the whole record goes again, and the problem is cleared.
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(bad, {{QStringLiteral("address"), QStringLiteral("金溪村1号")}}));
        QCOMPARE(sync.problemCount(), 0);
        QList<SyncRecord> seen;
        auto again = sync.nextPushBatch([&](const QString &id, const QList<SyncRecord> &r) {
            seen = r;
            return fakeEncode(id, r);
        });
        QVERIFY(again);
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen[0].fields.size(), t.store.records().get(Kind::Resident, bad)->stamps.size());
    }

    void referenceMissingIsRetriedNextSync()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const QString resident = makeResident(t, QStringLiteral("陈红"));
        const QString referral = makeReferral(t, resident);
        auto batch = sync.nextPushBatch(fakeEncode);
        QVERIFY(batch);
        auto ack = sync.acknowledge(batch->batchId,
                                    {verdict(resident, RecordVerdict::Status::Rejected, QStringLiteral("invalid_field")),
                                     verdict(referral, RecordVerdict::Status::Rejected, QStringLiteral("reference_missing"))},
                                    1);
        QVERIFY(ack);
        QCOMPARE(ack->retried, 1);
        QCOMPARE(ack->retriedIds, QStringList{referral});
        QCOMPARE(sync.pendingCount(), 1);
        QCOMPARE(sync.problemCount(), 1); // only the resident waits for staff
        // Not again in this sync (it would be refused again), but at the next one.
        QVERIFY(sync.nextPushBatch(fakeEncode, {referral})->isEmpty());
        QCOMPARE(sync.nextPushBatch(fakeEncode)->recordCount, 1);
    }

    void aClockAYearAheadIsRewoundAndRefusedFieldsRestamped()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const qint64 realNow = t.clock.nowMs();
        t.clock.setFixed(realNow + kYearMs); // the tablet's clock is a year ahead, offline
        const QString id = makeResident(t, QStringLiteral("周敏"));
        QVERIFY(t.store.records().get(Kind::Resident, id)->stamps.value(QStringLiteral("name")).ms >= realNow + kYearMs);
        QVERIFY(sync.clockOffsetStale());

        // The district's time arrives: the offset is a year back and the clock is rewound.
        QVERIFY(sync.observeServerTime(Hlc{realNow, 0, QStringLiteral("district")}));
        QVERIFY(!sync.clockOffsetStale());
        QCOMPARE(sync.clockOffsetMs(), -kYearMs);
        QVERIFY(t.store.hlc().last().ms < realNow + 60000);

        auto batch = sync.nextPushBatch(fakeEncode);
        QVERIFY(batch);
        auto ack = sync.acknowledge(batch->batchId, {verdict(id, RecordVerdict::Status::Rejected, QStringLiteral("clock_ahead"))}, 1);
        QVERIFY(ack);
        QCOMPARE(ack->restamped, 1);
        QCOMPARE(sync.problemCount(), 0);
        const auto stored = t.store.records().get(Kind::Resident, id);
        for (const Hlc &h : stored->stamps)
            QVERIFY2(h.ms < realNow + 60000, qPrintable(h.toString()));
        QCOMPARE(stored->text("name"), QStringLiteral("周敏"));
        // Queued again with the new stamps, and a new edit is stamped after them, near the real time.
        QList<SyncRecord> seen;
        QVERIFY(sync.nextPushBatch([&](const QString &b, const QList<SyncRecord> &r) {
            seen = r;
            return fakeEncode(b, r);
        }));
        QCOMPARE(seen.size(), 1);
        for (const FieldWrite &w : std::as_const(seen[0].fields))
            QVERIFY(w.stamp.ms < realNow + 60000);
        // The receipt digest follows the new stamps.
        QCOMPARE(sync.receipt(), sync.computeReceipt());
    }

    void anotherConnectionFollowsARewind()
    {
        TempStation t;
        const qint64 realNow = t.clock.nowMs();
        t.clock.setFixed(realNow + kYearMs);
        makeResident(t, QStringLiteral("吴静"));
        StationStore worker(&t.clock);
        QVERIFY(worker.openSharing(t.store));
        SyncStore sync(worker);
        QVERIFY(sync.observeServerTime(Hlc{realNow, 0, QStringLiteral("district")}));
        // The first connection's next write is stamped with the corrected clock.
        const QString id = makeResident(t, QStringLiteral("郑洁"));
        QVERIFY(t.store.records().get(Kind::Resident, id)->stamps.value(QStringLiteral("name")).ms < realNow + 60000);
    }

    void pulledChangesMergeAndSupersededEditsAreNoticed()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const QString resident = makeResident(t, QStringLiteral("何梅"));
        const QString referral = makeReferral(t, resident);
        t.clock.advance(1000);
        QVERIFY(t.store.referrals().updateFields(referral, {{QStringLiteral("screened_on"), QDate(2026, 12, 1)},
                                                            {QStringLiteral("result"), QStringLiteral("normal")}}));
        const auto mine = t.store.records().get(Kind::ScreeningReferral, referral);
        const Hlc later{t.clock.nowMs() + 5000, 0, QStringLiteral("bbbbbbbbbbbbbbbb")};
        SyncRecord change{Kind::ScreeningReferral, referral, QStringLiteral("FH-XW-012"),
                          {FieldWrite{QStringLiteral("result"), QStringLiteral("abnormal"), later},
                           FieldWrite{QStringLiteral("result_on"), QDate(2026, 12, 10), later}}};
        SyncRecord facility{Kind::Facility, QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a99"), QString(),
                            {FieldWrite{QStringLiteral("code"), QStringLiteral("HOSP-01"), later},
                             FieldWrite{QStringLiteral("name"), QStringLiteral("区妇幼保健院"), later}}};
        auto pulled = sync.applyPull({change, facility}, QStringLiteral("cursor-1"), true);
        QVERIFY2(pulled, qPrintable(pulled.error().message));
        QCOMPARE(pulled->applied, 2);
        QCOMPARE(pulled->superseded, 1);
        QCOMPARE(sync.pullCursor(), QStringLiteral("cursor-1"));
        const auto merged = t.store.records().get(Kind::ScreeningReferral, referral);
        QCOMPARE(merged->text("result"), QStringLiteral("abnormal"));
        QCOMPARE(merged->value("screened_on").toDate(), QDate(2026, 12, 1)); // ours, untouched
        QCOMPARE(t.store.records().get(Kind::Facility, facility.id)->text("name"), QStringLiteral("区妇幼保健院"));

        auto notices = sync.conflicts();
        QCOMPARE(notices.size(), 1);
        QCOMPARE(notices[0].recordId, referral);
        QCOMPARE(notices[0].field, QStringLiteral("result"));
        QCOMPARE(notices[0].localValue, QStringLiteral("normal"));
        QCOMPARE(notices[0].remoteValue, QStringLiteral("abnormal"));
        QCOMPARE(notices[0].localStamp, mine->stamps.value(QStringLiteral("result")));
        // The values are encrypted at rest, like the fields themselves.
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM sync_conflict WHERE local_value LIKE '%normal%'")), 0);
        // The same page again changes nothing and notices nothing twice.
        auto twice = sync.applyPull({change}, QStringLiteral("cursor-1"), true);
        QVERIFY(twice);
        QCOMPARE(twice->unchanged, 1);
        QCOMPARE(sync.conflicts().size(), 1);
        QVERIFY(sync.dismissConflict(notices[0].seq));
        QVERIFY(sync.conflicts().isEmpty());
        QCOMPARE(sync.receipt(), sync.computeReceipt());
    }

    void aFailedPullPageKeepsTheOldCursor()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        QVERIFY(sync.applyPull({}, QStringLiteral("c1"), false));
        QVERIFY(t.store.database().exec(
            QStringLiteral("CREATE TRIGGER fail_resident BEFORE INSERT ON resident BEGIN SELECT RAISE(ABORT, 'injected'); END")));
        const Hlc h{kNow, 1, QStringLiteral("district")};
        SyncRecord ok{Kind::Facility, QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a98"), QString(),
                      {FieldWrite{QStringLiteral("name"), QStringLiteral("卫生院"), h}}};
        SyncRecord failing{Kind::Resident, QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a97"), QStringLiteral("FH-XW-012"),
                           {FieldWrite{QStringLiteral("name"), QStringLiteral("x"), h}}};
        QVERIFY(!sync.applyPull({ok, failing}, QStringLiteral("c2"), false));
        QCOMPARE(sync.pullCursor(), QStringLiteral("c1"));
        QVERIFY(!t.store.records().get(Kind::Facility, ok.id)); // the page is one transaction
    }

    void theReceiptDigestIsKeptUpToDate()
    {
        TempStation t;
        SyncStore sync(t.store);
        // Before enrollment records have no station; enrollment gives them this one.
        const QString r1 = makeResident(t, QStringLiteral("冯丹"));
        makeReferral(t, r1);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM resident WHERE station_id = 'FH-XW-012'")), 1);
        QCOMPARE(sync.receipt().value(QStringLiteral("resident")).count, 1);
        QCOMPARE(sync.receipt().value(QStringLiteral("screening_referral")).count, 1);
        t.clock.advance(100);
        QVERIFY(t.store.residents().updateFields(r1, {{QStringLiteral("address"), QStringLiteral("a")}}));
        QVERIFY(t.store.residents().remove(r1));
        makeResident(t, QStringLiteral("蒋艳"));
        const Receipt incremental = sync.receipt();
        QCOMPARE(incremental, sync.computeReceipt());
        QCOMPARE(incremental.value(QStringLiteral("resident")).count, 2); // the tombstone counts
        QCOMPARE(incremental.value(QStringLiteral("family_visit")), (KindReceipt{0, QString(64, u'0')}));
        // The formula, by hand, for one kind.
        const auto rows = t.store.records().select(Kind::ScreeningReferral, {}, {}, {}, Page{0, 10});
        QCOMPARE(rows.size(), 1);
        const QByteArray h = QCryptographicHash::hash((rows[0].id + u'|' + greatestStamp(rows[0].stamps).toString()).toUtf8(),
                                                      QCryptographicHash::Sha256);
        QCOMPARE(incremental.value(QStringLiteral("screening_referral")).digest, QString::fromLatin1(h.toHex()));
        QVERIFY(SyncStore::receiptDifferences(incremental, incremental).isEmpty());
        Receipt other = incremental;
        other[QStringLiteral("resident")].count = 1;
        QCOMPARE(SyncStore::receiptDifferences(incremental, other), QStringList{QStringLiteral("resident")});
    }

    void enrollmentRefusesAnotherStationsDevice()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        makeResident(t, QStringLiteral("韩雪"));
        auto refused = sync.checkCanEnroll(QStringLiteral("FH-XW-013"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("holds_other_station"));
        QVERIFY(!sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-013"))));
        QCOMPARE(t.store.stationCode(), QStringLiteral("FH-XW-012"));
        QVERIFY(sync.checkCanEnroll(QStringLiteral("FH-XW-012"))); // re-enrolling to the same station is fine
    }

    void theTokenIsEncryptedAtRest()
    {
        TempStation t;
        {
            SyncStore sync(t.store);
            QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
            QCOMPARE(sync.enrollment()->deviceToken, enrollmentFor(QString()).deviceToken);
            QCOMPARE(sync.enrollment()->villages.size(), 2);
        }
        QVERIFY(t.store.database().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        const QByteArray token = enrollmentFor(QString()).deviceToken.toLatin1();
        QDirIterator it(t.dir.path(), QDir::Files);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(token), qPrintable(f.fileName()));
        }
    }

    void aRestoredDeviceStartsOverFromTheBeginning()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        QVERIFY(sync.applyPull({}, QStringLiteral("c9"), true));
        const QString id = makeResident(t, QStringLiteral("曹琳"));
        auto batch = sync.nextPushBatch(fakeEncode);
        QVERIFY(batch);
        // We had seen none acknowledged; the district has 7 of ours (this one included).
        auto ack = sync.acknowledge(batch->batchId, {verdict(id, RecordVerdict::Status::Applied)}, 7);
        QVERIFY(ack);
        QVERIFY(ack->restored);
        QVERIFY(sync.recoveryPending());
        QCOMPARE(sync.pullCursor(), QString());
        QCOMPARE(sync.pushesAcknowledged(), 7);
        QVERIFY(sync.applyPull({}, QStringLiteral("c1"), false));
        QVERIFY(sync.recoveryPending());
        QVERIFY(sync.applyPull({}, QStringLiteral("c2"), true));
        QVERIFY(!sync.recoveryPending());
    }

    /// Our count of answered batches, with two on the wire stored in either order: an answer's count
    /// may include the batch beside it (allowed), a given-back batch counts nothing, and a restore the
    /// allowance hid on one answer shows on the next answer with nothing beside it.
    void answersAreCountedAndTheBatchBesideIsAllowedFor()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        int made = 0;
        const auto take = [&](const QStringList &onTheWire = {}) {
            const QString names = QStringLiteral("甲乙丙丁戊己庚辛");
            makeResident(t, QStringLiteral("计数") + names.at(made), QDate(1970, 5, 1).addDays(made));
            ++made;
            auto b = sync.nextPushBatch(fakeEncode, {}, 500, onTheWire);
            return b ? b.value() : PushBatch{};
        };
        // Applies an answer saying the district holds `count` of our batches; whether it was taken for a
        // restored device, and our count after it.
        const auto answer = [&](const PushBatch &b, qint64 count, int others) -> std::pair<bool, qint64> {
            auto ack = sync.acknowledge(b.batchId, {verdict(b.records.value(0).id, RecordVerdict::Status::Applied)}, count, others);
            return {ack && ack->restored, ack ? sync.pushesAcknowledged() : -1};
        };
        using Counted = std::pair<bool, qint64>;
        // Sent 1, then 2 beside it; the district stored 2 first: 1's answer says 2, 2's says 1.
        const PushBatch one = take();
        const PushBatch two = take({one.batchId});
        QVERIFY(!one.isEmpty() && !two.isEmpty());
        QCOMPARE(answer(one, 2, 1), Counted(false, 1));
        QCOMPARE(answer(two, 1, 0), Counted(false, 2));
        // Without the allowance the same answer is a restored device's.
        QCOMPARE(answer(take(), 4, 0), Counted(true, 4));
        QVERIFY(sync.applyPull({}, QStringLiteral("c1"), true));
        // Given back: nothing counted.
        const PushBatch four = take();
        QVERIFY(sync.giveBack(four.batchId));
        QCOMPARE(sync.pushesAcknowledged(), 4);
        QCOMPARE(sync.pendingCount(), 1);
        // One batch of ours the district holds and we never saw answered (a restore), hidden by the
        // allowance on the first answer (it says 6, ours + 1 + 1) ...
        const PushBatch five = take();
        const PushBatch six = take({five.batchId});
        QCOMPARE(answer(five, 6, 1), Counted(false, 5));
        // ... shows on the next, with nothing beside it: the district says 7, we have seen 5 + this one.
        QCOMPARE(answer(six, 7, 0), Counted(true, 7));
        QVERIFY(sync.recoveryPending());
    }
};

QTEST_GUILESS_MAIN(TestSyncStore)
#include "tst_syncstore.moc"
