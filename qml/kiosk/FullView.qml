import QtQuick
import QtQuick.Layouts
import Lanxin

// A full training, said kindly, with the next one of the same kind when there is one.
Rectangle {
    id: view

    required property var session
    // The next session of the same category (KioskController.nextSessionLike), or an empty map.
    required property var next

    signal signUpNext(string sessionId)
    signal closed()

    readonly property bool hasNext: next !== undefined && next.sessionId !== undefined

    color: Theme.background
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("名额已满")

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.kioskMargin, Theme.kioskFieldWidth * 1.4)
        spacing: Theme.spacing * 1.5

        Text {
            objectName: "fullHeadline"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("很抱歉，“%1”的名额已经满了").arg(view.session.title)
            font.pixelSize: Theme.fontKioskQuestion
            font.bold: true
            color: Theme.text
        }
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: view.hasNext ? qsTr("同类的培训下一期在这里，您看看合适吗？")
                               : qsTr("最近没有同类的培训。有新的培训时，工作人员会通知大家，欢迎再来看看。")
            font.pixelSize: Theme.fontKioskBody
            color: Theme.textMuted
        }
        Rectangle {
            visible: view.hasNext
            Layout.fillWidth: true
            implicitHeight: nextColumn.implicitHeight + 2 * Theme.spacing
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.kioskOutline
            border.width: Theme.kioskBorderWidth
            ColumnLayout {
                id: nextColumn
                anchors.fill: parent
                anchors.margins: Theme.spacing
                Text {
                    objectName: "nextTitle"
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: view.hasNext ? view.next.title : ""
                    font.pixelSize: Theme.fontKioskBody
                    font.bold: true
                    color: Theme.text
                }
                Text {
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: view.hasNext ? qsTr("%1 %2 · %3").arg(view.next.dayText).arg(view.next.timeText).arg(view.next.location) : ""
                    font.pixelSize: Theme.fontKioskSmall
                    color: Theme.primaryDark
                }
            }
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.spacing
            KioskButton {
                objectName: "fullHome"
                primary: !view.hasNext
                text: qsTr("回到首页")
                onClicked: view.closed()
            }
            KioskButton {
                objectName: "signUpNext"
                visible: view.hasNext
                text: qsTr("报名下一期")
                accessibleName: view.hasNext ? qsTr("报名参加%1").arg(view.next.title) : ""
                onClicked: view.signUpNext(view.next.sessionId)
            }
        }
    }
}
