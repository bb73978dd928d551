#include "districtstore.h"

#include "districtmigrations.h"
#include "districtstore_p.h"
#include "storedfields.h"

#include "protocol/jsonwriter.h"
#include "protocol/receiptdigest.h"
#include "protocol/wire.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/sha256.h"
#include "core/validation.h"
#include "storage/fieldcipher.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <numeric>
#include <vector>

Q_LOGGING_CATEGORY(lcDistrictStore, "lanxin.district.store")

namespace lanxin::district {

QJsonValue detail::jsonValue(const QString &text)
{
    // What valueJson wrote for strings without escapes, booleans and null, read without a parser.
    if (text.size() >= 4 && text.startsWith(QLatin1String("[\"")) && text.endsWith(QLatin1String("\"]"))) {
        const QStringView inner = QStringView(text).mid(2, text.size() - 4);
        if (!inner.contains(u'\\') && !inner.contains(u'"'))
            return inner.toString();
    } else if (text == QLatin1String("[null]")) {
        return QJsonValue::Null;
    } else if (text == QLatin1String("[true]")) {
        return true;
    } else if (text == QLatin1String("[false]")) {
        return false;
    }
    return QJsonDocument::fromJson(text.toUtf8()).array().at(0);
}

using namespace detail;

using protocol::RecordError;
using protocol::WireRecord;
namespace rec = protocol::rec;
namespace req = protocol::req;

namespace {

constexpr qint64 kBatchKeepMs = 7LL * 24 * 3600 * 1000;
constexpr qsizetype kKeySize = 32;
const QString kDistrict = QStringLiteral("district");
const QString kZeroHash = QString(64, u'0');

Error dbError(const QSqlQuery &q, const QString &what)
{
    return Database::queryError(q, what);
}

QString isoNow(const Clock &clock)
{
    return formatInstant(clock.now());
}

/// The stored text of a value: a one-element JSON array, written without a QJsonDocument.
QString valueJson(const QJsonValue &v)
{
    QByteArray out;
    out.reserve(32);
    out += '[';
    protocol::json::appendValue(out, v);
    out += ']';
    return QString::fromUtf8(out);
}

/// A stored JSON value (`"text"`, null, true, false, a number or an array) as a QJsonValue; strings
/// without escapes are read without a parser.
QJsonValue jsonText(QByteArrayView text)
{
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        const QByteArrayView inner = text.sliced(1, text.size() - 2);
        if (!inner.contains('\\') && !inner.contains('"'))
            return QString::fromUtf8(inner);
    } else if (text == "null") {
        return QJsonValue::Null;
    } else if (text == "true") {
        return true;
    } else if (text == "false") {
        return false;
    }
    QByteArray array;
    array.reserve(text.size() + 2);
    array += '[';
    array += text;
    array += ']';
    return QJsonDocument::fromJson(array).array().at(0);
}

bool isSensitive(Kind kind, const QString &field)
{
    const FieldSpec *f = fieldSpec(kind, field);
    return f && f->sensitive;
}

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

/// One use of a statement of DistrictStore::statement(): binds UTF-8 and integers, reads columns without
/// QVariant, and resets the statement (and clears its bindings) when it goes out of scope.
class Stmt
{
public:
    explicit Stmt(sqlite3_stmt *s) : m_s(s) {}
    ~Stmt()
    {
        if (m_s) {
            sqlite3_reset(m_s);
            sqlite3_clear_bindings(m_s);
        }
    }
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;

    [[nodiscard]] bool ok() const { return m_s != nullptr; }
    void text(int i, const QByteArray &utf8)
    {
        sqlite3_bind_text(m_s, i, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_TRANSIENT);
    }
    void text(int i, QStringView s) { text(i, s.toUtf8()); }
    /// Not copied: `utf8` must stay unchanged until the statement is reset.
    void textInPlace(int i, const QByteArray &utf8)
    {
        sqlite3_bind_text(m_s, i, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_STATIC);
    }
    void textOrNull(int i, QStringView s)
    {
        if (s.isEmpty())
            sqlite3_bind_null(m_s, i);
        else
            text(i, s);
    }
    void integer(int i, qint64 v) { sqlite3_bind_int64(m_s, i, v); }
    void blob(int i, const QByteArray &b)
    {
        sqlite3_bind_blob(m_s, i, b.constData(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
    }
    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(m_s); }
    [[nodiscard]] QString string(int i) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_s, i));
        return QString::fromUtf8(p, sqlite3_column_bytes(m_s, i));
    }
    /// The text of column `i`, valid until the next step or reset.
    [[nodiscard]] QByteArrayView utf8(int i) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_s, i));
        return QByteArrayView(p, sqlite3_column_bytes(m_s, i));
    }
    [[nodiscard]] QByteArray bytes(int i) const
    {
        const auto *p = static_cast<const char *>(sqlite3_column_blob(m_s, i));
        return QByteArray(p, sqlite3_column_bytes(m_s, i));
    }
    [[nodiscard]] qint64 int64(int i) const { return sqlite3_column_int64(m_s, i); }

private:
    sqlite3_stmt *m_s;
};

} // namespace

