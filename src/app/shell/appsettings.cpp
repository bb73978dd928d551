#include "appsettings.h"

#include "storage/database.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcUi, "lanxin.ui")

namespace lanxin {
namespace {
AppSettings *s_instance = nullptr;
constexpr const char *kLanguage = "ui_language";
constexpr const char *kTextScale = "ui_text_scale";
constexpr const char *kIdle = "ui_idle_lock_minutes";
constexpr const char *kContrast = "ui_high_contrast";
} // namespace

AppSettings::AppSettings(Database *db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{
    if (m_db) {
        const QString lang = m_db->meta(QLatin1String(kLanguage));
        if (lang == QLatin1String("en"))
            m_language = lang;
        bool ok = false;
        const qreal scale = m_db->meta(QLatin1String(kTextScale)).toDouble(&ok);
        if (ok)
            m_textScale = std::clamp(scale, kMinScale, kMaxScale);
        const int idle = m_db->meta(QLatin1String(kIdle)).toInt(&ok);
        if (ok)
            m_idleLockMinutes = std::clamp(idle, 1, 30);
        m_highContrast = m_db->meta(QLatin1String(kContrast)) == QLatin1String("1");
    }
    applyTranslator();
}

AppSettings::~AppSettings()
{
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
    if (s_instance == this)
        s_instance = nullptr;
}

void AppSettings::setInstance(AppSettings *instance)
{
    s_instance = instance;
}

AppSettings *AppSettings::instance()
{
    return s_instance;
}

bool AppSettings::uiChinese()
{
    return !s_instance || s_instance->chinese();
}

AppSettings *AppSettings::create(QQmlEngine *engine, QJSEngine *)
{
    Q_ASSERT(s_instance);
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    s_instance->addEngine(engine);
    return s_instance;
}

void AppSettings::addEngine(QQmlEngine *engine)
{
    m_engines.removeAll(nullptr);
    if (engine && !m_engines.contains(engine)) {
        m_engines << engine;
        engine->setUiLanguage(m_language);
    }
}

void AppSettings::save(const char *key, const QString &value)
{
    if (!m_db)
        return;
    if (auto r = m_db->setMeta(QLatin1String(key), value); !r)
        qCWarning(lcUi) << "cannot save setting" << key << r.error().code;
}

void AppSettings::applyTranslator()
{
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }
    if (m_language == QLatin1String("en")) {
        auto t = std::make_unique<QTranslator>();
        if (t->load(QStringLiteral(":/i18n/lanxin_en.qm"))) {
            QCoreApplication::installTranslator(t.get());
            m_translator = std::move(t);
        } else {
            qCWarning(lcUi) << "English translation missing from the resources";
        }
    }
}

void AppSettings::setLanguage(const QString &language)
{
    if (language != QLatin1String("zh_CN") && language != QLatin1String("en"))
        return;
    if (language == m_language)
        return;
    m_language = language;
    save(kLanguage, language);
    applyTranslator();
    m_engines.removeAll(nullptr);
    for (const auto &engine : std::as_const(m_engines)) {
        engine->setUiLanguage(language);
        engine->retranslate();
    }
    emit languageChanged();
}

void AppSettings::setTextScale(qreal scale)
{
    scale = std::clamp(scale, kMinScale, kMaxScale);
    if (qFuzzyCompare(scale, m_textScale))
        return;
    m_textScale = scale;
    save(kTextScale, QString::number(scale, 'f', 2));
    emit textScaleChanged();
}

void AppSettings::setIdleLockMinutes(int minutes)
{
    minutes = std::clamp(minutes, 1, 30);
    if (minutes == m_idleLockMinutes)
        return;
    m_idleLockMinutes = minutes;
    save(kIdle, QString::number(minutes));
    emit idleLockMinutesChanged();
}

void AppSettings::setHighContrast(bool on)
{
    if (on == m_highContrast)
        return;
    m_highContrast = on;
    save(kContrast, on ? QStringLiteral("1") : QStringLiteral("0"));
    emit highContrastChanged();
}

} // namespace lanxin
