import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A pipeline of steps (转介 → 筛查 → 结果 → 确诊 → 治疗): done steps filled, the current one ringed.
// `closed` greys the pipeline out (the referral was closed with a reason).
RowLayout {
    id: root

    property var steps: []
    property int current: 0
    property bool closed: false

    spacing: 0
    Accessible.role: Accessible.ProgressBar
    Accessible.name: steps.length > current ? steps[current] : ""

    Repeater {
        model: root.steps
        delegate: RowLayout {
            required property string modelData
            required property int index
            readonly property bool done: index <= root.current
            spacing: 0
            Layout.fillWidth: index > 0
            Rectangle {
                visible: index > 0
                Layout.fillWidth: true
                Layout.minimumWidth: Theme.spacing
                height: Theme.focusWidth
                color: done && !root.closed ? Theme.primary : Theme.border
            }
            ColumnLayout {
                spacing: Theme.spacingTiny
                Rectangle {
                    Layout.alignment: Qt.AlignHCenter
                    width: Theme.stepDot
                    height: Theme.stepDot
                    radius: width / 2
                    color: root.closed ? Theme.surfaceAlt : done ? Theme.primary : Theme.surface
                    border.color: root.closed ? Theme.border : Theme.primary
                    border.width: index === root.current ? Theme.focusWidth : Theme.borderWidth
                    Label {
                        anchors.centerIn: parent
                        text: done && !root.closed ? "✓" : index + 1
                        color: done && !root.closed ? Theme.textOnPrimary : Theme.textMuted
                        font.pixelSize: Theme.fontCaption
                    }
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    text: modelData
                    font.pixelSize: Theme.fontLabel
                    font.bold: index === root.current
                    color: done && !root.closed ? Theme.primaryDark : Theme.textMuted
                }
            }
        }
    }
}
