#include "keystore.h"

#include <qt6keychain/keychain.h>
#include <sodium.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTimer>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lanxin {

namespace {

Q_LOGGING_CATEGORY(lcKeyStore, "lanxin.storage.keystore")

constexpr qsizetype KeySize = 32;
constexpr int KeychainTimeoutMs = 60'000; // long enough for a keyring unlock prompt

QString bilingual(const QString &zh, const QString &en)
{
    return zh + QStringLiteral(" / ") + en;
}

KeyResult failure(const QString &message)
{
    KeyResult r;
    r.error = message;
    return r;
}

KeyResult success(const QByteArray &key, const QString &location)
{
    KeyResult r;
    r.key = key;
    r.location = location;
    return r;
}

QString keychainLocation()
{
    return QStringLiteral("keychain");
}

QString fileLocation()
{
    return QStringLiteral("file");
}

QString missingKeyError(const QString &whereZh, const QString &whereEn)
{
    return bilingual(
        QStringLiteral("找不到数据库密钥（%1）。数据库中已有加密数据，为免数据无法读取，程序已停止且"
                       "未生成新密钥；请恢复密钥后重试。")
            .arg(whereZh),
        QStringLiteral("The database key is missing (%1). The database already holds encrypted "
                       "data, so no new key was made and the program stopped; restore the key "
                       "and try again.")
            .arg(whereEn));
}

/// Closes a POSIX file descriptor on scope exit.
class Fd
{
public:
    explicit Fd(int fd)
        : m_fd(fd)
    { }
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    /// Closes now; false (errno set) if close failed.
    bool close()
    {
        const int fd = m_fd;
        m_fd = -1;
        return ::close(fd) == 0;
    }

private:
    int m_fd;
};

// ---- key-location ----------------------------------------------------------------------------

enum class Recorded { None, Keychain, File, Invalid };

Recorded readRecordedLocation(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.exists())
        return Recorded::None;
    if (!f.open(QIODevice::ReadOnly)) {
        *error = bilingual(QStringLiteral("无法读取密钥位置记录 %1：%2").arg(path, f.errorString()),
            QStringLiteral("Cannot read the key location record %1: %2").arg(path, f.errorString()));
        return Recorded::Invalid;
    }
    const QByteArray text = f.read(64).trimmed();
    if (text == "keychain")
        return Recorded::Keychain;
    if (text == "file")
        return Recorded::File;
    *error = bilingual(QStringLiteral("密钥位置记录 %1 的内容无法识别（应为 keychain 或 file）。").arg(path),
        QStringLiteral("The key location record %1 is not recognised (expected keychain or file).")
            .arg(path));
    return Recorded::Invalid;
}

/// Empty on success.
QString writeRecordedLocation(const QString &path, const QString &location)
{
    QSaveFile f(path);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(location.toLatin1() + '\n');
        if (f.commit())
            return {};
    }
    return bilingual(QStringLiteral("无法写入密钥位置记录 %1：%2").arg(path, f.errorString()),
        QStringLiteral("Cannot write the key location record %1: %2").arg(path, f.errorString()));
}

// ---- file store ------------------------------------------------------------------------------

struct FileRead
{
    QByteArray key;
    bool missing = false;
    QString error;
};

