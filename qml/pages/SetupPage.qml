import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// First run: the station's director enters her name (or picks her record, if the district made it)
// and chooses her PIN twice; then the app unlocks as her.
Rectangle {
    id: root

    readonly property string screenName: "setup"
    property string existingId: StaffSession.directorsWithoutPin.length > 0 ? StaffSession.directorsWithoutPin[0].id : ""
    property string firstPin
    property string message
    signal cancelled()

    color: Theme.background
    Accessible.role: Accessible.Dialog
    Accessible.name: qsTr("首次设置")

    Connections {
        target: StaffSession
        function onSetupFinished(ok, message) {
            if (!ok) {
                root.message = message
                root.firstPin = ""
                pad.clear()
            }
        }
    }

    AppButton {
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.margins: Theme.spacing
        kind: "quiet"
        text: "‹ " + qsTr("返回")
        onClicked: root.cancelled()
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.spacingLarge, Theme.formMaxWidth)
        spacing: Theme.spacing

        Label {
            text: qsTr("设置本站妇女主任")
            font.pixelSize: Theme.fontHeadline
            font.bold: true
            color: Theme.primaryDark
        }
        ChoiceChips {
            visible: StaffSession.directorsWithoutPin.length > 0
            Layout.fillWidth: true
            accessibleName: qsTr("区里登记的妇女主任")
            options: StaffSession.directorsWithoutPin.map(d => ({ value: d.id, label: d.name }))
                     .concat([{ value: "", label: qsTr("不是以上的人") }])
            selected: root.existingId
            onToggled: (v) => root.existingId = v
        }
        FormField {
            id: nameField
            objectName: "setupName"
            visible: root.existingId.length === 0
            Layout.fillWidth: true
            label: qsTr("您的姓名")
            maximumLength: 50
        }
        Label {
            text: root.firstPin.length === 0 ? qsTr("请设置 4 到 6 位数字的 PIN") : qsTr("请再输入一次 PIN")
            font.pixelSize: Theme.fontTitle
            color: Theme.text
        }
        PinPad {
            id: pad
            Layout.alignment: Qt.AlignHCenter
            busy: StaffSession.busy || (root.existingId.length === 0 && nameField.text.trim().length === 0)
            onEntered: (pin) => {
                if (root.firstPin.length === 0) {
                    root.firstPin = pin
                    root.message = ""
                    clear()
                } else if (pin !== root.firstPin) {
                    root.message = qsTr("两次输入的 PIN 不一样，请重新设置")
                    root.firstPin = ""
                    clear()
                } else {
                    StaffSession.setupDirector(nameField.text, root.existingId, pin)
                }
            }
        }
        Label {
            objectName: "setupMessage"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: StaffSession.busy ? qsTr("正在保存…") : root.message
            color: Theme.danger
            font.pixelSize: Theme.fontBody
        }
    }
}
