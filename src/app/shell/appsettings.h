#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTranslator>

#include <memory>

namespace lanxin {

class Database;

/// The device's display settings (PRODUCT.md screen 9), kept in the database's meta table:
/// language (简体中文 by default, English), text size (100–160 %, scales the whole UI), idle lock
/// time, high contrast. Changing the language loads the English .qm (Chinese is the source text)
/// and retranslates every engine that uses this singleton.
class AppSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(bool chinese READ chinese NOTIFY languageChanged)
    Q_PROPERTY(qreal textScale READ textScale WRITE setTextScale NOTIFY textScaleChanged)
    Q_PROPERTY(int idleLockMinutes READ idleLockMinutes WRITE setIdleLockMinutes NOTIFY idleLockMinutesChanged)
    Q_PROPERTY(bool highContrast READ highContrast WRITE setHighContrast NOTIFY highContrastChanged)

public:
    static constexpr qreal kMinScale = 1.0;
    static constexpr qreal kMaxScale = 1.6;
    static constexpr int kDefaultIdleMinutes = 3;

    /// `db` may be null (no database could be opened): settings then live for this run only.
    explicit AppSettings(Database *db, QObject *parent = nullptr);
    ~AppSettings() override;

    static void setInstance(AppSettings *instance);
    [[nodiscard]] static AppSettings *instance();
    /// Whether C++ code that makes texts for the screens should write Chinese: the instance's language,
    /// Chinese where there is none (the command line, some tests).
    [[nodiscard]] static bool uiChinese();
    static AppSettings *create(QQmlEngine *engine, QJSEngine *);

    [[nodiscard]] QString language() const { return m_language; }
    [[nodiscard]] bool chinese() const { return m_language != QLatin1String("en"); }
    [[nodiscard]] qreal textScale() const { return m_textScale; }
    [[nodiscard]] int idleLockMinutes() const { return m_idleLockMinutes; }
    [[nodiscard]] bool highContrast() const { return m_highContrast; }

    /// "zh_CN" or "en"; anything else is ignored.
    void setLanguage(const QString &language);
    void setTextScale(qreal scale);
    void setIdleLockMinutes(int minutes);
    void setHighContrast(bool on);
    /// An engine to retranslate on a language change (create() adds the engines that ask).
    void addEngine(QQmlEngine *engine);

signals:
    void languageChanged();
    void textScaleChanged();
    void idleLockMinutesChanged();
    void highContrastChanged();

private:
    void save(const char *key, const QString &value);
    void applyTranslator();

    Database *m_db;
    QString m_language = QStringLiteral("zh_CN");
    qreal m_textScale = 1.0;
    int m_idleLockMinutes = kDefaultIdleMinutes;
    bool m_highContrast = false;
    std::unique_ptr<QTranslator> m_translator;
    QList<QPointer<QQmlEngine>> m_engines;
};

} // namespace lanxin
