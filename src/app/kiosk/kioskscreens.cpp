#include "kioskscreens.h"

#include "input/pinyininputmethod.h"
#include "kioskcontroller.h"
#include "shell/quickitems.h"

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQuickItem>
#include <QQmlEngine>
#include <QQuickView>

namespace lanxin {
namespace {

QVariant call(QObject *object, const char *function, const QVariant &a = {}, const QVariant &b = {})
{
    QVariant result;
    if (!object)
        return result;
    if (b.isValid())
        QMetaObject::invokeMethod(object, function, Q_RETURN_ARG(QVariant, result), Q_ARG(QVariant, a), Q_ARG(QVariant, b));
    else if (a.isValid())
        QMetaObject::invokeMethod(object, function, Q_RETURN_ARG(QVariant, result), Q_ARG(QVariant, a));
    else
        QMetaObject::invokeMethod(object, function, Q_RETURN_ARG(QVariant, result));
    return result;
}

void settle(int ms = 50)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

} // namespace

Result<QStringList> renderKioskScreens(const QString &outDir, QSize size, const QString &prefix)
{
    if (!QDir().mkpath(outDir))
        return Error{QStringLiteral("no_dir"), bilingual(QStringLiteral("无法创建目录 %1").arg(outDir),
                                                         QStringLiteral("Cannot create %1").arg(outDir))};
    KioskController *kiosk = KioskController::create(nullptr, nullptr);
    PinyinInputMethod *input = PinyinInputMethod::instance();

    QQuickView view;
    view.engine()->addImportPath(QStringLiteral("qrc:/")); // the Lanxin module is in the resources
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.resize(size);
    view.setSource(QUrl(QStringLiteral("qrc:/Lanxin/kiosk/KioskHome.qml")));
    if (view.status() != QQuickView::Ready || !view.rootObject())
        return Error{QStringLiteral("qml"), bilingual(QStringLiteral("无法加载报名界面"), QStringLiteral("The kiosk did not load"))};
    view.show();
    QElapsedTimer shown;
    shown.start();
    while (!view.isExposed() && shown.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

    QQuickItem *home = view.rootObject();
    QStringList written;
    QString failure;
    auto grab = [&](const char *name) {
        settle();
        const QString path = QDir(outDir).filePath(prefix + QLatin1String(name) + QStringLiteral(".png"));
        if (view.grabWindow().save(path))
            written << path;
        else
            failure = path;
    };
    auto item = [&](const char *name) { return findVisibleItem(home, QString::fromLatin1(name)); };
    auto click = [&](const char *name) {
        if (QQuickItem *b = item(name))
            QMetaObject::invokeMethod(b, "clicked");
        settle();
    };
    auto type = [&](const QString &letters) {
        for (QChar c : letters)
            call(item("keyboard"), "typeLetter", QString(c));
        settle();
    };
    auto pick = [&](const QString &hanzi) {
        for (int page = 0; page < 50 && input->candidates().indexOf(hanzi) < 0; ++page)
            input->nextPage();
        call(item("keyboard"), "pick", int(input->candidates().indexOf(hanzi)));
    };

    grab("kiosk-home");

    // A training with seats left, and one that is full, from the home's tiles.
    QVariantMap open, full;
    for (const KioskSession &s : kiosk->sessions()->sessions()) {
        if (!s.full() && open.isEmpty())
            open = s.toMap();
        if (s.full() && full.isEmpty())
            full = s.toMap();
    }
    if (open.isEmpty())
        return written.isEmpty() ? Result<QStringList>(Error{QStringLiteral("no_sessions"),
                                                            bilingual(QStringLiteral("没有可以报名的培训"),
                                                                      QStringLiteral("No training open for sign-up"))})
                                 : Result<QStringList>(written);

    call(home, "openSession", open.value(QStringLiteral("sessionId")));
    grab("kiosk-name");
    type(QStringLiteral("zhangxiuying"));
    grab("kiosk-name-candidates");
    pick(QStringLiteral("张"));
    pick(QStringLiteral("秀"));
    grab("kiosk-name-choosing");
    pick(QStringLiteral("英"));

    QObject *flow = home->property("flow").value<QObject *>();
    call(flow, "next");
    click("contactId");
    call(item("keyboard"), "insertText", QStringLiteral("3302131968031"));
    grab("kiosk-id-number");
    click("contactPhone");
    call(item("keyboard"), "insertText", QStringLiteral("13812345678"));
    grab("kiosk-phone");
    call(flow, "next");
    grab("kiosk-village");
    click("village_0");
    if (QQuickItem *consent = item("consentGeneral"))
        QMetaObject::invokeMethod(consent, "toggle");
    grab("kiosk-privacy");

    // The confirmation as a submit shows it (nothing is saved here).
    call(home, "showDone", open);
    grab("kiosk-done");

    if (!full.isEmpty()) {
        call(home, "showFull", full, kiosk->nextSessionLike(full.value(QStringLiteral("sessionId")).toString()));
        grab("kiosk-full");
    }

    // The idle countdown over a half-typed name.
    call(home, "openSession", open.value(QStringLiteral("sessionId")));
    type(QStringLiteral("wang"));
    for (QQuickItem *child : home->childItems()) {
        if (child->objectName() == QLatin1String("idleOverlay")) {
            child->setProperty("secondsLeft", 8);
            child->setVisible(true);
        }
    }
    grab("kiosk-idle");
    call(home, "clearEverything");
    settle();

    if (!failure.isEmpty())
        return Error{QStringLiteral("write"), bilingual(QStringLiteral("无法写入 %1").arg(failure),
                                                        QStringLiteral("Cannot write %1").arg(failure))};
    return written;
}

} // namespace lanxin
