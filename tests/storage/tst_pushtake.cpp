// The take's wire JSON path (SyncStore::setTakeWritesWireJson, what the sync engine uses): every record
// it writes straight from the columns must be byte for byte what protocol::appendRecordJson writes for
// the typed take of the same outbox, including the values it must leave to the typed path (a column not
// in its canonical stored form, an unknown listed field, entries our writer did not write, text that is
// not clean UTF-8), with the same records, order, skips and emptied entries.
#include "testsupport.h"

#include "storage/syncstore.h"

#include "protocol/recordcodec.h"

#include "core/idnumber.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>

using namespace lanxin;
using namespace lanxin::test;

namespace {

Enrollment enrollmentFor(const QString &station)
{
    Enrollment e;
    e.serverUrl = QStringLiteral("https://district.example:8443");
    e.stationCode = station;
    e.stationName = QStringLiteral("西坞村妇女之家");
    e.town = QStringLiteral("西坞街道");
    e.deviceToken = QStringLiteral("tok-Zq3xV9m2Lw8Kp4Rt6Yb1Nc5Hd7Jf0Gs2Ae4Ui6Oo8");
    return e;
}

QByteArray typedJson(const SyncRecord &r)
{
    QByteArray out;
    protocol::appendRecordJson(out, protocol::WireRecord{r.kind, r.id, r.stationId, r.fields});
    return out;
}

struct Take
{
    QList<SyncRecord> records;
    QString batchId;
    int wire = 0; ///< records that came as wire JSON
    QStringList wireIds;
};

/// Takes the next batch (wire JSON or typed), then gives it back unanswered so the same entries can be
/// taken again the other way.
Take take(SyncStore &sync, bool wire, const QSet<QString> &skip = {})
{
    sync.setTakeWritesWireJson(wire);
    Take t;
    auto batch = sync.nextPushBatch([&](const QString &id, const QList<SyncRecord> &records) -> Result<QByteArray> {
        t.records = records;
        return id.toLatin1();
    }, skip);
    if (!batch)
        qFatal("take: %s", qPrintable(batch.error().message));
    t.batchId = batch->batchId;
    for (const SyncRecord &r : std::as_const(t.records)) {
        if (!r.wireJson.isEmpty()) {
            ++t.wire;
            t.wireIds << r.id;
            if (!r.fields.isEmpty())
                qFatal("a wire record with typed fields");
        }
    }
    if (!batch->isEmpty() && !sync.acknowledge(batch->batchId, {}, 0))
        qFatal("give back");
    return t;
}

/// The wire take and the typed take of the same outbox give the same bytes, record by record; the
/// number of records that came as wire JSON (their ids in `wireIds`), or -1.
int compareTakes(SyncStore &sync, const QSet<QString> &skip = {}, QStringList *wireIds = nullptr)
{
    const Take wire = take(sync, true, skip);
    const Take typed = take(sync, false, skip);
    if (wire.records.size() != typed.records.size()) {
        qWarning() << "records" << wire.records.size() << typed.records.size();
        return -1;
    }
    for (qsizetype i = 0; i < wire.records.size(); ++i) {
        const SyncRecord &w = wire.records[i];
        const SyncRecord &t = typed.records[i];
        const QByteArray got = w.wireJson.isEmpty() ? typedJson(w) : w.wireJson;
        if (w.id != t.id || w.kind != t.kind || w.stationId != t.stationId || got != typedJson(t)) {
            qWarning().noquote() << "record" << i << "\nwire: " << got << "\ntyped:" << typedJson(t);
            return -1;
        }
    }
    if (wireIds)
        *wireIds = wire.wireIds;
    return wire.wire;
}

int scalar(StationStore &s, const QString &sql)
{
    QSqlQuery q(s.database().db());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool exec(StationStore &s, const QString &sql)
{
    QSqlQuery q(s.database().db());
    return q.exec(sql);
}

/// Residents named 一, 二, … (`count` of them, at most eight), made through the repository: their ids.
QStringList makeResidents(TempStation &t, int count)
{
    static const char *const names[] = {"一", "二", "三", "四", "五", "六", "七", "八"};
    QStringList ids;
    for (int i = 0; i < count && i < 8; ++i) {
        auto r = t.store.residents().create(woman(QString::fromUtf8(names[i]), QDate(1970, 5, 1)));
        if (!r)
            qFatal("resident: %s", qPrintable(r.error().message));
        ids << r->envelope.id;
    }
    return ids;
}

} // namespace

class TestPushTake : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void wireJsonIsTheTypedRecordsBytes()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const Resident w = everyValueWoman(t.clock.now());
        auto a = t.store.residents().create(w);
        QVERIFY2(a, qPrintable(a.error().message));
        Resident plain = woman(QStringLiteral("李桂兰"), QDate(1975, 12, 31));
        auto b = t.store.residents().create(plain);
        QVERIFY(b);
        auto gone = t.store.residents().create(woman(QStringLiteral("王芳"), QDate(1990, 2, 28)));
        QVERIFY(gone);
        FamilyVisit v;
        v.residentId = a->envelope.id;
        v.visitedAt = t.clock.now().addSecs(-3600);
        v.purposes = {QStringLiteral("elderly_care"), QStringLiteral("other")};
        v.riskLevel = QStringLiteral("high");
        v.dvRisk = true;
        v.notes = QStringLiteral("家访记录：\"需\"跟进\\");
        v.followUpNeeded = true;
        v.nextVisitDue = t.clock.today().addDays(5);
        auto visit = t.store.visits().create(v);
        QVERIFY2(visit, qPrintable(visit.error().message));
        ScreeningReferral ref;
        ref.residentId = b->envelope.id;
        ref.cervical = true;
        ref.referredOn = QDate(2025, 11, 20);
        ref.screenedOn = QDate(2025, 11, 25);
        ref.result = QStringLiteral("normal"); // a sensitive enum
        ref.resultOn = QDate(2025, 11, 26);
        ref.resultNotes = QStringLiteral("复查：一年后");
        auto made = t.store.referrals().create(ref);
        QVERIFY2(made, qPrintable(made.error().message));
        Staff s;
        s.name = QStringLiteral("王主任");
        s.role = QStringLiteral("director");
        s.phone = QStringLiteral("13900002222");
        QVERIFY(t.store.staff().create(s));

