import QtQuick
import QtTest
import Lanxin
import LanxinTest

// A resident with a bad ID number: the message stands at the ID field, every other field keeps what
// was typed, nothing is saved. Corrected, she is saved; a second one like her is caught as a duplicate.
TestCase {
    id: test
    name: "Resident"
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

    Component { id: editPage; ResidentEditPage { anchors.fill: parent } }
    SignalSpy { id: opened; target: Nav; signalName: "openRequested" }

    function initTestCase() {
        verify(Harness.unlockDirector())
    }

    function fill(page, id) {
        child(page, "name").text = "周丽"
        child(page, "birthDate").text = "1970-05-01"
        child(page, "phone").text = "13812345678"
        child(page, "idNumber").text = id
        child(page, "village").text = "白杜村"
    }

    function test_badIdNumberErrorAtTheField() {
        const before = Harness.residentCount()
        const page = createTemporaryObject(editPage, test)
        fill(page, "110105197005010028") // wrong check digit
        tap(page, "saveResident")
        const idField = child(page, "idNumber")
        verify(idField.error.indexOf("校验位") >= 0, idField.error)
        compare(child(idField, "fieldError").visible, true)
        compare(child(page, "name").error, "")
        compare(child(page, "phone").error, "")
        // Everything typed is still there.
        compare(child(page, "name").text, "周丽")
        compare(child(page, "phone").text, "13812345678")
        compare(child(page, "birthDate").text, "1970-05-01")
        compare(idField.text, "110105197005010028")
        compare(Harness.residentCount(), before)

        idField.text = "110105197005010027"
        opened.clear()
        tap(page, "saveResident")
        compare(Harness.residentCount(), before + 1)
        compare(opened.signalArguments[0][0], "ProfilePage")
    }

    function test_duplicateOffersTheExistingOne() {
        const page = createTemporaryObject(editPage, test)
        fill(page, "110105197005010027")
        tap(page, "saveResident")
        const warning = child(page, "duplicateWarning")
        verify(warning.visible)
        const before = Harness.residentCount()
        opened.clear()
        tap(page, "openExisting")
        compare(opened.signalArguments[0][0], "ProfilePage")
        compare(Harness.residentCount(), before)
    }
}
