// parsePushRequest's two readers (protocol/pushreader.h) against each other: for every body, whenever
// the single-pass reader answers, the QJsonDocument reference reader accepts the body too and gives the
// same ParsedPush field by field (envelope, every record's id, kind, error, and every write's field,
// typed value and stamp); and parsePushRequest gives what the reference reader gives, errors included.
// Bodies: every kind with every wire field (values, nulls, sets), escapes and unicode, per-record
// errors, key orders and white space the station does not write, numbers and strings the single-pass
// reader leaves to the reference reader, and thousands of mutated bodies from a fixed seed.
#include "protocol/messages.h"
#include "protocol/pushreader.h"
#include "protocol/recordcodec.h"

#include "core/idnumber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace lanxin;
using namespace lanxin::protocol;

namespace {

const QString kId = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
const QString kId2 = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c");
const QString kNode = QStringLiteral("k3j5x7q2m9d4a6b8");
const QString kStation = QStringLiteral("FH-XW-012");

QString validIdNumber()
{
    const QString first17 = QStringLiteral("33028219800101002");
    return first17 + idNumberCheckChar(first17);
}

/// A valid value of every wire field of `kind` (i varies them), or nulls.
WireRecord everyField(Kind kind, const QString &id, int seed, bool nulls)
{
    WireRecord r;
    r.kind = kind;
    r.id = id;
    r.stationId = kindSpec(kind).reference ? QString() : kStation;
    int i = seed;
    for (const QString &field : wireFieldNames(kind)) {
        ++i;
        const Hlc h {1764400000000 + i, quint16(i * 7), i % 5 == 0 ? QStringLiteral("district") : kNode};
        QVariant v;
        if (nulls) {
            r.writes << FieldWrite {field, v, h};
            continue;
        }
        if (field == QLatin1String("created_at"))
            v = QDateTime::fromMSecsSinceEpoch(1764400000123 + i, Qt::UTC);
        else if (field == QLatin1String("deleted"))
            v = i % 2 == 0;
        else if (setMember(kind, field))
            v = i % 3 != 0;
        else if (const FieldSpec *f = fieldSpec(kind, field)) {
            switch (f->type) {
            case FieldType::Date:
                v = QDate(1980, 1, 1).addDays(i * 37);
                break;
            case FieldType::Instant:
                v = QDateTime::fromMSecsSinceEpoch(1764400000000 + 61001LL * i, Qt::UTC);
                break;
            case FieldType::Bool:
                v = i % 2 == 1;
                break;
            case FieldType::Int:
                v = qint64(30 + i);
                break;
            case FieldType::Enum:
                v = QString::fromLatin1(f->values[size_t(i) % f->values.size()]);
                break;
            case FieldType::Ref:
                v = kId2;
                break;
            case FieldType::TextList:
                v = QStringList {QStringLiteral("甲村"), QStringLiteral("乙\"村\\"), QStringLiteral("丙村")};
                break;
            case FieldType::Set:
                break;
            case FieldType::Text:
                if (field == QLatin1String("phone"))
                    v = QStringLiteral("13812345678");
                else if (field == QLatin1String("id_number"))
                    v = validIdNumber();
                else if (field == QLatin1String("code") || field == QLatin1String("facility_code"))
                    v = QStringLiteral("FH-H%1").arg(i); // codes are ASCII letters, digits and - _ .
                else if (field.endsWith(QLatin1String("notes")))
                    v = QStringLiteral("第一行\n第二行\t制表 \"引号\" 反斜杠\\ 😀");
                else
                    v = QStringLiteral("值%1 \"引\\号\" </x> / é 😀")
                            .arg(i)
                            .left(f->maxLength > 0 ? f->maxLength : 100);
                break;
            }
        }
        r.writes << FieldWrite {field, v, h};
    }
    return r;
}

QByteArray body(const QList<WireRecord> &records, qint64 acknowledged = 41)
{
    PushRequest p;
    p.batchId = kId2;
    p.deviceTime = Hlc {1764400000999, 7, kNode};
    p.pushesAcknowledged = acknowledged;
    p.records = records;
    return p.toJson();
}

/// Every kind, with values and with nulls.
QByteArray everyKindBody()
{
    QList<WireRecord> records;
    int n = 0;
    for (Kind k : allKinds()) {
        records << everyField(k, kId, n * 11, false) << everyField(k, kId2, n * 11, true);
        ++n;
    }
    return body(records);
}

/// A small body with one record given as JSON text (for hand-written values and shapes).
QByteArray withRecord(const QByteArray &recordJson)
{
    QByteArray b = body({});
    b.chop(2); // "]}"
    b += recordJson + "]}";
    return b;
}

/// A resident record as JSON with `fields` and `stamps` members given as text.
QByteArray residentJson(const QByteArray &fields, const QByteArray &stamps,
    const QByteArray &kind = "resident", const QByteArray &id = kId.toLatin1())
{
    return "{\"fields\":{" + fields + "},\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"stamps\":{"
        + stamps + "},\"station_id\":\"FH-XW-012\"}";
}

const QByteArray kStamp = "\"1764400000000-0001-k3j5x7q2m9d4a6b8\"";

/// One field of a resident with its stamp.
QByteArray residentWith(const QByteArray &field, const QByteArray &valueJson)
{
    return withRecord(residentJson("\"" + field + "\":" + valueJson, "\"" + field + "\":" + kStamp));
}

QString describe(const QVariant &v)
{
    return QStringLiteral("%1 %2").arg(
        QString::fromLatin1(v.typeName() ? v.typeName() : "invalid"), v.toString());
}

/// The first difference between two parsed pushes, or "" when they are the same field by field.
QString difference(const ParsedPush &a, const ParsedPush &b)
{
    if (a.protocol != b.protocol || a.batchId != b.batchId || a.deviceTime != b.deviceTime
        || a.pushesAcknowledged != b.pushesAcknowledged)
        return QStringLiteral("envelope");
    if (a.records.size() != b.records.size())
        return QStringLiteral("record count %1 vs %2").arg(a.records.size()).arg(b.records.size());
    for (qsizetype i = 0; i < a.records.size(); ++i) {
        const DecodedRecord &x = a.records[i];
        const DecodedRecord &y = b.records[i];
        const QString at = QStringLiteral("records[%1]: ").arg(i);
        if (x.id != y.id || x.kindName != y.kindName || x.malformed != y.malformed)
            return at + QStringLiteral("id, kind or malformed");
        if (x.error != y.error)
            return at
                + QStringLiteral("error %1 %2 \"%3\" vs %4 %5 \"%6\"")
                      .arg(x.error ? x.error->code : QString(), x.error ? x.error->field : QString(),
                          x.error ? x.error->message : QString(), y.error ? y.error->code : QString(),
                          y.error ? y.error->field : QString(), y.error ? y.error->message : QString());
        if (x.record.has_value() != y.record.has_value())
            return at + QStringLiteral("decoded in one reader only");
        if (!x.record)
            continue;
        const WireRecord &r = *x.record;
        const WireRecord &s = *y.record;
        if (r.kind != s.kind || r.id != s.id || r.stationId != s.stationId)
            return at + QStringLiteral("envelope of the record");
        if (r.writes.size() != s.writes.size())
            return at + QStringLiteral("write count %1 vs %2").arg(r.writes.size()).arg(s.writes.size());
        for (qsizetype w = 0; w < r.writes.size(); ++w) {
            const FieldWrite &p = r.writes[w];
            const FieldWrite &q = s.writes[w];
            if (p.field != q.field || p.stamp != q.stamp)
                return at
                    + QStringLiteral("write %1: field or stamp (%2 vs %3)").arg(w).arg(p.field, q.field);
            if (p.value.isValid() != q.value.isValid() || p.value.typeId() != q.value.typeId()
                || p.value != q.value)
                return at + QStringLiteral("%1: %2 vs %3").arg(p.field, describe(p.value), describe(q.value));
            if (p.value.typeId() == QMetaType::QDateTime
                && p.value.toDateTime().timeSpec() != q.value.toDateTime().timeSpec())
                return at + QStringLiteral("%1: time spec").arg(p.field);
        }
    }
    return {};
}

/// How the readers answered one body.
struct Outcome
{
    bool singlePass = false; ///< the single-pass reader answered
    bool ok = false; ///< the body parsed
    QString problem; ///< non-empty: the readers disagree
};

Outcome compareReaders(const QByteArray &json)
{
    Outcome o;
    const auto fast = detail::parsePushRequestSinglePass(json);
    const auto reference = detail::parsePushRequestReference(json);
    const auto both = parsePushRequest(json);
    o.singlePass = fast.has_value();
    o.ok = reference.ok();
    if (fast) {
        if (!reference.ok())
            o.problem = QStringLiteral("the single-pass reader accepts what the reference refuses: ")
                + reference.error().code;
        else
            o.problem = difference(*fast, reference.value());
    }
    if (o.problem.isEmpty()) {
        if (both.ok() != reference.ok())
            o.problem = QStringLiteral("parsePushRequest and the reference disagree on success");
        else if (!both.ok()
            && (both.error().code != reference.error().code
                || both.error().message != reference.error().message))
            o.problem = QStringLiteral("parsePushRequest's error differs: ") + both.error().message;
        else if (both.ok())
            o.problem = difference(both.value(), reference.value());
    }
    return o;
}

#define COMPARE_READERS(json, expectSinglePass)                                                              \
    do {                                                                                                     \
        const QByteArray body_ = (json);                                                                     \
        const Outcome o_ = compareReaders(body_);                                                            \
        QVERIFY2(o_.problem.isEmpty(),                                                                       \
            qPrintable(o_.problem + QStringLiteral(" in ") + QString::fromUtf8(body_.left(300))));           \
        if (expectSinglePass)                                                                                \
            QVERIFY2(o_.singlePass,                                                                          \
                qPrintable(QStringLiteral("the single-pass reader gave up on ")                              \
                    + QString::fromUtf8(body_.left(300))));                                                  \
    } while (false)

} // namespace

