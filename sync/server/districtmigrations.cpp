#include "districtmigrations.h"

#include <array>

namespace lanxin::district {
namespace {

constexpr const char *kV1 =
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT) WITHOUT ROWID;\n"

    // Stations as the admin manages them; each is also a `station` record (record_id) that stations pull.
    "CREATE TABLE station (code TEXT PRIMARY KEY NOT NULL, record_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
    "town TEXT NOT NULL DEFAULT '', villages TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL) WITHOUT ROWID;\n"

    // Devices: the token only as its SHA-256; pushes_acknowledged counts committed batches.
    "CREATE TABLE device (id TEXT PRIMARY KEY NOT NULL, station_code TEXT NOT NULL REFERENCES station (code), "
    "name TEXT NOT NULL DEFAULT '', token_sha256 TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0, "
    "pushes_acknowledged INTEGER NOT NULL DEFAULT 0, enrolled_at TEXT NOT NULL, last_seen_at TEXT) WITHOUT ROWID;\n"

    // One-time enrollment codes (72 h) and PIN recovery codes (24 h), kept as SHA-256 of the normalised code.
    "CREATE TABLE enrollment_code (code_sha256 TEXT PRIMARY KEY NOT NULL, station_code TEXT NOT NULL "
    "REFERENCES station (code), created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, used_by TEXT) "
    "WITHOUT ROWID;\n"
    "CREATE TABLE recovery_code (code_sha256 TEXT PRIMARY KEY NOT NULL, station_code TEXT NOT NULL "
    "REFERENCES station (code), created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, used_by TEXT) "
    "WITHOUT ROWID;\n"

    // Records: the envelope, the change sequence of its latest change, its greatest stamp (for receipts).
    "CREATE TABLE record (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, station_id TEXT, seq INTEGER NOT NULL, "
    "greatest_stamp TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
    "CREATE UNIQUE INDEX record_seq ON record (seq);\n"
    "CREATE INDEX record_station_seq ON record (station_id, seq);\n"
    "CREATE INDEX record_kind_station ON record (kind, station_id);\n"
    // Fields: one row per wire field with its stamp; the value as a one-element JSON array, or, for a
    // sensitive field, encrypted (FieldCipher, record id + field as associated data) in `secret`.
    // `seq` is the change that last set it and `writer` the device (or "district") that sent it.
    "CREATE TABLE field (record_id TEXT NOT NULL REFERENCES record (id), name TEXT NOT NULL, value TEXT, "
    "secret BLOB, stamp TEXT NOT NULL, seq INTEGER NOT NULL, writer TEXT NOT NULL, PRIMARY KEY (record_id, name)) "
    "WITHOUT ROWID;\n"

    // Push answers kept for idempotent re-sends (7 days), byte for byte.
    "CREATE TABLE batch (device_id TEXT NOT NULL, batch_id TEXT NOT NULL, answer BLOB NOT NULL, "
    "committed_at TEXT NOT NULL, PRIMARY KEY (device_id, batch_id)) WITHOUT ROWID;\n"
    "CREATE INDEX batch_committed ON batch (committed_at);\n"

    // The append-only, hash-chained audit log.
    "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, "
    "detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);\n"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END";

// Receipt digests per station and kind, kept up to date by every record write (DistrictStore::flushDigests),
// so a receipt is one indexed read instead of hashing every record of the station. Filled from the records
// at the first open after this migration (meta "receipt_digests").
constexpr const char *kV2 =
    "CREATE TABLE receipt_digest (station_id TEXT NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL, "
    "digest BLOB NOT NULL, PRIMARY KEY (station_id, kind)) WITHOUT ROWID";

// One row per record instead of a record row and one row per field (~16 B-tree inserts per record
// written, 3 of them secondary indexes). A record's fields, with their stamps, change sequences and
// writers, move into the record's `fields` column (DistrictStore: `[versions, fields]` JSON, sensitive
// values as their ciphertext); `writer` (who made the latest change) and `other_seq` (the latest change
// of a field someone else set) let the pull leave out a device's own changes per record, not per field.
// A rowid table: rows are appended in the order they are first written and packed full, while the ids
// (77 % of a station's records are attendances, whose ids are hashes, so inserts land anywhere) go to
// the small UNIQUE index. Keyed by id (WITHOUT ROWID), ~600-byte rows inserted at random places left
// pages half full and dirtied about one page per record written (a test at 30,000 rows: 3.9 s and
// 24 MB vs 0.7 s and 22 MB). One more index: the pull's (station, seq) range, covering what its
// "not only this device's" test reads; `record_seq` and `record_kind_station` served no hot path. The old tables are renamed here and
// converted into the new one at the first open after this migration (DistrictStore::convertV2IfNeeded,
// which needs the key for nothing: ciphertexts move as they are), then dropped.
constexpr const char *kV3 =
    "DROP INDEX record_seq;\n"
    "DROP INDEX record_station_seq;\n"
    "DROP INDEX record_kind_station;\n"
    "ALTER TABLE field RENAME TO field_v2;\n"
    "ALTER TABLE record RENAME TO record_v2;\n"
    "CREATE TABLE record (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, station_id TEXT, "
    "seq INTEGER NOT NULL, greatest_stamp TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, writer TEXT NOT NULL, "
    "other_seq INTEGER NOT NULL DEFAULT 0, fields TEXT NOT NULL);\n"
    "CREATE INDEX record_station_seq ON record (station_id, seq, writer, other_seq)";

constexpr std::array kMigrations{
    Migration{1, "district: stations, devices, codes, records and fields, batches, audit", kV1},
    Migration{2, "district: receipt digests kept on write", kV2},
    Migration{3, "district: one row per record, its fields in one column", kV3},
};

} // namespace

std::span<const Migration> districtMigrations()
{
    return kMigrations;
}

} // namespace lanxin::district
