import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A resident's profile: who she is (numbers masked), her history newest first, and what staff can
// do next: refer her for screening, log a visit, edit, merge a duplicate (director).
Page {
    id: root

    property string residentId
    readonly property string screenName: "profile"
    property var person: Residents.get(residentId)

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        title: root.person.name || ""
        subtitle: root.person.needsReview ? qsTr("自助报名，待妇女主任确认") : ""
        AppButton { objectName: "editResident"; text: qsTr("编辑"); onClicked: Nav.open("ResidentEditPage", { residentId: root.residentId }) }
        AppButton {
            visible: StaffSession.director
            text: qsTr("合并重复")
            onClicked: Nav.open("MergePage", { residentId: root.residentId })
        }
    }
    StackView.onActivated: {
        person = Residents.get(residentId)
        history.reload()
    }

    HistoryModel {
        id: history
        objectName: "historyModel"
        residentId: root.residentId
    }

    component Fact: RowLayout {
        property string label
        property string value
        visible: value.length > 0
        spacing: Theme.spacingSmall
        Label { text: parent.label; font.pixelSize: Theme.fontLabel; color: Theme.textMuted; Layout.preferredWidth: Theme.tileMinWidth * 0.8 }
        Label { text: parent.value; font.pixelSize: Theme.fontBody; color: Theme.text; wrapMode: Text.Wrap; Layout.fillWidth: true }
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        columns: root.width > root.height ? 2 : 1
        columnSpacing: Theme.spacing
        rowSpacing: Theme.spacing

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 2
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing
            SectionCard {
                Layout.fillWidth: true
                title: qsTr("基本信息")
                Fact { label: Labels.fields.resident.gender; value: Labels.names.gender[root.person.gender] || "" }
                Fact {
                    label: Labels.fields.resident.birth_date
                    value: root.person.birth_date ? Format.longDate(root.person.birth_date) + "（" + qsTr("%n 岁", "", root.person.age) + "）" : ""
                }
                Fact { objectName: "maskedId"; label: Labels.fields.resident.id_number; value: root.person.maskedIdNumber || "" }
                Fact { objectName: "maskedPhone"; label: Labels.fields.resident.phone; value: root.person.maskedPhone || "" }
                Fact { label: Labels.fields.resident.village; value: root.person.village || "" }
                Fact { label: Labels.fields.resident.address; value: root.person.address || "" }
                Fact { label: Labels.fields.resident.guardian_name; value: root.person.guardian_name || "" }
                Fact {
                    label: Labels.fields.resident.tags
                    value: (root.person.tags || []).map(t => Labels.names.tags[t] || t).join("、")
                }
                Fact {
                    label: qsTr("同意")
                    value: [root.person.consentGeneral ? qsTr("个人信息") : "", root.person.consentSensitive ? qsTr("敏感信息") : ""]
                           .filter(s => s.length > 0).join("、")
                }
            }
            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.spacing
                AppButton {
                    objectName: "newReferral"
                    Layout.fillWidth: true
                    kind: "primary"
                    text: qsTr("两癌筛查转介")
                    enabled: root.person.gender !== "M"
                    onClicked: Nav.open("ReferralPage", { residentId: root.residentId })
                }
                AppButton {
                    objectName: "newVisit"
                    Layout.fillWidth: true
                    kind: "primary"
                    text: qsTr("记录家访")
                    onClicked: Nav.open("VisitPage", { residentId: root.residentId })
                }
            }
        }
        SectionCard {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 3
            title: qsTr("服务记录（%1）").arg(history.count + (history.hasMore ? "+" : ""))
            ListView {
                id: historyList
                objectName: "historyList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: history
                delegate: HistoryDelegate {}
                ScrollBar.vertical: ScrollBar {}
                EmptyState {
                    anchors.fill: parent
                    visible: historyList.count === 0
                    message: qsTr("还没有服务记录。")
                }
            }
        }
    }
}