class TestPushReader : public QObject
{
    Q_OBJECT

private slots:
    void everyKindEveryValue()
    {
        const QByteArray json = everyKindBody();
        COMPARE_READERS(json, true);
        // Not vacuous: the records decode (half of them with values), none is an error.
        const auto parsed = detail::parsePushRequestSinglePass(json);
        QVERIFY(parsed);
        QCOMPARE(parsed->records.size(), qsizetype(allKinds().size() * 2));
        for (const DecodedRecord &d : parsed->records)
            QVERIFY2(d.ok(),
                qPrintable(d.kindName + QStringLiteral(": ") + (d.error ? d.error->message : QString())));
        // The same JSON as QJsonDocument writes it indented: white space everywhere.
        const QByteArray indented = QJsonDocument::fromJson(json).toJson(QJsonDocument::Indented);
        COMPARE_READERS(indented, true);
        COMPARE_READERS(" \r\n\t" + json + "\n\t \r", true);
        // Written by the station's take (record JSON appended as is).
        QByteArray taken;
        PushBodyWriter writer(taken, kId, Hlc {1, 0, kNode}, 0, 2);
        for (Kind k : allKinds()) {
            QByteArray one;
            appendRecordJson(one, everyField(k, kId2, 3, false));
            writer.addJson(one);
        }
        writer.finish();
        COMPARE_READERS(taken, true);
        COMPARE_READERS(body({}), true);
        COMPARE_READERS(body({}, 0), true);
    }

