import QtQuick
import QtQuick.Layouts
import Lanxin

// Always on screen during a sign-up: back, where she is, read-aloud, and cancel.
Rectangle {
    id: bar

    property string title
    property string stepText
    property bool speechAvailable: false
    property bool readAloud: false

    signal backClicked()
    signal cancelClicked()
    signal readAloudToggled()

    implicitHeight: Theme.kioskBarHeight
    color: Theme.surface
    border.color: Theme.kioskOutline
    border.width: 1

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.kioskMargin
        anchors.rightMargin: Theme.kioskMargin
        spacing: Theme.spacing

        KioskButton {
            objectName: "back"
            primary: false
            text: qsTr("‹ 上一步")
            accessibleName: qsTr("回到上一步")
            onClicked: bar.backClicked()
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            Text {
                Layout.fillWidth: true
                text: bar.title
                elide: Text.ElideRight
                font.pixelSize: Theme.fontKioskBody
                font.bold: true
                color: Theme.primaryDark
            }
            Text {
                Layout.fillWidth: true
                text: bar.stepText
                font.pixelSize: Theme.fontKioskSmall
                color: Theme.textMuted
            }
        }
        KioskButton {
            objectName: "readAloudToggle"
            visible: bar.speechAvailable
            primary: bar.readAloud
            fontSize: Theme.fontKioskSmall
            text: bar.readAloud ? qsTr("🔊 朗读：开") : qsTr("🔈 朗读：关")
            accessibleName: bar.readAloud ? qsTr("关掉朗读") : qsTr("打开朗读，每个问题都读出来")
            onClicked: bar.readAloudToggled()
        }
        KioskButton {
            objectName: "cancel"
            primary: false
            text: qsTr("✕ 取消")
            accessibleName: qsTr("取消报名，清除填写的内容，回到首页")
            onClicked: bar.cancelClicked()
        }
    }
}
