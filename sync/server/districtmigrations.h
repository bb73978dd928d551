#pragma once

#include "storage/migrations.h"

#include <span>

namespace lanxin::district {

/// The district store's numbered schema steps (its own, not the station's).
[[nodiscard]] std::span<const Migration> districtMigrations();

} // namespace lanxin::district
