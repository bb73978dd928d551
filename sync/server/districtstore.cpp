// DistrictStore: opening the database and its key, the change sequence and the clock, the audit log, and a
// record's stored state: read (current, loadFields), written (writeFields, its fields text, the receipt
// digests) and made by the district itself. The push that drives most writes is in districtstore_push.cpp.
#include "districtstore.h"

#include "districtmigrations.h"
#include "districtstore_p.h"
#include "storedfields.h"

#include "protocol/jsonwriter.h"
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
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>

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

namespace {

constexpr qsizetype kKeySize = 32;
const QString kDistrict = QStringLiteral("district");
const QString kZeroHash = QString(64, u'0');

Error dbError(const QSqlQuery &q, const QString &what)
{
    return Database::queryError(q, what);
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
    // Prepared once (every push writes an entry): preparing these two each time was ~1 % of a push.
    static constexpr const char *kLast = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
    static constexpr const char *kAppend =
        "INSERT INTO audit (seq, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)";
    qint64 seq = 1;
    QString prev = kZeroHash;
    {
        Stmt last(statement(kLast));
        if (!last.ok())
            return sqlError(QStringLiteral("audit"));
        const int rc = last.step();
        if (rc == SQLITE_ROW) {
            seq = last.int64(0) + 1;
            prev = last.string(1);
        } else if (rc != SQLITE_DONE) {
            return sqlError(QStringLiteral("audit"));
        }
    }
    const QString at = isoNow(*m_clock);
    Stmt q(statement(kAppend));
    if (!q.ok())
        return sqlError(QStringLiteral("audit"));
    q.integer(1, seq);
    q.text(2, at);
    q.text(3, actor);
    q.text(4, action);
    q.text(5, detail);
    q.text(6, prev);
    q.text(7, auditHash(prev, seq, at, actor, action, detail));
    if (q.step() != SQLITE_DONE)
        return sqlError(QStringLiteral("audit"));
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
    std::optional<RecordKey> key; // made once: a look-up, then the insert of what was read
    if (m_batch) {
        key.emplace(id);
        const auto it = m_batch->find(*key);
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
    if (key)
        m_batch->insert(*key, out);
    return out;
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
