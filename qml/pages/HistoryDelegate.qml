import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// One item of a resident's history: a training (how she registered, whether she came), a referral
// (its derived status), a visit (purposes, risk, open follow-up).
ItemDelegate {
    id: root

    required property string kind
    required property string recordId
    required property string date
    required property string title
    required property string category
    required property string via
    required property bool attended
    required property string status
    required property var screenings
    required property var purposes
    required property string riskLevel
    required property string followUpDue
    required property int index

    readonly property var statusLabels: ({ referred: qsTr("已转介"), screened: qsTr("已筛查"), result: qsTr("已出结果"),
                                           diagnosed: qsTr("已确诊"), treated: qsTr("已治疗"), closed: qsTr("已结案") })

    objectName: "history_" + index
    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: Math.max(Theme.touchTarget, line.implicitHeight + topPadding + bottomPadding) // the content sits inside the padding
    Accessible.role: Accessible.ListItem
    Accessible.name: kindLabel.text + " " + main.text
    background: Rectangle {
        color: root.pressed ? Theme.surfaceAlt : Theme.surface
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: Theme.borderWidth; color: Theme.border }
    }
    contentItem: RowLayout {
        id: line
        spacing: Theme.spacing
        Label {
            text: Format.shortDate(root.date) + "\n" + root.date.substr(0, 4)
            font.pixelSize: Theme.fontLabel
            color: Theme.textMuted
            Layout.preferredWidth: Theme.touchTargetLarge
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            Label {
                id: kindLabel
                text: root.kind === "attendance" ? qsTr("培训") : root.kind === "screening_referral" ? qsTr("两癌转介") : qsTr("家访")
                font.pixelSize: Theme.fontCaption
                color: Theme.primary
            }
            Label {
                id: main
                Layout.fillWidth: true
                elide: Text.ElideRight
                font.pixelSize: Theme.fontBody
                color: Theme.text
                text: root.kind === "attendance" ? root.title
                    : root.kind === "screening_referral"
                      ? root.screenings.map(s => Labels.fields.screening_referral[s]).join(Format.listSeparator)
                      : root.purposes.map(p => Labels.names.purposes[p] || p).join(Format.listSeparator)
            }
            Label {
                Layout.fillWidth: true
                elide: Text.ElideRight
                font.pixelSize: Theme.fontLabel
                color: Theme.textMuted
                text: root.kind === "attendance"
                      ? [Labels.names.registered_via[root.via] || "", root.attended ? qsTr("已签到") : qsTr("未签到")].join(" · ")
                      : root.kind === "family_visit"
                        ? [qsTr("风险：%1").arg(Labels.names.risk_level[root.riskLevel] || qsTr("未填")),
                           root.followUpDue.length > 0 ? qsTr("回访 %1").arg(Format.shortDate(root.followUpDue)) : ""]
                          .filter(s => s.length > 0).join(" · ")
                        : root.followUpDue.length > 0 ? qsTr("下次跟进 %1").arg(Format.shortDate(root.followUpDue)) : ""
            }
        }
        Label {
            visible: root.kind === "screening_referral"
            text: root.statusLabels[root.status] || ""
            font.pixelSize: Theme.fontLabel
            color: root.status === "closed" ? Theme.textMuted : Theme.primaryDark
            padding: Theme.spacingTiny
            background: Rectangle { radius: Theme.radiusSmall; color: Theme.primaryLight }
        }
    }
    onClicked: {
        if (kind === "screening_referral")
            Nav.open("ReferralPage", { referralId: recordId })
        else if (kind === "family_visit")
            Nav.open("VisitPage", { visitId: recordId })
    }
}
