import QtQuick
import QtTest
import Lanxin
import LanxinTest

// Log a visit with domestic-violence risk: the form turns the follow-up on and keeps the next visit
// within 7 days; on the staff home the visit is on top of the due list with its mark, above an
// older ordinary follow-up.
TestCase {
    id: test
    name: "Visit"
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

    Component { id: visitPage; VisitPage { anchors.fill: parent } }
    Component { id: homePage; HomePage { anchors.fill: parent } }
    SignalSpy { id: back; target: Nav; signalName: "backRequested" }

    function initTestCase() {
        verify(Harness.unlockDirector())
    }

    function test_dvVisitTopsTheDueList() {
        const other = Harness.addResident("吴桂英", "1950-01-01")
        Harness.addOverdueVisit(other, 12)
        const woman = Harness.addResident("郑红", "1980-04-04")

        const page = createTemporaryObject(visitPage, test, { residentId: woman })
        tap(page, "chip_dv_follow_up")
        const followUp = child(page, "followUp")
        compare(followUp.checked, false)
        tap(page, "dvRisk")
        // The rule, in the form: follow-up forced on, next visit within 7 days.
        compare(followUp.checked, true)
        compare(followUp.enabled, false)
        compare(child(page, "nextVisit").text, Format.addDays(Home.today, 7))
        tap(page, "saveVisit")
        compare(back.count, 1)
        const saved = Harness.visit(Harness.latestVisitOf(woman))
        verify(saved.dvRisk)
        verify(saved.followUpNeeded)
        compare(saved.visitor, Harness.directorId)

        const home = createTemporaryObject(homePage, test)
        const list = child(home, "dueList")
        tryCompare(list, "count", 2)
        const top = child(home, "due_0")
        compare(top.name, "郑红")
        verify(top.priority)
        verify(child(top, "priorityMark").visible)
        const second = child(home, "due_1")
        compare(second.name, "吴桂英")
        verify(!second.priority)
        compare(second.daysLate, 12)
    }
}
