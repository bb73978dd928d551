import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A 4–6 digit PIN: dots, a 3×4 keypad of big keys (⌫ and 确定 on the last row). The digits are
// never shown; `entered()` says the person pressed 确定.
ColumnLayout {
    id: root

    property string pin
    property bool busy: false
    property int maxLength: 6
    property int minLength: 4
    signal entered(string pin)

    function clear() { pin = "" }

    spacing: Theme.spacing
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("PIN 键盘")

    Row {
        Layout.alignment: Qt.AlignHCenter
        spacing: Theme.spacing
        Accessible.role: Accessible.StaticText
        Accessible.name: qsTr("已输入 %n 位", "", root.pin.length)
        Repeater {
            model: root.maxLength
            delegate: Rectangle {
                required property int index
                width: Theme.pinDot
                height: Theme.pinDot
                radius: width / 2
                color: index < root.pin.length ? Theme.primary : Theme.transparent
                border.color: index < root.minLength ? Theme.primary : Theme.border
                border.width: Theme.borderWidth + 1
            }
        }
    }

    GridLayout {
        Layout.alignment: Qt.AlignHCenter
        columns: 3
        rowSpacing: Theme.spacingSmall
        columnSpacing: Theme.spacingSmall
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "ok"]
            delegate: AbstractButton {
                id: key
                required property string modelData
                readonly property bool isOk: modelData === "ok"
                readonly property bool isBack: modelData === "⌫"
                objectName: "pinKey_" + (isOk ? "ok" : isBack ? "back" : modelData)
                implicitWidth: Theme.pinKey
                implicitHeight: Theme.pinKey
                enabled: !root.busy && (isOk ? root.pin.length >= root.minLength
                                             : isBack ? root.pin.length > 0 : root.pin.length < root.maxLength)
                text: isOk ? qsTr("确定") : modelData
                Accessible.role: Accessible.Button
                Accessible.name: isBack ? qsTr("删除一位") : text
                background: Rectangle {
                    radius: width / 2
                    color: key.isOk ? (key.enabled ? Theme.primary : Theme.primaryLight)
                                    : key.pressed ? Theme.primaryLight : Theme.surface
                    border.color: Theme.border
                    border.width: Theme.borderWidth
                }
                contentItem: Label {
                    text: key.text
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    font.pixelSize: key.isOk ? Theme.fontBody : Theme.fontHeadline
                    color: key.isOk ? Theme.textOnPrimary : Theme.text
                    opacity: key.enabled ? 1 : Theme.disabledOpacity
                }
                onClicked: {
                    if (isOk)
                        root.entered(root.pin)
                    else if (isBack)
                        root.pin = root.pin.slice(0, -1)
                    else
                        root.pin += modelData
                }
            }
        }
    }
}
