import QtQuick
import QtQuick.Controls
import Lanxin

// What a list says when it has nothing to show.
Label {
    property string message
    text: message
    horizontalAlignment: Text.AlignHCenter
    verticalAlignment: Text.AlignVCenter
    wrapMode: Text.Wrap
    color: Theme.textMuted
    font.pixelSize: Theme.fontBody
    padding: Theme.spacingLarge
    Accessible.role: Accessible.StaticText
    Accessible.name: message
}
