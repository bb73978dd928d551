// lanxin-station: the station's touch app, and its headless command line (CLI.md).
#include "appcontext.h"
#include "kiosk/kioskcontroller.h"
#include "kiosk/kioskscreens.h"
#include "stationcommands.h"

#include "storage/stationstore.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QSettings>
#include <QTextStream>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(LanxinPlugin)

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    QCoreApplication::setOrganizationName(QStringLiteral("Lanxin"));
    QCoreApplication::setApplicationName(QStringLiteral("lanxin-station"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LANXIN_VERSION));

    if (lanxin::isHeadlessCommand(args)) {
        QCoreApplication app(argc, argv);
        QTextStream out(stdout);
        QTextStream err(stderr);
        return lanxin::runStationCommand(args, out, err);
    }

    QGuiApplication app(argc, argv);
    QQuickStyle::setStyle(QStringLiteral("Material"));

    lanxin::StationStore store;
    QString problem;
    auto opened = store.open(lanxin::dataDirFrom(args));
    if (!opened)
        problem = opened.error().message;
    else if (!opened->report.corruptMovedTo.isEmpty())
        problem = QObject::tr("数据库已损坏，已移到 %1 并新建").arg(opened->report.corruptMovedTo);

    lanxin::AppContext context(opened ? &store : nullptr, problem);
    lanxin::AppContext::setInstance(&context);

    // The kiosk (issue "Kiosk"): full screen with --kiosk or the setting kiosk/fullScreen=true.
    lanxin::KioskController kiosk(opened ? &store : nullptr);
    kiosk.setKioskMode(args.contains(QStringLiteral("--kiosk"))
                       || QSettings().value(QStringLiteral("kiosk/fullScreen"), false).toBool());
    lanxin::KioskController::setInstance(&kiosk);
    const bool kioskPreview = args.contains(QStringLiteral("--kiosk-preview"));
    if (const qsizetype at = args.indexOf(QStringLiteral("--kiosk-screenshots")); at >= 0 && at + 1 < args.size()) {
        // The kiosk's screens as PNG, landscape and portrait (run under xvfb-run).
        QTextStream err(stderr);
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

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/")); // `import Lanxin` from files in subfolders (kiosk/, input/)
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
                     Qt::QueuedConnection);
    engine.load(QUrl(kioskPreview ? QStringLiteral("qrc:/Lanxin/kiosk/KioskPreview.qml")
                                  : QStringLiteral("qrc:/Lanxin/Main.qml")));
    return app.exec();
}
