// Station app benchmark on an existing data directory (bench/station-app makes one with
// seed-demo --residents 20000 --records 100000 and reuses it):
//   - keystroke to updated search results: ResidentListModel::setQuery (model reset + first page),
//     and the same through the real ResidentsPage until its next frame is rendered;
//   - opening a profile with 50 history items: service + HistoryModel, and ProfilePage to its frame;
//   - paging: the time of each further page of the full resident list.
// Prints one "name value unit" line per figure. Needs a display for the page figures (xvfb-run).
#include "services.h"
#include "residents/residentlistmodel.h"
#include "residents/residentservice.h"
#include "shell/staffsession.h"

#include "core/ids.h"
#include "storage/stationstore.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTextStream>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>

Q_IMPORT_QML_PLUGIN(LanxinPlugin)

using namespace lanxin;

namespace {

QTextStream out(stdout);

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype i = std::min<qsizetype>(v.size() - 1, static_cast<qsizetype>(p * static_cast<double>(v.size() - 1) + 0.5));
    return v.at(i);
}

void report(const QString &name, const QList<double> &ms)
{
    out << QStringLiteral("%1_p50 %2 ms\n%1_p95 %3 ms\n%1_max %4 ms\n%1_n %5\n")
               .arg(name)
               .arg(percentile(ms, 0.5), 0, 'f', 2)
               .arg(percentile(ms, 0.95), 0, 'f', 2)
               .arg(percentile(ms, 1.0), 0, 'f', 2)
               .arg(ms.size());
    out.flush();
}

/// Every prefix of what staff type: pinyin initials, full pinyin, Chinese names, phone and ID tails.
QStringList keystrokes()
{
    const QStringList typed{QStringLiteral("zxy"),   QStringLiteral("zhangxiu"), QStringLiteral("wangli"),
                            QStringLiteral("lgl"),   QStringLiteral("chenj"),    QStringLiteral("张秀英"),
                            QStringLiteral("王丽"),  QStringLiteral("李桂兰"),   QStringLiteral("5678"),
                            QStringLiteral("0317"),  QStringLiteral("123X"),     QStringLiteral("hyf"),
                            QStringLiteral("liuf"),  QStringLiteral("周"),       QStringLiteral("sunl")};
    QStringList prefixes;
    for (const QString &t : typed) {
        for (int i = 1; i <= t.size(); ++i)
            prefixes << t.left(i);
        prefixes << QString(); // cleared, ready for the next name
    }
    return prefixes;
}

