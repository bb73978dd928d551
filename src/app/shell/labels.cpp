#include "labels.h"

#include "shell/appsettings.h"

#include "core/labels.h"
#include "core/schema.h"

namespace lanxin {

Labels::Labels(AppSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    rebuild();
    connect(&m_settings, &AppSettings::languageChanged, this, [this] {
        rebuild();
        emit changed();
    });
}

void Labels::rebuild()
{
    const bool zh = m_settings.chinese();
    m_names.clear();
    m_options.clear();
    m_fields.clear();
    m_kinds.clear();
    for (Kind kind : allKinds()) {
        const KindSpec &spec = kindSpec(kind);
        const QString kindKey = QLatin1String(spec.name);
        m_kinds.insert(kindKey, kindLabel(kind, zh));
        QVariantMap fieldLabels;
        for (const FieldSpec &f : spec.fields) {
            const QString name = QLatin1String(f.name);
            fieldLabels.insert(name, fieldLabel(kind, name, zh));
            if (f.values.empty() || m_names.contains(name))
                continue;
            QVariantMap byValue;
            QVariantList list;
            for (const char *v : f.values) {
                const QString value = QLatin1String(v);
                const QString label = valueLabel(name, value, zh);
                byValue.insert(value, label);
                list << QVariantMap{{QStringLiteral("value"), value}, {QStringLiteral("label"), label}};
            }
            m_names.insert(name, byValue);
            m_options.insert(name, list);
        }
        m_fields.insert(kindKey, fieldLabels);
    }
}

} // namespace lanxin
