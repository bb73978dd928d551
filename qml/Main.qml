import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Lanxin

// The navigation shell and nothing else: locked, it shows the kiosk home (or the PIN page); unlocked,
// a rail of destinations (landscape) or a bottom bar (portrait) and the pages on a StackView.
// Pages ask for navigation through the Nav singleton.
ApplicationWindow {
    id: window

    property bool animations: true
    property string section: "home"
    property bool pinShown: false
    property bool setupShown: false
    property string lastStaffId
    property bool shellMade: !StaffSession.locked
    readonly property StackView stack: shell.item ? shell.item.stack : null
    readonly property bool portrait: height > width
    readonly property var sectionPages: ({ home: "HomePage", trainings: "TrainingsPage",
                                           residents: "ResidentsPage", sync: "SyncPage",
                                           settings: "SettingsPage" })
    readonly property var sections: {
        const list = [{ section: "home", label: qsTr("首页"), glyph: "⌂" },
                      { section: "trainings", label: qsTr("培训"), glyph: "✎" },
                      { section: "residents", label: qsTr("居民"), glyph: "☺" },
                      { section: "sync", label: qsTr("同步"), glyph: "⇅" }]
        if (StaffSession.director)
            list.push({ section: "settings", label: qsTr("设置"), glyph: "⚙" })
        return list
    }

    width: 1280
    height: 800
    visible: true
    title: qsTr("兰馨 · 妇女之家服务记录")
    color: Theme.background
    font.pixelSize: Theme.fontBody
    Material.theme: Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.primary
    Material.background: Theme.background
    Material.foreground: Theme.text

    function pageUrl(name) { return Qt.resolvedUrl("pages/" + name + ".qml") }
    function operation() { return animations ? StackView.PushTransition : StackView.Immediate }

    function goSection(name) {
        if (!stack || !sectionPages[name] || (name === "settings" && !StaffSession.director))
            return false
        section = name
        stack.clear(StackView.Immediate)
        stack.push(pageUrl(sectionPages[name]), {}, StackView.Immediate)
        return stack.currentItem !== null
    }
    function open(page, properties) {
        if (!stack)
            return false
        stack.push(pageUrl(page), properties || {}, operation())
        return stack.currentItem !== null && stack.currentItem.screenName !== undefined
    }

    // The automation hook of screenshots and --self-test: shows screen `name` (with `arg`, a record
    // id or a search) and says whether a page came up.
    function showScreen(name, arg) {
        if (name === "kiosk" || name === "pin" || name === "setup") {
            StaffSession.lock("manual")
            pinShown = name === "pin"
            setupShown = name === "setup"
            return lockLayer.item !== null
        }
        if (StaffSession.locked)
            return false
        shellMade = true
        switch (name) {
        case "home": case "trainings": case "settings": case "sync":
            return goSection(name)
        case "residents":
            goSection("residents")
            stack.currentItem.query = arg || ""
            return true
        case "roster":
            return goSection("trainings") && open("RosterPage", { sessionId: arg })
        case "sessionEdit":
            return goSection("trainings") && open("SessionEditPage", { sessionId: arg })
        case "newSession":
            return goSection("trainings") && open("SessionEditPage", {})
        case "profile":
            return goSection("residents") && open("ProfilePage", { residentId: arg })
        case "residentEdit":
            return goSection("residents") && open("ResidentEditPage", { residentId: arg })
        case "newResident":
            return goSection("residents") && open("ResidentEditPage", {})
        case "referral":
            return goSection("home") && open("ReferralPage", { referralId: arg })
        case "newReferral":
            return goSection("residents") && open("ReferralPage", { residentId: arg })
        case "visit":
            return goSection("residents") && open("VisitPage", { residentId: arg })
        case "review":
            return goSection("residents") && open("ReviewPage", {})
        case "merge":
            return goSection("residents") && open("MergePage", { residentId: arg })
        case "staff":
            return goSection("settings") && open("StaffPage", {})
        }
        return false
    }
    function openRecordForm(kind, recordId) {
        switch (kind) {
        case "resident":
            return goSection("residents") && open("ResidentEditPage", { residentId: recordId })
        case "training_session":
            return goSection("trainings") && open("SessionEditPage", { sessionId: recordId })
        case "attendance":
            return goSection("trainings")
        case "screening_referral":
            return goSection("residents") && open("ReferralPage", { referralId: recordId })
        case "family_visit":
            return goSection("residents") && open("VisitPage", { visitId: recordId })
        }
        return goSection("sync")
    }
    function currentScreen() {
        if (StaffSession.locked)
            return setupShown ? "setup" : pinShown ? "pin" : "kiosk"
        return stack && stack.currentItem && stack.currentItem.screenName ? stack.currentItem.screenName : ""
    }

    // The staff side is made at the first unlock, not at start: the kiosk home comes up sooner.
    Loader {
        id: shell
        anchors.fill: parent
        active: window.shellMade
        visible: !StaffSession.locked
        enabled: visible
        sourceComponent: Item {
            property alias stack: stack

            NavBar {
                id: rail
                vertical: true
                visible: !window.portrait
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.bottom: parent.bottom
                items: window.sections
                current: window.section
                staffName: StaffSession.staffName
                onChosen: (s) => window.goSection(s)
                onLockRequested: StaffSession.lock("manual")
            }
            StackView {
                id: stack
                anchors.left: window.portrait ? parent.left : rail.right
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.bottom: window.portrait ? bar.top : parent.bottom
                initialItem: window.pageUrl("HomePage")
            }
            NavBar {
                id: bar
                vertical: false
                visible: window.portrait
                height: visible ? implicitHeight : 0
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                items: window.sections
                current: window.section
                onChosen: (s) => window.goSection(s)
                onLockRequested: StaffSession.lock("manual")
            }
        }
    }

    Loader {
        id: lockLayer
        anchors.fill: parent
        active: StaffSession.locked
        sourceComponent: window.setupShown ? setupPage : window.pinShown ? pinPage : kioskHome
    }
    Component {
        id: kioskHome
        KioskHome {
            onStaffRequested: window.pinShown = true
        }
    }
    Component {
        id: pinPage
        PinPage {
            onCancelled: window.pinShown = false
            onSetupRequested: window.setupShown = true
        }
    }
    Component {
        id: setupPage
        SetupPage {
            onCancelled: window.setupShown = false
        }
    }

    // What staff must know about the database (it could not be opened, was found damaged, ...).
    Rectangle {
        objectName: "startupProblem"
        visible: AppContext.startupProblem.length > 0
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: problemText.implicitHeight + 2 * Theme.spacingSmall
        color: Theme.danger
        Accessible.role: Accessible.AlertMessage
        Accessible.name: AppContext.startupProblem
        Label {
            id: problemText
            anchors.fill: parent
            anchors.margins: Theme.spacingSmall
            text: AppContext.startupProblem
            color: Theme.textOnPrimary
            font.pixelSize: Theme.fontBody
            wrapMode: Text.Wrap
        }
    }

    Toast {
        id: toast
    }

    Connections {
        target: Nav
        function onOpenRequested(page, properties) { window.open(page, properties) }
        function onBackRequested() {
            if (window.stack && window.stack.depth > 1)
                window.stack.pop(window.animations ? StackView.PopTransition : StackView.Immediate)
        }
        function onSectionRequested(name) { window.goSection(name) }
        function onToastRequested(message) { toast.show(message) }
    }
    // A record the district rejected, opened from the sync screen in the form that fixes it.
    Connections {
        target: Sync
        function onOpenRecordRequested(kind, recordId) { window.openRecordForm(kind, recordId) }
    }
    Connections {
        target: StaffSession
        function onLockedChanged() {
            if (StaffSession.locked) {
                window.pinShown = false
                window.setupShown = false
                toast.close()
            } else {
                const fresh = !window.shellMade
                window.shellMade = true
                // Someone else unlocking never sees the last person's page.
                if (!fresh && StaffSession.staffId !== window.lastStaffId)
                    window.goSection("home")
                window.lastStaffId = StaffSession.staffId
            }
        }
    }
}
