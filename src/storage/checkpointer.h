#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <chrono>

namespace lanxin {

/// Copies the WAL back into the database file on a thread of its own, on its own connection, so
/// that saves on the UI thread pay only for the WAL's fsync and never for a checkpoint (which
/// writes and fsyncs the database file, tens of milliseconds on a slow eMMC). Used with
/// Database::Options::autoCheckpointPages set high as a backstop.
///
/// A PASSIVE checkpoint never blocks writers or readers: it copies what no reader still needs and
/// leaves the rest for the next round. The WAL is truncated when the app closes the database.
class Checkpointer : public QObject
{
    Q_OBJECT
public:
    /// Database::Options::autoCheckpointPages for a connection that has a Checkpointer: 160 MB of WAL
    /// at 16 KiB pages (40 MB at the 4 KiB of older files).
    static constexpr int kBackstopPages = 10000;

    /// Checkpoints every `interval` (a PASSIVE checkpoint with nothing new in the WAL does nothing).
    explicit Checkpointer(QString databasePath, std::chrono::milliseconds interval = std::chrono::seconds(2),
                          QObject *parent = nullptr);
    ~Checkpointer() override;

    void start();
    void stop();
    /// Checkpoints now and waits for it (tests, benchmarks, before a backup).
    void checkpointNow();

signals:
    /// After each checkpoint: WAL pages in the log, pages copied into the database.
    void checkpointed(int walPages, int copiedPages);

private:
    QString m_path;
    std::chrono::milliseconds m_interval;
    QThread m_thread;
    QObject *m_worker = nullptr;
};

} // namespace lanxin
