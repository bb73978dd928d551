#include "syncengine.h"

#include "protocol/gzip.h"
#include "protocol/messages.h"
#include "protocol/wire.h"

#include "storage/stationstore.h"

#include "core/schema.h"
#include "core/validation.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QUrlQuery>

#include <algorithm>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace lanxin {
namespace {

SyncRecord fromWire(const protocol::WireRecord &w)
{
    return SyncRecord{w.kind, w.id, w.stationId, w.writes};
}

protocol::WireRecord toWire(const SyncRecord &r)
{
    return protocol::WireRecord{r.kind, r.id, r.stationId, r.fields};
}

RecordVerdict::Status statusOf(protocol::Verdict v)
{
    switch (v) {
    case protocol::Verdict::Applied:
        return RecordVerdict::Status::Applied;
    case protocol::Verdict::Unchanged:
        return RecordVerdict::Status::Unchanged;
    case protocol::Verdict::Rejected:
        return RecordVerdict::Status::Rejected;
    }
    return RecordVerdict::Status::Rejected;
}

QString defaultDeviceName()
{
    return QStringLiteral("妇女之家设备 %1").arg(QSysInfo::machineHostName()).left(50);
}

} // namespace

QString outcomeName(SyncOutcome outcome)
{
    switch (outcome) {
    case SyncOutcome::Ok:
        return QStringLiteral("ok");
    case SyncOutcome::Incomplete:
        return QStringLiteral("incomplete");
    case SyncOutcome::Mismatch:
        return QStringLiteral("mismatch");
    case SyncOutcome::Failed:
        return QStringLiteral("failed");
    case SyncOutcome::Unauthenticated:
        return QStringLiteral("unauthenticated");
    case SyncOutcome::NotEnrolled:
        return QStringLiteral("not_enrolled");
    case SyncOutcome::Refused:
        return QStringLiteral("refused");
    case SyncOutcome::LocalError:
        return QStringLiteral("local_error");
    }
    return {};
}

Result<QByteArray> encodePushBody(const QString &batchId, const QList<SyncRecord> &records, const Hlc &deviceTime,
                                  qint64 pushesAcknowledged)
{
    // One JSON buffer per thread, kept between batches: a fresh ~450 KB buffer per batch costs more in
    // page faults than writing it.
    thread_local QByteArray json;
    protocol::PushBodyWriter body(json, batchId, deviceTime, pushesAcknowledged, records.size());
    for (const SyncRecord &r : records) {
        if (!r.wireJson.isEmpty())
            body.addJson(r.wireJson); // written by the take from its columns
        else
            body.add(toWire(r));
    }
    body.finish();
    if (json.size() > protocol::kMaxBatchJsonBytes)
        return Error{QStringLiteral("too_large"), QStringLiteral("batch over 1 MiB")};
    // libdeflate level 1: on 500-record batches ~2 µs per record for ~108 B, where zlib level 3 (used
    // before) took ~6 µs for ~112 B (the budget is 150 B per record both ways).
    return protocol::gzipCompressFast(json);
}

QJsonObject SyncReport::toJson() const
{
    return QJsonObject{
        {QStringLiteral("pushed"), pushed},
        {QStringLiteral("applied"), applied},
        {QStringLiteral("unchanged"), unchanged},
        {QStringLiteral("rejected"), rejected},
        {QStringLiteral("pulled"), pulled},
        {QStringLiteral("receipt"), receiptMatch ? QStringLiteral("match") : QStringLiteral("mismatch")},
        // "mismatch" also when the cycle stopped before the receipt: this tells the two apart.
        {QStringLiteral("receipt_checked"), receiptChecked},
        {QStringLiteral("outbox_pending"), outboxPending},
        {QStringLiteral("result"), outcomeName(outcome)},
        {QStringLiteral("requests"), requests},
        {QStringLiteral("superseded"), superseded},
        {QStringLiteral("receipt_differences"), QJsonArray::fromStringList(receiptDifferences)},
    };
}

