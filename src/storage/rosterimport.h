#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

namespace lanxin {

class StationStore;

/// The outcome of importing a village roster: what was added, what matched someone already there,
/// and each rejected row with its line number and reason.
struct RosterReport
{
    QString encoding;
    int added = 0;
    int alreadyPresent = 0;
    struct Rejected
    {
        int line;
        QString reason;
    };
    QList<Rejected> rejected;
};

/// Imports a roster CSV (UTF-8, UTF-8 with BOM or GB18030, as Excel writes it in China).
/// Each valid row is imported whole in one transaction with its outbox entry; each bad row is skipped
/// whole. A row matching an existing resident (by ID number, else name + birth date + village) adds nothing.
[[nodiscard]] Result<RosterReport> importRoster(StationStore &store, const QByteArray &csv);

} // namespace lanxin
