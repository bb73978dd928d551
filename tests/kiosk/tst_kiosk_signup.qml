import QtQuick
import QtTest
import Lanxin
import LanxinTest

// A whole self-registration by taps, the keyboard included; the next resident is offered the same
// candidates as a fresh start; the same person twice.
Item {
    width: 1280
    height: 800

    KioskTestCase {
        name: "KioskSignUp"

        function test_wholeSignUpWithTheKeyboard() {
            startKiosk()
            checkControls()
            openSignUp("a")
            compare(find("question").text, "您叫什么名字？")
            const name = field("nameField")
            verify(name.activeFocus)

            // zhang → 张, xiu → 秀, ying → 英, picked in the candidate bar.
            typeKeys("zhang")
            verify(PinyinInput.composing)
            compare(find("preedit").text, "zhang")
            compare(name.text, "")
            verify(PinyinInput.candidates.indexOf("张") >= 0)
            pick("张")
            compare(name.text, "张")
            verify(!PinyinInput.composing)
            typeKeys("xiu")
            pick("秀")
            typeKeys("ying")
            pick("英")
            compare(name.text, "张秀英")
            verify(checkControls() > 30)
            tap("next")

            // Phone on the numeric pad (the default); the letter keys are gone.
            compare(find("key_q"), null)
            compare(find("key_X").enabled, false)
            typeKeys("13812345678")
            compare(field("contactField").text, "13812345678")
            checkControls()
            tap("next")

            // Village: one tap moves on. No sensitive consent without an ID number.
            compare(find("keyboard"), null)
            checkControls()
            tap("village_0")
            compare(find("consentSensitive"), null)
            compare(find("consentGeneral").checked, false)
            checkControls()
            tap("consentGeneral")
            const before = KioskTest.residentCount()
            tap("next")
            compare(KioskTest.residentCount(), before + 1)

            compare(find("doneHeadline").text, "✓ 报名成功")
            compare(find("doneTitle").text, "智能手机使用与防范电信诈骗")
            verify(find("doneWhen").text.indexOf("09:00–11:00") >= 0)
            compare(find("doneWhere").text, "地点：村文化礼堂")
            checkControls()

            // Saved as PRODUCT.md asks: a new resident for the director to review, source kiosk.
            const residents = KioskTest.signedUp()
            compare(residents.length, 1)
            compare(residents[0].name, "张秀英")
            compare(residents[0].phone, "13812345678")
            compare(residents[0].village, "白杜村")
            compare(residents[0].needsReview, true)
            verify(residents[0].consentGeneralAt.length > 0)
            compare(residents[0].consentSensitiveAt, "")
            compare(residents[0].idNumber, "")
            const mine = KioskTest.attendances().filter(a => a.residentId === residents[0].id)
            compare(mine.length, 1)
            compare(mine[0].sessionId, KioskTest.sessionId("a"))
            compare(mine[0].registeredVia, "kiosk")
            verify(KioskTest.outboxPending() > 0)

            // The confirmation shows nothing about her.
            verify(JSON.stringify(doneTexts()).indexOf("张秀英") < 0)
            verify(JSON.stringify(doneTexts()).indexOf("5678") < 0)
            tap("doneClose")
            verify(find("sessionGrid") !== null)
        }

        // SECURITY.md 18: after 张秀英 signed up, the next resident typing zhangxiuying sees exactly
        // what a freshly started engine offers.
        function test_nextResidentIsNotOfferedTheLastName() {
            const fresh = KioskTest.freshCandidates("zhangxiuying")
            verify(fresh.length > 20, fresh[0])
            verify(fresh[0] !== "张秀英")

            startKiosk()
            signUp("a", [["zhangxiuying", "张"], ["", "秀"], ["", "英"]], "13812345678")
            compare(find("doneHeadline").text, "✓ 报名成功")
            compare(KioskTest.signedUp()[0].name, "张秀英")
            tap("doneClose")

            openSignUp("b")
            compare(field("nameField").text, "")
            typeKeys("zhangxiuying")
            compare(PinyinInput.candidateCount, fresh.length)
            compare(PinyinInput.candidates[0], fresh[0])
            compare(allCandidatesOnScreen(), fresh)
        }

        function test_samePersonTwice() {
            startKiosk()
            const ying = [["zhang", "张"], ["xiu", "秀"], ["ying", "英"]]
            signUp("a", ying, "13812345678")
            const first = doneTexts()
            tap("doneClose")
            compare(KioskTest.signedUp().length, 1)

            // The same session again: the same confirmation, still one resident and one attendance.
            signUp("a", ying, "13812345678")
            compare(doneTexts(), first)
            tap("doneClose")
            compare(KioskTest.signedUp().length, 1)
            const rid = KioskTest.signedUp()[0].id
            compare(KioskTest.attendances().filter(a => a.residentId === rid).length, 1)

            // Another session: her record gets a second attendance.
            signUp("b", ying, "13812345678")
            compare(find("doneHeadline").text, "✓ 报名成功")
            tap("doneClose")
            compare(KioskTest.signedUp().length, 1)
            compare(KioskTest.attendances().filter(a => a.residentId === rid).length, 2)

            // Someone else with the same phone (her daughter) is a new resident, not her.
            signUp("a", [["li", "李"], ["na", "娜"]], "13812345678")
            compare(doneTexts(), first)
            compare(KioskTest.signedUp().length, 2)
        }

        function test_backKeepsAnswers() {
            startKiosk()
            openSignUp("a")
            typeName([["wang", "王"], ["fang", "芳"]])
            tap("next")
            typeKeys("139")
            tap("back")
            compare(field("nameField").text, "王芳")
            tap("next")
            compare(field("contactField").text, "139")
            // Back on the first question leaves the sign-up.
            tap("back")
            tap("back")
            verify(find("sessionGrid") !== null)
            compare(home.flow, null)
        }

        function test_wrongAnswersAreSaidKindly() {
            startKiosk()
            openSignUp("a")
            tap("next")
            compare(find("error").text, "请写下您的名字")
            typeKeys("li")
            tap("next")
            compare(find("error").text, "请先点一下上面出来的字")
            pick("李")
            tap("next")
            typeKeys("1381234")
            tap("next")
            compare(find("error").text, "手机号是11位数字，现在是7位")
            tap("contactId")
            compare(field("contactField").text, "")
            const good = KioskTest.idNumberBornOn("1990-01-01")
            typeKeys(good.slice(0, 17) + (good[17] === "0" ? "1" : "0"))
            tap("next")
            compare(find("error").text, "这个身份证号不对，请再核对一下")
            compare(find("question").text, "请留下手机号或身份证号")
        }
    }
}
