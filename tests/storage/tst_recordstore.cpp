#include "testsupport.h"

#include "core/ids.h"
#include "storage/syncstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace lanxin;
using namespace lanxin::test;

namespace {
struct OutboxRow
{
    QString recordId;
    QJsonObject fields;
};

QList<OutboxRow> outbox(StationStore &s)
{
    QList<OutboxRow> out;
    QSqlQuery q(s.database().db());
    q.exec(QStringLiteral("SELECT record_id, fields FROM outbox ORDER BY seq"));
    while (q.next())
        out << OutboxRow{q.value(0).toString(), QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object()};
    return out;
}
} // namespace

class TestRecordStore : public QObject
{
    Q_OBJECT
private slots:
    void createStampsEveryFieldAndQueuesIt()
    {
        TempStation t;
        Resident r = woman(QStringLiteral("张秀英"), QDate(1970, 5, 1));
        r.tags = {QStringLiteral("left_behind")};
        auto created = t.store.residents().create(r);
        QVERIFY2(created, qPrintable(created.error().message));
        const auto stored = t.store.records().get(Kind::Resident, created->envelope.id);
        QVERIFY(stored);
        for (const char *f : {"name", "gender", "birth_date", "village", "tags.left_behind", "created_at", "needs_review"})
            QVERIFY2(stored->stamps.contains(QLatin1String(f)), f);
        QVERIFY(!stored->stamps.contains(QStringLiteral("phone"))); // null on creation: nothing to say
        QCOMPARE(stored->stamps.value(QStringLiteral("name")).node, t.store.deviceId());

        const auto rows = outbox(t.store);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].recordId, created->envelope.id);
        QCOMPARE(rows[0].fields.value(QStringLiteral("name")).toString(), stored->stamps.value(QStringLiteral("name")).toString());
    }

    void oneSaveIsOneStamp()
    {
        // Every field one save writes carries the same stamp (the write that set it, SYNC-PROTOCOL.md);
        // the next save's stamp is greater. The district keeps one version per distinct stamp.
        TempStation t;
        Resident r = woman(QStringLiteral("周丽"), QDate(1972, 4, 9));
        r.tags = {QStringLiteral("left_behind"), QStringLiteral("hardship")};
        auto created = t.store.residents().create(r);
        QVERIFY(created);
        const QString id = created->envelope.id;
        auto stored = t.store.records().get(Kind::Resident, id);
        QVERIFY(stored);
        const Hlc first = stored->stamps.value(QStringLiteral("name"));
        QVERIFY(stored->stamps.size() >= 7);
        for (auto it = stored->stamps.cbegin(); it != stored->stamps.cend(); ++it)
            QVERIFY2(it.value() == first, qPrintable(it.key()));

        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(
            id, {{QStringLiteral("village"), QStringLiteral("东坞村")}, {QStringLiteral("address"), QStringLiteral("东坞村8号")}}));
        stored = t.store.records().get(Kind::Resident, id);
        const Hlc second = stored->stamps.value(QStringLiteral("village"));
        QVERIFY(second > first);
        QCOMPARE(stored->stamps.value(QStringLiteral("address")), second);
        QCOMPARE(stored->stamps.value(QStringLiteral("name")), first);

        // Many records at once (the roster import's path): one stamp per record, each record its own.
        auto many = t.store.records().insertMany(Kind::Resident, {woman(QStringLiteral("吴敏"), QDate(1981, 2, 3)).toValues(),
                                                                  woman(QStringLiteral("郑洁"), QDate(1983, 6, 7)).toValues()});
        QVERIFY(many);
        QCOMPARE(many.value().size(), 2);
        QList<Hlc> perRecord;
        for (const QString &manyId : std::as_const(many.value())) {
            const auto m = t.store.records().get(Kind::Resident, manyId);
            QVERIFY(m);
            const Hlc h = m->stamps.value(QStringLiteral("name"));
            for (auto it = m->stamps.cbegin(); it != m->stamps.cend(); ++it)
                QVERIFY2(it.value() == h, qPrintable(it.key()));
            perRecord << h;
        }
        QVERIFY(perRecord[0] != perRecord[1]);
        QVERIFY(perRecord[0] > second);
    }

    void writesToOneRecordCoalesce()
    {
        TempStation t;
        auto r = t.store.residents().create(woman(QStringLiteral("李桂兰"), QDate(1960, 3, 3)));
        QVERIFY(r);
        const QString id = r->envelope.id;
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(id, {{QStringLiteral("village"), QStringLiteral("西坞村")}}));
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(id, {{QStringLiteral("address"), QStringLiteral("西坞村3号")}}));
        const auto rows = outbox(t.store);
        QCOMPARE(rows.size(), 1);
        const auto stored = t.store.records().get(Kind::Resident, id);
        QCOMPARE(rows[0].fields.value(QStringLiteral("village")).toString(),
                 stored->stamps.value(QStringLiteral("village")).toString());
        QCOMPARE(rows[0].fields.value(QStringLiteral("address")).toString(),
                 stored->stamps.value(QStringLiteral("address")).toString());
        QVERIFY(stored->stamps.value(QStringLiteral("village")) > stored->stamps.value(QStringLiteral("name")));
    }

    void onlyChangedFieldsAreStamped()
    {
        TempStation t;
        auto r = t.store.residents().create(woman(QStringLiteral("王芳"), QDate(1980, 1, 2)));
        QVERIFY(r);
        const auto before = t.store.records().get(Kind::Resident, r->envelope.id);
        t.clock.advance(5000);
        Resident edited = r.value();
        edited.address = QStringLiteral("白杜村12号");
        QVERIFY(t.store.residents().update(r->envelope.id, edited));
        const auto after = t.store.records().get(Kind::Resident, r->envelope.id);
        QCOMPARE(after->stamps.value(QStringLiteral("name")), before->stamps.value(QStringLiteral("name")));
        QVERIFY(after->stamps.value(QStringLiteral("address")) > before->stamps.value(QStringLiteral("name")));
        // Saving the same values again changes nothing.
        const auto stamps = after->stamps;
        QVERIFY(t.store.residents().update(r->envelope.id, edited));
        QCOMPARE(t.store.records().get(Kind::Resident, r->envelope.id)->stamps, stamps);
    }

    void aWriteDuringAPushOpensANewEntry()
    {
        TempStation t;
        auto r = t.store.residents().create(woman(QStringLiteral("陈红"), QDate(1975, 6, 6)));
        QVERIFY(r);
        // A push takes the entry: it leaves the outbox for the batch in flight, which keeps it as taken.
        SyncStore sync(t.store);
        auto batch = sync.nextPushBatch([](const QString &id, const QList<SyncRecord> &) -> Result<QByteArray> { return id.toLatin1(); });
        QVERIFY(batch && batch->recordCount == 1);
        QVERIFY(outbox(t.store).isEmpty());
        QSqlQuery q(t.store.database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT entries FROM sync_batch")) && q.next());
        const QString taken = q.value(0).toString();
        QVERIFY(taken.contains(r->envelope.id));

        QVERIFY(t.store.residents().updateFields(r->envelope.id, {{QStringLiteral("village"), QStringLiteral("金溪村")}}));
        const auto rows = outbox(t.store);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].recordId, r->envelope.id);
        QCOMPARE(rows[0].fields.keys(), QStringList{QStringLiteral("village")});
        QVERIFY(q.exec(QStringLiteral("SELECT entries FROM sync_batch")) && q.next());
        QCOMPARE(q.value(0).toString(), taken);
    }

    void aFailedWriteLeavesNothingBehind()
    {
        TempStation t;
        auto r = t.store.residents().create(woman(QStringLiteral("赵丽"), QDate(1985, 2, 2)));
        QVERIFY(r);
        const auto rowsBefore = outbox(t.store);
        const auto before = t.store.records().get(Kind::Resident, r->envelope.id);
        // Make the outbox write fail inside the transaction, after the record row was written.
        QVERIFY(t.store.database().exec(QStringLiteral(
            "CREATE TRIGGER fail_outbox BEFORE UPDATE ON outbox BEGIN SELECT RAISE(ABORT, 'injected'); END")));
        auto failed = t.store.residents().updateFields(r->envelope.id, {{QStringLiteral("address"), QStringLiteral("x")}});
        QVERIFY(!failed);
        const auto after = t.store.records().get(Kind::Resident, r->envelope.id);
        QCOMPARE(after->values, before->values);
        QCOMPARE(after->stamps, before->stamps);
        QCOMPARE(outbox(t.store).size(), rowsBefore.size());
        QCOMPARE(outbox(t.store)[0].fields, rowsBefore[0].fields);
    }

    void invalidValuesAreRefusedAtTheField()
    {
        TempStation t;
        Resident r = woman(QStringLiteral("孙燕"), QDate(1949, 12, 31));
        r.idNumber = QStringLiteral("110105194912310021"); // wrong check digit
        auto created = t.store.residents().create(r);
        QVERIFY(!created);
        const FieldError e = t.store.residents().lastFieldErrors().first();
        QCOMPARE(e.field, QStringLiteral("id_number"));
        // The error's message, as every Error's: Chinese, then English (a form shows the field's own).
        QCOMPARE(created.error().message, bilingual(e.messageZh, e.messageEn));
        QCOMPARE(t.store.records().count(Kind::Resident, {}, {}), 0);
        QCOMPARE(outbox(t.store).size(), 0);
    }

    void softDeleteIsAStampedTombstone()
    {
        TempStation t;
        auto r = t.store.residents().create(woman(QStringLiteral("周敏"), QDate(1990, 9, 9)));
        QVERIFY(r);
        QVERIFY(t.store.residents().remove(r->envelope.id));
        const auto stored = t.store.records().get(Kind::Resident, r->envelope.id);
        QVERIFY(stored->deleted);
        QVERIFY(stored->stamps.contains(QStringLiteral("deleted")));
        QVERIFY(t.store.residents().search(QStringLiteral("周敏")).isEmpty());
        QCOMPARE(t.store.liveCounts().value(QStringLiteral("resident")), 0);
    }

    void setMembersAreStampedOneByOne()
    {
        TempStation t;
        Resident r = woman(QStringLiteral("吴静"), QDate(1950, 1, 1));
        r.tags = {QStringLiteral("left_behind")};
        auto created = t.store.residents().create(r);
        QVERIFY(created);
        t.clock.advance(1000);
        QVERIFY(t.store.residents().updateFields(created->envelope.id,
                                                 {{QStringLiteral("tags"), QStringList{QStringLiteral("elderly_alone")}}}));
        const auto s = t.store.records().get(Kind::Resident, created->envelope.id);
        QCOMPARE(s->value("tags").toStringList(), QStringList{QStringLiteral("elderly_alone")});
        QVERIFY(s->stamps.contains(QStringLiteral("tags.left_behind")));
        QVERIFY(s->stamps.contains(QStringLiteral("tags.elderly_alone")));
        QVERIFY(!s->stamps.contains(QStringLiteral("tags.disabled")));
    }

    void mergeKeepsTheGreaterStampPerField()
    {
        TempStation t;
        auto r = t.store.residents().create(woman(QStringLiteral("黄霞"), QDate(1966, 4, 4)));
        QVERIFY(r);
        const auto local = t.store.records().get(Kind::Resident, r->envelope.id);
        const Hlc older{local->stamps.value(QStringLiteral("village")).ms - 10, 0, QStringLiteral("district")};
        const Hlc newer{local->stamps.value(QStringLiteral("village")).ms + 10, 0, QStringLiteral("district")};
        auto m = t.store.records().merge(Kind::Resident, r->envelope.id, {},
                                         {{QStringLiteral("village"), QStringLiteral("旧村"), older},
                                          {QStringLiteral("address"), QStringLiteral("新地址"), newer}});
        QVERIFY(m);
        QCOMPARE(m.value(), MergeOutcome::Applied);
        const auto after = t.store.records().get(Kind::Resident, r->envelope.id);
        QCOMPARE(after->text("village"), QStringLiteral("白杜村"));
        QCOMPARE(after->text("address"), QStringLiteral("新地址"));
        // Applying the same again is idempotent.
        auto again = t.store.records().merge(Kind::Resident, r->envelope.id, {},
                                             {{QStringLiteral("address"), QStringLiteral("新地址"), newer}});
        QCOMPARE(again.value(), MergeOutcome::Unchanged);
        // A newer local write still wins over the merged stamp afterwards (receive rule).
        QVERIFY(t.store.residents().updateFields(r->envelope.id, {{QStringLiteral("address"), QStringLiteral("本机")}}));
        QVERIFY(t.store.records().get(Kind::Resident, r->envelope.id)->stamps.value(QStringLiteral("address")) > newer);
    }

    void attendanceIdsAreDerived()
    {
        TempStation t;
        auto r = t.store.residents().create(woman(QStringLiteral("徐婷"), QDate(1995, 5, 5)));
        TrainingSession s;
        s.title = QStringLiteral("电商直播带货培训");
        s.category = QStringLiteral("digital_skills");
        s.startsAt = QDateTime::fromMSecsSinceEpoch(kNow + 86400000, Qt::UTC);
        s.status = QStringLiteral("open");
        auto session = t.store.sessions().create(s);
        QVERIFY2(session, qPrintable(session.error().message));
        auto a1 = t.store.attendances().registerFor(session->envelope.id, r->envelope.id, QStringLiteral("kiosk"));
        auto a2 = t.store.attendances().registerFor(session->envelope.id, r->envelope.id, QStringLiteral("staff"));
        QVERIFY(a1 && a2);
        QCOMPARE(a1->envelope.id, attendanceId(session->envelope.id, r->envelope.id));
        QCOMPARE(a2->envelope.id, a1->envelope.id);
        QCOMPARE(t.store.attendances().countForSession(session->envelope.id), 1);
        QVERIFY(t.store.attendances().checkIn(session->envelope.id, r->envelope.id)->checkedInAt.isValid());
        QVERIFY(!t.store.attendances().undoCheckIn(session->envelope.id, r->envelope.id)->checkedInAt.isValid());
    }
};

QTEST_GUILESS_MAIN(TestRecordStore)
#include "tst_recordstore.moc"
