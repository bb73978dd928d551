import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Director: add a staff member, and let a staff member choose her PIN on this device while the
// director is present (PRODUCT.md "Staff, PINs and recovery").
Page {
    id: root

    property string staffId
    readonly property string screenName: "staff"
    property string firstPin
    property string message
    property var errors: ({})
    readonly property string personName: StaffSession.nameOf(staffId)

    background: Rectangle { color: Theme.background }
    header: PageHeader { title: root.staffId.length > 0 ? qsTr("设置 PIN") : qsTr("添加工作人员") }

    StaffListModel { id: model }
    Connections {
        target: StaffSession
        function onPinSetFinished(ok, message) {
            if (ok) {
                Nav.toast(qsTr("PIN 已设置"))
                Nav.back()
            } else {
                root.message = message
                root.firstPin = ""
                pad.clear()
            }
        }
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.spacing, Theme.formMaxWidth)
        spacing: Theme.spacing

        ColumnLayout {
            visible: root.staffId.length === 0
            Layout.fillWidth: true
            spacing: Theme.spacing
            FormField { id: name; objectName: "staffName"; Layout.fillWidth: true; label: Labels.fields.staff.name; error: root.errors.name || "" }
            ChoiceChips { id: role; Layout.fillWidth: true; accessibleName: Labels.fields.staff.role; options: Labels.options.role; selected: "volunteer" }
            FormField { id: phone; Layout.fillWidth: true; label: Labels.fields.staff.phone; inputMethodHints: Qt.ImhDialableCharactersOnly; error: root.errors.phone || "" }
            AppButton {
                objectName: "saveStaff"
                Layout.fillWidth: true
                kind: "primary"
                text: qsTr("添加并设置 PIN")
                onClicked: {
                    const r = model.add({ name: name.text, role: role.selected, phone: phone.text })
                    root.errors = r.errors
                    root.message = r.message
                    if (r.ok) {
                        model.reload()
                        root.staffId = r.id
                    }
                }
            }
        }
        ColumnLayout {
            visible: root.staffId.length > 0
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                text: root.firstPin.length === 0 ? qsTr("请 %1 本人输入新的 PIN（4 到 6 位数字）").arg(root.personName)
                                                 : qsTr("请再输入一次")
                font.pixelSize: Theme.fontTitle
                color: Theme.text
            }
            PinPad {
                id: pad
                Layout.alignment: Qt.AlignHCenter
                busy: StaffSession.busy
                onEntered: (pin) => {
                    if (root.firstPin.length === 0) {
                        root.firstPin = pin
                        root.message = ""
                        clear()
                    } else if (pin !== root.firstPin) {
                        root.message = qsTr("两次输入的 PIN 不一样，请重新输入")
                        root.firstPin = ""
                        clear()
                    } else {
                        StaffSession.setPin(root.staffId, pin)
                    }
                }
            }
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: StaffSession.busy ? qsTr("正在保存…") : root.message
            color: Theme.danger
            font.pixelSize: Theme.fontBody
        }
    }
}
