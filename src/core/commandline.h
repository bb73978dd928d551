#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace lanxin {

/// `PROGRAM [global options] COMMAND [options]` (CLI.md): options may stand before or after the
/// command; `--name value` or `--name=value`; bare words after the command are positional.
struct CommandLine
{
    QString command;
    QStringList positional;
    QMap<QString, QString> options; ///< without the leading dashes; flags map to "1"
    QString error;                  ///< set when the words cannot be understood (exit 2)
    /// The option given last without its value (then also in `options`, empty, and `error` says so): a
    /// command that does not take it reports that instead (checkOptions), the clearer of the two.
    QString valueMissing;

    [[nodiscard]] bool has(const QString &name) const { return options.contains(name); }
    [[nodiscard]] QString value(const QString &name, const QString &fallback = {}) const
    {
        return options.value(name, fallback);
    }
    /// A whole number option in [min, max]; sets `error` naming the option when it is not.
    [[nodiscard]] int intValue(const QString &name, int fallback, int min, int max);
    /// "`commandName` does not take --X" (both languages) for the first option not in `allowed`;
    /// empty when every option is allowed.
    [[nodiscard]] QString unexpectedOption(const QStringList &allowed, const QString &commandName) const;
    /// What a command taking `allowed` says is wrong with its options: an option it does not take, else
    /// the value missing after the last one (valueMissing); empty when neither.
    [[nodiscard]] QString optionProblem(const QStringList &allowed, const QString &commandName) const;
    /// "option --X is empty" (both languages) for the first of `names` given with an empty value, such as
    /// `--data ""` from a shell variable that was not set; empty when none is. For options naming a file or
    /// folder, where an empty value would otherwise quietly mean the default (or no TLS, or no pinned CA).
    [[nodiscard]] QString emptyValue(const QStringList &names) const;
};

/// Parses `args` (without the program name). `flags` are options that take no value.
[[nodiscard]] CommandLine parseCommandLine(const QStringList &args, const QStringList &flags);

} // namespace lanxin
