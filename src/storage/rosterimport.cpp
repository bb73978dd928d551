#include "rosterimport.h"

#include "stationstore.h"

#include "core/csvreader.h"
#include "core/roster.h"

namespace lanxin {

Result<RosterReport> importRoster(StationStore &store, const QByteArray &csv)
{
    const CsvDocument doc = readCsv(csv);
    if (!doc.error.isEmpty())
        return Error{QStringLiteral("bad_file"), doc.error};
    QString fileError;
    const QList<RosterRow> rows = parseRoster(doc, &fileError);
    if (!fileError.isEmpty())
        return Error{QStringLiteral("bad_file"), fileError};

    RosterReport report;
    report.encoding = doc.encoding;
    ResidentRepository &residents = store.residents();
    // Chunks of rows share one commit (fast), each row inside its own savepoint (whole or nothing).
    constexpr int kChunk = 500;
    for (qsizetype start = 0; start < rows.size(); start += kChunk) {
    auto chunk = store.database().transaction([&]() -> Result<void> {
    for (const RosterRow &row : rows.mid(start, kChunk)) {
        if (!row.error.isEmpty()) {
            report.rejected << RosterReport::Rejected{row.line, row.error};
            continue;
        }
        Resident r = Resident::fromValues(row.values);
        // The same person: by ID number when the row has one, else by name + birth date + village.
        const bool present = !r.idNumber.isEmpty() ? residents.findByIdNumber(r.idNumber).has_value()
                                                   : !residents.findDuplicates(r).isEmpty();
        if (present) {
            ++report.alreadyPresent;
            continue;
        }
        auto created = residents.create(r);
        if (!created) {
            const auto fields = residents.lastFieldErrors();
            report.rejected << RosterReport::Rejected{row.line, fields.isEmpty() ? created.error().message
                                                                                 : fields.first().messageZh};
            continue;
        }
        ++report.added;
    }
    return {};
    });
    if (!chunk)
        return chunk.error();
    }
    return report;
}

} // namespace lanxin
