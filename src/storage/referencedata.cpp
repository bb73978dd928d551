#include "referencedata.h"

namespace lanxin {
namespace {

TrainingSession offerFrom(const StoredRecord &r)
{
    TrainingSession s = TrainingSession::fromValues(r.values);
    s.envelope = Envelope{r.id, r.stationId, r.createdAt, r.updatedAt, r.deleted};
    return s;
}

} // namespace

std::optional<Station> ReferenceData::station(const QString &code)
{
    const QList<StoredRecord> rows = code.isEmpty()
        ? m_store.select(Kind::Station, QStringLiteral("deleted = 0"), {}, QStringLiteral("id"), {0, 2})
        : m_store.select(Kind::Station, QStringLiteral("deleted = 0 AND code = ?"), {code}, QStringLiteral("id"), {0, 1});
    if (rows.size() != 1)
        return std::nullopt;
    const StoredRecord &r = rows.first();
    return Station{r.text("code"), r.text("name"), r.text("town"), r.value("villages").toStringList()};
}

QList<TrainingSession> ReferenceData::upcomingOffers(const QDateTime &from, const QDateTime &to, Page page)
{
    QList<TrainingSession> out;
    const auto rows = m_store.select(Kind::TrainingOffer,
                                     QStringLiteral("deleted = 0 AND starts_at >= ? AND starts_at < ? AND "
                                                    "coalesce(status, 'open') NOT IN ('closed', 'cancelled')"),
                                     {formatInstant(from), formatInstant(to)}, QStringLiteral("starts_at, id"), page);
    for (const StoredRecord &r : rows)
        out << offerFrom(r);
    return out;
}

std::optional<TrainingSession> ReferenceData::offer(const QString &id)
{
    const auto r = m_store.get(Kind::TrainingOffer, id);
    if (!r || r->deleted)
        return std::nullopt;
    return offerFrom(*r);
}

} // namespace lanxin
