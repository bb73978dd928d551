#include "roster.h"

#include "idnumber.h"
#include "result.h"
#include "schema.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>

namespace lanxin {
namespace {

enum Column { Name, Gender, BirthDate, IdNumber, Phone, Village, Address, Tags, ColumnCount };

struct HeaderName
{
    const char16_t *text;
    Column column;
};

// Header cells are compared after removing spaces and '*' and turning full-width parentheses
// into ASCII ones.
constexpr std::array kHeaderNames{
    HeaderName{u"姓名", Name},
    HeaderName{u"性别", Gender},
    HeaderName{u"出生日期", BirthDate},
    HeaderName{u"身份证号", IdNumber},
    HeaderName{u"身份证号码", IdNumber},
    HeaderName{u"公民身份号码", IdNumber},
    HeaderName{u"手机号", Phone},
    HeaderName{u"手机号码", Phone},
    HeaderName{u"手机", Phone},
    HeaderName{u"村(社区)", Village},
    HeaderName{u"村/社区", Village},
    HeaderName{u"村社区", Village},
    HeaderName{u"村", Village},
    HeaderName{u"社区", Village},
    HeaderName{u"地址", Address},
    HeaderName{u"住址", Address},
    HeaderName{u"家庭住址", Address},
    HeaderName{u"标签", Tags},
};

constexpr std::array<const char16_t *, ColumnCount> kColumnTitles{
    u"姓名", u"性别", u"出生日期", u"身份证号", u"手机号", u"村(社区)", u"地址", u"标签"};

struct TagLabel
{
    const char16_t *label;
    const char *member;
};

constexpr std::array kTagLabels{
    TagLabel{u"留守", "left_behind"},
    TagLabel{u"留守妇女", "left_behind"},
    TagLabel{u"独居", "elderly_alone"},
    TagLabel{u"独居老年", "elderly_alone"},
    TagLabel{u"独居老人", "elderly_alone"},
    TagLabel{u"独居老年人", "elderly_alone"},
    TagLabel{u"残疾", "disabled"},
    TagLabel{u"残疾人", "disabled"},
    TagLabel{u"困难", "hardship"},
    TagLabel{u"困难家庭", "hardship"},
    TagLabel{u"困难户", "hardship"},
    TagLabel{u"单亲", "single_parent"},
    TagLabel{u"单亲家庭", "single_parent"},
    TagLabel{u"单亲母亲", "single_parent"},
    TagLabel{u"流动", "migrant"},
    TagLabel{u"流动人口", "migrant"},
    TagLabel{u"流动妇女", "migrant"},
};

/// Full-width ASCII (Ａ-ｚ, ０-９, punctuation) and the ideographic space to their ASCII forms,
/// as a Chinese input method in full-width mode types them.
QString toHalfWidth(QStringView s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (u >= 0xFF01 && u <= 0xFF5E)
            out += QChar(char16_t(u - 0xFEE0));
        else if (u == 0x3000)
            out += u' ';
        else
            out += c;
    }
    return out;
}

QString normalizeHeader(const QString &cell)
{
    QString h = toHalfWidth(cell);
    static const QRegularExpression noise(QStringLiteral("[\\s*]"));
    h.remove(noise);
    return h;
}

std::optional<Column> headerColumn(const QString &cell)
{
    const QString h = normalizeHeader(cell);
    for (const auto &n : kHeaderNames) {
        if (h == QStringView(n.text))
            return n.column;
    }
    return std::nullopt;
}

bool isScientific(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[0-9](\\.[0-9]+)?[eE]\\+?[0-9]+$"));
    return re.match(s).hasMatch();
}

/// What people and Excel wrap around a number to keep it text: a leading apostrophe or ="…".
QString unwrapExcelText(const QString &s)
{
    if (s.startsWith(u'\''))
        return s.mid(1).trimmed();
    if (s.size() >= 3 && s.startsWith(QStringLiteral("=\"")) && s.endsWith(u'"'))
        return s.mid(2, s.size() - 3).trimmed();
    return s;
}

std::optional<QString> parseGender(const QString &raw)
{
    const QString g = toHalfWidth(raw).trimmed().toLower();
    if (g == QStringLiteral("女") || g == QStringLiteral("女性") || g == QStringLiteral("f")
        || g == QStringLiteral("female"))
        return QStringLiteral("F");
    if (g == QStringLiteral("男") || g == QStringLiteral("男性") || g == QStringLiteral("m")
        || g == QStringLiteral("male"))
        return QStringLiteral("M");
    return std::nullopt;
}

} // namespace

