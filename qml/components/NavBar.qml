import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The shell's destinations: a rail on the left in landscape (`vertical`), a bar at the bottom in
// portrait. `items` is a list of {section, label, glyph}; the lock button is always there.
Rectangle {
    id: root

    property bool vertical: true
    property var items: []
    property string current
    property string staffName
    signal chosen(string section)
    signal lockRequested()

    color: Theme.surface
    implicitWidth: vertical ? Theme.railWidth : 0
    implicitHeight: vertical ? 0 : Theme.bottomBarHeight
    Accessible.role: Accessible.PageTabList
    Accessible.name: qsTr("导航")

    Rectangle {
        color: Theme.border
        width: root.vertical ? Theme.borderWidth : parent.width
        height: root.vertical ? parent.height : Theme.borderWidth
        anchors.right: root.vertical ? parent.right : undefined
        anchors.top: parent.top
    }

    component NavButton: AbstractButton {
        id: button
        property string glyph
        property bool active: false
        implicitWidth: root.vertical ? Theme.railWidth : Theme.touchTargetLarge
        implicitHeight: root.vertical ? Theme.touchTargetLarge + Theme.spacingSmall : Theme.bottomBarHeight
        Accessible.role: Accessible.PageTab
        Accessible.name: text
        Accessible.selected: active
        background: Rectangle {
            anchors.fill: parent
            anchors.margins: Theme.spacingTiny
            radius: Theme.radius
            color: button.active ? Theme.primaryLight : (button.pressed ? Theme.surfaceAlt : Theme.transparent)
        }
        contentItem: Column {
            spacing: 0
            Label {
                anchors.horizontalCenter: parent.horizontalCenter
                text: button.glyph
                font.pixelSize: Theme.fontHeadline
                color: button.active ? Theme.primary : Theme.textMuted
            }
            Label {
                anchors.horizontalCenter: parent.horizontalCenter
                text: button.text
                font.pixelSize: Theme.fontLabel
                font.bold: button.active
                color: button.active ? Theme.primaryDark : Theme.textMuted
            }
        }
    }

    GridLayout {
        anchors.fill: parent
        anchors.topMargin: root.vertical ? Theme.spacing : 0
        anchors.bottomMargin: root.vertical ? Theme.spacing : 0
        flow: root.vertical ? GridLayout.TopToBottom : GridLayout.LeftToRight
        rows: root.vertical ? -1 : 1
        columns: root.vertical ? 1 : -1
        rowSpacing: Theme.spacingSmall
        columnSpacing: 0

        Repeater {
            model: root.items
            delegate: NavButton {
                required property var modelData
                objectName: "nav_" + modelData.section
                Layout.fillWidth: !root.vertical
                text: modelData.label
                glyph: modelData.glyph
                active: root.current === modelData.section
                onClicked: root.chosen(modelData.section)
            }
        }
        Item {
            Layout.fillWidth: !root.vertical
            Layout.fillHeight: root.vertical
            visible: root.vertical
        }
        Label {
            visible: root.vertical && root.staffName.length > 0
            Layout.alignment: Qt.AlignHCenter
            Layout.maximumWidth: Theme.railWidth - Theme.spacingSmall
            text: root.staffName
            elide: Text.ElideRight
            font.pixelSize: Theme.fontCaption
            color: Theme.textMuted
        }
        NavButton {
            objectName: "nav_lock"
            Layout.fillWidth: !root.vertical
            text: qsTr("锁定")
            glyph: "⏏"
            onClicked: root.lockRequested()
        }
    }
}
