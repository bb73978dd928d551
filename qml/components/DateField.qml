import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A date as "yyyy-MM-dd": typed (fast for birth dates), or picked on a month calendar.
ColumnLayout {
    id: root

    property string label
    property string error
    property string hint
    property alias text: field.text
    signal edited()

    spacing: Theme.spacingTiny

    Label {
        text: root.label
        color: root.error.length > 0 ? Theme.danger : Theme.textMuted
        font.pixelSize: Theme.fontLabel
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingSmall
        TextField {
            id: field
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            font.pixelSize: Theme.fontBody
            color: Theme.text
            placeholderText: qsTr("年-月-日，如 2024-03-08")
            inputMethodHints: Qt.ImhPreferNumbers
            maximumLength: 10
            Accessible.role: Accessible.EditableText
            Accessible.name: root.label
            Accessible.description: root.error
            onEditingFinished: root.edited()
        }
        AppButton {
            text: qsTr("日历")
            Accessible.name: qsTr("从日历选择%1").arg(root.label)
            onClicked: {
                const p = Format.parts(field.text) || Format.parts(Home.today)
                picker.year = p.y
                picker.month = p.m - 1
                picker.open()
            }
        }
    }
    Label {
        visible: root.error.length > 0
        text: root.error
        color: Theme.danger
        font.pixelSize: Theme.fontLabel
        wrapMode: Text.Wrap
        Layout.fillWidth: true
        Accessible.role: Accessible.AlertMessage
        Accessible.name: root.error
    }
    Label {
        visible: root.hint.length > 0 && root.error.length === 0
        text: root.hint
        color: Theme.textMuted
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }

    Popup {
        id: picker
        property int year: 2000
        property int month: 0
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Theme.calendarWidth
        padding: Theme.spacing
        contentItem: ColumnLayout {
            spacing: Theme.spacingSmall
            RowLayout {
                Layout.fillWidth: true
                AppButton {
                    kind: "quiet"
                    text: "‹"
                    Accessible.name: qsTr("上个月")
                    onClicked: { if (picker.month === 0) { picker.month = 11; picker.year-- } else picker.month-- }
                }
                Label {
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: Format.monthTitle(picker.year, picker.month + 1)
                    font.pixelSize: Theme.fontTitle
                    color: Theme.text
                }
                AppButton {
                    kind: "quiet"
                    text: "›"
                    Accessible.name: qsTr("下个月")
                    onClicked: { if (picker.month === 11) { picker.month = 0; picker.year++ } else picker.month++ }
                }
            }
            DayOfWeekRow {
                Layout.fillWidth: true
                locale: AppSettings.chinese ? Qt.locale("zh_CN") : Qt.locale("en_GB")
                font.pixelSize: Theme.fontCaption
            }
            MonthGrid {
                id: grid
                Layout.fillWidth: true
                year: picker.year
                month: picker.month
                locale: AppSettings.chinese ? Qt.locale("zh_CN") : Qt.locale("en_GB")
                font.pixelSize: Theme.fontBody
                delegate: Label {
                    required property var model
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    opacity: model.month === grid.month ? 1 : Theme.disabledOpacity
                    text: model.day
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                    height: Theme.touchTarget
                }
                onClicked: (date) => {
                    const pad = (n) => (n < 10 ? "0" : "") + n
                    field.text = date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate())
                    picker.close()
                    root.edited()
                }
            }
        }
    }
}
