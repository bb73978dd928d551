pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The kiosk's start screen: a welcome, the trainings as big tiles, and a small staff button.
Item {
    id: view

    signal signUp(string sessionId)
    signal staffRequested()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.kioskMargin
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Text {
                    objectName: "stationName"
                    Layout.fillWidth: true
                    text: KioskController.stationName
                    elide: Text.ElideRight
                    font.pixelSize: Theme.fontKioskBody
                    color: Theme.primaryDark
                    font.bold: true
                }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("欢迎！点一个培训就可以报名")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontKioskQuestion
                    font.bold: true
                    color: Theme.text
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
            }
            // Discreet on purpose: residents need not notice it.
            Button {
                objectName: "staffButton"
                Layout.alignment: Qt.AlignTop
                implicitHeight: Theme.touchTarget
                implicitWidth: Math.max(Theme.touchTarget * 2, implicitContentWidth + 2 * Theme.spacing)
                flat: true
                focusPolicy: Qt.NoFocus
                text: qsTr("工作人员")
                font.pixelSize: Theme.fontBody
                Accessible.role: Accessible.Button
                Accessible.name: qsTr("工作人员登录（需要密码）")
                onClicked: view.staffRequested()
            }
        }

        GridView {
            id: grid
            objectName: "sessionGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: count > 0
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            readonly property int columns: Math.max(1, Math.floor(width / (Theme.kioskTileWidth + Theme.spacing)))
            cellWidth: Math.floor(width / columns)
            cellHeight: Theme.kioskTileHeight + Theme.spacing
            model: KioskController.sessions
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

            delegate: Item {
                id: cell
                required property var model
                required property int index
                width: grid.cellWidth
                height: grid.cellHeight
                SessionTile {
                    anchors.fill: parent
                    anchors.rightMargin: Theme.spacing
                    anchors.bottomMargin: Theme.spacing
                    index: cell.index
                    sessionId: cell.model.sessionId
                    title: cell.model.title
                    // In the current language (the model's label is Chinese): follows a language switch.
                    categoryLabel: Labels.names.category[cell.model.category] || cell.model.categoryLabel
                    dayText: cell.model.dayText
                    timeText: cell.model.timeText
                    location: cell.model.location
                    seatsLeft: cell.model.seatsLeft
                    full: cell.model.full
                    isOffer: cell.model.isOffer
                    organiser: cell.model.organiser
                    onSignUp: sessionId => view.signUp(sessionId)
                }
            }
        }

        Text {
            objectName: "noSessions"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: KioskController.sessions.count === 0
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.WordWrap
            text: KioskController.ready ? qsTr("最近没有可以报名的培训。\n请向工作人员了解培训安排。")
                                        : qsTr("报名暂时用不了，请找工作人员。")
            font.pixelSize: Theme.fontKioskBody
            color: Theme.textMuted
        }
    }
}
