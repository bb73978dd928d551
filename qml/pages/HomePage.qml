import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Staff home (PRODUCT.md screen 3): what is due (DV and high-risk follow-ups on top), today's and
// coming sessions, this month's counters, the sync badge.
Page {
    id: root

    readonly property string screenName: "home"

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        showBack: false
        title: StaffSession.staffName.length > 0 ? qsTr("您好，%1").arg(StaffSession.staffName) : qsTr("首页")
        subtitle: [AppContext.stationName, Format.longDate(Home.today)].filter(s => s.length > 0).join(" · ")
        SyncBadge {}
    }

    Component.onCompleted: Home.refresh()
    StackView.onActivated: {
        Home.refresh()
        due.reload()
        today.reload()
        upcoming.reload()
    }

    DueListModel { id: due }
    SessionListModel { id: today; filter: "today" }
    SessionListModel { id: upcoming; filter: "upcoming" }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        Label {
            text: qsTr("%1 工作量").arg(Format.monthTitle(Home.counts.year, Home.counts.month))
            font.pixelSize: Theme.fontLabel
            color: Theme.textMuted
        }
        GridLayout {
            Layout.fillWidth: true
            columns: root.width > Theme.tileMinWidth * 4.5 ? 4 : 2
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing
            CounterTile { objectName: "countSessions"; Layout.fillWidth: true; value: Home.counts.sessions || 0; label: qsTr("培训场次") }
            CounterTile { objectName: "countAttendances"; Layout.fillWidth: true; value: Home.counts.attendances || 0; label: qsTr("签到人次") }
            CounterTile { objectName: "countReferrals"; Layout.fillWidth: true; value: Home.counts.referrals || 0; label: qsTr("两癌转介") }
            CounterTile { objectName: "countVisits"; Layout.fillWidth: true; value: Home.counts.visits || 0; label: qsTr("家访") }
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: root.width >= Theme.wideLayoutWidth ? 2 : 1
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing

            SectionCard {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 3
                title: qsTr("待办回访（%1）").arg(Home.dueCount)
                ListView {
                    id: dueList
                    objectName: "dueList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: due
                    delegate: DueDelegate {}
                    ScrollBar.vertical: ScrollBar {}
                    EmptyState {
                        anchors.fill: parent
                        visible: dueList.count === 0
                        message: qsTr("没有到期的回访。")
                    }
                }
            }
            SectionCard {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 2
                title: qsTr("培训")
                headerActions: AppButton {
                    kind: "quiet"
                    text: qsTr("全部培训")
                    onClicked: Nav.section("trainings")
                }
                ListView {
                    id: sessionList
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: Theme.spacingTiny
                    model: upcoming
                    header: Label {
                        width: sessionList.width
                        text: today.count > 0 ? qsTr("今天有 %n 场培训", "", today.count) : qsTr("今天没有培训")
                        font.pixelSize: Theme.fontLabel
                        color: Theme.textMuted
                        bottomPadding: Theme.spacingSmall
                    }
                    delegate: ItemDelegate {
                        id: sessionRow
                        required property string sessionId
                        required property string title
                        required property string date
                        required property string startTime
                        required property int registered
                        required property int capacity
                        width: ListView.view.width
                        implicitHeight: Theme.touchTarget
                        Accessible.role: Accessible.ListItem
                        Accessible.name: title
                        contentItem: RowLayout {
                            spacing: Theme.spacingSmall
                            Label {
                                text: (sessionRow.date === Home.today ? qsTr("今天") : Format.shortDate(sessionRow.date))
                                      + " " + sessionRow.startTime
                                font.pixelSize: Theme.fontLabel
                                font.bold: sessionRow.date === Home.today
                                color: sessionRow.date === Home.today ? Theme.primary : Theme.textMuted
                            }
                            Label {
                                Layout.fillWidth: true
                                text: sessionRow.title
                                elide: Text.ElideRight
                                font.pixelSize: Theme.fontBody
                                color: Theme.text
                            }
                            Label {
                                text: sessionRow.capacity > 0 ? sessionRow.registered + "/" + sessionRow.capacity : sessionRow.registered
                                font.pixelSize: Theme.fontLabel
                                color: Theme.textMuted
                            }
                        }
                        onClicked: Nav.open("RosterPage", { sessionId: sessionId })
                    }
                    EmptyState {
                        anchors.fill: parent
                        anchors.topMargin: Theme.touchTarget
                        visible: sessionList.count === 0
                        message: qsTr("没有安排中的培训。")
                    }
                }
            }
        }
    }
}
