// Child process of tst_durability: writes residents one save at a time and prints each id after
// its commit returned ("acknowledged"), until killed.
#include "storage/stationstore.h"

#include <QCoreApplication>
#include <cstdio>

using namespace lanxin;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3)
        return 2;
    StationStore store;
    if (!store.open(QString::fromLocal8Bit(argv[1])))
        return 1;
    const int first = QByteArray(argv[2]).toInt();
    for (int i = first;; ++i) {
        Resident r;
        r.name = QStringLiteral("耐久%1").arg(i);
        r.gender = QStringLiteral("F");
        r.birthDate = QDate(1950, 1, 1).addDays(i % 10000);
        r.village = QStringLiteral("白杜村");
        r.address = QStringLiteral("地址%1-").arg(i).repeated(10);
        r.phone = QStringLiteral("139%1").arg(i % 100000000, 8, 10, QLatin1Char('0'));
        auto created = store.residents().create(r);
        if (!created)
            return 1;
        std::printf("ACK %s %d\n", qPrintable(created->envelope.id), i);
        std::fflush(stdout);
    }
}
