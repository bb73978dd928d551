import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The resident search box: results follow every keystroke (no button, no delay).
TextField {
    id: root

    implicitHeight: Theme.touchTarget
    leftPadding: Theme.spacing
    font.pixelSize: Theme.fontBody
    color: Theme.text
    placeholderText: qsTr("姓名、拼音首字母（如 zxy）、手机或身份证后4位")
    inputMethodHints: Qt.ImhNoPredictiveText
    selectByMouse: true
    Accessible.role: Accessible.EditableText
    Accessible.name: qsTr("搜索居民")

    AbstractButton {
        visible: root.text.length > 0
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        width: Theme.touchTarget
        height: Theme.touchTarget
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("清除")
        contentItem: Label {
            text: "✕"
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            font.pixelSize: Theme.fontBody
            color: Theme.textMuted
        }
        onClicked: root.clear()
    }
}