SyncEngine::SyncEngine(StationStore &store, SyncEngineOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_sync(store)
    , m_options(std::move(options))
    , m_transport(std::make_unique<SyncTransport>(m_options.networkTimeoutMs))
{
    m_sync.setTakeWritesWireJson(true); // encodePushBody takes records as wire JSON
}

SyncEngine::~SyncEngine() = default;

void SyncEngine::setOptions(const SyncEngineOptions &options)
{
    m_options = options;
    m_transport->setTimeoutMs(options.networkTimeoutMs);
    for (const auto &t : m_more)
        t->setTimeoutMs(options.networkTimeoutMs);
}

std::vector<SyncTransport *> SyncEngine::transports(int count)
{
    std::vector<SyncTransport *> out{m_transport.get()};
    for (int i = 1; i < count; ++i) {
        if (static_cast<int>(m_more.size()) < i)
            m_more.push_back(std::make_unique<SyncTransport>(m_options.networkTimeoutMs));
        m_more[i - 1]->configureLike(*m_transport);
        out.push_back(m_more[i - 1].get());
    }
    return out;
}

void SyncEngine::cancel()
{
    m_transport->cancel();
    for (const auto &t : m_more)
        t->cancel();
}

int SyncEngine::requestCount() const
{
    int n = m_transport->requestCount();
    for (const auto &t : m_more)
        n += t->requestCount();
    return n;
}

int SyncEngine::connectionCount() const
{
    int n = m_transport->connectionCount();
    for (const auto &t : m_more)
        n += t->connectionCount();
    return n;
}

void SyncEngine::account(SyncReport &report, const HttpResult &r)
{
    ++report.requests;
    report.bytesSent += r.bytesSent;
    report.bytesReceived += r.bytesReceived;
}

bool SyncEngine::observe(const Hlc &serverTime, SyncReport &report)
{
    if (auto o = m_sync.observeServerTime(serverTime); !o) {
        report.outcome = SyncOutcome::LocalError;
        report.message = o.error().message;
        return false;
    }
    return true;
}

SyncEngine::Step SyncEngine::fail(SyncReport &report, const HttpResult &r, const QString &what)
{
    if (!r.answered()) {
        report.outcome = SyncOutcome::Failed;
        switch (r.failure) {
        case HttpResult::Failure::Tls:
            report.message = bilingual(QStringLiteral("无法与区里建立安全连接（证书不受信任？）"),
                                       QStringLiteral("No secure connection to the district (untrusted certificate?): %1")
                                           .arg(r.detail));
            break;
        case HttpResult::Failure::Timeout:
            report.message = bilingual(QStringLiteral("连接区里超时"), QStringLiteral("The district did not answer in time (%1)").arg(what));
            break;
        default:
            report.message = bilingual(QStringLiteral("连不上区里"), QStringLiteral("Cannot reach the district (%1): %2").arg(what, r.detail));
            break;
        }
        return Step::Stop;
    }
    const auto err = protocol::parseErrorBody(r.body);
    const QString code = err ? err->code : QString();
    const QString serverMessage = err ? err->message : QString();
    report.retryAfterMs = r.retryAfterMs;
    if (r.status == 401) {
        report.outcome = SyncOutcome::Unauthenticated;
        report.message = bilingual(QStringLiteral("区里不再认可本设备，需要重新登记"),
                                   QStringLiteral("The district no longer accepts this device: enroll it again"));
        (void)m_sync.setMustReenroll(true);
        return Step::Stop;
    }
    if (r.status == 429 || r.status >= 500) {
        report.outcome = SyncOutcome::Failed;
        report.message = bilingual(QStringLiteral("区里暂时繁忙，稍后自动重试"),
                                   QStringLiteral("The district is busy (%1 %2); retrying later").arg(r.status).arg(code));
        return Step::Stop;
    }
    report.outcome = SyncOutcome::Refused;
    report.message = serverMessage.isEmpty()
        ? bilingual(QStringLiteral("区里拒绝了请求（%1）").arg(r.status), QStringLiteral("The district refused %1 (%2)").arg(what).arg(r.status))
        : serverMessage;
    qCWarning(lcSync) << "district refused" << what << r.status << code;
    return Step::Stop;
}

SyncReport SyncEngine::runCycle()
{
    SyncReport report;
    const auto enrollment = m_sync.enrollment();
    if (!enrollment) {
        report.outcome = SyncOutcome::NotEnrolled;
        report.message = bilingual(QStringLiteral("本设备尚未登记到区里"), QStringLiteral("This device is not enrolled yet"));
        finish(report);
        return report;
    }
    if (m_sync.mustReenroll()) {
        report.outcome = SyncOutcome::Unauthenticated;
        report.message = bilingual(QStringLiteral("区里不再认可本设备，需要重新登记"),
                                   QStringLiteral("The district no longer accepts this device: enroll it again"));
        finish(report);
        return report;
    }
    if (auto c = m_transport->configure(QUrl(enrollment->serverUrl), enrollment->caPath, enrollment->deviceToken); !c) {
        report.outcome = SyncOutcome::LocalError;
        report.message = c.error().message;
        finish(report);
        return report;
    }
    const bool restoredBefore = m_sync.recoveryPending();
    if (health(report) == Step::Continue && push(report) == Step::Continue && pull(report) == Step::Continue) {
        // A restored device, once it has everything back, pushes what it holds that is newer.
        if ((report.restored || restoredBefore) && m_sync.pendingCount() > 0 && push(report) == Step::Continue)
            (void)pull(report);
        if (report.outcome == SyncOutcome::Ok)
            (void)receipt(report);
    }
    finish(report);
    return report;
}

void SyncEngine::finish(SyncReport &report)
{
    report.outboxPending = m_sync.pendingCount();
    report.problems = m_sync.problemCount();
    if (report.outcome == SyncOutcome::Ok) {
        if (report.outboxPending > 0 || report.problems > 0) {
            report.outcome = SyncOutcome::Incomplete;
            report.message = bilingual(QStringLiteral("已同步；%1 条待同步，%2 条被区里退回待修改").arg(report.outboxPending).arg(report.problems),
                                       QStringLiteral("Synced; %1 waiting, %2 rejected by the district for staff to fix")
                                           .arg(report.outboxPending)
                                           .arg(report.problems));
        } else if (!report.receiptMatch) {
            report.outcome = SyncOutcome::Mismatch;
            report.message = bilingual(QStringLiteral("区里的记录与本机不一致：%1").arg(report.receiptDifferences.join(u'、')),
                                       QStringLiteral("The district's records differ from this device's: %1")
                                           .arg(report.receiptDifferences.join(QStringLiteral(", "))));
        } else {
            int total = 0;
            for (const KindReceipt &k : std::as_const(report.localReceipt))
                total += k.count;
            report.message = bilingual(QStringLiteral("区里已确认 %1 条记录").arg(QLocale(QLocale::Chinese).toString(total)),
                                       QStringLiteral("The district confirmed %1 records").arg(QLocale(QLocale::English).toString(total)));
        }
    }
    if (report.outcome != SyncOutcome::NotEnrolled)
        (void)m_sync.recordSyncResult(outcomeName(report.outcome));
    qCInfo(lcSync).noquote() << "sync" << outcomeName(report.outcome) << "pushed" << report.pushed << "applied"
                             << report.applied << "unchanged" << report.unchanged << "rejected" << report.rejected
                             << "pulled" << report.pulled << "requests" << report.requests << "pending"
                             << report.outboxPending;
}

SyncEngine::Step SyncEngine::health(SyncReport &report)
{
    if (!m_sync.clockOffsetStale())
        return Step::Continue;
    const HttpResult r = m_transport->get(QStringLiteral("/api/v1/health"));
    account(report, r);
    if (!r.answered() || r.status != 200)
        return fail(report, r, QStringLiteral("health"));
    auto h = protocol::parseHealthResponse(r.body);
    if (!h) {
        report.outcome = SyncOutcome::Failed;
        report.message = bilingual(QStringLiteral("区里的回复无法识别"), QStringLiteral("Unparsable health answer: %1").arg(h.error().message));
        return Step::Stop;
    }
    return observe(h->serverTime, report) ? Step::Continue : Step::Stop;
}

namespace {

/// A batch of the push, from its take until its answer is applied.
struct Sent
{
    /// Where a taken batch's kinds fall in the push order (parents before children): the first and the last.
    static std::pair<int, int> kindSpan(const PushBatch &batch);

    explicit Sent(PushBatch taken) : kinds(kindSpan(taken)), batch(std::move(taken)) {}

    std::pair<int, int> kinds; ///< worked out once, at the take
    PushBatch batch;
    int transport = 0; ///< the connection it went on
    int later = 0;     ///< batches sent after this one while it was on the wire
};

std::pair<int, int> Sent::kindSpan(const PushBatch &batch)
{
    const auto kinds = recordKinds();
    int first = static_cast<int>(kinds.size());
    int last = -1;
    for (const SyncRecord &r : batch.records) {
        const int at = static_cast<int>(std::find(kinds.begin(), kinds.end(), r.kind) - kinds.begin());
        first = std::min(first, at);
        last = std::max(last, at);
    }
    return {first, last};
}

/// Whether `next` may go while `out` is on the wire. The district may store the two in either order, so
/// none of `next`'s records may name one of `out`'s: every kind of `next` comes no later in the push order
/// than every kind of `out` (a child comes after its parents, and no kind names its own kind). A batch sent
/// again (an unknown outcome) holds only its body, so it travels alone.
bool mayTravelBeside(const Sent &next, const Sent &out)
{
    if (next.batch.resend || out.batch.resend)
        return false;
    return next.kinds.second <= out.kinds.first;
}

} // namespace

SyncEngine::Step SyncEngine::push(SyncReport &report)
{
    // Batch after batch, with up to `onTheWire` on the wire (two by default), one per connection, and one
    // more taken. With two: while the district stores batch N it already holds N+1, and the station
    // meanwhile applies N-1's answer and takes N+2, which goes as soon as N is answered. So the district
    // never waits for the station between two batches. Answers are applied in the order the batches were
    // sent. A batch taken early is an ordinary batch in flight (kept in sync_batch): if the exchange fails
    // it is given back, or resent by the next take (first, with its own id), in this sync or the next.
    QSet<QString> skip;        // reference_missing: the next sync
    QHash<QString, int> ahead; // clock_ahead more than once in a cycle: the next sync
    const int total = m_sync.pendingCount();
    int done = 0;
    int batchSize = m_options.batchSize;
    const QString path = QStringLiteral("/api/v1/sync/push");
    const int depth = std::clamp(m_options.onTheWire, 1, SyncEngineOptions::kMaxOnTheWire);
    const std::vector<SyncTransport *> pushTransports = transports(depth);

    QList<Sent> wire;                                         // on the wire, in the order sent (≤ depth)
    std::optional<Sent> next;                                 // taken, not sent yet
    std::optional<std::pair<Sent, QByteArray>> answered;      // answered (200), not applied yet

    const auto stop = [&](SyncOutcome outcome, const QString &message) {
        report.outcome = outcome;
        report.message = message;
        return Step::Stop;
    };
    // Takes the next batch (a batch in flight not on the wire first); halves the batch size while a batch
    // would exceed the body limit (long notes).
    const auto take = [&]() -> Result<PushBatch> {
        const auto encode = [&](const QString &batchId, const QList<SyncRecord> &records) -> Result<QByteArray> {
            return encodePushBody(batchId, records, m_sync.deviceTime(), m_sync.pushesAcknowledged());
        };
        QStringList onTheWire;
        for (const Sent &s : std::as_const(wire))
            onTheWire << s.batch.batchId;
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            auto batch = m_sync.nextPushBatch(encode, skip, batchSize, onTheWire);
            if (!batch && batch.error().code == QLatin1String("too_large") && batchSize > 1) {
                batchSize = std::max(1, batchSize / 2);
                continue;
            }
            report.takeMs += timer.nsecsElapsed() / 1e6;
            if (batch && batch->resend)
                ++report.resent;
            return batch;
        }
    };
    // Puts a taken batch's records back in the queue (nothing of it was sent, or it was refused whole).
    const auto giveBack = [&](const PushBatch &batch) {
        if (!batch.isEmpty())
            (void)m_sync.giveBack(batch.batchId);
    };
    // Ends the push early: the batch taken and not sent goes back to the queue, unless it is one sent
    // before (the district may have stored and counted it: it stays in flight); those on the wire stay in
    // flight too (their outcome is unknown) and go again, each with its own id.
    const auto leave = [&] {
        if (next && !next->batch.resend)
            giveBack(next->batch);
        next.reset();
        for (SyncTransport *t : pushTransports)
            t->abandon();
        wire.clear();
    };
    // Applies an answer; false (and the report says why) when the database failed.
    const auto apply = [&](const Sent &sent, const protocol::PushResponse &answer) -> bool {
        QElapsedTimer timer;
        timer.start();
        QList<RecordVerdict> verdicts;
        verdicts.reserve(answer.results.size());
        for (const protocol::RecordResult &res : answer.results) {
            RecordVerdict v{res.id, statusOf(res.status), {}, {}, {}};
            if (res.error) {
                v.code = res.error->code;
                v.field = res.error->field;
                v.message = res.error->message;
            }
            verdicts << v;
        }
        auto ack = m_sync.acknowledge(sent.batch.batchId, verdicts, answer.pushesAcknowledged, sent.later);
        report.ackMs += timer.nsecsElapsed() / 1e6;
        if (!ack) {
            stop(SyncOutcome::LocalError, ack.error().message);
            return false;
        }
        ++report.batches;
        report.pushed += sent.batch.recordCount;
        report.applied += ack->applied;
        report.unchanged += ack->unchanged;
        report.rejected += ack->rejected;
        report.retried += ack->retried;
        report.restamped += ack->restamped;
        report.restored = report.restored || ack->restored;
        for (const QString &id : ack->retriedIds)
            skip.insert(id);
        for (const QString &id : ack->restampedIds) {
            if (++ahead[id] > 1)
                skip.insert(id);
        }
        done += sent.batch.recordCount;
        emit progress(std::min(done, std::max(total, done)), std::max(total, done), QStringLiteral("push"));
        return true;
    };
    // Reads a 200 answer and applies it; false (and the report says why) when it cannot be read (unknown
    // outcome: the batch stays in flight and goes again, same id) or applied.
    const auto settle = [&](const Sent &sent, const QByteArray &body) -> bool {
        auto answer = protocol::parsePushResponse(body);
        if (!answer || answer->batchId != sent.batch.batchId) {
            stop(SyncOutcome::Failed, bilingual(QStringLiteral("区里的回复无法识别"), QStringLiteral("Unparsable push answer")));
            return false;
        }
        return observe(answer->serverTime, report) && apply(sent, answer.value());
    };
    // Sends a batch on a connection that is free. Sending counts as waiting for the district, as the
    // answer does.
    const auto send = [&](Sent sent) {
        int free = 0;
        while (std::any_of(wire.cbegin(), wire.cend(), [free](const Sent &s) { return s.transport == free; }))
            ++free;
        for (Sent &s : wire)
            ++s.later;
        sent.transport = free;
        QElapsedTimer timer;
        timer.start();
        pushTransports[free]->startPost(path, sent.batch.body, true);
        report.waitMs += timer.nsecsElapsed() / 1e6;
        wire.append(std::move(sent));
    };
    // Whether the batch taken may go now: a connection is free, and it may travel beside each batch out.
    const auto mayGo = [&](const Sent &taken) {
        return wire.size() < depth && std::all_of(wire.cbegin(), wire.cend(), [&](const Sent &s) {
                   return mayTravelBeside(taken, s);
               });
    };

    for (;;) {
        // 1. The batch taken goes as soon as it may.
        if (next && mayGo(*next)) {
            send(*std::exchange(next, std::nullopt));
            continue;
        }
        // 2. While the district works: apply the last answer ...
        if (answered) {
            const auto [sent, body] = *std::exchange(answered, std::nullopt);
            if (!settle(sent, body)) {
                leave();
                return Step::Stop;
            }
            continue;
        }
        // 3. ... and take the next batch (after each answer again: it may have queued records again).
        if (!next) {
            auto taken = take();
            if (!taken) {
                leave();
                return stop(SyncOutcome::LocalError, taken.error().message);
            }
            if (!taken->isEmpty()) {
                next.emplace(std::move(taken.value()));
                continue;
            }
        }
        if (wire.isEmpty())
            return Step::Continue; // nothing on the wire, nothing taken, nothing more to take

        // 4. The oldest batch's answer.
        Sent sent = wire.takeFirst();
        QElapsedTimer timer;
        timer.start();
        const HttpResult r = pushTransports[sent.transport]->finish();
        report.waitMs += timer.nsecsElapsed() / 1e6;
        account(report, r);
        if (!r.answered()) { // unknown outcome: it stays in flight and goes again, same id
            leave();
            return fail(report, r, QStringLiteral("push"));
        }
        if (r.status == 413 && sent.batch.recordCount > 1) {
            // Refused whole, nothing stored: take the records back and send smaller batches. A batch sent
            // beside it stays in flight and goes again first.
            leave();
            if (auto back = m_sync.giveBack(sent.batch.batchId); !back)
                return stop(SyncOutcome::LocalError, back.error().message);
            batchSize = std::max(1, sent.batch.recordCount / 2);
            continue;
        }
        if (r.status != 200) {
            leave();
            if (r.status >= 400 && r.status < 500 && r.status != 401 && r.status != 429) {
                // Refused as malformed: nothing stored. Take the records back so the queue is not stuck
                // behind a body the district will never take; the next sync builds a fresh batch.
                giveBack(sent.batch);
            }
            return fail(report, r, QStringLiteral("push"));
        }
        answered.emplace(std::move(sent), r.body);
    }
}

