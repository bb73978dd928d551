import QtQuick

// Placeholder for the sync badge (pending records, last confirmed sync, problems) that the
// sync-client issue provides under this file name; it shows nothing until then.
Item {
    implicitWidth: 0
    implicitHeight: 0
    Accessible.ignored: true
}
