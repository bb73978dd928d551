import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The title bar of a page: back (when the page was pushed), the title, and actions on the right
// (children of this item go there).
Rectangle {
    id: root

    property string title
    property string subtitle
    property bool showBack: true
    default property alias actions: actionRow.data

    implicitHeight: Theme.headerHeight
    color: Theme.surface
    Accessible.role: Accessible.TitleBar
    Accessible.name: title

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: Theme.borderWidth
        color: Theme.border
    }
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingSmall
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacingSmall
        AppButton {
            objectName: "backButton"
            visible: root.showBack
            kind: "quiet"
            text: "‹ " + qsTr("返回")
            onClicked: Nav.back()
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.leftMargin: root.showBack ? 0 : Theme.spacing
            spacing: 0
            Label {
                text: root.title
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                visible: root.subtitle.length > 0
                text: root.subtitle
                font.pixelSize: Theme.fontCaption
                color: Theme.textMuted
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        RowLayout {
            id: actionRow
            spacing: Theme.spacingSmall
        }
    }
}