        // New records go whole, all as wire JSON.
        QCOMPARE(compareTakes(sync), 6);

        // Coalesced edits listing some fields, a cleared value (null), a member removed (false), a
        // sensitive boolean turned off, a tombstone.
        const Take first = take(sync, true);
        QList<RecordVerdict> all;
        for (const SyncRecord &r : first.records)
            all << RecordVerdict{r.id, RecordVerdict::Status::Applied, {}, {}, {}};
        sync.setTakeWritesWireJson(true);
        auto sent = sync.nextPushBatch([](const QString &id, const QList<SyncRecord> &) -> Result<QByteArray> { return id.toLatin1(); });
        QVERIFY(sent);
        QVERIFY(sync.acknowledge(sent->batchId, all, 1));
        QCOMPARE(sync.pendingCount(), 0);
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(a->envelope.id, {{QStringLiteral("phone"), QString()},
                                                                  {QStringLiteral("tags"), QStringList{QStringLiteral("migrant")}}}));
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(a->envelope.id, {{QStringLiteral("address"), QStringLiteral("西坞村8号")}}));
        QVERIFY(t.store.visits().updateFields(visit->envelope.id, {{QStringLiteral("dv_risk"), false},
                                                                   {QStringLiteral("notes"), QString()}}));
        QVERIFY(t.store.residents().remove(gone->envelope.id));
        QCOMPARE(compareTakes(sync), 3);

        // Skipped records stay out either way.
        QCOMPARE(compareTakes(sync, {a->envelope.id}), 2);
    }

    void oddColumnsGoTheTypedWayInTheirPlace()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const QStringList ids = makeResidents(t, 8);
        auto &s = t.store;
        // A date not in its canonical form (the typed path reads and rewrites it).
        QVERIFY(exec(s, QStringLiteral("UPDATE resident SET birth_date = '1970-5-1' WHERE id = '%1'").arg(ids[0])));
        // Text that is not valid UTF-8.
        QVERIFY(exec(s, QStringLiteral("UPDATE resident SET village = CAST(x'e4b8' AS TEXT) WHERE id = '%1'").arg(ids[1])));
        // An entry listing a field the kind does not have (the typed path sends it as null).
        QVERIFY(exec(s, QStringLiteral("UPDATE resident SET stamps = json_set(stamps, '$.nonsense', json_extract(stamps, '$.name')) "
                                       "WHERE id = '%1'").arg(ids[2])));
        QVERIFY(exec(s, QStringLiteral("UPDATE outbox SET fields = json_set(fields, '$.nonsense', '1') WHERE record_id = '%1'").arg(ids[2])));
        // An entry not in our writer's shape (spaces): the general parser reads it.
        QVERIFY(exec(s, QStringLiteral("UPDATE outbox SET fields = '{ \"name\" : \"x\" , \"village\" : \"y\" }' WHERE record_id = '%1'").arg(ids[3])));
        // An invalid stamp: that field is not sent, either way. Control characters, quotes and backslashes
        // in text (the app refuses them in a name, an older version or a pulled record may not): escaped.
        QVERIFY(exec(s, QStringLiteral("UPDATE resident SET stamps = json_set(stamps, '$.village', 'not-a-stamp'), "
                                       "name = '四' || char(10) || char(1) || char(9) || '\"\\' WHERE id = '%1'").arg(ids[4])));
        // A record whose row is gone: its entry is dropped, either way.
        QVERIFY(exec(s, QStringLiteral("DELETE FROM resident WHERE id = '%1'").arg(ids[5])));
        // A boolean stored as text, and an instant with a non-canonical form.
        QVERIFY(t.store.residents().updateFields(ids[6], {{QStringLiteral("needs_review"), true}}));
        QVERIFY(exec(s, QStringLiteral("UPDATE resident SET needs_review = 'yes' WHERE id = '%1'").arg(ids[6])));
        QVERIFY(exec(s, QStringLiteral("UPDATE resident SET created_at = '2026-11-28T02:15:00Z' WHERE id = '%1'").arg(ids[7])));
        QCOMPARE(scalar(s, QStringLiteral("SELECT count(*) FROM outbox")), 8);

        // Seven records (one is gone); the odd ones typed in their place, the rest (ids[4]) wire JSON.
        QStringList wire;
        QCOMPARE(compareTakes(sync, {}, &wire), 1);
        QCOMPARE(wire, QStringList{ids[4]});
        QCOMPARE(scalar(s, QStringLiteral("SELECT count(*) FROM outbox")), 7); // the gone record's entry dropped
    }

    // A batch holds the entries it took out of the outbox (schema 6); a batch given back puts each in
    // its old place with the fields it listed, whichever way it was taken and whatever its fields JSON
    // held (our writer's shape, another shape, escapes, text beyond ASCII).
    void aBatchGivenBackPutsItsEntriesBackAsTheyWere()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const QStringList ids = makeResidents(t, 4);
        auto &s = t.store;
        QVERIFY(exec(s, QStringLiteral("UPDATE outbox SET fields = '{ \"name\" : \"x\" , \"village\" : \"y\" }' WHERE record_id = '%1'").arg(ids[1])));
        QVERIFY(exec(s, QStringLiteral("UPDATE outbox SET fields = '{\"name\":\"1764295200000-0000-a\\u0022b\"}' WHERE record_id = '%1'").arg(ids[2])));
        QVERIFY(exec(s, QStringLiteral("UPDATE outbox SET fields = '{\"name\":\"村\",\"village\":\"1764295200000-0000-aaaaaaaaaaaaaaaa\"}' "
                                       "WHERE record_id = '%1'").arg(ids[3])));
        const auto entries = [&] {
            QList<std::tuple<qint64, QString, QString, QJsonObject>> out;
            QSqlQuery q(s.database().db());
            if (!q.exec(QStringLiteral("SELECT seq, kind, record_id, fields FROM outbox ORDER BY seq")))
                qFatal("outbox");
            while (q.next())
                out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                            QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object()});
            return out;
        };
        const auto before = entries();
        QCOMPARE(before.size(), 4);
        QCOMPARE(std::get<3>(before[2]).value(QStringLiteral("name")).toString(), QStringLiteral("1764295200000-0000-a\"b"));
        for (const bool wire : {true, false}) {
            sync.setTakeWritesWireJson(wire);
            auto batch = sync.nextPushBatch([](const QString &id, const QList<SyncRecord> &) -> Result<QByteArray> { return id.toLatin1(); });
            QVERIFY(batch && batch->recordCount == 4);
            QCOMPARE(scalar(s, QStringLiteral("SELECT count(*) FROM outbox")), 0);
            QCOMPARE(sync.pendingCount(), 4);
            QCOMPARE(sync.pendingByKind().value(QStringLiteral("resident")), 4);
            QVERIFY(sync.acknowledge(batch->batchId, {}, 0));
            QCOMPARE(entries(), before);
            QCOMPARE(scalar(s, QStringLiteral("SELECT count(*) FROM resident r JOIN outbox o ON o.seq = r.open_seq AND o.record_id = r.id")), 4);
        }
    }

    void aWireBatchHoldsAtMostItsLimitAcrossKinds()
    {
        TempStation t;
        SyncStore sync(t.store);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        QStringList ids;
        QVERIFY(t.store.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < 505; ++i) {
                auto r = t.store.residents().create(woman(QStringLiteral("居民%1").arg(i), QDate(1950, 1, 1).addDays(i)));
                if (!r)
                    return r.error();
                ids << r->envelope.id;
            }
            return {};
        }));
        Staff s;
        s.name = QStringLiteral("王主任");
        s.role = QStringLiteral("director");
        QVERIFY(t.store.staff().create(s));
        // The staff record (first kind) and 499 residents, skipping one: the same 500 either way.
        QCOMPARE(compareTakes(sync, {ids[3]}), 500);
        sync.setTakeWritesWireJson(true);
        auto batch = sync.nextPushBatch([](const QString &id, const QList<SyncRecord> &r) -> Result<QByteArray> {
            return id.toLatin1() + QByteArray::number(r.size());
        }, {ids[3]}, 200);
        QVERIFY(batch);
        QCOMPARE(batch->recordCount, 200);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM outbox")), 306);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM sync_batch, json_each(sync_batch.entries) e WHERE e.value ->> 2 = '%1'").arg(ids[3])), 0);
    }

    void anAnswerIsCheckedAgainstTheBatchBeforeItDeletesTheWholeBatch()
    {
        TempStation t;
        SyncStore sync(t.store);
        sync.setTakeWritesWireJson(true);
        QVERIFY(sync.completeEnrollment(enrollmentFor(QStringLiteral("FH-XW-012"))));
        const QStringList ids = makeResidents(t, 3);
        const auto encode = [](const QString &id, const QList<SyncRecord> &) -> Result<QByteArray> { return id.toLatin1(); };
        const auto applied = [](const QString &id) { return RecordVerdict{id, RecordVerdict::Status::Applied, {}, {}, {}}; };

        // As many verdicts as records, but one names a record the batch does not carry: only the two it
        // did carry are done, the third goes again.
        auto batch = sync.nextPushBatch(encode);
        QVERIFY(batch && batch->recordCount == 3);
        auto ack = sync.acknowledge(batch->batchId, {applied(ids[0]), applied(ids[1]), applied(QStringLiteral("0192f3a4-0000-7000-8000-000000000000"))}, 1);
        QVERIFY(ack);
        QCOMPARE(ack->applied, 2);
        QCOMPARE(sync.pendingCount(), 1);
        QCOMPARE(scalar(t.store, QStringLiteral("SELECT count(*) FROM outbox WHERE record_id = '%1'").arg(ids[2])), 1);

        // A rejected record waits for staff; once edited it goes again, and an answer storing the whole
        // batch (applied and unchanged mixed) clears its problem and counts each status.
        batch = sync.nextPushBatch(encode);
        QVERIFY(batch && batch->recordCount == 1);
        QVERIFY(sync.acknowledge(batch->batchId, {RecordVerdict{ids[2], RecordVerdict::Status::Rejected, QStringLiteral("invalid_field"),
                                                                QStringLiteral("village"), QStringLiteral("村名不对")}}, 2));
        QCOMPARE(sync.problemCount(), 1);
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(ids[2], {{QStringLiteral("village"), QStringLiteral("西坞村")}}));
        QVERIFY(t.store.residents().updateFields(ids[1], {{QStringLiteral("village"), QStringLiteral("西坞村")}}));
        batch = sync.nextPushBatch(encode);
        QVERIFY(batch && batch->recordCount == 2);
        ack = sync.acknowledge(batch->batchId, {applied(ids[2]), RecordVerdict{ids[1], RecordVerdict::Status::Unchanged, {}, {}, {}},
                                                applied(ids[2])}, 3); // a repeated verdict counts once
        QVERIFY(ack);
        QCOMPARE(ack->applied, 1);
        QCOMPARE(ack->unchanged, 1);
        QCOMPARE(sync.problemCount(), 0);
        QCOMPARE(sync.pendingCount(), 0);
        QVERIFY(!sync.hasBatchInFlight());
    }
};

QTEST_GUILESS_MAIN(TestPushTake)
#include "tst_pushtake.moc"
