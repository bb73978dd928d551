#include "migrations.h"

#include <array>

namespace lanxin {
namespace {

// Every record table starts with the envelope and the sync bookkeeping; the kind's fields follow,
// one column each (sets as ",member,member," text, sensitive fields as encrypted BLOBs).
#define LANXIN_RECORD_COLUMNS                                                                     \
    "id TEXT PRIMARY KEY NOT NULL, station_id TEXT, created_at TEXT, updated_at TEXT NOT NULL, " \
    "deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL DEFAULT '{}'"

constexpr const char *kV1 =
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT) WITHOUT ROWID;\n"

    "CREATE TABLE staff (" LANXIN_RECORD_COLUMNS ", name TEXT, role TEXT, active INTEGER, phone BLOB"
    ") WITHOUT ROWID;\n"

    "CREATE TABLE resident (" LANXIN_RECORD_COLUMNS ", name TEXT, gender TEXT, birth_date TEXT, "
    "id_number BLOB, phone BLOB, village TEXT, address TEXT, tags TEXT, consent_general_at TEXT, "
    "consent_sensitive_at TEXT, guardian_name TEXT, needs_review INTEGER, merged_into TEXT, "
    "name_pinyin TEXT, name_initials TEXT, id_bidx BLOB, id_tail_bidx BLOB, phone_bidx BLOB, phone_tail_bidx BLOB"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX resident_pinyin ON resident (name_pinyin) WHERE deleted = 0;\n"
    "CREATE INDEX resident_initials ON resident (name_initials) WHERE deleted = 0;\n"
    "CREATE INDEX resident_id_bidx ON resident (id_bidx) WHERE id_bidx IS NOT NULL;\n"
    "CREATE INDEX resident_id_tail ON resident (id_tail_bidx) WHERE id_tail_bidx IS NOT NULL;\n"
    "CREATE INDEX resident_phone_bidx ON resident (phone_bidx) WHERE phone_bidx IS NOT NULL;\n"
    "CREATE INDEX resident_phone_tail ON resident (phone_tail_bidx) WHERE phone_tail_bidx IS NOT NULL;\n"
    "CREATE INDEX resident_identity ON resident (name, birth_date, village);\n"

    "CREATE TABLE training_session (" LANXIN_RECORD_COLUMNS ", title TEXT, category TEXT, starts_at TEXT, "
    "ends_at TEXT, location TEXT, trainer TEXT, capacity INTEGER, status TEXT, self_registration INTEGER"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX training_session_starts ON training_session (starts_at);\n"

    "CREATE TABLE attendance (" LANXIN_RECORD_COLUMNS ", session_id TEXT, resident_id TEXT, "
    "registered_via TEXT, registered_at TEXT, checked_in_at TEXT"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX attendance_session ON attendance (session_id);\n"
    "CREATE INDEX attendance_resident ON attendance (resident_id);\n"

    "CREATE TABLE screening_referral (" LANXIN_RECORD_COLUMNS ", resident_id TEXT, cervical INTEGER, "
    "breast INTEGER, referred_on TEXT, facility_code TEXT, appointment_date TEXT, age_exception_reason TEXT, "
    "screened_on TEXT, result BLOB, result_on TEXT, result_notes BLOB, diagnosed_on TEXT, treated_on TEXT, "
    "closed_reason TEXT, follow_up_due TEXT"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX screening_referral_resident ON screening_referral (resident_id);\n"
    "CREATE INDEX screening_referral_due ON screening_referral (follow_up_due) WHERE follow_up_due IS NOT NULL;\n"

    "CREATE TABLE family_visit (" LANXIN_RECORD_COLUMNS ", resident_id TEXT, visited_at TEXT, purposes TEXT, "
    "risk_level TEXT, dv_risk BLOB, notes BLOB, follow_up_needed INTEGER, next_visit_due TEXT, visitor TEXT, "
    "follows_visit_id TEXT"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX family_visit_resident ON family_visit (resident_id);\n"
    "CREATE INDEX family_visit_due ON family_visit (next_visit_due) WHERE follow_up_needed = 1;\n"
    "CREATE INDEX family_visit_follows ON family_visit (follows_visit_id) WHERE follows_visit_id IS NOT NULL;\n"

