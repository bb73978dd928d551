// lanxin-station: the station's touch app, and its headless command line (CLI.md).
#include "appcontext.h"
#include "kiosk/kioskcontroller.h"
#include "kiosk/kioskscreens.h"
#include "services.h"
#include "shell/startupcheck.h"
#include "shell/uidriver.h"
#include "stationcommands.h"
#include "sync.h"

#include "client/syncrunner.h"

#include "storage/checkpointer.h"
#include "storage/stationstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtQml/qqmlextensionplugin.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(LanxinPlugin)

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    QCoreApplication::setOrganizationName(QStringLiteral("Lanxin"));
    QCoreApplication::setApplicationName(QStringLiteral("lanxin-station"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LANXIN_VERSION));

    QTextStream err(stderr);
    if (lanxin::isHeadlessCommand(args)) {
        QCoreApplication app(argc, argv);
        QTextStream out(stdout);
        return lanxin::runStationCommand(args, out, err);
    }
    const lanxin::GuiOptions gui = lanxin::guiOptionsFrom(args);
    if (!gui.error.isEmpty()) {
        err << gui.error << "\n";
        return 2;
    }

    // A touch-first app: no hover highlights (a resting mouse pointer would light up a row).
    qputenv("QT_QUICK_CONTROLS_HOVER_ENABLED", "0");
    QGuiApplication app(argc, argv);
    QQuickStyle::setStyle(QStringLiteral("Material"));
    // A machine without a GPU (no DRM device: many kiosks, VMs) would render through Mesa's software
    // OpenGL, which costs ~120 MiB more than Qt Quick's own software renderer and is no faster.
    // QT_QUICK_BACKEND / QSG_RHI_BACKEND still decide when set.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND") && qEnvironmentVariableIsEmpty("QSG_RHI_BACKEND")
        && QDir(QStringLiteral("/dev/dri")).entryList({QStringLiteral("card*"), QStringLiteral("renderD*")},
                                                      QDir::System).isEmpty())
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);

    // The self-test runs on demo data in a temporary directory, unless it is given one (benchmarks
    // run it on their large data set).
    QTemporaryDir selfTestDir;
    const QString dataDir = gui.selfTest && !gui.explicitDataDir ? selfTestDir.path() : lanxin::dataDirFrom(args);

    const bool driven = gui.selfTest || !gui.screenshotsDir.isEmpty();
    lanxin::StartupCheck startupCheck(dataDir);
    lanxin::Database::Options options;
    options.checkIntegrity = driven || startupCheck.fullCheckAtOpen();
    options.autoCheckpointPages = lanxin::Checkpointer::kBackstopPages;

    lanxin::StationStore store;
    QString problem;
    auto opened = store.open(dataDir, options);
    if (!opened)
        problem = opened.error().message;
    else if (!opened->report.corruptMovedTo.isEmpty())
        problem = lanxin::bilingual(QStringLiteral("数据库已损坏，已移到 %1 并新建").arg(opened->report.corruptMovedTo),
                                    QStringLiteral("The database was corrupt; it was moved to %1 and a new one made")
                                        .arg(opened->report.corruptMovedTo));

    if (opened && !driven)
        startupCheck.markRunning();
    // Saves on the UI thread pay for the WAL's fsync only; the WAL goes into the file on this thread.
    lanxin::Checkpointer checkpointer(opened ? store.database().path() : QString());
    if (opened)
        checkpointer.start();
    if (driven) {
        if (!opened) {
            err << problem << "\n";
            return 1;
        }
        if (const QString why = lanxin::UiDriver::prepare(store, gui.selfTest ? 200 : 600, gui.selfTest ? 1500 : 4000);
            !why.isEmpty()) {
            err << why << "\n";
            return 1;
        }
    }

    lanxin::StationServices services(opened ? &store : nullptr, problem, {});
    services.watch(app);

    // The kiosk (issue "Kiosk"): full screen with --kiosk or the setting kiosk/fullScreen=true.
    lanxin::KioskController kiosk(opened ? &store : nullptr);
    kiosk.setKioskMode(args.contains(QStringLiteral("--kiosk"))
                       || QSettings().value(QStringLiteral("kiosk/fullScreen"), false).toBool());
    lanxin::KioskController::setInstance(&kiosk);
    const bool kioskPreview = args.contains(QStringLiteral("--kiosk-preview"));
    if (const qsizetype at = args.indexOf(QStringLiteral("--kiosk-screenshots")); at >= 0 && at + 1 < args.size()) {
        // The kiosk's screens as PNG, landscape and portrait (run under xvfb-run).
        for (const auto &[size, prefix] : {std::pair{QSize(1280, 800), QString()},
                                           std::pair{QSize(800, 1280), QStringLiteral("portrait-")}}) {
            auto shots = lanxin::renderKioskScreens(args.at(at + 1), size, prefix);
            if (!shots) {
                err << shots.error().message << "\n";
                return 1;
            }
        }
        return 0;
    }

    // Sync runs in its own thread on its own connection to the database; QML sees the Sync object.
    std::unique_ptr<lanxin::SyncRunner> runner;
    if (opened)
        runner = std::make_unique<lanxin::SyncRunner>(store);
    lanxin::Sync sync(opened ? &store : nullptr, runner.get());
    lanxin::Sync::setInstance(&sync);
    if (runner) {
        runner->start();
        runner->watchNetwork();
    }

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/")); // `import Lanxin` from files in subfolders (kiosk/, input/)
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
                     Qt::QueuedConnection);
    engine.load(QUrl(kioskPreview ? QStringLiteral("qrc:/Lanxin/kiosk/KioskPreview.qml")
                                  : QStringLiteral("qrc:/Lanxin/Main.qml")));

    // With the first frame up, the database is checked off the UI thread.
    if (opened && !driven && !engine.rootObjects().isEmpty()) {
        if (auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first())) {
            QObject::connect(window, &QQuickWindow::frameSwapped, &startupCheck,
                             [&] { startupCheck.checkInBackground(store.database().path()); }, Qt::SingleShotConnection);
        }
        QObject::connect(&startupCheck, &lanxin::StartupCheck::checked, &services, [&](bool ok) {
            if (!ok)
                services.context().setStartupProblem(lanxin::bilingual(
                    QStringLiteral("数据库检查发现问题。请关闭并重新打开本应用：启动时会把损坏的文件移到一边。"),
                    QStringLiteral("The database check found a problem. Close and reopen the app: at start the damaged "
                                   "file is moved aside.")));
        });
    }

    // For bench/station-app: say when the first frame is on screen, then quit.
    if (qEnvironmentVariableIsSet("LANXIN_QUIT_AFTER_FIRST_FRAME") && !engine.rootObjects().isEmpty()) {
        if (auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first())) {
            QObject::connect(window, &QQuickWindow::frameSwapped, &app, [] {
                QTextStream(stdout) << "first-frame" << Qt::endl;
                QCoreApplication::quit();
            }, Qt::SingleShotConnection);
        }
    }

    std::unique_ptr<lanxin::UiDriver> driver;
    if (driven) {
        driver = std::make_unique<lanxin::UiDriver>(
            engine, services, gui.selfTest ? lanxin::UiDriver::Mode::SelfTest : lanxin::UiDriver::Mode::Screenshots,
            gui.screenshotsDir, err);
        driver->start();
    }
    const int status = app.exec();
    if (runner)
        runner->stop(); // a request in hand is cancelled; the next start resends it
    if (opened && !driven)
        startupCheck.markCleanExit();
    return status;
}
