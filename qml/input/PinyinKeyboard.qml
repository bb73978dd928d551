import QtQuick
import QtQuick.Layouts
import Lanxin

// The in-app on-screen keyboard: QWERTY pinyin with a candidate bar and a 中/英 switch, or a big
// numeric pad for phone and ID numbers. It types into `target` (a TextField or TextInput), or, with
// `followsFocus`, into whichever text field has focus, choosing the layout from the field's
// inputMethodHints (digits → phone pad, Qt.ImhPreferNumbers → ID pad with X, Qt.ImhLatinOnly →
// English letters, otherwise pinyin).
//
//     PinyinKeyboard { followsFocus: true; anchors.bottom: parent.bottom; width: parent.width }
//
// The composition and candidates live in the PinyinInput singleton, which learns nothing; clear()
// forgets them (the kiosk calls it after every sign-up, cancel and idle timeout).
Rectangle {
    id: keyboard

    enum Mode { Chinese, English, Phone, IdNumber }

    property Item target: null
    property bool followsFocus: false
    property int mode: PinyinKeyboard.Chinese
    // The 中/英 switch of the letter layout.
    property bool latin: false

    readonly property var effectiveTarget: followsFocus ? focusTarget() : target
    readonly property int effectiveMode: followsFocus ? modeFor(effectiveTarget) : mode
    readonly property bool numeric: effectiveMode === PinyinKeyboard.Phone || effectiveMode === PinyinKeyboard.IdNumber
    readonly property bool pinyin: !numeric && !latin && effectiveMode !== PinyinKeyboard.English && PinyinInput.available

    // Enter with nothing being composed: the form may move on.
    signal enterPressed()

    implicitHeight: column.implicitHeight + 2 * Theme.keySpacing
    color: Theme.keyboardBackground
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("屏幕键盘")

    function clear() {
        PinyinInput.reset()
    }

    function focusTarget() {
        return canType(Window.activeFocusItem) ? Window.activeFocusItem : null
    }

    // A TextField, TextInput or anything else with insert() and a cursor.
    function canType(item) {
        return item !== null && typeof item.insert === "function" && item.cursorPosition !== undefined
    }

    function modeFor(item) {
        if (!item)
            return PinyinKeyboard.Chinese
        const hints = item.inputMethodHints
        if (hints & (Qt.ImhDigitsOnly | Qt.ImhDialableCharacters))
            return PinyinKeyboard.Phone
        if (hints & Qt.ImhPreferNumbers)
            return PinyinKeyboard.IdNumber
        if (hints & Qt.ImhLatinOnly)
            return PinyinKeyboard.English
        return PinyinKeyboard.Chinese
    }

    function insertText(text) {
        const t = effectiveTarget
        if (!t || text.length === 0)
            return
        if (t.selectedText.length > 0)
            t.remove(t.selectionStart, t.selectionEnd)
        const room = t.maximumLength - t.length
        t.insert(t.cursorPosition, text.length > room ? text.substring(0, room) : text)
    }

    function typeLetter(letter) {
        if (pinyin && PinyinInput.typeLetter(letter))
            return
        insertText(letter)
    }

    function erase() {
        if (pinyin && PinyinInput.backspace())
            return
        const t = effectiveTarget
        if (!t)
            return
        if (t.selectedText.length > 0)
            t.remove(t.selectionStart, t.selectionEnd)
        else if (t.cursorPosition > 0)
            t.remove(t.cursorPosition - 1, t.cursorPosition)
    }

    function pick(index) {
        insertText(PinyinInput.select(index))
    }

    function space() {
        if (pinyin && PinyinInput.composing)
            insertText(PinyinInput.confirm())
        else
            insertText(" ")
    }

    function enter() {
        if (pinyin && PinyinInput.composing)
            insertText(PinyinInput.confirm())
        else
            enterPressed()
    }

    // A composition belongs to the field it was started in.
    onEffectiveTargetChanged: PinyinInput.reset()
    onLatinChanged: PinyinInput.reset()
    onNumericChanged: PinyinInput.reset()

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.keySpacing
        spacing: Theme.keySpacing

        CandidateBar {
            objectName: "candidateBar"
            Layout.fillWidth: true
            visible: keyboard.pinyin
            onPicked: index => keyboard.pick(index)
        }

        LetterKeys {
            Layout.fillWidth: true
            visible: !keyboard.numeric
            latin: keyboard.latin || !keyboard.pinyin
            canSwitch: PinyinInput.available && keyboard.effectiveMode === PinyinKeyboard.Chinese
            onTyped: letter => keyboard.typeLetter(letter)
            onErase: keyboard.erase()
            onSpace: keyboard.space()
            onEnter: keyboard.enter()
            onSwitchLanguage: keyboard.latin = !keyboard.latin
        }

        NumericPad {
            Layout.alignment: Qt.AlignHCenter
            visible: keyboard.numeric
            allowX: keyboard.effectiveMode === PinyinKeyboard.IdNumber
            onTyped: text => keyboard.insertText(text)
            onErase: keyboard.erase()
        }
    }
}
