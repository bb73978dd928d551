// Hostile input against the REAL lanxin-district on 127.0.0.1 (SECURITY.md 9, 10, 12, 13; issue 6 item 4).
//
// A generated corpus of malformed requests against every endpoint — broken JSON, wrong types, missing and
// unknown fields, 1 MB strings, invalid UTF-8, deep nesting, numbers out of range, SQL fragments, path
// tricks in ids, gzip bombs, wrong and revoked tokens, another station's ids — each answered as
// SYNC-PROTOCOL.md says: whole-request problems with their 4xx status and code, per-record problems as a
// `rejected` verdict with their code. Malformed HTTP (huge heads, bad framing, slow-loris, idle
// connections, pipelining) goes over raw QTcpSocket. Meanwhile a real client keeps syncing and gets exact
// answers, the server stays up, and the stable digest of the district database is the same before and
// after (see stableDigest() for the tables that legitimately change).
//
// All failures are collected and printed together (name, expected, got), so one run shows every deviation.
#include "districtfixture.h"

#include "protocol/gzip.h"

#include "core/ids.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTcpSocket>

#include <algorithm>
#include <memory>
#include <vector>

using namespace lanxin;
using namespace lanxin::protocol;
using namespace lanxin::test;

namespace {

const QString kA = QStringLiteral("FH-XW-012");
const QString kB = QStringLiteral("FH-GT-003");
constexpr int kHeadTimeoutMs = 3000;
constexpr int kSlackMs = 3000; ///< how late a close may come (sweeps every 250 ms; sanitizer builds are slow)

QString deviceId(int n)
{
    return testDeviceId(n, QLatin1String("hostiledev"));
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// One request of the corpus and what the protocol says it must get.
struct Case
{
    QString name;
    QByteArray verb = "POST";
    QString path = QStringLiteral("/api/v1/sync/push");
    Headers headers;
    QByteArray body;
    int status = 400;
    QStringList codes;      ///< allowed whole-request codes (error.code); empty: not checked
    QString recordCode;     ///< for 200 pushes: every result must be `rejected` with this code
    QString recordField;    ///< and, when set, this field
};

/// What a raw connection got: the bytes, whether the server closed it, and when.
struct RawResult
{
    QByteArray data;
    bool closed = false;
    qint64 closedAfterMs = -1;
    [[nodiscard]] int status() const
    {
        if (!data.startsWith("HTTP/1.1 "))
            return 0;
        return data.mid(9, 3).toInt();
    }
    [[nodiscard]] int answers() const { return int(data.count("HTTP/1.1 ")); }
};

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

    District m_d;
    QNetworkAccessManager m_nam;
    EnrolledDevice m_a1, m_b1, m_revoked;
    int m_nextDevice = 1;
    qint64 m_now = 0;
    int m_counter = 0;
    // Baseline records (committed before the corpus).
    QJsonObject m_staff, m_resident, m_session, m_attendance, m_referral, m_visit; // station A
    QJsonObject m_residentB, m_sessionB;                                          // station B
    QByteArray m_baselineBatch;   ///< the body of A's baseline push
    QByteArray m_baselineAnswer;  ///< and its answer, byte for byte
    QString m_cursorB;            ///< a cursor the server made for station B
    QString m_realCode;           ///< a valid enrollment code of A that must stay unused
    QStringList m_digestBefore;
    QStringList m_failures;
    int m_sent = 0;
    int m_realClientRounds = 0;

    // ---- helpers ---------------------------------------------------------------------------------

    Hlc stamp(const EnrolledDevice &d, qint64 aheadMs = 0) { return Hlc{m_now + aheadMs, quint16(++m_counter % 60000), d.id}; }

    EnrolledDevice enrolled(const QString &station) { return enrollDevice(m_d, m_nam, station, deviceId(m_nextDevice++)); }

    static QJsonObject recordJson(Kind kind, const QString &id, const QString &station, const QList<FieldWrite> &writes)
    {
        return encodeRecord(WireRecord{kind, id, station, writes});
    }

    /// A complete, valid record of each kind for station `station` stamped by `d` (parents: A's baseline).
    QJsonObject base(Kind kind, const EnrolledDevice &d, const QString &station, QString id = {})
    {
        const Hlc s = stamp(d);
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(m_now - 3600000, Qt::UTC);
        if (id.isEmpty())
            id = lowerUuid();
        QList<FieldWrite> w{{QStringLiteral("created_at"), at, s}, {QStringLiteral("deleted"), false, s}};
        const QString residentId = m_resident.value(QStringLiteral("id")).toString();
        switch (kind) {
        case Kind::Staff:
            w << FieldWrite{QStringLiteral("name"), QStringLiteral("王主任"), s}
              << FieldWrite{QStringLiteral("role"), QStringLiteral("director"), s}
              << FieldWrite{QStringLiteral("active"), true, s};
            break;
        case Kind::Resident: {
            WireRecord r = resident(station, s, QStringLiteral("张秀英"), 0);
            r.id = id;
            return encodeRecord(r);
        }
        case Kind::TrainingSession:
            w << FieldWrite{QStringLiteral("title"), QStringLiteral("电商直播培训"), s}
              << FieldWrite{QStringLiteral("category"), QStringLiteral("digital_skills"), s}
              << FieldWrite{QStringLiteral("starts_at"), at.addDays(2), s}
              << FieldWrite{QStringLiteral("status"), QStringLiteral("open"), s};
            break;
        case Kind::Attendance:
            w << FieldWrite{QStringLiteral("session_id"), m_session.value(QStringLiteral("id")).toString(), s}
              << FieldWrite{QStringLiteral("resident_id"), residentId, s}
              << FieldWrite{QStringLiteral("registered_via"), QStringLiteral("staff"), s};
            break;
        case Kind::ScreeningReferral:
            w << FieldWrite{QStringLiteral("resident_id"), residentId, s}
              << FieldWrite{QStringLiteral("referred_on"), QDate(2026, 11, 28), s}
              << FieldWrite{QStringLiteral("cervical"), true, s};
            break;
        case Kind::FamilyVisit:
            w << FieldWrite{QStringLiteral("resident_id"), residentId, s}
              << FieldWrite{QStringLiteral("visited_at"), at, s}
              << FieldWrite{QStringLiteral("risk_level"), QStringLiteral("low"), s};
            break;
        default:
            break;
        }
        return recordJson(kind, id, station, w);
    }

    QJsonObject envelope(const QJsonArray &records, const QString &batchId = lowerUuid())
    {
        return QJsonObject{{QStringLiteral("protocol"), 1},
                           {QStringLiteral("batch_id"), batchId},
                           {QStringLiteral("device_time"), stamp(m_a1).toString()},
                           {QStringLiteral("pushes_acknowledged"), 0},
                           {QStringLiteral("records"), records}};
    }

    Headers authJson(const EnrolledDevice &d) const { return d.auth() + kJson; }

    /// A push of one record by a1, all of whose verdicts must be `rejected` with `code` (and `field`).
    Case recordCase(const QString &name, const QJsonObject &record, const QString &code, const QString &field = {})
    {
        Case c;
        c.name = name;
        c.headers = authJson(m_a1);
        c.body = compact(envelope(QJsonArray{record}));
        c.status = 200;
        c.recordCode = code;
        c.recordField = field;
        return c;
    }

    Case requestCase(const QString &name, const QByteArray &body, int status, const QStringList &codes,
                     const Headers &headers = {})
    {
        Case c;
        c.name = name;
        c.headers = headers.isEmpty() ? authJson(m_a1) : headers;
        c.body = body;
        c.status = status;
        c.codes = codes;
        return c;
    }

    static QJsonObject withField(QJsonObject record, const QString &field, const QJsonValue &value, const QJsonValue &stampValue)
    {
        QJsonObject f = record.value(QStringLiteral("fields")).toObject();
        QJsonObject s = record.value(QStringLiteral("stamps")).toObject();
        f.insert(field, value);
        if (!stampValue.isUndefined())
            s.insert(field, stampValue);
        record.insert(QStringLiteral("fields"), f);
        record.insert(QStringLiteral("stamps"), s);
        return record;
    }

    /// Values of the wrong type or out of range for a field of `spec`'s type (each must be invalid_field).
    static QList<QPair<QString, QJsonValue>> badValues(const FieldSpec &spec, bool setMember)
    {
        using V = QPair<QString, QJsonValue>;
        if (setMember)
            return {V{QStringLiteral("string"), QStringLiteral("yes")}, V{QStringLiteral("number"), 1},
                    V{QStringLiteral("array"), QJsonArray{true}}};
        switch (spec.type) {
        case FieldType::Text:
            return {V{QStringLiteral("number"), 42},
                    V{QStringLiteral("bool"), true},
                    V{QStringLiteral("array"), QJsonArray{QStringLiteral("a")}},
                    V{QStringLiteral("object"), QJsonObject{{QStringLiteral("$gt"), QStringLiteral("")}}},
                    V{QStringLiteral("too long"), QString(spec.maxLength + 1, QChar(0x5B57))},
                    V{QStringLiteral("NUL"), QStringLiteral("a") + QChar(0) + QStringLiteral("b")},
                    V{QStringLiteral("control"), QStringLiteral("a\u0007b")}};
        case FieldType::Date:
            return {V{QStringLiteral("number"), 20261128},
                    V{QStringLiteral("30 Feb"), QStringLiteral("2026-02-30")},
                    V{QStringLiteral("other format"), QStringLiteral("28/11/2026")},
                    V{QStringLiteral("sql"), QStringLiteral("2026-11-28'; DROP TABLE field; --")},
                    V{QStringLiteral("year 1899"), QStringLiteral("1899-12-31")}};
        case FieldType::Instant:
            return {V{QStringLiteral("number"), 1764400000000.0},
                    V{QStringLiteral("a date"), QStringLiteral("2026-11-28")},
                    V{QStringLiteral("month 13"), QStringLiteral("2026-13-01T00:00:00.000Z")},
                    V{QStringLiteral("words"), QStringLiteral("yesterday")},
                    V{QStringLiteral("year 2101"), QStringLiteral("2101-01-01T00:00:00.000Z")}};
        case FieldType::Bool:
            return {V{QStringLiteral("string"), QStringLiteral("true")}, V{QStringLiteral("number"), 1},
                    V{QStringLiteral("object"), QJsonObject{}}};
        case FieldType::Int:
            return {V{QStringLiteral("string"), QStringLiteral("30")}, V{QStringLiteral("fraction"), 1.5},
                    V{QStringLiteral("1e300"), 1e300}, V{QStringLiteral("2^60"), 1152921504606846976.0},
                    V{QStringLiteral("negative"), -1}};
        case FieldType::Enum:
            return {V{QStringLiteral("unknown"), QStringLiteral("nonsense")}, V{QStringLiteral("number"), 1},
                    V{QStringLiteral("sql"), QStringLiteral("' OR 1=1 --")}};
        case FieldType::Ref:
            return {V{QStringLiteral("not a uuid"), QStringLiteral("not-a-uuid")},
                    V{QStringLiteral("path"), QStringLiteral("../../etc/passwd")},
                    V{QStringLiteral("upper case"), lowerUuid().toUpper()},
                    V{QStringLiteral("number"), 42}};
        default:
            return {};
        }
    }

    // ---- the corpus --------------------------------------------------------------------------------

    QList<Case> recordCorpus()
    {
        QList<Case> cases;
        for (const Kind kind : recordKinds()) {
            const QString kn = kindName(kind);
            auto fresh = [&] { return base(kind, m_a1, kA); };
            // Every field with values of the wrong type, out of range, too long, with control characters.
            for (const QString &wire : wireFieldNames(kind)) {
                const auto member = setMember(kind, wire);
                const FieldSpec *spec = member ? member->set : fieldSpec(kind, wire);
                FieldSpec common{"", wire == QLatin1String(kCreatedAt) ? FieldType::Instant : FieldType::Bool};
                if (!spec)
                    spec = &common;
                for (const auto &bad : badValues(*spec, member.has_value()))
                    cases << recordCase(QStringLiteral("%1.%2 %3").arg(kn, wire, bad.first),
                                        withField(fresh(), wire, bad.second, stamp(m_a1).toString()), QLatin1String(rec::InvalidField), wire);
            }
            // A 1 MB string (the batch is under 1 MiB of JSON, so the record is judged, not the request).
            const QString textField = kind == Kind::Resident ? QStringLiteral("address")
                : kind == Kind::Staff ? QStringLiteral("name")
                : kind == Kind::TrainingSession ? QStringLiteral("title")
                : kind == Kind::FamilyVisit ? QStringLiteral("notes")
                : kind == Kind::ScreeningReferral ? QStringLiteral("result_notes") : QString();
            if (!textField.isEmpty())
                cases << recordCase(kn + QStringLiteral(" 1 MB string"),
                                    withField(fresh(), textField, QString(1000000, u'x'), stamp(m_a1).toString()),
                                    QLatin1String(rec::InvalidField), textField);
            // Deep nesting inside a value.
            QJsonValue deep = QStringLiteral("x");
            for (int i = 0; i < 200; ++i)
                deep = QJsonArray{deep};
            cases << recordCase(kn + QStringLiteral(" deep value"),
                                withField(fresh(), QStringLiteral("created_at"), deep, stamp(m_a1).toString()),
                                QLatin1String(rec::InvalidField), QStringLiteral("created_at"));

            // The envelope.
            for (const QString &k : {QStringLiteral("hacker"), kn.toUpper(), kn + QStringLiteral("'; DROP TABLE record; --"),
                                     QStringLiteral("station"), QString()}) {
                QJsonObject r = fresh();
                r.insert(QStringLiteral("kind"), k);
                const bool reference = k == QLatin1String("station");
                // As a station record, its fields are not a station's: the decoder's first error.
                cases << recordCase(QStringLiteral("%1 kind '%2'").arg(kn, k.left(20)), r,
                                    reference ? QLatin1String(rec::UnknownField) : QLatin1String(rec::UnknownKind));
            }
            const QStringList badIds{QStringLiteral("../../../etc/passwd"), QStringLiteral("..\\..\\windows\\win.ini"),
                                     QStringLiteral("%2e%2e%2f%2e%2e%2f"), QStringLiteral("'; DELETE FROM record; --"),
                                     QString(), lowerUuid().toUpper(), QStringLiteral("{") + lowerUuid() + QStringLiteral("}"),
                                     lowerUuid() + QChar(0), lowerUuid() + QStringLiteral("/../x"), QString(100000, u'a'),
                                     QStringLiteral("019375a2-7c1e-7cc0-8f1a-0123456789ag")};
            for (const QString &id : badIds) {
                QJsonObject r = fresh();
                r.insert(QStringLiteral("id"), id);
                cases << recordCase(QStringLiteral("%1 id '%2'").arg(kn, id.left(24)), r, QLatin1String(rec::InvalidField),
                                    QStringLiteral("id"));
            }
            {
                QJsonObject r = fresh();
                r.insert(QStringLiteral("station_id"), kB);
                cases << recordCase(kn + QStringLiteral(" another station"), r, QLatin1String(rec::ForbiddenStation));
                r.insert(QStringLiteral("station_id"), kA + QStringLiteral("' OR '1'='1"));
                cases << recordCase(kn + QStringLiteral(" station sql"), r, QLatin1String(rec::ForbiddenStation));
                r.insert(QStringLiteral("station_id"), QString());
                cases << recordCase(kn + QStringLiteral(" station empty"), r, QLatin1String(rec::MissingField), QStringLiteral("station_id"));
                r.insert(QStringLiteral("station_id"), QJsonValue::Null);
                cases << recordCase(kn + QStringLiteral(" station null"), r, QLatin1String(rec::MissingField), QStringLiteral("station_id"));
                r.remove(QStringLiteral("station_id"));
                cases << recordCase(kn + QStringLiteral(" station absent"), r, QLatin1String(rec::MissingField), QStringLiteral("station_id"));
            }
            for (const QString &f : {QStringLiteral("evil"), QStringLiteral("__proto__"), QStringLiteral("name; DROP TABLE field"),
                                     QStringLiteral("id"), QStringLiteral("station_id"), QStringLiteral("updated_at"),
                                     QStringLiteral("tags.evil"), QStringLiteral("../secret")})
                cases << recordCase(QStringLiteral("%1 unknown field %2").arg(kn, f),
                                    withField(fresh(), f, QStringLiteral("x"), stamp(m_a1).toString()), QLatin1String(rec::UnknownField), f);
            {
                QJsonObject r = fresh();
                QJsonObject s = r.value(QStringLiteral("stamps")).toObject();
                s.remove(QStringLiteral("deleted"));
                r.insert(QStringLiteral("stamps"), s);
                cases << recordCase(kn + QStringLiteral(" stamp missing"), r, QLatin1String(rec::MissingStamp), QStringLiteral("deleted"));
            }
            for (const QJsonValue &bad : {QJsonValue(QStringLiteral("yesterday")), QJsonValue(42),
                                          QJsonValue(QString::number(m_now) + QStringLiteral("-0001-ABCDEFGHIJKLMNOP")),
                                          QJsonValue(QString::number(m_now) + QStringLiteral("-001-") + m_a1.id),
                                          QJsonValue(QString()), QJsonValue(QJsonValue::Null)}) {
                QJsonObject r = fresh();
                QJsonObject s = r.value(QStringLiteral("stamps")).toObject();
                s.insert(QStringLiteral("deleted"), bad);
                r.insert(QStringLiteral("stamps"), s);
                cases << recordCase(kn + QStringLiteral(" bad stamp ") + bad.toVariant().toString().left(20), r,
                                    QLatin1String(rec::MissingStamp), QStringLiteral("deleted"));
            }
            {
                QJsonObject r = fresh();
                QJsonObject s = r.value(QStringLiteral("stamps")).toObject();
                s.insert(QStringLiteral("phantom"), stamp(m_a1).toString());
                r.insert(QStringLiteral("stamps"), s);
                cases << recordCase(kn + QStringLiteral(" stamp without field"), r, QLatin1String(rec::MissingField), QStringLiteral("phantom"));
            }
            {
                // Every stamp 48 h ahead of the server's clock.
                QJsonObject r = fresh();
                QJsonObject s = r.value(QStringLiteral("stamps")).toObject();
                for (auto it = s.begin(); it != s.end(); ++it)
                    it.value() = stamp(m_a1, 48LL * 3600 * 1000).toString();
                r.insert(QStringLiteral("stamps"), s);
                cases << recordCase(kn + QStringLiteral(" clock ahead"), r, QLatin1String(rec::ClockAhead));
            }
        }

        // Reference kinds are read-only for devices.
        const Hlc s = stamp(m_a1);
        cases << recordCase(QStringLiteral("push a station"),
                            recordJson(Kind::Station, lowerUuid(), QString(),
                                       {{QStringLiteral("code"), QStringLiteral("FH-EVIL-1"), s}, {QStringLiteral("name"), QStringLiteral("假站点"), s}}),
                            QLatin1String(rec::ReadOnlyKind));
        cases << recordCase(QStringLiteral("push a facility"),
                            recordJson(Kind::Facility, lowerUuid(), kA,
                                       {{QStringLiteral("code"), QStringLiteral("H-1"), s}, {QStringLiteral("name"), QStringLiteral("医院"), s}}),
                            QLatin1String(rec::ReadOnlyKind));
        cases << recordCase(QStringLiteral("push a training offer"),
                            recordJson(Kind::TrainingOffer, lowerUuid(), QString(), {{QStringLiteral("title"), QStringLiteral("课"), s}}),
                            QLatin1String(rec::ReadOnlyKind));

        // Another station's ids and parents.
        const QString residentB = m_residentB.value(QStringLiteral("id")).toString();
        cases << recordCase(QStringLiteral("B's resident id as A's"), base(Kind::Resident, m_a1, kA, residentB),
                            QLatin1String(rec::ForbiddenStation));
        {
            QJsonObject r = m_residentB;
            r = withField(r, QStringLiteral("name"), QStringLiteral("篡改"), stamp(m_a1).toString());
            cases << recordCase(QStringLiteral("edit B's resident as B"), r, QLatin1String(rec::ForbiddenStation));
        }
        cases << recordCase(QStringLiteral("referral of B's resident"),
                            withField(base(Kind::ScreeningReferral, m_a1, kA), QStringLiteral("resident_id"), residentB, stamp(m_a1).toString()),
                            QLatin1String(rec::ReferenceMissing), QStringLiteral("resident_id"));
        cases << recordCase(QStringLiteral("attendance at B's session"),
                            withField(base(Kind::Attendance, m_a1, kA), QStringLiteral("session_id"),
                                      m_sessionB.value(QStringLiteral("id")), stamp(m_a1).toString()),
                            QLatin1String(rec::ReferenceMissing), QStringLiteral("session_id"));
        cases << recordCase(QStringLiteral("visit of a staff member"),
                            withField(base(Kind::FamilyVisit, m_a1, kA), QStringLiteral("resident_id"),
                                      m_staff.value(QStringLiteral("id")), stamp(m_a1).toString()),
                            QLatin1String(rec::ReferenceMissing), QStringLiteral("resident_id"));
        cases << recordCase(QStringLiteral("visit of nobody"),
                            withField(base(Kind::FamilyVisit, m_a1, kA), QStringLiteral("resident_id"), lowerUuid(), stamp(m_a1).toString()),
                            QLatin1String(rec::ReferenceMissing), QStringLiteral("resident_id"));
        cases << recordCase(QStringLiteral("session with a resident's id"),
                            base(Kind::TrainingSession, m_a1, kA, m_resident.value(QStringLiteral("id")).toString()),
                            QLatin1String(rec::InvalidField), QStringLiteral("id"));
        return cases;
    }

    QList<Case> requestCorpus()
    {
        QList<Case> cases;
        const QStringList badRequest{QLatin1String(req::SchemaViolation)};
        const QJsonObject good = envelope(QJsonArray{base(Kind::Resident, m_a1, kA)});
        const QByteArray goodBody = compact(good);

        // Broken JSON: the valid body cut at 60 points, and classic breakages.
        for (int i = 0; i < 60; ++i) {
            const qsizetype at = goodBody.size() * i / 60;
            cases << requestCase(QStringLiteral("truncated at %1").arg(at), goodBody.left(at), 400,
                                 {QLatin1String(req::MalformedJson)});
        }
        for (const QByteArray &b : {QByteArray("{"), QByteArray("{\"protocol\":1,}"), QByteArray("{'protocol':1}"),
                                    QByteArray("{\"protocol\":01}"), QByteArray("{\"protocol\":NaN}"), QByteArray("\x00\x01\x02", 3),
                                    QByteArray("{\"a\":\"\\u12\"}"), QByteArray("[1,2,]"),
                                    QByteArray("{\"protocol\":1} trailing"), QByteArray(" ")})
            cases << requestCase(QStringLiteral("broken json %1").arg(QString::fromLatin1(b.toHex().left(24))), b, 400,
                                 {QLatin1String(req::MalformedJson)});
        cases << requestCase(QStringLiteral("empty body"), QByteArray(), 400, {QLatin1String(req::MalformedJson)});
        // Qt's JSON parser is lenient here (it skips a UTF-8 byte order mark, as RFC 8259 allows, and takes
        // an unknown escape literally): these parse, and then fail the schema — still a whole-request 400.
        for (const QByteArray &b : {QByteArray("{\"a\":\"\\x41\"}"), QByteArray("\xef\xbb\xbf{}")})
            cases << requestCase(QStringLiteral("lenient json %1").arg(QString::fromLatin1(b.toHex())), b, 400,
                                 {QLatin1String(req::MalformedJson), QLatin1String(req::SchemaViolation)});

        // Invalid UTF-8 inside a string.
        for (const QByteArray &bad : {QByteArray("\xff\xfe"), QByteArray("\xc0\xaf"), QByteArray("\xed\xa0\x80"),
                                      QByteArray("\xf4\x90\x80\x80"), QByteArray("\xe5\xad"), QByteArray("\x80")}) {
            QByteArray b = goodBody;
            b.replace("张秀英", "张" + bad + "英");
            cases << requestCase(QStringLiteral("invalid utf-8 %1").arg(QString::fromLatin1(bad.toHex())), b, 400,
                                 {QLatin1String(req::MalformedJson)});
        }

        // Not an object, deep nesting.
        for (const QByteArray &b : {QByteArray("[]"), QByteArray("\"push\""), QByteArray("42"), QByteArray("null"), QByteArray("true")})
            cases << requestCase(QStringLiteral("body %1").arg(QString::fromLatin1(b)), b, 400,
                                 {QLatin1String(req::SchemaViolation), QLatin1String(req::MalformedJson)});
        cases << requestCase(QStringLiteral("nesting 100000"), QByteArray(100000, '[') + QByteArray(100000, ']'), 400,
                             {QLatin1String(req::MalformedJson), QLatin1String(req::SchemaViolation)});
        cases << requestCase(QStringLiteral("nesting 100000 objects"), QByteArray("{\"a\":").repeated(100000) + "1" + QByteArray(100000, '}'),
                             400, {QLatin1String(req::MalformedJson), QLatin1String(req::SchemaViolation)});
        {
            QJsonValue deep = 1;
            for (int i = 0; i < 500; ++i)
                deep = QJsonObject{{QStringLiteral("a"), deep}};
            QJsonObject o = good;
            o.insert(QStringLiteral("pushes_acknowledged"), deep);
            cases << requestCase(QStringLiteral("deep envelope member"), compact(o), 400, badRequest);
        }

        // Envelope members: missing, mistyped, out of range, unknown.
        for (const QString &m : {QStringLiteral("protocol"), QStringLiteral("batch_id"), QStringLiteral("device_time"),
                                 QStringLiteral("records")}) {
            QJsonObject o = good;
            o.remove(m);
            cases << requestCase(QStringLiteral("missing ") + m, compact(o), 400, badRequest);
        }
        const QList<QPair<QString, QJsonValue>> envelopeBad{
            {QStringLiteral("protocol"), QStringLiteral("1")}, {QStringLiteral("protocol"), 1.5},
            {QStringLiteral("protocol"), QJsonValue::Null}, {QStringLiteral("protocol"), QJsonArray{1}},
            {QStringLiteral("batch_id"), QStringLiteral("../../etc/passwd")}, {QStringLiteral("batch_id"), QStringLiteral("'; DROP TABLE batch; --")},
            {QStringLiteral("batch_id"), lowerUuid().toUpper()}, {QStringLiteral("batch_id"), 42}, {QStringLiteral("batch_id"), QString(1000000, u'a')},
            {QStringLiteral("device_time"), QStringLiteral("now")}, {QStringLiteral("device_time"), 1764400000000.0},
            {QStringLiteral("pushes_acknowledged"), -1}, {QStringLiteral("pushes_acknowledged"), 1e20},
            {QStringLiteral("pushes_acknowledged"), QStringLiteral("5")}, {QStringLiteral("pushes_acknowledged"), 0.5},
            {QStringLiteral("records"), QJsonObject{}}, {QStringLiteral("records"), QStringLiteral("[]")},
            // (Not QJsonArray{QJsonArray{}}: clang list-initialises that as a copy — an empty array.)
            {QStringLiteral("records"), QJsonArray{42}}, {QStringLiteral("records"), QJsonArray{QJsonValue(QJsonArray())}},
            {QStringLiteral("records"), QJsonArray{QJsonValue::Null}},
            {QStringLiteral("admin"), true}, {QStringLiteral("station_id"), kB}, {QStringLiteral("__proto__"), QJsonObject{}}};
        for (const auto &[member, value] : envelopeBad) {
            QJsonObject o = good;
            o.insert(member, value);
            cases << requestCase(QStringLiteral("envelope %1=%2").arg(member, value.toVariant().toString().left(20)), compact(o),
                                 400, badRequest);
        }
        for (const double p : {2.0, 0.0, -1.0, 1e300}) {
            QJsonObject o = good;
            o.insert(QStringLiteral("protocol"), p);
            cases << requestCase(QStringLiteral("protocol %1").arg(p), compact(o), 400, {QLatin1String(req::UnsupportedProtocol)});
        }
        // Records that are not records at all (malformed shape: the whole request).
        const QJsonObject rec0 = base(Kind::Resident, m_a1, kA);
        auto shape = [&](const QString &name, QJsonObject r) {
            cases << requestCase(name, compact(envelope(QJsonArray{r})), 400, badRequest);
        };
        {
            QJsonObject r = rec0; r.insert(QStringLiteral("kind"), 1); shape(QStringLiteral("record kind number"), r);
            r = rec0; r.remove(QStringLiteral("kind")); shape(QStringLiteral("record kind missing"), r);
            r = rec0; r.insert(QStringLiteral("id"), 42); shape(QStringLiteral("record id number"), r);
            r = rec0; r.remove(QStringLiteral("id")); shape(QStringLiteral("record id missing"), r);
            r = rec0; r.insert(QStringLiteral("fields"), QJsonArray{}); shape(QStringLiteral("record fields array"), r);
            r = rec0; r.remove(QStringLiteral("stamps")); shape(QStringLiteral("record stamps missing"), r);
            r = rec0; r.insert(QStringLiteral("station_id"), 7); shape(QStringLiteral("record station number"), r);
            r = rec0; r.insert(QStringLiteral("owner"), QStringLiteral("root")); shape(QStringLiteral("record unknown key"), r);
            r = rec0; r.insert(QStringLiteral("updated_at"), QStringLiteral("x")); shape(QStringLiteral("record updated_at key"), r);
        }

        // Sizes.
        {
            QJsonArray many;
            for (int i = 0; i < kMaxBatchRecords + 1; ++i)
                many.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("resident")}, {QStringLiteral("id"), lowerUuid()},
                                        {QStringLiteral("station_id"), kA}, {QStringLiteral("fields"), QJsonObject{}},
                                        {QStringLiteral("stamps"), QJsonObject{}}});
            cases << requestCase(QStringLiteral("501 records"), compact(envelope(many)), 413, {QLatin1String(req::TooLarge)});
            QJsonObject o = good;
            o.insert(QStringLiteral("pad"), QString(1100000, u'x'));
            cases << requestCase(QStringLiteral("1.1 MB of JSON"), compact(o), 413, {QLatin1String(req::TooLarge)});
            cases << requestCase(QStringLiteral("1.1 MB of JSON, gzip"), gzipCompress(compact(o)), 413, {QLatin1String(req::TooLarge)},
                                 authJson(m_a1) + Headers{{"Content-Encoding", "gzip"}});
            o.insert(QStringLiteral("pad"), QString(1000000, QChar(0x5B57))); // 3 MB as UTF-8
            cases << requestCase(QStringLiteral("3 MB body"), compact(o), 413, {QLatin1String(req::TooLarge)});
        }

        // gzip: bombs, broken streams, other encodings, wrong media types.
        const Headers gz = authJson(m_a1) + Headers{{"Content-Encoding", "gzip"}};
        cases << requestCase(QStringLiteral("gzip bomb 9 MiB"), gzipCompress(QByteArray(9 * 1024 * 1024, '0'), 9), 413,
                             {QLatin1String(req::TooLarge)}, gz);
        cases << requestCase(QStringLiteral("gzip bomb 200 MiB"), gzipCompress(QByteArray(200 * 1024 * 1024, ' '), 9), 413,
                             {QLatin1String(req::TooLarge)}, gz);
        {
            // A bomb of nested gzip (gzip of gzip): inflated once it is not JSON.
            const QByteArray inner = gzipCompress(QByteArray(8 * 1024 * 1024, '0'), 9);
            cases << requestCase(QStringLiteral("gzip of gzip"), gzipCompress(inner, 9), 400, {QLatin1String(req::MalformedJson)}, gz);
            cases << requestCase(QStringLiteral("gzip bomb of many members"),
                                 gzipCompress(QByteArray(1024 * 1024, 'a'), 9).repeated(12), 413, {QLatin1String(req::TooLarge)}, gz);
        }
        const QByteArray zipped = gzipCompress(goodBody);
        for (const auto &[name, body] : QList<QPair<QString, QByteArray>>{
                 {QStringLiteral("gzip truncated"), zipped.left(zipped.size() / 2)},
                 {QStringLiteral("gzip header only"), zipped.left(10)},
                 {QStringLiteral("gzip trailing garbage"), zipped + "garbage"},
                 {QStringLiteral("gzip bad crc"), zipped.left(zipped.size() - 8) + QByteArray(8, '\0')},
                 {QStringLiteral("gzip of nothing gzip"), goodBody},
                 {QStringLiteral("gzip empty"), QByteArray()}})
            cases << requestCase(name, body, 400, {QLatin1String(req::MalformedBody), QLatin1String(req::MalformedJson)}, gz);
        for (const QByteArray &enc : {QByteArray("br"), QByteArray("deflate"), QByteArray("compress"), QByteArray("gzip, gzip"),
                                      QByteArray("x-evil")})
            cases << requestCase(QStringLiteral("encoding ") + QString::fromLatin1(enc), goodBody, 415,
                                 {QLatin1String(req::UnsupportedMediaType)}, m_a1.auth() + kJson + Headers{{"Content-Encoding", enc}});
        for (const QByteArray &type : {QByteArray("text/plain"), QByteArray("application/xml"), QByteArray("multipart/form-data; boundary=x"),
                                       QByteArray("application/x-www-form-urlencoded"), QByteArray("application/jsonp"),
                                       QByteArray("application/json\x01")})
            cases << requestCase(QStringLiteral("content-type ") + QString::fromLatin1(type.left(20)), goodBody, 415,
                                 {QLatin1String(req::UnsupportedMediaType)}, m_a1.auth() + Headers{{"Content-Type", type}});
        return cases;
    }

    QList<Case> authCorpus()
    {
        QList<Case> cases;
        const QList<QPair<QString, Headers>> bad{
            {QStringLiteral("no token"), {}},
            {QStringLiteral("empty bearer"), {{"Authorization", "Bearer "}}},
            {QStringLiteral("wrong token"), {{"Authorization", "Bearer " + QByteArray(43, 'A')}}},
            {QStringLiteral("revoked token"), m_revoked.auth()},
            {QStringLiteral("basic auth"), {{"Authorization", "Basic YWRtaW46YWRtaW4="}}},
            {QStringLiteral("sql token"), {{"Authorization", "Bearer ' OR '1'='1' --"}}},
            {QStringLiteral("token + junk"), {{"Authorization", "Bearer " + m_a1.token.toLatin1() + "x"}}},
            {QStringLiteral("10 KB token"), {{"Authorization", "Bearer " + QByteArray(10000, 'A')}}},
            {QStringLiteral("token sha256"), {{"Authorization", "Bearer " + QCryptographicHash::hash(m_a1.token.toLatin1(), QCryptographicHash::Sha256).toHex()}}},
            {QStringLiteral("device id as token"), {{"Authorization", "Bearer " + m_a1.id.toLatin1()}}},
        };
        const QByteArray push = compact(envelope(QJsonArray{base(Kind::Resident, m_a1, kA)}));
        for (const auto &[name, h] : bad) {
            cases << requestCase(QStringLiteral("push, ") + name, push, 401, {QLatin1String(req::Unauthenticated)}, h + kJson);
            Case pull = requestCase(QStringLiteral("pull, ") + name, {}, 401, {QLatin1String(req::Unauthenticated)}, h + kJson);
            pull.verb = "GET";
            pull.path = QStringLiteral("/api/v1/sync/pull?cursor=&limit=10");
            cases << pull;
            Case receipt = pull;
            receipt.name = QStringLiteral("receipt, ") + name;
            receipt.path = QStringLiteral("/api/v1/sync/receipt");
            cases << receipt;
            Case recovery = requestCase(QStringLiteral("recovery, ") + name, "{\"recovery_code\":\"ABCD-EFGH\"}", 401,
                                        {QLatin1String(req::Unauthenticated)}, h + kJson);
            recovery.path = QStringLiteral("/api/v1/staff/recovery");
            cases << recovery;
        }
        return cases;
    }

    QList<Case> pullCorpus()
    {
        QList<Case> cases;
        auto pull = [&](const QString &name, const QString &query, int status, const QStringList &codes) {
            Case c = requestCase(name, {}, status, codes, m_a1.auth());
            c.verb = "GET";
            c.path = QStringLiteral("/api/v1/sync/pull?") + query;
            cases << c;
        };
        const QStringList badCursor{QLatin1String(req::BadCursor)};
        const QStringList cursors{QStringLiteral("abc"), QStringLiteral("1.99999999999.0000000000000000"), QStringLiteral("-1"),
                                  QStringLiteral("1.-5.abcd"), QStringLiteral("1.0.0000000000000000"), QStringLiteral("2.0.x"),
                                  QStringLiteral("' OR 1=1 --"), QStringLiteral("../../etc/passwd"), QString(10000, u'9'),
                                  QStringLiteral("1.1e3.00"), QStringLiteral("1.18446744073709551616.0000000000000000"), m_cursorB,
                                  m_cursorB.section(u'.', 0, 1) + QStringLiteral(".") + QString(16, u'0')};
        for (const QString &c : cursors)
            pull(QStringLiteral("cursor '%1'").arg(c.left(24)), QStringLiteral("cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(c)), 400,
                 badCursor);
        pull(QStringLiteral("cursor NUL"), QStringLiteral("cursor=%00"), 400, badCursor);
        pull(QStringLiteral("limit abc"), QStringLiteral("cursor=&limit=abc"), 400, {QLatin1String(req::SchemaViolation)});
        pull(QStringLiteral("limit 1.5"), QStringLiteral("cursor=&limit=1.5"), 400, {QLatin1String(req::SchemaViolation)});
        pull(QStringLiteral("limit huge"), QStringLiteral("cursor=&limit=99999999999999999999"), 400, {QLatin1String(req::SchemaViolation)});
        pull(QStringLiteral("include_own 2"), QStringLiteral("cursor=&include_own=2"), 400, {QLatin1String(req::SchemaViolation)});
        pull(QStringLiteral("include_own sql"), QStringLiteral("cursor=&include_own=1%20OR%201"), 400, {QLatin1String(req::SchemaViolation)});
        // Clamped or ignored: 200 (checked below to hold only station A's records).
        pull(QStringLiteral("limit -5"), QStringLiteral("cursor=&limit=-5&include_own=1"), 200, {});
        pull(QStringLiteral("limit 0"), QStringLiteral("cursor=&limit=0&include_own=1"), 200, {});
        pull(QStringLiteral("limit 1000000"), QStringLiteral("cursor=&limit=1000000&include_own=1"), 200, {});
        pull(QStringLiteral("station_id=B ignored"), QStringLiteral("cursor=&include_own=1&station_id=") + kB, 200, {});
        pull(QStringLiteral("junk keys"), QStringLiteral("cursor=&include_own=1&a=%ff%fe&b&&=&"), 200, {});
        return cases;
    }

    QList<Case> enrollCorpus()
    {
        QList<Case> cases;
        // A real, unused code (made before the digest): no malformed request may use it up.
        const QString real = m_realCode;
        const QJsonObject good{{QStringLiteral("station_code"), kA}, {QStringLiteral("enrollment_code"), QStringLiteral("K7Q2-M9XD")},
                               {QStringLiteral("device_id"), QStringLiteral("abcdefghijklmnop")}, {QStringLiteral("device_name"), QStringLiteral("平板")}};
        auto enroll = [&](const QString &name, const QByteArray &body, int status, const QStringList &codes, const Headers &h = kJson) {
            Case c = requestCase(name, body, status, codes, h);
            c.path = QStringLiteral("/api/v1/enroll");
            cases << c;
        };
        const QStringList schemaV{QLatin1String(req::SchemaViolation)};
        const QStringList invalidCode{QLatin1String(req::EnrollmentCodeInvalid)};
        enroll(QStringLiteral("enroll wrong code"), compact(good), 403, invalidCode);
        for (const QString &m : good.keys()) {
            if (m == QLatin1String("device_name"))
                continue;
            QJsonObject o = good;
            o.remove(m);
            enroll(QStringLiteral("enroll missing ") + m, compact(o), 400, schemaV);
            o = good;
            o.insert(m, 42);
            enroll(QStringLiteral("enroll number ") + m, compact(o), 400, schemaV);
        }
        for (const QString &id : {QStringLiteral("ABCDEFGHIJKLMNOP"), QStringLiteral("abcdefghijklmno"), QStringLiteral("district"),
                                  QStringLiteral("../../etc/passwd"), QStringLiteral("abcdefghijklmn_1"), QStringLiteral("' OR 1=1 --aaaaa")}) {
            QJsonObject o = good;
            o.insert(QStringLiteral("device_id"), id);
            enroll(QStringLiteral("enroll device_id ") + id, compact(o), 400, schemaV);
        }
        {
            QJsonObject o = good;
            o.insert(QStringLiteral("device_name"), QString(51, QChar(0x5B57)));
            enroll(QStringLiteral("enroll long name"), compact(o), 400, schemaV);
            o.insert(QStringLiteral("device_name"), QString(70000, u'x'));
            enroll(QStringLiteral("enroll 70 KB name"), compact(o), 413, {QLatin1String(req::TooLarge)});
            o = good;
            o.insert(QStringLiteral("role"), QStringLiteral("admin"));
            enroll(QStringLiteral("enroll unknown member"), compact(o), 400, schemaV);
        }
        {
            QJsonObject o = good;
            o.insert(QStringLiteral("enrollment_code"), QString(1000, u'A'));
            enroll(QStringLiteral("enroll 1000-character code"), compact(o), 400, schemaV);
        }
        for (const QString &codeText : {QStringLiteral("' OR '1'='1"), QStringLiteral("%"), QStringLiteral("*"),
                                        real.toLower() + QStringLiteral("x")}) {
            QJsonObject o = good;
            o.insert(QStringLiteral("enrollment_code"), codeText);
            enroll(QStringLiteral("enroll code '%1'").arg(codeText.left(16)), compact(o), 403, invalidCode);
        }
        for (const QString &station : {kB, QStringLiteral("' OR 1=1 --"), QStringLiteral("FH-NOPE-1")}) {
            // The real code of station A for another station: refused, and not used up.
            QJsonObject o = good;
            o.insert(QStringLiteral("station_code"), station);
            o.insert(QStringLiteral("enrollment_code"), real);
            enroll(QStringLiteral("enroll A's code for '%1'").arg(station), compact(o), 403, invalidCode);
        }
        {
            // The real code with a device id already enrolled.
            QJsonObject o = good;
            o.insert(QStringLiteral("enrollment_code"), real);
            o.insert(QStringLiteral("device_id"), m_b1.id);
            enroll(QStringLiteral("enroll taken device id"), compact(o), 409, {QLatin1String(req::DeviceIdTaken)});
        }
        enroll(QStringLiteral("enroll broken json"), "{\"station_code\":", 400, {QLatin1String(req::MalformedJson)});
        enroll(QStringLiteral("enroll invalid utf-8"), "{\"station_code\":\"\xff\"}", 400, {QLatin1String(req::MalformedJson)});
        enroll(QStringLiteral("enroll array"), "[]", 400, schemaV);
        enroll(QStringLiteral("enroll text/plain"), compact(good), 415, {QLatin1String(req::UnsupportedMediaType)},
               {{"Content-Type", "text/plain"}});
        enroll(QStringLiteral("enroll gzip bomb"), gzipCompress(QByteArray(20 * 1024 * 1024, ' '), 9), 413, {QLatin1String(req::TooLarge)},
               kJson + Headers{{"Content-Encoding", "gzip"}});

        // Recovery (a staff PIN recovery code): malformed bodies and wrong codes.
        auto recovery = [&](const QString &name, const QByteArray &body, int status, const QStringList &codes) {
            Case c = requestCase(name, body, status, codes);
            c.path = QStringLiteral("/api/v1/staff/recovery");
            cases << c;
        };
        recovery(QStringLiteral("recovery empty object"), "{}", 400, schemaV);
        recovery(QStringLiteral("recovery number"), "{\"recovery_code\":1}", 400, schemaV);
        recovery(QStringLiteral("recovery extra member"), "{\"recovery_code\":\"A\",\"x\":1}", 400, schemaV);
        recovery(QStringLiteral("recovery broken"), "{\"recovery_code\":", 400, {QLatin1String(req::MalformedJson), QLatin1String(req::SchemaViolation)});
        recovery(QStringLiteral("recovery wrong code"), "{\"recovery_code\":\"ABCD-EFGH\"}", 403, {});
        recovery(QStringLiteral("recovery sql"), "{\"recovery_code\":\"' OR 1=1 --\"}", 403, {});
        return cases;
    }

    QList<Case> routeCorpus()
    {
        QList<Case> cases;
        for (const char *path : {"/api/v1/health", "/api/v1/enroll", "/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/sync/receipt",
                                 "/api/v1/staff/recovery"}) {
            for (const QByteArray &verb : {QByteArray("PUT"), QByteArray("DELETE"), QByteArray("PATCH")}) {
                Case c = requestCase(QStringLiteral("%1 %2").arg(QString::fromLatin1(verb), QLatin1String(path)), "{}", 405,
                                     {QLatin1String(req::MethodNotAllowed)});
                c.verb = verb;
                c.path = QLatin1String(path);
                cases << c;
            }
        }
        for (const char *path : {"/", "/api", "/api/v1", "/api/v2/health", "/api/v1/health/", "/API/V1/HEALTH", "/api/v1/sync/push.json",
                                 "/api/v1/admin", "/etc/passwd", "/api/v1/sync/push%00", "/api/v1/sync/%70ush/x"}) {
            Case c = requestCase(QStringLiteral("GET %1").arg(QLatin1String(path)), {}, 404, {QLatin1String(req::NotFound)});
            c.verb = "GET";
            c.path = QLatin1String(path);
            cases << c;
        }
        return cases;
    }

    // ---- checking -----------------------------------------------------------------------------------

    QString judge(const Case &c, const Reply &r) const
    {
        const QString got = QStringLiteral("got %1 %2").arg(r.status).arg(QString::fromUtf8(r.body.left(160)));
        if (r.status >= 500 || r.status == 0)
            return QStringLiteral("server error or no answer; ") + got;
        if (r.status != c.status)
            return QStringLiteral("expected %1 %2; ").arg(c.status).arg(c.codes.join(u'|')) + got;
        if (!c.codes.isEmpty() && !c.codes.contains(r.code()))
            return QStringLiteral("expected code %1; ").arg(c.codes.join(u'|')) + got;
        if (c.status >= 400 && r.code().isEmpty())
            return QStringLiteral("an error without {\"error\": {\"code\"}}; ") + got;
        if (!c.recordCode.isEmpty()) {
            auto p = parsePushResponse(r.body);
            if (!p || p.value().results.isEmpty())
                return QStringLiteral("unparsable push answer; ") + got;
            for (const RecordResult &res : p.value().results) {
                if (res.status != Verdict::Rejected || !res.error || res.error->code != c.recordCode
                    || (!c.recordField.isEmpty() && res.error->field != c.recordField))
                    return QStringLiteral("expected rejected %1 (%2); ").arg(c.recordCode, c.recordField) + got;
            }
        }
        if (c.path.startsWith(QLatin1String("/api/v1/sync/pull")) && r.status == 200) {
            auto p = parsePullResponse(r.body);
            if (!p)
                return QStringLiteral("unparsable pull answer; ") + got;
            for (const DecodedRecord &d : p.value().changes) {
                if (d.record && !d.record->stationId.isEmpty() && d.record->stationId != kA)
                    return QStringLiteral("pull leaked another station's record");
            }
        }
        return {};
    }

    void run(const QList<Case> &cases)
    {
        for (const Case &c : cases) {
            const Reply r = http(m_nam, c.verb, m_d.url(c.path), c.body, c.headers);
            ++m_sent;
            if (const QString f = judge(c, r); !f.isEmpty())
                m_failures << c.name + QStringLiteral(": ") + f;
            if (m_sent % 50 == 0)
                realClient();
        }
    }

    /// A real client meanwhile: health, its own records pushed again (all `unchanged`), a full pull that
    /// holds exactly A's baseline, and a receipt that counts them.
    void realClient()
    {
        ++m_realClientRounds;
        QNetworkAccessManager nam; // its own connections
        const Reply h = http(nam, "GET", m_d.url(QStringLiteral("/api/v1/health")));
        if (h.status != 200)
            m_failures << QStringLiteral("real client: health %1").arg(h.status);
        QJsonObject again = QJsonDocument::fromJson(m_baselineBatch).object();
        again.insert(QStringLiteral("batch_id"), lowerUuid());
        const Reply p = http(nam, "POST", m_d.url(QStringLiteral("/api/v1/sync/push")), compact(again), authJson(m_a1));
        auto pushed = parsePushResponse(p.body);
        if (p.status != 200 || !pushed || pushed.value().results.size() != 6)
            m_failures << QStringLiteral("real client: push %1 %2").arg(p.status).arg(QString::fromUtf8(p.body.left(200)));
        else {
            for (const RecordResult &res : pushed.value().results) {
                if (res.status != Verdict::Unchanged)
                    m_failures << QStringLiteral("real client: a baseline record was not unchanged: %1").arg(verdictName(res.status));
            }
        }
        const Reply pl = http(nam, "GET", m_d.url(QStringLiteral("/api/v1/sync/pull?cursor=&limit=1000&include_own=1")), {}, m_a1.auth());
        auto pulled = parsePullResponse(pl.body);
        int own = 0;
        if (pl.status != 200 || !pulled)
            m_failures << QStringLiteral("real client: pull %1").arg(pl.status);
        else {
            for (const DecodedRecord &d : pulled.value().changes) {
                if (d.record && d.record->stationId == kA)
                    ++own;
                else if (d.record && !d.record->stationId.isEmpty())
                    m_failures << QStringLiteral("real client: pulled another station's record");
            }
            if (own != 6)
                m_failures << QStringLiteral("real client: pulled %1 records of A, expected the 6 of the baseline").arg(own);
        }
        const Reply rc = http(nam, "GET", m_d.url(QStringLiteral("/api/v1/sync/receipt")), {}, m_a1.auth());
        auto receipt = parseReceiptResponse(rc.body);
        if (rc.status != 200 || !receipt || receipt.value().kinds.value(Kind::Resident).count != 1)
            m_failures << QStringLiteral("real client: receipt %1 %2").arg(rc.status).arg(QString::fromUtf8(rc.body.left(200)));
    }

    /// Raw bytes on a fresh connection; reads until the server closes or `waitMs` passes.
    RawResult raw(const QByteArray &bytes, int waitMs = 5000, int chunkDelayMs = 0, int chunkSize = 0)
    {
        RawResult out;
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_d.port());
        if (!s.waitForConnected(kWaitMs))
            return out;
        ++m_sent;
        QElapsedTimer t;
        t.start();
        if (chunkSize <= 0) {
            s.write(bytes);
        } else {
            // Trickle: chunkSize bytes every chunkDelayMs, stopping when the server closes.
            for (qsizetype i = 0; i < bytes.size() && s.state() == QAbstractSocket::ConnectedState; i += chunkSize) {
                s.write(bytes.mid(i, chunkSize));
                s.flush();
                QElapsedTimer pause;
                pause.start();
                while (pause.elapsed() < chunkDelayMs && s.state() == QAbstractSocket::ConnectedState)
                    s.waitForReadyRead(int(chunkDelayMs - pause.elapsed()) + 1) ? void(out.data += s.readAll()) : void();
                if (t.elapsed() > waitMs)
                    break;
            }
        }
        while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < waitMs) {
            if (s.waitForReadyRead(int(std::max<qint64>(1, waitMs - t.elapsed()))))
                out.data += s.readAll();
        }
        out.data += s.readAll();
        out.closed = s.state() != QAbstractSocket::ConnectedState;
        if (out.closed)
            out.closedAfterMs = t.elapsed();
        return out;
    }

    /// raw() for several connections at once: each opened and written, then all read until the server
    /// closes them or `waitMs` passes. For cases that each may take up to the head timeout.
    QList<RawResult> rawAll(const QList<QByteArray> &requests, int waitMs)
    {
        QList<RawResult> out(requests.size());
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        QElapsedTimer t;
        t.start();
        for (qsizetype i = 0; i < requests.size(); ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->connectToHost(QHostAddress::LocalHost, m_d.port());
            if (!s->waitForConnected(kWaitMs)) {
                sockets.push_back(nullptr);
                continue;
            }
            ++m_sent;
            QTcpSocket *socket = s.get();
            connect(socket, &QTcpSocket::readyRead, socket, [&out, i, socket] { out[i].data += socket->readAll(); });
            connect(socket, &QTcpSocket::disconnected, socket, [&out, i, &t] { out[i].closedAfterMs = t.elapsed(); });
            socket->write(requests[i]);
            sockets.push_back(std::move(s));
        }
        const auto open = [&] {
            return std::any_of(sockets.cbegin(), sockets.cend(),
                               [](const auto &s) { return s && s->state() == QAbstractSocket::ConnectedState; });
        };
        while (open() && t.elapsed() < waitMs)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        for (size_t i = 0; i < sockets.size(); ++i) {
            if (!sockets[i])
                continue;
            sockets[i]->disconnect(); // their slots write into `out`; closing them below must not
            out[qsizetype(i)].data += sockets[i]->readAll();
            out[qsizetype(i)].closed = sockets[i]->state() != QAbstractSocket::ConnectedState;
            if (!out[qsizetype(i)].closed)
                out[qsizetype(i)].closedAfterMs = -1;
            else if (out[qsizetype(i)].closedAfterMs < 0)
                out[qsizetype(i)].closedAfterMs = t.elapsed();
        }
        return out;
    }

    /// One line per table: "<query> <sha256 of its rows>".
    QStringList stableDigest() const
    {
        // Tables and columns that no refused request may change. Excluded, because they legitimately record
        // attempts or the passing of time:
        //  - audit: the append-only, hash-chained log (SECURITY.md 25) records every committed push — a
        //    well-formed batch whose records are all rejected is still a committed batch;
        //  - batch: the stored answers of those committed batches (a re-send must get the same bytes);
        //  - device.pushes_acknowledged and device.last_seen_at: the count of committed batches and the
        //    time of the last sync (the real client syncs meanwhile);
        //  - meta 'hlc_last': the server's hybrid clock, which moves with every answer.
        // Everything else — stations, devices (ids, stations, token hashes, revocation), enrollment and
        // recovery codes (none used up), records with their fields (values, secrets, stamps, sequence numbers),
        // the change sequence and key check in meta — must be byte for byte the same.
        QStringList out;
        const QString name = QStringLiteral("digest-") + lowerUuid();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_d.dataDir() + QStringLiteral("/district.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (!db.open())
                return {};
            for (const char *sql : {"SELECT * FROM station ORDER BY code",
                                    "SELECT id, station_code, name, token_sha256, revoked, enrolled_at FROM device ORDER BY id",
                                    "SELECT * FROM enrollment_code ORDER BY code_sha256",
                                    "SELECT * FROM recovery_code ORDER BY code_sha256",
                                    "SELECT * FROM record ORDER BY id",
                                    "SELECT * FROM meta WHERE key <> 'hlc_last' ORDER BY key",
                                    "SELECT name, sql FROM sqlite_master ORDER BY name"}) {
                QSqlQuery q(db);
                if (!q.exec(QLatin1String(sql)))
                    return {};
                QCryptographicHash h(QCryptographicHash::Sha256);
                int rows = 0;
                while (q.next()) {
                    for (int i = 0; i < q.record().count(); ++i)
                        h.addData(q.value(i).toByteArray() + '\x1f');
                    h.addData(QByteArrayView("\x1e"));
                    ++rows;
                }
                out << QStringLiteral("%1: %2 rows %3").arg(QLatin1String(sql)).arg(rows).arg(QString::fromLatin1(h.result().toHex().left(16)));
            }
        }
        QSqlDatabase::removeDatabase(name);
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_d.isValid());
        m_now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(m_d.run({QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), kA, QStringLiteral("--name"),
                          QStringLiteral("西坞妇女之家"), QStringLiteral("--town"), QStringLiteral("西坞街道"),
                          QStringLiteral("--villages"), QStringLiteral("白杜村,西坞村")})
                     .rc,
                 0);
        QCOMPARE(m_d.run({QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), kB, QStringLiteral("--name"),
                          QStringLiteral("高塘妇女之家"), QStringLiteral("--town"), QStringLiteral("高塘街道")})
                     .rc,
                 0);
        // Generous rate limits (the corpus is hundreds of requests from one address); short head timeout
        // so the slow-loris cases take seconds.
        QVERIFY(m_d.start({QStringLiteral("--device-rate"), QStringLiteral("100000"), QStringLiteral("--device-burst"),
                           QStringLiteral("100000"), QStringLiteral("--address-rate"), QStringLiteral("100000"),
                           QStringLiteral("--address-burst"), QStringLiteral("100000"), QStringLiteral("--enroll-failures"),
                           QStringLiteral("100000"), QStringLiteral("--head-timeout-ms"), QString::number(kHeadTimeoutMs)}));
        m_a1 = enrolled(kA);
        m_b1 = enrolled(kB);
        m_revoked = enrolled(kA);
        QVERIFY(!m_a1.token.isEmpty() && !m_b1.token.isEmpty() && !m_revoked.token.isEmpty());
        QCOMPARE(m_d.run({QStringLiteral("device"), QStringLiteral("revoke"), QStringLiteral("--device"), m_revoked.id}).rc, 0);

        // The baseline: six records of A (one of each kind), two of B.
        m_staff = base(Kind::Staff, m_a1, kA);
        m_resident = base(Kind::Resident, m_a1, kA);
        m_session = base(Kind::TrainingSession, m_a1, kA);
        m_attendance = base(Kind::Attendance, m_a1, kA,
                            attendanceId(m_session.value(QStringLiteral("id")).toString(), m_resident.value(QStringLiteral("id")).toString()));
        m_referral = base(Kind::ScreeningReferral, m_a1, kA);
        m_visit = base(Kind::FamilyVisit, m_a1, kA);
        m_baselineBatch = compact(envelope(QJsonArray{m_staff, m_resident, m_session, m_attendance, m_referral, m_visit}));
        const Reply a = http(m_nam, "POST", m_d.url(QStringLiteral("/api/v1/sync/push")), m_baselineBatch, authJson(m_a1));
        QCOMPARE(a.status, 200);
        m_baselineAnswer = a.body;
        auto pa = parsePushResponse(a.body);
        QVERIFY(pa);
        for (const RecordResult &r : pa.value().results)
            QVERIFY2(r.status == Verdict::Applied, a.body.constData());

        m_residentB = base(Kind::Resident, m_b1, kB);
        m_sessionB = base(Kind::TrainingSession, m_b1, kB);
        QJsonObject eb = envelope(QJsonArray{m_residentB, m_sessionB});
        const Reply b = http(m_nam, "POST", m_d.url(QStringLiteral("/api/v1/sync/push")), compact(eb), authJson(m_b1));
        QCOMPARE(b.status, 200);
        QVERIFY2(!b.body.contains("rejected"), b.body.constData());
        const Reply pb = http(m_nam, "GET", m_d.url(QStringLiteral("/api/v1/sync/pull?cursor=&limit=1")), {}, m_b1.auth());
        QCOMPARE(pb.status, 200);
        m_cursorB = pb.json().value(QStringLiteral("cursor")).toString();
        QVERIFY(!m_cursorB.isEmpty());

        m_realCode = m_d.run({QStringLiteral("enrollment-code"), QStringLiteral("--station"), kA}).lastLine();
        QVERIFY(!m_realCode.isEmpty());
        realClient();
        QVERIFY2(m_failures.isEmpty(), qPrintable(m_failures.join(u'\n')));
        m_digestBefore = stableDigest();
        QVERIFY(!m_digestBefore.isEmpty());
    }

    void corpus()
    {
        QList<Case> cases = recordCorpus() + requestCorpus() + authCorpus() + pullCorpus() + enrollCorpus() + routeCorpus();
        qInfo("hostile corpus: %lld requests", qlonglong(cases.size()));
        QVERIFY(cases.size() >= 500);
        run(cases);
        // A batch id a1 already committed, with other (hostile) content: the first answer, byte for byte.
        QJsonObject replay = envelope(QJsonArray{base(Kind::Resident, m_a1, kA)},
                                      QJsonDocument::fromJson(m_baselineBatch).object().value(QStringLiteral("batch_id")).toString());
        const Reply r = http(m_nam, "POST", m_d.url(QStringLiteral("/api/v1/sync/push")), compact(replay), authJson(m_a1));
        ++m_sent;
        if (r.status != 200 || r.body != m_baselineAnswer)
            m_failures << QStringLiteral("re-sent batch id: not the first answer: %1").arg(QString::fromUtf8(r.body.left(200)));
        const QStringList failures = std::exchange(m_failures, {});
        QVERIFY2(failures.isEmpty(),
                 qPrintable(QStringLiteral("%1 of %2 requests not answered as the protocol says:\n").arg(failures.size()).arg(cases.size())
                            + failures.mid(0, 60).join(u'\n')));
    }

    void malformedHttp()
    {
        const int before = m_sent;
        QStringList failures;
        auto expect = [&](const QString &name, bool ok, const RawResult &r) {
            if (!ok)
                failures << QStringLiteral("%1: got %2 closed=%3 after %4 ms: %5")
                                .arg(name)
                                .arg(r.status())
                                .arg(r.closed)
                                .arg(r.closedAfterMs)
                                .arg(QString::fromLatin1(r.data.left(160)));
        };
        const QByteArray auth = "Authorization: Bearer " + m_a1.token.toLatin1() + "\r\n";
        // Heads over 16 KiB: 431, closed.
        RawResult r = raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'a') + "\r\n\r\n");
        expect(QStringLiteral("one 20 KB header"), r.status() == 431 && r.closed, r);
        QByteArray many = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 2000; ++i)
            many += "X-H" + QByteArray::number(i) + ": v\r\n";
        r = raw(many + "\r\n");
        expect(QStringLiteral("2000 headers"), r.status() == 431 && r.closed, r);
        r = raw("GET /" + QByteArray(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
        expect(QStringLiteral("20 KB request line"), r.status() == 431 && r.closed, r);
        r = raw(QByteArray(100000, 'G'));
        expect(QStringLiteral("100 KB without a line end"), r.status() == 431 && r.closed, r);
        // Framing: bad or conflicting Content-Length, chunked, too large.
        const QByteArray post = "POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + auth;
        for (const QByteArray &cl : {QByteArray("abc"), QByteArray("-5"), QByteArray("1e3"), QByteArray("0x10"),
                                     QByteArray("5\r\nContent-Length: 6")}) {
            r = raw(post + "Content-Length: " + cl + "\r\n\r\n{}");
            expect(QStringLiteral("Content-Length: %1").arg(QString::fromLatin1(cl)), r.status() == 400 && r.closed, r);
        }
        r = raw(post + "Content-Length: 99999999999\r\n\r\n{}");
        expect(QStringLiteral("Content-Length 100 GB"), r.status() == 413 && r.closed, r);
        r = raw(post + "Content-Length: 99999999999999999999999\r\n\r\n{}");
        expect(QStringLiteral("Content-Length overflow"), (r.status() == 400 || r.status() == 413) && r.closed, r);
        r = raw(post + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        expect(QStringLiteral("chunked"), r.status() == 501 && r.closed, r);
        // Garbage and other protocols: answered with a 4xx or closed, never a hang past the head timeout.
        // All at once (each may take the head timeout).
        const QList<QByteArray> junks{QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
                                      QByteArray("GARBAGE\r\n\r\n"), QByteArray("GET\r\n\r\n"), QByteArray("\r\n\r\n\r\n\r\n"),
                                      QByteArray("GET /api/v1/health HTTP/9.9\r\n\r\n"), QByteArray("GET /api/v1/health\x00 HTTP/1.1\r\n\r\n", 33),
                                      QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"),
                                      QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n: empty name\r\n\r\n"),
                                      QByteArray("GET /api/v1/health HTTP/1.1\nHost: x\n\n")};
        const QList<RawResult> junkResults = rawAll(junks, kHeadTimeoutMs + kSlackMs);
        for (qsizetype i = 0; i < junks.size(); ++i) {
            r = junkResults[i];
            const bool ok = r.status() == 200 || (r.status() >= 400 && r.status() < 500) || (r.closed && r.status() == 0);
            expect(QStringLiteral("junk %1").arg(QString::fromLatin1(junks[i].toHex().left(30))), ok && r.status() < 500, r);
        }
        // Path tricks on the raw request line (QNetworkAccessManager would normalise them away).
        const QList<QByteArray> paths{QByteArray("/api/v1/sync/push/../pull"), QByteArray("/api/v1/../../../etc/passwd"),
                                      QByteArray("/api/v1/%2e%2e/v1/health"), QByteArray("//api/v1/health"), QByteArray("/api/v1/health?%ff%fe"),
                                      QByteArray("http://evil.example/api/v1/sync/receipt"), QByteArray("*")};
        QList<QByteArray> pathRequests;
        for (const QByteArray &path : paths)
            pathRequests << "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n";
        const QList<RawResult> pathResults = rawAll(pathRequests, kHeadTimeoutMs + kSlackMs);
        for (qsizetype i = 0; i < paths.size(); ++i) {
            const QByteArray &path = paths[i];
            r = pathResults[i];
            expect(QStringLiteral("path %1").arg(QString::fromLatin1(path)),
                   r.status() == 200 || r.status() == 404 || r.status() == 400 || (r.closed && r.status() == 0), r);
            if (r.status() == 200 && path.contains("receipt"))
                expect(QStringLiteral("absolute URL receipt is A's"), r.data.contains("\"kinds\""), r);
        }
        // Pipelining: 30 requests in one write, 30 answers in order.
        QByteArray pipeline;
        for (int i = 0; i < 30; ++i)
            pipeline += "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + QByteArray(i == 29 ? "Connection: close\r\n" : "") + "\r\n";
        r = raw(pipeline, 10000);
        expect(QStringLiteral("30 pipelined"), r.answers() == 30, r);
        // Slow-loris: a head trickled one byte every 200 ms, a connection that sends nothing, a body that
        // stops: each closed after about the head timeout (1.5 s), while a real client is answered.
        QList<QTcpSocket *> loris;
        for (int i = 0; i < 10; ++i) {
            auto *s = new QTcpSocket(this);
            s->connectToHost(QHostAddress::LocalHost, m_d.port());
            QVERIFY(s->waitForConnected(kWaitMs));
            s->write("GET /api/v1/health HTTP/1.1\r\nX-Slow: ");
            loris << s;
        }
        QElapsedTimer t;
        t.start();
        realClient();
        // Answered while the slow connections were held (not after the server had closed them).
        int stillOpen = 0;
        for (QTcpSocket *s : loris)
            stillOpen += s->state() == QAbstractSocket::ConnectedState ? 1 : 0;
        if (stillOpen == 0)
            failures << QStringLiteral("the real client was answered only after the slow connections were closed (%1 ms)").arg(t.elapsed());
        for (QTcpSocket *s : loris) {
            // Keep trickling; the server must close it anyway.
            while (s->state() == QAbstractSocket::ConnectedState && t.elapsed() < kHeadTimeoutMs + kSlackMs) {
                s->write("a");
                s->waitForDisconnected(200);
            }
            if (s->state() == QAbstractSocket::ConnectedState)
                failures << QStringLiteral("a slow-loris connection was still open after %1 ms").arg(t.elapsed());
            delete s;
        }
        r = raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + QByteArray(400, 'a') + "\r\n\r\n", kHeadTimeoutMs + kSlackMs + 1000, 100, 1);
        expect(QStringLiteral("trickled head"), r.closed && r.status() == 0 && r.closedAfterMs < kHeadTimeoutMs + kSlackMs, r);
        const QList<RawResult> stalled = rawAll({QByteArray(), post + "Content-Length: 1000\r\n\r\n{\"protocol\":"},
                                                kHeadTimeoutMs + kSlackMs + 1000);
        r = stalled[0];
        expect(QStringLiteral("silent connection"), r.closed && r.closedAfterMs >= kHeadTimeoutMs - 100 && r.closedAfterMs < kHeadTimeoutMs + kSlackMs, r);
        r = stalled[1];
        expect(QStringLiteral("stalled body"), r.closed && r.status() == 0 && r.closedAfterMs < kHeadTimeoutMs + kSlackMs, r);
        realClient();
        qInfo("malformed HTTP: %d raw connections", m_sent - before);
        failures += std::exchange(m_failures, {});
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    void serverStillUpAndDatabaseUnchanged()
    {
        realClient();
        QVERIFY2(m_failures.isEmpty(), qPrintable(m_failures.join(u'\n')));
        QVERIFY(m_d.running());
        QCOMPARE(stableDigest(), m_digestBefore);
        qInfo("hostile: %d requests and connections in all, %d real-client rounds meanwhile, database digest unchanged:\n%s",
              m_sent, m_realClientRounds, qPrintable(m_digestBefore.join(u'\n')));
        // No sanitizer report or crash trace in what the server wrote so far.
        const QByteArray err = m_d.takeErrorOutput();
        QVERIFY2(!err.contains("runtime error") && !err.contains("AddressSanitizer") && !err.contains("ASSERT"), err.right(2000).constData());
        QCOMPARE(m_d.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