    void ordersTheStationDoesNotWrite()
    {
        // Envelope members in another order, record members in another order, fields and stamps unsorted.
        const QByteArray rec = "{\"station_id\":\"FH-XW-012\",\"stamps\":{\"name\":" + kStamp + ",\"gender\":"
            + kStamp + "},\"kind\":\"resident\",\"fields\":{\"name\":\"张秀英\",\"gender\":\"F\"},\"id\":\""
            + kId.toLatin1() + "\"}";
        const QByteArray json = "{\"records\":[" + rec + "," + rec
            + "],\"pushes_acknowledged\":0,\"protocol\":1,"
              "\"device_time\":"
            + kStamp + ",\"batch_id\":\"" + kId2.toLatin1() + "\"}";
        COMPARE_READERS(json, true);
        // station_id absent or null (a reference kind decodes; a record kind misses it).
        COMPARE_READERS(withRecord("{\"fields\":{},\"id\":\"" + kId.toLatin1()
                            + "\",\"kind\":\"station\",\"stamps\":{}}"),
            true);
        COMPARE_READERS(withRecord("{\"fields\":{},\"id\":\"" + kId.toLatin1()
                            + "\",\"kind\":\"resident\",\"stamps\":{},\"station_id\":null}"),
            true);
        COMPARE_READERS(withRecord("{\"fields\":{},\"id\":\"" + kId.toLatin1()
                            + "\",\"kind\":\"resident\",\"stamps\":{},\"station_id\":\"\"}"),
            true);
    }

