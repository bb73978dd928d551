#pragma once

// What the fault tests compare: every record of a station as the district holds it (its database, read
// only) and as a device holds it, field by field with stamps; and the counts of what was lost,
// held twice or diverged.
#include "protocol/recordcodec.h"

#include "client/syncengine.h"

#include "storage/recordstore.h"
#include "storage/stationstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace lanxin::test {

struct FieldState
{
    QJsonValue value;    ///< undefined for an encrypted (sensitive) field on the district
    bool secret = false; ///< the district holds it encrypted: compare its stamp only
    QString stamp;
};

struct RecordState
{
    QString kind;
    QMap<QString, FieldState> fields; ///< by wire name
};

/// By record id.
using Snapshot = QMap<QString, RecordState>;

/// A set member and "not a member" travel as false or null alike.
inline QJsonValue normalised(const QString &field, const QJsonValue &v)
{
    if (field.contains(u'.') && (v.isNull() || v.isUndefined()))
        return QJsonValue(false);
    return v;
}

/// Every record of `station` in the district's database, and how many rows share an id (> 1 = doubled).
inline Snapshot districtSnapshot(const QString &dataDir, const QString &station, int *doubled = nullptr)
{
    Snapshot out;
    const QString name = QStringLiteral("check-") + QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dataDir + QStringLiteral("/district.db"));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            qFatal("cannot open the district database");
        QSqlQuery q(db);
        // One row per record: its `fields` column is `[versions, fields]`, versions `[stamp, seq, writer]`,
        // fields `name: [version, value]` or `[version, null, "<ciphertext>"]` (district migration 3).
        q.prepare(QStringLiteral("SELECT id, kind, fields FROM record WHERE station_id = ?"));
        q.addBindValue(station);
        if (!q.exec())
            qFatal("district snapshot: %s", qPrintable(q.lastError().text()));
        while (q.next()) {
            RecordState &r = out[q.value(0).toString()];
            r.kind = q.value(1).toString();
            const QJsonArray top = QJsonDocument::fromJson(q.value(2).toByteArray()).array();
            const QJsonArray versions = top.at(0).toArray();
            const QJsonObject fields = top.at(1).toObject();
            for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
                const QJsonArray a = it.value().toArray();
                FieldState f;
                f.secret = a.size() > 2;
                if (!f.secret)
                    f.value = a.at(1);
                f.stamp = versions.at(a.at(0).toInt(-1)).toArray().at(0).toString();
                r.fields.insert(it.key(), f);
            }
        }
        if (doubled) {
            QSqlQuery d(db);
            d.prepare(QStringLiteral("SELECT count(*) - count(DISTINCT id) FROM record WHERE station_id = ?"));
            d.addBindValue(station);
            *doubled = d.exec() && d.next() ? d.value(0).toInt() : -1;
        }
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

/// Every record a device holds (tombstones included), values in wire form.
inline Snapshot deviceSnapshot(StationStore &store)
{
    Snapshot out;
    for (Kind kind : recordKinds()) {
        Page all;
        all.limit = 1 << 30;
        for (const StoredRecord &rec : store.records().select(kind, {}, {}, QStringLiteral("id"), all)) {
            RecordState &r = out[rec.id];
            r.kind = kindName(kind);
            for (auto it = rec.stamps.cbegin(); it != rec.stamps.cend(); ++it) {
                FieldState f;
                f.value = protocol::encodeValue(kind, it.key(), wireValue(rec, it.key()));
                f.stamp = it.value().toString();
                r.fields.insert(it.key(), f);
            }
        }
    }
    return out;
}

struct Comparison
{
    int records = 0;   ///< records expected
    int lost = 0;      ///< records missing, or a field older than expected (or missing)
    int extra = 0;     ///< records held that were never expected
    int diverged = 0;  ///< a field with the same record but another value or a newer stamp
    QStringList examples; ///< ids and field names only (never values)

    [[nodiscard]] QString summary() const
    {
        return QStringLiteral("records=%1 lost=%2 extra=%3 diverged=%4 %5")
            .arg(records)
            .arg(lost)
            .arg(extra)
            .arg(diverged)
            .arg(examples.mid(0, 5).join(QLatin1String("; ")));
    }
};

/// Compares what `actual` holds with `expected`, field by field. Encrypted fields compare by stamp.
inline Comparison compareSnapshots(const Snapshot &expected, const Snapshot &actual)
{
    Comparison c;
    c.records = int(expected.size());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const auto found = actual.constFind(it.key());
        if (found == actual.cend()) {
            ++c.lost;
            c.examples << QStringLiteral("missing %1 %2").arg(it->kind, it.key());
            continue;
        }
        bool lost = false;
        bool diverged = found->kind != it->kind;
        for (auto f = it->fields.cbegin(); f != it->fields.cend(); ++f) {
            const auto g = found->fields.constFind(f.key());
            if (g == found->fields.cend() || g->stamp < f->stamp) {
                lost = true;
                c.examples << QStringLiteral("older %1.%2").arg(it.key(), f.key());
            } else if (g->stamp != f->stamp
                       || (!g->secret && !f->secret && normalised(f.key(), g->value) != normalised(f.key(), f->value))) {
                diverged = true;
                c.examples << QStringLiteral("differs %1.%2").arg(it.key(), f.key());
            }
        }
        for (auto g = found->fields.cbegin(); g != found->fields.cend(); ++g) {
            if (!it->fields.contains(g.key())) {
                diverged = true;
                c.examples << QStringLiteral("unexpected field %1.%2").arg(it.key(), g.key());
            }
        }
        c.lost += lost ? 1 : 0;
        c.diverged += diverged && !lost ? 1 : 0;
    }
    for (auto it = actual.cbegin(); it != actual.cend(); ++it) {
        if (!expected.contains(it.key())) {
            ++c.extra;
            c.examples << QStringLiteral("extra %1 %2").arg(it->kind, it.key());
        }
    }
    return c;
}

/// A station device whose data dir outlives its store: it can be closed, copied, killed and reopened.
struct Tablet
{
    QString dir;
    int batch;
    Clock clock;
    std::unique_ptr<StationStore> store;
    std::unique_ptr<SyncEngine> engine;

    explicit Tablet(const QString &path, qint64 nowMs, int batchSize = SyncStore::kMaxBatch)
        : dir(path)
        , batch(batchSize)
    {
        clock.setFixed(nowMs);
        open();
    }
    void open()
    {
        store = std::make_unique<StationStore>(&clock);
        auto opened = store->open(dir);
        if (!opened)
            qFatal("cannot open tablet store: %s", qPrintable(opened.error().message));
        SyncEngineOptions o;
        o.networkTimeoutMs = 8000;
        o.batchSize = batch;
        o.deviceName = QStringLiteral("测试平板");
        engine = std::make_unique<SyncEngine>(*store, o);
    }
    void close()
    {
        engine.reset();
        store.reset();
    }
};

} // namespace lanxin::test