QString sha256Hex(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

DistrictStore::DistrictStore(const Clock *clock)
    : m_clock(clock ? clock : &m_ownClock)
    , m_db(districtMigrations())
{
}

DistrictStore::~DistrictStore() = default;

QString DistrictStore::databasePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("district.db"));
}

Result<void> DistrictStore::open(const QString &dataDir, const QString &keyFile, int busyTimeoutMs, OpenCheck check)
{
    if (auto made = makeDataDir(dataDir); !made)
        return made;
    QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    Database::Options options;
    options.busyTimeoutMs = busyTimeoutMs;
    options.quickIntegrityCheck = check == OpenCheck::Quick;
    options.autoCheckpointPages = m_autoCheckpointPages;
    m_raw.reset();
    m_sqlite = nullptr;
    auto opened = m_db.open(databasePath(dataDir), options);
    if (!opened)
        return opened.error();
    const QVariant handle = m_db.db().driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    if (!m_sqlite)
        return Error{QStringLiteral("open_failed"), bilingual(QStringLiteral("无法使用数据库连接"),
                                                              QStringLiteral("The database connection has no SQLite handle"))};
    m_raw = std::make_unique<RawStatements>();
    if (auto k = loadKey(dataDir, keyFile); !k)
        return k;
    m_hlc = std::make_unique<HlcClock>(kDistrict, m_clock);
    restoreHlc();
    if (auto c = convertV2IfNeeded(); !c)
        return c;
    if (auto d = rebuildDigestsIfNeeded(); !d)
        return d;
    if (const QString aside = opened->corruptMovedTo; !aside.isEmpty())
        return reportMovedAside(aside);
    return {};
}

Result<void> DistrictStore::reportMovedAside(const QString &aside)
{
    // SECURITY.md 3: the damaged file is kept as it was, and a new one made. A station tablet goes on
    // working on the new file; the district does not answer stations from an empty database unasked:
    // the command that found the damage stops here (exit 1), and the next one runs on the new file.
    const QString name = QFileInfo(aside).fileName();
    if (auto a = m_db.transaction([&] { return audit(QStringLiteral("district"), QStringLiteral("database moved aside"),
                                                     QStringLiteral("file=") + name); });
        !a)
        return a;
    return Error{QStringLiteral("corrupt_moved_aside"),
                 bilingual(QStringLiteral("数据库 district.db 已损坏：已原样移到 %1 保存，并新建了空数据库。"
                                          "请把备份复制为 district.db 来恢复，或再次运行命令以使用空数据库")
                               .arg(aside),
                           QStringLiteral("The database district.db was damaged: it was moved, unchanged, to %1 and an "
                                          "empty one made. Copy a backup to district.db to restore it, or run the command "
                                          "again to go on with the empty database")
                               .arg(aside))};
}

Result<void> DistrictStore::loadKey(const QString &dataDir, const QString &keyFile)
{
    const QString path = keyFile.isEmpty() ? QDir(dataDir).filePath(QStringLiteral("keys")) : keyFile;
    const QString check = m_db.meta(QStringLiteral("key_check"));
    QByteArray key;
    QFile f(path);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("key_unreadable"), bilingual(QStringLiteral("无法读取密钥文件 %1").arg(path),
                                                                     QStringLiteral("Cannot read the key file %1").arg(path))};
        const QByteArray raw = f.readAll();
        const QByteArray trimmed = raw.trimmed();
        if (raw.size() == kKeySize)
            key = raw;
        else if (trimmed.size() == 2 * kKeySize)
            key = QByteArray::fromHex(trimmed);
        if (key.size() != kKeySize)
            return Error{QStringLiteral("key_invalid"),
                         bilingual(QStringLiteral("密钥文件 %1 格式不对（应为 32 字节或 64 位十六进制）").arg(path),
                                   QStringLiteral("The key file %1 is not 32 bytes or 64 hex digits").arg(path))};
    } else if (!keyFile.isEmpty()) {
        return Error{QStringLiteral("key_missing"), bilingual(QStringLiteral("找不到密钥文件 %1").arg(path),
                                                              QStringLiteral("The key file %1 does not exist").arg(path))};
    } else if (!check.isEmpty()) {
        return Error{QStringLiteral("key_missing"),
                     bilingual(QStringLiteral("数据库已有加密数据，但密钥文件 %1 不见了；不会生成新密钥").arg(path),
                               QStringLiteral("The database holds encrypted data but the key file %1 is missing; "
                                              "no new key is made")
                                   .arg(path))};
    } else {
        key.resize(kKeySize);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), kKeySize / 4);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
            || f.write(key) != kKeySize || !f.flush())
            return Error{QStringLiteral("key_unwritable"), bilingual(QStringLiteral("无法写入密钥文件 %1").arg(path),
                                                                     QStringLiteral("Cannot write the key file %1").arg(path))};
        f.close();
    }
    m_cipher = std::make_unique<FieldCipher>(key);
    key.fill('\0');
    if (!m_cipher->isValid())
        return Error{QStringLiteral("key_invalid"), bilingual(QStringLiteral("无法使用密钥"), QStringLiteral("The key cannot be used"))};
    const QString mine = QString::fromLatin1(m_cipher->blindIndex(u"key_check", u"lanxin-district").toHex());
    if (check.isEmpty())
        return m_db.setMeta(QStringLiteral("key_check"), mine);
    if (check != mine)
        return Error{QStringLiteral("key_wrong"), bilingual(QStringLiteral("密钥与数据库不匹配（%1）").arg(path),
                                                            QStringLiteral("The key does not belong to this database (%1)").arg(path))};
    return {};
}

