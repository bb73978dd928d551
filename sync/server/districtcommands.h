#pragma once

#include <QStringList>

class QTextStream;

namespace lanxin::district {

/// Runs `lanxin-district` with `args` (without the program name), per CLI.md: exit 0 done, 1 failed,
/// 2 bad usage; errors one line, Chinese / English, on `err`. `serve` runs the event loop until SIGTERM.
/// The clock can be shifted for tests with LANXIN_CLOCK_OFFSET_MS (milliseconds added to the wall clock).
[[nodiscard]] int runDistrictCommand(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace lanxin::district
