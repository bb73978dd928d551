#pragma once

#include "singleton.h"

#include <QObject>
#include <QVariantMap>

namespace lanxin {

class AppSettings;

/// The labels of core/labels.h for QML, in the current language, as properties so bindings follow a
/// language switch: Labels.names.category["health"], Labels.options.purposes (a list of {value, label}
/// in schema order), Labels.fields.resident.id_number, Labels.kinds.family_visit.
class Labels : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    LANXIN_SINGLETON(Labels)
    Q_PROPERTY(QVariantMap names READ names NOTIFY changed)
    Q_PROPERTY(QVariantMap options READ options NOTIFY changed)
    Q_PROPERTY(QVariantMap fields READ fields NOTIFY changed)
    Q_PROPERTY(QVariantMap kinds READ kinds NOTIFY changed)

public:
    explicit Labels(AppSettings &settings, QObject *parent = nullptr);

    [[nodiscard]] QVariantMap names() const { return m_names; }
    [[nodiscard]] QVariantMap options() const { return m_options; }
    [[nodiscard]] QVariantMap fields() const { return m_fields; }
    [[nodiscard]] QVariantMap kinds() const { return m_kinds; }

signals:
    void changed();

private:
    void rebuild();

    AppSettings &m_settings;
    QVariantMap m_names;
    QVariantMap m_options;
    QVariantMap m_fields;
    QVariantMap m_kinds;
};

} // namespace lanxin
