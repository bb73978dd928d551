import QtQuick
import QtQuick.Controls
import Lanxin

// `lanxin-station --kiosk-preview`: the kiosk alone in a window, to look at it before the shell
// (Main.qml) hosts KioskHome behind its PIN screen.
ApplicationWindow {
    id: window
    width: 1280
    height: 800
    visible: true
    title: qsTr("兰馨 · 培训报名（预览）")
    color: Theme.background

    KioskHome {
        anchors.fill: parent
        onStaffRequested: staffNote.open()
    }

    Dialog {
        id: staffNote
        anchors.centerIn: parent
        modal: true
        title: qsTr("工作人员")
        standardButtons: Dialog.Close
        Label {
            text: qsTr("这里是预览：员工的 PIN 解锁界面由员工端提供。")
            font.pixelSize: Theme.fontBody
        }
    }
}
