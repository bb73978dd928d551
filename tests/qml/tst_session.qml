import QtQuick
import QtTest
import Lanxin
import LanxinTest

// Create a training session in its form, check three people in on the roster with one tap each,
// undo one; a walk-in is found and checked in from the roster's side panel.
TestCase {
    id: test
    name: "Session"
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

    Component { id: editPage; SessionEditPage { anchors.fill: parent } }
    Component { id: rosterPage; RosterPage { anchors.fill: parent } }
    SignalSpy { id: opened; target: Nav; signalName: "openRequested" }

    function initTestCase() {
        verify(Harness.unlockDirector())
    }

    function test_createCheckInUndo() {
        const edit = createTemporaryObject(editPage, test)
        child(edit, "title").text = "手机摄影入门"
        tap(edit, "chip_digital_skills")
        child(edit, "capacity").text = "3"
        tap(edit, "chip_open")
        tap(edit, "saveSession")
        compare(opened.count, 1)
        compare(opened.signalArguments[0][0], "RosterPage")
        const sessionId = opened.signalArguments[0][1].sessionId
        verify(sessionId.length > 0)
        compare(Trainings.get(sessionId).category, "digital_skills")

        const people = [Harness.addResident("张秀英", "1970-05-01"), Harness.addResident("李桂兰", "1962-02-02"),
                        Harness.addResident("王丽", "1985-08-08")]
        for (const id of people)
            verify(Harness.registerFor(sessionId, id))

        const roster = createTemporaryObject(rosterPage, test, { sessionId: sessionId })
        const list = child(roster, "rosterList")
        tryCompare(list, "count", 3)
        for (let i = 0; i < 3; ++i) {
            const row = child(roster, "roster_" + i)
            tap(row, "checkIn")
            tryCompare(row, "checkedIn", true)
        }
        compare(Harness.checkedIn(sessionId), 3)
        verify(child(roster, "rosterSummary").text.indexOf("3") >= 0)
        // Undo: the same button again.
        const second = child(roster, "roster_1")
        tap(second, "checkIn")
        tryCompare(second, "checkedIn", false)
        compare(Harness.checkedIn(sessionId), 2)
        compare(child(roster, "rosterModel").checkedIn, 2)
        compare(findChild(child(roster, "roster_0"), "via").text, Labels.names.registered_via.staff)

        // A walk-in, found by pinyin initials, is registered and checked in at once.
        const walkInId = Harness.addResident("赵晓燕", "1990-01-01")
        tap(roster, "walkInButton")
        const panel = child(roster, "walkInPanel")
        verify(panel.visible)
        child(panel, "walkInSearch").text = "zhaox"
        const results = child(panel, "walkInResults")
        tryCompare(results, "count", 1)
        tap(results, "resident_0")
        tryCompare(list, "count", 4)
        compare(Harness.checkedIn(sessionId), 3)
        const model = child(roster, "rosterModel")
        const row = model.rowOf(walkInId)
        verify(row >= 0)
        compare(findChild(child(roster, "roster_" + row), "via").text, Labels.names.registered_via.walk_in)

        // Close the session.
        tap(roster, "closeSession")
        compare(Trainings.get(sessionId).status, "closed")
    }
}
