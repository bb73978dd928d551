import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Lanxin

// A button at least one touch target high. kind: "primary" (the page's main action), "secondary",
// "danger" (destructive), "quiet" (text only).
Button {
    id: control

    property string kind: "secondary"

    implicitHeight: Theme.touchTarget
    topInset: 0
    bottomInset: 0
    leftPadding: Theme.spacing
    rightPadding: Theme.spacing
    font.pixelSize: Theme.fontBody
    font.capitalization: Font.MixedCase
    flat: kind === "quiet"
    Material.elevation: kind === "primary" ? Theme.elevationRaised : 0
    Material.background: kind === "primary" ? Theme.primary
                       : kind === "danger" ? Theme.danger
                       : kind === "quiet" ? Theme.transparent : Theme.primaryLight
    Material.foreground: kind === "primary" || kind === "danger" ? Theme.textOnPrimary : Theme.primaryDark

    Accessible.role: Accessible.Button
    Accessible.name: text
}
