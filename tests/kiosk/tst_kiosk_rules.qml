import QtQuick
import QtTest
import Lanxin
import LanxinTest

// The rules of a sign-up: no consent → nothing saved; the sensitive consent decides whether the ID
// number is kept; under 14 → a guardian; a full training → said kindly, with the next one.
Item {
    width: 1280
    height: 800

    KioskTestCase {
        name: "KioskRules"

        function test_noConsentSavesNothing() {
            startKiosk()
            const residents = KioskTest.residentCount()
            const attendances = KioskTest.attendanceCount()
            const outbox = KioskTest.outboxPending()
            signUp("a", [["wang", "王"], ["fang", "芳"]], "13912345678", {consent: false})

            // Still on the privacy screen, told why; nothing written anywhere.
            verify(find("privacyNotice") !== null)
            verify(find("error").text.indexOf("请先勾选") === 0)
            compare(find("doneHeadline"), null)
            compare(KioskTest.residentCount(), residents)
            compare(KioskTest.attendanceCount(), attendances)
            compare(KioskTest.outboxPending(), outbox)

            // Declining leaves, still with nothing saved.
            tap("decline")
            verify(find("sessionGrid") !== null)
            compare(KioskTest.residentCount(), residents)
            compare(KioskTest.outboxPending(), outbox)

            // The controller refuses too, whatever the screen does.
            const answer = KioskController.submit({sessionId: KioskTest.sessionId("a"), name: "王芳",
                                                   phone: "13912345678", village: "白杜村", consentGeneral: false})
            compare(answer.status, "no_consent")
            compare(KioskTest.residentCount(), residents)
        }

        function test_idNumberKeptOnlyWithSensitiveConsent() {
            startKiosk()
            const id = KioskTest.idNumberBornOn("1968-03-15")
            signUp("a", [["chen", "陈"], ["li", "丽"]], id, {byId: true, sensitive: true})
            compare(find("doneHeadline").text, "✓ 报名成功")
            let saved = KioskTest.signedUp()
            compare(saved.length, 1)
            compare(saved[0].idNumber, id)
            compare(saved[0].birthDate, "1968-03-15")
            compare(saved[0].gender, "F")
            verify(saved[0].consentSensitiveAt.length > 0)
            tap("doneClose")

            // Without the sensitive consent the number is neither kept nor used to match her.
            signUp("b", [["zhou", "周"], ["hong", "红"]], KioskTest.idNumberBornOn("1970-07-07"), {byId: true})
            compare(find("doneHeadline").text, "✓ 报名成功")
            saved = KioskTest.signedUp().filter(r => r.name === "周红")
            compare(saved.length, 1)
            compare(saved[0].idNumber, "")
            compare(saved[0].birthDate, "")
            compare(saved[0].consentSensitiveAt, "")
        }

        function test_underFourteenAsksForAGuardian() {
            startKiosk()
            // An adult's ID number: no guardian question.
            openSignUp("a")
            typeName([["li", "李"], ["ping", "萍"]])
            tap("next")
            tap("contactId")
            typeKeys(KioskTest.idNumberBornOn("1980-01-01"))
            tap("next")
            compare(find("question").text, "您住在哪个村（社区）？")
            tap("cancel")

            const child = KioskTest.idNumberBornOn("2016-05-01")
            openSignUp("a")
            typeName([["li", "李"], ["xin", "欣"], ["yi", "怡"]])
            tap("next")
            tap("contactId")
            typeKeys(child.slice(0, 17))
            if (child[17] === "X")
                tap("key_X")
            else
                typeKeys(child[17])
            tap("next")
            compare(find("question").text, "您还不满14岁，请填写监护人（如爸爸、妈妈）的名字")
            tap("next")
            compare(find("error").text, "请写下监护人的名字")
            typeName([["li", "李"], ["jian", "建"], ["guo", "国"]])
            compare(field("guardianField").text, "李建国")
            tap("next")
            tap("village_1")
            verify(find("consentSensitive") !== null)
            tap("consentGeneral")
            tap("consentSensitive")
            tap("next")
            compare(find("doneHeadline").text, "✓ 报名成功")
            const saved = KioskTest.signedUp()
            compare(saved.length, 1)
            compare(saved[0].name, "李欣怡")
            compare(saved[0].guardianName, "李建国")
            compare(saved[0].birthDate, "2016-05-01")
            compare(saved[0].village, "西坞村")
        }

        function test_fullSessionOffersTheNextOne() {
            startKiosk()
            const tile = find("tile_" + KioskTest.sessionId("full"))
            verify(tile.full)
            openSignUp("full")
            compare(home.flow, null)
            compare(find("fullHeadline").text, "很抱歉，“水蜜桃栽培管理培训”的名额已经满了")
            compare(find("nextTitle").text, "茶叶种植新技术")
            tap("signUpNext")
            verify(home.flow !== null)
            compare(home.flow.session.sessionId, KioskTest.sessionId("fullNext"))
            typeName([["zhao", "赵"], ["mei", "梅"]])
            tap("next")
            typeKeys("13712345678")
            tap("next")
            tap("village_2")
            tap("consentGeneral")
            tap("next")
            compare(find("doneTitle").text, "茶叶种植新技术")
            const rid = KioskTest.signedUp()[0].id
            const mine = KioskTest.attendances().filter(a => a.residentId === rid)
            compare(mine.length, 1)
            compare(mine[0].sessionId, KioskTest.sessionId("fullNext"))
        }

        function test_fullWhileSheWasTyping() {
            startKiosk()
            openSignUp("small")
            typeName([["sun", "孙"], ["li", "丽"]])
            tap("next")
            typeKeys("13612345678")
            tap("next")
            tap("village_0")
            tap("consentGeneral")
            // Meanwhile the last seats were taken at the staff desk.
            KioskTest.fillSession("small")
            const attendances = KioskTest.attendanceCount()
            tap("next")
            compare(find("fullHeadline").text, "很抱歉，“家庭教育讲座”的名额已经满了")
            compare(find("fullHome").text, "回到首页")
            compare(KioskTest.attendanceCount(), attendances)
            compare(KioskTest.signedUp().length, 0)
            tap("fullHome")
            verify(find("sessionGrid") !== null)
        }

        function test_homeShowsOffersAndSeats() {
            startKiosk()
            const offer = find("tile_" + KioskTest.sessionId("offer"))
            verify(offer !== null)
            compare(offer.title, "巾帼电商创业培训班")
            compare(offer.seatsText, "区里组织（区妇联）")
            const a = find("tile_" + KioskTest.sessionId("a"))
            compare(a.seatsText, "还有 20 个名额")
            verify(a.dayText.indexOf("星期二") > 0)
            // Signing up takes a seat.
            signUp("a", [["he", "何"], ["yan", "燕"]], "15912345678")
            tap("doneClose")
            compare(find("tile_" + KioskTest.sessionId("a")).seatsText, "还有 19 个名额")
        }

        function test_villagesFromTheStationRecord() {
            startKiosk()
            const many = ["白杜村", "西坞村", "金溪村", "方门村", "邬隘村", "蒋家村", "尚桥村", "东岙村", "南岙村", "北溪村"]
            KioskTest.setStationVillages(many)
            compare(KioskController.stationName, "测试街道妇女之家")
            openSignUp("a")
            typeName([["wu", "吴"], ["jing", "静"]])
            tap("next")
            typeKeys("13512345678")
            tap("next")
            // More than eight villages: a search field, pinyin initials narrow the list.
            verify(find("villageSearch") !== null)
            typeKeys("nanao")
            compare(find("village_0").text, "南岙村")
            compare(find("village_1"), null)
            tap("village_0")
            tap("consentGeneral")
            tap("next")
            compare(KioskTest.signedUp()[0].village, "南岙村")
        }
    }
}
