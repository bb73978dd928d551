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
    readonly property color primaryLight: "#f3e6ef"
    readonly property color surfaceAlt: "#f6efea"
    readonly property color border: "#e4d8d2"
    readonly property color dangerLight: "#fbe4e2"
    readonly property color success: "#2e7d4f"
    readonly property color successLight: "#e3f2e8"
    readonly property color warning: "#a86400"
    readonly property color warningLight: "#fdf0d9"

    property real textScale: 1.0
    function px(v) { return Math.round(v * textScale) }
    readonly property int touchTarget: px(56)
    readonly property int spacingTiny: px(4)
    readonly property int spacingSmall: px(8)
    readonly property int spacing: px(16)
    readonly property int spacingLarge: px(24)
    readonly property int radius: px(12)
    readonly property int radiusSmall: px(6)
    readonly property int borderWidth: 1
    readonly property int badgeSize: px(28)
    readonly property int formMaxWidth: px(760)
    readonly property int listMaxWidth: px(980)
    readonly property int fontCaption: px(14)
    readonly property int fontLabel: px(16)
    readonly property int fontBody: Math.round(18 * textScale)
    readonly property int fontTitle: Math.round(28 * textScale)
    readonly property int fontHeadline: Math.round(40 * textScale)
}
