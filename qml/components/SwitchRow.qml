import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A whole-row switch with its label (the row is the touch target).
ItemDelegate {
    id: root

    property string label
    property string detail
    property bool locked: false   // forced on or off by a rule: shown, not changeable
    signal toggledByUser(bool on)

    implicitHeight: Math.max(Theme.touchTarget, column.implicitHeight + Theme.spacingSmall)
    padding: 0
    checkable: true
    enabled: !locked
    Accessible.role: Accessible.CheckBox
    Accessible.name: label
    Accessible.checkable: true
    Accessible.checked: checked
    onClicked: root.toggledByUser(checked)

    contentItem: RowLayout {
        spacing: Theme.spacing
        ColumnLayout {
            id: column
            Layout.fillWidth: true
            spacing: 0
            Label {
                text: root.label
                font.pixelSize: Theme.fontBody
                color: Theme.text
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                visible: root.detail.length > 0
                text: root.detail
                font.pixelSize: Theme.fontCaption
                color: Theme.textMuted
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }
        Switch {
            checked: root.checked
            focusPolicy: Qt.NoFocus
            Accessible.ignored: true
            // The row is the control: a tap on the switch toggles the row.
            MouseArea {
                anchors.fill: parent
                onClicked: {
                    root.toggle()
                    root.toggledByUser(root.checked)
                }
            }
        }
    }
}