FileRead readKeyFile(const QString &path)
{
    FileRead r;
    const QByteArray native = QFile::encodeName(path);
    Fd fd(::open(native.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            r.missing = true;
        } else {
            const QString why = qt_error_string(errno);
            r.error = bilingual(QStringLiteral("无法打开密钥文件 %1：%2").arg(path, why),
                QStringLiteral("Cannot open the key file %1: %2").arg(path, why));
        }
        return r;
    }
    struct stat st = {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        r.error = bilingual(QStringLiteral("密钥文件 %1 不是普通文件。").arg(path),
            QStringLiteral("The key file %1 is not a regular file.").arg(path));
        return r;
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        const QString mode = QString::number(st.st_mode & 0777, 8).rightJustified(4, u'0');
        r.error = bilingual(
            QStringLiteral(
                "密钥文件 %1 的权限过宽（%2），其他用户可能读取，已拒绝使用；请改为 0600（chmod 600）。")
                .arg(path, mode),
            QStringLiteral("The key file %1 is open to group or others (mode %2); refusing to use it. "
                           "Restrict it to 0600 (chmod 600).")
                .arg(path, mode));
        return r;
    }
    QByteArray key(KeySize + 1, Qt::Uninitialized); // one more to notice a longer file
    qsizetype got = 0;
    while (got < key.size()) {
        const ssize_t n = ::read(fd.get(), key.data() + got, size_t(key.size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += n;
    }
    if (st.st_size != KeySize || got != KeySize) {
        sodium_memzero(key.data(), size_t(key.size()));
        const QString size = QString::number(qMax<qint64>(st.st_size, got));
        r.error = bilingual(
            QStringLiteral("密钥文件 %1 大小不对（%2 字节，应为 32 字节），已拒绝使用。").arg(path, size),
            QStringLiteral("The key file %1 has the wrong size (%2 bytes, expected 32); refusing "
                           "to use it.")
                .arg(path, size));
        return r;
    }
    key.truncate(KeySize);
    r.key = key;
    return r;
}

/// Writes `key` to `path` atomically: a new 0600 file (O_CREAT|O_EXCL), fsync, rename. Empty on success.
QString writeKeyFile(const QString &path, const QByteArray &key)
{
    unsigned char suffix[8];
    randombytes_buf(suffix, sizeof suffix);
    const QString tmpPath = path + QStringLiteral(".new-")
        + QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(suffix), sizeof suffix).toHex());
    const QByteArray tmpNative = QFile::encodeName(tmpPath);
    const QByteArray native = QFile::encodeName(path);

    auto failed = [&](int err) {
        const QString why = qt_error_string(err);
        ::unlink(tmpNative.constData());
        return bilingual(QStringLiteral("无法写入密钥文件 %1：%2").arg(path, why),
            QStringLiteral("Cannot write the key file %1: %2").arg(path, why));
    };

    Fd fd(::open(
        tmpNative.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR));
    if (fd.get() < 0)
        return bilingual(QStringLiteral("无法创建密钥文件 %1：%2").arg(tmpPath, qt_error_string(errno)),
            QStringLiteral("Cannot create the key file %1: %2").arg(tmpPath, qt_error_string(errno)));
    if (::fchmod(fd.get(), S_IRUSR | S_IWUSR) != 0)
        return failed(errno);
    qsizetype written = 0;
    while (written < key.size()) {
        const ssize_t n = ::write(fd.get(), key.constData() + written, size_t(key.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return failed(n < 0 ? errno : EIO);
        written += n;
    }
    if (::fsync(fd.get()) != 0 || !fd.close())
        return failed(errno);
    if (::rename(tmpNative.constData(), native.constData()) != 0)
        return failed(errno);
    // Make the rename durable too.
    const QByteArray dirNative = QFile::encodeName(QFileInfo(path).absolutePath());
    Fd dir(::open(dirNative.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0)
        ::fsync(dir.get());
    return {};
}

// ---- OS keystore (QtKeychain) ----------------------------------------------------------------

QString keychainService()
{
    return QStringLiteral("lanxin-station");
}

/// One keystore entry per data directory, so two data dirs never share a key.
QString keychainEntry(const QString &canonicalDataDir)
{
    const QByteArray path = canonicalDataDir.toUtf8();
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char *>(path.constData()),
        size_t(path.size()), nullptr, 0);
    return QStringLiteral("station-key-")
        + QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(hash), sizeof hash).toHex());
}

/// Runs `job` in a local event loop. False if it did not finish in time; it then deletes itself later.
bool runSynchronously(QKeychain::Job *job)
{
    bool finished = false;
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&finished, &loop] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(KeychainTimeoutMs, &loop, &QEventLoop::quit);
    job->setAutoDelete(false);
    job->setInsecureFallback(false); // never the plain-text QSettings store
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (finished)
        job->deleteLater();
    else
        job->setAutoDelete(true);
    return finished;
}

