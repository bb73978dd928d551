import QtQuick
import QtQuick.Layouts
import Lanxin

// The last seconds before an abandoned sign-up is cleared: a countdown she can dismiss.
Rectangle {
    id: overlay

    property int secondsLeft: 0

    signal stay()

    color: Theme.kioskOverlay
    Accessible.role: Accessible.AlertMessage
    Accessible.name: qsTr("您还在吗？%1 秒后清除填写的内容").arg(secondsLeft)

    // Every tap on the dim area counts as "I am still here" too.
    MouseArea {
        anchors.fill: parent
        onClicked: overlay.stay()
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.kioskMargin, Theme.kioskFieldWidth)
        height: card.implicitHeight + 2 * Theme.kioskMargin
        radius: Theme.radius
        color: Theme.surface

        ColumnLayout {
            id: card
            anchors.fill: parent
            anchors.margins: Theme.kioskMargin
            spacing: Theme.spacing
            Text {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("您还在吗？")
                font.pixelSize: Theme.fontKioskQuestion
                font.bold: true
                color: Theme.text
            }
            Text {
                objectName: "countdownText"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: qsTr("%1 秒后将清除填写的内容，回到首页").arg(overlay.secondsLeft)
                font.pixelSize: Theme.fontKioskBody
                color: Theme.text
            }
            KioskButton {
                objectName: "stay"
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("我还在，继续填")
                onClicked: overlay.stay()
            }
        }
    }
}