RosterMessage rosterTagsHint()
{
    return {QStringLiteral("可用：留守、独居老年、残疾、困难家庭、单亲、流动"),
            QStringLiteral("available: 留守, 独居老年, 残疾, 困难家庭, 单亲, 流动")};
}

namespace {

class RowParser
{
public:
    RowParser(const std::array<qsizetype, ColumnCount> &columns, const CsvRow &row)
        : m_columns(columns), m_row(row)
    {
    }

    RosterRow parse()
    {
        m_out.line = m_row.line;
        parseName();
        readIdNumber();
        parseGenderCell();
        parseBirthDate();
        parsePhone();
        if (const QString v = cell(Village); !v.isEmpty())
            m_out.values.insert(QStringLiteral("village"), v.simplified());
        if (const QString a = cell(Address); !a.isEmpty())
            m_out.values.insert(QStringLiteral("address"), a.simplified());
        parseTags();
        fillFromIdNumber();
        if (!m_errorsZh.isEmpty())
            m_out.error = bilingual(m_errorsZh.join(QStringLiteral("；")), m_errorsEn.join(QStringLiteral("; ")));
        return m_out;
    }

private:
    /// One reason of the row. A Chinese reason never holds "；" and an English one never "; ", so the
    /// joined halves of RosterRow::error still split back into the reasons.
    void fail(const QString &zh, const QString &en)
    {
        m_errorsZh << zh;
        m_errorsEn << en;
    }

    QString cell(Column c) const
    {
        const qsizetype i = m_columns[c];
        if (i < 0 || i >= m_row.cells.size())
            return {};
        return m_row.cells[i];
    }

    void parseName()
    {
        const QString name = cell(Name).simplified();
        if (name.isEmpty())
            fail(QStringLiteral("姓名为空"), QStringLiteral("the name is empty"));
        else
            m_out.values.insert(QStringLiteral("name"), name);
    }

    void readIdNumber()
    {
        const QString raw = unwrapExcelText(toHalfWidth(cell(IdNumber)).trimmed());
        if (raw.isEmpty())
            return;
        if (isScientific(raw.simplified().remove(u' '))) {
            fail(QStringLiteral("身份证号被 Excel 转成了科学计数法，请把该列设为文本"),
                 QStringLiteral("Excel turned the ID number into scientific notation, so format the 身份证号 column as text"));
            return;
        }
        m_out.values.insert(QStringLiteral("id_number"), normalizeIdNumber(raw));
    }

    void parseGenderCell()
    {
        const QString raw = cell(Gender);
        if (raw.isEmpty())
            return;
        if (const auto g = parseGender(raw))
            m_out.values.insert(QStringLiteral("gender"), *g);
        else
            fail(QStringLiteral("性别无法识别（应为 女 或 男）"),
                 QStringLiteral("the gender cannot be read (it should be 女 or 男)"));
    }

    void parseBirthDate()
    {
        const QString raw = toHalfWidth(cell(BirthDate)).trimmed();
        if (raw.isEmpty())
            return;
        const QDate d = parseRosterDate(raw);
        if (d.isValid()) {
            m_out.values.insert(QStringLiteral("birth_date"), d);
            return;
        }
        static const QRegularExpression serial(QStringLiteral("^[0-9]{4,5}(\\.0+)?$"));
        const RosterMessage &m = rosterDateMessages().at(serial.match(raw).hasMatch() ? 0 : 1);
        fail(m.zh, m.en);
    }

