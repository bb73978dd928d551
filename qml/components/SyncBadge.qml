import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The staff home's sync badge (PRODUCT.md screen 3): records waiting, the last sync the district
// confirmed, and problems (rejected records, superseded edits, re-enrollment). Tap: the sync screen.
AbstractButton {
    id: badge

    readonly property bool trouble: Sync.problemCount > 0 || Sync.mustEnroll || Sync.status === "not_enrolled"
    readonly property bool waiting: Sync.pendingCount > 0 || Sync.status === "waiting" || !Sync.receiptMatch
    readonly property color tone: trouble ? Theme.danger : waiting ? Theme.warning : Theme.success
    readonly property string summary: {
        if (Sync.status === "not_enrolled")
            return qsTr("未登记到区里")
        if (Sync.mustEnroll)
            return qsTr("需要重新登记")
        const parts = []
        if (Sync.status === "syncing")
            parts.push(qsTr("正在同步"))
        parts.push(Sync.pendingCount > 0 ? qsTr("待同步 %1 条").arg(Sync.pendingCount) : qsTr("无待同步"))
        parts.push(qsTr("区里确认：%1").arg(Sync.lastConfirmedText))
        if (Sync.problemCount > 0)
            parts.push(qsTr("%1 条被退回").arg(Sync.problemCount))
        if (Sync.conflicts.length > 0)
            parts.push(qsTr("%1 处修改被覆盖").arg(Sync.conflicts.length))
        return parts.join(" · ")
    }

    leftPadding: Theme.spacing
    rightPadding: Theme.spacing
    topPadding: Theme.spacingSmall
    bottomPadding: Theme.spacingSmall
    implicitHeight: Math.max(Theme.touchTarget, implicitContentHeight + topPadding + bottomPadding)
    implicitWidth: implicitContentWidth + leftPadding + rightPadding
    Accessible.role: Accessible.Button
    Accessible.name: qsTr("同步状态：%1").arg(summary)
    onClicked: Nav.section("sync")

    background: Rectangle {
        radius: Theme.radius
        color: badge.trouble ? Theme.dangerLight : badge.waiting ? Theme.warningLight : Theme.successLight
        border.color: badge.tone
        border.width: badge.visualFocus ? 2 * Theme.borderWidth : Theme.borderWidth
    }

    contentItem: RowLayout {
        spacing: Theme.spacingSmall

        Rectangle {
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: Theme.badgeSize / 2
            implicitHeight: Theme.badgeSize / 2
            radius: width / 2
            color: badge.tone
            Accessible.ignored: true
        }
        Label {
            Layout.fillWidth: true
            text: badge.summary
            color: Theme.text
            font.pixelSize: Theme.fontLabel
            elide: Text.ElideRight
            Accessible.ignored: true
        }
        BusyIndicator {
            Layout.preferredWidth: Theme.badgeSize
            Layout.preferredHeight: Theme.badgeSize
            visible: Sync.status === "syncing"
            running: visible
            Accessible.ignored: true
        }
    }
}
