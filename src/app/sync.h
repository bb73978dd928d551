#pragma once

#include <QDateTime>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QVariantList>

#include <memory>

namespace lanxin {

class StationStore;
class SyncRunner;
class SyncStore;
struct SyncReport;

/// Sync for QML (PRODUCT.md screen 8 and the staff home's badge): what waits, what the district
/// confirmed, what it rejected, which edits were superseded; "sync now" and device enrollment.
/// Reads come from the UI thread's own store (cheap queries); cycles and enrollment run in the
/// SyncRunner's thread. Built in main.cpp and handed to QML as a singleton instance.
class Sync : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    /// not_enrolled | must_enroll | idle | syncing | waiting (retrying after a failure) | stopped
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
    /// 0..1 while syncing, -1 otherwise.
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY changed)
    /// [{kind, label, count}] of the records waiting to be sent.
    Q_PROPERTY(QVariantList pendingByKind READ pendingByKind NOTIFY changed)
    /// The last time the district's receipt matched everything this device holds (invalid: never).
    Q_PROPERTY(QDateTime lastConfirmedAt READ lastConfirmedAt NOTIFY changed)
    Q_PROPERTY(QString lastConfirmedText READ lastConfirmedText NOTIFY changed)
    /// [{kind, kindLabel, recordId, code, field, fieldLabel, reason, seenAt}]: rejected, waiting for staff.
    Q_PROPERTY(QVariantList problems READ problems NOTIFY changed)
    Q_PROPERTY(int problemCount READ problemCount NOTIFY changed)
    /// [{seq, kind, kindLabel, recordId, field, fieldLabel, localValue, remoteValue, seenAt}]: superseded
    /// local edits (ID and phone numbers masked), until dismissed.
    Q_PROPERTY(QVariantList conflicts READ conflicts NOTIFY changed)
    /// [{kind, label, local, district, match}] of the last receipt check.
    Q_PROPERTY(QVariantList receipt READ receipt NOTIFY changed)
    Q_PROPERTY(bool receiptMatch READ receiptMatch NOTIFY changed)
    /// "区里已确认 1,234 条记录", or exactly what differs.
    Q_PROPERTY(QString receiptSummary READ receiptSummary NOTIFY changed)
    Q_PROPERTY(QString lastMessage READ lastMessage NOTIFY changed)
    Q_PROPERTY(bool enrolled READ enrolled NOTIFY changed)
    Q_PROPERTY(bool mustEnroll READ mustEnroll NOTIFY statusChanged)
    Q_PROPERTY(QString stationCode READ stationCode NOTIFY changed)
    Q_PROPERTY(QString stationName READ stationName NOTIFY changed)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY changed)
    Q_PROPERTY(bool enrolling READ enrolling NOTIFY enrollingChanged)
    Q_PROPERTY(QString enrollMessage READ enrollMessage NOTIFY enrollingChanged)

public:
    /// Either may be null: no database (then everything is empty), or no runner (tests of reads).
    Sync(StationStore *store, SyncRunner *runner, QObject *parent = nullptr);
    ~Sync() override;

    static void setInstance(Sync *instance);
    static Sync *create(QQmlEngine *, QJSEngine *);

    [[nodiscard]] QString status() const { return m_status; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] double progress() const { return m_progress; }
    [[nodiscard]] int pendingCount() const { return m_pendingCount; }
    [[nodiscard]] QVariantList pendingByKind() const { return m_pendingByKind; }
    [[nodiscard]] QDateTime lastConfirmedAt() const { return m_lastConfirmedAt; }
    [[nodiscard]] QString lastConfirmedText() const;
    [[nodiscard]] QVariantList problems() const { return m_problems; }
    [[nodiscard]] int problemCount() const { return static_cast<int>(m_problems.size()); }
    [[nodiscard]] QVariantList conflicts() const { return m_conflicts; }
    [[nodiscard]] QVariantList receipt() const { return m_receipt; }
    [[nodiscard]] bool receiptMatch() const { return m_receiptMatch; }
    [[nodiscard]] QString receiptSummary() const { return m_receiptSummary; }
    [[nodiscard]] QString lastMessage() const { return m_lastMessage; }
    [[nodiscard]] bool enrolled() const { return !m_stationCode.isEmpty() && !m_serverUrl.isEmpty(); }
    [[nodiscard]] bool mustEnroll() const { return m_status == QLatin1String("must_enroll"); }
    [[nodiscard]] QString stationCode() const { return m_stationCode; }
    [[nodiscard]] QString stationName() const { return m_stationName; }
    [[nodiscard]] QString serverUrl() const { return m_serverUrl; }
    [[nodiscard]] bool enrolling() const { return m_enrolling; }
    [[nodiscard]] QString enrollMessage() const { return m_enrollMessage; }

    Q_INVOKABLE void syncNow();
    /// Enrolls the device: the server's URL, the station code, the one-time code, and the district CA
    /// file (PEM; empty for the system store). The answer arrives as enrollFinished.
    Q_INVOKABLE void enroll(const QString &serverUrl, const QString &stationCode, const QString &code,
                            const QString &caFile);
    Q_INVOKABLE void dismissConflict(double seq);
    /// Asks the shell to open a record's form (a rejected record to fix): emits openRecordRequested.
    Q_INVOKABLE void openRecord(const QString &kind, const QString &recordId);
    Q_INVOKABLE void refresh();

signals:
    void statusChanged();
    void progressChanged();
    void changed();
    void enrollingChanged();
    void enrollFinished(bool ok, const QString &message);
    void cycleFinished();
    void openRecordRequested(const QString &kind, const QString &recordId);

private:
    void onState(int state, qint64 nextAttemptMs);
    void onCycle(const SyncReport &report);
    void setStatus(const QString &status);

    StationStore *m_store;
    SyncRunner *m_runner;
    std::unique_ptr<SyncStore> m_sync;
    QString m_status;
    double m_progress = -1;
    QString m_lastMessage;
    bool m_enrolling = false;
    QString m_enrollMessage;
    qint64 m_nextAttemptMs = -1;
    QTimer m_refresh;
    // What the screen shows, read at refresh().
    int m_pendingCount = 0;
    QVariantList m_pendingByKind;
    QDateTime m_lastConfirmedAt;
    QVariantList m_problems;
    QVariantList m_conflicts;
    QVariantList m_receipt;
    bool m_receiptMatch = false;
    QString m_receiptSummary;
    QString m_stationCode;
    QString m_stationName;
    QString m_serverUrl;
};

} // namespace lanxin