// ---- HLC, change sequence, audit ------------------------------------------------------------------

void DistrictStore::restoreHlc()
{
    if (auto last = Hlc::parse(m_db.meta(QStringLiteral("hlc_last"))))
        m_hlc->restore(*last);
}

Result<void> DistrictStore::saveHlc()
{
    return m_db.setMeta(QStringLiteral("hlc_last"), m_hlc->last().toString());
}

Hlc DistrictStore::serverTime()
{
    return m_hlc->now();
}

Result<qint64> DistrictStore::nextSeq()
{
    return ++m_seq;
}

Result<void> DistrictStore::storeSeq()
{
    return m_db.setMeta(QStringLiteral("seq"), QString::number(m_seq));
}

qint64 DistrictStore::lastSeq()
{
    return m_db.meta(QStringLiteral("seq"), QStringLiteral("0")).toLongLong();
}

namespace {
QString auditHash(const QString &prev, qint64 seq, const QString &at, const QString &actor, const QString &action,
                  const QString &detail)
{
    return sha256Hex(QStringList{prev, QString::number(seq), at, actor, action, detail}.join(u'\n'));
}
} // namespace

Result<void> DistrictStore::audit(const QString &actor, const QString &action, const QString &detail)
{
    Q_ASSERT(m_db.inTransaction());
    QSqlQuery last(m_db.db());
    if (!last.exec(QStringLiteral("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")))
        return dbError(last, QStringLiteral("audit"));
    qint64 seq = 1;
    QString prev = kZeroHash;
    if (last.next()) {
        seq = last.value(0).toLongLong() + 1;
        prev = last.value(1).toString();
    }
    const QString at = isoNow(*m_clock);
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO audit (seq, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(seq), QVariant(at), QVariant(actor), QVariant(action), QVariant(detail),
                              QVariant(prev), QVariant(auditHash(prev, seq, at, actor, action, detail))})
        q.addBindValue(v);
    if (!q.exec())
        return dbError(q, QStringLiteral("audit"));
    return {};
}

AuditCheck DistrictStore::verifyAudit()
{
    AuditCheck c;
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq"))) {
        c.firstBroken = -1;
        c.reason = q.lastError().text();
        return c;
    }
    QString prev = kZeroHash;
    qint64 expected = 1;
    while (q.next()) {
        const qint64 seq = q.value(0).toLongLong();
        const QString hash = q.value(6).toString();
        auto broken = [&](const QString &why) {
            c.firstBroken = expected;
            c.reason = why;
        };
        if (seq != expected)
            broken(QStringLiteral("entry %1 is missing").arg(expected));
        else if (q.value(5).toString() != prev)
            broken(QStringLiteral("entry %1 does not follow its predecessor").arg(seq));
        else if (auditHash(prev, seq, q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                           q.value(4).toString())
                 != hash)
            broken(QStringLiteral("entry %1 was changed").arg(seq));
        if (c.firstBroken)
            return c;
        prev = hash;
        ++expected;
        ++c.entries;
    }
    return c;
}

// ---- records --------------------------------------------------------------------------------------

QSqlQuery &DistrictStore::cached(const char *sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_unique<QSqlQuery>(m_db.db());
        q->setForwardOnly(true);
        if (!q->prepare(QString::fromUtf8(sql))) {
            // Not kept: the caller's exec() fails and reports; the next call prepares again.
            static QSqlQuery failed;
            failed = std::move(*q);
            return failed;
        }
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    return *it->second;
}

struct DistrictStore::RawStatements
{
    std::unordered_map<const char *, sqlite3_stmt *> statements;
    /// The UTF-8 of the texts every record row binds again and again (kind, station, writer), kept
    /// for the last value of each: a push binds the same three for all its records.
    struct Utf8
    {
        QString text;
        QByteArray utf8;
        const QByteArray &of(const QString &s)
        {
            if (utf8.isNull() || text != s) {
                text = s;
                utf8 = s.toUtf8();
            }
            return utf8;
        }
    };
    Utf8 kind, station, writer;
    /// Texts made for every record written, bound in place (its id, its greatest stamp) or hashed (the
    /// receipt digest's "id|stamp"): their room kept from record to record, not allocated for each.
    QByteArray id, greatest, digestText;
    ~RawStatements()
    {
        for (auto &s : statements)
            sqlite3_finalize(s.second);
    }
};

