// lanxin-district: the district sync server and its admin commands (CLI.md). Thin: see districtcommands.cpp.
#include "districtcommands.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Lanxin"));
    QCoreApplication::setApplicationName(QStringLiteral("lanxin-district"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LANXIN_VERSION));
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddTHH:mm:ss.zzz} %{category}: %{message}"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return lanxin::district::runDistrictCommand(app.arguments().mid(1), out, err);
}
