import QtQuick
import QtQuick.Controls
import Lanxin

// One key of the on-screen keyboard. It never takes focus, so the field keeps its cursor; its
// accessible name says what it does ("删除", "空格"), not only what is printed on it.
AbstractButton {
    id: key

    property string accessibleName: text
    property bool special: false
    property int fontSize: Theme.fontKey

    focusPolicy: Qt.NoFocus
    implicitWidth: Theme.keyHeight
    implicitHeight: Theme.keyHeight

    Accessible.role: Accessible.Button
    Accessible.name: accessibleName

    contentItem: Text {
        text: key.text
        font.pixelSize: key.fontSize
        color: key.enabled ? Theme.text : Theme.textMuted
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }

    background: Rectangle {
        radius: Theme.keyRadius
        color: key.down ? Theme.keyFacePressed : (key.special ? Theme.keyFaceSpecial : Theme.keyFace)
        border.color: Theme.keyBorder
        border.width: 1
    }
}