sqlite3_stmt *DistrictStore::statement(const char *sql)
{
    if (!m_raw || !m_sqlite)
        return nullptr;
    auto it = m_raw->statements.find(sql);
    if (it != m_raw->statements.end())
        return it->second;
    sqlite3_stmt *s = nullptr;
    if (sqlite3_prepare_v3(m_sqlite, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
        sqlite3_finalize(s);
        return nullptr; // not kept: the next call prepares again
    }
    m_raw->statements.emplace(sql, s);
    return s;
}

Error DistrictStore::sqlError(const QString &what) const
{
    const int code = m_sqlite ? sqlite3_extended_errcode(m_sqlite) & 0xff : SQLITE_ERROR;
    if (code == SQLITE_FULL)
        return {QStringLiteral("disk_full"), bilingual(QStringLiteral("存储空间已满，未保存：%1").arg(what),
                                                       QStringLiteral("Storage is full, not saved: %1").arg(what))};
    if (code == SQLITE_IOERR)
        return {QStringLiteral("io_error"), bilingual(QStringLiteral("读写存储出错，未保存：%1").arg(what),
                                                      QStringLiteral("A storage read/write error, not saved: %1").arg(what))};
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return {QStringLiteral("busy"), bilingual(QStringLiteral("数据库正忙：%1").arg(what),
                                                  QStringLiteral("The database is busy: %1").arg(what))};
    return {QStringLiteral("database_error"),
            bilingual(QStringLiteral("数据库错误（%1）").arg(what),
                      QStringLiteral("Database error (%1): %2").arg(what, m_sqlite ? QString::fromUtf8(sqlite3_errmsg(m_sqlite)) : QString()))};
}

namespace {
constexpr const char kSelectRecord[] =
    "SELECT kind, station_id, seq, greatest_stamp, deleted, writer, other_seq, fields FROM record WHERE id = ?";
constexpr const char kSelectDigest[] = "SELECT count, digest FROM receipt_digest WHERE station_id = ? AND kind = ?";

/// A record row (kind, station_id, seq, greatest_stamp, deleted, writer, other_seq, fields) read from `q` from column `at`.
template<typename C>
void readEnvelope(const QSqlQuery &q, int at, C &c)
{
    c.kind = q.value(at).toString();
    c.stationId = q.value(at + 1).toString();
    c.seq = q.value(at + 2).toLongLong();
    c.greatest = Hlc::parse(q.value(at + 3).toString()).value_or(Hlc{});
    c.deleted = q.value(at + 4).toInt() != 0;
    c.writer = q.value(at + 5).toString();
    c.otherSeq = q.value(at + 6).toLongLong();
    c.raw = q.value(at + 7).toByteArray();
    c.fieldsLoaded = false;
}

template<typename C>
void readEnvelope(const Stmt &q, int at, C &c)
{
    c.kind = q.string(at);
    c.stationId = q.string(at + 1);
    c.seq = q.int64(at + 2);
    c.greatest = Hlc::parse(q.string(at + 3)).value_or(Hlc{});
    c.deleted = q.int64(at + 4) != 0;
    c.writer = q.string(at + 5);
    c.otherSeq = q.int64(at + 6);
    c.raw = q.bytes(at + 7);
    c.fieldsLoaded = false;
    c.envelopeOnly = false;
}

using protocol::appendStampUtf8;
using storedfields::appendUtf8;
using storedfields::encodeFields;
using storedfields::FieldsScanner;
using storedfields::internVersion;
using storedfields::Version;

} // namespace

void DistrictStore::loadFields(Current &c)
{
    c.fields.clear();
    c.fieldsLoaded = true;
    const QJsonArray top = QJsonDocument::fromJson(c.raw).array();
    const QJsonArray versions = top.at(0).toArray();
    const QJsonObject fields = top.at(1).toObject();
    QVarLengthArray<Current::Field, 8> decoded;
    for (const QJsonValue &v : versions) {
        const QJsonArray a = v.toArray();
        decoded.append(Current::Field{Hlc::parse(a.at(0).toString()).value_or(Hlc{}), a.at(1).toInteger(),
                                      a.at(2).toString(), {}, {}});
    }
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        const QJsonArray a = it.value().toArray();
        const qsizetype vi = a.at(0).toInteger(-1);
        Current::Field f = vi >= 0 && vi < decoded.size() ? decoded[vi] : Current::Field{};
        f.value = a.at(1);
        if (a.size() > 2)
            f.secret = a.at(2).toString();
        c.fields.insert(it.key(), std::move(f));
    }
}

std::optional<DistrictStore::Current> DistrictStore::current(const QString &id, Need need)
{
    if (m_batch) {
        const auto it = m_batch->find(RecordKey(id));
        if (it != m_batch->end() && !(it->has_value() && (*it)->envelopeOnly && need != Need::Envelope)) {
            if (it->has_value() && need == Need::Fields && !(*it)->fieldsLoaded)
                loadFields(**it);
            return *it;
        }
    }
    std::optional<Current> out;
    {
        Stmt q(statement(kSelectRecord));
        if (q.ok()) {
            q.text(1, id);
            if (q.step() == SQLITE_ROW) {
                Current c;
                readEnvelope(q, 0, c);
                out = std::move(c);
            }
        }
    }
    if (out && need == Need::Fields)
        loadFields(*out);
    if (m_batch)
        m_batch->insert(RecordKey(id), out);
    return out;
}

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

