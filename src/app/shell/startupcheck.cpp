#include "startupcheck.h"

#include "storage/database.h"

#include <QDir>
#include <QFile>
#include <QThread>

namespace lanxin {

StartupCheck::StartupCheck(const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_marker(QDir(dataDir).filePath(QStringLiteral("running")))
    , m_fullCheck(QFile::exists(m_marker))
{
}

StartupCheck::~StartupCheck()
{
    if (m_thread)
        m_thread->wait();
}

void StartupCheck::markRunning()
{
    QFile f(m_marker);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write("the app is running, or its last run did not end cleanly: the next start checks the database\n");
}

void StartupCheck::markCleanExit()
{
    if (!m_problem)
        QFile::remove(m_marker);
}

void StartupCheck::checkInBackground(const QString &databasePath)
{
    auto ok = std::make_shared<bool>(true);
    QThread *thread = QThread::create([ok, databasePath] {
        const auto r = Database::quickCheck(databasePath);
        *ok = r && r.value();
    });
    m_thread = thread;
    connect(thread, &QThread::finished, this, [this, thread, ok] {
        thread->deleteLater();
        m_problem = !*ok;
        emit checked(*ok);
    });
    thread->start();
}

} // namespace lanxin
