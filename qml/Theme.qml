pragma Singleton
import QtQuick
import Lanxin

// Colours, spacing, type and touch-target sizes: the only place in the UI with literal values.
// Every size goes through px(), so the text-size setting (100–160 %) scales the whole UI, not only
// the letters. highContrast swaps in a palette with stronger text and borders (WCAG AAA on surfaces).
QtObject {
    id: theme

    readonly property real scale: AppSettings.textScale
    readonly property bool highContrast: AppSettings.highContrast
    function px(v) { return Math.round(v * scale) }

    // A warm, calm palette for a women's station: orchid (兰) on warm paper, apricot accents.
    readonly property color primary: highContrast ? "#4a1240" : "#8e4b7a"
    readonly property color primaryDark: highContrast ? "#2e0828" : "#6d3560"
    readonly property color primaryLight: highContrast ? "#e9d4e4" : "#f3e6ef"
    readonly property color textOnPrimary: "#ffffff"
    readonly property color accent: highContrast ? "#8a3a00" : "#d98e5f"
    readonly property color accentLight: highContrast ? "#ffe2cc" : "#fbeadf"
    readonly property color background: highContrast ? "#ffffff" : "#fbf7f4"
    readonly property color surface: "#ffffff"
    readonly property color surfaceAlt: highContrast ? "#f0f0f0" : "#f6efea"
    readonly property color border: highContrast ? "#1a1a1a" : "#e4d8d2"
    readonly property color text: highContrast ? "#000000" : "#2b2326"
    readonly property color textMuted: highContrast ? "#1f1f1f" : "#6b5e63"
    readonly property color danger: highContrast ? "#8c0000" : "#b3261e"
    readonly property color dangerLight: highContrast ? "#ffd6d6" : "#fbe4e2"
    readonly property color success: highContrast ? "#0b4d1a" : "#2e7d4f"
    readonly property color successLight: highContrast ? "#cdeccf" : "#e3f2e8"
    readonly property color warning: highContrast ? "#6b4000" : "#a86400"
    readonly property color warningLight: highContrast ? "#ffe8b3" : "#fdf0d9"
    readonly property color scrim: "#80000000"
    readonly property color transparent: "transparent"

    // Sizes (logical pixels at 100 %).
    readonly property int touchTarget: px(56)
    readonly property int touchTargetLarge: px(72)
    readonly property int spacingTiny: px(4)
    readonly property int spacingSmall: px(8)
    readonly property int spacing: px(16)
    readonly property int spacingLarge: px(24)
    readonly property int spacingHuge: px(40)
    readonly property int radius: px(12)
    readonly property int radiusSmall: px(6)
    readonly property int borderWidth: highContrast ? 2 : 1
    readonly property int focusWidth: px(3)
    readonly property int markWidth: px(6)
    readonly property int railWidth: px(112)
    readonly property int bottomBarHeight: px(72)
    readonly property int headerHeight: px(72)
    readonly property int formMaxWidth: px(760)
    readonly property int listMaxWidth: px(980)
    readonly property int pinKey: px(84)
    readonly property int pinDot: px(18)
    readonly property int stepDot: px(28)
    readonly property int badgeSize: px(28)
    readonly property int tileMinWidth: px(150)
    readonly property int sidePanelWidth: px(420)
    readonly property int textAreaHeight: px(140)
    readonly property int dueListHeight: px(420)
    readonly property int calendarWidth: px(360)
    readonly property int wideLayoutWidth: px(900) // pages this wide put their parts side by side

    // Type roles.
    readonly property int fontCaption: px(14)
    readonly property int fontLabel: px(16)
    readonly property int fontBody: px(18)
    readonly property int fontTitle: px(22)
    readonly property int fontHeadline: px(28)
    readonly property int fontDisplay: px(40)
    readonly property int fontNumber: px(34)

    // Motion: short, and none in automation (screenshots, self-test).
    readonly property int durationShort: 120
    readonly property int durationToast: 2600
    readonly property int searchDebounceMs: 0
    readonly property real disabledOpacity: 0.45
    readonly property int elevationRaised: 2

    // ---- Kiosk and on-screen keyboard (issue "Kiosk") ----
    // Residents read at arm's length and many are past sixty: the kiosk's type is larger than the
    // staff screens' and still follows textScale; dark text on white and outlined controls keep
    // contrast high (text ≥ 7:1, outlines ≥ 3:1). The type follows the text-size setting; the
    // layout sizes stay, so the keyboard and a question always fit one screen.
    function kioskPx(v) { return Math.round(v * scale) }
    readonly property int fontKioskSmall: kioskPx(24)
    readonly property int fontKioskBody: kioskPx(30)
    readonly property int fontKioskQuestion: kioskPx(42)
    readonly property int fontKioskInput: kioskPx(44)
    readonly property int fontKioskHeadline: kioskPx(72)
    readonly property int kioskTouchTarget: 88
    readonly property int kioskMargin: 20
    readonly property int kioskTileWidth: 360
    readonly property int kioskTileHeight: 300
    readonly property int kioskTileButtonHeight: 72
    readonly property int kioskFieldWidth: 720
    readonly property int kioskBarHeight: 88
    readonly property int kioskBorderWidth: 2
    readonly property int kioskFocusBorderWidth: 4
    readonly property color kioskOutline: "#6b5e63"
    readonly property color kioskSuccess: "#1d6b38"
    readonly property color kioskSelected: "#f3e3ee"
    readonly property color kioskOverlay: "#b3000000"
    readonly property color kioskTextOnPrimary: "#ffffff"

    readonly property int keyHeight: 68
    readonly property int keyMaxWidth: 118
    readonly property int keySpacing: 8
    readonly property int keyRadius: 8
    readonly property int numericKeyWidth: 200
    readonly property int candidateBarHeight: 72
    readonly property int candidateMinWidth: 76
    readonly property int preeditWidth: 260
    readonly property int fontKey: kioskPx(30)
    readonly property int fontKeySmall: kioskPx(22)
    readonly property int fontCandidate: kioskPx(34)
    readonly property color keyboardBackground: "#e6e0dc"
    readonly property color keyFace: "#ffffff"
    readonly property color keyFaceSpecial: "#d9ccd4"
    readonly property color keyFacePressed: "#b99aad"
    readonly property color keyBorder: "#8c7f84"
}
