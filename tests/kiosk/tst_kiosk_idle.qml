import QtQuick
import QtTest
import Lanxin
import LanxinTest

// An abandoned sign-up clears itself (60 s idle, the last 10 s counted down and dismissable), as
// does cancel; no field, candidate or undo step is left for the next person. No key leaves the kiosk.
Item {
    width: 1280
    height: 800

    KioskTestCase {
        name: "KioskIdle"

        // She typed a name and started the next character, then walked away.
        function startTyping() {
            openSignUp("a")
            typeName([["zhang", "张"]])
            typeKeys("xiu")
            const name = field("nameField")
            compare(name.text, "张")
            verify(name.canUndo)
            verify(PinyinInput.composing)
            verify(PinyinInput.candidates.length > 0)
            return name
        }

        function verifyNothingLeft() {
            verify(find("sessionGrid") !== null, "not back home")
            compare(home.flow, null)
            verify(!PinyinInput.composing)
            compare(PinyinInput.candidates.length, 0)
            compare(PinyinInput.preedit, "")
            // The next person's form is new: no text, no undo history, no candidates.
            openSignUp("a")
            const name = field("nameField")
            compare(name.text, "")
            verify(!name.canUndo)
            compare(PinyinInput.candidates.length, 0)
            compare(find("preedit").text, "打拼音，再点字")
        }

        function test_idleClearsEverything() {
            startKiosk()
            startTyping()
            verify(KioskController.watching)
            KioskTest.advanceClock(49000)
            KioskController.tick()
            verify(!find("idleOverlay"))
            KioskTest.advanceClock(1000)
            KioskController.tick()
            verify(find("idleOverlay") !== null)
            compare(find("countdownText").text, "10 秒后将清除填写的内容，回到首页")
            KioskTest.advanceClock(7000)
            KioskController.tick()
            compare(find("countdownText").text, "3 秒后将清除填写的内容，回到首页")
            KioskTest.advanceClock(3000)
            KioskController.tick()
            verify(!find("idleOverlay"))
            compare(KioskTest.signedUp().length, 0)
            verifyNothingLeft()
        }

        function test_countdownCanBeDismissed() {
            startKiosk()
            startTyping()
            KioskTest.advanceClock(55000)
            KioskController.tick()
            verify(find("idleOverlay") !== null)
            tap("stay")
            verify(!find("idleOverlay"))
            // Idle time starts again from the tap: 59 s later nothing is lost.
            KioskTest.advanceClock(45000)
            KioskController.tick()
            verify(!find("idleOverlay"))
            compare(field("nameField").text, "张")
            verify(PinyinInput.composing)
            // Any tap counts as activity, not only the button.
            KioskTest.advanceClock(14000)
            KioskController.tick()
            verify(find("idleOverlay") !== null)
            mouseClick(home, 10, 10)
            verify(!find("idleOverlay"))
            compare(field("nameField").text, "张")
        }

        function test_idleOnTheFullScreenGoesHome() {
            startKiosk()
            openSignUp("full")
            verify(find("fullHeadline") !== null)
            KioskTest.advanceClock(60000)
            KioskController.tick()
            verify(find("sessionGrid") !== null)
        }

        function test_cancelClearsEverything() {
            startKiosk()
            startTyping()
            tap("cancel")
            verifyNothingLeft()
        }

        function test_homeIsNotWatched() {
            startKiosk()
            verify(!KioskController.watching)
            KioskTest.advanceClock(120000)
            KioskController.tick()
            verify(!find("idleOverlay"))
        }

        function test_tilesFollowTheLanguage() {
            startKiosk()
            const tile = find("tile_" + KioskTest.sessionId("a"))
            verify(tile !== null, "no tile for a")
            const chinese = tile.categoryLabel
            verify(/[\u4e00-\u9fff]/.test(chinese), chinese)
            AppSettings.language = "en"
            try {
                tryVerify(() => /^[ -~]+$/.test(tile.categoryLabel), 5000, "English category: " + tile.categoryLabel)
            } finally {
                AppSettings.language = "zh_CN"
            }
            tryCompare(tile, "categoryLabel", chinese)
            // The places left come first, so an elided long category never hides them.
            const seats = find("seats", tile)
            verify(seats !== null)
            compare(seats.text.indexOf(tile.seatsText), 0)
            verify(seats.text.indexOf(chinese) > 0)
        }

        // A kiosk opened in English writes a later day as "Tuesday, 8 Dec", not as a number pair.
        function test_daysInEnglish() {
            AppSettings.language = "en"
            try {
                startKiosk()
                const tile = find("tile_" + KioskTest.sessionId("a"))
                verify(tile !== null, "no tile for a")
                verify(/^[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]{2}$/.test(tile.dayText), "English day: " + tile.dayText)
            } finally {
                AppSettings.language = "zh_CN"
            }
            startKiosk()
            verify(/^\d{1,2}月\d{1,2}日 星期.$/.test(find("tile_" + KioskTest.sessionId("a")).dayText))
        }

        function test_staffButtonAsksTheShell() {
            startKiosk()
            const spy = createTemporaryObject(spyComponent, home, {target: home})
            tap("staffButton")
            compare(spy.count, 1)
        }

        function test_keysDoNotLeave() {
            startKiosk()
            openSignUp("a")
            keyClick(Qt.Key_Escape)
            keyClick(Qt.Key_Back)
            keyClick(Qt.Key_F4, Qt.AltModifier)
            verify(home.flow !== null)
            compare(home.view, "flow")
        }

        // --kiosk: full screen, and the window refuses to close.
        function test_kioskModeHoldsTheWindow() {
            startKiosk()
            const window = home.Window.window
            KioskTest.setKioskMode(true)
            compare(window.visibility, Window.FullScreen)
            window.close()
            verify(window.visible)
            KioskTest.setKioskMode(false)
            window.visibility = Window.Windowed
        }

        Component {
            id: spyComponent
            SignalSpy {
                signalName: "staffRequested"
            }
        }
    }
}
