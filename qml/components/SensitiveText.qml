import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A sensitive value (screening result, visit notes, DV risk): hidden until staff tap 显示, hidden
// again when the page is left. Never copied anywhere.
RowLayout {
    id: root

    property string label
    property string value
    property bool revealed: false

    spacing: Theme.spacingSmall
    Label {
        text: root.label
        font.pixelSize: Theme.fontLabel
        color: Theme.textMuted
    }
    Label {
        objectName: "sensitiveValue"
        Layout.fillWidth: true
        text: root.value.length === 0 ? qsTr("（未填写）") : root.revealed ? root.value : "••••••"
        font.pixelSize: Theme.fontBody
        color: Theme.text
        wrapMode: Text.Wrap
        Accessible.role: Accessible.StaticText
        Accessible.name: root.revealed ? root.value : qsTr("已隐藏")
    }
    AppButton {
        visible: root.value.length > 0
        kind: "quiet"
        text: root.revealed ? qsTr("隐藏") : qsTr("显示")
        Accessible.name: (root.revealed ? qsTr("隐藏") : qsTr("显示")) + root.label
        onClicked: root.revealed = !root.revealed
    }
}
