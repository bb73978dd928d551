import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The privacy notice of PIPL in plain Chinese (who holds her data, why, what, how long, her rights)
// and two separate consents, both unticked: general, and — only when she gave an ID number —
// sensitive. Without the general consent nothing is saved.
QuestionPage {
    id: step

    property bool idGiven: false
    readonly property alias consentGeneral: general.checked
    readonly property alias consentSensitive: sensitive.checked

    signal declined()

    fillsHeight: true
    question: qsTr("最后，请看一下我们怎样保护您的信息")
    hint: ""
    nextText: qsTr("确认报名")

    Flickable {
        id: notice
        objectName: "privacyNotice"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: Theme.kioskTouchTarget * 2
        contentHeight: noticeText.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        Text {
            id: noticeText
            width: notice.width - Theme.spacing
            textFormat: Text.StyledText
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontKioskSmall
            lineHeight: 1.25
            color: Theme.text
            Accessible.role: Accessible.StaticText
            Accessible.name: text.replace(/<[^>]*>/g, "")
            text: qsTr("<b>谁保存：</b>%1和区妇联。<br>"
                       + "<b>为什么：</b>为您报名培训、通知您培训的安排，并统计妇女参加培训的情况。<br>"
                       + "<b>保存什么：</b>您的名字、手机号或身份证号、所在的村（社区），以及您参加培训的记录；"
                       + "填了身份证号的，还有从中得到的出生日期和性别。不会问您的健康和家庭情况。<br>"
                       + "<b>保存多久：</b>培训记录保存10年，用于每年的统计；手机号和身份证号在本站最多保存3年。<br>"
                       + "<b>您的权利：</b>您可以随时请工作人员帮您查看、改正或删除您的信息，也可以撤回同意。"
                       + "不同意也没关系，可以请工作人员帮您报名。").arg(KioskController.stationName)
        }
    }

    KioskCheck {
        id: general
        objectName: "consentGeneral"
        Layout.fillWidth: true
        text: qsTr("我同意按上面的说明保存和使用我的信息")
        onCheckedChanged: step.error = ""
    }
    KioskCheck {
        id: sensitive
        objectName: "consentSensitive"
        Layout.fillWidth: true
        visible: step.idGiven
        text: qsTr("我同意保存我的身份证号（敏感个人信息），用于核对身份。不勾选就不保存身份证号。")
    }
    KioskButton {
        objectName: "decline"
        primary: false
        fontSize: Theme.fontKioskSmall
        text: qsTr("不同意，不报名了")
        onClicked: step.declined()
    }
}
