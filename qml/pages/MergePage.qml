import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Director: merge two records of the same woman. `residentId` is the duplicate to merge away; the
// survivor is picked among the look-alikes or by search. Her trainings, referrals and visits move to
// the survivor, whose empty fields take the duplicate's values.
Page {
    id: root

    property string residentId
    readonly property string screenName: "merge"
    property var duplicate: Residents.get(residentId)
    property string survivorId
    property var survivor: survivorId.length > 0 ? Residents.get(survivorId) : ({})
    readonly property var lookAlikes: Residents.duplicatesOf(residentId)

    background: Rectangle { color: Theme.background }
    header: PageHeader { title: qsTr("合并重复居民") }

    component Card: SectionCard {
        property var person: ({})
        Label {
            text: [person.name, Labels.names.gender[person.gender] || "", person.village,
                   person.birth_date ? Format.longDate(person.birth_date) : "", person.maskedIdNumber, person.maskedPhone]
                  .filter(s => s && s.length > 0).join(" · ")
            font.pixelSize: Theme.fontBody
            color: Theme.text
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        columns: root.width >= Theme.wideLayoutWidth ? 2 : 1
        columnSpacing: Theme.spacing
        rowSpacing: Theme.spacing

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacingSmall
            Card { Layout.fillWidth: true; title: qsTr("要合并掉的记录"); person: root.duplicate }
            Label { text: qsTr("↓ 合并到"); font.pixelSize: Theme.fontTitle; color: Theme.primary }
            Card {
                Layout.fillWidth: true
                title: qsTr("保留的记录")
                person: root.survivor
                visible: root.survivorId.length > 0
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                visible: root.survivorId.length > 0
                text: qsTr("合并后，她的培训、转介和家访记录都归到保留的记录；保留记录中空着的信息用被合并记录补上。此操作会同步到区里。")
                font.pixelSize: Theme.fontLabel
                color: Theme.textMuted
            }
            AppButton {
                objectName: "doMerge"
                Layout.fillWidth: true
                kind: "danger"
                enabled: root.survivorId.length > 0
                text: qsTr("确认合并")
                onClicked: {
                    const r = Residents.merge(root.residentId, root.survivorId)
                    if (r.ok) {
                        Nav.toast(qsTr("已合并"))
                        Nav.back()
                        Nav.open("ProfilePage", { residentId: root.survivorId })
                    } else {
                        Nav.toast(r.message || Object.values(r.errors).join(" "))
                    }
                }
            }
        }
        SectionCard {
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: qsTr("选择保留的记录")
            Label {
                visible: root.lookAlikes.length > 0
                text: qsTr("相似的居民")
                font.pixelSize: Theme.fontLabel
                color: Theme.textMuted
            }
            ChoiceChips {
                Layout.fillWidth: true
                accessibleName: qsTr("相似的居民")
                options: root.lookAlikes.map(d => ({ value: d.id, label: d.name + " · " + d.village }))
                selected: root.survivorId
                onToggled: (v) => root.survivorId = v
            }
            SearchField { id: search; Layout.fillWidth: true }
            ListView {
                id: results
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: ResidentListModel { query: search.text; pageSize: 30 }
                delegate: ResidentDelegate {
                    visible: residentId !== root.residentId
                    height: visible ? implicitHeight : 0
                    onClicked: root.survivorId = residentId
                }
            }
        }
    }
}
