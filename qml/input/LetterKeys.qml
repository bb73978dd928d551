pragma ComponentBehavior: Bound

import QtQuick
import Lanxin

// The QWERTY letter keys with 中/英, delete, the syllable separator, space and confirm.
Item {
    id: keys

    property bool latin: false
    property bool canSwitch: true

    signal typed(string letter)
    signal erase()
    signal space()
    signal enter()
    signal switchLanguage()

    readonly property real keyWidth: Math.min(Theme.keyMaxWidth, (width - 9 * Theme.keySpacing) / 10)

    implicitHeight: 4 * Theme.keyHeight + 3 * Theme.keySpacing

    Column {
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: Theme.keySpacing

        Repeater {
            model: ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
            delegate: Row {
                id: row
                required property string modelData
                required property int index
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: Theme.keySpacing

                KeyButton {
                    visible: row.index === 2
                    objectName: "key_lang"
                    width: keys.keyWidth * 1.5
                    text: keys.latin ? qsTr("英") : qsTr("中")
                    special: true
                    enabled: keys.canSwitch
                    fontSize: Theme.fontKey
                    accessibleName: keys.latin ? qsTr("现在是英文字母，点这里换成中文拼音")
                                               : qsTr("现在是中文拼音，点这里换成英文字母")
                    onClicked: keys.switchLanguage()
                }
                Repeater {
                    model: row.modelData.split("")
                    delegate: KeyButton {
                        required property string modelData
                        objectName: "key_" + modelData
                        width: keys.keyWidth
                        text: modelData
                        accessibleName: qsTr("字母 %1").arg(modelData)
                        onClicked: keys.typed(modelData)
                    }
                }
                KeyButton {
                    visible: row.index === 2
                    objectName: "key_backspace"
                    width: keys.keyWidth * 1.5
                    text: qsTr("删除")
                    special: true
                    autoRepeat: true
                    fontSize: Theme.fontKeySmall
                    accessibleName: qsTr("删除")
                    onClicked: keys.erase()
                }
            }
        }

        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Theme.keySpacing

            KeyButton {
                objectName: "key_apostrophe"
                width: keys.keyWidth * 1.5
                text: keys.latin ? "'" : qsTr("分词'")
                special: true
                fontSize: Theme.fontKeySmall
                accessibleName: qsTr("拼音分隔符")
                onClicked: keys.typed("'")
            }
            KeyButton {
                objectName: "key_space"
                width: keys.keyWidth * 5 + 4 * Theme.keySpacing
                text: qsTr("空格")
                fontSize: Theme.fontKeySmall
                accessibleName: qsTr("空格")
                onClicked: keys.space()
            }
            KeyButton {
                objectName: "key_enter"
                width: keys.keyWidth * 2 + Theme.keySpacing
                text: qsTr("确定")
                special: true
                fontSize: Theme.fontKeySmall
                accessibleName: qsTr("确定")
                onClicked: keys.enter()
            }
        }
    }
}
