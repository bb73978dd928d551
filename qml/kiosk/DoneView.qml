import QtQuick
import QtQuick.Layouts
import Lanxin

// 报名成功: the training, its time and place — and nothing about her, so whoever comes next sees
// nothing personal, and a known resident sees exactly what a new one sees.
Rectangle {
    id: done

    required property var session

    signal closed()

    color: Theme.background
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("报名成功")

    Timer {
        // Back to the home screen on its own after a while.
        interval: 20000
        running: done.visible
        onTriggered: done.closed()
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.kioskMargin, Theme.kioskFieldWidth * 1.4)
        spacing: Theme.spacing * 1.5

        Text {
            objectName: "doneHeadline"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("✓ 报名成功")
            font.pixelSize: Theme.fontKioskHeadline
            font.bold: true
            color: Theme.kioskSuccess
            Accessible.role: Accessible.Heading
            Accessible.name: qsTr("报名成功")
        }
        Text {
            objectName: "doneTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: done.session.title
            font.pixelSize: Theme.fontKioskQuestion
            font.bold: true
            color: Theme.text
        }
        Text {
            objectName: "doneWhen"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("时间：%1 %2").arg(done.session.dayText).arg(done.session.timeText)
            font.pixelSize: Theme.fontKioskBody
            color: Theme.text
        }
        Text {
            objectName: "doneWhere"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("地点：%1").arg(done.session.location)
            font.pixelSize: Theme.fontKioskBody
            color: Theme.text
        }
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("请按时来参加。有变化时工作人员会通知您。")
            font.pixelSize: Theme.fontKioskSmall
            color: Theme.textMuted
        }
        KioskButton {
            objectName: "doneClose"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("完成")
            accessibleName: qsTr("完成，回到首页")
            onClicked: done.closed()
        }
    }
}
