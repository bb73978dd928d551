#include "appcontext.h"

#include "core/demodata.h"
#include "storage/stationstore.h"

namespace lanxin {
namespace {
AppContext *s_instance = nullptr;
}

AppContext::AppContext(StationStore *store, QString startupProblem, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_startupProblem(std::move(startupProblem))
{
}

void AppContext::setInstance(AppContext *instance)
{
    s_instance = instance;
}

AppContext *AppContext::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT(s_instance);
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

QString AppContext::stationCode() const
{
    return m_store ? m_store->stationCode() : QString();
}

QString AppContext::deviceId() const
{
    return m_store ? m_store->deviceId() : QString();
}

QVariantMap AppContext::counts() const
{
    QVariantMap out;
    if (!m_store)
        return out;
    const auto counts = m_store->liveCounts();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

int AppContext::outboxPending() const
{
    return m_store ? m_store->outboxPending() : 0;
}

} // namespace lanxin

namespace lanxin {

QString AppContext::stationName() const
{
    if (m_store) {
        if (auto station = m_store->reference().station(m_store->stationCode()))
            return station->name;
    }
    return {};
}

QStringList AppContext::villages() const
{
    if (m_store) {
        if (auto station = m_store->reference().station(m_store->stationCode()); station && !station->villages.isEmpty())
            return station->villages;
    }
    return demoStation().villages;
}

} // namespace lanxin
