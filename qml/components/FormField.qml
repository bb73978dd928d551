import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Lanxin

// A labelled text field with its error shown right under it (SECURITY.md 11): the message names
// what is wrong, the text the person typed stays.
ColumnLayout {
    id: root

    property string label
    property string error
    property string hint
    property alias text: input.text
    property alias placeholder: input.placeholderText
    property alias input: input
    property alias inputMethodHints: input.inputMethodHints
    property alias maximumLength: input.maximumLength
    property alias readOnly: input.readOnly
    property alias echoMode: input.echoMode
    /// The person left the field or pressed Enter: a good time to check it.
    signal edited()

    spacing: Theme.spacingTiny

    Label {
        text: root.label
        color: root.error.length > 0 ? Theme.danger : Theme.textMuted
        font.pixelSize: Theme.fontLabel
        Layout.fillWidth: true
        elide: Text.ElideRight
    }
    TextField {
        id: input
        Layout.fillWidth: true
        implicitHeight: Theme.touchTarget
        font.pixelSize: Theme.fontBody
        color: Theme.text
        selectByMouse: true
        Material.accent: root.error.length > 0 ? Theme.danger : Theme.primary
        Accessible.role: Accessible.EditableText
        Accessible.name: root.label
        Accessible.description: root.error
        onEditingFinished: root.edited()
    }
    Label {
        objectName: "fieldError"
        visible: root.error.length > 0
        text: root.error
        color: Theme.danger
        font.pixelSize: Theme.fontLabel
        wrapMode: Text.Wrap
        Layout.fillWidth: true
        Accessible.role: Accessible.AlertMessage
        Accessible.name: root.error
    }
    Label {
        visible: root.hint.length > 0 && root.error.length === 0
        text: root.hint
        color: Theme.textMuted
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
}
