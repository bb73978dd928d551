pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The row above the keys while she types pinyin: what she has typed so far ("张xiu'ying"), one
// page of candidates to tap, and page arrows. Tapping a candidate hands its page index to `picked`.
Rectangle {
    id: bar

    signal picked(int index)

    implicitHeight: Theme.candidateBarHeight
    color: Theme.surface
    border.color: Theme.keyBorder
    border.width: 1

    Accessible.role: Accessible.List
    Accessible.name: qsTr("候选字")

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.keySpacing
        anchors.rightMargin: Theme.keySpacing
        spacing: Theme.keySpacing

        Text {
            id: preedit
            objectName: "preedit"
            Layout.preferredWidth: Math.min(Theme.preeditWidth, bar.width / 4)
            Layout.fillHeight: true
            text: PinyinInput.composing ? PinyinInput.preedit : qsTr("打拼音，再点字")
            color: PinyinInput.composing ? Theme.primaryDark : Theme.textMuted
            font.pixelSize: PinyinInput.composing ? Theme.fontCandidate : Theme.fontKeySmall
            verticalAlignment: Text.AlignVCenter
            elide: Text.ElideLeft
            Accessible.role: Accessible.StaticText
            Accessible.name: PinyinInput.composing ? qsTr("正在输入 %1").arg(text) : text
        }

        ListView {
            id: list
            objectName: "candidateList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: ListView.Horizontal
            spacing: Theme.keySpacing
            clip: true
            interactive: contentWidth > width
            model: PinyinInput.candidates
            // As many as usually fit; a page of long phrases can still be slid sideways.
            onWidthChanged: PinyinInput.pageSize = Math.max(3, Math.floor(width / (Theme.candidateMinWidth * 1.4)))

            delegate: KeyButton {
                required property string modelData
                required property int index
                objectName: "candidate_" + index
                height: list.height - 2 * Theme.keySpacing
                y: Theme.keySpacing
                width: Math.max(Theme.candidateMinWidth, implicitContentWidth + 2 * Theme.spacing)
                text: modelData
                fontSize: Theme.fontCandidate
                accessibleName: qsTr("候选 %1：%2").arg(index + 1).arg(modelData)
                onClicked: bar.picked(index)
            }
        }

        KeyButton {
            objectName: "candidates_previous"
            text: "◀"
            special: true
            enabled: PinyinInput.page > 0
            visible: PinyinInput.pageCount > 1
            accessibleName: qsTr("上一页候选")
            onClicked: PinyinInput.previousPage()
        }
        KeyButton {
            objectName: "candidates_next"
            text: "▶"
            special: true
            enabled: PinyinInput.page + 1 < PinyinInput.pageCount
            visible: PinyinInput.pageCount > 1
            accessibleName: qsTr("下一页候选")
            onClicked: PinyinInput.nextPage()
        }
    }
}
