#include "staffsession.h"

#include "shell/appsettings.h"

#include "core/pinpolicy.h"
#include "storage/stationstore.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUi)

namespace lanxin {

StaffSession::StaffSession(StationStore *store, AppSettings &settings, PinHashCost cost, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_settings(settings)
    , m_cost(cost)
{
    m_lastActivityMs = nowMs();
    m_idleTimer.setInterval(1000);
    connect(&m_idleTimer, &QTimer::timeout, this, &StaffSession::checkIdle);
    m_idleTimer.start();
}

StaffSession::~StaffSession()
{
    if (m_worker)
        m_worker->wait();
}

qint64 StaffSession::nowMs() const
{
    return m_store ? m_store->clock().nowMs() : QDateTime::currentMSecsSinceEpoch();
}

bool StaffSession::needsSetup() const
{
    if (!m_store)
        return false;
    for (const Staff &s : m_store->staff().active()) {
        if (s.isDirector() && m_store->credentials().get(s.envelope.id))
            return false;
    }
    return true;
}

QVariantList StaffSession::unlockable() const
{
    QVariantList out;
    if (!m_store)
        return out;
    for (const Staff &s : m_store->staff().active()) {
        if (!m_store->credentials().get(s.envelope.id))
            continue;
        out << QVariantMap{{QStringLiteral("id"), s.envelope.id},
                           {QStringLiteral("name"), s.name},
                           {QStringLiteral("role"), s.role},
                           {QStringLiteral("director"), s.isDirector()}};
    }
    return out;
}

QVariantList StaffSession::directorsWithoutPin() const
{
    QVariantList out;
    if (!m_store)
        return out;
    for (const Staff &s : m_store->staff().active()) {
        if (s.isDirector() && !m_store->credentials().get(s.envelope.id))
            out << QVariantMap{{QStringLiteral("id"), s.envelope.id}, {QStringLiteral("name"), s.name}};
    }
    return out;
}

void StaffSession::audit(const QString &action, const QString &staffId, const QString &detail)
{
    if (!m_store)
        return;
    if (auto r = m_store->records().audit(action, Kind::Staff, staffId, detail); !r)
        qCWarning(lcUi) << "audit entry not written:" << action << r.error().code;
}

void StaffSession::runOffThread(std::function<void()> work, std::function<void()> done)
{
    Q_ASSERT(!m_worker);
    QThread *thread = QThread::create(std::move(work));
    m_worker = thread;
    connect(thread, &QThread::finished, this, [this, thread, done = std::move(done)] {
        thread->deleteLater();
        m_worker = nullptr;
        done();
        emit busyChanged();
    });
    thread->start();
    emit busyChanged();
}

int StaffSession::waitSeconds(const QString &staffId) const
{
    if (!m_store)
        return 0;
    const auto cred = m_store->credentials().get(staffId);
    if (!cred || !cred->lockedUntil.isValid())
        return 0;
    const qint64 left = cred->lockedUntil.toMSecsSinceEpoch() - nowMs();
    return left > 0 ? static_cast<int>((left + 999) / 1000) : 0;
}

bool StaffSession::blocked(const QString &staffId) const
{
    if (!m_store)
        return false;
    const auto cred = m_store->credentials().get(staffId);
    const auto staff = m_store->staff().get(staffId);
    return cred && staff && pinpolicy::blocksUntilDirector(cred->failures, staff->isDirector());
}

void StaffSession::unlock(const QString &staffId, const QString &pin)
{
    if (busy() || !m_store)
        return;
    const auto staff = m_store->staff().get(staffId);
    const auto cred = m_store->credentials().get(staffId);
    if (!staff || staff->envelope.deleted || !staff->active || !cred) {
        emit unlockFailed(tr("此人在本机还没有设置 PIN，请妇女主任在“设置”中为她设置"), 0);
        return;
    }
    if (const int wait = waitSeconds(staffId); wait > 0) {
        emit unlockFailed(tr("输错次数过多，请 %n 秒后再试", nullptr, wait), wait);
        return;
    }
    if (pinpolicy::blocksUntilDirector(cred->failures, staff->isDirector())) {
        emit unlockFailed(tr("输错次数过多，须由妇女主任输入她的 PIN 后在“设置”中解除"), 0);
        return;
    }
    if (!pinpolicy::isWellFormed(pin)) {
        emit unlockFailed(tr("PIN 是 4 到 6 位数字"), 0);
        return;
    }
    auto correct = std::make_shared<bool>(false);
    const QString hash = cred->pinHash;
    runOffThread([correct, hash, pin] { *correct = verifyPin(hash, pin); },
                 [this, staffId, correct] { finishUnlock(staffId, *correct); });
}

void StaffSession::finishUnlock(const QString &staffId, bool correct)
{
    const auto cred = m_store->credentials().get(staffId);
    const auto staff = m_store->staff().get(staffId);
    if (!cred || !staff) {
        emit unlockFailed(tr("此人在本机还没有设置 PIN，请妇女主任在“设置”中为她设置"), 0);
        return;
    }
    if (correct) {
        if (auto r = m_store->credentials().setFailures(staffId, 0, {}); !r)
            qCWarning(lcUi) << "cannot reset PIN failures" << r.error().code;
        becomeUnlocked(staffId);
        return;
    }
    const int failures = cred->failures + 1;
    const qint64 wait = pinpolicy::waitAfterFailures(failures);
    const QDateTime until = wait > 0 ? QDateTime::fromMSecsSinceEpoch(nowMs() + wait, Qt::UTC) : QDateTime();
    if (auto r = m_store->credentials().setFailures(staffId, failures, until); !r)
        qCWarning(lcUi) << "cannot record a wrong PIN" << r.error().code;
    audit(QStringLiteral("pin_failed"), staffId, QStringLiteral("failures=%1").arg(failures));
    if (pinpolicy::blocksUntilDirector(failures, staff->isDirector())) {
        audit(QStringLiteral("pin_blocked"), staffId);
        emit unlockFailed(tr("PIN 错误次数过多，已锁定，须由妇女主任解除"), 0);
    } else if (wait > 0) {
        const int seconds = static_cast<int>(wait / 1000);
        emit unlockFailed(tr("PIN 不正确。请 %n 秒后再试", nullptr, seconds), seconds);
    } else {
        emit unlockFailed(tr("PIN 不正确，还可以再试 %n 次", nullptr, pinpolicy::triesBeforeWait(failures)), 0);
    }
}

void StaffSession::becomeUnlocked(const QString &staffId)
{
    const auto staff = m_store->staff().get(staffId);
    m_staffId = staffId;
    m_staffName = staff ? staff->name : QString();
    m_director = staff && staff->isDirector();
    m_store->records().setActor(staffId);
    audit(QStringLiteral("unlock"), staffId);
    m_lastActivityMs = nowMs();
    m_locked = false;
    emit currentChanged();
    emit lockedChanged();
    emit unlocked();
}

void StaffSession::lock(const QString &reason)
{
    if (m_locked)
        return;
    audit(QStringLiteral("lock"), m_staffId, reason);
    if (m_store)
        m_store->records().setActor({});
    m_locked = true;
    m_staffId.clear();
    m_staffName.clear();
    m_director = false;
    emit currentChanged();
    emit lockedChanged();
}

void StaffSession::noteActivity()
{
    m_lastActivityMs = nowMs();
}

bool StaffSession::checkIdle()
{
    if (!m_locked && nowMs() - m_lastActivityMs >= qint64(m_settings.idleLockMinutes()) * 60'000)
        lock(QStringLiteral("idle"));
    return m_locked;
}

void StaffSession::onApplicationState(Qt::ApplicationState state)
{
    if (state == Qt::ApplicationSuspended || state == Qt::ApplicationHidden)
        lock(QStringLiteral("suspend"));
}

void StaffSession::setupDirector(const QString &name, const QString &existingStaffId, const QString &pin)
{
    if (busy() || !m_store)
        return;
    if (!needsSetup()) {
        emit setupFinished(false, tr("本机已有妇女主任，请用她的 PIN 解锁"));
        return;
    }
    if (!pinpolicy::isWellFormed(pin)) {
        emit setupFinished(false, tr("PIN 是 4 到 6 位数字"));
        return;
    }
    QString staffId = existingStaffId;
    if (staffId.isEmpty()) {
        Staff s;
        s.name = name.trimmed();
        s.role = QStringLiteral("director");
        auto created = m_store->staff().create(s);
        if (!created) {
            const auto errors = m_store->staff().lastFieldErrors();
            emit setupFinished(false, errors.isEmpty() ? created.error().message
                                                       : errors.first().message(m_settings.chinese()));
            return;
        }
        staffId = created->envelope.id;
        emit staffChanged();
    }
    auto hash = std::make_shared<Result<QString>>(Error{});
    const PinHashCost cost = m_cost;
    runOffThread([hash, pin, cost] { *hash = hashPin(pin, cost); },
                 [this, hash, staffId] {
                     if (!*hash) {
                         emit setupFinished(false, hash->error().message);
                         return;
                     }
                     if (auto r = m_store->credentials().setHash(staffId, hash->value(), m_store->clock().now()); !r) {
                         emit setupFinished(false, r.error().message);
                         return;
                     }
                     audit(QStringLiteral("setup"), staffId);
                     audit(QStringLiteral("pin_set"), staffId);
                     emit staffChanged();
                     becomeUnlocked(staffId);
                     emit setupFinished(true, {});
                 });
}

void StaffSession::setPin(const QString &staffId, const QString &pin)
{
    if (busy() || !m_store)
        return;
    if (m_locked || !m_director) {
        emit pinSetFinished(false, tr("只有妇女主任解锁后才能设置 PIN"));
        return;
    }
    if (!pinpolicy::isWellFormed(pin)) {
        emit pinSetFinished(false, tr("PIN 是 4 到 6 位数字"));
        return;
    }
    const auto staff = m_store->staff().get(staffId);
    if (!staff || staff->envelope.deleted) {
        emit pinSetFinished(false, tr("找不到这位工作人员"));
        return;
    }
    auto hash = std::make_shared<Result<QString>>(Error{});
    const PinHashCost cost = m_cost;
    runOffThread([hash, pin, cost] { *hash = hashPin(pin, cost); },
                 [this, hash, staffId] {
                     if (!*hash) {
                         emit pinSetFinished(false, hash->error().message);
                         return;
                     }
                     if (auto r = m_store->credentials().setHash(staffId, hash->value(), m_store->clock().now()); !r) {
                         emit pinSetFinished(false, r.error().message);
                         return;
                     }
                     audit(QStringLiteral("pin_set"), staffId);
                     emit staffChanged();
                     emit pinSetFinished(true, {});
                 });
}

QString StaffSession::nameOf(const QString &staffId) const
{
    if (!m_store || staffId.isEmpty())
        return {};
    const auto s = m_store->staff().get(staffId);
    return s ? s->name : QString();
}

bool StaffSession::clearBlock(const QString &staffId)
{
    if (!m_store || m_locked || !m_director || !m_store->credentials().get(staffId))
        return false;
    if (auto r = m_store->credentials().setFailures(staffId, 0, {}); !r)
        return false;
    audit(QStringLiteral("pin_cleared"), staffId);
    emit staffChanged();
    return true;
}

} // namespace lanxin
