#pragma once

#include "csvreader.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace lanxin {

/// One data row of a village roster (花名册), parsed into resident values.
struct RosterRow
{
    int line = 0; ///< the physical line of the row in the file (the header is line 1)
    /// Logical resident values, a key only for a cell that gave a value: name QString, gender "F"/"M",
    /// birth_date QDate, id_number QString (normalised), phone QString (digits), village QString,
    /// address QString, tags QStringList (set members in schema order). When 出生日期 or 性别 is
    /// empty and the ID number parses, they are taken from the ID number.
    QVariantMap values;
    /// Empty when the row parsed; otherwise its reasons as one line, all Chinese before all English:
    /// bilingual(the Chinese reasons joined by "；", the English ones joined by "; "), e.g.
    /// "姓名为空；出生日期无法识别（…） / the name is empty; the birth date cannot be read (…)".
    /// Never contains an ID number or phone number.
    QString error;
};

/// A roster reason in both languages; bilingual(zh, en) (core/result.h) is how it is printed.
struct RosterMessage
{
    QString zh;
    QString en;
};

/// The roster header: 姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签 in any order (村（社区）
/// with full-width parentheses too, and a few common variants such as 身份证号码, 手机号码, 住址);
/// unknown columns are ignored. Only parses: the importer runs the shared validators afterwards.
/// A whole-file problem (the CSV could not be read, it is empty, no 姓名 column, a column twice) sets
/// *fileError to its reason, one line "中文 / English" (CsvDocument::error for an unreadable file),
/// and returns nothing; a header without data rows gives no rows and no error.
[[nodiscard]] QList<RosterRow> parseRoster(const CsvDocument &doc, QString *fileError);

/// A date as Excel writes it: 1985-03-12, 1985/3/12, 1985.3.12, 19850312, 1985年3月12日
/// (a trailing time such as " 0:00" is ignored); an invalid QDate otherwise.
[[nodiscard]] QDate parseRosterDate(QStringView text);
/// The two reasons of a birth date that cannot be read (an Excel serial number; anything else), each
/// in Chinese and English. They quote fixed examples, never the cell.
[[nodiscard]] const QList<RosterMessage> &rosterDateMessages();
/// The hint after an unrecognised tag: the labels that can be used, in Chinese and English. Fixed text,
/// never the cell.
[[nodiscard]] RosterMessage rosterTagsHint();
/// The `tags` set member of a Chinese label (留守, 独居老年, 残疾, 困难家庭, 单亲, 流动 and close
/// variants) or of a member name; nullopt when unknown.
[[nodiscard]] std::optional<QString> tagFromLabel(QStringView label);

} // namespace lanxin
