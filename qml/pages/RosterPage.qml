import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A session's roster: one tap checks a woman in, another undoes it; each row says how she came
// (kiosk, staff, walk-in). Walk-ins are found or created in place. Capacity shows; the session closes here.
Page {
    id: root

    property string sessionId
    readonly property string screenName: "roster"
    property var session: Trainings.get(sessionId)
    readonly property bool closed: session.status === "closed" || session.status === "cancelled"
    readonly property bool full: session.capacity > 0 && roster.registered >= parseInt(session.capacity)

    function setStatus(status) {
        const r = Trainings.setStatus(sessionId, status)
        if (r.ok)
            session = Trainings.get(sessionId)
        else
            Nav.toast(r.message || Object.values(r.errors).join(" "))
    }

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        title: root.session.title || ""
        subtitle: [Format.longDate(root.session.date), Format.timeRange(root.session.startTime || "", root.session.endTime || ""),
                   root.session.location || ""].filter(s => s.length > 0).join(" · ")
        AppButton {
            text: qsTr("编辑")
            onClicked: Nav.open("SessionEditPage", { sessionId: root.sessionId })
        }
        AppButton {
            objectName: "closeSession"
            kind: root.closed ? "secondary" : "danger"
            text: root.closed ? qsTr("重新开放") : qsTr("结束培训")
            onClicked: root.setStatus(root.closed ? "open" : "closed")
        }
    }
    StackView.onActivated: {
        session = Trainings.get(sessionId)
        roster.reload()
    }

    RosterModel {
        id: roster
        objectName: "rosterModel"
        sessionId: root.sessionId
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: summary.implicitHeight + 2 * Theme.spacingSmall
                color: root.full ? Theme.warningLight : Theme.primaryLight
                RowLayout {
                    id: summary
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacing
                    anchors.rightMargin: Theme.spacing
                    Label {
                        objectName: "rosterSummary"
                        Layout.fillWidth: true
                        text: (root.session.capacity > 0
                               ? qsTr("已签到 %1 人 · 已报名 %2 / 名额 %3").arg(roster.checkedIn).arg(roster.registered).arg(root.session.capacity)
                               : qsTr("已签到 %1 人 · 已报名 %2 人").arg(roster.checkedIn).arg(roster.registered))
                              + (root.full ? "  " + qsTr("（已满）") : "")
                        font.pixelSize: Theme.fontBody
                        font.bold: true
                        color: root.full ? Theme.warning : Theme.primaryDark
                        wrapMode: Text.Wrap
                    }
                    AppButton {
                        objectName: "walkInButton"
                        visible: !walkIn.visible
                        kind: "primary"
                        text: qsTr("现场报名")
                        enabled: !root.closed
                        onClicked: walkIn.visible = true
                    }
                }
            }
            ListView {
                id: list
                objectName: "rosterList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: roster
                ScrollBar.vertical: ScrollBar {}
                delegate: ItemDelegate {
                    id: row
                    required property int index
                    required property string name
                    required property string village
                    required property string maskedPhone
                    required property string via
                    required property bool checkedIn
                    required property string checkedInAt
                    objectName: "roster_" + index
                    width: ListView.view.width
                    implicitHeight: Math.max(Theme.touchTargetLarge, line.implicitHeight + Theme.spacingSmall)
                    Accessible.role: Accessible.ListItem
                    Accessible.name: name + " " + (checkedIn ? qsTr("已签到") : qsTr("未签到"))
                    background: Rectangle {
                        color: row.checkedIn ? Theme.successLight : Theme.surface
                        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: Theme.borderWidth; color: Theme.border }
                    }
                    contentItem: RowLayout {
                        id: line
                        spacing: Theme.spacing
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 0
                            Label { Layout.fillWidth: true; text: row.name; font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.text; elide: Text.ElideRight }
                            Label {
                                Layout.fillWidth: true
                                text: [row.village, row.maskedPhone].filter(s => s.length > 0).join("  ")
                                font.pixelSize: Theme.fontLabel
                                color: Theme.textMuted
                            }
                        }
                        Label {
                            objectName: "via"
                            text: Labels.names.registered_via[row.via] || row.via
                            font.pixelSize: Theme.fontCaption
                            color: Theme.primaryDark
                            padding: Theme.spacingTiny
                            background: Rectangle { radius: Theme.radiusSmall; color: Theme.primaryLight }
                        }
                        AppButton {
                            objectName: "checkIn"
                            Layout.preferredWidth: Theme.tileMinWidth
                            kind: row.checkedIn ? "secondary" : "primary"
                            text: row.checkedIn ? "✓ " + row.checkedInAt : qsTr("签到")
                            Accessible.name: row.checkedIn ? qsTr("撤销 %1 的签到").arg(row.name) : qsTr("为 %1 签到").arg(row.name)
                            enabled: !root.closed
                            onClicked: roster.setCheckedIn(row.index, !row.checkedIn)
                        }
                    }
                }
                EmptyState {
                    anchors.fill: parent
                    visible: list.count === 0
                    message: qsTr("还没有人报名。来了的人请用“现场报名”登记并签到。")
                }
            }
            Label {
                Layout.fillWidth: true
                padding: Theme.spacingSmall
                visible: list.count > 0
                text: qsTr("点“签到”即签到，再点一次撤销。")
                font.pixelSize: Theme.fontCaption
                color: Theme.textMuted
                horizontalAlignment: Text.AlignHCenter
            }
        }
        WalkInPanel {
            id: walkIn
            objectName: "walkInPanel"
            visible: false
            Layout.fillHeight: true
            Layout.preferredWidth: root.width >= Theme.wideLayoutWidth ? Theme.sidePanelWidth : root.width
            onClosed: visible = false
            onChosen: (residentId) => {
                const r = roster.addWalkIn(residentId)
                Nav.toast(r.ok ? (r.already ? qsTr("她已报名，已签到") : qsTr("已登记并签到")) : r.message)
            }
        }
    }
}
