import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Walk-in registration beside the roster: find the woman by name, pinyin initials or phone tail,
// or register her in place with the few fields a walk-in needs. `chosen(residentId)` adds her.
Rectangle {
    id: root

    property bool creating: false
    property var errors: ({})
    signal chosen(string residentId)
    signal closed()

    function create() {
        const result = Residents.save("", { name: newName.text, gender: gender.selected, birth_date: birth.text,
                                            phone: phone.text, village: village.text, consentGeneral: consent.checked })
        errors = result.errors
        if (result.ok) {
            root.chosen(result.id)
            creating = false
            newName.text = ""; birth.text = ""; phone.text = ""
            search.text = ""
        }
    }

    color: Theme.surface
    border.color: Theme.border
    border.width: Theme.borderWidth
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("现场报名")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall
        RowLayout {
            Layout.fillWidth: true
            Label { Layout.fillWidth: true; text: qsTr("现场报名"); font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.primaryDark }
            AppButton { kind: "quiet"; text: qsTr("关闭"); onClicked: root.closed() }
        }
        SearchField {
            id: search
            objectName: "walkInSearch"
            visible: !root.creating
            Layout.fillWidth: true
        }
        ListView {
            id: results
            objectName: "walkInResults"
            visible: !root.creating
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: ResidentListModel { query: search.text; pageSize: 30 }
            delegate: ResidentDelegate { onClicked: root.chosen(residentId) }
            EmptyState {
                anchors.fill: parent
                visible: results.count === 0 && search.text.length > 0
                message: qsTr("没有找到。可以新建居民。")
            }
        }
        AppButton {
            objectName: "walkInCreate"
            visible: !root.creating
            Layout.fillWidth: true
            text: qsTr("新建居民并签到")
            onClicked: { root.creating = true; newName.text = search.text.match(/^[a-zA-Z0-9]*$/) ? "" : search.text }
        }
        ScrollView {
            visible: root.creating
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            ColumnLayout {
                width: parent.width
                spacing: Theme.spacingSmall
                FormField { id: newName; objectName: "walkInName"; Layout.fillWidth: true; label: Labels.fields.resident.name; error: root.errors.name || "" }
                ChoiceChips { id: gender; Layout.fillWidth: true; accessibleName: Labels.fields.resident.gender; options: Labels.options.gender; selected: "F" }
                DateField { id: birth; Layout.fillWidth: true; label: Labels.fields.resident.birth_date; error: root.errors.birth_date || "" }
                FormField { id: phone; Layout.fillWidth: true; label: Labels.fields.resident.phone; inputMethodHints: Qt.ImhDialableCharactersOnly; error: root.errors.phone || "" }
                FormField { id: village; Layout.fillWidth: true; label: Labels.fields.resident.village; text: AppContext.villages.length > 0 ? AppContext.villages[0] : ""; error: root.errors.village || "" }
                SwitchRow { id: consent; Layout.fillWidth: true; label: qsTr("本人同意登记个人信息"); checked: false }
                RowLayout {
                    Layout.fillWidth: true
                    AppButton { Layout.fillWidth: true; text: qsTr("取消"); onClicked: root.creating = false }
                    AppButton { objectName: "walkInSave"; Layout.fillWidth: true; kind: "primary"; text: qsTr("保存并签到"); onClicked: root.create() }
                }
            }
        }
    }
}
