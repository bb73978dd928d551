#include "sync.h"

#include "client/syncrunner.h"
#include "shell/appsettings.h"

#include "core/labels.h"
#include "storage/stationstore.h"
#include "storage/syncstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace lanxin {
namespace {

Sync *s_instance = nullptr;

QString number(qint64 n)
{
    return QLocale(QLocale::Chinese, QLocale::China).toString(n); // 1,234 in both languages
}

QString kindText(Kind kind)
{
    return kindLabel(kind, AppSettings::uiChinese());
}

/// A value as staff may see it: enum labels, yes/no, ID and phone numbers masked (SECURITY.md 19).
QString displayValue(Kind kind, const QString &field, const QString &value)
{
    if (value.isEmpty())
        return QObject::tr("（空）");
    if (field.contains(u'.') || field == QLatin1String(kDeleted)) // a set member or the tombstone
        return value == QLatin1String("true") ? QObject::tr("是") : QObject::tr("否");
    const FieldSpec *spec = fieldSpec(kind, field);
    if (!spec)
        return value;
    if (field == QLatin1String("id_number") && value.size() > 8)
        return value.left(4) + QString(value.size() - 8, u'*') + value.right(4);
    if (field == QLatin1String("phone") && value.size() > 7)
        return value.left(3) + QStringLiteral("****") + value.right(4);
    switch (spec->type) {
    case FieldType::Bool:
        return value == QLatin1String("true") ? QObject::tr("是") : QObject::tr("否");
    case FieldType::Enum:
        return valueLabel(field, value, AppSettings::uiChinese());
    case FieldType::Instant: {
        const QDateTime t = parseInstant(value);
        return t.isValid() ? t.toTimeZone(localZone()).toString(QStringLiteral("yyyy-MM-dd HH:mm")) : value;
    }
    case FieldType::Text:
        return value.size() > 60 ? value.left(60) + QStringLiteral("…") : value;
    default:
        return value;
    }
}

QString wireFieldLabel(Kind kind, const QString &field)
{
    const qsizetype dot = field.indexOf(u'.');
    const bool zh = AppSettings::uiChinese();
    if (dot < 0)
        return fieldLabel(kind, field, zh);
    return fieldLabel(kind, field.left(dot), zh) + QStringLiteral("·") + valueLabel(field.left(dot), field.mid(dot + 1), zh);
}

QString reasonFor(const SyncProblem &p)
{
    QString why = p.message;
    if (why.isEmpty()) {
        if (p.code == QLatin1String("invalid_field"))
            why = QObject::tr("内容不符合要求");
        else if (p.code == QLatin1String("missing_field"))
            why = QObject::tr("缺少必填内容");
        else if (p.code == QLatin1String("unknown_field") || p.code == QLatin1String("unknown_kind"))
            why = QObject::tr("区里不认识这项内容，请升级本程序");
        else if (p.code == QLatin1String("missing_stamp"))
            why = QObject::tr("记录不完整，请重新保存");
        else if (p.code == QLatin1String("forbidden_station"))
            why = QObject::tr("记录不属于本站点");
        else if (p.code == QLatin1String("read_only_kind"))
            why = QObject::tr("参考数据只能由区里修改");
        else
            why = QObject::tr("区里未接收（%1）").arg(p.code);
    }
    const QString label = p.field.isEmpty() ? QString() : wireFieldLabel(p.kind, p.field);
    if (label.isEmpty() || why.startsWith(label))
        return why; // the district's message already names the field
    return label + QObject::tr("：") + why;
}

} // namespace

