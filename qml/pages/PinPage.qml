import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Staff unlock: choose your name, enter your PIN. Wrong tries wait and block as core/pinpolicy.h says;
// the countdown shows. On a device without a director yet, the first-run setup is offered instead.
Rectangle {
    id: root

    readonly property string screenName: "pin"
    property string staffId: StaffSession.unlockable.length === 1 ? StaffSession.unlockable[0].id : ""
    property string message
    property int wait: staffId.length > 0 ? StaffSession.waitSeconds(staffId) : 0
    signal cancelled()
    signal setupRequested()

    color: Theme.background
    Accessible.role: Accessible.Dialog
    Accessible.name: qsTr("工作人员解锁")

    Timer {
        interval: 1000
        repeat: true
        running: root.visible && root.staffId.length > 0
        onTriggered: root.wait = StaffSession.waitSeconds(root.staffId)
    }
    Connections {
        target: StaffSession
        function onUnlockFailed(message, waitSeconds) {
            root.message = message
            root.wait = waitSeconds
            pad.clear()
        }
        function onUnlocked() {
            root.message = ""
            pad.clear()
        }
    }

    AppButton {
        objectName: "pinCancel"
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.margins: Theme.spacing
        kind: "quiet"
        text: "‹ " + qsTr("返回")
        onClicked: root.cancelled()
    }

    ColumnLayout {
        visible: StaffSession.needsSetup
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.spacingLarge, Theme.formMaxWidth)
        spacing: Theme.spacingLarge
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: qsTr("本机还没有妇女主任。首次使用时，请妇女主任设置自己的姓名和 PIN。")
            font.pixelSize: Theme.fontTitle
            color: Theme.text
        }
        AppButton {
            objectName: "startSetup"
            Layout.alignment: Qt.AlignHCenter
            kind: "primary"
            text: qsTr("首次设置")
            onClicked: root.setupRequested()
        }
    }

    GridLayout {
        visible: !StaffSession.needsSetup
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.spacingLarge, Theme.formMaxWidth * 1.4)
        columns: root.width >= Theme.wideLayoutWidth ? 2 : 1
        columnSpacing: Theme.spacingHuge
        rowSpacing: Theme.spacingLarge

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacingSmall
            Label {
                text: qsTr("请选择您的名字")
                font.pixelSize: Theme.fontTitle
                color: Theme.text
            }
            Repeater {
                model: StaffSession.unlockable
                delegate: AbstractButton {
                    id: nameButton
                    required property var modelData
                    required property int index
                    readonly property bool chosen: root.staffId === modelData.id
                    objectName: "staff_" + index
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    Accessible.role: Accessible.RadioButton
                    Accessible.name: modelData.name
                    Accessible.checked: chosen
                    background: Rectangle {
                        radius: Theme.radius
                        color: nameButton.chosen ? Theme.primary : Theme.surface
                        border.color: nameButton.chosen ? Theme.primary : Theme.border
                        border.width: Theme.borderWidth
                    }
                    contentItem: Label {
                        leftPadding: Theme.spacing
                        verticalAlignment: Text.AlignVCenter
                        text: nameButton.modelData.name + "  ·  " + (Labels.names.role[nameButton.modelData.role] || "")
                        font.pixelSize: Theme.fontBody
                        color: nameButton.chosen ? Theme.textOnPrimary : Theme.text
                    }
                    onClicked: {
                        root.staffId = modelData.id
                        root.message = ""
                        root.wait = StaffSession.waitSeconds(root.staffId)
                        pad.clear()
                    }
                }
            }
        }

        ColumnLayout {
            Layout.alignment: Qt.AlignHCenter | Qt.AlignTop
            spacing: Theme.spacing
            Label {
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("输入 PIN")
                font.pixelSize: Theme.fontTitle
                color: Theme.text
            }
            PinPad {
                id: pad
                Layout.alignment: Qt.AlignHCenter
                busy: StaffSession.busy || root.wait > 0 || root.staffId.length === 0
                onEntered: (pin) => StaffSession.unlock(root.staffId, pin)
            }
            Label {
                objectName: "pinMessage"
                Layout.alignment: Qt.AlignHCenter
                Layout.maximumWidth: Theme.formMaxWidth / 1.5
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: StaffSession.busy ? qsTr("正在核对…")
                    : root.wait > 0 ? qsTr("请 %n 秒后再试", "", root.wait)
                    : root.staffId.length === 0 ? qsTr("先选择您的名字") : root.message
                color: root.message.length > 0 && !StaffSession.busy ? Theme.danger : Theme.textMuted
                font.pixelSize: Theme.fontBody
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
        }
    }
}