SyncEngine::Step SyncEngine::pull(SyncReport &report)
{
    QElapsedTimer timer;
    timer.start();
    struct Account
    {
        SyncReport &report;
        QElapsedTimer &timer;
        ~Account() { report.pullMs += timer.nsecsElapsed() / 1e6; }
    } pullClock{report, timer};
    bool restarted = false;
    int pages = 0;
    for (;;) {
        protocol::PullQuery query;
        query.cursor = m_sync.pullCursor();
        query.limit = m_options.pullLimit;
        query.includeOwn = m_sync.recoveryPending();
        const HttpResult r = m_transport->get(QStringLiteral("/api/v1/sync/pull"), query.toQueryString());
        account(report, r);
        if (r.answered() && r.status == 400 && !restarted) {
            const auto err = protocol::parseErrorBody(r.body);
            if (err && err->code == QLatin1String(protocol::req::BadCursor)) {
                // The district does not know our cursor (its database was replaced): start over.
                restarted = true;
                if (auto reset = m_sync.applyPull({}, QString(), false); !reset) {
                    report.outcome = SyncOutcome::LocalError;
                    report.message = reset.error().message;
                    return Step::Stop;
                }
                continue;
            }
        }
        if (!r.answered() || r.status != 200)
            return fail(report, r, QStringLiteral("pull"));
        auto page = protocol::parsePullResponse(r.body);
        if (!page) {
            report.outcome = SyncOutcome::Failed;
            report.message = bilingual(QStringLiteral("区里的回复无法识别"), QStringLiteral("Unparsable pull answer"));
            return Step::Stop;
        }
        QList<SyncRecord> changes;
        changes.reserve(page->changes.size());
        for (const protocol::DecodedRecord &d : std::as_const(page->changes)) {
            if (d.record)
                changes << fromWire(*d.record);
            else
                qCWarning(lcSync) << "pulled record not understood, left out:" << d.kindName << d.id
                                  << (d.error ? d.error->code : d.malformed);
        }
        if (!observe(page->serverTime, report))
            return Step::Stop;
        auto applied = m_sync.applyPull(changes, page->cursor, !page->hasMore);
        if (!applied) {
            report.outcome = SyncOutcome::LocalError;
            report.message = applied.error().message;
            return Step::Stop;
        }
        report.pulled += applied->applied;
        report.superseded += applied->superseded;
        ++pages;
        emit progress(pages, pages + (page->hasMore ? 1 : 0), QStringLiteral("pull"));
        if (!page->hasMore)
            return Step::Continue;
    }
}

