// The QML-facing Sync object over the sync thread (SyncRunner), against the real lanxin-district:
// enrollment, the after-save trigger, rejected records and superseded edits for staff, backoff while
// the district is away, a revoked device asking for re-enrollment; and the sync screen loads.
#include "synctestsupport.h"

#include "sync.h"
#include "shell/appsettings.h"
#include "shell/labels.h"
#include "shell/quickitems.h"

#include "client/syncrunner.h"

#include <QQmlEngine>
#include <QRegularExpression>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickView>
#include <QStandardPaths>
#include <QtQml/qqmlextensionplugin.h>


Q_IMPORT_QML_PLUGIN(LanxinPlugin)

using namespace lanxin;
using namespace lanxin::test;

namespace {

const QString kStation = QStringLiteral("FH-XW-012");


} // namespace

class TestSyncObject : public QObject
{
    Q_OBJECT
    District m_district{kUnlimitedRates};

private slots:
    void initTestCase()
    {
        // The Theme reads the text size and contrast from the app settings singleton.
        auto *settings = new lanxin::AppSettings(nullptr, this);
        lanxin::AppSettings::setInstance(settings);
        // The sync screen names kinds through Labels, in the current language.
        lanxin::Labels::setInstance(new lanxin::Labels(*settings, this));
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        QVERIFY(m_district.addStation(kStation));
        QVERIFY(m_district.start());
    }

    void backoffHasFullJitterWithinItsBoundsAndHonoursRetryAfter()
    {
        QRandomGenerator rng(42);
        const qint64 min = 5000, max = 30 * 60 * 1000;
        QSet<qint64> seen;
        for (int failures = 1; failures <= 20; ++failures) {
            const qint64 cap = std::min<qint64>(max, min << std::min(failures - 1, 20));
            for (int i = 0; i < 50; ++i) {
                const qint64 d = backoffDelayMs(failures, -1, rng, min, max);
                QVERIFY2(d >= min && d <= cap, qPrintable(QStringLiteral("%1 after %2").arg(d).arg(failures)));
                seen.insert(d);
            }
        }
        QVERIFY(seen.size() > 500); // jittered, not a fixed ladder
        QCOMPARE(backoffDelayMs(1, 120000, rng, min, max), 120000); // Retry-After wins when longer
        QVERIFY(backoffDelayMs(30, -1, rng, min, max) <= max);
    }

