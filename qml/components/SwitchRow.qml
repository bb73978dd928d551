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
        // The switch is drawn here (a track and a knob), not Material's, so it shows with the
        // software renderer too; the whole row is the control.
        Rectangle {
            implicitWidth: Theme.touchTarget
            implicitHeight: Theme.pinDot + Theme.spacingSmall
            radius: height / 2
            color: root.checked ? Theme.primary : Theme.border
            opacity: root.enabled ? 1 : Theme.disabledOpacity
            Accessible.ignored: true
            Rectangle {
                width: parent.height - Theme.spacingTiny
                height: width
                radius: width / 2
                anchors.verticalCenter: parent.verticalCenter
                x: root.checked ? parent.width - width - Theme.spacingTiny / 2 : Theme.spacingTiny / 2
                color: Theme.surface
                border.color: root.checked ? Theme.primaryDark : Theme.textMuted
                border.width: Theme.borderWidth
            }
        }
    }
}
