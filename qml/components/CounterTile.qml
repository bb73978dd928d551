import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// One of the month's counters on the staff home: a big number and what it counts.
Rectangle {
    id: root

    property int value
    property string label

    implicitWidth: Theme.tileMinWidth
    implicitHeight: column.implicitHeight + 2 * Theme.spacing
    radius: Theme.radius
    color: Theme.primaryLight
    Accessible.role: Accessible.StaticText
    Accessible.name: label + " " + value

    ColumnLayout {
        id: column
        anchors.centerIn: parent
        spacing: 0
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: root.value
            font.pixelSize: Theme.fontNumber
            font.bold: true
            color: Theme.primaryDark
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: root.label
            font.pixelSize: Theme.fontLabel
            color: Theme.textMuted
        }
    }
}
