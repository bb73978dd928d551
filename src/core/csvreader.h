#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace lanxin {

/// One record of a CSV file.
struct CsvRow
{
    int line = 0;      ///< the 1-based physical line where the record starts (the header is line 1)
    QStringList cells; ///< trimmed; quotes removed, "" unescaped, line breaks inside quotes kept as \n
};

/// A CSV file as Excel writes it in China.
struct CsvDocument
{
    QString encoding;  ///< "UTF-8", "UTF-8 BOM" or "GB18030"; "UTF-16" for a file it refuses
    QList<CsvRow> rows; ///< the header row first; entirely empty records are left out
    /// Empty when the whole file was read; otherwise the reason as one line, Chinese then English:
    /// bilingual(errorZh, errorEn) (core/result.h). Never quotes the file's content.
    QString error;
    QString errorZh;   ///< the reason in Chinese alone, for a caller that builds a sentence around it
    QString errorEn;   ///< the same reason in English alone
    int errorLine = 0; ///< the line the error refers to, 0 when none or not about a line
};

/// Reads a CSV file: UTF-8 with a BOM, UTF-8 without one (when the bytes are strictly valid UTF-8),
/// otherwise GB18030 (Excel's "CSV" on Chinese Windows). RFC 4180 quoting (quoted fields may hold
/// separators, line breaks and "" for a quote), CRLF or LF line ends. The separator is a comma,
/// or a tab or semicolon when the header row has none of the commas but has those.
/// On an unterminated quote, `error` names the line where the quoted field starts and `rows`
/// holds the records before it; on bytes that are neither UTF-8 nor GB18030, `rows` is empty.
[[nodiscard]] CsvDocument readCsv(const QByteArray &bytes);

} // namespace lanxin
