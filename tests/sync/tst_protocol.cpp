// The sync protocol's codec: values and records both ways, every per-record and whole-request error
// code the codec gives, the receipt digest against a fixed vector, gzip with its cap.
#include "protocol/gzip.h"
#include "protocol/jsonwriter.h"
#include "protocol/messages.h"
#include "protocol/receiptdigest.h"
#include "protocol/recordcodec.h"

#include "core/clock.h"
#include "core/idnumber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace lanxin;
using namespace lanxin::protocol;

namespace {

const QString kId = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
const QString kId2 = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c");
const QString kNode = QStringLiteral("k3j5x7q2m9d4a6b8");

Hlc stamp(qint64 ms, quint16 counter = 1, const QString &node = kNode)
{
    return Hlc{ms, counter, node};
}

QString validIdNumber()
{
    const QString first17 = QStringLiteral("33028219800101002"); // born 1980-01-01, female (even)
    return first17 + idNumberCheckChar(first17);
}

/// A resident record as a station would send it on creation.
WireRecord resident()
{
    WireRecord r;
    r.kind = Kind::Resident;
    r.id = kId;
    r.stationId = QStringLiteral("FH-XW-012");
    const Hlc h = stamp(1764400000000);
    r.writes = {
        {QStringLiteral("created_at"), QDateTime::fromMSecsSinceEpoch(1764400000000, Qt::UTC), h},
        {QStringLiteral("name"), QStringLiteral("张秀英"), h},
        {QStringLiteral("gender"), QStringLiteral("F"), h},
        {QStringLiteral("birth_date"), QDate(1980, 1, 1), h},
        {QStringLiteral("id_number"), validIdNumber(), h},
        {QStringLiteral("phone"), QStringLiteral("13812345678"), h},
        {QStringLiteral("tags.left_behind"), true, h},
        {QStringLiteral("tags.migrant"), false, h},
        {QStringLiteral("needs_review"), false, h},
        {QStringLiteral("consent_general_at"), QDateTime::fromMSecsSinceEpoch(1764400000123, Qt::UTC), h},
        {QStringLiteral("merged_into"), QVariant(), h},
        {QStringLiteral("deleted"), false, h},
    };
    return r;
}

QJsonObject residentJson()
{
    return encodeRecord(resident());
}

/// Decodes `o` and returns its error (failing the test when it decoded).
RecordError errorOf(const QJsonObject &o)
{
    const DecodedRecord d = decodeRecord(o);
    if (d.ok() || !d.error)
        qWarning() << "expected an error for" << QJsonDocument(o).toJson(QJsonDocument::Compact);
    return d.error.value_or(RecordError{});
}

QJsonObject withField(QJsonObject o, const QString &field, const QJsonValue &value, bool addStamp = true)
{
    QJsonObject f = o.value(QStringLiteral("fields")).toObject();
    QJsonObject s = o.value(QStringLiteral("stamps")).toObject();
    f.insert(field, value);
    if (addStamp)
        s.insert(field, stamp(1764400000000).toString());
    o.insert(QStringLiteral("fields"), f);
    o.insert(QStringLiteral("stamps"), s);
    return o;
}

QByteArray pushJson(const QJsonArray &records, int protocol = 1)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("protocol"), protocol},
                                     {QStringLiteral("batch_id"), kId2},
                                     {QStringLiteral("device_time"), stamp(1764400000000).toString()},
                                     {QStringLiteral("pushes_acknowledged"), 41},
                                     {QStringLiteral("records"), records}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestProtocol : public QObject
{
    Q_OBJECT

private slots:
    void recordRoundTrip()
    {
        const WireRecord r = resident();
        const QJsonObject o = encodeRecord(r);
        const QJsonObject fields = o[QStringLiteral("fields")].toObject();
        QCOMPARE(fields[QStringLiteral("created_at")].toString(), QStringLiteral("2025-11-29T07:06:40.000Z"));
        QCOMPARE(fields[QStringLiteral("birth_date")].toString(), QStringLiteral("1980-01-01"));
        QCOMPARE(fields[QStringLiteral("consent_general_at")].toString(), QStringLiteral("2025-11-29T07:06:40.123Z"));
        QCOMPARE(fields[QStringLiteral("tags.left_behind")], QJsonValue(true));
        QCOMPARE(fields[QStringLiteral("tags.migrant")], QJsonValue(false));
        QVERIFY(fields[QStringLiteral("merged_into")].isNull());
        QCOMPARE(o[QStringLiteral("stamps")].toObject().size(), fields.size());

        const DecodedRecord d = decodeRecord(o);
        QVERIFY2(d.ok(), qPrintable(d.error ? d.error->message : d.malformed));
        QCOMPARE(d.record->kind, Kind::Resident);
        QCOMPARE(d.record->id, kId);
        QCOMPARE(d.record->stationId, QStringLiteral("FH-XW-012"));
        QCOMPARE(d.record->writes.size(), r.writes.size());
        for (const FieldWrite &w : r.writes) {
            const FieldWrite *got = d.record->write(w.field);
            QVERIFY2(got, qPrintable(w.field));
            QCOMPARE(got->stamp, w.stamp);
            QCOMPARE(got->value.isValid(), w.value.isValid());
            if (w.value.isValid()) {
                QCOMPARE(got->value.typeId(), w.value.typeId());
                QCOMPARE(got->value, w.value);
            }
        }
        // Encoding the decoded record gives the same JSON.
        QCOMPARE(encodeRecord(*d.record), o);
    }

    // The bodies written without QJsonObject are byte for byte what QJsonDocument::Compact writes for
    // the same objects (push answers are replayed byte for byte, and both sides parse them).
    void bodiesAsQJsonDocumentWritesThem()
    {
        WireRecord tricky = resident();
        tricky.writes << FieldWrite{QStringLiteral("address"), QStringLiteral("引号\"反斜杠\\ 换行\n制表\t\x01 😀 </x>"),
                                    stamp(1764400000000, 2)}
                      << FieldWrite{QStringLiteral("name"), QStringLiteral("王\\芳"), stamp(1764400000000, 3)}; // twice: the last wins
        WireRecord station;
        station.kind = Kind::Station;
        station.id = kId2;
        station.writes << FieldWrite{QStringLiteral("code"), QStringLiteral("FH-XW-012"), stamp(1)}
                       << FieldWrite{QStringLiteral("villages"), QStringList{QStringLiteral("甲村"), QStringLiteral("乙\"村")}, stamp(2)};

        PushRequest push;
        push.batchId = kId;
        push.deviceTime = stamp(1764400000000, 9);
        push.pushesAcknowledged = 41;
        push.records = {tricky, resident()};
        QJsonArray recs;
        for (const WireRecord &w : push.records)
            recs.append(encodeRecord(w));
        const QJsonObject pushObject{{QStringLiteral("protocol"), 1}, {QStringLiteral("batch_id"), kId},
                                     {QStringLiteral("device_time"), push.deviceTime.toString()},
                                     {QStringLiteral("pushes_acknowledged"), 41}, {QStringLiteral("records"), recs}};
        QCOMPARE(push.toJson(), QJsonDocument(pushObject).toJson(QJsonDocument::Compact));
        // Written record by record, some already as JSON (the station's take), into a reused buffer: the same bytes.
        QByteArray reused = "left over from an earlier body";
        PushBodyWriter writer(reused, push.batchId, push.deviceTime, push.pushesAcknowledged, 2);
        QByteArray trickyJson;
        appendRecordJson(trickyJson, tricky);
        writer.addJson(trickyJson);
        writer.add(resident());
        writer.finish();
        QCOMPARE(reused, push.toJson());
        PushBodyWriter none(reused, push.batchId, push.deviceTime, 0);
        none.finish();
        QVERIFY(reused.endsWith(",\"pushes_acknowledged\":0,\"records\":[]}"));

        PushResponse answer;
        answer.batchId = kId;
        answer.serverTime = stamp(1764400000001, 0, QStringLiteral("district"));
        answer.pushesAcknowledged = 42;
        answer.results = {RecordResult{kId, Verdict::Applied, std::nullopt},
                          RecordResult{kId2, Verdict::Rejected,
                                       RecordError::make(rec::InvalidField, QStringLiteral("id_number"), QStringLiteral("校验位错误"))},
                          RecordResult{kId2, Verdict::Rejected, RecordError::make(rec::ReferenceMissing, QString(), QStringLiteral("缺"))}};
        QJsonArray rs;
        for (const RecordResult &r : answer.results) {
            QJsonObject o{{QStringLiteral("id"), r.id}, {QStringLiteral("status"), verdictName(r.status)}};
            if (r.error)
                o.insert(QStringLiteral("error"), r.error->toJson());
            rs.append(o);
        }
        const QJsonObject answerObject{{QStringLiteral("batch_id"), kId}, {QStringLiteral("server_time"), answer.serverTime.toString()},
                                       {QStringLiteral("pushes_acknowledged"), 42}, {QStringLiteral("results"), rs}};
        QCOMPARE(answer.toJson(), QJsonDocument(answerObject).toJson(QJsonDocument::Compact));

        PullResponse page;
        page.changes = {tricky, station};
        page.cursor = QStringLiteral("1.42.abcdef");
        page.hasMore = true;
        page.serverTime = answer.serverTime;
        QJsonArray cs;
        for (const WireRecord &w : page.changes)
            cs.append(encodeRecord(w));
        const QJsonObject pageObject{{QStringLiteral("changes"), cs}, {QStringLiteral("cursor"), page.cursor},
                                     {QStringLiteral("has_more"), true}, {QStringLiteral("server_time"), page.serverTime.toString()}};
        QCOMPARE(page.toJson(), QJsonDocument(pageObject).toJson(QJsonDocument::Compact));
    }

    void recordJsonWritesEveryValueTypeAsQJsonDocument()
    {
        // appendRecordJson writes typed values straight (no QJsonValue): every type, nulls, set members
        // true/false/unset, integers past 2^53, a set field's own name and an unknown field (both null),
        // values held as other QVariant types than the canonical one, and text that needs escapes.
        const Hlc h = stamp(1764400000000, 7);
        QList<WireRecord> records;
        for (Kind kind : {Kind::Resident, Kind::TrainingSession, Kind::Attendance, Kind::ScreeningReferral,
                          Kind::FamilyVisit, Kind::Staff, Kind::Station}) {
            WireRecord full;
            full.kind = kind;
            full.id = kId;
            full.stationId = kind == Kind::Station ? QString() : QStringLiteral("FH-XW-012");
            WireRecord nulls = full;
            int i = 0;
            for (const QString &field : wireFieldNames(kind)) {
                QVariant v;
                if (field == QLatin1String("created_at"))
                    v = QDateTime::fromMSecsSinceEpoch(1764400000123 + i, Qt::UTC);
                else if (field == QLatin1String("deleted"))
                    v = (i % 2) == 0;
                else if (setMember(kind, field))
                    v = (i % 2) == 1;
                else if (const FieldSpec *f = fieldSpec(kind, field)) {
                    switch (f->type) {
                    case FieldType::Date: v = QDate(1980, 1, 1).addDays(i); break;
                    case FieldType::Instant: v = QDateTime::fromMSecsSinceEpoch(1764400000000 + 61001 * i, Qt::UTC); break;
                    case FieldType::Bool: v = true; break;
                    case FieldType::Int: v = qint64(30 + i); break;
                    case FieldType::TextList: v = QStringList{QStringLiteral("甲村"), QStringLiteral("乙\"村\n")}; break;
                    default: v = QStringLiteral("值%1 \"引\\号\" \x01 😀").arg(i); break;
                    }
                }
                full.writes << FieldWrite{field, v, Hlc{h.ms + i, quint16(i), kNode}};
                nulls.writes << FieldWrite{field, QVariant(), h};
                ++i;
            }
            records << full << nulls;
        }
        WireRecord odd;
        odd.kind = Kind::TrainingSession;
        odd.id = kId2;
        odd.stationId = QStringLiteral("FH-XW-012");
        odd.writes = {{QStringLiteral("capacity"), QVariant(qint64(9007199254740993)), h},
                      {QStringLiteral("capacity"), QVariant(qint64(-9007199254740993)), h}, // twice: the last wins
                      {QStringLiteral("title"), QVariant(42), h},                        // not a QString
                      {QStringLiteral("starts_at"), QVariant(QStringLiteral("2026-11-28T02:15:00.000Z")), h},
                      {QStringLiteral("not_a_field"), QStringLiteral("x"), h}};
        records << odd;
        WireRecord visit;
        visit.kind = Kind::FamilyVisit;
        visit.id = kId2;
        visit.stationId = QStringLiteral("FH-XW-012");
        visit.writes = {{QStringLiteral("purposes"), QStringList{QStringLiteral("other")}, h},
                        {QStringLiteral("visited_on"), QVariant(QStringLiteral("2026-11-28")), h},
                        {QStringLiteral("dv_risk"), QVariant(QStringLiteral("true")), h}};
        records << visit;
        for (const WireRecord &r : std::as_const(records)) {
            QByteArray direct;
            appendRecordJson(direct, r);
            QCOMPARE(direct, QJsonDocument(encodeRecord(r)).toJson(QJsonDocument::Compact));
        }
    }

    void jsonStringAsQJsonDocument_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("expected"); // null: what QJsonDocument writes
        const QByteArray doc;
        QTest::newRow("empty") << QString() << doc;
        QTest::newRow("ascii") << QStringLiteral("FH-XW-012 name_1 ~!@#$%^&*()_+{}|:<>?/") << doc;
        QTest::newRow("chinese") << QStringLiteral("张秀英，白杜村西坞路 12 号（留守）") << doc;
        QTest::newRow("two-byte utf-8") << QStringLiteral("Zoë café ß \u00ad \u07ff \u0080") << doc;
        QTest::newRow("three-byte edges") << QStringLiteral("\u0800 \ud7ff \ue000 \uffff \ufeff") << doc;
        QTest::newRow("short escapes") << QStringLiteral("引号\"反斜杠\\ 换行\n回车\r制表\t\b\f/") << doc;
        QTest::newRow("control chars") << QStringLiteral("a\x01" "b\x1f" "c") + QChar(0) + QStringLiteral("d\x7f") << doc;
        QTest::newRow("escape only at the end") << QString(300, QChar(0x4e2d)) + QChar(0x1b) << doc;
        QTest::newRow("surrogate pair") << QStringLiteral("笑😀 𠮷野家") << doc;
        QTest::newRow("surrogate pair beside escapes") << QStringLiteral("\n😀\"") << doc;
        QTest::newRow("long chinese") << QString(2000, QChar(0x5973)) << doc;
        // A lone surrogate: QJsonDocument writes \udXXX; the writer has always written toUtf8()'s '?'.
        QTest::newRow("lone high surrogate") << QStringLiteral("a") + QChar(0xd83d) + QStringLiteral("b中")
                                             << QByteArray("\"a?b\xe4\xb8\xad\"");
        QTest::newRow("lone low surrogate") << QStringLiteral("中") + QChar(0xde00) + QStringLiteral("\n")
                                            << QByteArray("\"\xe4\xb8\xad?\\n\"");
        QTest::newRow("high surrogate then escape") << QStringLiteral("x") + QChar(0xd83d) + QStringLiteral("\\\x02")
                                                    << QByteArray("\"x?\\\\\\u0002\"");
    }

    void jsonStringAsQJsonDocument()
    {
        // json::appendString encodes BMP text straight into the buffer and leaves `\u00XX` escapes and
        // surrogates to its general writer: either way the bytes are QJsonDocument's (except for a lone
        // surrogate: toUtf8()'s, as they always were).
        QFETCH(QString, text);
        QFETCH(QByteArray, expected);
        QByteArray out = "prefix:";
        json::appendString(out, text);
        QVERIFY(out.startsWith("prefix:"));
        if (expected.isNull()) {
            const QByteArray doc = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
            expected = doc.mid(1, doc.size() - 2);
        }
        QCOMPARE(out.mid(7), expected);
    }

    void datesAndInstantsAtTheYearLimits()
    {
        // appendValueJson writes dates and instants in place; at and past the years 1000–9999 and for
        // invalid values it falls back to formatDate / formatInstant: the same bytes as QJsonDocument's
        // of encodeValue, which uses those.
        const auto check = [](Kind kind, const QString &field, const QVariant &v, const QByteArray &expected) {
            QByteArray direct = "x";
            appendValueJson(direct, kind, field, v);
            const QByteArray doc = QJsonDocument(QJsonArray{encodeValue(kind, field, v)}).toJson(QJsonDocument::Compact);
            QCOMPARE(direct.mid(1), doc.mid(1, doc.size() - 2));
            if (!expected.isNull())
                QCOMPARE(direct.mid(1), expected);
        };
        const QString due = QStringLiteral("follow_up_due");
        for (const QDate d : {QDate(999, 12, 31), QDate(1000, 1, 1), QDate(1980, 2, 29), QDate(9999, 12, 31),
                              QDate(10000, 1, 1), QDate(-44, 3, 15), QDate()})
            check(Kind::ScreeningReferral, due, d, "\"" + formatDate(d).toLatin1() + "\"");
        check(Kind::ScreeningReferral, due, QDate(1000, 1, 1), "\"1000-01-01\"");
        check(Kind::ScreeningReferral, due, QDate(9999, 12, 31), "\"9999-12-31\"");
        check(Kind::ScreeningReferral, due, QDate(), "\"\"");
        check(Kind::ScreeningReferral, due, QVariant(QStringLiteral("2026-11-28")), "\"2026-11-28\"");

        const auto utc = [](int y, int m, int d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
            return QDateTime(QDate(y, m, d), QTime(h, mi, s, ms), Qt::UTC);
        };
        const QDateTime shanghai(QDate(2026, 11, 28), QTime(10, 15), QTimeZone("Asia/Shanghai"));
        for (const QString &field : {QStringLiteral("visited_at"), QStringLiteral("created_at")}) {
            for (const QDateTime &t : {utc(999, 12, 31, 23, 59, 59, 999), utc(1000, 1, 1), utc(1969, 12, 31, 23, 59, 59, 999),
                                       utc(9999, 12, 31, 23, 59, 59, 999), utc(10000, 1, 1), utc(-44, 3, 15, 12),
                                       shanghai, QDateTime()})
                check(Kind::FamilyVisit, field, t, "\"" + formatInstant(t).toLatin1() + "\"");
        }
        check(Kind::FamilyVisit, QStringLiteral("visited_at"), utc(1000, 1, 1), "\"1000-01-01T00:00:00.000Z\"");
        check(Kind::FamilyVisit, QStringLiteral("visited_at"), utc(9999, 12, 31, 23, 59, 59, 999), "\"9999-12-31T23:59:59.999Z\"");
        check(Kind::FamilyVisit, QStringLiteral("visited_at"), shanghai, "\"2026-11-28T02:15:00.000Z\"");
        check(Kind::FamilyVisit, QStringLiteral("visited_at"), QDateTime(), "\"\"");
    }

    void wireFieldLookedUpOnce()
    {
        // What the district writes its fields column with: the field looked up once (spec, member,
        // sensitive), then its value; the same bytes as the lookup by name.
        const WireField idNumber = lookupWireField(Kind::Resident, QStringLiteral("id_number"));
        QVERIFY(idNumber.spec && !idNumber.member && idNumber.sensitive());
        const WireField name = lookupWireField(Kind::Resident, QStringLiteral("name"));
        QVERIFY(name.spec && !name.sensitive());
        const WireField member = lookupWireField(Kind::Resident, QStringLiteral("tags.left_behind"));
        QVERIFY(member.spec && member.member && !member.sensitive());
        QVERIFY(lookupWireField(Kind::Resident, QStringLiteral("created_at")).spec);
        QVERIFY(!lookupWireField(Kind::Resident, QStringLiteral("tags")).spec); // a whole set travels by member
        QVERIFY(!lookupWireField(Kind::Resident, QStringLiteral("no_such_field")).spec);
        for (const FieldWrite &w : resident().writes) {
            QByteArray byName;
            appendValueJson(byName, Kind::Resident, w.field, w.value);
            QByteArray byField;
            appendValueJson(byField, lookupWireField(Kind::Resident, w.field), w.value);
            QCOMPARE(byField, byName);
            QCOMPARE(byField, QJsonDocument(QJsonArray{encodeValue(Kind::Resident, w.field, w.value)})
                                  .toJson(QJsonDocument::Compact)
                                  .chopped(1)
                                  .mid(1));
        }
    }

    void stampsWrittenInPlace()
    {
        // appendStampJson / appendStampUtf8 write the usual stamp without Hlc::toString(); any other
        // (ms outside 13 digits, a node that is not plain ASCII) goes through it: the same bytes always.
        const QList<Hlc> stamps{stamp(1764400000000), stamp(0, 0), stamp(9999999999999, 0xffff),
                                stamp(1764400000000, 0xabc, QStringLiteral("district")), stamp(-5, 3),
                                stamp(10000000000000, 1), stamp(1764400000000, 1, QStringLiteral("节点\"\\\n")),
                                stamp(1764400000000, 1, QStringLiteral("é"))};
        for (const Hlc &h : stamps) {
            QByteArray json = "x";
            appendStampJson(json, h);
            QByteArray expected = "x";
            json::appendString(expected, h.toString());
            QCOMPARE(json, expected);
            QByteArray text = "x";
            appendStampUtf8(text, h);
            QCOMPARE(text, "x" + h.toString().toUtf8());
        }
        QByteArray usual;
        appendStampJson(usual, stamp(1764400000000, 0x2a));
        QCOMPARE(usual, QByteArray("\"1764400000000-002a-k3j5x7q2m9d4a6b8\""));
    }

    void valueTypes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("json");
        QTest::addColumn<QVariant>("typed");
        QTest::newRow("int") << int(Kind::TrainingSession) << "capacity" << QJsonValue(30) << QVariant(qint64(30));
        QTest::newRow("int as 3e1") << int(Kind::TrainingSession) << "capacity" << QJsonValue(3e1) << QVariant(qint64(30));
        QTest::newRow("enum") << int(Kind::TrainingSession) << "status" << QJsonValue("open") << QVariant(QStringLiteral("open"));
        QTest::newRow("bool") << int(Kind::FamilyVisit) << "dv_risk" << QJsonValue(true) << QVariant(true);
        QTest::newRow("date _due") << int(Kind::ScreeningReferral) << "follow_up_due" << QJsonValue("2027-01-15")
                                   << QVariant(QDate(2027, 1, 15));
        QTest::newRow("instant") << int(Kind::FamilyVisit) << "visited_at" << QJsonValue("2026-11-28T02:15:00.000Z")
                                 << QVariant(QDateTime(QDate(2026, 11, 28), QTime(2, 15), Qt::UTC));
        QTest::newRow("ref") << int(Kind::Attendance) << "session_id" << QJsonValue(kId) << QVariant(kId);
        QTest::newRow("set member null = false") << int(Kind::FamilyVisit) << "purposes.other" << QJsonValue()
                                                 << QVariant(false);
        QTest::newRow("null clears") << int(Kind::Resident) << "phone" << QJsonValue() << QVariant();
        QTest::newRow("text list") << int(Kind::Station) << "villages" << QJsonValue(QJsonArray{"白杜村", "西坞村"})
                                   << QVariant(QStringList{QStringLiteral("白杜村"), QStringLiteral("西坞村")});
        QTest::newRow("deleted") << int(Kind::Resident) << "deleted" << QJsonValue(true) << QVariant(true);
    }

    void valueTypes()
    {
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QJsonValue, json);
        QFETCH(QVariant, typed);
        QVariant out(QStringLiteral("untouched"));
        const auto e = decodeValue(Kind(kind), field, json, &out);
        QVERIFY2(!e, e ? qPrintable(e->message) : "");
        QCOMPARE(out.isValid(), typed.isValid());
        if (typed.isValid()) {
            QCOMPARE(out.typeId(), typed.typeId());
            QCOMPARE(out, typed);
        }
        const QJsonValue back = encodeValue(Kind(kind), field, out);
        if (field == QLatin1String("purposes.other"))
            QCOMPARE(back, QJsonValue(false));
        else if (field == QLatin1String("capacity"))
            QCOMPARE(back.toInteger(), 30);
        else
            QCOMPARE(back, json);
    }

    void badValues_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("json");
        QTest::addColumn<QString>("code");
        const QString inv = QStringLiteral("invalid_field");
        QTest::newRow("non-integral double") << int(Kind::TrainingSession) << "capacity" << QJsonValue(2.5) << inv;
        QTest::newRow("integer out of range") << int(Kind::TrainingSession) << "capacity" << QJsonValue(1e300) << inv;
        QTest::newRow("beyond 2^53") << int(Kind::TrainingSession) << "capacity" << QJsonValue(9007199254740994.0) << inv;
        QTest::newRow("capacity rule") << int(Kind::TrainingSession) << "capacity" << QJsonValue(-1) << inv;
        QTest::newRow("int as string") << int(Kind::TrainingSession) << "capacity" << QJsonValue("30") << inv;
        QTest::newRow("bool as 1") << int(Kind::FamilyVisit) << "dv_risk" << QJsonValue(1) << inv;
        QTest::newRow("bool as string") << int(Kind::FamilyVisit) << "dv_risk" << QJsonValue("true") << inv;
        QTest::newRow("date with time") << int(Kind::ScreeningReferral) << "referred_on"
                                        << QJsonValue("2026-11-28T00:00:00.000Z") << inv;
        QTest::newRow("date impossible") << int(Kind::ScreeningReferral) << "referred_on" << QJsonValue("2026-02-30") << inv;
        QTest::newRow("date insane year") << int(Kind::ScreeningReferral) << "referred_on" << QJsonValue("1800-01-01") << inv;
        QTest::newRow("instant no ms") << int(Kind::FamilyVisit) << "visited_at" << QJsonValue("2026-11-28T02:15:00Z") << inv;
        QTest::newRow("instant offset") << int(Kind::FamilyVisit) << "visited_at"
                                        << QJsonValue("2026-11-28T10:15:00.000+08:00") << inv;
        QTest::newRow("enum not member") << int(Kind::TrainingSession) << "status" << QJsonValue("done") << inv;
        QTest::newRow("ref upper case") << int(Kind::Attendance) << "session_id" << QJsonValue(kId.toUpper()) << inv;
        QTest::newRow("text too long") << int(Kind::Resident) << "name" << QJsonValue(QString(51, u'张')) << inv;
        QTest::newRow("text control char") << int(Kind::Resident) << "name" << QJsonValue("a\nb") << inv;
        QTest::newRow("phone") << int(Kind::Resident) << "phone" << QJsonValue("12345678901") << inv;
        QTest::newRow("id number check digit") << int(Kind::Resident) << "id_number" << QJsonValue("330282198001010020")
                                               << inv;
        QTest::newRow("set member as string") << int(Kind::Resident) << "tags.left_behind" << QJsonValue("yes") << inv;
        QTest::newRow("text list of numbers") << int(Kind::Station) << "villages" << QJsonValue(QJsonArray{1}) << inv;
        QTest::newRow("unknown field") << int(Kind::Resident) << "salary" << QJsonValue(1) << "unknown_field";
        QTest::newRow("unknown set member") << int(Kind::Resident) << "tags.rich" << QJsonValue(true) << "unknown_field";
        QTest::newRow("whole set") << int(Kind::Resident) << "tags" << QJsonValue(QJsonArray{"migrant"}) << "unknown_field";
        QTest::newRow("updated_at is derived") << int(Kind::Resident) << "updated_at"
                                               << QJsonValue("2026-11-28T02:15:00.000Z") << "unknown_field";
    }

    void badValues()
    {
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QJsonValue, json);
        QFETCH(QString, code);
        QVariant out;
        const auto e = decodeValue(Kind(kind), field, json, &out);
        QVERIFY(e.has_value());
        QCOMPARE(e->code, code);
        QCOMPARE(e->field, field);
        QVERIFY(!e->message.isEmpty());
        // Messages never quote the value (sensitive values must not reach logs).
        if (json.isString() && json.toString().size() > 3)
            QVERIFY2(!e->message.contains(json.toString()), qPrintable(e->message));
    }

    void recordErrors()
    {
        const QJsonObject good = residentJson();
        {
            QJsonObject o = good;
            o.insert(QStringLiteral("kind"), QStringLiteral("salary_slip"));
            const RecordError e = errorOf(o);
            QCOMPARE(e.code, QStringLiteral("unknown_kind"));
        }
        {
            QJsonObject o = good;
            o.insert(QStringLiteral("id"), QStringLiteral("not-a-uuid"));
            const RecordError e = errorOf(o);
            QCOMPARE(e.code, QStringLiteral("invalid_field"));
            QCOMPARE(e.field, QStringLiteral("id"));
            QCOMPARE(decodeRecord(o).id, QStringLiteral("not-a-uuid")); // kept for the verdict
        }
        {
            QJsonObject o = good;
            o.remove(QStringLiteral("station_id"));
            const RecordError e = errorOf(o);
            QCOMPARE(e.code, QStringLiteral("missing_field"));
            QCOMPARE(e.field, QStringLiteral("station_id"));
        }
        {
            const RecordError e = errorOf(withField(good, QStringLiteral("shoe_size"), 38));
            QCOMPARE(e.code, QStringLiteral("unknown_field"));
            QCOMPARE(e.field, QStringLiteral("shoe_size"));
        }
        {
            const RecordError e = errorOf(withField(good, QStringLiteral("village"), QStringLiteral("白杜村"), false));
            QCOMPARE(e.code, QStringLiteral("missing_stamp"));
            QCOMPARE(e.field, QStringLiteral("village"));
        }
        {
            QJsonObject o = withField(good, QStringLiteral("village"), QStringLiteral("白杜村"));
            QJsonObject s = o[QStringLiteral("stamps")].toObject();
            s.insert(QStringLiteral("village"), QStringLiteral("yesterday"));
            o.insert(QStringLiteral("stamps"), s);
            const RecordError e = errorOf(o);
            QCOMPARE(e.code, QStringLiteral("missing_stamp"));
            QCOMPARE(e.field, QStringLiteral("village"));
        }
        {
            // Every stamp a field.
            QJsonObject o = good;
            QJsonObject s = o[QStringLiteral("stamps")].toObject();
            s.insert(QStringLiteral("address"), stamp(1764400000000).toString());
            o.insert(QStringLiteral("stamps"), s);
            const RecordError e = errorOf(o);
            QCOMPARE(e.code, QStringLiteral("missing_field"));
            QCOMPARE(e.field, QStringLiteral("address"));
        }
        {
            // A stamp without a field after every field (the fields and stamps are walked side by side).
            QJsonObject o = good;
            QJsonObject s = o[QStringLiteral("stamps")].toObject();
            s.insert(QStringLiteral("zz_extra"), stamp(1764400000000).toString());
            o.insert(QStringLiteral("stamps"), s);
            const RecordError e = errorOf(o);
            QCOMPARE(e.code, QStringLiteral("missing_field"));
            QCOMPARE(e.field, QStringLiteral("zz_extra"));
        }
        {
            const RecordError e = errorOf(withField(good, QStringLiteral("id_number"), QStringLiteral("330282198001010020")));
            QCOMPARE(e.code, QStringLiteral("invalid_field"));
            QCOMPARE(e.field, QStringLiteral("id_number"));
            QCOMPARE(e.message, QStringLiteral("身份证号校验位错误"));
        }
        {
            // Reference kinds decode (the server rejects them read_only_kind), station_id may be null.
            WireRecord f;
            f.kind = Kind::Facility;
            f.id = kId2;
            f.writes = {{QStringLiteral("code"), QStringLiteral("H-01"), stamp(1, 0, QStringLiteral("district"))}};
            const QJsonObject o = encodeRecord(f);
            QVERIFY(o[QStringLiteral("station_id")].isNull());
            const DecodedRecord d = decodeRecord(o);
            QVERIFY(d.ok());
            QVERIFY(d.record->stationId.isEmpty());
        }
        // Shapes that are not records at all.
        QVERIFY(!decodeRecord(QJsonValue(3)).malformed.isEmpty());
        {
            QJsonObject o = good;
            o.insert(QStringLiteral("extra"), 1);
            QVERIFY(!decodeRecord(o).malformed.isEmpty());
        }
        {
            QJsonObject o = good;
            o.insert(QStringLiteral("fields"), QJsonArray());
            QVERIFY(!decodeRecord(o).malformed.isEmpty());
        }
        {
            QJsonObject o = good;
            o.insert(QStringLiteral("id"), 5);
            QVERIFY(!decodeRecord(o).malformed.isEmpty());
        }
    }

    void pushRequestRoundTrip()
    {
        PushRequest p;
        p.batchId = kId2;
        p.deviceTime = stamp(1764400000999, 7);
        p.pushesAcknowledged = 41;
        p.records << resident();
        const auto parsed = parsePushRequest(p.toJson());
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        QCOMPARE(parsed.value().batchId, kId2);
        QCOMPARE(parsed.value().deviceTime, p.deviceTime);
        QCOMPARE(parsed.value().pushesAcknowledged, 41);
        QCOMPARE(parsed.value().records.size(), 1);
        QVERIFY(parsed.value().records[0].ok());
        QCOMPARE(encodeRecord(*parsed.value().records[0].record), encodeRecord(p.records[0]));
    }

    void pushRequestPerRecordErrorsStayPerRecord()
    {
        QJsonObject bad = residentJson();
        bad.insert(QStringLiteral("kind"), QStringLiteral("nope"));
        const auto parsed = parsePushRequest(pushJson({residentJson(), bad}));
        QVERIFY(parsed.ok());
        QVERIFY(parsed.value().records[0].ok());
        QCOMPARE(parsed.value().records[1].error->code, QStringLiteral("unknown_kind"));
    }

    void pushRequestErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("status");
        auto envelope = [](const char *key, const QJsonValue &value) {
            QJsonObject o = QJsonDocument::fromJson(pushJson({})).object();
            if (value.isUndefined())
                o.remove(QLatin1String(key));
            else
                o.insert(QLatin1String(key), value);
            return QJsonDocument(o).toJson(QJsonDocument::Compact);
        };
        QTest::newRow("not json") << QByteArray("{\"protocol\": 1,") << "malformed_json" << 400;
        QTest::newRow("invalid utf-8") << QByteArray("{\"a\": \"\xff\xfe\"}") << "malformed_json" << 400;
        QTest::newRow("deep nesting") << QByteArray(100000, '[') << "malformed_json" << 400;
        QTest::newRow("array body") << QByteArray("[]") << "schema_violation" << 400;
        QTest::newRow("protocol 2") << pushJson({}, 2) << "unsupported_protocol" << 400;
        QTest::newRow("protocol missing") << envelope("protocol", QJsonValue(QJsonValue::Undefined))
                                          << "schema_violation" << 400;
        QTest::newRow("protocol string") << envelope("protocol", "1") << "schema_violation" << 400;
        QTest::newRow("batch_id missing") << envelope("batch_id", QJsonValue(QJsonValue::Undefined))
                                          << "schema_violation" << 400;
        QTest::newRow("batch_id not uuid") << envelope("batch_id", "batch-1") << "schema_violation" << 400;
        QTest::newRow("device_time bad") << envelope("device_time", "now") << "schema_violation" << 400;
        QTest::newRow("pushes_acknowledged negative") << envelope("pushes_acknowledged", -1) << "schema_violation" << 400;
        QTest::newRow("pushes_acknowledged fraction") << envelope("pushes_acknowledged", 1.5) << "schema_violation" << 400;
        QTest::newRow("records object") << envelope("records", QJsonObject()) << "schema_violation" << 400;
        QTest::newRow("unknown member") << envelope("sql", "DROP TABLE resident") << "schema_violation" << 400;
        QTest::newRow("record not object") << pushJson({QJsonValue("x")}) << "schema_violation" << 400;
        QJsonArray many;
        for (int i = 0; i < 501; ++i)
            many.append(QJsonObject());
        QTest::newRow("501 records") << pushJson(many) << "too_large" << 413;
        QTest::newRow("over 1 MiB") << QByteArray(1024 * 1024 + 1, ' ') << "too_large" << 413;
    }

    void pushRequestErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        QFETCH(int, status);
        const auto parsed = parsePushRequest(body);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, code);
        QCOMPARE(httpStatusFor(parsed.error().code), status);
        QVERIFY(parsed.error().message.contains(QStringLiteral(" / ")));
    }

    void pushResponseRoundTrip()
    {
        PushResponse r;
        r.batchId = kId2;
        r.serverTime = stamp(1764400001000, 0, QStringLiteral("district"));
        r.pushesAcknowledged = 42;
        r.results << RecordResult{kId, Verdict::Applied, std::nullopt}
                  << RecordResult{kId2, Verdict::Unchanged, std::nullopt}
                  << RecordResult{QStringLiteral("x"), Verdict::Rejected,
                                  RecordError{QStringLiteral("invalid_field"), QStringLiteral("id_number"),
                                              QStringLiteral("身份证号校验位错误")}};
        const QByteArray json = r.toJson();
        QVERIFY(json.contains("\"status\":\"rejected\""));
        QVERIFY(!json.contains("\"error\":{\"code\":\"invalid_field\",\"message\":\"身份证号校验位错误\"}}")); // has field
        const auto back = parsePushResponse(json);
        QVERIFY2(back.ok(), qPrintable(back.error().message));
        QCOMPARE(back.value().results, r.results);
        QCOMPARE(back.value().pushesAcknowledged, 42);
        QCOMPARE(back.value().serverTime, r.serverTime);
        QCOMPARE(back.value().toJson(), json);
        QVERIFY(!parsePushResponse("{\"batch_id\":1}").ok());
    }

    // The station reads the usual answer (every record stored) without a QJsonDocument; whatever that
    // reads must read the same through the general parser (the same text indented takes that path), and
    // anything else (a rejection, escapes, another shape) falls through to it.
    void pushResponseFastPathReadsAsTheGeneralOne()
    {
        const auto general = [](const QByteArray &json) {
            return parsePushResponse(QJsonDocument::fromJson(json).toJson(QJsonDocument::Indented));
        };
        PushResponse r;
        r.batchId = kId2;
        r.serverTime = stamp(1764400001000, 3, QStringLiteral("district"));
        r.pushesAcknowledged = 1234567;
        for (int i = 0; i < 500; ++i)
            r.results << RecordResult{QStringLiteral("%1-%2").arg(kId).arg(i), i % 7 ? Verdict::Applied : Verdict::Unchanged, std::nullopt};
        const QByteArray json = r.toJson();
        const auto fast = parsePushResponse(json);
        const auto slow = general(json);
        QVERIFY(fast.ok() && slow.ok());
        QCOMPARE(fast.value().results, r.results);
        QCOMPARE(fast.value().results, slow.value().results);
        QCOMPARE(fast.value().batchId, slow.value().batchId);
        QCOMPARE(fast.value().serverTime, slow.value().serverTime);
        QCOMPARE(fast.value().pushesAcknowledged, slow.value().pushesAcknowledged);
        PushResponse none = r;
        none.results.clear();
        QCOMPARE(parsePushResponse(none.toJson()).value().results.size(), 0);

        // Each of these is a valid answer the fast path leaves to the general one, or an invalid one
        // both refuse: the outcome is the general parser's either way.
        const QList<QByteArray> others{
            QByteArray(json).replace("\"status\":\"unchanged\"", "\"status\":\"rejected\""), // no error: invalid
            QByteArray(json).replace("\"pushes_acknowledged\":1234567", "\"pushes_acknowledged\":01234567"),
            QByteArray(json).replace("\"pushes_acknowledged\":1234567", "\"pushes_acknowledged\":-1"),
            QByteArray(json).replace("\"pushes_acknowledged\":1234567", "\"pushes_acknowledged\":1234567890123456"),
            QByteArray(json).replace("\"status\":\"applied\"", "\"status\":\"stored\""),
            QByteArray(json).replace(kId.toLatin1() + "-1\"", kId.toLatin1() + "-\\u00e51\""),
            QByteArray(json).replace(kId.toLatin1() + "-2\"", kId.toLatin1() + "-\xe5\x8f\xb7" "2\""),
            QByteArray(json).replace("],\"server_time\"", "],\"extra\":1,\"server_time\""),
            QByteArray(json).replace("\"server_time\":\"", "\"server_time\":\"x"),
            QByteArray(json).chopped(1),
            json + " ",
            QByteArray(json).replace(",{\"id\"", ", {\"id\""),
        };
        for (const QByteArray &other : others) {
            const auto a = parsePushResponse(other);
            const auto b = parsePushResponse(QJsonDocument::fromJson(other).isNull() ? other : QJsonDocument::fromJson(other).toJson());
            QCOMPARE(a.ok(), b.ok());
            if (a.ok()) {
                QCOMPARE(a.value().results, b.value().results);
                QCOMPARE(a.value().pushesAcknowledged, b.value().pushesAcknowledged);
                QCOMPARE(a.value().serverTime, b.value().serverTime);
            }
        }
        QVERIFY(!parsePushResponse(others[0]).ok());
        QVERIFY(!parsePushResponse(others[1]).ok());
        QVERIFY(!parsePushResponse(others[2]).ok());
        QCOMPARE(parsePushResponse(others[3]).value().pushesAcknowledged, 1234567890123456);
        QVERIFY(!parsePushResponse(others[4]).ok());
        QCOMPARE(parsePushResponse(others[5]).value().results[1].id, kId + QStringLiteral("-å1"));
        QCOMPARE(parsePushResponse(others[6]).value().results[2].id, kId + QStringLiteral("-号2"));
        QVERIFY(!parsePushResponse(others[7]).ok());
        QVERIFY(!parsePushResponse(others[8]).ok());
        QVERIFY(!parsePushResponse(others[9]).ok());
        QVERIFY(parsePushResponse(others[10]).ok());
        QCOMPARE(parsePushResponse(others[11]).value().results, r.results);
    }

    void pullQuery()
    {
        auto parse = [](const QString &q) { return parsePullQuery(QUrlQuery(q)); };
        QCOMPARE(parse(QString()).value().limit, 500);
        QCOMPARE(parse(QStringLiteral("limit=0")).value().limit, 1);
        QCOMPARE(parse(QStringLiteral("limit=-5")).value().limit, 1);
        QCOMPARE(parse(QStringLiteral("limit=100000000000")).value().limit, 1000);
        QCOMPARE(parse(QStringLiteral("limit=37")).value().limit, 37);
        QCOMPARE(parse(QStringLiteral("limit=abc")).error().code, QStringLiteral("schema_violation"));
        QVERIFY(parse(QStringLiteral("include_own=1")).value().includeOwn);
        QVERIFY(!parse(QStringLiteral("include_own=0")).value().includeOwn);
        QCOMPARE(parse(QStringLiteral("include_own=maybe")).error().code, QStringLiteral("schema_violation"));
        PullQuery q;
        q.cursor = QStringLiteral("a+b/c=d&e");
        q.limit = 3;
        q.includeOwn = true;
        const auto back = parse(q.toQueryString());
        QCOMPARE(back.value().cursor, q.cursor);
        QCOMPARE(back.value().limit, 3);
        QVERIFY(back.value().includeOwn);
    }

    void pullResponseRoundTrip()
    {
        PullResponse p;
        p.changes << resident();
        p.cursor = QStringLiteral("c1");
        p.hasMore = true;
        p.serverTime = stamp(5, 0, QStringLiteral("district"));
        const auto back = parsePullResponse(p.toJson());
        QVERIFY2(back.ok(), qPrintable(back.error().message));
        QCOMPARE(back.value().changes.size(), 1);
        QVERIFY(back.value().changes[0].ok());
        QCOMPARE(encodeRecord(*back.value().changes[0].record), encodeRecord(p.changes[0]));
        QCOMPARE(back.value().cursor, p.cursor);
        QVERIFY(back.value().hasMore);
        QCOMPARE(back.value().serverTime, p.serverTime);
    }

    void receiptDigestVector()
    {
        // Computed independently (Python hashlib):
        // sha256("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b|1764400000000-0001-k3j5x7q2m9d4a6b8") XOR
        // sha256("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c|1764400000123-00ff-district")
        ReceiptDigest d;
        QCOMPARE(d.hex(), QString(64, u'0'));
        d.add(kId, stamp(1764400000000, 1));
        QCOMPARE(d.hex(), QStringLiteral("789d59082df4aa16244e4d5dc42f11fb5e1279cccb11007a551928e6bbab588d"));
        d.add(kId2, QStringLiteral("1764400000123-00ff-district"));
        QCOMPARE(d.hex(), QStringLiteral("91a5606828806a49da2a0a61aa8f465185aec5917bf947ed5c211ce95d78d966"));
        QCOMPARE(d.count(), 2);
        // Order does not matter.
        ReceiptDigest e;
        e.add(kId2, stamp(1764400000123, 0xff, QStringLiteral("district")));
        e.add(kId, stamp(1764400000000, 1));
        QCOMPARE(e.hex(), d.hex());

        ReceiptResponse r;
        r.kinds.insert(Kind::Resident, KindReceipt{2, d.hex()});
        r.kinds.insert(Kind::Staff, KindReceipt{0, QString(64, u'0')});
        r.serverTime = stamp(9, 0, QStringLiteral("district"));
        const auto back = parseReceiptResponse(r.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back.value().kinds, r.kinds);
    }

    void enrollAndHealth()
    {
        EnrollRequest e{QStringLiteral("FH-XW-012"), QStringLiteral("K7Q2-M9XD"), kNode, QStringLiteral("妇女之家平板1")};
        const auto back = parseEnrollRequest(e.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back.value().deviceName, e.deviceName);
        QCOMPARE(normalizeEnrollmentCode(u" k7q2-m9xd "), QStringLiteral("K7Q2M9XD"));
        QVERIFY(isWellFormedEnrollmentCode(normalizeEnrollmentCode(u"K7Q2-M9XD")));
        QVERIFY(!isWellFormedEnrollmentCode(u"K7Q2M9X0"));
        EnrollRequest bad = e;
        bad.deviceId = QStringLiteral("district");
        QCOMPARE(parseEnrollRequest(bad.toJson()).error().code, QStringLiteral("schema_violation"));
        bad.deviceId = QStringLiteral("SHORT");
        QCOMPARE(parseEnrollRequest(bad.toJson()).error().code, QStringLiteral("schema_violation"));

        EnrollResponse r;
        r.deviceId = kNode;
        r.deviceToken = QStringLiteral("tok");
        r.station = {QStringLiteral("FH-XW-012"), QStringLiteral("西坞妇女之家"), QStringLiteral("西坞街道"),
                     {QStringLiteral("白杜村")}};
        r.serverTime = stamp(1, 0, QStringLiteral("district"));
        const auto rb = parseEnrollResponse(r.toJson());
        QVERIFY2(rb.ok(), qPrintable(rb.error().message));
        QCOMPARE(rb.value().station.villages, r.station.villages);

        HealthResponse h;
        h.version = QStringLiteral("0.1.0");
        h.serverTime = r.serverTime;
        QCOMPARE(parseHealthResponse(h.toJson()).value().serverTime, h.serverTime);

        const Error err = requestError(req::Unauthenticated, QStringLiteral("未登记"), QStringLiteral("Not enrolled"));
        QCOMPARE(parseErrorBody(errorBody(err))->code, QStringLiteral("unauthenticated"));
        QCOMPARE(httpStatusFor(u"unauthenticated"), 401);
        QCOMPARE(httpStatusFor(u"rate_limited"), 429);
        QCOMPARE(httpStatusFor(u"overloaded"), 503);
        QVERIFY(isRetriedAutomatically(u"clock_ahead"));
        QVERIFY(!isRetriedAutomatically(u"invalid_field"));
    }

    void gzip()
    {
        QByteArray data;
        QRandomGenerator rng(7);
        for (int i = 0; i < 100000; ++i)
            data.append(char('a' + rng.bounded(4)));
        const QByteArray z = gzipCompress(data);
        QVERIFY(z.size() < data.size());
        QCOMPARE(gzipCompress(data), z); // deterministic
        QCOMPARE(gzipDecompress(z, data.size()).value(), data);
        // Two members concatenated.
        QCOMPARE(gzipDecompress(z + gzipCompress("xy"), data.size() + 2).value(), data + "xy");
        // The fast compressor (push bodies): any gzip reader takes it, deterministic, and a small body
        // after a large one (its buffer is kept) is whole.
        const QByteArray fast = gzipCompressFast(data);
        QVERIFY(fast.size() < data.size() / 3);
        QCOMPARE(static_cast<quint8>(fast[0]), quint8(0x1f));
        QCOMPARE(gzipCompressFast(data), fast);
        QCOMPARE(gzipDecompress(fast, data.size()).value(), data);
        QCOMPARE(gzipDecompress(gzipCompressFast("xy"), 2).value(), QByteArray("xy"));
        QCOMPARE(gzipDecompress(gzipCompressFast(QByteArray()), 0).value(), QByteArray());
        // The cap: one byte short is too_large.
        QCOMPARE(gzipDecompress(z, data.size() - 1).error().code, QStringLiteral("too_large"));
        // A bomb: 64 MiB of zeros stops at the cap.
        const QByteArray bomb = gzipCompress(QByteArray(64 * 1024 * 1024, '\0'), 9);
        QVERIFY(bomb.size() < 100 * 1024);
        QCOMPARE(gzipDecompress(bomb, 8 * 1024 * 1024).error().code, QStringLiteral("too_large"));
        // Broken streams.
        QCOMPARE(gzipDecompress("not gzip at all, really", 100).error().code, QStringLiteral("malformed_body"));
        QCOMPARE(gzipDecompress(z.left(z.size() / 2), data.size()).error().code, QStringLiteral("malformed_body"));
        QByteArray flipped = z;
        flipped[flipped.size() - 6] = char(flipped[flipped.size() - 6] ^ 0x40); // CRC
        QCOMPARE(gzipDecompress(flipped, data.size()).error().code, QStringLiteral("malformed_body"));
        QCOMPARE(gzipDecompress(z + "junk", data.size()).error().code, QStringLiteral("malformed_body"));
        QCOMPARE(gzipDecompress(QByteArray(), 10).error().code, QStringLiteral("malformed_body"));
        // The size in the trailer (ISIZE) is a hint for the output buffer, never trusted: a member whose
        // size lies either way is refused, and a bomb that claims to be small still stops at the cap.
        const auto withSize = [](QByteArray gz, quint32 size) {
            for (int i = 0; i < 4; ++i)
                gz[gz.size() - 4 + i] = char((size >> (8 * i)) & 0xff);
            return gz;
        };
        QCOMPARE(gzipDecompress(withSize(z, quint32(data.size() - 1)), data.size()).error().code, QStringLiteral("malformed_body"));
        QCOMPARE(gzipDecompress(withSize(z, quint32(data.size() + 1)), data.size() + 1).error().code, QStringLiteral("malformed_body"));
        QCOMPARE(gzipDecompress(withSize(z, 0xffffffffu), data.size()).error().code, QStringLiteral("malformed_body"));
        QCOMPARE(gzipDecompress(withSize(bomb, 100), 8 * 1024 * 1024).error().code, QStringLiteral("too_large"));
        QCOMPARE(gzipDecompress(withSize(fast, quint32(data.size())), data.size()).value(), data); // the true size
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
