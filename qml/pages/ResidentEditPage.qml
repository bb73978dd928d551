import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Create or edit a resident. Each field is checked when the person leaves it and again on save;
// the message stands at the field and everything typed stays. ID and phone numbers are whole only
// for a director; others see them masked and leave the field empty to keep them. On create, a
// possible duplicate is shown with "open the existing one".
Page {
    id: root

    property string residentId
    readonly property string screenName: residentId.length > 0 ? "residentEdit" : "newResident"
    property var person: residentId.length > 0 ? Residents.getForEdit(residentId) : ({ gender: "F", tags: [] })
    property var errors: ({})
    property var touched: ({})
    property var duplicates: []
    property bool duplicatesSeen: false
    property string message

    function collect() {
        return { name: name.text, gender: gender.selected, birth_date: birth.text, id_number: idNumber.text,
                 phone: phone.text, village: village.text, address: address.text, tags: tags.selected,
                 guardian_name: guardian.text, consentGeneral: consentGeneral.checked,
                 consentSensitive: consentSensitive.checked }
    }
    function check(field) {
        const t = Object.assign({}, touched)
        t[field] = true
        touched = t
        const all = Residents.validate(residentId, collect()).errors
        const shown = {}
        for (const f in all)
            if (touched[f])
                shown[f] = all[f]
        errors = shown
    }
    function save() {
        const form = collect()
        if (residentId.length === 0 && !duplicatesSeen) {
            duplicates = Residents.duplicates("", form)
            if (duplicates.length > 0) {
                duplicatesSeen = true
                return
            }
        }
        const result = Residents.save(residentId, form)
        errors = result.errors
        message = result.message
        if (result.ok) {
            Nav.toast(qsTr("已保存"))
            Nav.back()
            if (residentId.length === 0)
                Nav.open("ProfilePage", { residentId: result.id })
        }
    }

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        title: root.residentId.length > 0 ? qsTr("编辑居民") : qsTr("新建居民")
        AppButton { objectName: "saveResident"; kind: "primary"; text: qsTr("保存"); onClicked: root.save() }
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
                objectName: "duplicateWarning"
                visible: root.duplicates.length > 0
                Layout.fillWidth: true
                color: Theme.warningLight
                title: qsTr("可能已经登记过")
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("下面的居民身份证号相同，或姓名、出生日期和村都相同。请先看看是不是同一个人。")
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                }
                Repeater {
                    model: root.duplicates
                    delegate: RowLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        Label {
                            Layout.fillWidth: true
                            text: [modelData.name, modelData.village, Format.longDate(modelData.birthDate), modelData.idNumber]
                                  .filter(s => s && s.length > 0).join(" · ")
                            font.pixelSize: Theme.fontBody
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        AppButton {
                            objectName: "openExisting"
                            kind: "primary"
                            text: qsTr("打开已有的")
                            onClicked: { Nav.back(); Nav.open("ProfilePage", { residentId: modelData.id }) }
                        }
                    }
                }
                AppButton {
                    objectName: "saveAnyway"
                    text: qsTr("不是同一个人，仍然新建")
                    onClicked: root.save()
                }
            }

            FormField { id: name; objectName: "name"; Layout.fillWidth: true; label: Labels.fields.resident.name; text: root.person.name || ""; error: root.errors.name || ""; maximumLength: 50; onEdited: root.check("name") }
            Label { text: Labels.fields.resident.gender; font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
            ChoiceChips { id: gender; Layout.fillWidth: true; accessibleName: Labels.fields.resident.gender; options: Labels.options.gender; selected: root.person.gender || ""; onToggled: root.check("gender") }
            DateField { id: birth; objectName: "birthDate"; Layout.fillWidth: true; label: Labels.fields.resident.birth_date; text: root.person.birth_date || ""; error: root.errors.birth_date || ""; onEdited: root.check("birth_date") }
            FormField {
                id: idNumber
                objectName: "idNumber"
                Layout.fillWidth: true
                label: Labels.fields.resident.id_number
                text: root.person.id_number || ""
                placeholder: root.person.wholeNumbers || !root.person.hasIdNumber ? qsTr("18位，可不填") : root.person.maskedIdNumber
                hint: !root.person.wholeNumbers && root.person.hasIdNumber ? qsTr("已登记，号码已隐藏。留空则保持不变。") : ""
                error: root.errors.id_number || ""
                maximumLength: 18
                inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                onEdited: root.check("id_number")
            }
            FormField {
                id: phone
                objectName: "phone"
                Layout.fillWidth: true
                label: Labels.fields.resident.phone
                text: root.person.phone || ""
                placeholder: root.person.wholeNumbers || !root.person.hasPhone ? qsTr("11位手机号，可不填") : root.person.maskedPhone
                hint: !root.person.wholeNumbers && root.person.hasPhone ? qsTr("已登记，号码已隐藏。留空则保持不变。") : ""
                error: root.errors.phone || ""
                maximumLength: 13
                inputMethodHints: Qt.ImhDialableCharactersOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                onEdited: root.check("phone")
            }
            FormField { id: village; objectName: "village"; Layout.fillWidth: true; label: Labels.fields.resident.village; text: root.person.village || ""; error: root.errors.village || ""; onEdited: root.check("village") }
            ChoiceChips {
                Layout.fillWidth: true
                accessibleName: qsTr("本站的村")
                options: AppContext.villages.map(v => ({ value: v, label: v }))
                selected: village.text
                onToggled: (v) => { village.text = v; root.check("village") }
            }
            FormField { id: address; Layout.fillWidth: true; label: Labels.fields.resident.address; text: root.person.address || ""; error: root.errors.address || ""; onEdited: root.check("address") }
            Label { text: Labels.fields.resident.tags; font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
            ChoiceChips { id: tags; Layout.fillWidth: true; multi: true; accessibleName: Labels.fields.resident.tags; options: Labels.options.tags; selected: root.person.tags || [] }
            FormField {
                id: guardian
                objectName: "guardian"
                Layout.fillWidth: true
                label: Labels.fields.resident.guardian_name
                hint: qsTr("未满14岁须填写")
                text: root.person.guardian_name || ""
                error: root.errors.guardian_name || ""
                onEdited: root.check("guardian_name")
            }
            SwitchRow { id: consentGeneral; Layout.fillWidth: true; label: qsTr("本人同意登记和使用个人信息"); checked: root.person.consentGeneral === true }
            SwitchRow { id: consentSensitive; Layout.fillWidth: true; label: qsTr("本人另行同意登记身份证号等敏感信息"); checked: root.person.consentSensitive === true }
            Label {
                objectName: "formMessage"
                visible: root.message.length > 0
                text: root.message
                color: Theme.danger
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                font.pixelSize: Theme.fontBody
            }
            AppButton { Layout.fillWidth: true; kind: "primary"; text: qsTr("保存"); onClicked: root.save() }
            Item { implicitHeight: Theme.spacingLarge }
        }
    }
}
