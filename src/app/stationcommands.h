#pragma once

#include <QStringList>

class QTextStream;

namespace lanxin {

/// Is `args` (without the program name) a headless command rather than a GUI start?
[[nodiscard]] bool isHeadlessCommand(const QStringList &args);
/// Runs a headless command of CLI.md; returns the exit status (0 done, 1 failed, 2 bad usage).
[[nodiscard]] int runStationCommand(const QStringList &args, QTextStream &out, QTextStream &err);
/// What the GUI start was asked to do besides showing the app.
struct GuiOptions
{
    bool selfTest = false;    ///< --self-test: open every page (on demo data in a temporary dir unless --data-dir), quit
    bool explicitDataDir = false; ///< --data-dir was given
    QString screenshotsDir;   ///< screenshots OUTDIR
    QString error;            ///< bad usage (exit 2)
};
[[nodiscard]] GuiOptions guiOptionsFrom(const QStringList &args);
/// The data directory from `--data-dir`, or the platform's app-data folder.
[[nodiscard]] QString dataDirFrom(const QStringList &args);

} // namespace lanxin
