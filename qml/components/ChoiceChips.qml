import QtQuick
import QtQuick.Controls
import Lanxin

// Chips to pick one value (`multi` false: `selected` is a string) or several (`multi` true: `selected`
// is an array). `options` is a list of {value, label}, e.g. Labels.options.purposes.
Flow {
    id: root

    property var options: []
    property bool multi: false
    property var selected: multi ? [] : ""
    property bool enabledChips: true
    property string accessibleName
    signal toggled(string value)

    spacing: Theme.spacingSmall
    Accessible.role: Accessible.Grouping
    Accessible.name: accessibleName

    function isOn(value) {
        return root.multi ? (root.selected || []).indexOf(value) >= 0 : root.selected === value
    }

    Repeater {
        model: root.options
        delegate: AbstractButton {
            id: chip
            required property var modelData
            readonly property bool on: root.isOn(modelData.value)
            objectName: "chip_" + modelData.value
            enabled: root.enabledChips
            opacity: enabled ? 1 : Theme.disabledOpacity
            implicitHeight: Theme.touchTarget
            implicitWidth: Math.max(Theme.touchTarget, chipText.implicitWidth + 2 * Theme.spacing)
            Accessible.role: root.multi ? Accessible.CheckBox : Accessible.RadioButton
            Accessible.name: modelData.label
            Accessible.checkable: true
            Accessible.checked: on
            background: Rectangle {
                radius: height / 2
                color: chip.on ? Theme.primary : Theme.surface
                border.color: chip.on ? Theme.primary : Theme.border
                border.width: Theme.borderWidth
            }
            contentItem: Text {
                id: chipText
                text: (chip.on ? "✓ " : "") + chip.modelData.label
                color: chip.on ? Theme.textOnPrimary : Theme.text
                font.pixelSize: Theme.fontBody
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            onClicked: {
                const v = modelData.value
                if (root.multi) {
                    const next = (root.selected || []).slice()
                    const i = next.indexOf(v)
                    if (i >= 0)
                        next.splice(i, 1)
                    else
                        next.push(v)
                    root.selected = next
                } else {
                    root.selected = v
                }
                root.toggled(v)
            }
        }
    }
}
