import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Trainings (PRODUCT.md screen 4): by status and date; a tap opens the roster.
Page {
    id: root

    readonly property string screenName: "trainings"
    readonly property var filters: ["upcoming", "past", "all"]

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        showBack: false
        title: qsTr("培训")
        AppButton {
            objectName: "newSession"
            kind: "primary"
            text: qsTr("新建培训")
            onClicked: Nav.open("SessionEditPage", {})
        }
    }
    StackView.onActivated: sessions.reload()

    SessionListModel {
        id: sessions
        filter: root.filters[tabs.currentIndex]
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        TabBar {
            id: tabs
            Layout.fillWidth: true
            Layout.maximumWidth: Theme.listMaxWidth
            Layout.alignment: Qt.AlignHCenter
            font.pixelSize: Theme.fontBody
            Repeater {
                model: [qsTr("即将开始"), qsTr("已结束"), qsTr("全部")]
                delegate: TabButton {
                    required property string modelData
                    text: modelData
                    implicitHeight: Theme.touchTarget
                    Accessible.role: Accessible.PageTab
                    Accessible.name: modelData
                }
            }
        }
        ListView {
            id: list
            objectName: "sessionList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.maximumWidth: Theme.listMaxWidth
            Layout.alignment: Qt.AlignHCenter
            clip: true
            model: sessions
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property string sessionId
                required property string title
                required property string category
                required property string date
                required property string startTime
                required property string endTime
                required property string location
                required property string status
                required property int capacity
                required property int registered
                required property int checkedIn
                required property int index
                objectName: "session_" + index
                width: ListView.view.width
                implicitHeight: Math.max(Theme.touchTargetLarge, content.implicitHeight + Theme.spacing)
                Accessible.role: Accessible.ListItem
                Accessible.name: title
                background: Rectangle {
                    color: row.pressed ? Theme.primaryLight : Theme.surface
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: Theme.borderWidth; color: Theme.border }
                }
                contentItem: RowLayout {
                    id: content
                    spacing: Theme.spacing
                    ColumnLayout {
                        spacing: 0
                        Layout.preferredWidth: Theme.tileMinWidth * 0.8
                        Label { text: Format.shortDate(row.date); font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.primaryDark }
                        Label { text: Format.timeRange(row.startTime, row.endTime); font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingTiny
                        Label { text: row.title; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.text; elide: Text.ElideRight; Layout.fillWidth: true }
                        Label {
                            text: [Labels.names.category[row.category] || "", row.location].filter(s => s.length > 0).join(" · ")
                            font.pixelSize: Theme.fontLabel
                            color: Theme.textMuted
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                    }
                    ColumnLayout {
                        spacing: Theme.spacingTiny
                        Label {
                            Layout.alignment: Qt.AlignRight
                            text: Labels.names.status[row.status] || row.status
                            font.pixelSize: Theme.fontCaption
                            color: row.status === "open" ? Theme.success : Theme.textMuted
                            padding: Theme.spacingTiny
                            background: Rectangle { radius: Theme.radiusSmall; color: row.status === "open" ? Theme.successLight : Theme.surfaceAlt }
                        }
                        Label {
                            Layout.alignment: Qt.AlignRight
                            text: row.capacity > 0 ? qsTr("报名 %1/%2 · 签到 %3").arg(row.registered).arg(row.capacity).arg(row.checkedIn)
                                                   : qsTr("报名 %1 · 签到 %2").arg(row.registered).arg(row.checkedIn)
                            font.pixelSize: Theme.fontLabel
                            color: Theme.textMuted
                        }
                    }
                }
                onClicked: Nav.open("RosterPage", { sessionId: sessionId })
            }
            EmptyState {
                anchors.fill: parent
                visible: list.count === 0
                message: tabs.currentIndex === 0 ? qsTr("没有即将开始的培训。点“新建培训”安排一场。") : qsTr("还没有培训记录。")
            }
        }
    }
}