Sync::Sync(StationStore *store, SyncRunner *runner, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_runner(runner)
    , m_status(QStringLiteral("stopped"))
{
    if (m_store)
        m_sync = std::make_unique<SyncStore>(*m_store);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(0);
    connect(&m_refresh, &QTimer::timeout, this, &Sync::refresh);
    if (m_runner) {
        connect(m_runner, &SyncRunner::stateChanged, this,
                [this](SyncWorker::State s, qint64 next) { onState(static_cast<int>(s), next); });
        connect(m_runner, &SyncRunner::cycleFinished, this, &Sync::onCycle);
        connect(m_runner, &SyncRunner::progress, this, [this](int done, int total, const QString &phase) {
            // Pushing is most of the work; pulling and the receipt finish it.
            const double part = total > 0 ? double(done) / total : 1.0;
            m_progress = phase == QLatin1String("push") ? 0.8 * part : phase == QLatin1String("pull") ? 0.8 + 0.15 * part : 1.0;
            emit progressChanged();
        });
        connect(m_runner, &SyncRunner::enrollFinished, this, [this](bool ok, const QString &, const QString &message) {
            m_enrolling = false;
            m_enrollMessage = message;
            emit enrollingChanged();
            refresh();
            emit enrollFinished(ok, message);
        });
    }
    if (const AppSettings *settings = AppSettings::instance()) {
        // Its texts and labels are made here, not in QML: made again in the new language.
        connect(settings, &AppSettings::languageChanged, this, [this] {
            refresh();
            emit statusChanged();
        });
    }
    if (m_store) {
        // The "within 30 s after a save" trigger, and the pending count follows every save.
        m_store->records().setWriteListener([this] {
            if (m_runner)
                m_runner->noteSaved();
            m_refresh.start();
        });
        if (m_sync->mustReenroll())
            m_status = QStringLiteral("must_enroll");
        else if (!m_sync->enrollment())
            m_status = QStringLiteral("not_enrolled");
        else if (m_runner)
            m_status = QStringLiteral("idle");
    }
    refresh();
}

Sync::~Sync()
{
    if (m_store)
        m_store->records().setWriteListener({});
    if (s_instance == this)
        s_instance = nullptr;
}

void Sync::setInstance(Sync *instance)
{
    s_instance = instance;
}

Sync *Sync::create(QQmlEngine *, QJSEngine *)
{
    if (!s_instance) {
        // A shell without a store (a QML test, or a database that could not be opened): an empty Sync.
        s_instance = new Sync(nullptr, nullptr);
    }
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

QString Sync::statusText() const
{
    if (m_status == QLatin1String("not_enrolled"))
        return tr("本设备尚未登记到区里");
    if (m_status == QLatin1String("must_enroll"))
        return tr("区里不再认可本设备，请重新登记");
    if (m_status == QLatin1String("syncing"))
        return tr("正在同步…");
    if (m_status == QLatin1String("waiting")) {
        const qint64 minutes = m_nextAttemptMs > 0 ? (m_nextAttemptMs + 59999) / 60000 : 0;
        return minutes > 0 ? tr("暂时连不上区里，%n 分钟内自动重试", "", int(minutes)) : tr("暂时连不上区里，稍后自动重试");
    }
    if (m_status == QLatin1String("idle"))
        return m_pendingCount > 0 ? tr("%n 条记录等待同步", "", m_pendingCount) : tr("已同步");
    return tr("同步未运行");
}

QString Sync::lastConfirmedText() const
{
    if (!m_lastConfirmedAt.isValid())
        return tr("尚未得到区里确认");
    const QDateTime local = m_lastConfirmedAt.toTimeZone(localZone());
    const QDate today = m_store ? m_store->clock().today() : QDate::currentDate();
    const QString time = local.toString(QStringLiteral("HH:mm"));
    if (local.date() == today)
        return tr("今天 %1").arg(time);
    if (local.date() == today.addDays(-1))
        return tr("昨天 %1").arg(time);
    if (!AppSettings::uiChinese()) // "27 Nov 06:23", as the English screens write dates (a number pair reads as either order)
        return QLocale(QLocale::English).toString(local, QStringLiteral("d MMM HH:mm"));
    return tr("%1月%2日 %3").arg(local.date().month()).arg(local.date().day()).arg(time);
}

void Sync::setStatus(const QString &status)
{
    if (status == m_status)
        return;
    m_status = status;
    if (m_status != QLatin1String("syncing") && m_progress >= 0) {
        m_progress = -1;
        emit progressChanged();
    }
    emit statusChanged();
}

void Sync::onState(int state, qint64 nextAttemptMs)
{
    m_nextAttemptMs = nextAttemptMs;
    switch (static_cast<SyncWorker::State>(state)) {
    case SyncWorker::State::Starting:
    case SyncWorker::State::Idle:
        setStatus(QStringLiteral("idle"));
        break;
    case SyncWorker::State::Syncing:
        m_progress = 0;
        emit progressChanged();
        setStatus(QStringLiteral("syncing"));
        break;
    case SyncWorker::State::Waiting:
        setStatus(QStringLiteral("waiting"));
        emit statusChanged(); // the retry time changed
        break;
    case SyncWorker::State::NotEnrolled:
        setStatus(QStringLiteral("not_enrolled"));
        break;
    case SyncWorker::State::MustEnroll:
        setStatus(QStringLiteral("must_enroll"));
        break;
    case SyncWorker::State::Stopped:
        setStatus(QStringLiteral("stopped"));
        break;
    }
}

void Sync::onCycle(const SyncReport &report)
{
    m_lastMessage = report.message;
    refresh();
    emit cycleFinished();
}

void Sync::refresh()
{
    m_pendingByKind.clear();
    m_problems.clear();
    m_conflicts.clear();
    m_receipt.clear();
    m_receiptMatch = false;
    m_pendingCount = 0;
    if (!m_sync) {
        m_receiptSummary = tr("没有可用的数据库");
        emit changed();
        return;
    }
    m_pendingCount = m_sync->pendingCount();
    const auto byKind = m_sync->pendingByKind();
    for (Kind k : recordKinds()) {
        if (const int n = byKind.value(kindName(k)); n > 0)
            m_pendingByKind << QVariantMap{{QStringLiteral("kind"), kindName(k)}, {QStringLiteral("label"), kindText(k)},
                                           {QStringLiteral("count"), n}};
    }
    for (const SyncProblem &p : m_sync->problems()) {
        m_problems << QVariantMap{{QStringLiteral("kind"), kindName(p.kind)},
                                  {QStringLiteral("kindLabel"), kindText(p.kind)},
                                  {QStringLiteral("recordId"), p.recordId},
                                  {QStringLiteral("code"), p.code},
                                  {QStringLiteral("field"), p.field},
                                  {QStringLiteral("fieldLabel"), p.field.isEmpty() ? QString() : wireFieldLabel(p.kind, p.field)},
                                  {QStringLiteral("reason"), reasonFor(p)},
                                  {QStringLiteral("seenAt"), p.seenAt}};
    }
    for (const ConflictNotice &c : m_sync->conflicts()) {
        m_conflicts << QVariantMap{{QStringLiteral("seq"), double(c.seq)},
                                   {QStringLiteral("kind"), kindName(c.kind)},
                                   {QStringLiteral("kindLabel"), kindText(c.kind)},
                                   {QStringLiteral("recordId"), c.recordId},
                                   {QStringLiteral("field"), c.field},
                                   {QStringLiteral("fieldLabel"), wireFieldLabel(c.kind, c.field)},
                                   {QStringLiteral("localValue"), displayValue(c.kind, c.field, c.localValue)},
                                   {QStringLiteral("remoteValue"), displayValue(c.kind, c.field, c.remoteValue)},
                                   {QStringLiteral("seenAt"), c.seenAt}};
    }
    m_lastConfirmedAt = m_sync->lastConfirmedAt();
    const QJsonObject last = QJsonDocument::fromJson(m_sync->lastReceiptJson().toUtf8()).object();
    const QJsonObject kinds = last.value(QStringLiteral("kinds")).toObject();
    qint64 total = 0;
    QStringList differences;
    for (Kind k : recordKinds()) {
        const QJsonObject o = kinds.value(kindName(k)).toObject();
        if (o.isEmpty())
            continue;
        const qint64 local = o.value(QStringLiteral("local")).toInteger();
        const qint64 district = o.value(QStringLiteral("district")).toInteger();
        const bool match = o.value(QStringLiteral("match")).toBool();
        total += district;
        m_receipt << QVariantMap{{QStringLiteral("kind"), kindName(k)}, {QStringLiteral("label"), kindText(k)},
                                 {QStringLiteral("local"), local}, {QStringLiteral("district"), district},
                                 {QStringLiteral("match"), match}};
        if (!match)
            differences << (local == district ? tr("%1：%2 条，内容不一致").arg(kindText(k), number(local))
                                              : tr("%1：本机 %2 条，区里 %3 条").arg(kindText(k), number(local), number(district)));
    }
    m_receiptMatch = !last.isEmpty() && last.value(QStringLiteral("match")).toBool();
    if (last.isEmpty())
        m_receiptSummary = tr("尚未与区里核对");
    else if (m_receiptMatch)
        m_receiptSummary = tr("区里已确认 %1 条记录").arg(number(total));
    else
        m_receiptSummary = tr("与区里不一致：%1").arg(differences.join(tr("；")));
    const auto enrollment = m_sync->enrollment();
    m_stationCode = enrollment ? enrollment->stationCode : QString();
    m_stationName = enrollment ? enrollment->stationName : QString();
    m_serverUrl = enrollment ? enrollment->serverUrl : QString();
    emit changed();
    if (m_status == QLatin1String("idle"))
        emit statusChanged(); // its text counts the pending records
}

void Sync::syncNow()
{
    if (m_runner)
        m_runner->syncNow();
}

void Sync::enroll(const QString &serverUrl, const QString &stationCode, const QString &code, const QString &caFile)
{
    if (!m_runner || m_enrolling)
        return;
    QString ca = caFile;
    if (ca.startsWith(QLatin1String("file:")))
        ca = QUrl(ca).toLocalFile(); // from a file dialog
    m_enrolling = true;
    m_enrollMessage = tr("正在登记…");
    emit enrollingChanged();
    m_runner->enroll(serverUrl, stationCode, code, ca);
}

void Sync::dismissConflict(double seq)
{
    if (m_sync && m_sync->dismissConflict(static_cast<qint64>(seq)))
        refresh();
}

void Sync::openRecord(const QString &kind, const QString &recordId)
{
    emit openRecordRequested(kind, recordId);
}

} // namespace lanxin