QVariant DistrictStore::storedValue(Kind kind, const QString &id, const Current &c, const QString &field) const
{
    if (!c.fieldsLoaded) {
        // One field of a record whose `fields` column is not decoded (a referral's resident): found in the
        // text, not the whole record parsed into a QJsonDocument.
        const QByteArray name = field.toUtf8();
        QByteArrayView text;
        QByteArrayView secret;
        const FieldsScanner::Found found = FieldsScanner::findKey(c.raw, name, &text, &secret);
        if (found == FieldsScanner::Found::Absent)
            return {};
        if (found == FieldsScanner::Found::Yes) {
            Current::Field f;
            if (secret.isEmpty())
                f.value = jsonText(text);
            else
                f.secret = QString::fromLatin1(secret.data(), secret.size());
            QVariant typed;
            if (protocol::decodeValue(kind, field, fieldValue(id, field, f), &typed))
                return {};
            return typed;
        }
        Current loaded = c;
        loadFields(loaded); // not in the shape the scanner reads: decoded whole
        return storedValue(kind, id, loaded, field);
    }
    const auto it = c.fields.constFind(field);
    if (it == c.fields.cend())
        return {};
    QVariant typed;
    if (protocol::decodeValue(kind, field, fieldValue(id, field, *it), &typed))
        return {};
    return typed;
}

QJsonValue DistrictStore::fieldValue(const QString &recordId, const QString &field, const Current::Field &f) const
{
    if (!f.secret.isEmpty()) {
        if (auto plain = m_cipher->decrypt(recordId, field, QByteArray::fromBase64(f.secret.toLatin1())))
            return jsonValue(*plain);
        qCWarning(lcDistrictStore) << "cannot decrypt a field of" << recordId;
        return QJsonValue::Null;
    }
    return f.value;
}

std::optional<WireRecord> DistrictStore::record(const QString &id)
{
    const auto c = current(id);
    if (!c)
        return std::nullopt;
    const auto kind = kindFromName(c->kind);
    if (!kind)
        return std::nullopt;
    WireRecord r;
    r.kind = *kind;
    r.id = id;
    r.stationId = c->stationId;
    for (auto it = c->fields.cbegin(); it != c->fields.cend(); ++it) {
        QVariant typed;
        if (protocol::decodeValue(*kind, it.key(), fieldValue(id, it.key(), it.value()), &typed))
            typed = QVariant(); // stored values were valid when written; a schema change could make one not
        r.writes << FieldWrite{it.key(), typed, it.value().stamp};
    }
    return r;
}

Result<void> DistrictStore::writeFields(const WireRecord &record, const QList<FieldWrite> &writes,
                                        const std::optional<Current> &before, const QString &writer, qint64 seq)
{
    const QString kind = kindName(record.kind);
    Current c = before ? *before : Current{kind, record.stationId, 0, {}, false, {}, 0, {}, true, false, {}};
    const Hlc oldGreatest = c.greatest;
    if (!before) {
        // Not held yet (the common case): every field is this writer's, encoded straight from the writes.
        c.raw = encodeNewFields(record, writes, writer, seq, &c.greatest, &c.deleted);
#ifndef QT_NO_DEBUG
        checkNewFields(record, writes, writer, seq, c.raw);
#endif
        c.fieldsLoaded = false;
        c.seq = seq;
        c.writer = writer;
        c.otherSeq = 0;
        return storeRecord(record, std::move(c), std::nullopt);
    }
    if (!c.fieldsLoaded)
        loadFields(c);
    for (const FieldWrite &w : writes) {
        c.greatest = std::max(c.greatest, w.stamp);
        if (w.field == QLatin1String(kDeleted))
            c.deleted = w.value.toBool();
        Current::Field f{w.stamp, seq, writer, protocol::encodeValue(record.kind, w.field, w.value), {}};
        if (w.value.isValid() && isSensitive(record.kind, w.field)) {
            const QString plain = valueJson(f.value);
            f.secret = QString::fromLatin1((m_nonces ? m_cipher->encryptUtf8(record.id, w.field, plain.toUtf8(), *m_nonces)
                                                     : m_cipher->encrypt(record.id, w.field, plain))
                                               .toBase64());
            f.value = QJsonValue::Null;
        }
        c.fields.insert(w.field, std::move(f));
    }
    // The pull leaves a record out for a device when the record's latest changes all came from it
    // (SYNC-PROTOCOL.md): that is "the latest change is someone else's, or some field set by someone
    // else changed after the cursor", so keep the latest change of a field not set by this writer.
    c.seq = seq;
    c.writer = writer;
    c.otherSeq = 0;
    for (const Current::Field &f : std::as_const(c.fields)) {
        if (f.writer != writer)
            c.otherSeq = std::max(c.otherSeq, f.seq);
    }
    c.raw = encodeFields(c.fields);
    return storeRecord(record, std::move(c), oldGreatest);
}

