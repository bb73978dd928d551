import QtQuick
import QtQuick.Controls
import Lanxin

// A kiosk text field: very large type, no predictive text or desktop input method, no copy or
// cut (nothing a resident typed may reach the clipboard, SECURITY.md 20). The on-screen keyboard
// types into it.
TextField {
    id: field

    property string accessibleName: placeholderText

    implicitWidth: Theme.kioskFieldWidth
    implicitHeight: Theme.kioskTouchTarget
    font.pixelSize: Theme.fontKioskInput
    color: Theme.text
    placeholderTextColor: Theme.textMuted
    selectByMouse: false
    persistentSelection: false
    inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhSensitiveData | Qt.ImhNoAutoUppercase
    leftPadding: Theme.spacing
    rightPadding: Theme.spacing

    Accessible.role: Accessible.EditableText
    Accessible.name: accessibleName

    Keys.onPressed: event => {
        if (event.matches(StandardKey.Copy) || event.matches(StandardKey.Cut) || event.matches(StandardKey.Paste))
            event.accepted = true
    }

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.color: field.activeFocus ? Theme.primaryDark : Theme.kioskOutline
        border.width: field.activeFocus ? Theme.kioskFocusBorderWidth : Theme.kioskBorderWidth
    }
}
