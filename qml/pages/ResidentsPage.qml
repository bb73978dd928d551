import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Residents (PRODUCT.md screen 5): search as you type (name, pinyin initials, phone or ID tail);
// everyone by pinyin when the box is empty, a page at a time.
Page {
    id: root

    readonly property string screenName: "residents"
    property alias query: search.text
    property int reviewCount: Residents.reviewCount()

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        showBack: false
        title: qsTr("居民")
        AppButton {
            objectName: "reviewButton"
            visible: StaffSession.director && root.reviewCount > 0
            text: qsTr("待确认 %1").arg(root.reviewCount)
            onClicked: Nav.open("ReviewPage", {})
        }
        AppButton {
            objectName: "newResident"
            kind: "primary"
            text: qsTr("新建居民")
            onClicked: Nav.open("ResidentEditPage", {})
        }
    }
    StackView.onActivated: {
        residents.reload()
        reviewCount = Residents.reviewCount()
    }

    ResidentListModel {
        id: residents
        objectName: "residentModel"
        query: search.text
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall
        SearchField {
            id: search
            objectName: "residentSearch"
            Layout.fillWidth: true
            Layout.maximumWidth: Theme.listMaxWidth
            Layout.alignment: Qt.AlignHCenter
            focus: true
        }
        ListView {
            id: list
            objectName: "residentList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.maximumWidth: Theme.listMaxWidth
            Layout.alignment: Qt.AlignHCenter
            clip: true
            model: residents
            ScrollBar.vertical: ScrollBar {}
            delegate: ResidentDelegate {
                onClicked: Nav.open("ProfilePage", { residentId: residentId })
            }
            EmptyState {
                anchors.fill: parent
                visible: list.count === 0
                message: search.text.length > 0 ? qsTr("没有找到“%1”。可以点“新建居民”登记她。").arg(search.text)
                                                : qsTr("还没有居民。")
            }
        }
    }
}
