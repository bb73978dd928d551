#pragma once

#include "recordstore.h"

#include "core/records.h"

#include <optional>

namespace lanxin {

/// Reading the reference data the district sends (PRODUCT.md "Reference kinds"): the station with
/// its villages, and district training offers. Written only by sync (RecordStore::merge).
class ReferenceData
{
public:
    explicit ReferenceData(RecordStore &store) : m_store(store) {}

    /// The station record with `code`; with an empty code, the only station record there is.
    /// nullopt until sync has brought it.
    [[nodiscard]] std::optional<Station> station(const QString &code);
    /// Live training offers starting in [from, to) that are not closed or cancelled, earliest first.
    [[nodiscard]] QList<TrainingSession> upcomingOffers(const QDateTime &from, const QDateTime &to, Page page = {});
    [[nodiscard]] std::optional<TrainingSession> offer(const QString &id);

private:
    RecordStore &m_store;
};

} // namespace lanxin
