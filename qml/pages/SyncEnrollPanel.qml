import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// Device enrollment on the sync screen: which district and station this device reports to, and the
// form to enroll it (first time, or again after the district revoked it) with a one-time code.
Rectangle {
    id: panel

    property bool editing: !Sync.enrolled || Sync.mustEnroll

    implicitHeight: content.implicitHeight + 2 * Theme.spacing
    radius: Theme.radius
    color: Theme.surface
    border.color: Sync.mustEnroll ? Theme.danger : Theme.border
    border.width: Theme.borderWidth

    ColumnLayout {
        id: content
        x: Theme.spacing
        y: Theme.spacing
        width: parent.width - 2 * Theme.spacing
        spacing: Theme.spacingSmall

        Label {
            text: qsTr("设备登记")
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            visible: Sync.enrolled
            text: qsTr("已登记到站点 %1 %2\n区里服务器：%3").arg(Sync.stationCode).arg(Sync.stationName).arg(Sync.serverUrl)
            font.pixelSize: Theme.fontLabel
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            visible: Sync.mustEnroll
            text: qsTr("区里已停用本设备的凭据。请向区里要一个新的登记码，重新登记后继续同步；本机记录不会丢失。")
            font.pixelSize: Theme.fontBody
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        AppButton {
            kind: "secondary"
            visible: !panel.editing
            text: qsTr("重新登记")
            Accessible.name: text
            onClicked: panel.editing = true
        }

        GridLayout {
            Layout.fillWidth: true
            visible: panel.editing
            columns: 2
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacingSmall

            Label { text: qsTr("服务器地址"); font.pixelSize: Theme.fontBody; color: Theme.text }
            TextField {
                id: server
                Layout.fillWidth: true
                implicitHeight: Theme.touchTarget
                text: Sync.serverUrl
                placeholderText: qsTr("例如 https://fulian.example.gov.cn:8443")
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoPredictiveText
                font.pixelSize: Theme.fontBody
                Accessible.name: qsTr("服务器地址")
            }
            Label { text: qsTr("站点编码"); font.pixelSize: Theme.fontBody; color: Theme.text }
            TextField {
                id: station
                Layout.fillWidth: true
                implicitHeight: Theme.touchTarget
                text: Sync.stationCode
                placeholderText: qsTr("例如 FH-XW-012")
                inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
                font.pixelSize: Theme.fontBody
                Accessible.name: qsTr("站点编码")
            }
            Label { text: qsTr("登记码"); font.pixelSize: Theme.fontBody; color: Theme.text }
            TextField {
                id: code
                Layout.fillWidth: true
                implicitHeight: Theme.touchTarget
                placeholderText: qsTr("区里给的一次性登记码，如 K7Q2-M9XD")
                inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                font.pixelSize: Theme.fontBody
                Accessible.name: qsTr("登记码")
            }
            Label { text: qsTr("区里证书"); font.pixelSize: Theme.fontBody; color: Theme.text }
            TextField {
                id: ca
                Layout.fillWidth: true
                implicitHeight: Theme.touchTarget
                placeholderText: qsTr("证书文件路径（PEM，可不填）")
                inputMethodHints: Qt.ImhNoPredictiveText
                font.pixelSize: Theme.fontBody
                Accessible.name: qsTr("区里证书文件")
            }
        }
        RowLayout {
            visible: panel.editing
            spacing: Theme.spacing
            AppButton {
                kind: "primary"
                text: qsTr("登记本设备")
                enabled: !Sync.enrolling && server.text.length > 0 && station.text.length > 0 && code.text.length > 0
                Accessible.name: text
                onClicked: Sync.enroll(server.text, station.text, code.text, ca.text)
            }
            AppButton {
                kind: "secondary"
                visible: Sync.enrolled && !Sync.mustEnroll
                text: qsTr("取消")
                Accessible.name: text
                onClicked: panel.editing = false
            }
            BusyIndicator {
                visible: Sync.enrolling
                running: visible
                Accessible.name: qsTr("正在登记")
            }
        }
        Label {
            Layout.fillWidth: true
            visible: text.length > 0
            text: Sync.enrollMessage
            font.pixelSize: Theme.fontLabel
            color: Sync.enrolling ? Theme.textMuted : Sync.enrolled && !Sync.mustEnroll ? Theme.success : Theme.danger
            wrapMode: Text.Wrap
        }
    }

    Connections {
        target: Sync
        function onEnrollFinished(ok, message) {
            if (ok) {
                code.text = ""
                panel.editing = false
            }
        }
    }
}
