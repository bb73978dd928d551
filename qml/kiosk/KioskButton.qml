import QtQuick
import QtQuick.Controls
import Lanxin

// A big kiosk button: filled for the main action of a screen, outlined for the others.
AbstractButton {
    id: button

    property bool primary: true
    property string accessibleName: text
    property int fontSize: Theme.fontKioskBody

    focusPolicy: Qt.NoFocus
    implicitWidth: Math.max(Theme.kioskTouchTarget * 2, implicitContentWidth + 2 * Theme.kioskMargin)
    implicitHeight: Theme.kioskTouchTarget
    horizontalPadding: Theme.spacing // a long label keeps clear of the border
    opacity: enabled ? 1.0 : 0.45

    Accessible.role: Accessible.Button
    Accessible.name: accessibleName

    contentItem: Text {
        text: button.text
        font.pixelSize: button.fontSize
        font.bold: button.primary
        color: button.primary ? Theme.kioskTextOnPrimary : Theme.primaryDark
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        // A label longer than a narrow tile's button (English, portrait) shrinks a little before it elides.
        fontSizeMode: Text.HorizontalFit
        minimumPixelSize: Math.round(button.fontSize * 0.75)
        elide: Text.ElideRight
    }

    background: Rectangle {
        radius: Theme.radius
        color: button.primary ? (button.down ? Theme.primary : Theme.primaryDark)
                              : (button.down ? Theme.kioskSelected : Theme.surface)
        border.color: Theme.primaryDark
        border.width: Theme.kioskBorderWidth
    }
}
