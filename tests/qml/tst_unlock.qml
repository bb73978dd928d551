import QtQuick
import QtTest
import Lanxin
import LanxinTest

// Staff unlock with name + PIN through the PIN page; 5 wrong PINs wait 30 s (the injected clock
// moves, not the test); idle time locks again.
TestCase {
    id: test
    name: "Unlock"
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

    Component { id: pinPage; PinPage { anchors.fill: parent } }

    function enter(page, pin) {
        for (const digit of pin)
            tap(page, "pinKey_" + digit)
        tap(page, "pinKey_ok")
        tryCompare(StaffSession, "busy", false, 10000)
    }
    function choose(page, staffId) {
        for (let i = 0; i < StaffSession.unlockable.length; ++i) {
            if (StaffSession.unlockable[i].id === staffId) {
                tap(page, "staff_" + i)
                return
            }
        }
        fail("staff not offered: " + staffId)
    }

    function init() {
        StaffSession.lock()
    }

    function test_unlockWithPin() {
        const page = createTemporaryObject(pinPage, test)
        verify(StaffSession.locked)
        compare(StaffSession.unlockable.length, 2)
        choose(page, Harness.directorId)
        enter(page, Harness.directorPin)
        compare(StaffSession.locked, false)
        compare(StaffSession.staffId, Harness.directorId)
        verify(StaffSession.director)
    }

    function test_wrongPinsWaitThenTheRightOneWorks() {
        const page = createTemporaryObject(pinPage, test)
        choose(page, Harness.volunteerId)
        const message = child(page, "pinMessage")
        enter(page, "0000")
        verify(message.text.indexOf("4") >= 0, message.text) // 还可以再试 4 次
        for (let i = 0; i < 4; ++i)
            enter(page, "0000")
        verify(StaffSession.locked)
        compare(StaffSession.waitSeconds(Harness.volunteerId), 30)
        verify(message.text.indexOf("30") >= 0, message.text)
        // The keypad is off while waiting.
        compare(child(page, "pinKey_1").enabled, false)
        Harness.advanceClock(30000)
        tryCompare(child(page, "pinKey_1"), "enabled", true, 3000)
        enter(page, Harness.volunteerPin)
        compare(StaffSession.locked, false)
        compare(StaffSession.staffId, Harness.volunteerId)
        compare(StaffSession.director, false)
    }

    function test_idleLocks() {
        verify(Harness.unlockDirector())
        AppSettings.idleLockMinutes = 3
        Harness.advanceClock(3 * 60 * 1000)
        verify(StaffSession.checkIdle())
        verify(StaffSession.locked)
    }
}
