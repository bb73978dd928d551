import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Family visit (PRODUCT.md screen 7). New (`residentId`): purposes, risk, DV risk, notes, next visit.
// With DV risk or high risk the form turns the follow-up on and keeps the next visit within 7 days.
// A visit made as a follow-up names the earlier one, which closes its follow-up. With `visitId`, the
// visit as recorded (sensitive values hidden until tapped) and "log the follow-up".
Page {
    id: root

    property string residentId
    property string visitId
    property string followsVisitId
    readonly property string screenName: "visit"
    readonly property bool viewing: visitId.length > 0
    readonly property var visit: viewing ? Visits.get(visitId) : ({})
    readonly property var blank: Visits.blank(residentId)
    readonly property var openFollowUps: viewing ? [] : Visits.openFollowUps(residentId)
    readonly property var person: Residents.get(viewing ? visit.resident_id : residentId)
    readonly property bool forced: Visits.forcesFollowUp(dvRisk.checked, risk.selected)
    readonly property string latest: Visits.latestFollowUp(date.text)
    property var errors: ({})
    property string message

    // The rule, visibly: a risky visit needs a follow-up within 7 days.
    onForcedChanged: {
        if (forced) {
            followUp.checked = true
            if (nextVisit.text.length === 0 || nextVisit.text > latest)
                nextVisit.text = latest
        }
    }

    function save() {
        const result = Visits.save({
            resident_id: residentId, date: date.text, time: time.text, purposes: purposes.selected,
            risk_level: risk.selected, dv_risk: dvRisk.checked, notes: notes.text,
            follow_up_needed: followUp.checked, next_visit_due: followUp.checked ? nextVisit.text : "",
            follows_visit_id: followsPrevious.checked ? followsPrevious.visitId : "" })
        errors = result.errors
        message = result.message
        if (result.ok) {
            Nav.toast(qsTr("已保存家访"))
            Nav.back()
        }
    }

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        title: root.viewing ? qsTr("家访记录") : qsTr("记录家访")
        subtitle: root.person.name || ""
        AppButton {
            objectName: "saveVisit"
            visible: !root.viewing
            kind: "primary"
            text: qsTr("保存")
            onClicked: root.save()
        }
        AppButton {
            visible: root.viewing && root.visit.follow_up_needed && !root.visit.followedUp
            kind: "primary"
            text: qsTr("记录回访")
            onClicked: Nav.open("VisitPage", { residentId: root.visit.resident_id, followsVisitId: root.visitId })
        }
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(parent.width - 2 * Theme.spacing, Theme.formMaxWidth)
            x: (parent.width - width) / 2
            spacing: Theme.spacing
            Item { implicitHeight: Theme.spacingSmall }

            SectionCard {
                visible: root.viewing
                Layout.fillWidth: true
                title: Format.longDate(root.visit.date) + " " + (root.visit.time || "")
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                    text: (root.visit.purposes || []).map(p => Labels.names.purposes[p] || p).join(Format.listSeparator)
                }
                Label {
                    text: qsTr("风险等级：%1").arg(Labels.names.risk_level[root.visit.risk_level] || qsTr("未填"))
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                }
                SensitiveText { Layout.fillWidth: true; label: Labels.fields.family_visit.dv_risk; value: root.viewing ? (root.visit.dv_risk ? qsTr("有") : qsTr("无")) : "" }
                SensitiveText { Layout.fillWidth: true; label: Labels.fields.family_visit.notes; value: root.visit.notes || "" }
                Label {
                    visible: root.visit.follow_up_needed === true
                    text: root.visit.followedUp ? qsTr("已回访") : qsTr("回访截止：%1").arg(Format.longDate(root.visit.next_visit_due))
                    font.pixelSize: Theme.fontBody
                    color: root.visit.followedUp ? Theme.success : Theme.primaryDark
                }
                Label {
                    visible: (root.visit.visitorName || "").length > 0
                    text: qsTr("走访人：%1").arg(root.visit.visitorName || "")
                    font.pixelSize: Theme.fontLabel
                    color: Theme.textMuted
                }
            }

            ColumnLayout {
                visible: !root.viewing
                Layout.fillWidth: true
                spacing: Theme.spacing
                SwitchRow {
                    id: followsPrevious
                    objectName: "followsPrevious"
                    property string visitId: root.followsVisitId.length > 0 ? root.followsVisitId : (root.blank.follows_visit_id || "")
                    readonly property var previous: root.openFollowUps.find(v => v.id === visitId)
                    visible: visitId.length > 0 && previous !== undefined
                    Layout.fillWidth: true
                    checked: true
                    label: previous ? qsTr("这次是对 %1 那次家访的回访").arg(Format.longDate(previous.date)) : ""
                    detail: qsTr("保存后，那次家访的回访就完成了")
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: Theme.spacing
                    DateField { id: date; Layout.fillWidth: true; label: qsTr("走访日期"); text: root.blank.date || ""; error: root.errors.visited_at || "" }
                    FormField { id: time; Layout.fillWidth: true; label: qsTr("时间"); text: root.blank.time || ""; placeholder: "14:30"; inputMethodHints: Qt.ImhPreferNumbers }
                }
                Label { text: Labels.fields.family_visit.purposes; font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
                ChoiceChips { id: purposes; objectName: "purposes"; Layout.fillWidth: true; multi: true; accessibleName: Labels.fields.family_visit.purposes; options: Labels.options.purposes; selected: [] }
                Label { visible: !!root.errors.purposes; text: root.errors.purposes || ""; color: Theme.danger; font.pixelSize: Theme.fontLabel }
                Label { text: Labels.fields.family_visit.risk_level; font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
                ChoiceChips { id: risk; objectName: "riskLevel"; Layout.fillWidth: true; accessibleName: Labels.fields.family_visit.risk_level; options: Labels.options.risk_level; selected: root.blank.risk_level || "none" }
                SwitchRow {
                    id: dvRisk
                    objectName: "dvRisk"
                    Layout.fillWidth: true
                    label: Labels.fields.family_visit.dv_risk
                    detail: qsTr("敏感信息，只有本站工作人员可见")
                }
                Label { text: Labels.fields.family_visit.notes; font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
                TextArea {
                    id: notes
                    objectName: "notes"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.textAreaHeight
                    wrapMode: TextEdit.Wrap
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                    placeholderText: qsTr("走访情况，不要写与服务无关的隐私")
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    Accessible.role: Accessible.EditableText
                    Accessible.name: Labels.fields.family_visit.notes
                }
                Label { visible: !!root.errors.notes; text: root.errors.notes || ""; color: Theme.danger; font.pixelSize: Theme.fontLabel; wrapMode: Text.Wrap; Layout.fillWidth: true }
                SwitchRow {
                    id: followUp
                    objectName: "followUp"
                    Layout.fillWidth: true
                    label: Labels.fields.family_visit.follow_up_needed
                    locked: root.forced
                    detail: root.forced ? qsTr("有家暴风险或高风险：必须在 %n 天内回访", "", Visits.followUpDays) : ""
                }
                Label { visible: !!root.errors.follow_up_needed; text: root.errors.follow_up_needed || ""; color: Theme.danger; font.pixelSize: Theme.fontLabel; wrapMode: Text.Wrap; Layout.fillWidth: true }
                DateField {
                    id: nextVisit
                    objectName: "nextVisit"
                    visible: followUp.checked
                    Layout.fillWidth: true
                    label: Labels.fields.family_visit.next_visit_due
                    hint: root.forced ? qsTr("最晚 %1").arg(Format.longDate(root.latest)) : ""
                    error: root.errors.next_visit_due || ""
                }
                Label { visible: root.message.length > 0; text: root.message; color: Theme.danger; wrapMode: Text.Wrap; Layout.fillWidth: true }
                AppButton { Layout.fillWidth: true; kind: "primary"; text: qsTr("保存"); onClicked: root.save() }
            }
            Item { implicitHeight: Theme.spacingLarge }
        }
    }
}
