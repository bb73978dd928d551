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
}
