import QtQuick
import QtTest
import Lanxin
import LanxinTest

// Switch the language at run time from the settings page: translated strings and the labels of
// core/labels.h follow, and back.
TestCase {
    id: test
    name: "Language"
    width: 1280
    height: 800
    visible: true
    when: windowShown

    // Delegates and re-laid-out items appear after the next polish: wait for them (bounded).
    function child(parent, name) {
        tryVerify(() => findChild(parent, name) !== null, 5000, name)
        return findChild(parent, name)
    }
    function tap(parent, name) {
        const item = child(parent, name)
        waitForRendering(item)
        tryVerify(() => item.visible && item.enabled, 5000, name + " shown and enabled")
        mouseClick(item)
    }

    Component { id: settingsPage; SettingsPage { anchors.fill: parent } }

    function initTestCase() {
        verify(Harness.unlockDirector())
    }

    function test_switchLanguage() {
        const page = createTemporaryObject(settingsPage, test)
        compare(page.header.title, "设置")
        compare(Labels.fields.resident.name, "姓名")
        tap(page, "chip_en")
        compare(AppSettings.language, "en")
        tryCompare(page.header, "title", "Settings")
        compare(Labels.fields.resident.name, "Name")
        compare(Format.shortDate("2026-11-28"), "28 Nov")
        tap(page, "chip_zh_CN")
        tryCompare(page.header, "title", "设置")
        compare(Format.shortDate("2026-11-28"), "11月28日")
    }

    function test_textSizeScalesTheWholeUi() {
        const before = Theme.touchTarget
        AppSettings.textScale = 1.5
        compare(Theme.touchTarget, Math.round(before * 1.5))
        compare(Theme.fontBody, Math.round(18 * 1.5))
        AppSettings.textScale = 1.0
    }
}
