#include "syncrunner.h"

#include "storage/stationstore.h"

#include <QLoggingCategory>
#include <QNetworkInformation>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace lanxin {

SyncRunner::SyncRunner(const StationStore &primary, SyncEngineOptions options, SyncSchedule schedule, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<lanxin::SyncReport>();
    qRegisterMetaType<lanxin::SyncWorker::State>();
    m_thread.setObjectName(QStringLiteral("lanxin-sync"));
    m_worker = new SyncWorker(&primary, std::move(options), schedule, &primary.clock());
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::stateChanged, this, [this](SyncWorker::State s, qint64 next) {
        m_state = s;
        emit stateChanged(s, next);
    });
    connect(m_worker, &SyncWorker::progress, this, &SyncRunner::progress);
    connect(m_worker, &SyncWorker::cycleFinished, this, &SyncRunner::cycleFinished);
    connect(m_worker, &SyncWorker::enrollFinished, this, &SyncRunner::enrollFinished);
}

SyncRunner::~SyncRunner()
{
    stop();
    if (!m_thread.isRunning() && m_worker && m_worker->thread() == &m_thread)
        delete m_worker; // never started: it has no thread to delete it
}

void SyncRunner::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &SyncWorker::open, Qt::QueuedConnection);
}

void SyncRunner::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(m_worker, &SyncWorker::shutdown, Qt::QueuedConnection);
    m_thread.wait();
    m_worker = nullptr; // deleted on the thread's finish
}

bool SyncRunner::watchNetwork()
{
    // The default backend (NetworkManager on Linux) where it works; glib elsewhere (e.g. no NM).
    bool loaded = QNetworkInformation::loadDefaultBackend();
    if (!loaded)
        loaded = QNetworkInformation::loadBackendByName(u"glib");
    auto *info = QNetworkInformation::instance();
    if (!loaded || !info) {
        qCInfo(lcSync) << "no network information backend; sync relies on its timer";
        return false;
    }
    connect(info, &QNetworkInformation::reachabilityChanged, this, [this](QNetworkInformation::Reachability r) {
        if (r == QNetworkInformation::Reachability::Online && m_worker)
            QMetaObject::invokeMethod(m_worker, &SyncWorker::networkOnline, Qt::QueuedConnection);
    });
    return true;
}

void SyncRunner::syncNow()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &SyncWorker::syncNow, Qt::QueuedConnection);
}

void SyncRunner::noteSaved()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &SyncWorker::noteSaved, Qt::QueuedConnection);
}

void SyncRunner::enroll(const QString &serverUrl, const QString &stationCode, const QString &code, const QString &caPath)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker, serverUrl, stationCode, code, caPath] {
            w->enroll(serverUrl, stationCode, code, caPath);
        }, Qt::QueuedConnection);
}

} // namespace lanxin
