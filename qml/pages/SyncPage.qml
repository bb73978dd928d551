import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The sync screen (PRODUCT.md screen 8): what waits, what the district confirmed (per kind, from
// its receipt), records it rejected with the reason and a way to the form that fixes them, edits
// that someone else's newer edit replaced, "sync now", and device enrollment.
Page {
    id: page

    readonly property string screenName: "sync"

    title: qsTr("同步")
    background: Rectangle { color: Theme.background }

    component Card: Rectangle {
        id: card
        default property alias content: inner.data
        property string heading
        Layout.fillWidth: true
        implicitHeight: inner.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.borderWidth
        ColumnLayout {
            id: inner
            x: Theme.spacing
            y: Theme.spacing
            width: parent.width - 2 * Theme.spacing
            spacing: Theme.spacingSmall
            Label {
                visible: text.length > 0
                text: card.heading
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 2 * Theme.spacingLarge
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            width: Math.min(page.width - 2 * Theme.spacingLarge, Theme.listMaxWidth)
            x: (page.width - width) / 2
            y: Theme.spacingLarge
            spacing: Theme.spacingLarge

            Card {
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingTiny
                        Label {
                            Layout.fillWidth: true
                            text: Sync.statusText
                            font.pixelSize: Theme.fontTitle
                            font.bold: true
                            color: Sync.mustEnroll ? Theme.danger : Theme.text
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: text.length > 0
                            text: Format.inLanguage(Sync.lastMessage)
                            font.pixelSize: Theme.fontLabel
                            color: Theme.textMuted
                            wrapMode: Text.Wrap
                        }
                    }
                    AppButton {
                        kind: "primary"
                        text: qsTr("立即同步")
                        enabled: Sync.enrolled && !Sync.mustEnroll && Sync.status !== "syncing"
                        Accessible.name: text
                        onClicked: Sync.syncNow()
                    }
                }
                ProgressBar {
                    Layout.fillWidth: true
                    visible: Sync.status === "syncing"
                    from: 0
                    to: 1
                    value: Math.max(0, Sync.progress)
                    indeterminate: Sync.progress < 0
                    Accessible.name: qsTr("同步进度")
                }
            }

            Card {
                heading: qsTr("待同步")
                Label {
                    text: Sync.pendingCount > 0 ? qsTr("%1 条记录等待发送到区里").arg(Sync.pendingCount)
                                                : qsTr("本机没有等待发送的记录")
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                }
                Repeater {
                    model: Sync.pendingByKind
                    delegate: Label {
                        required property var modelData
                        text: qsTr("%1：%2 条").arg(Labels.kinds[modelData.kind] || modelData.label).arg(Format.count(modelData.count))
                        font.pixelSize: Theme.fontLabel
                        color: Theme.textMuted
                    }
                }
            }

            Card {
                heading: qsTr("区里确认")
                Label {
                    Layout.fillWidth: true
                    text: Sync.receiptSummary
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: Sync.receiptMatch ? Theme.success : Theme.warning
                    wrapMode: Text.Wrap
                }
                Label {
                    Layout.fillWidth: true
                    visible: !Sync.receiptMatch && (Sync.pendingCount > 0 || Sync.problemCount > 0)
                    text: qsTr("还有待同步或被退回的记录时，核对不会完全一致。")
                    font.pixelSize: Theme.fontLabel
                    color: Theme.textMuted
                    wrapMode: Text.Wrap
                }
                Label {
                    text: qsTr("最近一次确认：%1").arg(Sync.lastConfirmedText)
                    font.pixelSize: Theme.fontLabel
                    color: Theme.textMuted
                }
                GridLayout {
                    Layout.fillWidth: true
                    visible: Sync.receipt.length > 0
                    columns: 4
                    columnSpacing: Theme.spacing
                    rowSpacing: Theme.spacingTiny
                    Repeater {
                        model: [qsTr("类别"), qsTr("本机"), qsTr("区里"), qsTr("核对")]
                        delegate: Label {
                            required property string modelData
                            text: modelData
                            font.pixelSize: Theme.fontCaption
                            color: Theme.textMuted
                        }
                    }
                    Repeater {
                        model: Sync.receipt.length * 4
                        delegate: Label {
                            required property int index
                            readonly property var row: Sync.receipt[Math.floor(index / 4)]
                            readonly property int column: index % 4
                            text: column === 0 ? (Labels.kinds[row.kind] || row.label) : column === 1 ? Format.count(row.local) : column === 2 ? Format.count(row.district)
                                : row.match ? qsTr("✓ 一致") : qsTr("不一致")
                            color: column === 3 ? (row.match ? Theme.success : Theme.danger) : Theme.text
                            font.pixelSize: Theme.fontLabel
                        }
                    }
                }
            }

            Card {
                visible: Sync.problemCount > 0
                heading: qsTr("区里退回的记录（%1）").arg(Sync.problemCount)
                Label {
                    Layout.fillWidth: true
                    text: qsTr("这些记录需要修改后才能同步；其他记录不受影响。")
                    font.pixelSize: Theme.fontLabel
                    color: Theme.textMuted
                    wrapMode: Text.Wrap
                }
                Repeater {
                    model: Sync.problems
                    delegate: RowLayout {
                        id: problem
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("%1：%2").arg((Labels.kinds[problem.modelData.kind] || problem.modelData.kindLabel)).arg(problem.modelData.reason)
                            font.pixelSize: Theme.fontBody
                            color: Theme.danger
                            wrapMode: Text.Wrap
                        }
                        AppButton {
                            kind: "secondary"
                            objectName: "fixRecord"
                            text: qsTr("去修改")
                            Accessible.name: qsTr("修改这条%1记录").arg((Labels.kinds[problem.modelData.kind] || problem.modelData.kindLabel))
                            onClicked: Sync.openRecord(problem.modelData.kind, problem.modelData.recordId)
                        }
                    }
                }
            }

            Card {
                visible: Sync.conflicts.length > 0
                heading: qsTr("被覆盖的修改（%1）").arg(Sync.conflicts.length)
                Label {
                    Layout.fillWidth: true
                    text: qsTr("别的设备或区里后来改了同一项，以较新的修改为准。")
                    font.pixelSize: Theme.fontLabel
                    color: Theme.textMuted
                    wrapMode: Text.Wrap
                }
                Repeater {
                    model: Sync.conflicts
                    delegate: RowLayout {
                        id: conflict
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacingTiny
                            Label {
                                text: qsTr("%1 · %2").arg((Labels.kinds[conflict.modelData.kind] || conflict.modelData.kindLabel)).arg(conflict.modelData.fieldLabel)
                                font.pixelSize: Theme.fontBody
                                font.bold: true
                                color: Theme.text
                            }
                            Label {
                                Layout.fillWidth: true
                                text: qsTr("本机改为：%1　现在是：%2").arg(conflict.modelData.localValue).arg(conflict.modelData.remoteValue)
                                font.pixelSize: Theme.fontLabel
                                color: Theme.textMuted
                                wrapMode: Text.Wrap
                            }
                        }
                        AppButton {
                            kind: "secondary"
                            text: qsTr("知道了")
                            Accessible.name: qsTr("不再显示这条被覆盖的修改")
                            onClicked: Sync.dismissConflict(conflict.modelData.seq)
                        }
                    }
                }
            }

            SyncEnrollPanel {
                Layout.fillWidth: true
            }
        }
    }
}
