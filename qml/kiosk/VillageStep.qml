pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Her village or community: the station's villages as big buttons; a search field (pinyin, initials
// or characters) when there are many. One tap chooses and moves on.
QuestionPage {
    id: step

    property string village
    readonly property bool searchable: KioskController.villages.length > 8
    readonly property var shown: KioskController.matchVillages(search.text.length > 0 ? search.text
                                                                                      : PinyinInput.pendingSpelling)

    signal chosen(string village)

    fillsHeight: true
    question: qsTr("您住在哪个村（社区）？")
    hint: searchable ? qsTr("点您的村；找不到可以在下面打拼音或村名的第一个字母") : qsTr("点您的村")
    inputField: searchable ? search : null
    nextVisible: false

    KioskField {
        id: search
        objectName: "villageSearch"
        visible: step.searchable
        Layout.preferredWidth: Math.min(Theme.kioskFieldWidth, step.width - 2 * Theme.kioskMargin)
        placeholderText: qsTr("找村：打拼音，如 baidu 或 bd")
        accessibleName: qsTr("查找村（社区）")
    }

    GridView {
        id: grid
        objectName: "villageGrid"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        cellWidth: Theme.kioskTileWidth * 0.75
        cellHeight: Theme.kioskTouchTarget + Theme.spacing
        model: step.shown
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        delegate: KioskButton {
            required property string modelData
            required property int index
            objectName: "village_" + index
            width: grid.cellWidth - Theme.spacing
            primary: modelData === step.village
            text: modelData
            accessibleName: modelData === step.village ? qsTr("%1，已选").arg(modelData) : modelData
            onClicked: {
                step.village = modelData
                step.chosen(modelData)
            }
        }
    }

    Text {
        visible: step.shown.length === 0
        text: qsTr("没有找到这个村，请换个写法，或找工作人员帮忙")
        font.pixelSize: Theme.fontKioskBody
        color: Theme.textMuted
    }
}
