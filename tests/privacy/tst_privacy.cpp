// Privacy canaries end to end (SECURITY.md 20 and 22; issue 6 item 7).
//
// Canary values go into every sensitive field (ID number, phones, screening result and its notes, visit
// notes and DV risk) — through the repositories of an in-process station, through the real
// `lanxin-station` executable (roster import, enroll, sync, status) and through a sync conflict of two
// devices (whose notices keep both values). Everything is synced to the real `lanxin-district`. Then every
// byte that was produced is searched, as UTF-8 and as UTF-16: every file under the test's private TMPDIR
// and HOME (both station data dirs and the district's: databases with their -wal and -shm, keys, backups,
// any temp file), the district's stdout and stderr, the station executable's stdout and stderr, and every
// message logged in this process with all lanxin.* categories at debug. Zero hits is the requirement.
//
// Booleans (dv_risk) cannot be canaries; for them, and for every sensitive field of every kind, the test
// checks the form at rest instead: NULL in the district's clear `value` column with a `secret`, and a
// BLOB (ciphertext) or NULL in the station's column.
#include "synctestsupport.h"

#include "core/idnumber.h"
#include "core/schema.h"

#include <QDirIterator>
#include <QLoggingCategory>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

using namespace lanxin;
using namespace lanxin::test;

namespace {

const QString kStation = QStringLiteral("FH-XW-012");
constexpr qint64 kMinute = 60 * 1000;

QString validId(const QString &region, QDate birth, const QString &seq)
{
    const QString first17 = region + birth.toString(QStringLiteral("yyyyMMdd")) + seq;
    return first17 + idNumberCheckChar(first17);
}

const QDate kBirth(1976, 5, 13);
const QDate kRosterBirth(1979, 8, 21);
// Distinct, unlikely strings: none of them can occur by chance in a log or a file.
const QString kIdNumber = validId(QStringLiteral("650204"), kBirth, QStringLiteral("738"));
const QString kRosterId = validId(QStringLiteral("650205"), kRosterBirth, QStringLiteral("526"));
const QString kBadRosterId = [] {
    const QString first17 = kRosterId.left(17);
    return first17 + (idNumberCheckChar(first17) == u'1' ? u'2' : u'1'); // a wrong check character
}();
const QString kPhone = QStringLiteral("13979461382");
const QString kStaffPhone = QStringLiteral("15837261940");
const QString kPhoneA = QStringLiteral("18672940315");
const QString kPhoneB = QStringLiteral("18672940316");
const QString kRosterPhone = QStringLiteral("17750384926");
const QString kResultNotes = QStringLiteral("金丝雀结果QX7-result-notes-4417");
const QString kVisitNotes = QStringLiteral("金丝雀家访QX7-visit-notes-5528\n第二行");
const QString kNotesA = QStringLiteral("金丝雀冲突QX7-conflict-A-6639");
const QString kNotesB = QStringLiteral("金丝雀冲突QX7-conflict-B-7740");

QMutex g_logMutex;
QByteArray g_log;
QtMessageHandler g_previous = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log += QByteArray(context.category ? context.category : "") + ": " + message.toUtf8() + '\n';
    }
    if (g_previous)
        g_previous(type, context, message);
}

struct Hit
{
    QString where;
    QString canary;
};

} // namespace

