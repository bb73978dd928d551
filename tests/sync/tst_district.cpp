// lanxin-district end to end: the real server process on 127.0.0.1, spoken to with QNetworkAccessManager
// as a station would, and its admin commands as processes (SYNC-PROTOCOL.md, CLI.md, SECURITY.md 5–13, 25).
// The tests of its limits, of TLS and of bulk throughput, each on a server of its own, are tst_districtlimits'.
#include "districttestcase.h"

#include "protocol/gzip.h"
#include "protocol/receiptdigest.h"

#include "core/ids.h"
#include "storage/fieldcipher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QRandomGenerator>
#include <QSqlError>
#include <QTemporaryFile>

using namespace lanxin;
using namespace lanxin::protocol;
using namespace lanxin::test;

class TestDistrict : public DistrictTestCase
{
    Q_OBJECT

    EnrolledDevice m_a1, m_a2, m_b1;

    void mergeScenario(bool a1First, WireRecord *out)
    {
        const WireRecord base = resident(kA, stamp(m_a1), QStringLiteral("合并"), 3000);
        pushOk(m_a1, {base});
        const Hlc t1 = stamp(m_a1, 10);
        const Hlc t2 = stamp(m_a2, 20);
        WireRecord e1{Kind::Resident, base.id, kA,
                      {{QStringLiteral("address"), QStringLiteral("一号路"), t1},
                       {QStringLiteral("village"), QStringLiteral("西坞村"), t1},
                       {QStringLiteral("tags.migrant"), true, t1}}};
        WireRecord e2{Kind::Resident, base.id, kA,
                      {{QStringLiteral("guardian_name"), QStringLiteral("监护人"), t2},
                       {QStringLiteral("village"), QStringLiteral("白杜村"), t2},
                       {QStringLiteral("tags.hardship"), true, t2}}};
        // Either order: each push has at least one newer field, so each is applied.
        const EnrolledDevice &first = a1First ? m_a1 : m_a2;
        const EnrolledDevice &second = a1First ? m_a2 : m_a1;
        QCOMPARE(pushOk(first, {a1First ? e1 : e2}).results.value(0).status, Verdict::Applied);
        QCOMPARE(pushOk(second, {a1First ? e2 : e1}).results.value(0).status, Verdict::Applied);
        if (const auto r = find(pullAll(m_a2, true), base.id))
            *out = *r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_d.isValid());
        QCOMPARE(m_d.run({QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), kA, QStringLiteral("--name"),
                          QStringLiteral("西坞妇女之家"), QStringLiteral("--town"), QStringLiteral("西坞街道"),
                          QStringLiteral("--villages"), QStringLiteral("白杜村,西坞村")})
                     .rc,
                 0);
        QCOMPARE(addStationB(m_d).rc, 0);
        QVERIFY(m_d.start(kGenerous));
        m_a1 = enrolled(m_d, kA);
        m_a2 = enrolled(m_d, kA);
        m_b1 = enrolled(m_d, kB);
        QVERIFY(!m_a1.token.isEmpty() && !m_a2.token.isEmpty() && !m_b1.token.isEmpty());
    }

    void health()
    {
        const Reply r = http(m_nam, "GET", m_d.url(QStringLiteral("/api/v1/health")));
        QCOMPARE(r.status, 200);
        auto h = parseHealthResponse(r.body);
        QVERIFY2(h.ok(), r.body.constData());
        QCOMPARE(h.value().protocol, 1);
        QCOMPARE(h.value().serverTime.node, QStringLiteral("district"));
        QVERIFY(qAbs(h.value().serverTime.ms - nowMs()) < 60000);
        // Unknown path and wrong method answer with protocol errors.
        QCOMPARE(http(m_nam, "GET", m_d.url(QStringLiteral("/nope"))).status, 404);
        const Reply wrong = http(m_nam, "POST", m_d.url(QStringLiteral("/api/v1/health")), "{}", kJson);
        QCOMPARE(wrong.status, 405);
        QVERIFY(!wrong.serverTime().isEmpty());
    }

    void enrollment()
    {
        const QString code = m_d.enrollmentCode(kA);
        QVERIFY(isWellFormedEnrollmentCode(normalizeEnrollmentCode(code)));
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Z2-9]{4}-[A-Z2-9]{4}$")).match(code).hasMatch());
        const QByteArray before = m_d.fingerprint();
        // Wrong code, a code of another station, a malformed request: nothing stored.
        QCOMPARE(enroll(m_d, kA, QStringLiteral("AAAA-BBBB"), deviceId(900)).code(), QStringLiteral("enrollment_code_invalid"));
        QCOMPARE(enroll(m_d, kA, QStringLiteral("AAAA-BBBB"), deviceId(900)).status, 403);
        QCOMPARE(enroll(m_d, kB, code, deviceId(900)).status, 403);
        QCOMPARE(http(m_nam, "POST", m_d.url(QStringLiteral("/api/v1/enroll")), "{\"station_code\": 5}", kJson).code(),
                 QStringLiteral("schema_violation"));
        QCOMPARE(m_d.fingerprint(), before);

        // The right code works once (lower case and without the dash too) ...
        const Reply ok = enroll(m_d, kA, code.toLower().remove(u'-'), deviceId(900));
        QCOMPARE(ok.status, 201);
        auto e = parseEnrollResponse(ok.body);
        QVERIFY2(e.ok(), ok.body.constData());
        QCOMPARE(e.value().deviceId, deviceId(900));
        QCOMPARE(e.value().station.code, kA);
        QCOMPARE(e.value().station.villages, (QStringList{QStringLiteral("白杜村"), QStringLiteral("西坞村")}));
        QCOMPARE(QByteArray::fromBase64(e.value().deviceToken.toLatin1(), QByteArray::Base64UrlEncoding).size(), 32);
        // ... then it is used.
        QCOMPARE(enroll(m_d, kA, code, deviceId(901)).code(), QStringLiteral("enrollment_code_invalid"));
        // A device id enrolled at A cannot enroll at B (409), and the code is not consumed by the refusal.
        const QString codeB = m_d.enrollmentCode(kB);
        const Reply taken = enroll(m_d, kB, codeB, deviceId(900));
        QCOMPARE(taken.status, 409);
        QCOMPARE(taken.code(), QStringLiteral("device_id_taken"));
        QCOMPARE(enroll(m_d, kB, codeB, deviceId(902)).status, 201);
        // device_name is optional.
        const Reply unnamed = http(m_nam, "POST", m_d.url(QStringLiteral("/api/v1/enroll")),
                                   QJsonDocument(QJsonObject{{QStringLiteral("station_code"), kB},
                                                             {QStringLiteral("enrollment_code"), m_d.enrollmentCode(kB)},
                                                             {QStringLiteral("device_id"), deviceId(903)}})
                                       .toJson(),
                                   kJson);
        QCOMPARE(unnamed.status, 201);
        // Only the token's hash is stored.
        for (const QString &file : QDir(m_d.dataDir()).entryList(QDir::Files)) {
            QFile f(m_d.dataDir() + u'/' + file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(e.value().deviceToken.toLatin1()), qPrintable(file));
        }
    }

    void enrollmentCodeExpires()
    {
        District d;
        QCOMPARE(addStationA(d).rc, 0);
        const QString fresh = d.enrollmentCode(kA);
        const QString old = d.enrollmentCode(kA);
        // The server's clock 71 h on: the code still works; 73 h on: expired.
        d.setEnv(QStringLiteral("LANXIN_CLOCK_OFFSET_MS"), QString::number(71LL * 3600 * 1000));
        QVERIFY(d.start());
        QCOMPARE(enroll(d, kA, fresh, deviceId(950)).status, 201);
        QCOMPARE(d.stop(), 0);
        d.setEnv(QStringLiteral("LANXIN_CLOCK_OFFSET_MS"), QString::number(73LL * 3600 * 1000));
        QVERIFY(d.start());
        const Reply r = enroll(d, kA, old, deviceId(951));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.code(), QStringLiteral("enrollment_code_invalid"));
        QCOMPARE(d.stop(), 0);
    }

    void pushWholeRequestErrors()
    {
        const QByteArray good = pushBody({resident(kA, stamp(m_a1), QStringLiteral("王芳"), 1)});
        QJsonObject v2 = QJsonDocument::fromJson(good).object();
        v2.insert(QStringLiteral("protocol"), 2);
        QJsonObject noBatch = QJsonDocument::fromJson(good).object();
        noBatch.remove(QStringLiteral("batch_id"));
        QList<WireRecord> many;
        for (int i = 0; i < 501; ++i)
            many << resident(kA, stamp(m_a1), QStringLiteral("多"), i);
        // Over 1 MiB of JSON that compresses well under 2 MiB; over 2 MiB as sent; a bomb past 8 MiB.
        QList<WireRecord> big;
        for (int i = 0; i < 100; ++i) {
            WireRecord v;
            v.kind = Kind::FamilyVisit;
            v.id = lowerUuid();
            v.stationId = kA;
            v.writes = {{QStringLiteral("notes"), QString(4000, u'好'), stamp(m_a1)}};
            big << v;
        }
        const QByteArray bigJson = pushBody(big);
        QVERIFY(bigJson.size() > 1024 * 1024);
        QByteArray huge(2 * 1024 * 1024 + 10, ' ');
        const QByteArray bomb = gzipCompress(QByteArray(9 * 1024 * 1024, ' '), 9);

        struct Case
        {
            const char *name;
            QByteArray body;
            Headers headers;
            int status;
            const char *code;
        };
        const Headers gz{{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}};
        const QList<Case> cases{
            {"malformed json", "{\"protocol\": 1, ", kJson, 400, "malformed_json"},
            {"broken gzip", "\x1f\x8b\x08\x00garbage-garbage-garbage", gz, 400, "malformed_body"},
            {"truncated gzip", gzipCompress(good).left(40), gz, 400, "malformed_body"},
            {"schema violation", QJsonDocument(noBatch).toJson(), kJson, 400, "schema_violation"},
            {"unsupported protocol", QJsonDocument(v2).toJson(), kJson, 400, "unsupported_protocol"},
            {"501 records", pushBody(many), kJson, 413, "too_large"},
            {"over 1 MiB of JSON", gzipCompress(bigJson), gz, 413, "too_large"},
            {"gzip bomb", bomb, gz, 413, "too_large"},
            {"over 2 MiB as sent", huge, kJson, 413, "too_large"},
            {"not json", good, Headers{{"Content-Type", "text/plain"}}, 415, "unsupported_media_type"},
            {"brotli", good, Headers{{"Content-Type", "application/json"}, {"Content-Encoding", "br"}}, 415,
             "unsupported_media_type"},
        };
        const QByteArray before = m_d.fingerprint();
        for (const Case &c : cases) {
            const Reply r = push(m_a1, c.body, c.headers);
            QVERIFY2(r.status == c.status, qPrintable(QStringLiteral("%1: %2 %3").arg(QLatin1String(c.name)).arg(r.status)
                                                          .arg(QString::fromUtf8(r.body.left(200)))));
            QCOMPARE(r.code(), QString::fromLatin1(c.code));
            QVERIFY2(r.json()[QStringLiteral("error")][QStringLiteral("message")].toString().contains(QStringLiteral(" / ")), c.name);
        }
        QCOMPARE(m_d.fingerprint(), before);
        // The server is still up and the good body still applies (and the fingerprint sees it).
        QCOMPARE(push(m_a1, good).status, 200);
        QVERIFY(m_d.fingerprint() != before);
    }

    void malformedCorpus()
    {
        // A generated corpus (fixed seed): byte mutations of a valid batch, deep nesting, invalid UTF-8, SQL
        // fragments and wrong types. Whole-request problems get their 4xx with nothing stored; the rest get
        // per-record verdicts; the server stays up.
        QRandomGenerator rng(20261129);
        QList<WireRecord> records;
        for (int i = 0; i < 5; ++i)
            records << resident(kA, stamp(m_a1), QStringLiteral("样本%1").arg(i), 9000 + i);
        const QByteArray valid = pushBody(records);
        QList<QByteArray> corpus;
        for (int i = 0; i < 150; ++i) {
            QByteArray b = valid;
            const int edits = 1 + int(rng.bounded(4));
            for (int e = 0; e < edits; ++e) {
                const int at = int(rng.bounded(b.size()));
                switch (rng.bounded(4)) {
                case 0: b[at] = char(rng.bounded(256)); break;
                case 1: b.remove(at, 1 + int(rng.bounded(8))); break;
                case 2: b.insert(at, "\"\\{}[],:"[rng.bounded(9)]); break;
                default: b.insert(at, QByteArray(1, char(0x80 + rng.bounded(64)))); break;
                }
            }
            corpus << b;
        }
        corpus << QByteArray(5000, '[') + QByteArray(5000, ']');
        corpus << "{\"protocol\":1,\"batch_id\":\"" + lowerUuid().toLatin1() + "\",\"device_time\":\"x\",\"records\":" +
                      QByteArray(3000, '[') + QByteArray(3000, ']') + "}";
        QJsonObject sqlish = encodeRecord(resident(kA, stamp(m_a1), QStringLiteral("x'); DROP TABLE record; --"), 9100));
        QJsonObject types = encodeRecord(resident(kA, stamp(m_a1), QStringLiteral("类型"), 9101));
        QJsonObject tf = types[QStringLiteral("fields")].toObject();
        tf.insert(QStringLiteral("birth_date"), 19800101);
        tf.insert(QStringLiteral("name"), QJsonArray{1, 2});
        types.insert(QStringLiteral("fields"), tf);
        const QByteArray mixed = QJsonDocument(QJsonObject{{QStringLiteral("protocol"), 1}, {QStringLiteral("batch_id"), lowerUuid()},
                                                           {QStringLiteral("device_time"), stamp(m_a1).toString()},
                                                           {QStringLiteral("pushes_acknowledged"), 0},
                                                           {QStringLiteral("records"), QJsonArray{sqlish, types}}})
                                     .toJson();
        corpus << mixed;
        int whole = 0;
        int verdicts = 0;
        for (const QByteArray &body : std::as_const(corpus)) {
            const QByteArray before = m_d.fingerprint();
            const Reply r = push(m_a1, body);
            QVERIFY2(r.status == 200 || r.status == 400 || r.status == 413, qPrintable(QString::number(r.status)));
            if (r.status == 200) {
                ++verdicts;
                QVERIFY(parsePushResponse(r.body).ok());
            } else {
                ++whole;
                QVERIFY(!r.code().isEmpty());
                QCOMPARE(m_d.fingerprint(), before);
            }
        }
        QVERIFY(whole > 50);
        const auto last = parsePushResponse(push(m_a1, mixed).body); // the same batch: its stored answer
        QVERIFY(last.ok());
        QCOMPARE(last.value().results.value(0).status, Verdict::Applied); // SQL in a name is just text
        QCOMPARE(last.value().results.value(1).error.value_or(RecordError{}).code, QStringLiteral("invalid_field"));
        QCOMPARE(http(m_nam, "GET", m_d.url(QStringLiteral("/api/v1/health"))).status, 200);
        qInfo("corpus: %d whole-request errors, %d answered with verdicts", whole, verdicts);
    }

    void unauthenticated()
    {
        const QByteArray body = pushBody({resident(kA, stamp(m_a1), QStringLiteral("赵丽"), 2)});
        const QByteArray before = m_d.fingerprint();
        const Reply missing = http(m_nam, "POST", m_d.url(QStringLiteral("/api/v1/sync/push")), body, kJson);
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.code(), QStringLiteral("unauthenticated"));
        EnrolledDevice unknown{deviceId(700), QStringLiteral("not-a-token"), kA};
        QCOMPARE(push(unknown, body).status, 401);
        QCOMPARE(pull(unknown, QString()).status, 401);
        QCOMPARE(m_d.fingerprint(), before);

        // Revocation takes effect on the next request.
        const EnrolledDevice d = enrolled(m_d, kA);
        QCOMPARE(pull(d, QString()).status, 200);
        QCOMPARE(m_d.run({QStringLiteral("device"), QStringLiteral("revoke"), QStringLiteral("--device"), d.id}).rc, 0);
        const QByteArray afterRevoke = m_d.fingerprint();
        QCOMPARE(push(d, body).status, 401);
        QCOMPARE(pull(d, QString()).code(), QStringLiteral("unauthenticated"));
        QCOMPARE(http(m_nam, "GET", m_d.url(QStringLiteral("/api/v1/sync/receipt")), {}, d.auth()).status, 401);
        QCOMPARE(m_d.fingerprint(), afterRevoke);
        const Admin list = m_d.run({QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--json")});
        bool found = false;
        for (const QJsonValue &v : QJsonDocument::fromJson(list.out.toUtf8()).array()) {
            if (v[QStringLiteral("device_id")].toString() == d.id) {
                found = true;
                QVERIFY(v[QStringLiteral("revoked")].toBool());
            }
        }
        QVERIFY(found);
    }

    void perRecordVerdicts()
    {
        // 500 residents; one has an ID number with a wrong check digit: it alone is rejected.
        QList<WireRecord> batch;
        for (int i = 0; i < 500; ++i)
            batch << resident(kA, stamp(m_a1), QStringLiteral("居民%1").arg(i), 1000 + i);
        WireRecord &bad = batch[137];
        for (FieldWrite &w : bad.writes) {
            if (w.field == QLatin1String("id_number")) {
                QString id = w.value.toString();
                id[17] = id[17] == u'1' ? u'2' : u'1';
                w.value = id;
            }
        }
        const PushResponse r = pushOk(m_a1, batch);
        QCOMPARE(r.results.size(), 500);
        int applied = 0;
        for (int i = 0; i < 500; ++i) {
            QCOMPARE(r.results[i].id, batch[i].id); // answers in the order sent
            if (i == 137) {
                QCOMPARE(r.results[i].status, Verdict::Rejected);
                QCOMPARE(r.results[i].error->code, QStringLiteral("invalid_field"));
                QCOMPARE(r.results[i].error->field, QStringLiteral("id_number"));
                QVERIFY(!r.results[i].error->message.contains(bad.write(u"id_number")->value.toString()));
            } else if (r.results[i].status == Verdict::Applied) {
                ++applied;
            }
        }
        QCOMPARE(applied, 499);
        // Nothing of the rejected record was stored.
        const QList<WireRecord> all = pullAll(m_a2, false);
        QVERIFY(!find(all, batch[137].id));
        QVERIFY(find(all, batch[138].id));
    }

    void recordRejections()
    {
        const WireRecord parent = resident(kA, stamp(m_a1), QStringLiteral("孙静"), 3);
        // forbidden_station: B's station id from A's device.
        WireRecord foreign = resident(kB, stamp(m_a1), QStringLiteral("外站"), 4);
        // read_only_kind: reference data from a device.
        WireRecord facility;
        facility.kind = Kind::Facility;
        facility.id = lowerUuid();
        facility.writes = {{QStringLiteral("code"), QStringLiteral("H-9"), stamp(m_a1)},
                           {QStringLiteral("name"), QStringLiteral("假医院"), stamp(m_a1)}};
        // reference_missing: a referral of a resident held nowhere.
        auto referral = [&](const QString &residentId) {
            WireRecord r;
            r.kind = Kind::ScreeningReferral;
            r.id = lowerUuid();
            r.stationId = kA;
            const Hlc s = stamp(m_a1);
            r.writes = {{QStringLiteral("resident_id"), residentId, s},
                        {QStringLiteral("cervical"), true, s},
                        {QStringLiteral("referred_on"), QDate::currentDate().addDays(-1), s},
                        {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc(), s},
                        {QStringLiteral("deleted"), false, s}};
            return r;
        };
        const WireRecord orphan = referral(lowerUuid());
        // A child sent before its parent in the same batch is fine (parents are applied first).
        const WireRecord child = referral(parent.id);
        // clock_ahead: a stamp 25 h ahead of the server.
        WireRecord ahead = resident(kA, stamp(m_a1), QStringLiteral("快钟"), 5);
        ahead.writes.last().stamp = stamp(m_a1, 25LL * 3600 * 1000);
        // unknown_field and missing_stamp through the server as well.
        QJsonObject unknownField = encodeRecord(resident(kA, stamp(m_a1), QStringLiteral("多字段"), 6));
        QJsonObject f = unknownField[QStringLiteral("fields")].toObject();
        f.insert(QStringLiteral("salary"), 1);
        unknownField.insert(QStringLiteral("fields"), f);
        QJsonObject missingStamp = encodeRecord(resident(kA, stamp(m_a1), QStringLiteral("缺戳"), 7));
        QJsonObject s = missingStamp[QStringLiteral("stamps")].toObject();
        s.remove(QStringLiteral("village"));
        missingStamp.insert(QStringLiteral("stamps"), s);
        QJsonObject unknownKind = encodeRecord(resident(kA, stamp(m_a1), QStringLiteral("类"), 8));
        unknownKind.insert(QStringLiteral("kind"), QStringLiteral("payroll"));
        // A new record without a required field: missing_field.
        WireRecord nameless = resident(kA, stamp(m_a1), QStringLiteral("x"), 9);
        nameless.writes.removeIf([](const FieldWrite &w) { return w.field == QLatin1String("name"); });

        QJsonArray records;
        for (const WireRecord &r : {child, foreign, facility, orphan, ahead, parent, nameless})
            records.append(encodeRecord(r));
        records.append(unknownField);
        records.append(missingStamp);
        records.append(unknownKind);
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("protocol"), 1},
                                                          {QStringLiteral("batch_id"), lowerUuid()},
                                                          {QStringLiteral("device_time"), stamp(m_a1).toString()},
                                                          {QStringLiteral("pushes_acknowledged"), 0},
                                                          {QStringLiteral("records"), records}})
                                    .toJson();
        const Reply reply = push(m_a1, body);
        QCOMPARE(reply.status, 200);
        const auto parsed = parsePushResponse(reply.body);
        QVERIFY(parsed.ok());
        const QList<RecordResult> &rs = parsed.value().results;
        QCOMPARE(rs.size(), 10);
        auto expect = [&](int i, Verdict v, const char *code, const char *field = nullptr) {
            QCOMPARE(rs[i].status, v);
            if (code) {
                QCOMPARE(rs[i].error->code, QString::fromLatin1(code));
                if (field)
                    QCOMPARE(rs[i].error->field, QString::fromLatin1(field));
            }
        };
        expect(0, Verdict::Applied, nullptr);
        expect(1, Verdict::Rejected, "forbidden_station");
        expect(2, Verdict::Rejected, "read_only_kind");
        expect(3, Verdict::Rejected, "reference_missing", "resident_id");
        expect(4, Verdict::Rejected, "clock_ahead", "tags.left_behind");
        expect(5, Verdict::Applied, nullptr);
        expect(6, Verdict::Rejected, "missing_field", "name");
        expect(7, Verdict::Rejected, "unknown_field", "salary");
        expect(8, Verdict::Rejected, "missing_stamp", "village");
        expect(9, Verdict::Rejected, "unknown_kind");
        // The orphan is accepted once its parent is on the server (retried automatically by the device).
        const WireRecord parent2 = resident(kA, stamp(m_a1), QStringLiteral("后到"), 10);
        WireRecord orphan2 = referral(parent2.id);
        QCOMPARE(pushOk(m_a1, {orphan2}).results.value(0).error.value_or(RecordError{}).code, QStringLiteral("reference_missing"));
        QVERIFY(pushOk(m_a1, {parent2}).results.value(0).status == Verdict::Applied);
        QVERIFY(pushOk(m_a1, {orphan2}).results.value(0).status == Verdict::Applied);
        // A resident of A named by B's referral is missing for B, though the server knows it (and has
        // just checked it for A's referral).
        WireRecord crossed = referral(parent2.id);
        crossed.stationId = kB;
        for (FieldWrite &w : crossed.writes)
            w.stamp = stamp(m_b1);
        const RecordResult crossedResult = pushOk(m_b1, {crossed}).results.value(0);
        QCOMPARE(crossedResult.error.value_or(RecordError{}).code, QStringLiteral("reference_missing"));
        QCOMPARE(crossedResult.error.value_or(RecordError{}).field, QStringLiteral("resident_id"));
        // A's record ids cannot be written by B's device either.
        WireRecord hijack = parent;
        hijack.stationId = kB;
        hijack.writes = {{QStringLiteral("name"), QStringLiteral("改名"), stamp(m_b1, 1000)}};
        QCOMPARE(pushOk(m_b1, {hijack}).results.value(0).error.value_or(RecordError{}).code, QStringLiteral("forbidden_station"));
    }

    void idempotentResend()
    {
        QList<WireRecord> records;
        for (int i = 0; i < 20; ++i)
            records << resident(kA, stamp(m_a1), QStringLiteral("重发%1").arg(i), 2000 + i);
        const QString batch = lowerUuid();
        const QByteArray body = pushBody(records, batch);
        const Headers gzipAnswer = kJson + Headers{{"Accept-Encoding", "gzip"}};
        const Reply first = push(m_a1, body, gzipAnswer);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.headers.value("content-encoding"), QByteArray("gzip"));
        const QByteArray afterFirst = m_d.fingerprint();
        // The same batch again, gzip-compressed this time, answered byte for byte the same, nothing changed.
        const Reply again = push(m_a1, gzipCompress(body),
                                 Headers{{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}, {"Accept-Encoding", "gzip"}});
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, first.body);
        const Reply plain = push(m_a1, body);
        QCOMPARE(plain.body, gzipDecompress(first.body, 1 << 20).value());
        QCOMPARE(m_d.fingerprint(), afterFirst);
        // The same records in a new batch: all unchanged, and the batch counts as acknowledged.
        const PushResponse second = pushOk(m_a1, records);
        const auto firstParsed = parsePushResponse(plain.body).value();
        QCOMPARE(second.results.size(), 20);
        for (const RecordResult &r : second.results)
            QCOMPARE(r.status, Verdict::Unchanged);
        QCOMPARE(second.pushesAcknowledged, firstParsed.pushesAcknowledged + 1);
    }

    void batchMixingNewAndHeldRecords()
    {
        // One batch with records the district holds (one with a newer field, one sent again as it is) and
        // records it does not, among them referrals of a held resident and of a resident new in the same
        // batch (sent before it): the held ones merge field by field, the new ones are stored whole.
        const WireRecord held = resident(kA, stamp(m_a1), QStringLiteral("旧甲"), 4100);
        const WireRecord same = resident(kA, stamp(m_a1), QStringLiteral("旧乙"), 4101);
        const PushResponse first = pushOk(m_a1, {held, same});
        QCOMPARE(first.results.size(), 2);
        QCOMPARE(first.results[0].status, Verdict::Applied);
        WireRecord changed{Kind::Resident, held.id, kA,
                           {{QStringLiteral("address"), QStringLiteral("新地址"), stamp(m_a1, 50)},
                            {QStringLiteral("name"), QStringLiteral("旧名"), Hlc{held.write(u"name")->stamp.ms - 1, 0, m_a1.id}}}};
        const WireRecord fresh = resident(kA, stamp(m_a1), QStringLiteral("新丙"), 4102);
        auto referral = [&](const QString &residentId) {
            const Hlc s = stamp(m_a1);
            return WireRecord{Kind::ScreeningReferral, lowerUuid(), kA,
                              {{QStringLiteral("cervical"), true, s},
                               {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc(), s},
                               {QStringLiteral("deleted"), false, s},
                               {QStringLiteral("referred_on"), QDate::currentDate().addDays(-1), s},
                               {QStringLiteral("resident_id"), residentId, s}}};
        };
        const WireRecord ofFresh = referral(fresh.id);
        const WireRecord ofHeld = referral(held.id);
        const PushResponse r = pushOk(m_a1, {ofFresh, changed, same, fresh, ofHeld});
        QCOMPARE(r.results.size(), 5);
        QCOMPARE(r.results[0].status, Verdict::Applied);
        QCOMPARE(r.results[1].status, Verdict::Applied);
        QCOMPARE(r.results[2].status, Verdict::Unchanged);
        QCOMPARE(r.results[3].status, Verdict::Applied);
        QCOMPARE(r.results[4].status, Verdict::Applied);

        const QList<WireRecord> all = pullAll(m_a2, false);
        const auto merged = find(all, held.id);
        QVERIFY(merged);
        QCOMPARE(merged->write(u"address")->value.toString(), QStringLiteral("新地址"));
        QCOMPARE(merged->write(u"name")->value.toString(), QStringLiteral("旧甲")); // the older stamp lost
        QCOMPARE(merged->write(u"id_number")->value, held.write(u"id_number")->value); // sensitive, kept
        QCOMPARE(merged->writes.size(), held.writes.size() + 1); // and the address
        const auto stored = find(all, fresh.id);
        QVERIFY(stored);
        QCOMPARE(stored->writes.size(), fresh.writes.size());
        for (const FieldWrite &w : fresh.writes) {
            const FieldWrite *got = stored->write(w.field);
            QVERIFY2(got, qPrintable(w.field));
            QCOMPARE(got->value, w.value);
            QCOMPARE(got->stamp, w.stamp);
        }
        QVERIFY(find(all, ofFresh.id));
        QVERIFY(find(all, ofHeld.id));
        // The same five again in a new batch: nothing left to apply.
        const PushResponse again = pushOk(m_a1, {ofFresh, changed, same, fresh, ofHeld});
        QCOMPARE(again.results.size(), 5);
        for (const RecordResult &v : again.results)
            QCOMPARE(v.status, Verdict::Unchanged);
    }

    void heldRecordWithEscapedValuesSentAgain()
    {
        // The unchanged check reads the stored stamps past the values without decoding them: values with
        // quotes, backslashes and brackets must not throw it off, either way.
        WireRecord r = resident(kA, stamp(m_a1), QStringLiteral("引号\"反斜杠\\括号]}[{,"), 4200);
        r.writes << FieldWrite{QStringLiteral("address"), QStringLiteral("\"],\"name\":[0,\"x\"]}]"), r.writes.first().stamp};
        const PushResponse first = pushOk(m_a1, {r});
        QVERIFY2(first.results.value(0).status == Verdict::Applied,
                 qPrintable(first.results.value(0).error.value_or(RecordError{}).code + u' '
                            + first.results.value(0).error.value_or(RecordError{}).field));
        QCOMPARE(pushOk(m_a1, {r}).results.value(0).status, Verdict::Unchanged);
        WireRecord newer{Kind::Resident, r.id, kA, {{QStringLiteral("address"), QStringLiteral("新址"), stamp(m_a1, 60)}}};
        QCOMPARE(pushOk(m_a1, {newer}).results.value(0).status, Verdict::Applied);
        QCOMPARE(pushOk(m_a1, {newer, r}).results.value(1).status, Verdict::Unchanged);
        const auto stored = find(pullAll(m_a2, false), r.id);
        QVERIFY(stored);
        QCOMPARE(stored->write(u"name")->value.toString(), r.write(u"name")->value.toString());
        QCOMPARE(stored->write(u"address")->value.toString(), QStringLiteral("新址"));
    }

    void columnMergeConverges()
    {
        // Two devices edit the same record offline: different fields both survive, the same field goes to the
        // greater stamp, in either push order.
        WireRecord x;
        WireRecord y;
        mergeScenario(true, &x);
        mergeScenario(false, &y);
        QVERIFY(!x.id.isEmpty() && !y.id.isEmpty());
        for (const char *field : {"address", "guardian_name", "village", "tags.migrant", "tags.hardship", "tags.left_behind", "name"}) {
            const FieldWrite *a = x.write(QString::fromLatin1(field));
            const FieldWrite *b = y.write(QString::fromLatin1(field));
            QVERIFY2(a && b, field);
            QCOMPARE(a->value, b->value);
        }
        QCOMPARE(x.write(u"village")->value.toString(), QStringLiteral("白杜村"));
        QCOMPARE(x.write(u"address")->value.toString(), QStringLiteral("一号路"));
        QCOMPARE(x.write(u"guardian_name")->value.toString(), QStringLiteral("监护人"));
        QVERIFY(x.write(u"tags.migrant")->value.toBool() && x.write(u"tags.hardship")->value.toBool());
    }

    void pullPagingAndCursors()
    {
        const EnrolledDevice dev = enrolled(m_d, kB);
        QList<WireRecord> records;
        for (int i = 0; i < 25; ++i)
            records << resident(kB, stamp(m_b1), QStringLiteral("分页%1").arg(i), 4000 + i);
        pushOk(m_b1, records);
        int pages = 0;
        const QList<WireRecord> all = pullAll(dev, false, 7, &pages);
        QSet<QString> ids;
        for (const WireRecord &r : all) {
            QVERIFY2(!ids.contains(r.id), "a record came twice");
            ids.insert(r.id);
            QVERIFY(r.stationId == kB || kindSpec(r.kind).reference); // never another station's records
        }
        for (const WireRecord &r : records)
            QVERIFY(ids.contains(r.id));
        QVERIFY(pages >= 4);
        // Reference data: both stations' station records.
        int stations = 0;
        for (const WireRecord &r : all)
            stations += r.kind == Kind::Station ? 1 : 0;
        QCOMPARE(stations, 2);

        // A page boundary: has_more and a cursor; nothing new after the last cursor.
        const Reply first = pull(dev, QStringLiteral("limit=3"));
        QVERIFY(first.json()[QStringLiteral("has_more")].toBool());
        QCOMPARE(first.json()[QStringLiteral("changes")].toArray().size(), 3);
        PullQuery q;
        q.limit = 1000;
        q.cursor = pull(dev, QStringLiteral("limit=1000")).json()[QStringLiteral("cursor")].toString();
        const Reply empty = pull(dev, q.toQueryString());
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.json()[QStringLiteral("changes")].toArray().size(), 0);
        QVERIFY(!empty.json()[QStringLiteral("has_more")].toBool());
        // A change after that cursor comes next, alone.
        WireRecord later = records.first();
        later.writes = {{QStringLiteral("address"), QStringLiteral("新地址"), stamp(m_b1, 50)}};
        pushOk(m_b1, {later});
        const Reply next = pull(dev, q.toQueryString());
        QCOMPARE(next.json()[QStringLiteral("changes")].toArray().size(), 1);
        QCOMPARE(next.json()[QStringLiteral("changes")][0][QStringLiteral("id")].toString(), later.id);
        // Each change is the whole record, every field with its stamp.
        QVERIFY(next.json()[QStringLiteral("changes")][0][QStringLiteral("fields")].toObject().contains(QStringLiteral("name")));

        // Limits are clamped.
        QCOMPARE(pull(dev, QStringLiteral("limit=0")).json()[QStringLiteral("changes")].toArray().size(), 1);
        QVERIFY(pull(dev, QStringLiteral("limit=99999")).json()[QStringLiteral("changes")].toArray().size() <= 1000);
        // Cursors the server did not make: bad_cursor; a cursor of station A is not valid for B.
        const QString cursor = q.cursor;
        QString forged = cursor;
        forged[forged.size() - 1] = forged.endsWith(u'0') ? u'1' : u'0';
        for (const QString &c : {QStringLiteral("garbage"), forged, QStringLiteral("1.999999999.0000000000000000")}) {
            PullQuery bad;
            bad.cursor = c;
            const Reply r = pull(dev, bad.toQueryString());
            QCOMPARE(r.status, 400);
            QCOMPARE(r.code(), QStringLiteral("bad_cursor"));
        }
        PullQuery theirs;
        theirs.cursor = cursor;
        QCOMPARE(pull(m_a1, theirs.toQueryString()).code(), QStringLiteral("bad_cursor"));
    }

    void includeOwnAndIsolation()
    {
        const WireRecord mine = resident(kA, stamp(m_a1), QStringLiteral("自己"), 5000);
        pushOk(m_a1, {mine});
        // The pushing device does not get its own change back, unless it asks; the other tablet does.
        QVERIFY(!find(pullAll(m_a1, false), mine.id));
        QVERIFY(find(pullAll(m_a1, true), mine.id));
        QVERIFY(find(pullAll(m_a2, false), mine.id));
        // After another device changed it, the record comes back to the first one.
        WireRecord edit{Kind::Resident, mine.id, kA, {{QStringLiteral("address"), QStringLiteral("二号路"), stamp(m_a2, 5)}}};
        pushOk(m_a2, {edit});
        const auto back = find(pullAll(m_a1, false), mine.id);
        QVERIFY(back);
        QCOMPARE(back->write(u"address")->value.toString(), QStringLiteral("二号路"));
        // Station B's device never sees A's records (and A's never B's).
        for (const WireRecord &r : pullAll(m_b1, true))
            QVERIFY(r.stationId == kB || kindSpec(r.kind).reference);
        for (const WireRecord &r : pullAll(m_a1, true))
            QVERIFY(r.stationId == kA || kindSpec(r.kind).reference);
    }

    void receiptMatchesLocalDigest()
    {
        // Everything the station holds after a full pull with include_own, tombstones included.
        WireRecord gone = resident(kA, stamp(m_a1), QStringLiteral("删除"), 6000);
        pushOk(m_a1, {gone});
        pushOk(m_a1, {WireRecord{Kind::Resident, gone.id, kA, {{QStringLiteral("deleted"), true, stamp(m_a1, 100)}}}});
        const QList<WireRecord> all = pullAll(m_a1, true);
        QMap<Kind, ReceiptDigest> local;
        for (const WireRecord &r : all) {
            if (!kindSpec(r.kind).reference)
                local[r.kind].add(r.id, r.greatestStamp());
        }
        QVERIFY(find(all, gone.id));
        const Reply reply = http(m_nam, "GET", m_d.url(QStringLiteral("/api/v1/sync/receipt")), {}, m_a1.auth());
        QCOMPARE(reply.status, 200);
        auto receipt = parseReceiptResponse(reply.body);
        QVERIFY2(receipt.ok(), reply.body.constData());
        QCOMPARE(receipt.value().kinds.size(), 6);
        for (const Kind k : recordKinds()) {
            QCOMPARE(receipt.value().kinds.value(k).count, local[k].count());
            QCOMPARE(receipt.value().kinds.value(k).digest, local[k].hex());
        }
        QVERIFY(receipt.value().kinds.value(Kind::Resident).count > 500);
    }

    void receiptDigestsRebuiltForAnOlderDatabase()
    {
        // Receipts come from digests every write keeps (migration 2). A database from before that has
        // none: the first open makes them from the records, and the receipt is the same as before.
        const auto receiptOf = [&](const EnrolledDevice &dev) {
            const Reply reply = http(m_nam, "GET", m_d.url(QStringLiteral("/api/v1/sync/receipt")), {}, dev.auth());
            auto parsed = parseReceiptResponse(reply.body);
            return parsed ? parsed.value().kinds : QMap<Kind, KindReceipt>{};
        };
        const auto beforeA = receiptOf(m_a1);
        const auto beforeB = receiptOf(m_b1);
        QVERIFY(beforeA.value(Kind::Resident).count > 500);
        QCOMPARE(m_d.stop(), 0);
        const QString name = QStringLiteral("downgrade");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_d.dataDir() + QStringLiteral("/district.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM receipt_digest")) && q.next());
            QVERIFY(q.value(0).toInt() >= 2); // kept on write: station A's kinds at least
            QVERIFY(q.exec(QStringLiteral("DELETE FROM receipt_digest")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM meta WHERE key = 'receipt_digests'")));
        }
        QSqlDatabase::removeDatabase(name);
        QVERIFY(m_d.start(kGenerous));
        QCOMPARE(receiptOf(m_a1), beforeA);
        QCOMPARE(receiptOf(m_b1), beforeB);
    }

    void schema2DatabaseMigrates()
    {
        // A district file of schema 2 (a record row and one row per field), made here with that schema's
        // DDL and rows, opened by this build: migration 3 moves every record into one row. Every record
        // must read back the same (values, the encrypted ID number, stamps), the pull must leave out
        // exactly what the per-field rule left out, the receipt must not change, and it must keep working.
        District d;
        QVERIFY(QDir().mkpath(d.dataDir()));
        const QByteArray key(32, '\x5a');
        {
            QFile k(d.dataDir() + QStringLiteral("/keys"));
            QVERIFY(k.open(QIODevice::WriteOnly));
            QCOMPARE(k.write(key), qint64(32));
        }
        const FieldCipher cipher(key);
        const QString dev1 = deviceId(801);
        const QString dev2 = deviceId(802);
        const QString token1 = QStringLiteral("token-one-for-the-migration-test");
        const QString token2 = QStringLiteral("token-two-for-the-migration-test");
        const qint64 t0 = nowMs() - 3600 * 1000;
        const Hlc s1{t0, 0, QStringLiteral("district")};
        const Hlc s2{t0 + 1000, 0, dev1};
        const Hlc s3{t0 + 2000, 1, dev2};
        const Hlc s4{t0 + 3000, 0, dev1};
        const Hlc s5{t0 + 4000, 0, dev2};

        WireRecord station{Kind::Station, lowerUuid(), QString(),
                           {{QStringLiteral("code"), kA, s1},
                            {QStringLiteral("name"), QStringLiteral("西坞妇女之家"), s1},
                            {QStringLiteral("villages"), QStringList{QStringLiteral("白杜村")}, s1},
                            {QStringLiteral("created_at"), QDateTime::fromMSecsSinceEpoch(t0, Qt::UTC), s1},
                            {QStringLiteral("deleted"), false, s1}}};
        WireRecord r1 = resident(kA, s2, QStringLiteral("迁移一"), 41);
        WireRecord r2 = resident(kA, s4, QStringLiteral("迁移二"), 42);
        r2.writes << FieldWrite{QStringLiteral("phone"), QStringLiteral("13912340042"), s4};
        WireRecord r3 = resident(kA, s5, QStringLiteral("迁移三"), 43);
        for (FieldWrite &w : r3.writes) {
            if (w.field == QLatin1String("deleted"))
                w.value = true;
        }
        // The v2 rows: (record, seq of its latest change), and per field its seq and writer.
        struct Row
        {
            const WireRecord *record;
            qint64 seq;
            QString writer;
            QList<FieldWrite> writes;
        };
        WireRecord r1Name{Kind::Resident, r1.id, kA, {{QStringLiteral("name"), QStringLiteral("迁移一改"), s3}}};
        QList<Row> rows{{&station, 1, QStringLiteral("district"), station.writes},
                        {&r1, 2, dev1, r1.writes},
                        {&r1, 3, dev2, r1Name.writes},
                        {&r2, 4, dev1, r2.writes},
                        {&r3, 5, dev2, r3.writes}};
        const QString canary = r1.write(u"id_number")->value.toString();
        const QString name = QStringLiteral("v2-") + lowerUuid();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(d.dataDir() + QStringLiteral("/district.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            // Schema 2 as districtmigrations.cpp made it (migrations 1 and 2).
            for (const char *sql : {
                     "PRAGMA journal_mode = WAL",
                     "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT) WITHOUT ROWID",
                     "CREATE TABLE station (code TEXT PRIMARY KEY NOT NULL, record_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
                     "town TEXT NOT NULL DEFAULT '', villages TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL) WITHOUT ROWID",
                     "CREATE TABLE device (id TEXT PRIMARY KEY NOT NULL, station_code TEXT NOT NULL REFERENCES station (code), "
                     "name TEXT NOT NULL DEFAULT '', token_sha256 TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0, "
                     "pushes_acknowledged INTEGER NOT NULL DEFAULT 0, enrolled_at TEXT NOT NULL, last_seen_at TEXT) WITHOUT ROWID",
                     "CREATE TABLE enrollment_code (code_sha256 TEXT PRIMARY KEY NOT NULL, station_code TEXT NOT NULL "
                     "REFERENCES station (code), created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, used_by TEXT) "
                     "WITHOUT ROWID",
                     "CREATE TABLE recovery_code (code_sha256 TEXT PRIMARY KEY NOT NULL, station_code TEXT NOT NULL "
                     "REFERENCES station (code), created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, used_by TEXT) "
                     "WITHOUT ROWID",
                     "CREATE TABLE record (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, station_id TEXT, seq INTEGER NOT NULL, "
                     "greatest_stamp TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID",
                     "CREATE UNIQUE INDEX record_seq ON record (seq)",
                     "CREATE INDEX record_station_seq ON record (station_id, seq)",
                     "CREATE INDEX record_kind_station ON record (kind, station_id)",
                     "CREATE TABLE field (record_id TEXT NOT NULL REFERENCES record (id), name TEXT NOT NULL, value TEXT, "
                     "secret BLOB, stamp TEXT NOT NULL, seq INTEGER NOT NULL, writer TEXT NOT NULL, PRIMARY KEY (record_id, name)) "
                     "WITHOUT ROWID",
                     "CREATE TABLE batch (device_id TEXT NOT NULL, batch_id TEXT NOT NULL, answer BLOB NOT NULL, "
                     "committed_at TEXT NOT NULL, PRIMARY KEY (device_id, batch_id)) WITHOUT ROWID",
                     "CREATE INDEX batch_committed ON batch (committed_at)",
                     "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, "
                     "detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
                     "CREATE TABLE receipt_digest (station_id TEXT NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL, "
                     "digest BLOB NOT NULL, PRIMARY KEY (station_id, kind)) WITHOUT ROWID",
                     "PRAGMA user_version = 2",
                     "INSERT INTO meta (key, value) VALUES ('seq', '5')"})
                QVERIFY2(q.exec(QLatin1String(sql)), sql);
            q.prepare(QStringLiteral("INSERT INTO station (code, record_id, name, villages, created_at) VALUES (?, ?, ?, ?, ?)"));
            for (const QVariant &v : {QVariant(kA), QVariant(station.id), QVariant(QStringLiteral("西坞妇女之家")),
                                      QVariant(QStringLiteral("[\"白杜村\"]")), QVariant(formatInstant(QDateTime::fromMSecsSinceEpoch(t0, Qt::UTC)))})
                q.addBindValue(v);
            QVERIFY(q.exec());
            for (const auto &[dev, token] : {std::pair{dev1, token1}, std::pair{dev2, token2}}) {
                q.prepare(QStringLiteral("INSERT INTO device (id, station_code, token_sha256, enrolled_at) VALUES (?, ?, ?, ?)"));
                q.addBindValue(dev);
                q.addBindValue(kA);
                q.addBindValue(QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex()));
                q.addBindValue(formatInstant(QDateTime::fromMSecsSinceEpoch(t0, Qt::UTC)));
                QVERIFY(q.exec());
            }
            for (const Row &row : rows) {
                Hlc greatest;
                bool deleted = false;
                for (const Row &other : rows) {
                    if (other.record->id != row.record->id)
                        continue;
                    for (const FieldWrite &w : other.writes) {
                        greatest = std::max(greatest, w.stamp);
                        if (w.field == QLatin1String("deleted"))
                            deleted = w.value.toBool();
                    }
                }
                q.prepare(QStringLiteral("INSERT INTO record (id, kind, station_id, seq, greatest_stamp, deleted) VALUES (?, ?, ?, ?, ?, ?) "
                                         "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq"));
                q.addBindValue(row.record->id);
                q.addBindValue(kindName(row.record->kind));
                q.addBindValue(row.record->stationId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(row.record->stationId));
                q.addBindValue(row.seq);
                q.addBindValue(greatest.toString());
                q.addBindValue(deleted ? 1 : 0);
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
                for (const FieldWrite &w : row.writes) {
                    const QString json = QString::fromUtf8(
                        QJsonDocument(QJsonArray{encodeValue(row.record->kind, w.field, w.value)}).toJson(QJsonDocument::Compact));
                    const FieldSpec *spec = fieldSpec(row.record->kind, w.field);
                    const bool sensitive = spec && spec->sensitive && w.value.isValid();
                    q.prepare(QStringLiteral("INSERT OR REPLACE INTO field (record_id, name, value, secret, stamp, seq, writer) "
                                             "VALUES (?, ?, ?, ?, ?, ?, ?)"));
                    q.addBindValue(row.record->id);
                    q.addBindValue(w.field);
                    q.addBindValue(sensitive ? QVariant(QMetaType(QMetaType::QString)) : QVariant(json));
                    q.addBindValue(sensitive ? QVariant(cipher.encrypt(row.record->id, w.field, json))
                                             : QVariant(QMetaType(QMetaType::QByteArray)));
                    q.addBindValue(w.stamp.toString());
                    q.addBindValue(row.seq);
                    q.addBindValue(row.writer);
                    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);

        // What each record must read back as: every field's last write.
        QMap<QString, QMap<QString, QPair<QJsonValue, QString>>> expected;
        for (const Row &row : rows) {
            for (const FieldWrite &w : row.writes)
                expected[row.record->id][w.field] = {encodeValue(row.record->kind, w.field, w.value), w.stamp.toString()};
        }
        const auto asMap = [](const WireRecord &r) {
            QMap<QString, QPair<QJsonValue, QString>> m;
            for (const FieldWrite &w : r.writes)
                m[w.field] = {encodeValue(r.kind, w.field, w.value), w.stamp.toString()};
            return m;
        };

        QVERIFY(d.start(kGenerous));
        const EnrolledDevice a1{dev1, token1, kA};
        const EnrolledDevice a2{dev2, token2, kA};
        QSet<QString> ids;
        for (const WireRecord &r : pullAll(a1, true, 500, nullptr, &d)) {
            QVERIFY2(expected.contains(r.id), qPrintable(r.id));
            QCOMPARE(asMap(r), expected.value(r.id));
            ids.insert(r.id);
        }
        QCOMPARE(ids.size(), expected.size());
        QCOMPARE(find(pullAll(a1, true, 500, nullptr, &d), r1.id)->write(u"id_number")->value.toString(), canary);
        // Left out exactly when every field's latest write came from the asking device.
        const auto idsOf = [](const QList<WireRecord> &list) {
            QSet<QString> out;
            for (const WireRecord &r : list)
                out.insert(r.id);
            return out;
        };
        QCOMPARE(idsOf(pullAll(a1, false, 500, nullptr, &d)), (QSet<QString>{station.id, r1.id, r3.id}));
        QCOMPARE(idsOf(pullAll(a2, false, 500, nullptr, &d)), (QSet<QString>{station.id, r1.id, r2.id}));
        // The receipt: what schema 2's records give.
        ReceiptDigest digest;
        digest.add(r1.id, s3);
        digest.add(r2.id, s4);
        digest.add(r3.id, s5);
        const Reply receipt = http(m_nam, "GET", d.url(QStringLiteral("/api/v1/sync/receipt")), {}, a1.auth());
        const auto parsed = parseReceiptResponse(receipt.body);
        QVERIFY(parsed);
        QCOMPARE(parsed.value().kinds.value(Kind::Resident).count, 3);
        QCOMPARE(parsed.value().kinds.value(Kind::Resident).digest, digest.hex());
        // And it goes on working: a new field by dev2 on dev1's record is pulled by dev1.
        WireRecord edit{Kind::Resident, r2.id, kA, {{QStringLiteral("address"), QStringLiteral("新地址"), stamp(a2)}}};
        QCOMPARE(pushOk(a2, {edit}, &d).results.value(0).status, Verdict::Applied);
        const QList<WireRecord> after = pullAll(a1, false, 500, nullptr, &d);
        QVERIFY(find(after, r2.id));
        QCOMPARE(find(after, r2.id)->write(u"address")->value.toString(), QStringLiteral("新地址"));
        QCOMPARE(d.stop(), 0);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(d.dataDir() + QStringLiteral("/district.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 3);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN ('field', 'field_v2', 'record_v2')")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM record")) && q.next());
            QCOMPARE(q.value(0).toInt(), 4);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        QFile file(d.dataDir() + QStringLiteral("/district.db"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(canary.toLatin1()));
    }

    void districtRecordsArePulled()
    {
        QCOMPARE(m_d.run({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--station"), kA, QStringLiteral("--name"),
                          QStringLiteral("陈主任"), QStringLiteral("--role"), QStringLiteral("director")})
                     .rc,
                 0);
        QCOMPARE(m_d.run({QStringLiteral("facility"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("H-01"),
                          QStringLiteral("--name"), QStringLiteral("区妇幼保健院"), QStringLiteral("--town"), QStringLiteral("西坞街道"),
                          QStringLiteral("--type"), QStringLiteral("hospital")})
                     .rc,
                 0);
        const Admin offer = m_d.run({QStringLiteral("training-offer"), QStringLiteral("add"), QStringLiteral("--title"),
                                     QStringLiteral("电商直播培训"), QStringLiteral("--category"), QStringLiteral("digital_skills"),
                                     QStringLiteral("--starts-at"), QStringLiteral("2026-12-01T09:00:00+08:00"),
                                     QStringLiteral("--ends-at"), QStringLiteral("2026-12-01T11:00:00+08:00"),
                                     QStringLiteral("--location"), QStringLiteral("区妇联"), QStringLiteral("--capacity"),
                                     QStringLiteral("40"), QStringLiteral("--organiser"), QStringLiteral("区妇联")});
        QCOMPARE(offer.rc, 0);
        QCOMPARE(m_d.run({QStringLiteral("facility"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("H-02"),
                          QStringLiteral("--name"), QStringLiteral("x"), QStringLiteral("--town"), QStringLiteral("y"),
                          QStringLiteral("--type"), QStringLiteral("spa")})
                     .rc,
                 2);
        const QList<WireRecord> all = pullAll(m_a2, false);
        bool staff = false;
        bool facility = false;
        const auto offerRecord = find(all, offer.lastLine());
        for (const WireRecord &r : all) {
            if (r.kind == Kind::Staff && r.write(u"name")->value.toString() == QStringLiteral("陈主任")) {
                staff = true;
                QCOMPARE(r.stationId, kA);
                QCOMPARE(r.write(u"name")->stamp.node, QStringLiteral("district"));
            }
            facility = facility || (r.kind == Kind::Facility && r.write(u"code")->value.toString() == QStringLiteral("H-01"));
        }
        QVERIFY(staff);
        QVERIFY(facility);
        QVERIFY(offerRecord);
        QCOMPARE(offerRecord->write(u"starts_at")->value.toDateTime(), QDateTime(QDate(2026, 12, 1), QTime(1, 0), Qt::UTC));
        // B does not get A's staff.
        for (const WireRecord &r : pullAll(m_b1, true))
            QVERIFY(r.kind != Kind::Staff || r.stationId == kB);
        // An attendance may name a district offer as its session.
        const WireRecord woman = resident(kA, stamp(m_a1), QStringLiteral("报名"), 7000);
        WireRecord att{Kind::Attendance, attendanceId(offer.lastLine(), woman.id), kA,
                       {{QStringLiteral("session_id"), offer.lastLine(), stamp(m_a1)},
                        {QStringLiteral("resident_id"), woman.id, stamp(m_a1)},
                        {QStringLiteral("registered_via"), QStringLiteral("kiosk"), stamp(m_a1)}}};
        const PushResponse r = pushOk(m_a1, {att, woman});
        QCOMPARE(r.results.value(0).status, Verdict::Applied);
    }

    void recoveryCode()
    {
        const Admin made = m_d.run({QStringLiteral("staff"), QStringLiteral("recovery-code"), QStringLiteral("--station"), kA});
        QCOMPARE(made.rc, 0);
        const QString code = made.lastLine();
        auto check = [&](const EnrolledDevice &dev, const QString &c) {
            return http(m_nam, "POST", m_d.url(QStringLiteral("/api/v1/staff/recovery")),
                        QJsonDocument(QJsonObject{{QStringLiteral("recovery_code"), c}}).toJson(), dev.auth() + kJson);
        };
        QCOMPARE(check(m_b1, code).status, 403); // another station's device
        QCOMPARE(check(m_a1, QStringLiteral("ZZZZ-ZZZZ")).code(), QStringLiteral("recovery_code_invalid"));
        const Reply ok = check(m_a2, code);
        QCOMPARE(ok.status, 200);
        QVERIFY(ok.json()[QStringLiteral("valid")].toBool());
        QCOMPARE(check(m_a1, code).status, 403); // one-time
    }

    void statsJson()
    {
        const Admin s = m_d.run({QStringLiteral("stats"), QStringLiteral("--json")});
        QCOMPARE(s.rc, 0);
        const QJsonObject o = QJsonDocument::fromJson(s.out.toUtf8()).object();
        const QJsonObject a = o[QStringLiteral("stations")][kA].toObject();
        QCOMPARE(a.size(), 6);
        // Live residents of A: what A's receipt counts minus its tombstones.
        const QList<WireRecord> all = pullAll(m_a1, true);
        qint64 live = 0;
        qint64 staff = 0;
        for (const WireRecord &r : all) {
            const bool deleted = r.write(u"deleted") && r.write(u"deleted")->value.toBool();
            if (r.stationId == kA && r.kind == Kind::Resident && !deleted)
                ++live;
            if (r.stationId == kA && r.kind == Kind::Staff && !deleted)
                ++staff;
        }
        QCOMPARE(a[QStringLiteral("resident")].toInteger(), live);
        QCOMPARE(a[QStringLiteral("staff")].toInteger(), staff);
        const QJsonObject totals = o[QStringLiteral("totals")].toObject();
        QCOMPARE(totals[QStringLiteral("resident")].toInteger(),
                 a[QStringLiteral("resident")].toInteger() + o[QStringLiteral("stations")][kB][QStringLiteral("resident")].toInteger());
        // station list shows device counts and the last sync.
        const Admin list = m_d.run({QStringLiteral("station"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.rc, 0);
        bool seen = false;
        for (const QJsonValue &v : QJsonDocument::fromJson(list.out.toUtf8()).array()) {
            if (v[QStringLiteral("code")].toString() == kA) {
                seen = true;
                QVERIFY(v[QStringLiteral("devices")].toInt() >= 2);
                QVERIFY(!v[QStringLiteral("last_sync")].toString().isEmpty());
            }
        }
        QVERIFY(seen);
    }

    void auditChain()
    {
        // The running server's chain holds, with enrollments, revocations, pushes (counts only) and admin commands.
        const Admin ok = m_d.run({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(ok.rc, 0);
        // Tamper with a copy: a changed entry is named.
        District copy;
        QVERIFY(QDir().mkpath(copy.dataDir()));
        QCOMPARE(addStationA(copy).rc, 0);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(copy.run({QStringLiteral("enrollment-code"), QStringLiteral("--station"), kA}).rc, 0);
        QCOMPARE(copy.run({QStringLiteral("audit"), QStringLiteral("verify")}).rc, 0);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(copy.dataDir() + QStringLiteral("/district.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            // Append-only: the triggers refuse a change ...
            QVERIFY(!q.exec(QStringLiteral("UPDATE audit SET detail = 'station=XX' WHERE seq = 3")));
            // ... so a tamperer drops them first.
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_no_update")));
            QVERIFY(q.exec(QStringLiteral("UPDATE audit SET detail = 'station=XX' WHERE seq = 3")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        const Admin broken = copy.run({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(broken.rc, 1);
        QVERIFY2(broken.err.contains(QStringLiteral("entry 3")), qPrintable(broken.err));
        QCOMPARE(broken.err.trimmed().count(u'\n'), 0); // one line
    }

    void sensitiveValuesEncryptedAtRest()
    {
        WireRecord r = resident(kA, stamp(m_a1), QStringLiteral("金丝雀"), 8000);
        const QString canary = r.write(u"id_number")->value.toString();
        r.writes << FieldWrite{QStringLiteral("phone"), QStringLiteral("13912345678"), stamp(m_a1)};
        QCOMPARE(pushOk(m_a1, {r}).results.value(0).status, Verdict::Applied);
        const auto back = find(pullAll(m_a2, false), r.id);
        QVERIFY(back);
        QCOMPARE(back->write(u"id_number")->value.toString(), canary);
        for (const QString &file : QDir(m_d.dataDir()).entryList(QDir::Files)) {
            QFile f(m_d.dataDir() + u'/' + file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY2(!bytes.contains(canary.toLatin1()), qPrintable(file));
            QVERIFY2(!bytes.contains("13912345678"), qPrintable(file));
        }
        // The server's log has no values either.
        const QByteArray log = m_d.takeErrorOutput();
        QVERIFY(!log.contains(canary.toLatin1()));
        QVERIFY(log.contains("POST /api/v1/sync/push 200"));
    }

    // The district encrypts a push's sensitive fields with nonces from one random prefix per push and a
    // counter (FieldCipher::NonceSequence): every stored nonce is still unique, within a batch and across
    // batches, and each batch has its own prefix.
    void encryptedFieldsHaveUniqueNonces()
    {
        QList<QList<WireRecord>> batches(2);
        QStringList ids;
        for (int b = 0; b < batches.size(); ++b) {
            for (int i = 0; i < 15; ++i) {
                WireRecord r = resident(kA, stamp(m_a1), QStringLiteral("随机数"), 8100 + 20 * b + i);
                r.writes << FieldWrite{QStringLiteral("phone"), QStringLiteral("1391234%1").arg(5000 + 20 * b + i), stamp(m_a1)};
                ids << r.id;
                batches[b] << r;
            }
            const PushResponse answer = pushOk(m_a1, batches[b]);
            QCOMPARE(answer.results.size(), batches[b].size());
            for (const auto &result : answer.results)
                QCOMPARE(result.status, Verdict::Applied);
        }
        QSet<QByteArray> nonces;
        QList<QSet<QByteArray>> prefixes(batches.size());
        const QString name = QStringLiteral("nonces");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_d.dataDir() + QStringLiteral("/district.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.prepare(QStringLiteral("SELECT fields FROM record WHERE id = ?")));
            for (int n = 0; n < ids.size(); ++n) {
                q.addBindValue(ids[n]);
                QVERIFY(q.exec() && q.next());
                const QJsonObject fields = QJsonDocument::fromJson(q.value(0).toByteArray()).array().at(1).toObject();
                int secrets = 0;
                for (const QString &field : {QStringLiteral("id_number"), QStringLiteral("phone")}) {
                    const QJsonArray entry = fields.value(field).toArray();
                    QCOMPARE(entry.size(), 3); // [version, null, "<base64 blob>"]
                    const QByteArray blob = QByteArray::fromBase64(entry.at(2).toString().toLatin1());
                    QCOMPARE(quint8(blob.at(0)), FieldCipher::VersionXChaCha20Poly1305);
                    nonces.insert(blob.mid(1, 24));
                    prefixes[n / 15].insert(blob.mid(1, 16));
                    ++secrets;
                }
                QCOMPARE(secrets, 2);
                q.finish();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        QCOMPARE(nonces.size(), 2 * ids.size());
        QCOMPARE(prefixes[0].size(), 1);
        QCOMPARE(prefixes[1].size(), 1);
        QVERIFY(prefixes[0] != prefixes[1]);
        // And the values read back.
        const QList<WireRecord> pulled = pullAll(m_a2, false);
        for (const auto &batch : std::as_const(batches)) {
            for (const WireRecord &r : batch) {
                const auto back = find(pulled, r.id);
                QVERIFY(back);
                QCOMPARE(back->write(u"id_number")->value, r.write(u"id_number")->value);
                QCOMPARE(back->write(u"phone")->value, r.write(u"phone")->value);
            }
        }
    }

    void sigtermExitsZero()
    {
        QCOMPARE(m_d.stop(), 0);
        // The data is whole after the stop.
        QCOMPARE(m_d.run({QStringLiteral("audit"), QStringLiteral("verify")}).rc, 0);
    }
};

QTEST_GUILESS_MAIN(TestDistrict)
#include "tst_district.moc"
