import QtQuick
import QtQuick.Layouts
import Lanxin

// A name, typed on the pinyin keyboard character by character: her own (first question), or, for
// a child, her guardian's.
QuestionPage {
    id: step

    property alias text: field.text
    property alias fieldName: field.objectName

    question: qsTr("您叫什么名字？")
    hint: qsTr("在下面的键盘上打拼音（比如 zhang），再点上面出来的字")
    inputField: field
    keyboardMode: PinyinKeyboard.Chinese

    KioskField {
        id: field
        objectName: "nameField"
        Layout.preferredWidth: Math.min(Theme.kioskFieldWidth, step.width - 2 * Theme.kioskMargin)
        maximumLength: 50
        placeholderText: qsTr("名字")
        accessibleName: step.question
        onTextChanged: step.error = ""
    }
}
