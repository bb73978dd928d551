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
    readonly property bool wide: width >= Theme.wideLayoutWidth
    readonly property string historyTitle: qsTr("服务记录（%1）").arg(history.count + (history.hasMore ? "+" : ""))
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
        // Both on the row's baseline: a wrapped value makes the row taller, and its name stays on the first line.
        Label { text: parent.label; font.pixelSize: Theme.fontLabel; color: Theme.textMuted; Layout.preferredWidth: Theme.tileMinWidth * 0.8; Layout.alignment: Qt.AlignBaseline }
        Label { text: parent.value; font.pixelSize: Theme.fontBody; color: Theme.text; wrapMode: Text.Wrap; Layout.fillWidth: true; Layout.alignment: Qt.AlignBaseline }
    }

    // Who she is and what to do next: beside the history when the page is wide, above it (as the
    // list's header, so it scrolls away) when narrow or at large text sizes.
    component Details: ColumnLayout {
    spacing: Theme.spacing
        SectionCard {
            Layout.fillWidth: true
            title: qsTr("基本信息")
            Fact { label: Labels.fields.resident.gender; value: Labels.names.gender[root.person.gender] || "" }
            Fact {
                label: Labels.fields.resident.birth_date
                value: root.person.birth_date ? Format.longDate(root.person.birth_date) + Format.inBrackets(qsTr("%n 岁", "", root.person.age)) : ""
            }
            Fact { objectName: "maskedId"; label: Labels.fields.resident.id_number; value: root.person.maskedIdNumber || "" }
            Fact { objectName: "maskedPhone"; label: Labels.fields.resident.phone; value: root.person.maskedPhone || "" }
            Fact { label: Labels.fields.resident.village; value: root.person.village || "" }
            Fact { label: Labels.fields.resident.address; value: root.person.address || "" }
            Fact { label: Labels.fields.resident.guardian_name; value: root.person.guardian_name || "" }
            Fact {
                label: Labels.fields.resident.tags
                value: (root.person.tags || []).map(t => Labels.names.tags[t] || t).join(Format.listSeparator)
            }
            Fact {
                label: qsTr("同意")
                value: [root.person.consentGeneral ? qsTr("个人信息") : "", root.person.consentSensitive ? qsTr("敏感信息") : ""]
                       .filter(s => s.length > 0).join(Format.listSeparator)
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

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        Details {
            visible: root.wide
            Layout.fillWidth: true
            Layout.preferredWidth: 2
            Layout.alignment: Qt.AlignTop
        }
        SectionCard {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 3
            title: root.wide ? root.historyTitle : ""
            ListView {
                id: historyList
                objectName: "historyList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: history
                header: root.wide ? null : narrowHeader
                delegate: HistoryDelegate {}
                ScrollBar.vertical: ScrollBar {}
                EmptyState {
                    anchors.fill: parent
                    anchors.topMargin: historyList.headerItem ? historyList.headerItem.height : 0
                    visible: historyList.count === 0
                    message: qsTr("还没有服务记录。")
                }
            }
        }
    }
    Component {
        id: narrowHeader
        ColumnLayout {
            width: ListView.view ? ListView.view.width : 0
            spacing: Theme.spacing
            Details {
                Layout.fillWidth: true
            }
            Label {
                text: root.historyTitle
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.primaryDark
                bottomPadding: Theme.spacingSmall
            }
        }
    }
}
