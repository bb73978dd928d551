import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The locked start screen (PRODUCT.md screen 1) and everything a resident can do from it: big
// tiles of today's and upcoming trainings open for self-registration, the sign-up flow, its
// confirmation, and the idle countdown. The only way out is the discreet staff button, which emits
// staffRequested(): the shell then asks for a PIN. With KioskController.kioskMode the window goes
// full screen and refuses to close; Esc, Back and Alt+F4 do nothing here.
Rectangle {
    id: home

    signal staffRequested()

    // home | flow | done | full
    property string view: "home"
    property var activeSession: ({})
    property var resultSession: ({})
    property var nextSession: ({})
    readonly property Item flow: flowLoader.item
    readonly property bool speechAvailable: speech.status === Loader.Ready && speech.item.usable
    readonly property var window: Window.window

    color: Theme.background
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("培训报名")

    function openSession(sessionId) {
        KioskController.refresh()
        const s = KioskController.session(sessionId)
        if (s.sessionId === undefined)
            return
        if (s.full) {
            showFull(s, KioskController.nextSessionLike(sessionId))
            return
        }
        PinyinInput.reset()
        activeSession = s
        view = "flow"
        KioskController.watching = true
    }

    function showFull(session, next) {
        PinyinInput.reset()
        resultSession = session
        nextSession = next
        view = "full"
        KioskController.watching = true
    }

    function showDone(session) {
        // The flow (every field she typed in, their undo history) goes with the view change.
        PinyinInput.reset()
        resultSession = session
        view = "done"
        KioskController.watching = false
        gc()
    }

    // After cancel, idle and the confirmation: nothing of her is left on screen or in the input method.
    function clearEverything() {
        PinyinInput.reset()
        view = "home"
        activeSession = ({})
        resultSession = ({})
        nextSession = ({})
        KioskController.watching = false
        KioskController.refresh()
        gc()
    }

    function applyKioskMode() {
        if (KioskController.kioskMode && window)
            window.visibility = Window.FullScreen
    }

    onWindowChanged: applyKioskMode()
    Component.onCompleted: {
        KioskController.refresh()
        applyKioskMode()
    }
    Component.onDestruction: {
        PinyinInput.reset()
        KioskController.watching = false
    }

    Connections {
        target: KioskController
        function onKioskModeChanged() { home.applyKioskMode() }
        function onIdleTimedOut() { home.clearEverything() }
    }
    Connections {
        target: home.window
        ignoreUnknownSignals: true
        function onClosing(close) {
            if (KioskController.kioskMode)
                close.accepted = false
        }
    }
    Shortcut {
        // No way out of the kiosk by keys: these are taken and do nothing.
        sequences: [StandardKey.Cancel, StandardKey.Back, StandardKey.Close, StandardKey.Quit, "Back", "Alt+F4"]
        context: Qt.ApplicationShortcut
        enabled: home.visible
        onActivated: KioskController.activity()
    }

    KioskHomeView {
        anchors.fill: parent
        visible: home.view === "home"
        onSignUp: sessionId => home.openSession(sessionId)
        onStaffRequested: home.staffRequested()
    }

    Loader {
        id: flowLoader
        anchors.fill: parent
        active: home.view === "flow"
        sourceComponent: SignUpFlow {
            session: home.activeSession
            speechAvailable: home.speechAvailable
            onCancelled: home.clearEverything()
            onSpeak: text => speech.item.speak(text)
            onFinished: result => {
                if (result.status === "full")
                    home.showFull(result.session, result.next)
                else
                    home.showDone(result.session)
            }
        }
    }

    Loader {
        anchors.fill: parent
        active: home.view === "done"
        sourceComponent: DoneView {
            session: home.resultSession
            onClosed: home.clearEverything()
        }
    }

    Loader {
        anchors.fill: parent
        active: home.view === "full"
        sourceComponent: FullView {
            session: home.resultSession
            next: home.nextSession
            onClosed: home.clearEverything()
            onSignUpNext: sessionId => home.openSession(sessionId)
        }
    }

    // Any touch anywhere is activity; the touch itself goes on to what is under it.
    MouseArea {
        anchors.fill: parent
        z: 100
        onPressed: mouse => {
            KioskController.activity()
            mouse.accepted = false
        }
    }

    IdleOverlay {
        objectName: "idleOverlay"
        anchors.fill: parent
        z: 200
        visible: KioskController.countingDown
        secondsLeft: KioskController.secondsLeft
        onStay: KioskController.activity()
    }

    Loader {
        id: speech
        source: "ReadAloud.qml"
    }
}
