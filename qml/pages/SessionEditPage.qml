import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Create or edit a training session: every PRODUCT.md field. Errors appear at their fields.
Page {
    id: root

    property string sessionId
    readonly property string screenName: sessionId.length > 0 ? "sessionEdit" : "newSession"
    property var form: sessionId.length > 0 ? Trainings.get(sessionId) : Trainings.blank()
    property var errors: ({})
    property string message

    function save() {
        const result = Trainings.save(sessionId, {
            title: title.text, category: category.selected, date: date.text, startTime: startTime.text,
            endTime: endTime.text, location: location.text, trainer: trainer.text, capacity: capacity.text,
            status: status.selected, selfRegistration: selfRegistration.checked })
        errors = result.errors
        message = result.message
        if (result.ok) {
            Nav.toast(qsTr("已保存"))
            if (sessionId.length === 0) {
                Nav.back()
                Nav.open("RosterPage", { sessionId: result.id })
            } else {
                Nav.back()
            }
        }
    }

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        title: root.sessionId.length > 0 ? qsTr("编辑培训") : qsTr("新建培训")
        AppButton { objectName: "saveSession"; kind: "primary"; text: qsTr("保存"); onClicked: root.save() }
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(parent.width - 2 * Theme.spacing, Theme.formMaxWidth)
            x: (parent.width - width) / 2
            spacing: Theme.spacing
            Item { implicitHeight: Theme.spacingSmall }
            FormField {
                id: title
                objectName: "title"
                Layout.fillWidth: true
                label: Labels.fields.training_session.title
                text: root.form.title || ""
                error: root.errors.title || ""
                maximumLength: 100
            }
            Label { text: Labels.fields.training_session.category; font.pixelSize: Theme.fontLabel; color: root.errors.category ? Theme.danger : Theme.textMuted }
            ChoiceChips {
                id: category
                objectName: "category"
                Layout.fillWidth: true
                accessibleName: Labels.fields.training_session.category
                options: Labels.options.category
                selected: root.form.category || ""
            }
            Label { visible: !!root.errors.category; text: root.errors.category || ""; color: Theme.danger; font.pixelSize: Theme.fontLabel }
            GridLayout {
                Layout.fillWidth: true
                columns: root.width >= Theme.wideLayoutWidth ? 3 : 1
                columnSpacing: Theme.spacing
                DateField { id: date; objectName: "date"; Layout.fillWidth: true; label: qsTr("日期"); text: root.form.date || ""; error: root.errors.date || "" }
                FormField {
                    id: startTime
                    objectName: "startTime"
                    Layout.fillWidth: true
                    label: Labels.fields.training_session.starts_at
                    placeholder: "09:00"
                    inputMethodHints: Qt.ImhPreferNumbers
                    text: root.form.startTime || ""
                    error: root.errors.startTime || ""
                }
                FormField {
                    id: endTime
                    objectName: "endTime"
                    Layout.fillWidth: true
                    label: Labels.fields.training_session.ends_at
                    placeholder: "11:00"
                    inputMethodHints: Qt.ImhPreferNumbers
                    text: root.form.endTime || ""
                    error: root.errors.endTime || ""
                }
            }
            FormField { id: location; objectName: "location"; Layout.fillWidth: true; label: Labels.fields.training_session.location; text: root.form.location || ""; error: root.errors.location || "" }
            FormField { id: trainer; objectName: "trainer"; Layout.fillWidth: true; label: Labels.fields.training_session.trainer; text: root.form.trainer || ""; error: root.errors.trainer || "" }
            FormField {
                id: capacity
                objectName: "capacity"
                Layout.fillWidth: true
                label: Labels.fields.training_session.capacity
                inputMethodHints: Qt.ImhDigitsOnly
                text: root.form.capacity || ""
                error: root.errors.capacity || ""
                hint: qsTr("留空表示不限人数")
            }
            Label { text: Labels.fields.training_session.status; font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
            ChoiceChips {
                id: status
                Layout.fillWidth: true
                accessibleName: Labels.fields.training_session.status
                options: Labels.options.status
                selected: root.form.status || "planned"
            }
            SwitchRow {
                id: selfRegistration
                Layout.fillWidth: true
                label: Labels.fields.training_session.self_registration
                detail: qsTr("居民可以在本机首页自己报名")
                checked: root.form.selfRegistration === true
            }
            Label {
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
