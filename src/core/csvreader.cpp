#include "csvreader.h"

#include "result.h"

#include <QStringDecoder>

namespace lanxin {
namespace {

struct Decoded
{
    QString text;
    QString encoding;
    QString errorZh; ///< empty when the bytes decoded
    QString errorEn;
};

Decoded decode(const QByteArray &bytes)
{
    static const QByteArray utf8Bom("\xEF\xBB\xBF");
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF")) {
        return {{}, QStringLiteral("UTF-16"),
                QStringLiteral("文件是 UTF-16 编码（Excel 的“Unicode 文本”），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"),
                QStringLiteral("The file is UTF-16 encoded (Excel's \"Unicode Text\"); in Excel, save it as "
                               "\"CSV UTF-8 (Comma delimited)\"")};
    }
    if (bytes.startsWith(utf8Bom)) {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = utf8.decode(QByteArrayView(bytes).sliced(utf8Bom.size()));
        if (utf8.hasError())
            return {{}, QStringLiteral("UTF-8 BOM"), QStringLiteral("文件以 UTF-8 标记开头，却含有不是 UTF-8 的字节"),
                    QStringLiteral("The file starts with the UTF-8 mark (BOM) but contains bytes that are not UTF-8")};
        return {text, QStringLiteral("UTF-8 BOM"), {}, {}};
    }
    {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = utf8.decode(bytes);
        if (!utf8.hasError())
            return {text, QStringLiteral("UTF-8"), {}, {}};
    }
    // Qt 6.4 reaches GB18030 through ICU; a Qt built without ICU has no such decoder.
    QStringDecoder gb("GB18030", QStringDecoder::Flag::Stateless);
    if (!gb.isValid())
        return {{}, QStringLiteral("GB18030"),
                QStringLiteral("文件不是 UTF-8 编码，而本程序无法读取 GB18030 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"),
                QStringLiteral("The file is not UTF-8 encoded and this program cannot read GB18030; in Excel, save it as "
                               "\"CSV UTF-8 (Comma delimited)\"")};
    QString text = gb.decode(bytes);
    if (gb.hasError())
        return {{}, QStringLiteral("GB18030"),
                QStringLiteral("文件编码无法识别（既不是 UTF-8 也不是 GB18030），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"),
                QStringLiteral("The file's encoding is not recognised (neither UTF-8 nor GB18030); in Excel, save it as "
                               "\"CSV UTF-8 (Comma delimited)\"")};
    return {text, QStringLiteral("GB18030"), {}, {}};
}

bool isLineBreak(QChar c)
{
    return c == u'\n' || c == u'\r';
}

/// The separator of the header (the first record with any content): a comma, else a tab, else a
/// semicolon, else a comma.
QChar detectSeparator(QStringView text)
{
    bool inQuotes = false;
    bool content = false;
    int commas = 0, tabs = 0, semicolons = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'"') {
            inQuotes = !inQuotes; // "" toggles twice: no effect, as wanted
            content = true;
        } else if (inQuotes) {
            continue;
        } else if (isLineBreak(c)) {
            if (content)
                break;
        } else if (c == u',') {
            ++commas;
        } else if (c == u'\t') {
            ++tabs;
        } else if (c == u';') {
            ++semicolons;
        } else if (!c.isSpace()) {
            content = true;
        }
    }
    if (commas > 0)
        return u',';
    if (tabs > 0)
        return u'\t';
    if (semicolons > 0)
        return u';';
    return u',';
}

void setError(CsvDocument &doc, const QString &zh, const QString &en)
{
    doc.errorZh = zh;
    doc.errorEn = en;
    doc.error = bilingual(zh, en);
}

} // namespace

CsvDocument readCsv(const QByteArray &bytes)
{
    CsvDocument doc;
    Decoded decoded = decode(bytes);
    doc.encoding = decoded.encoding;
    if (!decoded.errorZh.isEmpty()) {
        setError(doc, decoded.errorZh, decoded.errorEn);
        return doc;
    }
    const QString &text = decoded.text;
    const QChar sep = detectSeparator(text);

    int line = 1;       // the physical line of the current character
    int recordLine = 1; // where the current record started
    int quoteLine = 0;  // where the open quoted field started
    bool inQuotes = false;
    bool quoted = false; // the current field was quoted (a second quote in it is literal)
    QString cell;
    QStringList cells;

    auto endCell = [&] {
        cells << cell.trimmed();
        cell.clear();
        quoted = false;
    };
    auto endRecord = [&] {
        endCell();
        for (const QString &c : std::as_const(cells)) {
            if (!c.isEmpty()) {
                doc.rows << CsvRow{recordLine, cells};
                break;
            }
        }
        cells.clear();
    };

    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < n && text[i + 1] == u'"') {
                    cell += u'"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else if (isLineBreak(c)) {
                if (c == u'\r' && i + 1 < n && text[i + 1] == u'\n')
                    ++i;
                cell += u'\n';
                ++line;
            } else {
                cell += c;
            }
        } else if (c == sep) {
            endCell();
        } else if (c == u'"' && !quoted && cell.trimmed().isEmpty()) {
            inQuotes = true;
            quoted = true;
            quoteLine = line;
            cell.clear();
        } else if (isLineBreak(c)) {
            if (c == u'\r' && i + 1 < n && text[i + 1] == u'\n')
                ++i;
            endRecord();
            ++line;
            recordLine = line;
        } else {
            cell += c;
        }
    }
    if (inQuotes) {
        setError(doc, QStringLiteral("第 %1 行开始的引号没有闭合").arg(quoteLine),
                 QStringLiteral("The quote opened on line %1 is not closed").arg(quoteLine));
        doc.errorLine = quoteLine;
        return doc;
    }
    if (!cell.isEmpty() || !cells.isEmpty() || quoted)
        endRecord();
    return doc;
}

} // namespace lanxin
