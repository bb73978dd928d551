pragma Singleton
import QtQuick

// Navigation requests from any page; the shell (Main.qml) carries them out on its StackView.
// `page` is a page type in qml/pages ("RosterPage"); `section` a top-level destination.
QtObject {
    signal openRequested(string page, var properties)
    signal backRequested()
    signal sectionRequested(string section)
    signal toastRequested(string message)

    function open(page, properties) { openRequested(page, properties || {}) }
    function back() { backRequested() }
    function section(name) { sectionRequested(name) }
    function toast(message) { toastRequested(message) }
}
