pragma Singleton
import QtQuick

// Dates and counts as people read them, in the current language (Qt.uiLanguage, which AppSettings
// sets on every engine; this singleton does not import Lanxin, so the module's singletons do not
// import each other). Dates arrive as "yyyy-MM-dd" (local dates) from the models.
QtObject {
    readonly property bool chinese: Qt.uiLanguage !== "en"
    readonly property string listSeparator: chinese ? "、" : ", "
    readonly property var monthsEn: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    // Messages from the C++ side come in both languages, "中文 / English" (lanxin::bilingual()):
    // the part of the current language.
    function inLanguage(text) {
        const at = text ? text.indexOf(" / ") : -1
        return at < 0 ? (text || "") : chinese ? text.slice(0, at) : text.slice(at + 3)
    }

    // An aside after a text: "（…）" in Chinese, " (…)" in English.
    function inBrackets(text) {
        return chinese ? "（" + text + "）" : " (" + text + ")"
    }

    // A count with thousands grouped, "1,234", as the C++ side writes the receipt's total.
    function count(n) {
        return Number(n).toLocaleString(Qt.locale("zh_CN"), "f", 0)
    }

    function parts(iso) {
        if (!iso || iso.length < 10)
            return null
        return { y: parseInt(iso.substr(0, 4)), m: parseInt(iso.substr(5, 2)), d: parseInt(iso.substr(8, 2)) }
    }
    // "11月28日" / "28 Nov"
    function shortDate(iso) {
        const p = parts(iso)
        if (!p)
            return ""
        return chinese ? qsTr("%1月%2日").arg(p.m).arg(p.d) : "%1 %2".arg(p.d).arg(monthsEn[p.m - 1])
    }
    // "2026年11月28日" / "28 Nov 2026"
    function longDate(iso) {
        const p = parts(iso)
        if (!p)
            return ""
        return chinese ? qsTr("%1年%2月%3日").arg(p.y).arg(p.m).arg(p.d)
                                   : "%1 %2 %3".arg(p.d).arg(monthsEn[p.m - 1]).arg(p.y)
    }
    // Overdue or coming: "逾期3天", "今天到期", "2天后到期"
    function dueText(daysLate) {
        if (daysLate > 0)
            return qsTr("逾期 %n 天", "", daysLate)
        if (daysLate === 0)
            return qsTr("今天到期")
        return qsTr("%n 天后到期", "", -daysLate)
    }
    function timeRange(start, end) {
        return end ? start + "–" + end : start
    }
    function monthTitle(year, month) {
        return chinese ? qsTr("%1年%2月").arg(year).arg(month) : "%1 %2".arg(monthsEn[month - 1]).arg(year)
    }
    // Today plus n days, as yyyy-MM-dd, from Home.today (the injectable clock).
    function addDays(iso, n) {
        const p = parts(iso)
        if (!p)
            return ""
        const t = new Date(Date.UTC(p.y, p.m - 1, p.d + n))
        return t.toISOString().substr(0, 10)
    }
}