    "CREATE TABLE station (" LANXIN_RECORD_COLUMNS ", code TEXT, name TEXT, town TEXT, villages TEXT) WITHOUT ROWID;\n"
    "CREATE TABLE facility (" LANXIN_RECORD_COLUMNS ", code TEXT, name TEXT, town TEXT, type TEXT) WITHOUT ROWID;\n"
    "CREATE TABLE training_offer (" LANXIN_RECORD_COLUMNS ", title TEXT, category TEXT, starts_at TEXT, "
    "ends_at TEXT, location TEXT, trainer TEXT, capacity INTEGER, status TEXT, self_registration INTEGER, "
    "organiser TEXT) WITHOUT ROWID;\n"

    // The transactional outbox: one open entry per record collects the stamps of the fields written
    // since the last push; an entry in flight (batch_id set) is never changed, a write meanwhile opens a new one.
    "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, record_id TEXT NOT NULL, "
    "fields TEXT NOT NULL, batch_id TEXT, queued_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX outbox_open ON outbox (record_id) WHERE batch_id IS NULL;\n"
    "CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL";

constexpr const char *kV2 =
    // Who did what, without personal values (SECURITY.md 25).
    "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, device_id TEXT, "
    "staff_id TEXT, action TEXT NOT NULL, kind TEXT, record_id TEXT, detail TEXT);\n"
    // Device-local staff credentials: PIN hashes never leave the device, so they are not a synced record.
    "CREATE TABLE staff_credential (staff_id TEXT PRIMARY KEY NOT NULL REFERENCES staff (id) ON DELETE CASCADE, "
    "pin_hash TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0, locked_until TEXT, set_at TEXT NOT NULL) "
    "WITHOUT ROWID;\n"
    // Records the district rejected, kept for staff to fix (SYNC-PROTOCOL.md "Per-record verdicts").
    "CREATE TABLE sync_problem (record_id TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL, field TEXT, "
    "message TEXT, seen_at TEXT NOT NULL, PRIMARY KEY (record_id, code)) WITHOUT ROWID";

constexpr const char *kV3 =
    // Resident search reads narrow indexes first (covering: the id is in every index of a WITHOUT
    // ROWID table), then only the page of rows it shows; scanning the wide rows cost 25 ms on 2,500.
    "DROP INDEX resident_pinyin;\n"
    "DROP INDEX resident_initials;\n"
    "CREATE INDEX resident_initials ON resident (name_initials, name_pinyin) WHERE deleted = 0 AND merged_into IS NULL;\n"
    "CREATE INDEX resident_pinyin ON resident (name_pinyin, name_initials) WHERE deleted = 0 AND merged_into IS NULL;\n"
    // Name-substring search: each distinct character of a name points at its resident, so a search
    // for 秀 reads the residents with 秀 in their name instead of every name.
    "CREATE TABLE resident_name_char (ch TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ch, id)) WITHOUT ROWID;\n"
    "CREATE INDEX resident_name_char_id ON resident_name_char (id);\n"
    "WITH RECURSIVE c (id, rest, ch) AS ("
    "SELECT id, substr(name, 2), substr(name, 1, 1) FROM resident WHERE coalesce(name, '') <> '' "
    "UNION ALL SELECT id, substr(rest, 2), substr(rest, 1, 1) FROM c WHERE rest <> '') "
    "INSERT OR IGNORE INTO resident_name_char (ch, id) SELECT ch, id FROM c"
;

constexpr const char *kV4 =
    // The next push batch is taken per kind in push order, oldest first.
    "CREATE INDEX outbox_open_kind ON outbox (kind, seq) WHERE batch_id IS NULL;\n"
    // A batch in flight: its request body exactly as first sent (encrypted: it holds sensitive values),
    // so a resend after an unknown outcome repeats the same batch_id with the same content.
    "CREATE TABLE sync_batch (batch_id TEXT PRIMARY KEY NOT NULL, created_at TEXT NOT NULL, "
    "records INTEGER NOT NULL, body BLOB NOT NULL) WITHOUT ROWID;\n"
    // Local edits a newer write from elsewhere superseded, shown to staff until dismissed. Both values
    // are encrypted (they may be sensitive).
    "CREATE TABLE sync_conflict (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
    "record_id TEXT NOT NULL, field TEXT NOT NULL, local_value BLOB, local_stamp TEXT NOT NULL, "
    "remote_value BLOB, remote_stamp TEXT NOT NULL, seen_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX sync_conflict_field ON sync_conflict (record_id, field, remote_stamp);\n"
    // The receipt (SYNC-PROTOCOL.md): per kind and station, the record count and the XOR of
    // SHA-256(id|greatest stamp), kept up to date by every write so a receipt costs nothing.
    "CREATE TABLE receipt_digest (kind TEXT NOT NULL, station_id TEXT NOT NULL, count INTEGER NOT NULL, "
    "digest BLOB NOT NULL, PRIMARY KEY (kind, station_id)) WITHOUT ROWID";

// Each record row names its open outbox entry, so taking an entry into a batch touches only the
// outbox's own seq-ordered pages: the unique index on record_id it replaces had one randomly placed
// page to rewrite per record taken (attendance ids are hashes), most of a push's WAL writes.
// (docs/sync-client.md "The open entry")
#define LANXIN_OPEN_SEQ(t)                                                                                   \
    "ALTER TABLE " t " ADD COLUMN open_seq INTEGER;\n"                                                     \
    "UPDATE " t " SET open_seq = (SELECT seq FROM outbox WHERE record_id = " t ".id AND batch_id IS NULL) " \
    "WHERE id IN (SELECT record_id FROM outbox WHERE batch_id IS NULL);\n"

constexpr const char *kV5 =
    LANXIN_OPEN_SEQ("staff")
    LANXIN_OPEN_SEQ("resident")
    LANXIN_OPEN_SEQ("training_session")
    LANXIN_OPEN_SEQ("attendance")
    LANXIN_OPEN_SEQ("screening_referral")
    LANXIN_OPEN_SEQ("family_visit")
    LANXIN_OPEN_SEQ("station")
    LANXIN_OPEN_SEQ("facility")
    LANXIN_OPEN_SEQ("training_offer")
    "DROP INDEX outbox_open";

#undef LANXIN_OPEN_SEQ

// A batch in flight holds the outbox entries it took, and the outbox only open ones: taking an entry
// deletes it (two B-trees) where marking it in flight moved it between two partial indexes and rewrote
// its row (three), and the answer that stores the batch deletes nothing more. `ids` (each id and a
// newline, in take order) is what the usual answer is checked against; `entries`
// ([[seq, kind, record id, fields], ...]) what any other answer puts back. (docs/sync-client.md
// "The outbox holds only open entries")
constexpr const char *kV6 =
    "ALTER TABLE sync_batch ADD COLUMN ids TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE sync_batch ADD COLUMN entries TEXT NOT NULL DEFAULT '[]';\n"
    "UPDATE sync_batch SET "
    "ids = coalesce((SELECT group_concat(record_id || char(10), '') FROM "
    "(SELECT record_id FROM outbox WHERE batch_id = sync_batch.batch_id ORDER BY seq)), ''), "
    "entries = coalesce((SELECT json_group_array(json_array(seq, kind, record_id, "
    "CASE WHEN json_valid(fields) THEN json(fields) ELSE fields END)) FROM "
    "(SELECT seq, kind, record_id, fields FROM outbox WHERE batch_id = sync_batch.batch_id ORDER BY seq)), '[]');\n"
    "DELETE FROM outbox WHERE batch_id IN (SELECT batch_id FROM sync_batch);\n"
    "UPDATE outbox SET batch_id = NULL;\n" // no batch holds them (cannot happen): open again
    "DROP INDEX outbox_open_kind;\n"
    "DROP INDEX outbox_batch;\n"
    "ALTER TABLE outbox DROP COLUMN batch_id;\n"
    "CREATE INDEX outbox_kind ON outbox (kind, seq)";

constexpr std::array kMigrations{
    Migration{1, "records, reference data, outbox, meta", kV1},
    Migration{2, "audit log, staff credentials, sync problems", kV2},
    Migration{3, "indexes for resident search", kV3},
    Migration{4, "sync batches in flight, conflict notices, receipt digests", kV4},
    Migration{5, "open outbox entry named by its record", kV5},
    Migration{6, "a batch in flight holds its outbox entries", kV6},
};

#undef LANXIN_RECORD_COLUMNS

} // namespace

std::span<const Migration> migrations()
{
    return kMigrations;
}

} // namespace lanxin
