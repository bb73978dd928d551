#pragma once

#include "core/result.h"

#include <QtGlobal>

namespace lanxin {

class StationStore;

struct SeedCounts
{
    int residents = 0;
    int sessions = 0;
    int attendances = 0;
    int referrals = 0;
    int visits = 0;
    int staff = 0;
};

/// Realistic demo data through the repositories (so the outbox fills as in real use): `residents`
/// women and some men of the station's villages, and `records` activity records in a busy station's
/// proportions (per year ~50 sessions : 1,500 attendances : 100 referrals : 300 visits) over 4 years.
[[nodiscard]] Result<SeedCounts> seedDemo(StationStore &store, int residents, int records, quint32 seed = 20261129);

} // namespace lanxin
