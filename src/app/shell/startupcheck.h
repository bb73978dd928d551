#pragma once

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QString>

namespace lanxin {

/// Detecting a corrupt database without making every start wait (SECURITY.md 3). A full
/// integrity_check of a large station's file takes seconds, so the app opens without it when the
/// last run ended cleanly, and runs PRAGMA quick_check off the UI thread once the first frame is
/// up. A file marker in the data directory remembers a run that did not end cleanly, or a check that
/// failed: the next start then checks fully at open, where a corrupt file is moved aside.
class StartupCheck : public QObject
{
    Q_OBJECT

public:
    explicit StartupCheck(const QString &dataDir, QObject *parent = nullptr);
    ~StartupCheck() override;

    /// Should this start check the whole file before opening it?
    [[nodiscard]] bool fullCheckAtOpen() const { return m_fullCheck; }
    /// Marks the run as in progress (call once the database is open).
    void markRunning();
    /// Marks a clean end, unless the background check found a problem.
    void markCleanExit();
    /// Starts PRAGMA quick_check on `databasePath` in a thread of its own; then checked().
    void checkInBackground(const QString &databasePath);

signals:
    void checked(bool ok);

private:
    QPointer<QThread> m_thread;
    QString m_marker;
    bool m_fullCheck = false;
    bool m_problem = false;
};

} // namespace lanxin
