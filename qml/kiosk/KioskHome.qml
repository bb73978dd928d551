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
    readonly property var flow: view === "flow" ? screen.item : null
    readonly property var speaker: speech.status === Loader.Ready ? speech.item : null
    readonly property bool speechAvailable: speaker !== null && speaker.usable
    readonly property var window: Window.window

    color: Theme.background
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("培训报名")

    function openSession(sessionId) {
        KioskController.refresh()
        const s = KioskController.session(sessionId)
        if (!("sessionId" in s))
            return
        if (isFull(s)) {
            showFull(s, KioskController.nextSessionLike(sessionId))
            return
        }
        PinyinInput.reset()
        screen.setSource("SignUpFlow.qml", {session: s, speechAvailable: speechAvailable})
        view = "flow"
        KioskController.watching = true
    }

    function isFull(session) {
        return session.full === true
    }

    function showFull(session, next) {
        PinyinInput.reset()
        screen.setSource("FullView.qml", {session: session, next: next})
        view = "full"
        KioskController.watching = true
    }

    function showDone(session) {
        // The flow (every field she typed in, their undo history) goes with the view change.
        PinyinInput.reset()
        screen.setSource("DoneView.qml", {session: session})
        view = "done"
        KioskController.watching = false
        gc()
    }

    // After cancel, idle and the confirmation: nothing of her is left on screen or in the input method.
    function clearEverything() {
        PinyinInput.reset()
        screen.source = ""
        view = "home"
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
        sequences: ["Esc", "Back", "Alt+Left", "Alt+F4", "Ctrl+W", "Ctrl+F4", "Ctrl+Q"]
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

    // The sign-up flow, the confirmation or the full-training screen; replacing or clearing it
    // destroys what was there, with every field and its undo history.
    Loader {
        id: screen
        anchors.fill: parent
    }

    Connections {
        target: screen.item
        ignoreUnknownSignals: true
        function onCancelled() { home.clearEverything() }
        function onClosed() { home.clearEverything() }
        function onSpeak(text) {
            if (home.speaker)
                home.speaker.speak(text)
        }
        function onFinished(result) {
            if (result.status === "full")
                home.showFull(result.session, result.next)
            else
                home.showDone(result.session)
        }
        function onSignUpNext(sessionId) { home.openSession(sessionId) }
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
