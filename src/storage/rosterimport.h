#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

namespace lanxin {

class StationStore;

/// The outcome of importing a village roster: what was added, what matched someone already there,
/// and each rejected row with its line number and reason (one line, Chinese then English, as
/// bilingual() in core/result.h makes it; never an ID number or phone number).
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

struct RosterImportOptions
{
    /// Rows per transaction. Each chunk commits whole; a chunk whose insert fails is redone row by row.
    int chunkRows = 1000;
};

/// Imports a roster CSV (UTF-8, UTF-8 with BOM or GB18030, as Excel writes it in China).
/// Each valid row is imported whole with its outbox entry; each bad row is skipped whole. A row
/// matching an existing resident, or an earlier row of the same file, adds nothing (by ID number when
/// the row has one, else by name + birth date + village). Bulk: every row is validated first without
/// SQL; then per chunk of rows, in one transaction, the matches are looked up set-wise and the new
/// residents written with RecordStore::insertMany. A chunk that fails at insert is rolled back and
/// redone one row per savepoint, so only the rows that fail are skipped. A file that is not a roster
/// (unreadable encoding, empty, no 姓名 column, ...) gives the Error "bad_file" with its one-line
/// bilingual reason.
[[nodiscard]] Result<RosterReport> importRoster(StationStore &store, const QByteArray &csv,
                                                const RosterImportOptions &options = {});

} // namespace lanxin
