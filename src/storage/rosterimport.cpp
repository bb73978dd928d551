#include "rosterimport.h"

#include "fieldcipher.h"
#include "stationstore.h"

#include "core/csvreader.h"
#include "core/idnumber.h"
#include "core/roster.h"

#include <QSet>
#include <QSqlQuery>

#include <span>

namespace lanxin {

namespace {

/// A row that passed validation, with the keys it is matched by.
struct Candidate
{
    int line = 0;
    QVariantMap values;   ///< as create() takes them (Resident::toValues())
    QByteArray idIndex;   ///< blind index of the ID number; empty when the row has none
    QString identity;     ///< name + birth date + village; used only when the row has no ID number
};

/// What one chunk did; applied to the report and the seen keys only when its transaction committed.
struct ChunkOutcome
{
    int added = 0;
    int alreadyPresent = 0;
    QSet<QByteArray> idIndexes;
    QSet<QString> identities;
};

class Importer
{
public:
    explicit Importer(StationStore &store) : m_store(store) {}

    /// Writes `rows` in one transaction (a savepoint when nested). The file's earlier rows are in m_seen*.
    Result<ChunkOutcome> chunk(std::span<const Candidate> rows)
    {
        ChunkOutcome out;
        auto r = m_store.database().transaction([&]() -> Result<void> {
            out = {};
            ResidentRepository &residents = m_store.residents();
            QList<QByteArray> idIndexes;
            QStringList names;
            for (const Candidate &c : rows) {
                if (!c.idIndex.isEmpty())
                    idIndexes << c.idIndex;
                else if (!c.identity.isEmpty())
                    names << c.values.value(QStringLiteral("name")).toString();
            }
            auto presentIds = residents.presentIdIndexes(idIndexes);
            if (!presentIds)
                return presentIds.error();
            auto presentIdentities = residents.presentIdentities(names);
            if (!presentIdentities)
                return presentIdentities.error();

            // Decide in file order: a row is present when the station has it or an earlier row of
            // the file added it. Every added row is matchable by its name + birth date + village.
            QList<QVariantMap> fresh;
            for (const Candidate &c : rows) {
                const bool present = !c.idIndex.isEmpty()
                    ? presentIds->contains(c.idIndex) || m_seenIds.contains(c.idIndex) || out.idIndexes.contains(c.idIndex)
                    : !c.identity.isEmpty()
                        && (presentIdentities->contains(c.identity) || m_seenIdentities.contains(c.identity)
                            || out.identities.contains(c.identity));
                if (present) {
                    ++out.alreadyPresent;
                    continue;
                }
                if (!c.idIndex.isEmpty())
                    out.idIndexes.insert(c.idIndex);
                const Resident woman = Resident::fromValues(c.values);
                const QString identity = ResidentRepository::identityKey(woman.name, woman.birthDate, woman.village);
                if (!identity.isEmpty())
                    out.identities.insert(identity);
                fresh << c.values;
            }
            auto ids = m_store.records().insertMany(Kind::Resident, fresh);
            if (!ids)
                return ids.error();
            out.added = static_cast<int>(ids->size());
            return {};
        });
        if (!r)
            return r.error();
        return out;
    }

    void apply(ChunkOutcome &&o, RosterReport &report)
    {
        report.added += o.added;
        report.alreadyPresent += o.alreadyPresent;
        m_seenIds.unite(o.idIndexes);
        m_seenIdentities.unite(o.identities);
    }

private:
    StationStore &m_store;
    QSet<QByteArray> m_seenIds;
    QSet<QString> m_seenIdentities;
};

} // namespace

Result<RosterReport> importRoster(StationStore &store, const QByteArray &csv, const RosterImportOptions &options)
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

    // 1. Every row checked without SQL, as create() would check it.
    RecordStore &records = store.records();
    QList<Candidate> candidates;
    candidates.reserve(rows.size());
    QList<RosterReport::Rejected> rejected; // in line order with the insert-time rejections, below
    for (const RosterRow &row : rows) {
        if (!row.error.isEmpty()) {
            rejected << RosterReport::Rejected{row.line, row.error};
            continue;
        }
        const Resident r = Resident::fromValues(row.values);
        Candidate c{row.line, r.toValues(), {}, {}};
        if (const QList<FieldError> errors = records.checkNew(Kind::Resident, c.values); !errors.isEmpty()) {
            rejected << RosterReport::Rejected{row.line, errors.first().bilingualMessage()};
            continue;
        }
        // The same person: by ID number when the row has one, else by name + birth date + village.
        if (!r.idNumber.isEmpty())
            c.idIndex = store.cipher().blindIndex(u"id_number", normalizeIdNumber(r.idNumber));
        else
            c.identity = ResidentRepository::identityKey(r.name, r.birthDate, r.village);
        candidates << std::move(c);
    }

    // 2. Chunks of rows, each in one transaction; a chunk that fails is redone one row at a time.
    // SQLite's automatic checkpoint (every 1,000 WAL pages on a connection without a Checkpointer,
    // as the command line opens it) would copy the same index pages into the file again and again:
    // hold it off for the import and checkpoint once at the end.
    QSqlQuery pragma(store.database().db());
    const int autoCheckpoint = pragma.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) && pragma.next()
        ? pragma.value(0).toInt()
        : 0;
    pragma.finish();
    constexpr int kImportCheckpointPages = 100000; // 400 MB of WAL at most
    const bool deferred = autoCheckpoint > 0 && autoCheckpoint < kImportCheckpointPages && !store.database().inTransaction();
    if (deferred)
        (void)pragma.exec(QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(kImportCheckpointPages));
    struct Restore
    {
        QSqlQuery &q;
        bool deferred;
        int pages;
        ~Restore()
        {
            if (!deferred)
                return;
            (void)q.exec(QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(pages));
            (void)q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
        }
    } restore{pragma, deferred, autoCheckpoint};

    Importer importer(store);
    const qsizetype chunkRows = std::max(1, options.chunkRows);
    bool wrote = false;
    for (qsizetype start = 0; start < candidates.size(); start += chunkRows) {
        const std::span<const Candidate> part(candidates.constData() + start,
                                              static_cast<size_t>(std::min(chunkRows, candidates.size() - start)));
        auto whole = importer.chunk(part);
        if (whole) {
            wrote = wrote || whole->added > 0;
            importer.apply(std::move(whole).value(), report);
            continue;
        }
        if (whole.error().code == QLatin1String("busy"))
            return whole.error(); // another writer holds the database: nothing of this chunk was tried
        // Again one row per savepoint, in one transaction: a row that fails rolls back alone.
        auto retried = store.database().transaction([&]() -> Result<void> {
            for (const Candidate &c : part) {
                auto one = importer.chunk(std::span<const Candidate>(&c, 1));
                if (!one) {
                    rejected << RosterReport::Rejected{c.line, one.error().message};
                    continue;
                }
                wrote = wrote || one->added > 0;
                importer.apply(std::move(one).value(), report);
            }
            return {};
        });
        if (!retried)
            return retried.error(); // the commit failed: this chunk is not stored, the report would lie
    }
    std::stable_sort(rejected.begin(), rejected.end(),
                     [](const RosterReport::Rejected &a, const RosterReport::Rejected &b) { return a.line < b.line; });
    report.rejected = rejected;
    if (wrote)
        records.notifyWrite();
    return report;
}

} // namespace lanxin
