#pragma once

#include "core/result.h"

#include <QSize>
#include <QStringList>

namespace lanxin {

/// Renders the kiosk's screens to PNG files in `outDir` at `size` (home, each question, the pinyin
/// keyboard with candidates showing, the numeric pad, privacy, 报名成功, a full training, the idle
/// countdown), walking a sign-up of a made-up resident through the real QML. Needs a
/// QGuiApplication and KioskController's instance; saves nothing to the station (the sign-up
/// stops before submit, and the confirmation is shown as it would be). Returns the files written.
/// For `lanxin-station screenshots` (issue "Staff app") and `--kiosk-screenshots`.
[[nodiscard]] Result<QStringList> renderKioskScreens(const QString &outDir, QSize size, const QString &prefix = {});

} // namespace lanxin