    void parsePhone()
    {
        QString p = unwrapExcelText(toHalfWidth(cell(Phone)).trimmed());
        if (p.isEmpty())
            return;
        static const QRegularExpression separators(QStringLiteral("[\\s\\-]"));
        p.remove(separators);
        if (isScientific(p)) {
            fail(QStringLiteral("手机号被 Excel 转成了科学计数法，请把该列设为文本"),
                 QStringLiteral("Excel turned the phone number into scientific notation, so format the 手机号 column as text"));
            return;
        }
        if (p.startsWith(QStringLiteral("+86")))
            p = p.mid(3);
        else if (p.startsWith(QStringLiteral("0086")))
            p = p.mid(4);
        else if (p.size() == 13 && p.startsWith(QStringLiteral("86")))
            p = p.mid(2);
        for (QChar c : std::as_const(p)) {
            if (c < u'0' || c > u'9') {
                fail(QStringLiteral("手机号含有数字以外的字符"),
                     QStringLiteral("the phone number contains characters other than digits"));
                return;
            }
        }
        if (!p.isEmpty())
            m_out.values.insert(QStringLiteral("phone"), p);
    }

    void parseTags()
    {
        const QString raw = cell(Tags);
        if (raw.isEmpty())
            return;
        static const QRegularExpression sep(QStringLiteral("[、，,;；/\\s]+"));
        QStringList members;
        QStringList unknown;
        bool unquoted = false;
        for (const QString &label : raw.split(sep, Qt::SkipEmptyParts)) {
            if (const auto m = tagFromLabel(label)) {
                if (!members.contains(*m))
                    members << *m;
            } else if (unknown.size() < 3 && label.size() <= 8
                       && std::none_of(label.cbegin(), label.cend(), [](QChar c) { return c.isDigit(); })) {
                unknown << label;
            } else {
                // A long or numeric "tag" is more likely a shifted column or a quoting accident, and
                // may be an ID or phone number: never quote it (SECURITY.md 20). Found by fuzz_csv.
                unquoted = true;
            }
        }
        if (!unknown.isEmpty() || unquoted) {
            const RosterMessage hint = rosterTagsHint();
            if (unknown.isEmpty()) {
                fail(QStringLiteral("标签列的内容无法识别（%1）").arg(hint.zh),
                     QStringLiteral("the content of the 标签 column is not recognised (%1)").arg(hint.en));
                return;
            }
            QStringList zh, en;
            for (const QString &label : std::as_const(unknown)) {
                zh << QStringLiteral("“%1”").arg(label);
                en << QStringLiteral("\"%1\"").arg(label);
            }
            const bool one = unknown.size() == 1 && !unquoted;
            fail(QStringLiteral("标签%1%2无法识别（%3）")
                     .arg(zh.join(u'、'), unquoted ? QStringLiteral("等") : QString(), hint.zh),
                 QStringLiteral("%1 %2%3 %4 not recognised (%5)")
                     .arg(one ? QStringLiteral("the tag") : QStringLiteral("the tags"), en.join(QStringLiteral(", ")),
                          unquoted ? QStringLiteral(" and others") : QString(), one ? QStringLiteral("is") : QStringLiteral("are"),
                          hint.en));
            return;
        }
        // Schema order, so equal sets compare equal.
        QStringList ordered;
        for (const char *v : fieldSpec(Kind::Resident, u"tags")->values) {
            if (members.contains(QLatin1String(v)))
                ordered << QLatin1String(v);
        }
        if (!ordered.isEmpty())
            m_out.values.insert(QStringLiteral("tags"), ordered);
    }

    void fillFromIdNumber()
    {
        const auto id = m_out.values.value(QStringLiteral("id_number")).toString();
        if (id.isEmpty())
            return;
        const auto info = parseIdNumber(id);
        if (!info)
            return; // the validators will say what is wrong with it
        if (!m_out.values.contains(QStringLiteral("birth_date")) && cell(BirthDate).isEmpty())
            m_out.values.insert(QStringLiteral("birth_date"), info->birthDate);
        if (!m_out.values.contains(QStringLiteral("gender")) && cell(Gender).isEmpty())
            m_out.values.insert(QStringLiteral("gender"), QString(info->gender));
    }

    const std::array<qsizetype, ColumnCount> &m_columns;
    const CsvRow &m_row;
    RosterRow m_out;
    QStringList m_errorsZh; ///< the row's reasons in Chinese
    QStringList m_errorsEn; ///< the same reasons in English, in the same order
};

} // namespace

