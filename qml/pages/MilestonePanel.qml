import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The next step of a referral: screened → result → (abnormal) diagnosed → treated; or close it with
// a reason. Each step saves only its own fields, so a station and the district recording different
// steps offline never overwrite each other.
ColumnLayout {
    id: root

    property var referral: ({})
    property var errors: ({})
    signal saved()

    readonly property string status: referral.status || ""
    readonly property bool open: status !== "closed" && status !== "treated"
                                 && !(status === "result" && referral.result === "normal")

    function record(values) {
        const r = Referrals.save(referral.id, values)
        errors = r.errors
        if (r.ok) {
            Nav.toast(qsTr("已保存"))
            stepDate.text = Home.today
            saved()
        } else if (r.message.length > 0) {
            Nav.toast(r.message)
        }
    }

    spacing: Theme.spacing

    SectionCard {
        visible: root.open
        Layout.fillWidth: true
        title: root.status === "referred" ? qsTr("记录筛查")
             : root.status === "screened" ? qsTr("记录筛查结果")
             : root.status === "result" ? qsTr("记录确诊") : qsTr("记录治疗")
        ChoiceChips {
            id: result
            objectName: "resultChoice"
            visible: root.status === "screened"
            Layout.fillWidth: true
            accessibleName: Labels.fields.screening_referral.result
            options: Labels.options.result
        }
        DateField {
            id: stepDate
            objectName: "milestoneDate"
            Layout.fillWidth: true
            label: root.status === "referred" ? Labels.fields.screening_referral.screened_on
                 : root.status === "screened" ? Labels.fields.screening_referral.result_on
                 : root.status === "result" ? Labels.fields.screening_referral.diagnosed_on
                 : Labels.fields.screening_referral.treated_on
            text: Home.today
            error: root.errors.screened_on || root.errors.result_on || root.errors.diagnosed_on || root.errors.treated_on
                   || root.errors.result || ""
        }
        FormField {
            id: notes
            visible: root.status === "screened"
            Layout.fillWidth: true
            label: Labels.fields.screening_referral.result_notes
            error: root.errors.result_notes || ""
        }
        AppButton {
            objectName: "recordMilestone"
            Layout.fillWidth: true
            kind: "primary"
            text: qsTr("保存")
            enabled: root.status !== "screened" || result.selected.length > 0
            onClicked: {
                if (root.status === "referred")
                    root.record({ screened_on: stepDate.text })
                else if (root.status === "screened")
                    root.record({ result: result.selected, result_on: stepDate.text, result_notes: notes.text })
                else if (root.status === "result")
                    root.record({ diagnosed_on: stepDate.text })
                else
                    root.record({ treated_on: stepDate.text })
            }
        }
    }
    SectionCard {
        visible: root.open
        Layout.fillWidth: true
        title: qsTr("结案")
        ChoiceChips {
            id: reason
            objectName: "closeReason"
            Layout.fillWidth: true
            accessibleName: Labels.fields.screening_referral.closed_reason
            options: Labels.options.closed_reason
        }
        AppButton {
            objectName: "closeReferral"
            kind: "danger"
            text: qsTr("结案")
            enabled: reason.selected.length > 0
            onClicked: root.record({ closed_reason: reason.selected })
        }
    }
    Label {
        visible: !root.open
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: root.status === "treated" ? qsTr("已完成治疗，转介结束。")
            : root.status === "closed" ? qsTr("转介已结案。") : qsTr("筛查结果未见异常，转介结束。")
        font.pixelSize: Theme.fontBody
        color: Theme.success
    }
}
