import QtQuick
import QtQuick.Controls
import QtTest
import Lanxin
import LanxinTest

// What the kiosk's QML tests share: a fresh station and kiosk per test, and a person's taps —
// every key, candidate and button is found on screen and clicked, never called directly.
TestCase {
    id: testCase

    property Item home: null
    property string lastScreen: ""

    when: windowShown

    Component {
        id: homeComponent
        KioskHome {
            width: 1280
            height: 800
        }
    }

    function startKiosk() {
        KioskTest.reset()
        PinyinInput.reset()
        home = createTemporaryObject(homeComponent, testCase.parent)
        verify(home !== null, "KioskHome did not load")
        waitForRendering(home)
        return home
    }

    // The first visible item named `name` under `root` (default: the kiosk).
    function find(name, root) {
        const start = root === undefined ? home : root
        const queue = [start]
        while (queue.length > 0) {
            const item = queue.shift()
            if (!item)
                continue
            if (item.objectName === name && item.visible)
                return item
            for (let i = 0; i < item.children.length; ++i)
                queue.push(item.children[i])
        }
        return null
    }

    function tap(name, root) {
        // A new screen is laid out on its first frame: wait for it before looking for its buttons.
        const screen = home.view + (home.flow ? home.flow.stepIndex : "")
        if (screen !== lastScreen || isPolishScheduled(home.Window.window.contentItem)) {
            lastScreen = screen
            waitForRendering(home)
        }
        const item = find(name, root)
        verify(item !== null, "nothing visible named " + name)
        verify(item.enabled, name + " is disabled")
        mouseClick(item)
        return item
    }

    function typeKeys(letters) {
        for (const ch of letters)
            tap("key_" + ch)
    }

    // Taps `text` in the candidate bar, paging on with ▶ until it shows.
    function pick(text) {
        for (let page = 0; page < 100; ++page) {
            const i = PinyinInput.candidates.indexOf(text)
            if (i >= 0) {
                find("candidateList").positionViewAtIndex(i, ListView.Contain)
                tap("candidate_" + i)
                return
            }
            tap("candidates_next")
        }
        fail("candidate " + text + " not offered")
    }

    // Every candidate the bar offers now, page by page (pressing ▶ as a person would).
    function allCandidatesOnScreen() {
        let all = PinyinInput.candidates.slice()
        for (let page = 1; page < PinyinInput.pageCount; ++page) {
            tap("candidates_next")
            compare(PinyinInput.page, page)
            all = all.concat(PinyinInput.candidates)
        }
        return all
    }

    // [["zhang", "张"], ["xiu", "秀"], ...]: each syllable typed, then its character picked.
    function typeName(parts) {
        for (const part of parts) {
            typeKeys(part[0])
            pick(part[1])
        }
    }

    function openSignUp(key) {
        const id = KioskTest.sessionId(key)
        const tile = find("tile_" + id)
        verify(tile !== null, "no tile for " + key)
        tap("signUp_" + tile.index, tile)
        waitForRendering(home)
    }

    function field(name) {
        const f = find(name)
        verify(f !== null, "no field " + name)
        return f
    }

    // A whole sign-up by taps: name, phone (or ID with `byId`), the village at `village` index,
    // consents. Leaves the kiosk on the confirmation (or wherever submit led).
    function signUp(key, nameParts, contact, options) {
        const o = options || {}
        openSignUp(key)
        typeName(nameParts)
        tap("next")
        if (o.byId)
            tap("contactId")
        typeKeys(contact)
        tap("next")
        if (o.guardian) {
            typeName(o.guardian)
            tap("next")
        }
        tap("village_" + (o.village || 0))
        if (o.consent !== false)
            tap("consentGeneral")
        if (o.sensitive)
            tap("consentSensitive")
        tap("next")
    }

    // STYLE.md: every control on screen has an accessible name and is at least 56 px high.
    function checkControls() {
        waitForRendering(home)
        let controls = 0
        const queue = [home]
        while (queue.length > 0) {
            const item = queue.shift()
            if (!item.visible)
                continue
            if (item instanceof AbstractButton || item instanceof TextField) {
                ++controls
                verify(item.Accessible.name.length > 0, (item.objectName || item.text) + " has no accessible name")
                verify(item.height >= Theme.touchTarget, (item.objectName || item.text) + " is " + item.height + " px high")
                verify(item.width >= Theme.touchTarget, (item.objectName || item.text) + " is " + item.width + " px wide")
            }
            for (let i = 0; i < item.children.length; ++i)
                queue.push(item.children[i])
        }
        verify(controls > 0)
        return controls
    }

    function doneTexts() {
        return [find("doneHeadline").text, find("doneTitle").text, find("doneWhen").text, find("doneWhere").text]
    }
}
