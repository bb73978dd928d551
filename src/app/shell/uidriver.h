#pragma once

#include <QDir>
#include <QObject>
#include <QQmlError>
#include <QSize>
#include <QStringList>
#include <QVariant>

class QQmlApplicationEngine;
class QQuickWindow;
class QTextStream;

namespace lanxin {

class StationServices;
class StationStore;

/// Walks the running UI through its screens, for `screenshots OUTDIR` (each main screen in both
/// languages at 1280×800 and 800×1280, saved as PNG with QQuickWindow::grabWindow) and for
/// `--self-test` (every page opened once; fails on any QML warning or a page that did not load).
/// Navigation goes through Main.qml's showScreen(name, arg), the one automation hook of the shell.
class UiDriver : public QObject
{
    Q_OBJECT

public:
    enum class Mode { Screenshots, SelfTest };

    /// The demo PIN of the director the driver unlocks with.
    static constexpr const char *kDemoPin = "2468";

    UiDriver(QQmlApplicationEngine &engine, StationServices &services, Mode mode, const QString &outDir,
             QTextStream &err, QObject *parent = nullptr);

    /// Makes `store` ready to be shown: demo data when it has no residents, and a director whose PIN
    /// is kDemoPin (an error when every director already has another PIN: the driver could not unlock).
    [[nodiscard]] static QString prepare(StationStore &store, int residents, int records);

    /// Starts once Main.qml is loaded; quits the application with 0 when everything went well, else 1.
    void start();

private:
    struct Step
    {
        QString screen;
        QVariant arg;
        QString language;
        QSize size;
    };
    void planSteps();
    void runStep();
    void finishStep();
    void fail(const QString &why);
    [[nodiscard]] bool unlockDirector();

    QQmlApplicationEngine &m_engine;
    StationServices &m_services;
    Mode m_mode;
    QDir m_outDir;
    QTextStream &m_err;
    QQuickWindow *m_window = nullptr;
    QList<Step> m_steps;
    int m_index = 0;
    int m_saved = 0;
    QStringList m_failures;
    QList<QQmlError> m_warnings;
};

} // namespace lanxin
