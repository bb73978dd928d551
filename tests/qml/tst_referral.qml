import QtQuick
import QtTest
import Lanxin
import LanxinTest

// Refer a woman for 两癌 screening and walk the milestones: screened, abnormal result, diagnosed,
// treated. Outside 35–64 the age rule asks for a reason at its field.
TestCase {
    id: test
    name: "Referral"
    width: 1280
    height: 1000
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

    Component { id: referralPage; ReferralPage { anchors.fill: parent } }

    function initTestCase() {
        verify(Harness.unlockDirector())
    }

    function record(page) {
        tap(page, "recordMilestone")
    }

    function test_referAndWalkTheMilestones() {
        const woman = Harness.addResident("孙丽", "1975-03-08")
        const page = createTemporaryObject(referralPage, test, { residentId: woman })
        compare(child(page, "ageWarning").visible, false)
        tap(page, "saveReferral")
        const id = page.referralId
        verify(id.length > 0)
        compare(Harness.referralStatus(id), "referred")
        const stepper = child(page, "stepper")
        compare(stepper.current, 0)

        record(page) // screened today
        compare(Harness.referralStatus(id), "screened")
        compare(stepper.current, 1)

        tap(page, "chip_abnormal")
        record(page)
        compare(Harness.referralStatus(id), "result")
        compare(stepper.current, 2)

        record(page) // diagnosed
        compare(Harness.referralStatus(id), "diagnosed")
        record(page) // treated
        compare(Harness.referralStatus(id), "treated")
        compare(stepper.current, 4)
        compare(child(page, "recordMilestone").visible, false)
    }

    function test_outsideTheAgeAsksForAReason() {
        const young = Harness.addResident("钱芳", "1996-06-06")
        const page = createTemporaryObject(referralPage, test, { residentId: young })
        verify(child(page, "ageWarning").visible)
        tap(page, "saveReferral")
        compare(page.referralId, "")
        const reason = child(page, "ageReason")
        verify(reason.error.length > 0)
        reason.text = "家族史，医生建议提前筛查"
        tap(page, "saveReferral")
        verify(page.referralId.length > 0)
    }
}
