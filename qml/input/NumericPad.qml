pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import Lanxin

// Big digits for phone and ID numbers, laid out like a phone's keypad; X only for ID numbers
// (the check character of a 居民身份证号).
Item {
    id: pad

    property bool allowX: false

    signal typed(string text)
    signal erase()

    implicitWidth: grid.implicitWidth
    implicitHeight: grid.implicitHeight

    GridLayout {
        id: grid
        anchors.centerIn: parent
        columns: 3
        rowSpacing: Theme.keySpacing
        columnSpacing: Theme.keySpacing

        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
            delegate: KeyButton {
                required property string modelData
                objectName: "key_" + modelData
                Layout.preferredWidth: Theme.numericKeyWidth
                text: modelData
                accessibleName: modelData
                onClicked: pad.typed(modelData)
            }
        }
        KeyButton {
            objectName: "key_X"
            Layout.preferredWidth: Theme.numericKeyWidth
            text: pad.allowX ? "X" : ""
            enabled: pad.allowX
            special: true
            accessibleName: pad.allowX ? qsTr("字母X（身份证号最后一位）") : qsTr("空")
            onClicked: pad.typed("X")
        }
        KeyButton {
            objectName: "key_0"
            Layout.preferredWidth: Theme.numericKeyWidth
            text: "0"
            accessibleName: "0"
            onClicked: pad.typed("0")
        }
        KeyButton {
            objectName: "key_pad_backspace"
            Layout.preferredWidth: Theme.numericKeyWidth
            text: qsTr("删除")
            special: true
            autoRepeat: true
            accessibleName: qsTr("删除")
            onClicked: pad.erase()
        }
    }
}
