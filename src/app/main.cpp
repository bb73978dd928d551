// lanxin-station: the station's touch app, and its headless command line (CLI.md).
#include "appcontext.h"
#include "stationcommands.h"
#include "sync.h"

#include "client/syncrunner.h"

#include "storage/stationstore.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
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
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
                     Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/Lanxin/Main.qml")));
    const int status = app.exec();
    if (runner)
        runner->stop(); // a request in hand is cancelled; the next start resends it
    return status;
}
