import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// 两癌 screening referral (PRODUCT.md screen 6). New (from a profile): the age rule warns and asks
// for a reason outside 35–64, the facility comes from reference data. Existing: the milestones as a
// stepper; the status is derived from them.
Page {
    id: root

    property string referralId
    property string residentId
    readonly property string screenName: referralId.length > 0 ? "referral" : "newReferral"
    property var referral: referralId.length > 0 ? Referrals.get(referralId) : ({})
    readonly property var blank: Referrals.blank(residentId)
    readonly property var person: Residents.get(referralId.length > 0 ? referral.resident_id : residentId)
    readonly property var age: Referrals.ageCheck(residentId, referredOn.text)
    property var errors: ({})
    property string message

    function create() {
        const result = Referrals.save("", {
            resident_id: residentId, cervical: cervical.checked, breast: breast.checked, referred_on: referredOn.text,
            facility_code: facility.selected, appointment_date: appointment.text,
            age_exception_reason: age.inRange ? "" : reason.text })
        errors = result.errors
        message = result.message
        if (result.ok) {
            Nav.toast(qsTr("已转介"))
            referralId = result.id
        }
    }

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        title: root.referralId.length > 0 ? qsTr("两癌筛查转介") : qsTr("新的两癌筛查转介")
        subtitle: root.person.name || ""
        AppButton {
            objectName: "saveReferral"
            visible: root.referralId.length === 0
            kind: "primary"
            text: qsTr("转介")
            onClicked: root.create()
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

            // A new referral.
            ColumnLayout {
                visible: root.referralId.length === 0
                Layout.fillWidth: true
                spacing: Theme.spacing
                SwitchRow { id: cervical; objectName: "cervical"; Layout.fillWidth: true; label: Labels.fields.screening_referral.cervical; checked: root.blank.cervical === true }
                SwitchRow { id: breast; objectName: "breast"; Layout.fillWidth: true; label: Labels.fields.screening_referral.breast; checked: root.blank.breast === true }
                Label { visible: !!root.errors.cervical; text: root.errors.cervical || ""; color: Theme.danger; font.pixelSize: Theme.fontLabel; wrapMode: Text.Wrap; Layout.fillWidth: true }
                DateField { id: referredOn; objectName: "referredOn"; Layout.fillWidth: true; label: Labels.fields.screening_referral.referred_on; text: root.blank.referred_on || ""; error: root.errors.referred_on || "" }
                SectionCard {
                    objectName: "ageWarning"
                    visible: root.age.known && !root.age.inRange
                    Layout.fillWidth: true
                    color: Theme.warningLight
                    title: qsTr("不在筛查年龄内")
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("她在转介日为 %1 岁。国家两癌筛查面向 %2–%3 岁的妇女。可以转介，但请写明原因。")
                              .arg(root.age.age).arg(root.age.minAge).arg(root.age.maxAge)
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                    }
                    FormField { id: reason; objectName: "ageReason"; Layout.fillWidth: true; label: Labels.fields.screening_referral.age_exception_reason; error: root.errors.age_exception_reason || "" }
                }
                Label { text: Labels.fields.screening_referral.facility_code; font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
                ChoiceChips {
                    id: facility
                    Layout.fillWidth: true
                    accessibleName: Labels.fields.screening_referral.facility_code
                    options: Referrals.facilities.map(f => ({ value: f.code, label: f.name }))
                    selected: root.blank.facility_code || ""
                }
                DateField { id: appointment; Layout.fillWidth: true; label: Labels.fields.screening_referral.appointment_date; text: root.blank.appointment_date || ""; error: root.errors.appointment_date || "" }
                Label { visible: root.message.length > 0; text: root.message; color: Theme.danger; wrapMode: Text.Wrap; Layout.fillWidth: true }
                AppButton { Layout.fillWidth: true; kind: "primary"; text: qsTr("转介"); onClicked: root.create() }
            }

            // An existing referral: where it stands, and the next step.
            SectionCard {
                visible: root.referralId.length > 0
                Layout.fillWidth: true
                title: root.referral.status === "closed" ? qsTr("已结案：%1").arg(Labels.names.closed_reason[root.referral.closed_reason] || "")
                                                          : qsTr("进度")
                Stepper {
                    objectName: "stepper"
                    Layout.fillWidth: true
                    steps: [qsTr("转介", "pipeline step"), qsTr("筛查", "pipeline step"), qsTr("结果", "pipeline step"),
                            qsTr("确诊", "pipeline step"), qsTr("治疗", "pipeline step")]
                    current: Math.min(root.referral.step || 0, 4)
                    closed: root.referral.status === "closed"
                }
                Label {
                    objectName: "referralStatus"
                    text: root.referral.status || ""
                    visible: false
                }
            }
            SectionCard {
                visible: root.referralId.length > 0
                Layout.fillWidth: true
                title: qsTr("转介信息")
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                    text: [[root.referral.cervical ? Labels.fields.screening_referral.cervical : "",
                            root.referral.breast ? Labels.fields.screening_referral.breast : ""].filter(s => s.length > 0).join(Format.listSeparator),
                           root.referral.facilityName || ""].filter(s => s.length > 0).join(" · ")
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontLabel
                    color: Theme.textMuted
                    text: [qsTr("转介 %1").arg(Format.longDate(root.referral.referred_on)),
                           root.referral.appointment_date ? qsTr("预约 %1").arg(Format.longDate(root.referral.appointment_date)) : "",
                           root.referral.screened_on ? qsTr("筛查 %1").arg(Format.longDate(root.referral.screened_on)) : "",
                           root.referral.diagnosed_on ? qsTr("确诊 %1").arg(Format.longDate(root.referral.diagnosed_on)) : "",
                           root.referral.treated_on ? qsTr("治疗 %1").arg(Format.longDate(root.referral.treated_on)) : ""]
                          .filter(s => s.length > 0).join(" · ")
                }
                SensitiveText {
                    visible: !!root.referral.result
                    Layout.fillWidth: true
                    label: Labels.fields.screening_referral.result
                    value: root.referral.result ? (Labels.names.result[root.referral.result] || "")
                                                  + (root.referral.result_notes ? " · " + root.referral.result_notes : "") : ""
                }
                Label {
                    visible: !!root.referral.follow_up_due
                    text: qsTr("下次跟进：%1").arg(Format.longDate(root.referral.follow_up_due))
                    font.pixelSize: Theme.fontBody
                    color: Theme.primaryDark
                }
            }
            MilestonePanel {
                visible: root.referralId.length > 0
                Layout.fillWidth: true
                referral: root.referral
                onSaved: root.referral = Referrals.get(root.referralId)
            }
            Item { implicitHeight: Theme.spacingLarge }
        }
    }
}
