import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Director: residents who signed up at the kiosk and wait for confirmation. Confirm her, or merge
// her into the resident she already is.
Page {
    id: root

    readonly property string screenName: "review"

    background: Rectangle { color: Theme.background }
    header: PageHeader { title: qsTr("待确认的自助报名") }
    StackView.onActivated: pending.reload()

    ResidentListModel {
        id: pending
        reviewOnly: true
    }

    ListView {
        id: list
        anchors.fill: parent
        anchors.margins: Theme.spacing
        clip: true
        model: pending
        spacing: Theme.spacingSmall
        delegate: ColumnLayout {
            id: item
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
            width: ListView.view.width
            spacing: 0
            ResidentDelegate {
                Layout.fillWidth: true
                residentId: item.residentId; name: item.name; gender: item.gender; age: item.age; village: item.village
                maskedPhone: item.maskedPhone; maskedIdNumber: item.maskedIdNumber; tags: item.tags
                needsReview: item.needsReview; index: item.index
                onClicked: Nav.open("ProfilePage", { residentId: item.residentId })
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.bottomMargin: Theme.spacingSmall
                spacing: Theme.spacingSmall
                Label {
                    Layout.fillWidth: true
                    readonly property int similar: Residents.duplicatesOf(item.residentId).length
                    text: similar > 0 ? qsTr("有 %n 位相似的居民", "", similar) : qsTr("没有相似的居民")
                    color: similar > 0 ? Theme.warning : Theme.textMuted
                    font.pixelSize: Theme.fontLabel
                }
                AppButton {
                    text: qsTr("合并到已有居民")
                    onClicked: Nav.open("MergePage", { residentId: item.residentId })
                }
                AppButton {
                    objectName: "confirm_" + item.index
                    kind: "primary"
                    text: qsTr("确认")
                    onClicked: {
                        const r = Residents.confirm(item.residentId)
                        Nav.toast(r.ok ? qsTr("已确认") : r.message)
                        pending.reload()
                    }
                }
            }
        }
        EmptyState {
            anchors.fill: parent
            visible: list.count === 0
            message: qsTr("没有待确认的自助报名。")
        }
    }
}
