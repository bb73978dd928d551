#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantMap>

namespace lanxin {

class StationStore;

/// What the shell shows about the station: its name, the device, record counts. Built in main.cpp
/// and handed to QML as a singleton instance (no context properties).
class AppContext : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString stationCode READ stationCode NOTIFY changed)
    Q_PROPERTY(QString deviceId READ deviceId CONSTANT)
    Q_PROPERTY(QVariantMap counts READ counts NOTIFY changed)
    Q_PROPERTY(int outboxPending READ outboxPending NOTIFY changed)
    Q_PROPERTY(QString startupProblem READ startupProblem NOTIFY startupProblemChanged)
    Q_PROPERTY(QString stationName READ stationName NOTIFY changed)
    Q_PROPERTY(QStringList villages READ villages NOTIFY changed)

public:
    explicit AppContext(StationStore *store, QString startupProblem = {}, QObject *parent = nullptr);

    /// The instance main.cpp made; QML's engine asks for it through create().
    static void setInstance(AppContext *instance);
    static AppContext *create(QQmlEngine *, QJSEngine *);

    [[nodiscard]] QString stationCode() const;
    [[nodiscard]] QString deviceId() const;
    [[nodiscard]] QVariantMap counts() const;
    [[nodiscard]] int outboxPending() const;
    [[nodiscard]] QString startupProblem() const { return m_startupProblem; }
    /// The station's name (empty before sync brings the reference data) and its villages (before
    /// that, the built-in demo station's, core/demodata.h, as suggestions: the field stays free text).
    [[nodiscard]] QString stationName() const;
    [[nodiscard]] QStringList villages() const;

    Q_INVOKABLE void refresh() { emit changed(); }
    /// Something staff must know about the database (shown on every screen until restart).
    void setStartupProblem(const QString &problem)
    {
        m_startupProblem = problem;
        emit startupProblemChanged();
    }

signals:
    void changed();
    void startupProblemChanged();

private:
    StationStore *m_store;
    QString m_startupProblem;
};

} // namespace lanxin
