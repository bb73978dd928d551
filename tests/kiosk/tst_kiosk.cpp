// QML tests of the kiosk and the on-screen keyboard (tst_*.qml in this folder), offscreen, on a
// real station store in a temporary directory with an injected clock.
#include "kiosktestharness.h"

#include "input/pinyininputmethod.h"
#include "shell/appsettings.h"
#include "shell/labels.h"

#include <QQmlEngine>
#include <QStandardPaths>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(LanxinPlugin)

class Setup : public QObject
{
    Q_OBJECT

public slots:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_harness = new lanxin::test::KioskTestHarness(this);
        // The Theme reads the text size and contrast from the app settings singleton.
        auto *settings = new lanxin::AppSettings(nullptr, this);
        lanxin::AppSettings::setInstance(settings);
        // The tiles name a training's category in the current language.
        lanxin::Labels::setInstance(new lanxin::Labels(*settings, this));
        lanxin::KioskController::setInstance(m_harness->controller());
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
        QJSEngine::setObjectOwnership(m_harness, QJSEngine::CppOwnership);
        qmlRegisterSingletonInstance("LanxinTest", 1, 0, "KioskTest", m_harness);
    }

    void cleanupTestCase()
    {
        lanxin::PinyinInputMethod::instance()->reset();
    }

private:
    lanxin::test::KioskTestHarness *m_harness = nullptr;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_kiosk, Setup)

#include "tst_kiosk.moc"