Result<void> DistrictStore::storeRecord(const WireRecord &record, Current c, const std::optional<Hlc> &oldGreatest)
{
    {
        Stmt r(statement(kUpsertRecord));
        if (!r.ok())
            return sqlError(QStringLiteral("record"));
        // Bound in place: unchanged until the statement is reset (when `r` goes out of scope).
        QByteArray &id = m_raw->id;
        id.truncate(0); // keeps its room (clear() would free it)
        appendUtf8(id, record.id);
        QByteArray &greatest = m_raw->greatest;
        greatest.truncate(0);
        appendStampUtf8(greatest, c.greatest);
        r.textInPlace(1, id);
        r.textInPlace(2, m_raw->kind.of(c.kind)); // unchanged until the statement is reset (below)
        if (record.stationId.isEmpty())
            r.textOrNull(3, record.stationId);
        else
            r.textInPlace(3, m_raw->station.of(record.stationId));
        r.integer(4, c.seq);
        r.textInPlace(5, greatest);
        r.integer(6, c.deleted ? 1 : 0);
        r.textInPlace(7, m_raw->writer.of(c.writer));
        r.integer(8, c.otherSeq);
        r.textInPlace(9, c.raw); // ~1 KB; `c` outlives the statement's use
        if (r.step() != SQLITE_DONE)
            return sqlError(QStringLiteral("record"));
    }
    if (!record.stationId.isEmpty())
        noteDigest(record.stationId, record.kind, record.id, oldGreatest, c.greatest);
    // Inside a push, later records of the batch see this one as it now is.
    if (m_batch)
        m_batch->insert(RecordKey(record.id), std::move(c));
    return {};
}

QByteArray DistrictStore::encodeNewFields(const WireRecord &record, const QList<FieldWrite> &writes, const QString &writer,
                                          qint64 seq, Hlc *greatest, bool *deleted) const
{
    // What encodeFields writes for the same fields in a QMap: sorted by name, the last write of a name kept.
    QVarLengthArray<qsizetype, 32> order;
    for (qsizetype i = 0; i < writes.size(); ++i) {
        const FieldWrite &w = writes[i];
        *greatest = std::max(*greatest, w.stamp);
        if (w.field == QLatin1String(kDeleted))
            *deleted = w.value.toBool();
        order.append(i);
    }
    const auto byName = [&](qsizetype a, qsizetype b) { return writes[a].field < writes[b].field; };
    if (!std::is_sorted(order.begin(), order.end(), byName)) // decodeRecord gives them sorted
        std::stable_sort(order.begin(), order.end(), byName);
    QVarLengthArray<Version, 32> versions;
    QVarLengthArray<qsizetype, 32> unique;
    QVarLengthArray<int, 32> index;
    for (qsizetype k = 0; k < order.size(); ++k) {
        if (k + 1 < order.size() && writes[order[k + 1]].field == writes[order[k]].field)
            continue;
        unique.append(order[k]);
        index.append(internVersion(versions, Version{&writes[order[k]].stamp, seq, &writer}));
    }
    using protocol::json::appendBytes;
    QByteArray out;
    out.reserve(256 + 128 * unique.size());
    // appendVersions' text; every version of a new record has the same seq and writer. Punctuation and
    // numbers go in by appendBytes: QByteArray's own appends are out-of-line calls, a few per field.
    char seqText[24];
    const qsizetype seqSize = std::to_chars(seqText, seqText + sizeof seqText, seq).ptr - seqText;
    for (qsizetype i = 0; i < versions.size(); ++i) {
        appendBytes(out, i ? QByteArrayView(",[") : QByteArrayView("[[["));
        protocol::appendStampJson(out, *versions[i].stamp);
        appendBytes(out, ",");
        appendBytes(out, QByteArrayView(seqText, seqSize));
        appendBytes(out, ",");
        protocol::json::appendString(out, writer);
        appendBytes(out, "]");
    }
    appendBytes(out, versions.isEmpty() ? QByteArrayView("[[],{") : QByteArrayView("],{"));
    QByteArray value;
    for (qsizetype k = 0; k < unique.size(); ++k) {
        const FieldWrite &w = writes[unique[k]];
        if (k)
            appendBytes(out, ",");
        protocol::json::appendString(out, w.field);
        char piece[16] = ":[";
        char *end = std::to_chars(piece + 2, piece + sizeof piece - 1, index[k]).ptr;
        *end++ = ',';
        appendBytes(out, QByteArrayView(piece, end - piece));
        const protocol::WireField f = protocol::lookupWireField(record.kind, w.field);
        if (w.value.isValid() && f.sensitive()) {
            value.truncate(0); // keeps its room (clear() would free it)
            value += '[';
            protocol::appendValueJson(value, f, w.value);
            value += ']';
            appendBytes(out, "null,\"");
            appendBytes(out, (m_nonces ? m_cipher->encryptUtf8(record.id, w.field, value, *m_nonces)
                                       : m_cipher->encrypt(record.id, w.field, QString::fromUtf8(value)))
                                 .toBase64());
            appendBytes(out, "\"");
        } else {
            protocol::appendValueJson(out, f, w.value);
        }
        appendBytes(out, "]");
    }
    appendBytes(out, "}]");
    return out;
}

