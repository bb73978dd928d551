import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// One follow-up on the due list. Priority visits (DV risk or high risk) carry a red stripe and a
// 重点 mark; which of the two is not said on this list.
ItemDelegate {
    id: root

    required property string kind
    required property string recordId
    required property string residentId
    required property string name
    required property string due
    required property int daysLate
    required property bool priority
    required property string awaiting
    required property int index

    readonly property bool isVisit: kind === "family_visit"

    objectName: "due_" + index
    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: Math.max(Theme.touchTargetLarge, row.implicitHeight + Theme.spacingSmall)
    Accessible.role: Accessible.ListItem
    Accessible.name: (priority ? qsTr("重点") + " " : "") + name + " " + what.text + " " + when.text

    background: Rectangle {
        color: root.priority ? Theme.dangerLight : root.pressed ? Theme.surfaceAlt : Theme.surface
        radius: Theme.radiusSmall
        Rectangle {
            visible: root.priority
            width: Theme.markWidth
            height: parent.height
            radius: Theme.radiusSmall
            color: Theme.danger
        }
    }
    contentItem: RowLayout {
        id: row
        spacing: Theme.spacingSmall
        Label {
            visible: root.priority
            objectName: "priorityMark"
            text: qsTr("重点")
            font.pixelSize: Theme.fontCaption
            font.bold: true
            color: Theme.textOnPrimary
            padding: Theme.spacingTiny
            leftPadding: Theme.spacingSmall
            rightPadding: Theme.spacingSmall
            background: Rectangle { radius: Theme.radiusSmall; color: Theme.danger }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            Label {
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: root.name
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: Theme.text
            }
            Label {
                id: what
                Layout.fillWidth: true
                text: root.isVisit ? qsTr("家访回访")
                    : root.awaiting === "screening" ? qsTr("两癌：待筛查")
                    : root.awaiting === "result" ? qsTr("两癌：待出结果")
                    : root.awaiting === "diagnosis" ? qsTr("两癌：待确诊")
                    : qsTr("两癌：待治疗")
                font.pixelSize: Theme.fontLabel
                color: Theme.textMuted
            }
        }
        Label {
            id: when
            text: Format.dueText(root.daysLate)
            font.pixelSize: Theme.fontLabel
            font.bold: root.daysLate > 0
            color: root.daysLate > 0 ? Theme.danger : Theme.textMuted
        }
    }
    onClicked: {
        if (isVisit)
            Nav.open("VisitPage", { residentId: residentId, followsVisitId: recordId })
        else
            Nav.open("ReferralPage", { referralId: recordId })
    }
}