class TestPrivacy : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root; ///< the private TMPDIR and HOME of everything this test runs
    QTemporaryDir m_input; ///< the roster CSV (it holds canaries by design): outside the searched tree
    std::unique_ptr<District> m_district;
    QByteArray m_districtOutput;
    QByteArray m_stationOutput;
    QString m_stationDir;

    static QStringList canaries()
    {
        return {kIdNumber, kRosterId, kBadRosterId, kPhone, kStaffPhone, kPhoneA, kPhoneB, kRosterPhone,
                kResultNotes, kVisitNotes.section(u'\n', 0, 0), kNotesA, kNotesB};
    }

    static QList<Hit> search(const QString &where, const QByteArray &bytes, bool databaseFile)
    {
        QList<Hit> hits;
        QStringList all = canaries();
        // The screening result is an enum; its sensitive value must not be stored in clear either.
        if (databaseFile)
            all << QStringLiteral("abnormal");
        for (const QString &c : std::as_const(all)) {
            const QByteArray utf8 = c.toUtf8();
            const QByteArray utf16(reinterpret_cast<const char *>(c.utf16()), c.size() * 2);
            if (bytes.contains(utf8) || bytes.contains(utf16))
                hits << Hit{where, c};
        }
        return hits;
    }

    /// Every regular file under the private root, read whole.
    QList<Hit> searchFiles(int *files)
    {
        QList<Hit> hits;
        QDirIterator it(m_root.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            ++*files;
            const QString name = QFileInfo(path).fileName();
            const bool db = name.contains(QLatin1String(".db")) || name.endsWith(QLatin1String("-wal"))
                || name.endsWith(QLatin1String("-shm"));
            hits += search(QDir(m_root.path()).relativeFilePath(path), f.readAll(), db);
            if (name.startsWith(QLatin1String("core")))
                hits << Hit{path, QStringLiteral("a core dump")};
        }
        return hits;
    }

    int runStation(const QStringList &args, QByteArray *out = nullptr)
    {
        QProcess p;
        p.start(QStringLiteral(LANXIN_STATION), QStringList{QStringLiteral("--data-dir"), m_stationDir} + args);
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
        }
        const QByteArray stdOut = p.readAllStandardOutput();
        m_stationOutput += stdOut + p.readAllStandardError();
        if (out)
            *out = stdOut;
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    static QString formatHits(const QList<Hit> &hits)
    {
        QStringList lines;
        for (const Hit &h : hits)
            lines << QStringLiteral("%1 holds a canary of length %2 (starts %3)").arg(h.where).arg(h.canary.size()).arg(h.canary.left(3));
        return lines.join(u'\n');
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid() && m_input.isValid());
        QVERIFY(parseIdNumber(kIdNumber) && parseIdNumber(kRosterId) && !parseIdNumber(kBadRosterId));
        // Everything below (this process's temp dirs, the district's and the station's, anything they put
        // in HOME or the XDG folders) lands in the private root.
        for (const char *var : {"TMPDIR", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
            qputenv(var, m_root.path().toUtf8());
        QCOMPARE(QDir::tempPath(), m_root.path());
        // Every lanxin category at debug, here and in the child processes.
        qputenv("QT_LOGGING_RULES", "lanxin.*=true");
        QLoggingCategory::setFilterRules(QStringLiteral("lanxin.*=true"));
        g_previous = qInstallMessageHandler(recordMessage);
        QStandardPaths::setTestModeEnabled(true);

        m_district = std::make_unique<District>(kUnlimitedRates);
        QVERIFY(m_district->addStation(kStation));
        QVERIFY(m_district->start());
        m_stationDir = m_root.filePath(QStringLiteral("station-cli"));
    }

    void canariesThroughTheRepositoriesAndAConflict()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Device a(now);
        Device b(now);
        QVERIFY(a.enroll(*m_district, kStation));
        QVERIFY(b.enroll(*m_district, kStation));

        Staff s;
        s.name = QStringLiteral("王主任");
        s.role = QStringLiteral("director");
        s.phone = kStaffPhone;
        QVERIFY(a.store.staff().create(s));

        Resident r;
        r.name = QStringLiteral("张秀英");
        r.gender = QStringLiteral("F");
        r.birthDate = kBirth;
        r.idNumber = kIdNumber;
        r.phone = kPhone;
        r.village = QStringLiteral("白杜村");
        r.consentGeneralAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
        r.consentSensitiveAt = r.consentGeneralAt;
        auto resident = a.store.residents().create(r);
        QVERIFY2(resident, qPrintable(resident ? QString() : resident.error().message));
        const QString residentId = resident->envelope.id;

        ScreeningReferral ref;
        ref.residentId = residentId;
        ref.cervical = true;
        ref.referredOn = a.clock.today();
        ref.screenedOn = a.clock.today();
        ref.result = QStringLiteral("abnormal");
        ref.resultOn = a.clock.today();
        ref.resultNotes = kResultNotes;
        ref.followUpDue = a.clock.today().addDays(30);
        auto referral = a.store.referrals().create(ref);
        QVERIFY2(referral, qPrintable(referral ? QString() : referral.error().message));

        FamilyVisit v;
        v.residentId = residentId;
        v.visitedAt = QDateTime::fromMSecsSinceEpoch(now - kMinute, Qt::UTC);
        v.riskLevel = QStringLiteral("high");
        v.dvRisk = true;
        v.notes = kVisitNotes;
        v.followUpNeeded = true;
        v.nextVisitDue = a.clock.today().addDays(3);
        auto visit = a.store.visits().create(v);
        QVERIFY2(visit, qPrintable(visit ? QString() : visit.error().message));

        const SyncReport first = a.cycle();
        QVERIFY2(first.complete(), qPrintable(first.message));
        QVERIFY(b.cycle().complete());

        // Both devices edit the phone and the visit notes offline; B's edits are later and win, so A
        // keeps conflict notices that hold both values.
        a.clock.advance(kMinute);
        QVERIFY(a.store.residents().updateFields(residentId, {{QStringLiteral("phone"), kPhoneA}}));
        QVERIFY(a.store.visits().updateFields(visit->envelope.id, {{QStringLiteral("notes"), kNotesA}}));
        b.clock.advance(2 * kMinute);
        QVERIFY(b.store.residents().updateFields(residentId, {{QStringLiteral("phone"), kPhoneB}}));
        QVERIFY(b.store.visits().updateFields(visit->envelope.id, {{QStringLiteral("notes"), kNotesB}}));
        QVERIFY(b.cycle().complete());
        const SyncReport last = a.cycle();
        QVERIFY2(last.complete(), qPrintable(last.message));
        QVERIFY2(a.sync().conflicts().size() >= 2, "the superseded edits must be kept as conflict notices");

        // Search while both stations and the district are open: WAL and shm files exist now.
        int files = 0;
        const QList<Hit> hits = searchFiles(&files);
        qInfo("searched %d files while open", files);
        QVERIFY2(hits.isEmpty(), qPrintable(formatHits(hits)));

        // The form at rest of every sensitive field, booleans included.
        for (Device *d : {&a, &b}) {
            const QString name = QStringLiteral("station-") + QUuid::createUuid().toString();
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(QDir(d->dir.path()).filePath(QStringLiteral("lanxin.db")));
                db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
                if (!QFile::exists(db.databaseName())) {
                    const QStringList dbs = QDir(d->dir.path()).entryList({QStringLiteral("*.db")});
                    QVERIFY2(!dbs.isEmpty(), "no station database");
                    db.setDatabaseName(QDir(d->dir.path()).filePath(dbs.first()));
                }
                QVERIFY(db.open());
                int checked = 0;
                for (const Kind kind : recordKinds()) {
                    for (const FieldSpec &f : kindSpec(kind).fields) {
                        if (!f.sensitive)
                            continue;
                        QSqlQuery q(db);
                        QVERIFY(q.exec(QStringLiteral("SELECT typeof(%1) FROM %2").arg(QLatin1String(f.name), kindName(kind))));
                        while (q.next()) {
                            const QString type = q.value(0).toString();
                            QVERIFY2(type == QLatin1String("blob") || type == QLatin1String("null"),
                                     qPrintable(QStringLiteral("station %1.%2 stored as %3").arg(kindName(kind), QLatin1String(f.name), type)));
                            ++checked;
                        }
                    }
                }
                QVERIFY(checked >= 6);
            }
            QSqlDatabase::removeDatabase(name);
        }
    }

    void canariesThroughTheStationExecutable()
    {
        // A roster with canaries, one row with a wrong check digit (its error message must not quote it).
        QFile csv(m_input.filePath(QStringLiteral("roster.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(QStringLiteral("姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签\n"
                                 "李梅,女,%1,%2,%3,白杜村,一号路,留守\n"
                                 "赵兰,女,%1,%4,,西坞村,,\n")
                      .arg(kRosterBirth.toString(Qt::ISODate), kRosterId, kRosterPhone, kBadRosterId)
                      .toUtf8());
        csv.close();
        QByteArray out;
        const int imported = runStation({QStringLiteral("import-residents"), csv.fileName()}, &out);
        QVERIFY2(imported == 0 || imported == 1, out.constData());
        const QString code = m_district->enrollmentCode(kStation);
        QCOMPARE(runStation({QStringLiteral("enroll"), QStringLiteral("--server"), m_district->baseUrl(), QStringLiteral("--station"), kStation,
                             QStringLiteral("--code"), code}),
                 0);
        QCOMPARE(runStation({QStringLiteral("sync")}, &out), 0);
        QCOMPARE(runStation({QStringLiteral("status"), QStringLiteral("--json")}), 0);
        QVERIFY2(QJsonDocument::fromJson(out).isObject(), out.constData());
    }

    void nothingLeaked()
    {
        int files = 0;
        QList<Hit> hits = searchFiles(&files);
        m_district->stop();
        QCOMPARE(m_district->exitCode(), 0);
        m_districtOutput = m_district->takeOutput();
        hits += searchFiles(&files); // again, after the district closed (and checkpointed) its database
        hits += search(QStringLiteral("the district's stdout and stderr"), m_districtOutput, false);
        hits += search(QStringLiteral("the station executable's stdout and stderr"), m_stationOutput, false);
        QByteArray log;
        {
            QMutexLocker lock(&g_logMutex);
            log = g_log;
        }
        hits += search(QStringLiteral("this process's log"), log, false);
        qInfo("searched %d files, %lld bytes of district output, %lld of station output, %lld of in-process log: %lld hits",
              files, qlonglong(m_districtOutput.size()), qlonglong(m_stationOutput.size()), qlonglong(log.size()), qlonglong(hits.size()));
        // The search must have had something to search: the district logged its requests, the station
        // its sync, and the canaries are in the databases, encrypted (found in clear, they would be hits).
        QVERIFY(m_districtOutput.contains("/api/v1/sync/push"));
        QVERIFY(!log.isEmpty());
        QVERIFY(files >= 6);
        QVERIFY2(hits.isEmpty(), qPrintable(formatHits(hits)));
    }

    void theSearchFindsWhatIsThere()
    {
        // A control: the same search on bytes that do hold canaries finds every one (a search that
        // cannot find anything cannot fail).
        for (const QString &c : canaries()) {
            QCOMPARE(search(QStringLiteral("control"), QByteArray("x") + c.toUtf8() + "y", false).size(), 1);
            const QByteArray utf16(reinterpret_cast<const char *>(c.utf16()), c.size() * 2);
            QCOMPARE(search(QStringLiteral("control"), utf16, false).size(), 1);
        }
        QCOMPARE(search(QStringLiteral("control"), "abnormal", true).size(), 1);
        // And the walk of the private root reaches a file deep inside it.
        QVERIFY(QDir(m_root.path()).mkpath(QStringLiteral("a/b")));
        QFile f(m_root.filePath(QStringLiteral("a/b/control-wal")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kPhone.toUtf8());
        f.close();
        int files = 0;
        QCOMPARE(searchFiles(&files).size(), 1);
        QVERIFY(f.remove());
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        m_district.reset();
    }
};

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
