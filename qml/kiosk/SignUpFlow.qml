import QtQuick
import QtQuick.Layouts
import Lanxin

// Self-registration for one training, one question per screen: name → phone or ID number →
// (a guardian's name when the ID number says she is under 14) → village → privacy notice and
// consents. Back and cancel are always on screen. Everything she types lives only in this item:
// KioskHome destroys it after submit, cancel and idle, and makes a new one for the next person, so
// no field, undo step or candidate survives her.
Item {
    id: flow

    required property var session
    property bool speechAvailable: false
    property bool readAloud: false

    // ok (saved, or she was already signed up: the same either way) or full.
    signal finished(var result)
    signal cancelled()
    signal speak(string text)

    readonly property bool child: contact.kind === "id" && KioskController.isChild(contact.text)
    readonly property var steps: child ? [nameStep, contact, guardian, village, privacy]
                                       : [nameStep, contact, village, privacy]
    property int stepIndex: 0
    readonly property QuestionPage current: steps[Math.min(stepIndex, steps.length - 1)]
    readonly property alias keyboard: keyboard

    function back() {
        if (stepIndex === 0)
            cancelled()
        else
            stepIndex -= 1
    }

    function advance() {
        stepIndex = Math.min(stepIndex + 1, steps.length - 1)
    }

    function next() {
        const page = current
        if (page.inputField && PinyinInput.composing) {
            page.error = qsTr("请先点一下上面出来的字")
            return
        }
        let problem = ""
        if (page === nameStep)
            problem = KioskController.checkName(nameStep.text)
        else if (page === contact)
            problem = contact.kind === "phone" ? KioskController.checkPhone(contact.text)
                                               : KioskController.checkIdNumber(contact.text)
        else if (page === guardian)
            problem = KioskController.checkName(guardian.text).length > 0 ? qsTr("请写下监护人的名字") : ""
        else if (page === privacy)
            return submit()
        page.error = problem
        if (problem.length === 0)
            advance()
    }

    function submit() {
        const byId = contact.kind === "id"
        const result = KioskController.submit({
            sessionId: session.sessionId,
            name: nameStep.text,
            phone: byId ? "" : contact.text,
            idNumber: byId ? contact.text : "",
            village: village.village,
            guardianName: child ? guardian.text : "",
            consentGeneral: privacy.consentGeneral,
            consentSensitive: byId && privacy.consentSensitive
        })
        if (result.status === "no_consent")
            privacy.error = qsTr("请先勾选“我同意”，不然不能为您报名。也可以找工作人员帮忙。")
        else if (result.status === "ok" || result.status === "full")
            finished(result)
        else
            privacy.error = result.message
    }

    onCurrentChanged: {
        if (current.inputField)
            current.inputField.forceActiveFocus()
        if (readAloud)
            speak(current.question + "。" + current.hint)
    }
    Component.onCompleted: nameStep.inputField.forceActiveFocus()

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        KioskTopBar {
            Layout.fillWidth: true
            title: qsTr("报名：%1").arg(flow.session.title)
            stepText: qsTr("第 %1 步，共 %2 步").arg(flow.stepIndex + 1).arg(flow.steps.length)
            speechAvailable: flow.speechAvailable
            readAloud: flow.readAloud
            onBackClicked: flow.back()
            onCancelClicked: flow.cancelled()
            onReadAloudToggled: {
                flow.readAloud = !flow.readAloud
                if (flow.readAloud)
                    flow.speak(flow.current.question)
            }
        }

        StackLayout {
            id: pages
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: flow.current === nameStep ? 0 : flow.current === contact ? 1 : flow.current === guardian ? 2
                          : flow.current === village ? 3 : 4

            NameStep {
                id: nameStep
                speechAvailable: flow.speechAvailable
                onNextClicked: flow.next()
                onSpeakRequested: text => flow.speak(text)
            }
            ContactStep {
                id: contact
                speechAvailable: flow.speechAvailable
                onNextClicked: flow.next()
                onSpeakRequested: text => flow.speak(text)
            }
            NameStep {
                id: guardian
                fieldName: "guardianField"
                question: qsTr("您还不满14岁，请填写监护人（如爸爸、妈妈）的名字")
                speechAvailable: flow.speechAvailable
                onNextClicked: flow.next()
                onSpeakRequested: text => flow.speak(text)
            }
            VillageStep {
                id: village
                speechAvailable: flow.speechAvailable
                onChosen: flow.advance()
                onSpeakRequested: text => flow.speak(text)
            }
            PrivacyStep {
                id: privacy
                idGiven: contact.kind === "id"
                speechAvailable: flow.speechAvailable
                onNextClicked: flow.next()
                onDeclined: flow.cancelled()
                onSpeakRequested: text => flow.speak(text)
            }
        }

        PinyinKeyboard {
            id: keyboard
            objectName: "keyboard"
            Layout.fillWidth: true
            visible: flow.current.inputField !== null
            target: flow.current.inputField
            mode: flow.current.keyboardMode
            onEnterPressed: flow.next()
        }
    }
}