const QList<RosterMessage> &rosterDateMessages()
{
    static const QList<RosterMessage> messages{
        {QStringLiteral("出生日期是 Excel 的日期序号，请把该列设为日期格式（如 1985-03-12）"),
         QStringLiteral("the birth date is an Excel date serial number, so format the 出生日期 column as a date "
                        "(e.g. 1985-03-12)")},
        {QStringLiteral("出生日期无法识别（可写作 1985-03-12、1985/3/12、19850312 或 1985年3月12日）"),
         QStringLiteral("the birth date cannot be read (write it as 1985-03-12, 1985/3/12, 19850312 or 1985年3月12日)")},
    };
    return messages;
}

QDate parseRosterDate(QStringView text)
{
    const QString s = toHalfWidth(text).trimmed();
    static const QRegularExpression separated(QStringLiteral(
        "^([0-9]{4})([-/.])([0-9]{1,2})\\2([0-9]{1,2})(?:\\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$"));
    static const QRegularExpression compact(QStringLiteral("^([0-9]{4})([0-9]{2})([0-9]{2})$"));
    static const QRegularExpression chinese(
        QStringLiteral("^([0-9]{4})\\s*年\\s*([0-9]{1,2})\\s*月\\s*([0-9]{1,2})\\s*日?$"));
    int y = 0, m = 0, d = 0;
    if (const auto match = separated.match(s); match.hasMatch()) {
        y = match.captured(1).toInt();
        m = match.captured(3).toInt();
        d = match.captured(4).toInt();
    } else if (const auto match2 = compact.match(s); match2.hasMatch()) {
        y = match2.captured(1).toInt();
        m = match2.captured(2).toInt();
        d = match2.captured(3).toInt();
    } else if (const auto match3 = chinese.match(s); match3.hasMatch()) {
        y = match3.captured(1).toInt();
        m = match3.captured(2).toInt();
        d = match3.captured(3).toInt();
    } else {
        return {};
    }
    if (y < 1900)
        return {};
    return QDate(y, m, d); // invalid for 1985-02-30
}

std::optional<QString> tagFromLabel(QStringView label)
{
    const QString l = toHalfWidth(label).trimmed();
    for (const auto &t : kTagLabels) {
        if (l == QStringView(t.label))
            return QString::fromLatin1(t.member);
    }
    for (const char *v : fieldSpec(Kind::Resident, u"tags")->values) {
        if (l.compare(QLatin1String(v), Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(v);
    }
    return std::nullopt;
}

QList<RosterRow> parseRoster(const CsvDocument &doc, QString *fileError)
{
    auto fail = [&](const QString &reason) {
        if (fileError)
            *fileError = reason;
        return QList<RosterRow>();
    };
    if (fileError)
        fileError->clear();
    if (!doc.error.isEmpty())
        return fail(doc.error);
    if (doc.rows.isEmpty())
        return fail(bilingual(QStringLiteral("文件是空的"), QStringLiteral("The file is empty")));

    const CsvRow &header = doc.rows.first();
    std::array<qsizetype, ColumnCount> columns;
    columns.fill(-1);
    for (qsizetype i = 0; i < header.cells.size(); ++i) {
        const auto c = headerColumn(header.cells[i]);
        if (!c)
            continue; // unknown columns are ignored
        if (columns[*c] >= 0) {
            const QStringView title(kColumnTitles[*c]);
            return fail(bilingual(QStringLiteral("第 %1 行：表头中“%2”列出现了两次").arg(header.line).arg(title),
                                  QStringLiteral("Line %1: the header has the \"%2\" column twice").arg(header.line).arg(title)));
        }
        columns[*c] = i;
    }
    if (columns[Name] < 0) {
        return fail(bilingual(
            QStringLiteral("第 %1 行：表头缺少“姓名”列（表头应为 姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签）")
                .arg(header.line),
            QStringLiteral("Line %1: the header has no \"姓名\" column (the header should be "
                           "姓名,性别,出生日期,身份证号,手机号,村(社区),地址,标签)")
                .arg(header.line)));
    }

    QList<RosterRow> rows;
    rows.reserve(doc.rows.size() - 1);
    for (qsizetype r = 1; r < doc.rows.size(); ++r)
        rows << RowParser(columns, doc.rows[r]).parse();
    return rows;
}

} // namespace lanxin