QString noEventLoopReason()
{
    return QStringLiteral("no QCoreApplication");
}

QString timeoutReason()
{
    return QStringLiteral("no answer within %1 s").arg(KeychainTimeoutMs / 1000);
}

struct KeychainRead
{
    QByteArray key;
    bool notFound = false;
    QString reason; ///< why it failed, for messages (from QtKeychain; never the key)
};

KeychainRead readKeychain(const QString &entry)
{
    KeychainRead r;
    if (!QCoreApplication::instance()) {
        r.reason = noEventLoopReason();
        return r;
    }
    auto *job = new QKeychain::ReadPasswordJob(keychainService());
    job->setKey(entry);
    if (!runSynchronously(job)) {
        r.reason = timeoutReason();
        return r;
    }
    if (job->error() == QKeychain::NoError) {
        r.key = job->binaryData();
        if (r.key.isEmpty())
            r.reason = QStringLiteral("empty entry");
    } else {
        r.notFound = job->error() == QKeychain::EntryNotFound;
        r.reason = job->errorString();
    }
    return r;
}

/// Empty on success.
QString writeKeychain(const QString &entry, const QByteArray &key)
{
    if (!QCoreApplication::instance())
        return noEventLoopReason();
    auto *job = new QKeychain::WritePasswordJob(keychainService());
    job->setKey(entry);
    job->setBinaryData(key);
    if (!runSynchronously(job))
        return timeoutReason();
    if (job->error() != QKeychain::NoError)
        return job->errorString().isEmpty() ? QStringLiteral("error %1").arg(int(job->error()))
                                            : job->errorString();
    return {};
}

// ---- a new key -------------------------------------------------------------------------------

KeyResult createKey(const QDir &dir, const QString &entry, bool forceFile)
{
    QByteArray key(KeySize, Qt::Uninitialized);
    randombytes_buf(key.data(), size_t(key.size()));
    const QString keyPath = dir.filePath(QStringLiteral("station.key"));
    const QString locationPath = dir.filePath(QStringLiteral("key-location"));

    bool fallback = false;
    if (!forceFile) {
        // QtKeychain 0.13 without a desktop session fails with OtherError, so any failure to write
        // (or to read back) a new key means "no keystore here".
        QString reason = writeKeychain(entry, key);
        if (reason.isEmpty()) {
            const KeychainRead back = readKeychain(entry);
            if (back.key != key)
                reason = back.reason.isEmpty() ? QStringLiteral("read-back differs") : back.reason;
        }
        if (reason.isEmpty()) {
            if (const QString error = writeRecordedLocation(locationPath, keychainLocation());
                !error.isEmpty())
                return failure(error);
            QFile::remove(keyPath); // a stale key from an earlier file store
            qCInfo(lcKeyStore) << "made a new station key in the OS keystore";
            return success(key, keychainLocation());
        }
        qCWarning(lcKeyStore).noquote()
            << QStringLiteral("no usable OS keystore (%1); keeping the key in %2").arg(reason, keyPath);
        fallback = true;
    }

    if (const QString error = writeKeyFile(keyPath, key); !error.isEmpty())
        return failure(error);
    if (const QString error = writeRecordedLocation(locationPath, fileLocation()); !error.isEmpty())
        return failure(error);
    qCInfo(lcKeyStore).noquote() << "made a new station key in" << keyPath;
    KeyResult r = success(key, fileLocation());
    r.announcedFallback = fallback;
    return r;
}

} // namespace