#ifndef QT_NO_DEBUG
void DistrictStore::checkNewFields(const WireRecord &record, const QList<FieldWrite> &writes, const QString &writer,
                                   qint64 seq, const QByteArray &raw) const
{
    // Debug builds (the tests) hold encodeNewFields' hand-written text to the general writer: decoded, it
    // is the same fields, stamps, seq and writer, each value what encodeValue gives (decrypted where
    // sensitive), and written again by encodeFields it is the same bytes.
    Current c;
    c.raw = raw;
    loadFields(c);
    Q_ASSERT_X(encodeFields(c.fields) == raw, "encodeNewFields", "not what encodeFields writes");
    QMap<QString, const FieldWrite *> last;
    for (const FieldWrite &w : writes)
        last.insert(w.field, &w);
    Q_ASSERT(c.fields.size() == last.size());
    for (auto it = last.cbegin(); it != last.cend(); ++it) {
        const auto held = c.fields.constFind(it.key());
        Q_ASSERT(held != c.fields.cend());
        Q_ASSERT(held->stamp == (*it)->stamp && held->seq == seq && held->writer == writer);
        const QJsonValue expected = protocol::encodeValue(record.kind, it.key(), (*it)->value);
        Q_ASSERT_X(fieldValue(record.id, it.key(), *held) == expected, "encodeNewFields", "a value differs");
        Q_ASSERT(held->secret.isEmpty() == !((*it)->value.isValid() && isSensitive(record.kind, it.key())));
    }
}
#endif

void DistrictStore::noteDigest(const QString &stationId, Kind kind, const QString &id, const std::optional<Hlc> &oldGreatest,
                               const Hlc &newGreatest)
{
    if (oldGreatest && *oldGreatest == newGreatest)
        return;
    DigestDelta &d = m_digests[qMakePair(stationId, kindName(kind))];
    QByteArray &text = m_raw->digestText; // storeRecord, the one caller, has used m_raw already
    auto mix = [&](const Hlc &stamp) {
        // xorReceiptTerm's term (SHA-256 of UTF-8 "id|stamp"), without its QString temporaries.
        text.truncate(0); // keeps its room (clear() would free it)
        appendUtf8(text, id);
        text += '|';
        appendStampUtf8(text, stamp);
        xorSha256(d.xorSum, text);
    };
    if (oldGreatest)
        mix(*oldGreatest); // XOR takes the old state out
    else
        ++d.count;
    mix(newGreatest);
}

Result<void> DistrictStore::flushDigests()
{
    Q_ASSERT(m_db.inTransaction());
    const auto pending = std::exchange(m_digests, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        QSqlQuery &q = cached(kSelectDigest);
        q.bindValue(0, it.key().first);
        q.bindValue(1, it.key().second);
        if (!q.exec())
            return dbError(q, QStringLiteral("receipt_digest"));
        qint64 count = 0;
        QByteArray sum(32, '\0');
        if (q.next()) {
            count = q.value(0).toLongLong();
            const QByteArray stored = q.value(1).toByteArray();
            if (stored.size() == sum.size())
                sum = stored;
        }
        q.finish();
        count += it.value().count;
        for (qsizetype i = 0; i < sum.size(); ++i)
            sum[i] = static_cast<char>(static_cast<quint8>(sum[i]) ^ it.value().xorSum[static_cast<size_t>(i)]);
        QSqlQuery &w = cached(kUpsertDigest);
        w.bindValue(0, it.key().first);
        w.bindValue(1, it.key().second);
        w.bindValue(2, count);
        w.bindValue(3, sum);
        if (!w.exec())
            return dbError(w, QStringLiteral("receipt_digest"));
    }
    return {};
}

