pragma Singleton
import QtQuick

// Colours, spacing, type and touch-target sizes: the only place in the UI with literal values.
QtObject {
    // A warm, calm palette for a women's station: orchid (兰) on warm paper.
    readonly property color primary: "#8e4b7a"
    readonly property color primaryDark: "#6d3560"
    readonly property color accent: "#d98e5f"
    readonly property color background: "#fbf7f4"
    readonly property color surface: "#ffffff"
    readonly property color text: "#2b2326"
    readonly property color textMuted: "#6b5e63"
    readonly property color danger: "#b3261e"

    property real textScale: 1.0
    readonly property int touchTarget: 56
    readonly property int spacing: 16
    readonly property int radius: 12
    readonly property int fontBody: Math.round(18 * textScale)
    readonly property int fontTitle: Math.round(28 * textScale)
    readonly property int fontHeadline: Math.round(40 * textScale)

    // ---- Kiosk and on-screen keyboard (issue "Kiosk") ----
    // Residents read at arm's length and many are past sixty: the kiosk's type is larger than the
    // staff screens' and still follows textScale; dark text on white and outlined controls keep
    // contrast high (text ≥ 7:1, outlines ≥ 3:1). The type follows the text-size setting; the
    // layout sizes stay, so the keyboard and a question always fit one screen.
    function kioskPx(v) { return Math.round(v * textScale) }
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
