import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// A titled card that groups part of a page; its children stack in a column.
Rectangle {
    id: root

    property string title
    property alias headerActions: headerRow.data
    default property alias content: body.data

    implicitHeight: column.implicitHeight + 2 * Theme.spacing
    implicitWidth: column.implicitWidth + 2 * Theme.spacing
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.border
    border.width: Theme.borderWidth
    Accessible.role: Accessible.Grouping
    Accessible.name: title

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall
        RowLayout {
            visible: root.title.length > 0
            Layout.fillWidth: true
            Label {
                text: root.title
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.primaryDark
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            RowLayout {
                id: headerRow
                spacing: Theme.spacingSmall
            }
        }
        ColumnLayout {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingSmall
        }
    }
}
