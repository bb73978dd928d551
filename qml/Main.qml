import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lanxin

// The navigation shell. Pages come in the staff-app issue; for now the station at a glance.
ApplicationWindow {
    id: window
    width: 1280
    height: 800
    visible: true
    title: qsTr("兰馨 · 妇女之家服务记录")
    color: Theme.background

    ColumnLayout {
        anchors.centerIn: parent
        spacing: Theme.spacing

        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("兰馨")
            color: Theme.primary
            font.pixelSize: Theme.fontHeadline
            font.bold: true
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: AppContext.stationCode.length > 0 ? qsTr("站点 %1").arg(AppContext.stationCode) : qsTr("本机尚未登记到区里")
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            visible: AppContext.startupProblem.length > 0
            text: AppContext.startupProblem
            color: Theme.danger
            font.pixelSize: Theme.fontBody
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("居民 %1 · 培训 %2 · 签到 %3 · 两癌转介 %4 · 家访 %5 · 待同步 %6")
                .arg(AppContext.counts.resident || 0).arg(AppContext.counts.training_session || 0)
                .arg(AppContext.counts.attendance || 0).arg(AppContext.counts.screening_referral || 0)
                .arg(AppContext.counts.family_visit || 0).arg(AppContext.outboxPending)
            color: Theme.text
            font.pixelSize: Theme.fontBody
        }
    }
}
