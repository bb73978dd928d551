#include "checkpointer.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

Q_LOGGING_CATEGORY(lcCheckpoint, "lanxin.storage.checkpoint")

namespace lanxin {

namespace {

/// Lives on the checkpointer's thread; owns its connection there.
class CheckpointWorker : public QObject
{
public:
    CheckpointWorker(QString path, std::chrono::milliseconds interval, Checkpointer *owner)
        : m_path(std::move(path))
        , m_connection(QStringLiteral("lanxin-checkpoint-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
        , m_owner(owner)
    {
        m_timer.setInterval(interval);
        connect(&m_timer, &QTimer::timeout, this, [this] { run(); });
    }

    ~CheckpointWorker() override
    {
        m_timer.stop();
        if (QSqlDatabase::contains(m_connection)) {
            QSqlDatabase::database(m_connection, false).close();
            QSqlDatabase::removeDatabase(m_connection);
        }
    }

    void begin()
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(m_path);
        if (!db.open()) {
            qCWarning(lcCheckpoint) << "cannot open the database for checkpoints:" << db.lastError().text();
            return;
        }
        QSqlQuery q(db);
        // FULL: the checkpoint fsyncs the database file before it lets the WAL be reused.
        q.exec(QStringLiteral("PRAGMA busy_timeout = 2000"));
        q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
        m_timer.start();
    }

    void run()
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (!db.isOpen())
            return;
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) || !q.next()) {
            qCWarning(lcCheckpoint) << "checkpoint failed:" << q.lastError().text();
            return;
        }
        const int log = q.value(1).toInt();
        const int copied = q.value(2).toInt();
        q.finish();
        if (copied != m_copied) // new pages copied (or the WAL restarted from 0 once wholly copied)
            emit m_owner->checkpointed(log, copied);
        m_copied = copied;
    }

private:
    QString m_path;
    QString m_connection;
    Checkpointer *m_owner;
    int m_copied = 0;
    QTimer m_timer{this};
};

} // namespace

Checkpointer::Checkpointer(QString databasePath, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
    , m_interval(interval)
{
    m_thread.setObjectName(QStringLiteral("lanxin-checkpoint"));
}

Checkpointer::~Checkpointer()
{
    stop();
}

void Checkpointer::start()
{
    if (m_worker)
        return;
    auto *worker = new CheckpointWorker(m_path, m_interval, this);
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    m_worker = worker;
    m_thread.start(QThread::LowPriority);
    QMetaObject::invokeMethod(worker, [worker] { worker->begin(); }, Qt::BlockingQueuedConnection);
}

void Checkpointer::stop()
{
    if (!m_worker)
        return;
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr;
}

void Checkpointer::checkpointNow()
{
    if (!m_worker)
        return;
    auto *worker = static_cast<CheckpointWorker *>(m_worker);
    QMetaObject::invokeMethod(worker, [worker] { worker->run(); }, Qt::BlockingQueuedConnection);
}

} // namespace lanxin
