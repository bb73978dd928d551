import QtQuick
import QtQuick.Layouts
import Lanxin

// A training on the kiosk home: what, when, where, seats left, and a big 报名.
Rectangle {
    id: tile

    required property string sessionId
    required property string title
    required property string categoryLabel
    required property string dayText
    required property string timeText
    required property string location
    required property int seatsLeft
    required property bool full
    required property bool isOffer
    required property string organiser
    required property int index

    signal signUp(string sessionId)

    readonly property string seatsText: full ? qsTr("名额已满")
        : isOffer ? qsTr("区里组织%1").arg(organiser.length > 0 ? Format.inBrackets(organiser) : "")
        : seatsLeft >= 0 ? qsTr("还有 %1 个名额").arg(seatsLeft) : qsTr("名额充足")

    objectName: "tile_" + sessionId
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.kioskOutline
    border.width: Theme.kioskBorderWidth

    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("%1，%2 %3，在%4，%5").arg(title).arg(dayText).arg(timeText).arg(location).arg(seatsText)

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing / 4

        Text {
            Layout.fillWidth: true
            text: tile.title
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
            font.pixelSize: Theme.fontKioskBody
            font.bold: true
            color: Theme.text
        }
        Text {
            Layout.fillWidth: true
            text: tile.dayText
            elide: Text.ElideRight
            font.pixelSize: Theme.fontKioskSmall
            color: Theme.primaryDark
            font.bold: true
        }
        Text {
            Layout.fillWidth: true
            text: tile.timeText + "  " + tile.location
            elide: Text.ElideRight
            font.pixelSize: Theme.fontKioskSmall
            color: Theme.text
        }
        Text {
            Layout.fillWidth: true
            objectName: "seats"
            // The places left first: a long category (in English) is what an elision cuts.
            text: tile.seatsText + " · " + tile.categoryLabel
            wrapMode: Text.WordWrap // a district offer names its organiser: two lines
            maximumLineCount: 2
            elide: Text.ElideRight
            font.pixelSize: Theme.fontKioskSmall
            color: tile.full ? Theme.danger : Theme.textMuted
        }
        Item { Layout.fillHeight: true }
        KioskButton {
            objectName: "signUp_" + tile.index
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.kioskTileButtonHeight
            primary: !tile.full
            text: tile.full ? qsTr("已满，看看下一期") : qsTr("报名")
            accessibleName: qsTr("报名参加%1").arg(tile.title)
            onClicked: tile.signUp(tile.sessionId)
        }
    }
}