SyncEngine::Step SyncEngine::receipt(SyncReport &report)
{
    // Only a device with nothing left to send can match; otherwise check once and say what differs.
    const bool canMatch = m_sync.pendingCount() == 0 && m_sync.problemCount() == 0;
    for (int attempt = 0;; ++attempt) {
        const HttpResult r = m_transport->get(QStringLiteral("/api/v1/sync/receipt"));
        account(report, r);
        if (!r.answered() || r.status != 200)
            return fail(report, r, QStringLiteral("receipt"));
        auto district = protocol::parseReceiptResponse(r.body);
        if (!district) {
            report.outcome = SyncOutcome::Failed;
            report.message = bilingual(QStringLiteral("区里的回复无法识别"), QStringLiteral("Unparsable receipt"));
            return Step::Stop;
        }
        Receipt theirs;
        for (auto it = district->kinds.cbegin(); it != district->kinds.cend(); ++it)
            theirs.insert(kindName(it.key()), KindReceipt{static_cast<int>(it->count), it->digest});
        const Receipt ours = m_sync.receipt();
        report.receiptChecked = true;
        report.localReceipt = ours;
        report.districtReceipt = theirs;
        report.receiptDifferences = SyncStore::receiptDifferences(ours, theirs);
        report.receiptMatch = report.receiptDifferences.isEmpty();
        if (report.receiptMatch || !canMatch || attempt >= m_options.receiptRetries) {
            (void)m_sync.recordReceipt(ours, theirs, report.receiptMatch);
            emit progress(1, 1, QStringLiteral("receipt"));
            return Step::Continue;
        }
        // Another tablet of the station may have pushed in between: pull again, then re-check. When a
        // normal re-pull did not help, records of our own are missing here (a pull leaves them out): a
        // device restored from a backup taken while its last batch was in flight learns the district's
        // batch count only from that batch's stored answer, which is older than the count, so it never
        // saw that it was restored. Pull everything, our own changes included ("Restored devices").
        if (attempt >= 1 && !m_sync.recoveryPending()) {
            if (auto begun = m_sync.beginRecovery(); !begun) {
                report.outcome = SyncOutcome::LocalError;
                report.message = begun.error().message;
                return Step::Stop;
            }
            report.restored = true;
        }
        if (pull(report) == Step::Stop)
            return Step::Stop;
    }
}

