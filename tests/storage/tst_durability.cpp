// SECURITY.md 1: kill -9 the writer at random points; on reopen integrity_check is ok and every
// acknowledged record is there, whole.
#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <QRandomGenerator>
#include <QSqlQuery>

using namespace lanxin;
using namespace lanxin::test;

class TestDurability : public QObject
{
    Q_OBJECT
private slots:
    void killedWriterLosesNothingAcknowledged()
    {
        QTemporaryDir dir;
        QRandomGenerator rng(1129); // fixed seed: the same kill points every run
        QMap<QString, int> acknowledged;
        int next = 0;
        constexpr int kRounds = 24;
        for (int round = 0; round < kRounds; ++round) {
            QProcess writer;
            writer.setProgram(QStringLiteral(DURABILITY_WRITER));
            writer.setArguments({dir.path(), QString::number(next)});
            writer.start();
            QVERIFY(writer.waitForStarted());
            // Let it get some writes acknowledged, then kill it at a random moment.
            const int wantAcks = 1 + rng.bounded(40);
            const int extraUs = rng.bounded(20000);
            QByteArray buffer;
            int acksThisRound = 0;
            QElapsedTimer timer;
            timer.start();
            auto takeLines = [&] {
                buffer += writer.readAllStandardOutput();
                qsizetype nl;
                while ((nl = buffer.indexOf('\n')) >= 0) {
                    const QList<QByteArray> parts = buffer.left(nl).split(' ');
                    buffer.remove(0, nl + 1);
                    if (parts.size() == 3 && parts[0] == "ACK") {
                        acknowledged.insert(QString::fromLatin1(parts[1]), parts[2].toInt());
                        next = std::max(next, parts[2].toInt() + 1);
                        ++acksThisRound;
                    }
                }
            };
            while (acksThisRound < wantAcks && timer.elapsed() < 20000 && writer.state() == QProcess::Running) {
                writer.waitForReadyRead(100);
                takeLines();
            }
            QThread::usleep(static_cast<unsigned long>(extraUs));
            ::kill(static_cast<pid_t>(writer.processId()), SIGKILL);
            writer.waitForFinished();
            takeLines(); // lines written before the kill count as acknowledged too
            QVERIFY2(acksThisRound > 0, qPrintable(QString::fromLocal8Bit(writer.readAllStandardError())));

            // Reopen: the file is whole and every acknowledged record is there, whole.
            StationStore store;
            auto opened = store.open(dir.path());
            QVERIFY2(opened, qPrintable(opened.error().message));
            QVERIFY(opened->report.corruptMovedTo.isEmpty());
            QSqlQuery q(store.database().db());
            QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
            for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
                const auto r = store.residents().get(it.key());
                QVERIFY2(r, qPrintable(QStringLiteral("round %1: acknowledged %2 lost").arg(round).arg(it.key())));
                QCOMPARE(r->name, QStringLiteral("耐久%1").arg(it.value()));
                QCOMPARE(r->address, QStringLiteral("地址%1-").arg(it.value()).repeated(10));
                QCOMPARE(r->phone, QStringLiteral("139%1").arg(it.value() % 100000000, 8, 10, QLatin1Char('0')));
            }
            // Every record in the file has its outbox entry (written in the same transaction).
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM resident r WHERE NOT EXISTS "
                                          "(SELECT 1 FROM outbox o WHERE o.record_id = r.id)")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        }
        qInfo() << kRounds << "kills," << acknowledged.size() << "acknowledged records, all present and whole";
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