KeyResult loadOrCreateKey(const QString &dataDir, bool databaseHasEncryptedData)
{
    if (sodium_init() < 0)
        return failure(bilingual(QStringLiteral("无法初始化加密库 libsodium。"),
            QStringLiteral("Cannot initialise the libsodium crypto library.")));
    if (dataDir.isEmpty() || !QDir().mkpath(dataDir))
        return failure(bilingual(QStringLiteral("无法创建数据目录 %1。").arg(dataDir),
            QStringLiteral("Cannot create the data directory %1.").arg(dataDir)));
    const QDir dir(QFileInfo(dataDir).canonicalFilePath());
    const QString keyPath = dir.filePath(QStringLiteral("station.key"));
    const QString locationPath = dir.filePath(QStringLiteral("key-location"));
    const QString entry = keychainEntry(dir.path());
    const bool forceFile = qEnvironmentVariable("LANXIN_KEY_STORE") == QLatin1String("file");

    auto fromFile = [&](const FileRead &read) {
        return read.error.isEmpty() ? success(read.key, fileLocation()) : failure(read.error);
    };
    auto fromKeychain = [&](const KeychainRead &read) {
        if (read.key.size() != KeySize)
            return failure(
                bilingual(QStringLiteral("系统密钥库中的数据库密钥大小不对（%1 字节，应为 32 字节）。")
                              .arg(read.key.size()),
                    QStringLiteral(
                        "The database key in the system keystore has the wrong size (%1 bytes, expected "
                        "32).")
                        .arg(read.key.size())));
        return success(read.key, keychainLocation());
    };

    QString error;
    switch (readRecordedLocation(locationPath, &error)) {
    case Recorded::Invalid:
        return failure(error);

    case Recorded::File: {
        const FileRead read = readKeyFile(keyPath);
        if (!read.missing)
            return fromFile(read);
        if (databaseHasEncryptedData)
            return failure(missingKeyError(QStringLiteral("密钥文件 %1 不存在").arg(keyPath),
                QStringLiteral("no key file %1").arg(keyPath)));
        break; // nothing encrypted yet: make a new key
    }

    case Recorded::Keychain: {
        if (forceFile) {
            if (databaseHasEncryptedData)
                return failure(missingKeyError(
                    QStringLiteral("密钥在系统密钥库中，但 LANXIN_KEY_STORE=file 禁止使用系统密钥库"),
                    QStringLiteral(
                        "it is in the system keystore, but LANXIN_KEY_STORE=file rules the keystore "
                        "out")));
            break;
        }
        const KeychainRead read = readKeychain(entry);
        if (!read.key.isEmpty())
            return fromKeychain(read);
        if (databaseHasEncryptedData)
            return failure(missingKeyError(QStringLiteral("系统密钥库：%1").arg(read.reason),
                QStringLiteral("system keystore: %1").arg(read.reason)));
        break;
    }

    case Recorded::None: {
        // The record may have been lost after the key was stored: never replace an existing key.
        const FileRead read = readKeyFile(keyPath);
        if (!read.missing) {
            KeyResult r = fromFile(read);
            if (r.ok()) {
                if (const QString e = writeRecordedLocation(locationPath, fileLocation()); !e.isEmpty())
                    return failure(e);
            }
            return r;
        }
        if (!databaseHasEncryptedData)
            break;
        QString reason = QStringLiteral("LANXIN_KEY_STORE=file");
        if (!forceFile) {
            const KeychainRead fromStore = readKeychain(entry);
            if (!fromStore.key.isEmpty()) {
                KeyResult r = fromKeychain(fromStore);
                if (r.ok()) {
                    if (const QString e = writeRecordedLocation(locationPath, keychainLocation());
                        !e.isEmpty())
                        return failure(e);
                }
                return r;
            }
            reason = fromStore.reason;
        }
        return failure(
            missingKeyError(QStringLiteral("没有密钥位置记录，没有密钥文件 %1，系统密钥库中也没有（%2）")
                                .arg(keyPath, reason),
                QStringLiteral("no key location record, no key file %1, none in the system keystore (%2)")
                    .arg(keyPath, reason)));
    }
    }

    return createKey(dir, entry, forceFile);
}

} // namespace lanxin