Result<Enrollment> SyncEngine::enroll(const QString &serverUrl, const QString &stationCode,
                                      const QString &enrollmentCode, const QString &caPath)
{
    const QUrl url(serverUrl.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) || url.host().isEmpty())
        return Error{QStringLiteral("bad_url"),
                     bilingual(QStringLiteral("服务器地址无效：%1（应为 https://主机名[:端口]）").arg(serverUrl),
                               QStringLiteral("Not a server URL: %1 (expected https://host[:port])").arg(serverUrl))};
    const QString station = stationCode.trimmed();
    if (station.isEmpty())
        return Error{QStringLiteral("bad_station"), bilingual(QStringLiteral("请填写站点编码"), QStringLiteral("The station code is missing"))};
    // A code no station can have (a space, a full-width －) is said here, not found out from the district.
    if (const FieldSpec *spec = fieldSpec(Kind::Station, QStringLiteral("code"))) {
        if (const auto bad = validateValue(Kind::Station, *spec, station))
            return Error{QStringLiteral("bad_station"), bad->bilingualMessage()};
    }
    if (auto can = m_sync.checkCanEnroll(station); !can)
        return can.error();

    // Keep a copy of the CA next to the database: enrollment must not depend on where the file was.
    QString pinned;
    if (!caPath.isEmpty()) {
        if (auto ca = SyncTransport::loadCa(caPath); !ca)
            return ca.error();
        pinned = QDir(m_store.dataDir()).filePath(QStringLiteral("district-ca.pem"));
        if (QFileInfo(caPath).absoluteFilePath() != QFileInfo(pinned).absoluteFilePath()) {
            QFile::remove(pinned);
            if (!QFile::copy(caPath, pinned))
                return Error{QStringLiteral("ca_copy"), bilingual(QStringLiteral("无法保存证书文件"),
                                                                  QStringLiteral("Cannot keep a copy of the CA file"))};
        }
    }
    if (auto c = m_transport->configure(url, pinned, QString()); !c)
        return c.error();

    protocol::EnrollRequest req;
    req.stationCode = station;
    req.enrollmentCode = enrollmentCode.trimmed();
    req.deviceId = m_store.deviceId();
    req.deviceName = m_options.deviceName.isEmpty() ? defaultDeviceName() : m_options.deviceName.left(50);
    const HttpResult r = m_transport->post(QStringLiteral("/api/v1/enroll"), req.toJson(), false);
    if (!r.answered())
        return Error{QStringLiteral("unreachable"), r.failure == HttpResult::Failure::Tls
                         ? bilingual(QStringLiteral("无法与区里建立安全连接：证书不受信任"),
                                     QStringLiteral("No secure connection to the district: %1").arg(r.detail))
                         : bilingual(QStringLiteral("连不上区里的服务器"), QStringLiteral("Cannot reach the district: %1").arg(r.detail))};
    if (r.status != 201 && r.status != 200) {
        const auto err = protocol::parseErrorBody(r.body);
        const QString code = err ? err->code : QStringLiteral("http_%1").arg(r.status);
        QString message = err ? err->message : QString();
        if (code == QLatin1String(protocol::req::EnrollmentCodeInvalid))
            message = bilingual(QStringLiteral("登记码无效、已用过或已过期"), QStringLiteral("The enrollment code is wrong, used or expired"));
        else if (code == QLatin1String(protocol::req::DeviceIdTaken))
            message = bilingual(QStringLiteral("本设备已登记在其他站点"), QStringLiteral("This device is enrolled to another station"));
        else if (r.status == 429)
            message = bilingual(QStringLiteral("尝试次数太多，请稍后再试"), QStringLiteral("Too many tries; wait and try again"));
        else if (message.isEmpty())
            message = bilingual(QStringLiteral("区里拒绝登记（%1）").arg(r.status), QStringLiteral("The district refused (%1)").arg(r.status));
        return Error{code, message};
    }
    auto answer = protocol::parseEnrollResponse(r.body);
    if (!answer)
        return Error{QStringLiteral("unparsable"), bilingual(QStringLiteral("区里的回复无法识别"), QStringLiteral("Unparsable enrollment answer"))};
    if (answer->station.code != station || answer->deviceId != m_store.deviceId())
        return Error{QStringLiteral("unexpected"), bilingual(QStringLiteral("区里的回复与请求不符"),
                                                             QStringLiteral("The enrollment answer does not match the request"))};
    Enrollment e;
    e.serverUrl = url.toString(QUrl::StripTrailingSlash);
    e.caPath = pinned;
    e.deviceToken = answer->deviceToken;
    e.stationCode = answer->station.code;
    e.stationName = answer->station.name;
    e.town = answer->station.town;
    e.villages = answer->station.villages;
    e.enrolledAt = m_store.clock().now();
    if (auto done = m_sync.completeEnrollment(e); !done)
        return done.error();
    (void)m_sync.observeServerTime(answer->serverTime);
    qCInfo(lcSync) << "enrolled to station" << e.stationCode << "at" << url.host();
    return e;
}

} // namespace lanxin