std::optional<RecordError> DistrictStore::checkRecord(const WireRecord &record, const QList<FieldWrite> &accepted,
                                                      const std::optional<Current> &before)
{
    // The state the server would hold: what it has, overlaid with the newer fields.
    QVariantMap values;
    const bool sorted = std::adjacent_find(accepted.cbegin(), accepted.cend(), [](const FieldWrite &a, const FieldWrite &b) {
                            return !(a.field < b.field);
                        }) == accepted.cend();
    if (!before && sorted) {
        // A record not held, its writes in name order without repeats (as decodeRecord gives them): the
        // logical values straight from the writes, as logicalValues() makes them from the same map.
        for (const FieldWrite &w : accepted) {
            if (w.field == QLatin1String(kDeleted) && w.value.toBool())
                return std::nullopt; // a tombstone: nothing left to check
            // A set member's name has a dot (found inline: QString::contains is a call per field).
            if (std::find(w.field.cbegin(), w.field.cend(), u'.') != w.field.cend()) {
                if (auto m = setMember(record.kind, w.field)) {
                    QVariant &set = values[QLatin1String(m->set->name)];
                    QStringList list = set.toStringList();
                    if (w.value.toBool())
                        list << m->member;
                    set = list;
                    continue;
                }
            }
            if (w.value.isValid())
                values.insert(values.cend(), w.field, w.value); // in name order: the end is the place
        }
    } else {
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
        values = logicalValues(record.kind, wire);
    }

    ValidationContext ctx;
    ctx.today = m_pushToday.isValid() ? m_pushToday : m_clock->today();
    if (rulesReadResident(record.kind)) {
        // Only the two fields the rules need, not the whole resident decoded.
        const QString residentId = values.value(QStringLiteral("resident_id")).toString();
        const auto resident = current(residentId, Need::Row);
        if (resident && resident->kind == kindName(Kind::Resident)) {
            ctx.residentBirthDate = storedValue(Kind::Resident, residentId, *resident, QStringLiteral("birth_date")).toDate();
            const QVariant g = storedValue(Kind::Resident, residentId, *resident, QStringLiteral("guardian_name"));
            if (g.isValid())
                ctx.residentGuardianName = g.toString();
        }
    }
    const auto carried = [&](const QString &field) {
        return std::any_of(record.writes.cbegin(), record.writes.cend(),
                           [&](const FieldWrite &w) { return logicalName(record.kind, w.field) == field; });
    };
    // A rule breaks only when a field this push carries breaks it, or when a new record lacks a required
    // field: a merged state that another device's concurrent edit made inconsistent does not block this one.
    // Every value here passed core validateValue already (protocol::decodeValue checks each one as the push
    // is parsed, and each held value as it is read back): only required fields, unknown fields and the
    // cross-field rules are left, with the same verdicts and messages as validateRecord.
    for (const FieldError &e : validateRecordRules(record.kind, values, ctx)) {
        if ((!before && e.code == QLatin1String(kMissingField)) || carried(e.field))
            return RecordError::fromFieldError(e);
    }
    return std::nullopt;
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

void DistrictStore::touchDevice(const QString &deviceId)
{
    // "Last sync" is shown to the minute: a device syncing more often is written once a minute, not once
    // per receipt (each write is an fsync).
    const qint64 now = m_clock->nowMs();
    auto last = m_lastTouchMs.find(deviceId);
    if (last != m_lastTouchMs.end() && now - *last < 60 * 1000 && now >= *last)
        return;
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE device SET last_seen_at = ? WHERE id = ?"));
    q.addBindValue(isoNow(*m_clock));
    q.addBindValue(deviceId);
    if (!q.exec()) {
        qCWarning(lcDistrictStore) << "cannot mark a device seen:" << q.lastError().text();
        return;
    }
    m_lastTouchMs.insert(deviceId, now);
}

// ---- district-made records ------------------------------------------------------------------------

Result<QString> DistrictStore::createDistrictRecord(Kind kind, const QString &stationId, const QVariantMap &values,
                                                    const QString &actor, const QString &auditDetail)
{
    Q_ASSERT(m_db.inTransaction());
    QVariantMap full = values;
    full.insert(QLatin1String(kCreatedAt), m_clock->now());
    full.insert(QLatin1String(kDeleted), false);
    ValidationContext ctx;
    ctx.today = m_clock->today();
    const QList<FieldError> errors = validateRecord(kind, full, ctx);
    if (!errors.isEmpty())
        return Error{QString::fromLatin1(rec::InvalidField), errors.first().bilingualMessage()};
    restoreHlc();
    m_seq = lastSeq();
    WireRecord r;
    r.kind = kind;
    r.id = newRecordId(*m_clock);
    r.stationId = stationId;
    for (auto it = full.cbegin(); it != full.cend(); ++it) {
        const FieldSpec *f = fieldSpec(kind, it.key());
        if (f && f->type == FieldType::Set) {
            for (const char *m : f->values)
                r.writes << FieldWrite{it.key() + u'.' + QLatin1String(m),
                                       it.value().toStringList().contains(QLatin1String(m)), m_hlc->now()};
        } else if (it.value().isValid()) {
            r.writes << FieldWrite{it.key(), it.value(), m_hlc->now()};
        }
    }
    if (auto w = writeFields(r, r.writes, std::nullopt, kDistrict, nextSeq().value()); !w)
        return w.error();
    if (auto d = flushDigests(); !d)
        return d.error();
    if (auto s = storeSeq(); !s)
        return s.error();
    if (auto h = saveHlc(); !h)
        return h.error();
    if (auto a = audit(actor, QStringLiteral("create ") + kindName(kind),
                       QStringLiteral("id=%1 %2").arg(r.id, auditDetail).trimmed());
        !a)
        return a.error();
    return r.id;
}

Result<bool> DistrictStore::updateDistrictRecord(Kind kind, const QString &id, const QString &stationId,
                                                 const QVariantMap &values)
{
    Q_ASSERT(m_db.inTransaction());
    const auto before = current(id);
    const auto now = record(id);
    restoreHlc();
    m_seq = lastSeq();
    WireRecord r;
    r.kind = kind;
    r.id = id;
    r.stationId = stationId;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const FieldWrite *old = now ? now->write(it.key()) : nullptr;
        if (old && old->value == it.value())
            continue;
        r.writes << FieldWrite{it.key(), it.value(), m_hlc->now()};
    }
    if (r.writes.isEmpty())
        return false;
    if (auto w = writeFields(r, r.writes, before, kDistrict, nextSeq().value()); !w)
        return w.error();
    if (auto d = flushDigests(); !d)
        return d.error();
    if (auto s = storeSeq(); !s)
        return s.error();
    if (auto h = saveHlc(); !h)
        return h.error();
    return true;
}

} // namespace lanxin::district
