#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace lanxin {

// Value types of PRODUCT.md's record kinds. Each converts to and from the logical value map the
// store, the validators and the sync codec share (field name → typed QVariant, sets as QStringList).
// Envelope fields (id, station, times, deleted) are filled by the store and not part of toValues().

struct Envelope
{
    QString id;
    QString stationId;
    QDateTime createdAt;
    QDateTime updatedAt;
    bool deleted = false;
};

struct Staff
{
    Envelope envelope;
    QString name;
    QString role; ///< director | volunteer
    bool active = true;
    QString phone; ///< sensitive

    [[nodiscard]] QVariantMap toValues() const;
    [[nodiscard]] static Staff fromValues(const QVariantMap &v);
    [[nodiscard]] bool isDirector() const { return role == QLatin1String("director"); }
};

struct Resident
{
    Envelope envelope;
    QString name;
    QString gender; ///< F | M
    QDate birthDate;
    QString idNumber; ///< sensitive
    QString phone;    ///< sensitive
    QString village;
    QString address;
    QStringList tags;
    QDateTime consentGeneralAt;
    QDateTime consentSensitiveAt;
    QString guardianName;
    bool needsReview = false;
    QString mergedInto;

    [[nodiscard]] QVariantMap toValues() const;
    [[nodiscard]] static Resident fromValues(const QVariantMap &v);
};

struct TrainingSession
{
    Envelope envelope;
    QString title;
    QString category;
    QDateTime startsAt;
    QDateTime endsAt;
    QString location;
    QString trainer;
    std::optional<qint64> capacity;
    QString status = QStringLiteral("planned");
    bool selfRegistration = false;
    QString organiser; ///< training offers only

    [[nodiscard]] QVariantMap toValues() const;
    [[nodiscard]] static TrainingSession fromValues(const QVariantMap &v);
};

struct Attendance
{
    Envelope envelope;
    QString sessionId;
    QString residentId;
    QString registeredVia; ///< kiosk | staff | walk_in
    QDateTime registeredAt;
    QDateTime checkedInAt;

    [[nodiscard]] QVariantMap toValues() const;
    [[nodiscard]] static Attendance fromValues(const QVariantMap &v);
};

struct ScreeningReferral
{
    enum class Status { Referred, Screened, Result, Diagnosed, Treated, Closed };

    Envelope envelope;
    QString residentId;
    bool cervical = false;
    bool breast = false;
    QDate referredOn;
    QString facilityCode;
    QDate appointmentDate;
    QString ageExceptionReason;
    QDate screenedOn;
    QString result; ///< sensitive: normal | abnormal
    QDate resultOn;
    QString resultNotes; ///< sensitive
    QDate diagnosedOn;
    QDate treatedOn;
    QString closedReason;
    QDate followUpDue;

    [[nodiscard]] QVariantMap toValues() const;
    [[nodiscard]] static ScreeningReferral fromValues(const QVariantMap &v);
    /// Derived from the milestones, never stored (PRODUCT.md).
    [[nodiscard]] Status status() const;
    [[nodiscard]] static Status statusOf(const QVariantMap &v) { return fromValues(v).status(); }
};

struct FamilyVisit
{
    Envelope envelope;
    QString residentId;
    QDateTime visitedAt;
    QStringList purposes;
    QString riskLevel; ///< none | low | medium | high
    bool dvRisk = false; ///< sensitive
    QString notes;       ///< sensitive
    bool followUpNeeded = false;
    QDate nextVisitDue;
    QString visitor;
    QString followsVisitId;

    [[nodiscard]] QVariantMap toValues() const;
    [[nodiscard]] static FamilyVisit fromValues(const QVariantMap &v);
};

struct Station
{
    QString code;
    QString name;
    QString town;
    QStringList villages;
};

struct Facility
{
    QString code;
    QString name;
    QString town;
    QString type; ///< hospital | health_centre
};

} // namespace lanxin
