#include "commandline.h"

#include "result.h"

namespace lanxin {

CommandLine parseCommandLine(const QStringList &args, const QStringList &flags)
{
    CommandLine cl;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a.startsWith(QLatin1String("--")) && a.size() > 2) {
            QString name = a.mid(2);
            QString value;
            const auto eq = name.indexOf(u'=');
            if (eq >= 0) {
                value = name.mid(eq + 1);
                name = name.left(eq);
            } else if (flags.contains(name)) {
                value = QStringLiteral("1");
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                cl.error = bilingual(QStringLiteral("选项 --%1 缺少取值").arg(name),
                                     QStringLiteral("option --%1 needs a value").arg(name));
                cl.valueMissing = name;
                cl.options.insert(name, QString());
                return cl;
            }
            cl.options.insert(name, value);
        } else if (a == QLatin1String("-h")) {
            cl.options.insert(QStringLiteral("help"), QStringLiteral("1"));
        } else if (cl.command.isEmpty()) {
            cl.command = a;
        } else {
            cl.positional << a;
        }
    }
    return cl;
}

int CommandLine::intValue(const QString &name, int fallback, int min, int max)
{
    if (!options.contains(name))
        return fallback;
    bool ok = false;
    const qlonglong v = options.value(name).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        error = bilingual(QStringLiteral("--%1 须为 %2 到 %3 之间的整数，收到“%4”").arg(name).arg(min).arg(max).arg(options.value(name)),
                          QStringLiteral("--%1 must be a whole number from %2 to %3, got \"%4\"")
                              .arg(name)
                              .arg(min)
                              .arg(max)
                              .arg(options.value(name)));
        return fallback;
    }
    return static_cast<int>(v);
}

QString CommandLine::unexpectedOption(const QStringList &allowed, const QString &commandName) const
{
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        if (!allowed.contains(it.key()))
            return bilingual(QStringLiteral("%1 不认识选项 --%2").arg(commandName, it.key()),
                             QStringLiteral("%1 does not take --%2").arg(commandName, it.key()));
    }
    return {};
}

QString CommandLine::optionProblem(const QStringList &allowed, const QString &commandName) const
{
    const QString unexpected = unexpectedOption(allowed, commandName);
    return unexpected.isEmpty() && !valueMissing.isEmpty() ? error : unexpected;
}

QString CommandLine::emptyValue(const QStringList &names) const
{
    for (const QString &name : names) {
        if (valueMissing != name && options.contains(name) && options.value(name).trimmed().isEmpty())
            return bilingual(QStringLiteral("选项 --%1 的取值是空的").arg(name), QStringLiteral("option --%1 is empty").arg(name));
    }
    return {};
}

} // namespace lanxin
