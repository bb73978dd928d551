import QtQuick
import QtQuick.Layouts
import Lanxin

// One question of the self-registration, as its own screen: the question in large type with
// 下一步 beside it (so the keyboard below never hides it), a read-aloud button, a short hint, the
// answer (the page's content), and a kind error under it.
Item {
    id: page

    property string question
    property string hint
    property string error
    // The field the on-screen keyboard types into (null: no keyboard on this page).
    property Item inputField: null
    property int keyboardMode: PinyinKeyboard.Chinese
    property string nextText: qsTr("下一步")
    property bool nextVisible: true
    property bool speechAvailable: false
    // Pages whose content grows (a list, the notice) take the height; others keep to the top.
    property bool fillsHeight: false
    default property alias content: body.data

    signal nextClicked()
    signal speakRequested(string text)

    Accessible.role: Accessible.Pane
    Accessible.name: question

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.kioskMargin
        spacing: Theme.spacing / 2

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Text {
                objectName: "question"
                Layout.fillWidth: true
                text: page.question
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontKioskQuestion
                font.bold: true
                color: Theme.text
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            KioskButton {
                objectName: "readAloud"
                visible: page.speechAvailable
                primary: false
                text: qsTr("🔊 听")
                fontSize: Theme.fontKioskSmall
                accessibleName: qsTr("朗读这个问题")
                onClicked: page.speakRequested(page.question + "。" + page.hint)
            }
            KioskButton {
                objectName: "next"
                visible: page.nextVisible
                text: page.nextText + " ›"
                accessibleName: page.nextText
                onClicked: page.nextClicked()
            }
        }

        Text {
            Layout.fillWidth: true
            visible: page.hint.length > 0
            text: page.hint
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontKioskSmall
            color: Theme.textMuted
        }

        ColumnLayout {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: page.fillsHeight
            spacing: Theme.spacing / 2
        }

        Text {
            objectName: "error"
            Layout.fillWidth: true
            text: page.error
            visible: text.length > 0
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontKioskBody
            font.bold: true
            color: Theme.danger
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
        Item {
            Layout.fillHeight: !page.fillsHeight
        }
    }
}
