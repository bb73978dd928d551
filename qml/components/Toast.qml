import QtQuick
import QtQuick.Controls
import Lanxin

// A short message at the bottom ("已保存"), gone after a few seconds.
Popup {
    id: root

    property string message

    function show(text) {
        message = text
        open()
        timer.restart()
    }

    x: (parent ? (parent.width - width) / 2 : 0)
    y: (parent ? parent.height - height - Theme.spacingHuge : 0)
    padding: Theme.spacing
    closePolicy: Popup.CloseOnPressOutside
    background: Rectangle {
        radius: Theme.radius
        color: Theme.text
    }
    contentItem: Label {
        text: root.message
        color: Theme.surface
        font.pixelSize: Theme.fontBody
        Accessible.role: Accessible.AlertMessage
        Accessible.name: root.message
    }
    Timer {
        id: timer
        interval: Theme.durationToast
        onTriggered: root.close()
    }
}
