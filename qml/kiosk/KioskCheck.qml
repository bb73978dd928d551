import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A big consent tick box, unticked until she ticks it herself.
AbstractButton {
    id: check

    property string accessibleName: text

    checkable: true
    checked: false
    focusPolicy: Qt.NoFocus
    padding: Theme.spacing / 2
    leftPadding: Theme.spacing
    implicitHeight: Math.max(Theme.kioskTouchTarget, implicitContentHeight + topPadding + bottomPadding)
    implicitWidth: implicitContentWidth + leftPadding + rightPadding

    Accessible.role: Accessible.CheckBox
    Accessible.name: accessibleName
    Accessible.checkable: true
    Accessible.checked: checked

    contentItem: RowLayout {
        spacing: Theme.spacing
        Rectangle {
            Layout.preferredWidth: Theme.touchTarget
            Layout.preferredHeight: Theme.touchTarget
            Layout.alignment: Qt.AlignVCenter
            radius: Theme.keyRadius
            color: check.checked ? Theme.primaryDark : Theme.surface
            border.color: Theme.primaryDark
            border.width: Theme.kioskFocusBorderWidth
            Text {
                anchors.centerIn: parent
                visible: check.checked
                text: "✓"
                color: Theme.kioskTextOnPrimary
                font.pixelSize: Theme.fontKioskQuestion
                font.bold: true
            }
        }
        Text {
            Layout.fillWidth: true
            text: check.text
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontKioskBody
            color: Theme.text
        }
    }
    background: Rectangle {
        radius: Theme.radius
        color: check.checked ? Theme.kioskSelected : Theme.surface
        border.color: Theme.kioskOutline
        border.width: Theme.kioskBorderWidth
    }
}
