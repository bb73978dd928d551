#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QQmlEngine>

namespace lanxin {

/// A training a resident may sign up for at the kiosk: a station session open for
/// self-registration, or a district training offer.
struct KioskSession
{
    QString id;
    QString title;
    QString category;
    QString categoryLabel; ///< 数字技能, …
    QDateTime startsAt;    ///< UTC
    QDateTime endsAt;      ///< UTC, may be invalid
    QString dayText;       ///< 今天 / 明天 / 12月2日 星期二
    QString timeText;      ///< 09:00–11:00
    QString location;
    int capacity = -1;     ///< -1: no limit given
    int seatsLeft = -1;    ///< -1: unknown or unlimited (district offers: the district counts)
    bool isOffer = false;
    QString organiser;

    [[nodiscard]] bool full() const { return seatsLeft == 0; }
    [[nodiscard]] QVariantMap toMap() const;
};

/// The kiosk home's tiles: today's and upcoming trainings open for self-registration.
class KioskSessionModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by KioskController")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        CategoryRole,
        CategoryLabelRole,
        DayTextRole,
        TimeTextRole,
        LocationRole,
        CapacityRole,
        SeatsLeftRole,
        FullRole,
        IsOfferRole,
        OrganiserRole,
    };

    using QAbstractListModel::QAbstractListModel;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void setSessions(QList<KioskSession> sessions);
    [[nodiscard]] const QList<KioskSession> &sessions() const { return m_sessions; }

signals:
    void countChanged();

private:
    QList<KioskSession> m_sessions;
};

} // namespace lanxin
