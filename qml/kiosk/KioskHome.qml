import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Placeholder of the locked start screen (PRODUCT.md screen 1). The kiosk issue replaces this file
// with self-registration tiles; the shell depends only on `staffRequested()` (the discreet staff
// button that asks for a PIN).
Rectangle {
    id: root

    signal staffRequested()

    color: Theme.background
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("欢迎")

    ColumnLayout {
        anchors.centerIn: parent
        spacing: Theme.spacing
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("兰馨 · 妇女之家")
            font.pixelSize: Theme.fontDisplay
            font.bold: true
            color: Theme.primary
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: AppContext.stationName.length > 0 ? AppContext.stationName : qsTr("欢迎来到妇女之家")
            font.pixelSize: Theme.fontTitle
            color: Theme.textMuted
        }
    }
    AppButton {
        objectName: "staffButton"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.spacing
        kind: "quiet"
        text: qsTr("工作人员")
        onClicked: root.staffRequested()
    }
}
