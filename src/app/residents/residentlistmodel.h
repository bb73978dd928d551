#pragma once

#include "pagedlistmodel.h"

#include "core/records.h"
#include "core/schema.h"

#include <QQmlEngine>

namespace lanxin {

/// Residents as staff type: `query` goes to ResidentRepository::search (name, pinyin initials or
/// prefix, phone or ID tail, whole numbers); an empty query lists everyone by pinyin. With
/// `reviewOnly`, the kiosk sign-ups waiting for the director instead. Numbers are masked.
class ResidentListModel : public lanxin::PagedListModel // qualified: qmltyperegistrar matches base classes by full name
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(bool reviewOnly READ reviewOnly WRITE setReviewOnly NOTIFY reviewOnlyChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        NameRole,
        GenderRole,
        BirthDateRole,
        AgeRole,
        VillageRole,
        PhoneRole,    ///< masked
        IdNumberRole, ///< masked
        TagsRole,
        NeedsReviewRole,
    };

    explicit ResidentListModel(QObject *parent = nullptr);

    [[nodiscard]] QString query() const { return m_query; }
    void setQuery(const QString &query);
    [[nodiscard]] bool reviewOnly() const { return m_reviewOnly; }
    void setReviewOnly(bool on);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

signals:
    void queryChanged();
    void reviewOnlyChanged();

protected:
    int fetchPending(int offset, int limit) override;
    [[nodiscard]] int pendingCount() const override { return static_cast<int>(m_pending.size()); }
    void commitPending() override;
    void clearRows() override;

private:
    QList<Resident> m_rows;
    QList<Resident> m_pending;
    QString m_query;
    bool m_reviewOnly = false;
    QDate m_today;
};

/// A resident's history for her profile: trainings (with how she registered and whether she came),
/// referrals (with their derived status), visits; newest first.
class HistoryModel : public lanxin::PagedListModel // qualified: qmltyperegistrar matches base classes by full name
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString residentId READ residentId WRITE setResidentId NOTIFY residentIdChanged)

public:
    enum Roles {
        KindRole = Qt::UserRole + 1, ///< attendance, screening_referral, family_visit
        RecordIdRole,
        DateRole,        ///< local date, yyyy-MM-dd
        TitleRole,       ///< session title; empty for the others
        CategoryRole,    ///< session category
        ViaRole,         ///< attendance: kiosk, staff, walk_in
        AttendedRole,    ///< attendance: checked in
        StatusRole,      ///< referral: referred, screened, result, diagnosed, treated, closed
        StatusStepRole,  ///< referral: 0..4 along the pipeline, 5 closed
        ScreeningsRole,  ///< referral: ["cervical", "breast"]
        PurposesRole,    ///< visit
        RiskLevelRole,   ///< visit
        FollowUpDueRole, ///< visit: next visit due while open; referral: follow-up due
    };

    explicit HistoryModel(QObject *parent = nullptr);

    [[nodiscard]] QString residentId() const { return m_residentId; }
    void setResidentId(const QString &id);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

signals:
    void residentIdChanged();

protected:
    int fetchPending(int offset, int limit) override;
    [[nodiscard]] int pendingCount() const override { return static_cast<int>(m_pending.size()); }
    void commitPending() override;
    void clearRows() override;
    [[nodiscard]] bool ready() const override { return !m_residentId.isEmpty(); }

public:
    struct Row
    {
        Kind kind = Kind::Attendance;
        QString id;
        QDate date;
        QString title;
        QString category;
        QString via;
        bool attended = false;
        QString status;
        int step = 0;
        QStringList screenings;
        QStringList purposes;
        QString riskLevel;
        QDate followUpDue;
    };

private:
    QString m_residentId;
    QList<Row> m_rows;
    QList<Row> m_pending;
};

} // namespace lanxin
