#pragma once

#include <QDate>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

namespace lanxin {

// Realistic pieces of demo data (seed-demo, screenshots, benchmarks). Every function draws only from
// the generator it is given, so a fixed seed gives the same data on every machine. All people,
// numbers and notes are made up.

/// A surname drawn by its real share of China's population (王 ≈ 7.1 %, 李 ≈ 7.0 %, 张 ≈ 6.7 %, … the
/// top 100 and a long tail, including polyphonic ones such as 单, 曾, 解, 仇, 区, 查 and a few
/// compound ones such as 欧阳).
[[nodiscard]] QString randomSurname(QRandomGenerator &rng);
/// A full name (surname + a 1- or 2-character given name) typical of rural women born in `birthYear`:
/// 秀英, 桂兰 before 1960; 丽, 红, 海燕, 雪芬 in 1960–79; 婷婷, 丽娜 in 1980–94; 欣怡, 梓涵 after.
[[nodiscard]] QString randomWomansName(QRandomGenerator &rng, int birthYear);
/// The same for men (the few male residents and trainers).
[[nodiscard]] QString randomManName(QRandomGenerator &rng, int birthYear);
/// A valid 18-character 居民身份证号: `regionCode` (6 digits), `birth`, two random sequence digits, a
/// random gender digit that is odd for 'M' and even for 'F', and the GB 11643 check character.
/// An empty string when `regionCode` is not 6 digits or `birth` is invalid.
[[nodiscard]] QString randomIdNumber(QRandomGenerator &rng, const QString &regionCode, QDate birth, QChar gender);
/// A valid mobile number: 11 digits with a real 13x/15x/17x/18x/19x prefix.
[[nodiscard]] QString randomPhone(QRandomGenerator &rng);
/// A house address in a village: "白杜村3组27号".
[[nodiscard]] QString randomAddress(QRandomGenerator &rng, const QString &village);

/// The demo station and its district.
struct DemoStation
{
    QString code;       ///< FH-XW-012
    QString name;       ///< 西坞街道白杜村妇女之家
    QString town;       ///< 西坞街道
    QString regionCode; ///< 330213 (宁波市奉化区), for ID numbers
    QStringList villages;
};
[[nodiscard]] DemoStation demoStation();

struct DemoTraining
{
    QString title;
    QString category; ///< a training_session category (schema wire name)
};
/// Training titles, several for each category but `other`.
[[nodiscard]] QList<DemoTraining> demoTrainings();
/// Trainers: a made-up name and where she or he works, "陈静（区妇幼保健院）".
[[nodiscard]] QStringList demoTrainers();
/// Where station trainings happen: 村文化礼堂, 妇女之家活动室, …
[[nodiscard]] QStringList demoLocations();

struct DemoFacility
{
    QString code; ///< F-FH-01
    QString name;
    QString town;
    QString type; ///< hospital or health_centre
};
/// Screening sites of the demo district, the 区妇幼保健院 (F-FH-01) first.
[[nodiscard]] QList<DemoFacility> demoFacilities();

/// Short, non-identifying family-visit notes for a visit purpose (a family_visit purposes member);
/// general notes for an unknown or empty purpose. Never empty.
[[nodiscard]] QStringList demoVisitNotes(QStringView purpose = {});

} // namespace lanxin
