// Kiosk benchmark (docs/benchmarks.md "Kiosk"):
//  1. key press to candidates shown: a tap on a key of the on-screen keyboard until the candidate
//     bar holds the new candidates (event, engine, model, bindings), and until a frame with them
//     is rendered (grabWindow: polish, sync, render and read-back, so an upper bound);
//  2. the whole sign-up as a scripted sequence of taps on the real screens: a three-character
//     name, a phone number, a village, the consent — counting every tap a person makes.
// Run: QT_QPA_PLATFORM=offscreen LANXIN_KEY_STORE=file build/bench/bench_kiosk [rounds]
#include "input/pinyininputmethod.h"
#include "kiosk/kioskcontroller.h"
#include "shell/quickitems.h"
#include "storage/stationstore.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQuickItem>
#include <QQmlEngine>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(LanxinPlugin)

using namespace lanxin;

namespace {

struct Stats
{
    double p50, p95, max;
};

Stats stats(QList<double> v)
{
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(q * double(v.size())))); };
    return {at(0.50), at(0.95), v.last()};
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 20;

    QTemporaryDir dir;
    Clock clock;
    clock.setFixed(1764295200000); // 2025-11-28 10:00 Asia/Shanghai
    StationStore store(&clock);
    if (!store.open(dir.path())) {
        std::fprintf(stderr, "cannot open a station store\n");
        return 1;
    }
    TrainingSession s;
    s.title = QStringLiteral("网上开店与直播带货入门");
    s.category = QStringLiteral("digital_skills");
    s.startsAt = QDateTime(clock.today().addDays(4), QTime(9, 0), localZone()).toUTC();
    s.endsAt = s.startsAt.addSecs(7200);
    s.location = QStringLiteral("村文化礼堂");
    s.capacity = 10000;
    s.status = QStringLiteral("open");
    s.selfRegistration = true;
    if (!store.sessions().create(s))
        return 1;

    KioskController kiosk(&store, &clock);
    KioskController::setInstance(&kiosk);
    PinyinInputMethod *input = PinyinInputMethod::instance();

    QQuickView view;
    view.engine()->addImportPath(QStringLiteral("qrc:/"));
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.resize(1280, 800);
    view.setSource(QUrl(QStringLiteral("qrc:/Lanxin/kiosk/KioskHome.qml")));
    if (view.status() != QQuickView::Ready)
        return 1;
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return 1;
    QQuickItem *home = view.rootObject();

    int taps = 0;
    auto tap = [&](const QString &name) {
        view.grabWindow(); // lays out a new screen before aiming at it
        QQuickItem *item = findVisibleItem(home, name);
        if (!item) {
            std::fprintf(stderr, "no %s on screen\n", qPrintable(name));
            std::exit(1);
        }
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        QTest::mouseClick(&view, Qt::LeftButton, {}, centre.toPoint());
        ++taps;
    };
    auto pick = [&](const QString &hanzi) {
        while (!input->candidates().contains(hanzi))
            tap(QStringLiteral("candidates_next"));
        tap(QStringLiteral("candidate_%1").arg(input->candidates().indexOf(hanzi)));
    };

    // 1. Key press to candidates shown, over names and phrases a kiosk sees.
    QList<double> handled, rendered;
    const QStringList spellings{QStringLiteral("zhangxiuying"), QStringLiteral("wangguilan"), QStringLiteral("funvzhijia"),
                                QStringLiteral("lixiaohong"), QStringLiteral("chenmeifang"), QStringLiteral("peixun")};
    QMetaObject::invokeMethod(home, "openSession", Q_ARG(QVariant, kiosk.sessions()->sessions().first().id));
    view.grabWindow();
    for (int r = 0; r < rounds; ++r) {
        for (const QString &spelling : spellings) {
            for (QChar c : spelling) {
                QQuickItem *key = findVisibleItem(home, QStringLiteral("key_") + c);
                const QPoint at = key->mapToScene(QPointF(key->width() / 2, key->height() / 2)).toPoint();
                const QString before = input->preedit();
                QElapsedTimer t;
                t.start();
                QTest::mouseClick(&view, Qt::LeftButton, {}, at);
                const double h = double(t.nsecsElapsed()) / 1e6;
                view.grabWindow();
                const double f = double(t.nsecsElapsed()) / 1e6;
                if (input->preedit() == before || input->candidates().isEmpty()) {
                    std::fprintf(stderr, "the key press did not reach the candidates\n");
                    return 1;
                }
                handled << h;
                rendered << f;
            }
            input->reset();
        }
    }
    const Stats sh = stats(handled), sr = stats(rendered);
    std::printf("key press -> candidates (%lld presses)\n", static_cast<long long>(handled.size()));
    std::printf("  handled (event, engine, model, bindings): p50 %.2f ms  p95 %.2f ms  max %.2f ms\n", sh.p50, sh.p95, sh.max);
    std::printf("  with a rendered frame (grabWindow):       p50 %.2f ms  p95 %.2f ms  max %.2f ms\n", sr.p50, sr.p95, sr.max);
    QMetaObject::invokeMethod(home, "clearEverything");

    // 2. The whole sign-up by taps: 张秀英 by syllable, a phone number, a village, the consent.
    taps = 0;
    QElapsedTimer whole;
    whole.start();
    tap(QStringLiteral("signUp_0"));
    const int tile = taps;
    for (const auto &[letters, hanzi] : {std::pair{"zhang", u"张"}, std::pair{"xiu", u"秀"}, std::pair{"ying", u"英"}}) {
        for (const char *p = letters; *p; ++p)
            tap(QStringLiteral("key_") + QLatin1Char(*p));
        pick(QString::fromUtf16(hanzi));
    }
    tap(QStringLiteral("next"));
    const int name = taps - tile;
    for (QChar c : QStringLiteral("13812345678"))
        tap(QStringLiteral("key_") + c);
    tap(QStringLiteral("next"));
    const int phone = taps - tile - name;
    tap(QStringLiteral("village_3"));
    const int village = taps - tile - name - phone;
    tap(QStringLiteral("consentGeneral"));
    tap(QStringLiteral("next"));
    view.grabWindow();
    if (!findVisibleItem(home, QStringLiteral("doneHeadline"))) {
        std::fprintf(stderr, "the scripted sign-up did not reach 报名成功\n");
        return 1;
    }
    std::printf("scripted sign-up: %d taps (tile %d, name 张秀英 %d with 下一步, phone %d with 下一步, village %d, "
                "consent and 确认报名 %d); %lld ms of machine time\n",
                taps, tile, name, phone, village, taps - tile - name - phone - village,
                static_cast<long long>(whole.elapsed()));
    return 0;
}
