#pragma once

#include <QStringList>

class QTextStream;

namespace lanxin {

/// Is `args` (without the program name) a headless command rather than a GUI start?
[[nodiscard]] bool isHeadlessCommand(const QStringList &args);
/// Runs a headless command of CLI.md; returns the exit status (0 done, 1 failed, 2 bad usage).
[[nodiscard]] int runStationCommand(const QStringList &args, QTextStream &out, QTextStream &err);
/// The data directory from `--data-dir`, or the platform's app-data folder.
[[nodiscard]] QString dataDirFrom(const QStringList &args);

} // namespace lanxin
