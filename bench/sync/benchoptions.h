#pragma once

// The sync benches' command lines, read by the programs' own parser (core/commandline.h): an unknown
// option, a missing value, a stray word or a number out of range is reported with the usage (exit 2)
// instead of being ignored and measuring something else than was asked.

#include "core/commandline.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cstdio>

namespace lanxin::bench {

/// The options of this bench (`--name value` / `--name=value`), each of which must be in `allowed`.
inline CommandLine parseOptions(const QStringList &allowed)
{
    const QStringList args = QCoreApplication::arguments();
    CommandLine cl = parseCommandLine(args.mid(1), {});
    if (cl.error.isEmpty() && !cl.command.isEmpty())
        cl.error = QStringLiteral("unexpected word \"%1\"").arg(cl.command);
    if (cl.error.isEmpty())
        cl.error = cl.unexpectedOption(allowed, QFileInfo(args.value(0)).fileName());
    return cl;
}

/// Prints what is wrong and the usage to stderr; the exit status for bad usage.
inline int usageError(const QString &error, const char *usage)
{
    std::fprintf(stderr, "%s\nusage: %s\n", qPrintable(error), usage);
    return 2;
}

} // namespace lanxin::bench
