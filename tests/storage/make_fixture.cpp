// Writes tests/fixtures/schema-vN.db: a database as version N of the schema left it, with three
// residents and their outbox entries (from v4 on, the third in a batch in flight; from v5 on, each open
// entry named by its record). Run once per schema version and commit the file.
#include "storage/database.h"

#include <QCoreApplication>
#include <QFile>
#include <cstdio>

using namespace lanxin;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: make_fixture VERSION OUT.db\n");
        return 2;
    }
    const int version = QByteArray(argv[1]).toInt();
    const QString out = QString::fromLocal8Bit(argv[2]);
    QFile::remove(out);
    Database db;
    if (!db.open(out, {.busyTimeoutMs = 1000, .targetVersion = version}))
        return 1;
    const char *names[] = {"张秀英", "李桂兰", "王芳"};
    for (int i = 0; i < 3; ++i) {
        const QString id = QStringLiteral("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5%1").arg(i);
        const QString stamp = QStringLiteral("1764295200000-000%1-aaaaaaaaaaaaaaaa").arg(i);
        auto r = db.exec(QStringLiteral("INSERT INTO resident (id, created_at, updated_at, stamps, name, gender, "
                                        "birth_date, village, name_pinyin, name_initials) VALUES ('%1', "
                                        "'2026-11-28T02:00:00.000Z', '2026-11-28T02:00:00.000Z', "
                                        "'{\"name\":\"%2\"}', '%3', 'F', '1970-01-0%4', '白杜村', '', '')")
                             .arg(id, stamp, QString::fromUtf8(names[i]))
                             .arg(i + 1));
        auto o = db.exec(QStringLiteral("INSERT INTO outbox (kind, record_id, fields, queued_at) VALUES "
                                        "('resident', '%1', '{\"name\":\"%2\"}', '2026-11-28T02:00:00.000Z')")
                             .arg(id, stamp));
        if (!r || !o)
            return 1;
    }
    // From v4 on a push batch can be in flight: the third entry is in one. From v6 on the batch holds
    // its entries and the outbox only open ones.
    if (version >= 6) {
        auto b = db.exec(QStringLiteral(
            "INSERT INTO sync_batch (batch_id, created_at, records, body, ids, entries) SELECT "
            "'0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4b00', '2026-11-28T02:00:00.000Z', 1, x'00', record_id || char(10), "
            "json_array(json_array(seq, kind, record_id, json(fields))) FROM outbox "
            "WHERE record_id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52'"));
        auto d = db.exec(QStringLiteral("DELETE FROM outbox WHERE record_id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52'"));
        if (!b || !d)
            return 1;
    } else if (version >= 4) {
        auto b = db.exec(QStringLiteral("INSERT INTO sync_batch (batch_id, created_at, records, body) VALUES "
                                        "('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4b00', '2026-11-28T02:00:00.000Z', 1, x'00')"));
        auto u = db.exec(QStringLiteral("UPDATE outbox SET batch_id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4b00' "
                                        "WHERE record_id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52'"));
        if (!b || !u)
            return 1;
    }
    // From v5 on each record names its open entry.
    if (version >= 5) {
        auto l = db.exec(QStringLiteral("UPDATE resident SET open_seq = (SELECT seq FROM outbox o WHERE o.record_id = resident.id%1)")
                             .arg(version < 6 ? QStringLiteral(" AND o.batch_id IS NULL") : QString()));
        if (!l)
            return 1;
    }
    (void)db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    (void)db.exec(QStringLiteral("PRAGMA journal_mode = DELETE"));
    return 0;
}