/// Waits for the window's next rendered frame (bounded); returns false on timeout.
bool nextFrame(QQuickWindow &window)
{
    QEventLoop loop;
    bool swapped = false;
    QObject::connect(&window, &QQuickWindow::frameSwapped, &loop, [&] {
        swapped = true;
        loop.quit();
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    window.requestUpdate();
    loop.exec();
    return swapped;
}

/// A resident with exactly 50 history items (made once, found again by name on later runs).
QString profileWith50(StationStore &store)
{
    const QString name = QStringLiteral("基准档案");
    for (const Resident &r : store.residents().search(name))
        return r.envelope.id;
    Resident r;
    r.name = name;
    r.gender = QStringLiteral("F");
    r.birthDate = QDate(1972, 3, 8);
    r.village = QStringLiteral("白杜村");
    const QString id = store.residents().create(r)->envelope.id;
    SessionFilter past;
    past.newestFirst = true;
    const QList<TrainingSession> sessions = store.sessions().list(past, {0, 20});
    auto done = store.database().transaction([&]() -> Result<void> {
        for (const TrainingSession &s : sessions) {
            if (auto a = store.attendances().checkIn(s.envelope.id, id); !a)
                return a.error();
        }
        for (int i = 0; i < 10; ++i) {
            ScreeningReferral ref;
            ref.residentId = id;
            ref.cervical = true;
            ref.breast = i % 2 == 0;
            ref.referredOn = store.clock().today().addDays(-120 * i - 1);
            ref.screenedOn = ref.referredOn.addDays(10);
            ref.result = QStringLiteral("normal");
            ref.resultOn = ref.screenedOn.addDays(14);
            if (auto c = store.referrals().create(ref); !c)
                return c.error();
        }
        for (int i = 0; i < 50 - 10 - static_cast<int>(sessions.size()); ++i) {
            FamilyVisit v;
            v.residentId = id;
            v.visitedAt = store.clock().now().addDays(-30 * i - 3);
            v.purposes = {QStringLiteral("left_behind_care")};
            v.riskLevel = QStringLiteral("low");
            v.notes = QStringLiteral("了解家庭近况");
            if (auto c = store.visits().create(v); !c)
                return c.error();
        }
        return {};
    });
    if (!done)
        qFatal("cannot make the benchmark profile: %s", qPrintable(done.error().message));
    return id;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QUICK_CONTROLS_HOVER_ENABLED", "0");
    QGuiApplication app(argc, argv);
    QQuickStyle::setStyle(QStringLiteral("Material"));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("data-dir"), QStringLiteral("data directory (seed-demo'd)"), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("rounds"), QStringLiteral("times each keystroke sequence is typed"), QStringLiteral("N"),
                      QStringLiteral("5")});
    parser.addHelpOption();
    parser.process(app);

    StationStore store;
    auto opened = store.open(parser.value(QStringLiteral("data-dir")));
    if (!opened) {
        QTextStream(stderr) << opened.error().message << "\n";
        return 1;
    }
    const auto counts = store.liveCounts();
    int records = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        records += it.key() == QLatin1String("resident") || it.key() == QLatin1String("staff") ? 0 : it.value();
    out << "residents " << counts.value(QStringLiteral("resident")) << " count\nrecords " << records << " count\n";

    StationServices services(&store, {}, {PinHashCost::Fast});
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();

    // 1. Model: keystroke → model reset with the first page of matches.
    {
        ResidentListModel model;
        model.setPageSize(50);
        model.reload();
        QList<double> ms;
        for (int r = 0; r < rounds; ++r) {
            for (const QString &q : keystrokes()) {
                QElapsedTimer t;
                t.start();
                model.setQuery(q);
                ms << t.nsecsElapsed() / 1e6;
            }
        }
        report(QStringLiteral("search_model"), ms);
    }

    // 2. Paging through all residents: each further page.
    {
        ResidentListModel model;
        model.setPageSize(50);
        model.reload();
        QList<double> ms;
        for (int i = 0; i < 100 && model.canFetchMore({}); ++i) {
            QElapsedTimer t;
            t.start();
            model.fetchMore({});
            ms << t.nsecsElapsed() / 1e6;
        }
        report(QStringLiteral("fetch_more_page50"), ms);
        out << "rows_held_after_100_pages " << model.rowCount() << " rows\n";
    }

    // 3. Pages in a window: typing into the real ResidentsPage, opening the real ProfilePage.
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    QQuickWindow window;
    window.resize(1280, 800);
    window.show();
    auto load = [&](const char *page, const QVariantMap &props) -> QQuickItem * {
        QQmlComponent component(&engine, QUrl(QStringLiteral("qrc:/Lanxin/pages/%1.qml").arg(QLatin1String(page))));
        QObject *object = component.createWithInitialProperties(props);
        if (!object) {
            QTextStream(stderr) << component.errorString() << "\n";
            return nullptr;
        }
        auto *item = qobject_cast<QQuickItem *>(object);
        item->setParentItem(window.contentItem());
        item->setSize(window.size());
        return item;
    };
    const QString profileId = profileWith50(store);
    if (!nextFrame(window)) {
        out << "no_display 1 flag\n";
        return 0;
    }
    {
        QQuickItem *page = load("ResidentsPage", {});
        if (!page)
            return 1;
        nextFrame(window);
        QList<double> ms;
        for (int r = 0; r < rounds; ++r) {
            for (const QString &q : keystrokes()) {
                QElapsedTimer t;
                t.start();
                page->setProperty("query", q);
                nextFrame(window);
                ms << t.nsecsElapsed() / 1e6;
            }
        }
        report(QStringLiteral("search_page_to_frame"), ms);
        delete page;
    }
    {
        QList<double> model, ui;
        for (int r = 0; r < rounds * 4; ++r) {
            QElapsedTimer t;
            t.start();
            const QVariantMap person = ResidentService::instance()->get(profileId);
            HistoryModel history;
            history.setPageSize(50);
            history.setResidentId(profileId);
            model << t.nsecsElapsed() / 1e6;
            if (history.rowCount() != 50 || person.isEmpty())
                qFatal("the benchmark profile has %d items, not 50", history.rowCount());

            t.restart();
            QQuickItem *page = load("ProfilePage", {{QStringLiteral("residentId"), profileId}});
            nextFrame(window);
            ui << t.nsecsElapsed() / 1e6;
            delete page;
            nextFrame(window);
        }
        report(QStringLiteral("profile50_model"), model);
        report(QStringLiteral("profile50_page_to_frame"), ui);
    }
    return 0;
}