    void escapesAndUnicode_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("singlePass");
        QTest::newRow("plain") << QByteArray("\"白杜村\"") << true;
        QTest::newRow("quote backslash") << QByteArray("\"a\\\"b\\\\c\"") << true;
        QTest::newRow("slash") << QByteArray("\"a\\/b\"") << true;
        QTest::newRow("b f r") << QByteArray("\"a\\bb\\fc\\rd\"") << true;
        QTest::newRow("n t") << QByteArray("\"a\\nb\\tc\"") << true;
        QTest::newRow("u lower") << QByteArray("\"\\u00e9\\u4e2d\"") << true;
        QTest::newRow("u upper") << QByteArray("\"\\u00E9\\u4E2D\"") << true;
        QTest::newRow("u0000") << QByteArray("\"a\\u0000b\"") << true;
        QTest::newRow("u001f") << QByteArray("\"\\u001f\"") << true;
        QTest::newRow("2 3 4 bytes") << QByteArray("\"é中😀\xf4\x8f\xbf\xbf\"") << true;
        QTest::newRow("noncharacters") << QByteArray("\"\xef\xbf\xbe\xef\xbf\xbf\xef\xb7\x90\"") << true;
        QTest::newRow("surrogate pair escaped") << QByteArray("\"\\ud83d\\ude00\"") << false;
        QTest::newRow("lone surrogate escaped") << QByteArray("\"\\ud83d\"") << false;
        QTest::newRow("unknown escape") << QByteArray("\"\\q\"") << false;
        QTest::newRow("short u") << QByteArray("\"\\u12\"") << false;
        QTest::newRow("raw tab") << QByteArray("\"a\tb\"") << false;
        QTest::newRow("raw newline") << QByteArray("\"a\nb\"") << false;
        QTest::newRow("raw nul") << QByteArray("\"a\0b\"", 5) << false;
        QTest::newRow("overlong") << QByteArray("\"\xc0\xaf\"") << false;
        QTest::newRow("raw surrogate") << QByteArray("\"\xed\xa0\x80\"") << false;
        QTest::newRow("past 10FFFF") << QByteArray("\"\xf4\x90\x80\x80\"") << false;
        QTest::newRow("truncated sequence") << QByteArray("\"\xe4\xb8\"") << false;
        QTest::newRow("lone continuation") << QByteArray("\"\x80\"") << false;
        QTest::newRow("latin-1") << QByteArray("\"\xe9\"") << false;
    }

    void escapesAndUnicode()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, singlePass);
        // As a text value, a notes value (control characters allowed), a key, a kind, a station and an id.
        COMPARE_READERS(residentWith("address", value), singlePass);
        COMPARE_READERS(residentWith("notes", value), singlePass);
        COMPARE_READERS(withRecord(residentJson("\"x\":" + value, "\"x\":" + kStamp)), singlePass);
        COMPARE_READERS(
            withRecord(residentJson("\"name\":\"a\"", "\"name\":" + kStamp, value.mid(1).chopped(1))),
            singlePass);
        COMPARE_READERS(withRecord(residentJson(
                            "\"name\":\"a\"", "\"name\":" + kStamp, "resident", value.mid(1).chopped(1))),
            singlePass);
        QByteArray station = withRecord(residentJson("\"name\":\"a\"", "\"name\":" + kStamp));
        station.replace("\"FH-XW-012\"", value);
        COMPARE_READERS(station, singlePass);
        // Keys with escapes or beyond ASCII are the reference reader's.
        COMPARE_READERS(withRecord(residentJson(value + ":1", value + ":" + kStamp)), false);
    }

    void numbers_data()
    {
        QTest::addColumn<QByteArray>("number");
        QTest::addColumn<bool>("singlePass");
        QTest::newRow("0") << QByteArray("0") << true;
        QTest::newRow("30") << QByteArray("30") << true;
        QTest::newRow("-5") << QByteArray("-5") << true;
        QTest::newRow("15 digits") << QByteArray("999999999999999") << true;
        QTest::newRow("-15 digits") << QByteArray("-999999999999999") << true;
        QTest::newRow("16 digits") << QByteArray("9007199254740993") << false;
        QTest::newRow("2^53") << QByteArray("9007199254740992") << false;
        QTest::newRow("past int64") << QByteArray("99999999999999999999") << false;
        QTest::newRow("-0") << QByteArray("-0") << false;
        QTest::newRow("3e1") << QByteArray("3e1") << false;
        QTest::newRow("30.0") << QByteArray("30.0") << false;
        QTest::newRow("2.5") << QByteArray("2.5") << false;
        QTest::newRow("1e300") << QByteArray("1e300") << false;
        QTest::newRow("01") << QByteArray("01") << false;
        QTest::newRow("+1") << QByteArray("+1") << false;
        QTest::newRow("-") << QByteArray("-") << false;
    }

    void numbers()
    {
        QFETCH(QByteArray, number);
        QFETCH(bool, singlePass);
        QByteArray session = withRecord("{\"fields\":{\"capacity\":" + number + "},\"id\":\"" + kId.toLatin1()
            + "\",\"kind\":\"training_session\",\"stamps\":{\"capacity\":" + kStamp
            + "},\"station_id\":\"FH-XW-012\"}");
        COMPARE_READERS(session, singlePass);
        // A number where text, a date, a bool, a set member or a stamp belongs.
        COMPARE_READERS(residentWith("name", number), singlePass);
        COMPARE_READERS(residentWith("birth_date", number), singlePass);
        COMPARE_READERS(residentWith("needs_review", number), singlePass);
        COMPARE_READERS(residentWith("tags.migrant", number), singlePass);
        COMPARE_READERS(withRecord(residentJson("\"name\":\"a\"", "\"name\":" + number)), singlePass);
        // The envelope's numbers.
        QByteArray ack = body({});
        ack.replace("\"pushes_acknowledged\":41", "\"pushes_acknowledged\":" + number);
        COMPARE_READERS(ack, false);
        QByteArray protocol = body({});
        protocol.replace("\"protocol\":1", "\"protocol\":" + number);
        COMPARE_READERS(protocol, false);
    }

    void perRecordErrors()
    {
        const QByteArray good = "\"name\":\"张秀英\"";
        const QByteArray goodStamp = "\"name\":" + kStamp;
        const QList<QByteArray> bodies {
            withRecord(residentJson(good, goodStamp, "salary_slip")),
            withRecord(residentJson(good, goodStamp, "resident", "not-a-uuid")),
            withRecord(residentJson(good, goodStamp, "resident", kId.toUpper().toLatin1())),
            withRecord(
                "{\"fields\":{},\"id\":\"" + kId.toLatin1() + "\",\"kind\":\"resident\",\"stamps\":{}}"),
            withRecord(residentJson(good + ",\"shoe_size\":38", goodStamp + ",\"shoe_size\":" + kStamp)),
            withRecord(residentJson(good + ",\"tags\":[\"migrant\"]", goodStamp + ",\"tags\":" + kStamp)),
            withRecord(residentJson(good + ",\"tags.rich\":true", goodStamp + ",\"tags.rich\":" + kStamp)),
            withRecord(residentJson(good + ",\"village\":\"白杜村\"", goodStamp)), // missing stamp
            withRecord(residentJson(good, goodStamp + ",\"address\":" + kStamp)), // stamp without field
            withRecord(residentJson(good, goodStamp + ",\"zz\":" + kStamp)), // ... after every field
            withRecord(residentJson(good, goodStamp + ",\"aa\":" + kStamp)), // ... before every field
            withRecord(residentJson(good, "\"name\":\"yesterday\"")), // bad stamp
            withRecord(
                residentJson(good, "\"name\":\"1764400000000-0001-K3J5X7Q2M9D4A6B8\"")), // upper-case node
            withRecord(residentJson(good, "\"name\":\"1764400000000-0001-district\"")),
            withRecord(residentJson(good, "\"name\":\"1764400000000-000G-k3j5x7q2m9d4a6b8\"")),
            withRecord(residentJson(good, "\"name\":\"17644000000000001-k3j5x7q2m9d4a6b8\"")),
            withRecord(residentJson(good, "\"name\":\"1764400000000-0001-k3j5x7q2m9d4a6b\"")),
            withRecord(residentJson(good, "\"name\":\"1764400000000-0001-k3j5x7q2m9d4a6b8x\"")),
            withRecord(residentJson(good, "\"name\":\"1764400000000-0001-k3j5x7q2\\u006d9d4a6b8\"")),
            withRecord(residentJson(good, "\"name\":null")),
            withRecord(residentJson(good, "\"name\":[]")),
            withRecord(residentJson(good, "\"name\":17644000000000")),
        };
        for (const QByteArray &b : bodies)
            COMPARE_READERS(b, true);
        // Every value type given every other JSON type, and values validation refuses.
        const QList<QByteArray> values {"null", "true", "false", "0", "42", "-1", "\"\"", "\"x\"",
            "\"2026-11-28\"", "\"2026-02-30\"", "\"1800-01-01\"", "\"2026-11-28T02:15:00.000Z\"",
            "\"2026-11-28T02:15:00Z\"", "\"2026-11-28T24:15:00.000Z\"",
            "\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\"", "\"13812345678\"", "\"12345678901\"",
            "\"330282198001010020\"", "\"F\"", "\"open\"", "[]", "[\"a\",\"b\"]", "[1]", "[\"a\",null]", "{}",
            "\"" + QByteArray(60, 'a') + "\"", "\"张\\n秀\"", "\"\\u0001\""};
        for (Kind k : allKinds()) {
            for (const QString &field : wireFieldNames(k)) {
                for (const QByteArray &v : values) {
                    const QByteArray f = "\"" + field.toLatin1() + "\":";
                    const QByteArray rec = "{\"fields\":{" + f + v + "},\"id\":\"" + kId.toLatin1()
                        + "\",\"kind\":\"" + kindName(k).toLatin1() + "\",\"stamps\":{" + f + kStamp
                        + "},\"station_id\":\"FH-XW-012\"}";
                    // Arrays of non-strings and objects are the reference reader's.
                    const bool simple = v != "{}" && v != "[1]" && v != "[\"a\",null]";
                    COMPARE_READERS(withRecord(rec), simple);
                }
            }
        }
    }

    void bodiesTheSinglePassReaderLeaves()
    {
        const QByteArray rec = residentJson("\"name\":\"a\"", "\"name\":" + kStamp);
        const QList<QByteArray> bodies {
            QByteArray(),
            QByteArray("   "),
            QByteArray("[]"),
            QByteArray("{}"),
            QByteArray("null"),
            QByteArray("\xef\xbb\xbf") + body({}), // byte order mark
            body({}) + "x",
            body({}) + "{}",
            body({}).chopped(1),
            withRecord(rec + ",3"),
            withRecord("{\"fields\":{},\"id\":\"" + kId.toLatin1()
                + "\",\"kind\":\"resident\",\"stamps\":{},\"extra\":1}"),
            withRecord(
                "{\"fields\":[],\"id\":\"" + kId.toLatin1() + "\",\"kind\":\"resident\",\"stamps\":{}}"),
            withRecord("{\"fields\":{},\"id\":5,\"kind\":\"resident\",\"stamps\":{}}"),
            withRecord("{\"fields\":{},\"id\":\"" + kId.toLatin1()
                + "\",\"kind\":\"resident\",\"stamps\":{},\"station_id\":7}"),
            withRecord("{\"fields\":{},\"id\":\"" + kId.toLatin1() + "\",\"id\":\"" + kId2.toLatin1()
                + "\",\"kind\":\"resident\",\"stamps\":{}}"), // duplicate key
            withRecord(residentJson("\"name\":\"a\",\"name\":\"b\"", "\"name\":" + kStamp)),
            withRecord(residentJson("\"name\":\"a\"", "\"name\":" + kStamp + ",\"name\":\"x\"")),
            withRecord(residentJson("\"name\":{\"a\":[[[]]]}", "\"name\":" + kStamp)),
            withRecord(residentJson("\"name\":\"a\",", "\"name\":" + kStamp)), // trailing comma
            withRecord("{\"fields\":{},\"kind\":\"resident\",\"stamps\":{}}"),
            QByteArray(body({})).replace("\"batch_id\"", "\"batch\""),
            QByteArray(body({})).replace(kId2.toLatin1(), "batch-1"),
            QByteArray(body({})).replace(",\"records\":[]", ",\"records\":[],\"records\":[]"),
            QByteArray(body({})).replace(",\"records\":[]", ""),
            QByteArray(body({})).replace("\"records\":[]", "\"records\":{}"),
            QByteArray(body({})).replace("\"device_time\":\"", "\"device_time\":\"x"),
            QByteArray(body({})).replace("\"protocol\":1", "\"protocol\":2"),
            QByteArray(body({})).replace("\"protocol\":1", "\"protocol\":\"1\""),
            QByteArray(body({})).replace(",\"records\":[]", ",\"records\":[],\"sql\":1"),
        };
        for (const QByteArray &b : bodies) {
            const Outcome o = compareReaders(b);
            QVERIFY2(o.problem.isEmpty(), qPrintable(o.problem));
            QVERIFY2(!o.singlePass, b.constData());
        }
        // More records than a batch holds: too_large from the reference reader.
        QList<WireRecord> many;
        for (int i = 0; i < kMaxBatchRecords + 1; ++i)
            many << WireRecord {Kind::Station, kId, {}, {}};
        const QByteArray tooMany = body(many);
        QVERIFY(!detail::parsePushRequestSinglePass(tooMany));
        QCOMPARE(parsePushRequest(tooMany).error().code, QStringLiteral("too_large"));
        many.removeLast();
        COMPARE_READERS(body(many), true);
    }

    void mutatedBodies()
    {
        // Bodies of a few records, mutated at random (fixed seed): bytes changed, deleted, inserted,
        // ranges repeated, cut short. Both readers must agree on every one.
        QList<QByteArray> seeds {
            body({everyField(Kind::Resident, kId, 1, false), everyField(Kind::FamilyVisit, kId2, 2, false)}),
            body(
                {everyField(Kind::Station, kId, 3, false), everyField(Kind::TrainingSession, kId2, 4, true)}),
            body({everyField(Kind::ScreeningReferral, kId, 5, false)})};
        static constexpr char kInteresting[]
            = "{}[]\":,\\ \t\n0123456789-.eEtrufalsn/bu\x80\xc3\xa9\xef\xbf\xbe\xed\xf4";
        QRandomGenerator rng(20261130);
        int singlePass = 0, refused = 0, agreedWithErrors = 0;
        for (int i = 0; i < 3000; ++i) {
            QByteArray b = seeds[rng.bounded(int(seeds.size()))];
            const int edits = 1 + rng.bounded(3);
            for (int e = 0; e < edits && !b.isEmpty(); ++e) {
                const qsizetype at = rng.bounded(int(b.size()));
                switch (rng.bounded(6)) {
                case 0:
                    b[at] = kInteresting[rng.bounded(int(sizeof(kInteresting) - 1))];
                    break;
                case 1:
                    b[at] = char(rng.bounded(256));
                    break;
                case 2:
                    b.remove(at, 1 + rng.bounded(3));
                    break;
                case 3:
                    b.insert(at, kInteresting[rng.bounded(int(sizeof(kInteresting) - 1))]);
                    break;
                case 4:
                    b.insert(at, b.mid(at, 1 + rng.bounded(40)));
                    break;
                case 5:
                    b.truncate(at);
                    break;
                }
            }
            const Outcome o = compareReaders(b);
            QVERIFY2(
                o.problem.isEmpty(), qPrintable(QStringLiteral("mutation %1: %2").arg(i).arg(o.problem)));
            singlePass += o.singlePass ? 1 : 0;
            refused += o.ok ? 0 : 1;
            if (o.singlePass) {
                const auto parsed = detail::parsePushRequestSinglePass(b);
                for (const DecodedRecord &d : parsed->records)
                    agreedWithErrors += d.error ? 1 : 0;
            }
        }
        // Not vacuous: many mutated bodies go through the single-pass reader (some with per-record errors),
        // and many are refused as a whole.
        QVERIFY2(singlePass > 300, qPrintable(QString::number(singlePass)));
        QVERIFY2(agreedWithErrors > 50, qPrintable(QString::number(agreedWithErrors)));
        QVERIFY2(refused > 300, qPrintable(QString::number(refused)));
    }
};

QTEST_GUILESS_MAIN(TestPushReader)
#include "tst_pushreader.moc"
