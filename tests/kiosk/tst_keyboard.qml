import QtQuick
import QtQuick.Controls
import QtTest
import Lanxin

// The on-screen keyboard on its own, as a staff page would drop it in.
Item {
    id: root
    width: 1280
    height: 800

    Component {
        id: pageComponent
        Item {
            anchors.fill: parent
            property alias name: name
            property alias phone: phone
            property alias idNumber: idNumber
            property alias latin: latin
            property alias keyboard: keyboard
            Column {
                TextField { id: name; objectName: "name"; width: 400 }
                TextField { id: phone; objectName: "phone"; width: 400; inputMethodHints: Qt.ImhDigitsOnly }
                TextField { id: idNumber; objectName: "idNumber"; width: 400; inputMethodHints: Qt.ImhPreferNumbers }
                TextField { id: latin; objectName: "latin"; width: 400; inputMethodHints: Qt.ImhLatinOnly }
            }
            PinyinKeyboard {
                id: keyboard
                anchors.bottom: parent.bottom
                width: parent.width
                followsFocus: true
            }
        }
    }

    TestCase {
        id: testCase
        name: "PinyinKeyboard"
        when: windowShown

        property Item page: null

        function init() {
            PinyinInput.reset()
            page = createTemporaryObject(pageComponent, root)
            page.name.forceActiveFocus()
            waitForRendering(page)
        }

        function find(name) {
            const queue = [page]
            while (queue.length > 0) {
                const item = queue.shift()
                if (item.objectName === name && item.visible)
                    return item
                for (let i = 0; i < item.children.length; ++i)
                    queue.push(item.children[i])
            }
            return null
        }

        function tap(name) {
            const item = find(name)
            verify(item !== null, "nothing visible named " + name)
            if (isPolishScheduled(page.Window.window.contentItem))
                waitForRendering(page)
            mouseClick(item)
        }

        function typeKeys(letters) {
            for (const ch of letters)
                tap("key_" + ch)
        }

        function test_phraseInOneTap() {
            typeKeys("funvzhijia")
            compare(PinyinInput.candidates[0], "妇女之家")
            tap("candidate_0")
            compare(page.name.text, "妇女之家")
            typeKeys("peixun")
            tap("key_space")
            compare(page.name.text, "妇女之家培训")
        }

        function test_paging() {
            typeKeys("ying")
            const first = PinyinInput.candidates.slice()
            verify(PinyinInput.pageCount > 2)
            verify(!find("candidates_previous").enabled)
            tap("candidates_next")
            compare(PinyinInput.page, 1)
            const second = PinyinInput.candidates.slice()
            verify(second.length > 0)
            verify(second.every(c => first.indexOf(c) < 0))
            // A candidate of the second page lands in the field.
            tap("candidate_0")
            compare(page.name.text, second[0])
            compare(PinyinInput.page, 0)
        }

        function test_backspace() {
            page.name.text = "王"
            page.name.cursorPosition = 1
            typeKeys("fa")
            tap("key_backspace")
            compare(PinyinInput.preedit, "f")
            compare(page.name.text, "王")
            tap("key_backspace")
            verify(!PinyinInput.composing)
            compare(page.name.text, "王")
            tap("key_backspace")
            compare(page.name.text, "")
        }

        function test_latinSwitch() {
            tap("key_lang")
            typeKeys("abc")
            compare(page.name.text, "abc")
            verify(!PinyinInput.composing)
            tap("key_lang")
            typeKeys("a")
            verify(PinyinInput.composing)
        }

        function test_layoutFollowsTheField() {
            page.phone.forceActiveFocus()
            waitForRendering(page)
            compare(find("key_q"), null)
            verify(!find("key_X").enabled)
            typeKeys("138")
            compare(page.phone.text, "138")
            tap("key_pad_backspace")
            compare(page.phone.text, "13")

            page.idNumber.forceActiveFocus()
            waitForRendering(page)
            verify(find("key_X").enabled)
            tap("key_X")
            compare(page.idNumber.text, "X")

            page.latin.forceActiveFocus()
            waitForRendering(page)
            compare(find("candidateBar"), null)
            typeKeys("ok")
            compare(page.latin.text, "ok")
        }

        function test_compositionStaysWithItsField() {
            typeKeys("zhang")
            verify(PinyinInput.composing)
            page.latin.forceActiveFocus()
            verify(!PinyinInput.composing)
            compare(page.name.text, "")
        }

        // STYLE.md: every key ≥ 56 px and named for assistive technology.
        function test_keysAreBigAndNamed() {
            typeKeys("zhang")
            waitForRendering(page)
            let keys = 0
            const queue = [page.keyboard]
            while (queue.length > 0) {
                const item = queue.shift()
                if (item.visible && item instanceof AbstractButton) {
                    ++keys
                    verify(item.width >= Theme.touchTarget, item.objectName + " too narrow: " + item.width)
                    verify(item.height >= Theme.touchTarget, item.objectName + " too low: " + item.height)
                    verify(item.Accessible.name.length > 0, item.objectName + " has no accessible name")
                }
                for (let i = 0; i < item.children.length; ++i)
                    queue.push(item.children[i])
            }
            verify(keys > 30, "only " + keys + " keys")
        }
    }
}
