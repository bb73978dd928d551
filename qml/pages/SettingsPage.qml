import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Settings (director only, PRODUCT.md screen 9): language, text size, idle lock, high contrast, and
// the station's staff with their PINs on this device.
Page {
    id: root

    readonly property string screenName: "settings"

    background: Rectangle { color: Theme.background }
    header: PageHeader { showBack: false; title: qsTr("设置") }
    StackView.onActivated: staff.reload()

    StaffListModel { id: staff }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        GridLayout {
            width: Math.min(parent.width - 2 * Theme.spacing, Theme.listMaxWidth)
            x: (parent.width - width) / 2
            columns: root.width >= Theme.wideLayoutWidth ? 2 : 1
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing

            SectionCard {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: Theme.spacing
                title: qsTr("显示", "settings section: how the app looks")
                Label { text: qsTr("语言 Language"); font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
                ChoiceChips {
                    objectName: "language"
                    Layout.fillWidth: true
                    accessibleName: qsTr("语言")
                    options: [{ value: "zh_CN", label: "简体中文" }, { value: "en", label: "English" }]
                    selected: AppSettings.language
                    onToggled: (v) => AppSettings.language = v
                }
                Label { text: qsTr("文字大小：%1%").arg(Math.round(AppSettings.textScale * 100)); font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
                Slider {
                    objectName: "textScale"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    from: 1.0
                    to: 1.6
                    stepSize: 0.1
                    snapMode: Slider.SnapAlways
                    value: AppSettings.textScale
                    Accessible.role: Accessible.Slider
                    Accessible.name: qsTr("文字大小")
                    onMoved: AppSettings.textScale = value
                }
                SwitchRow {
                    objectName: "highContrast"
                    Layout.fillWidth: true
                    label: qsTr("高对比度")
                    checked: AppSettings.highContrast
                    onToggledByUser: (on) => AppSettings.highContrast = on
                }
                Label { text: qsTr("无操作自动锁定"); font.pixelSize: Theme.fontLabel; color: Theme.textMuted }
                ChoiceChips {
                    objectName: "idleLock"
                    Layout.fillWidth: true
                    accessibleName: qsTr("无操作自动锁定")
                    options: [1, 3, 5, 10].map(m => ({ value: String(m), label: qsTr("%n 分钟", "", m) }))
                    selected: String(AppSettings.idleLockMinutes)
                    onToggled: (v) => AppSettings.idleLockMinutes = parseInt(v)
                }
            }

            SectionCard {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: Theme.spacing
                title: qsTr("工作人员和 PIN")
                headerActions: AppButton {
                    objectName: "addStaff"
                    text: qsTr("添加")
                    onClicked: Nav.open("StaffPage", {})
                }
                Repeater {
                    model: staff
                    delegate: RowLayout {
                        id: person
                        required property string staffId
                        required property string name
                        required property string role
                        required property bool active
                        required property bool hasPin
                        required property bool blocked
                        required property int index
                        Layout.fillWidth: true
                        spacing: Theme.spacingSmall
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 0
                            Label { Layout.fillWidth: true; text: person.name; font.pixelSize: Theme.fontBody; font.bold: true; color: person.active ? Theme.text : Theme.textMuted }
                            Label {
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                                text: [Labels.names.role[person.role] || "", !person.active ? qsTr("已停用") : "",
                                       person.blocked ? qsTr("PIN 已锁定") : person.hasPin ? qsTr("本机已设 PIN") : qsTr("本机未设 PIN")]
                                      .filter(s => s.length > 0).join(" · ")
                                font.pixelSize: Theme.fontLabel
                                color: person.blocked ? Theme.danger : Theme.textMuted
                            }
                        }
                        AppButton {
                            visible: person.blocked
                            objectName: "unblock_" + person.index
                            kind: "danger"
                            text: qsTr("解除锁定")
                            onClicked: StaffSession.clearBlock(person.staffId)
                        }
                        AppButton {
                            visible: person.active
                            objectName: "setPin_" + person.index
                            text: person.hasPin ? qsTr("改 PIN") : qsTr("设 PIN")
                            onClicked: Nav.open("StaffPage", { staffId: person.staffId })
                        }
                        AppButton {
                            visible: person.staffId !== StaffSession.staffId
                            kind: "quiet"
                            text: person.active ? qsTr("停用") : qsTr("启用")
                            onClicked: {
                                const r = staff.setActive(person.staffId, !person.active)
                                if (!r.ok)
                                    Nav.toast(r.message)
                            }
                        }
                    }
                }
            }
        }
    }
}