    void theSyncObjectFollowsTheWholeStory()
    {
        Device d;
        SyncSchedule schedule;
        schedule.afterSaveMs = 200;
        schedule.minBackoffMs = 200;
        schedule.maxBackoffMs = 1000;
        schedule.seed = 7;
        SyncEngineOptions options;
        options.networkTimeoutMs = 5000;
        SyncRunner runner(d.store, options, schedule);
        Sync sync(&d.store, &runner);
        QSignalSpy cycles(&sync, &Sync::cycleFinished);
        QSignalSpy enrolled(&sync, &Sync::enrollFinished);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(sync.status(), QStringLiteral("not_enrolled"), 10000);
        QVERIFY(sync.statusText().contains(QStringLiteral("尚未登记")));

        // Enrollment through the object; a first sync follows and the district confirms.
        sync.enroll(m_district.baseUrl(), kStation, m_district.enrollmentCode(kStation), QString());
        QVERIFY(sync.enrolling());
        QVERIFY(enrolled.wait(20000));
        QCOMPARE(enrolled.first().first().toBool(), true);
        QVERIFY(sync.enrolled());
        QCOMPARE(sync.stationCode(), kStation);
        QVERIFY(cycles.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(sync.receiptSummary().startsWith(QStringLiteral("区里已确认")), 10000);
        QVERIFY(sync.lastConfirmedAt().isValid());

        // A save syncs by itself within the after-save delay.
        cycles.clear();
        auto made = d.store.residents().create(woman(QStringLiteral("钱慧"), QDate(1971, 7, 7)));
        QVERIFY(made);
        QVERIFY(cycles.wait(20000));
        QTRY_COMPARE_WITH_TIMEOUT(sync.pendingCount(), 0, 10000);
        QVERIFY(sync.receiptMatch());

        // A record the district rejects shows up for staff, with its reason, and can be opened.
        const QString bad = made->envelope.id;
        const Hlc stamp = d.store.hlc().now();
        QVERIFY(d.store.records().merge(Kind::Resident, bad, kStation,
                                        {FieldWrite{QStringLiteral("id_number"), QStringLiteral("110105197107070021"), stamp}}));
        QVERIFY(d.store.database().exec(QStringLiteral("INSERT INTO outbox (kind, record_id, fields, queued_at) VALUES "
                                                       "('resident', '%1', '{\"id_number\":\"%2\"}', '2026-01-01T00:00:00.000Z')")
                                            .arg(bad, stamp.toString())));
        cycles.clear();
        sync.syncNow();
        QVERIFY(cycles.wait(20000));
        QTRY_COMPARE_WITH_TIMEOUT(sync.problemCount(), 1, 10000);
        const QVariantMap problem = sync.problems().first().toMap();
        QCOMPARE(problem.value(QStringLiteral("kind")).toString(), QStringLiteral("resident"));
        QCOMPARE(problem.value(QStringLiteral("recordId")).toString(), bad);
        QVERIFY2(problem.value(QStringLiteral("reason")).toString().startsWith(QStringLiteral("身份证号"))
                     && problem.value(QStringLiteral("reason")).toString().count(QStringLiteral("身份证号")) == 1,
                 qPrintable(problem.value(QStringLiteral("reason")).toString()));
        QVERIFY(!problem.value(QStringLiteral("reason")).toString().contains(QStringLiteral("110105")));
        QSignalSpy open(&sync, &Sync::openRecordRequested);
        sync.openRecord(QStringLiteral("resident"), bad);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().at(1).toString(), bad);
        // Staff fixes it: the problem goes, the next sync delivers it.
        cycles.clear();
        QVERIFY(d.store.residents().updateFields(bad, {{QStringLiteral("id_number"), QString()}}));
        QTRY_COMPARE_WITH_TIMEOUT(sync.problemCount(), 0, 5000);
        QVERIFY(cycles.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(sync.receiptMatch() && sync.pendingCount() == 0, 10000);

        // Another tablet edits what this one edited: the superseded edit is listed until dismissed.
        d.clock.advance(1000);
        QVERIFY(d.store.residents().updateFields(bad, {{QStringLiteral("phone"), QStringLiteral("13812345678")}}));
        QTRY_COMPARE_WITH_TIMEOUT(sync.pendingCount(), 0, 20000);
        Device other;
        QVERIFY(other.enroll(m_district, kStation));
        QVERIFY(other.cycle().complete());
        other.clock.advance(60000);
        QVERIFY(other.store.residents().updateFields(bad, {{QStringLiteral("phone"), QStringLiteral("13987654321")}}));
        QVERIFY(other.cycle().complete());
        cycles.clear();
        sync.syncNow();
        QVERIFY(cycles.wait(20000));
        QTRY_COMPARE_WITH_TIMEOUT(sync.conflicts().size(), 1, 10000);
        const QVariantMap conflict = sync.conflicts().first().toMap();
        QCOMPARE(conflict.value(QStringLiteral("fieldLabel")).toString(), QStringLiteral("手机号"));
        QCOMPARE(conflict.value(QStringLiteral("localValue")).toString(), QStringLiteral("138****5678")); // masked
        QCOMPARE(conflict.value(QStringLiteral("remoteValue")).toString(), QStringLiteral("139****4321"));

        // Staff switch the app to English: the texts and labels the object made follow at once, and
        // back (they are made in C++, which the QML engine's retranslation does not reach).
        QSignalSpy statusTexts(&sync, &Sync::statusChanged);
        lanxin::AppSettings::instance()->setLanguage(QStringLiteral("en"));
        QVERIFY2(sync.receiptSummary().startsWith(QLatin1String("Records confirmed by the district: ")),
                 qPrintable(sync.receiptSummary()));
        QCOMPARE(sync.conflicts().first().toMap().value(QStringLiteral("fieldLabel")).toString(), QStringLiteral("Phone"));
        QCOMPARE(sync.conflicts().first().toMap().value(QStringLiteral("kindLabel")).toString(), QStringLiteral("Resident"));
        QVERIFY(!statusTexts.isEmpty()); // bindings to statusText read it again
        // Whatever the runner is doing now (a sync may be under way), its status is told in English.
        static const QRegularExpression hanzi(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
        QVERIFY2(!sync.statusText().isEmpty() && !sync.statusText().contains(hanzi), qPrintable(sync.statusText()));
        lanxin::AppSettings::instance()->setLanguage(QStringLiteral("zh_CN"));
        QVERIFY(sync.receiptSummary().startsWith(QStringLiteral("区里已确认")));
        QCOMPARE(sync.conflicts().first().toMap().value(QStringLiteral("fieldLabel")).toString(), QStringLiteral("手机号"));
        sync.dismissConflict(conflict.value(QStringLiteral("seq")).toDouble());
        QVERIFY(sync.conflicts().isEmpty());

        // The district goes away: the object says it waits and retries; back on the same port, it syncs.
        const quint16 port = m_district.port();
        m_district.stop();
        QVERIFY(d.store.residents().create(woman(QStringLiteral("孙丽华"), QDate(1971, 7, 7))));
        QTRY_COMPARE_WITH_TIMEOUT(sync.status(), QStringLiteral("waiting"), 20000);
        QVERIFY(sync.statusText().contains(QStringLiteral("自动重试")));
        QVERIFY(m_district.start({}, port));
        QTRY_COMPARE_WITH_TIMEOUT(sync.pendingCount(), 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(sync.status(), QStringLiteral("idle"), 10000);

        // Revoked: the next sync gets 401 and the object asks for re-enrollment.
        QVERIFY(m_district.revoke(d.store.deviceId()));
        sync.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(sync.status(), QStringLiteral("must_enroll"), 20000);
        QVERIFY(sync.mustEnroll());
        QVERIFY(sync.statusText().contains(QStringLiteral("重新登记")));
        enrolled.clear();
        sync.enroll(m_district.baseUrl(), kStation, m_district.enrollmentCode(kStation), QString());
        QVERIFY(enrolled.wait(20000));
        QVERIFY(enrolled.first().first().toBool());
        QTRY_COMPARE_WITH_TIMEOUT(sync.status(), QStringLiteral("idle"), 20000);
        QVERIFY(!sync.mustEnroll());
        runner.stop();

        // Three days without a confirmation: the date, in each language's own way.
        d.clock.advance(3 * 24 * 3600 * 1000LL);
        const QDateTime confirmed = sync.lastConfirmedAt().toTimeZone(localZone());
        QCOMPARE(sync.lastConfirmedText(), QStringLiteral("%1月%2日 %3").arg(confirmed.date().month()).arg(confirmed.date().day())
                                               .arg(confirmed.toString(QStringLiteral("HH:mm"))));
        lanxin::AppSettings::instance()->setLanguage(QStringLiteral("en"));
        QCOMPARE(sync.lastConfirmedText(), QLocale(QLocale::English).toString(confirmed, QStringLiteral("d MMM HH:mm")));
        lanxin::AppSettings::instance()->setLanguage(QStringLiteral("zh_CN"));
    }

    void theSyncScreenAndBadgeLoad()
    {
        // A station with something in every section: confirmed records, one rejected, one superseded
        // edit, one waiting.
        Device d;
        QVERIFY(d.enroll(m_district, kStation));
        QStringList ids;
        for (const char *name : {"赵春燕", "钱桂英", "孙秀兰"})
            ids << d.store.residents().create(woman(QString::fromUtf8(name), QDate(1971, 7, 7)))->envelope.id;
        QVERIFY(d.cycle().complete());
        const Hlc stamp = d.store.hlc().now();
        QVERIFY(d.store.records().merge(Kind::Resident, ids[0], kStation,
                                        {FieldWrite{QStringLiteral("id_number"), QStringLiteral("110105197107070021"), stamp}}));
        QVERIFY(d.store.database().exec(QStringLiteral("INSERT INTO outbox (kind, record_id, fields, queued_at) VALUES "
                                                       "('resident', '%1', '{\"id_number\":\"%2\"}', '2026-01-01T00:00:00.000Z')")
                                            .arg(ids[0], stamp.toString())));
        d.clock.advance(1000);
        QVERIFY(d.store.residents().updateFields(ids[1], {{QStringLiteral("village"), QStringLiteral("西坞村")}}));
        QCOMPARE(d.cycle().outcome, SyncOutcome::Incomplete);
        const Hlc later{d.clock.nowMs() + 3600000, 0, QStringLiteral("bbbbbbbbbbbbbbbb")};
        QVERIFY(d.sync().applyPull({SyncRecord{Kind::Resident, ids[1], kStation,
                                               {FieldWrite{QStringLiteral("village"), QStringLiteral("白杜村"), later}}}},
                                   d.sync().pullCursor(), true));
        QVERIFY(d.store.residents().create(woman(QStringLiteral("周美华"), QDate(1971, 7, 7))));
        Sync sync(&d.store, nullptr);
        Sync::setInstance(&sync);
        for (const char *file : {"qrc:/Lanxin/pages/SyncPage.qml", "qrc:/Lanxin/components/SyncBadge.qml"}) {
            QQuickView view;
            view.engine()->addImportPath(QStringLiteral("qrc:/")); // the Lanxin module, for files in its subfolders
            const bool page = QLatin1String(file).contains(QLatin1String("Page"));
            view.setResizeMode(page ? QQuickView::SizeRootObjectToView : QQuickView::SizeViewToRootObject);
            const QString shots = qEnvironmentVariable("LANXIN_SCREENSHOT_DIR");
            if (page)
                view.resize(1280, shots.isEmpty() ? 800 : 1700); // the whole page in one picture
            view.setSource(QUrl(QLatin1String(file)));
            QVERIFY2(view.status() == QQuickView::Ready, qPrintable(file));
            QVERIFY2(view.errors().isEmpty(), qPrintable(file));
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            if (page) {
                // The rejected record's button asks the shell (Main.qml) to open its form.
                QSignalSpy open(&sync, &Sync::openRecordRequested);
                const QVariantMap problem = sync.problems().value(0).toMap();
                QCOMPARE(problem.value(QStringLiteral("recordId")).toString(), ids[0]);
                QQuickItem *fix = findVisibleItem(view.rootObject(), QStringLiteral("fixRecord"));
                QVERIFY(fix);
                QVERIFY(QMetaObject::invokeMethod(fix, "clicked"));
                QCOMPARE(open.size(), 1);
                QCOMPARE(open.first().at(0).toString(), problem.value(QStringLiteral("kind")).toString());
                QCOMPARE(open.first().at(1).toString(), ids[0]);
            }
            if (!shots.isEmpty())
                view.grabWindow().save(QDir(shots).filePath(QUrl(QLatin1String(file)).fileName() + QStringLiteral(".png")));
        }
        Sync::setInstance(nullptr);
    }

    void cleanupTestCase() { m_district.stop(); }
};

QTEST_MAIN(TestSyncObject)
#include "tst_syncobject.moc"
