import QtQuick
import QtQuick.Layouts
import Lanxin

// Phone number or ID number, her choice, on the big numeric pad.
QuestionPage {
    id: step

    property string kind: "phone" // or "id"
    property alias text: field.text

    question: qsTr("请留下手机号或身份证号")
    hint: kind === "phone" ? qsTr("手机号是11位数字。也可以点“身份证号”改填身份证号。")
                           : qsTr("身份证号是18位，最后一位可能是X。")
    inputField: field
    keyboardMode: kind === "phone" ? PinyinKeyboard.Phone : PinyinKeyboard.IdNumber

    function choose(kindWanted) {
        if (kind === kindWanted)
            return
        kind = kindWanted
        field.clear()
        error = ""
        field.forceActiveFocus()
    }

    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacing

        KioskButton {
            objectName: "contactPhone"
            primary: step.kind === "phone"
            text: qsTr("手机号")
            accessibleName: step.kind === "phone" ? qsTr("手机号，已选") : qsTr("改填手机号")
            onClicked: step.choose("phone")
        }
        KioskButton {
            objectName: "contactId"
            primary: step.kind === "id"
            text: qsTr("身份证号")
            accessibleName: step.kind === "id" ? qsTr("身份证号，已选") : qsTr("改填身份证号")
            onClicked: step.choose("id")
        }
        KioskField {
            id: field
            objectName: "contactField"
            width: Math.min(Theme.kioskFieldWidth, parent.width)
            maximumLength: step.kind === "phone" ? 11 : 18
            placeholderText: step.kind === "phone" ? qsTr("手机号") : qsTr("身份证号")
            accessibleName: placeholderText
            inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                              | (step.kind === "phone" ? Qt.ImhDigitsOnly : Qt.ImhPreferNumbers)
            validator: RegularExpressionValidator {
                regularExpression: step.kind === "phone" ? /[0-9]{0,11}/ : /[0-9]{0,17}[0-9Xx]?/
            }
            onTextChanged: step.error = ""
        }
    }
}
