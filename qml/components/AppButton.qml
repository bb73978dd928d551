import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Lanxin

// A button at least one touch target high. kind: "primary" (the page's main action), "secondary",
// "danger" (destructive), "quiet" (text only). It draws its own background, so it looks the same
// with Qt Quick's software renderer (kiosks without a GPU), where Material's shadows are not drawn.
Button {
    id: control

    property string kind: "secondary"
    readonly property bool filled: kind === "primary" || kind === "danger"

    implicitHeight: Theme.touchTarget
    topInset: 0
    bottomInset: 0
    leftPadding: Theme.spacing
    rightPadding: Theme.spacing
    font.pixelSize: Theme.fontBody
    font.capitalization: Font.MixedCase
    flat: kind === "quiet"

    Accessible.role: Accessible.Button
    Accessible.name: text

    background: Rectangle {
        implicitHeight: Theme.touchTarget
        implicitWidth: Theme.touchTarget
        radius: Theme.radiusSmall
        color: !control.enabled ? (control.kind === "quiet" ? Theme.transparent : Theme.surfaceAlt)
             : control.kind === "primary" ? (control.down ? Theme.primaryDark : Theme.primary)
             : control.kind === "danger" ? (control.down ? Theme.text : Theme.danger)
             : control.kind === "quiet" ? (control.down ? Theme.primaryLight : Theme.transparent)
             : (control.down ? Theme.border : Theme.primaryLight)
        border.width: control.visualFocus ? Theme.focusWidth : 0
        border.color: Theme.accent
    }
    contentItem: Label {
        text: control.text
        font: control.font
        elide: Text.ElideRight
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        color: !control.enabled ? Theme.textMuted : control.filled ? Theme.textOnPrimary : Theme.primaryDark
    }
}
