import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// One resident in a list: name, gender and age, village, masked phone and ID, care tags.
ItemDelegate {
    id: root

    required property string residentId
    required property string name
    required property string gender
    required property int age
    required property string village
    required property string maskedPhone
    required property string maskedIdNumber
    required property var tags
    required property bool needsReview
    required property int index

    objectName: "resident_" + index
    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: Math.max(Theme.touchTargetLarge, content.implicitHeight + 2 * Theme.spacingSmall)
    Accessible.role: Accessible.ListItem
    Accessible.name: name + " " + village

    background: Rectangle {
        color: root.pressed ? Theme.primaryLight : Theme.surface
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: Theme.borderWidth
            color: Theme.border
        }
    }
    contentItem: RowLayout {
        id: content
        spacing: Theme.spacing
        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingTiny
            RowLayout {
                spacing: Theme.spacingSmall
                Label {
                    text: root.name
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    color: Theme.text
                }
                Label {
                    text: [Labels.names.gender[root.gender] || "", root.age >= 0 ? qsTr("%n 岁", "", root.age) : ""]
                          .filter(s => s.length > 0).join(" · ")
                    font.pixelSize: Theme.fontLabel
                    color: Theme.textMuted
                }
                Label {
                    visible: root.needsReview
                    text: qsTr("待确认")
                    font.pixelSize: Theme.fontCaption
                    color: Theme.warning
                    padding: Theme.spacingTiny
                    background: Rectangle { radius: Theme.radiusSmall; color: Theme.warningLight }
                }
            }
            Label {
                text: [root.village, root.maskedPhone, root.maskedIdNumber].filter(s => s.length > 0).join("   ")
                font.pixelSize: Theme.fontLabel
                color: Theme.textMuted
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        Flow {
            Layout.maximumWidth: parent.width / 3
            spacing: Theme.spacingTiny
            Repeater {
                model: root.tags
                delegate: Label {
                    required property string modelData
                    text: Labels.names.tags[modelData] || modelData
                    font.pixelSize: Theme.fontCaption
                    color: Theme.primaryDark
                    padding: Theme.spacingTiny
                    background: Rectangle { radius: Theme.radiusSmall; color: Theme.primaryLight }
                }
            }
        }
    }
}
