#include "pinyininputmethod.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>

Q_DECLARE_LOGGING_CATEGORY(lcInput)

namespace lanxin {
namespace {
QPointer<PinyinInputMethod> s_instance;
}

PinyinInputMethod::PinyinInputMethod(QObject *parent)
    : QObject(parent)
{
    if (auto opened = m_engine.open(); !opened)
        qCWarning(lcInput).noquote() << opened.error().message;
}

PinyinInputMethod::~PinyinInputMethod() = default;

PinyinInputMethod *PinyinInputMethod::instance()
{
    if (!s_instance)
        s_instance = new PinyinInputMethod(QCoreApplication::instance());
    return s_instance;
}

PinyinInputMethod *PinyinInputMethod::create(QQmlEngine *, QJSEngine *)
{
    PinyinInputMethod *im = instance();
    QJSEngine::setObjectOwnership(im, QJSEngine::CppOwnership);
    return im;
}

void PinyinInputMethod::setPageSize(int size)
{
    size = std::clamp(size, 1, 50);
    if (size == m_pageSize)
        return;
    m_pageSize = size;
    update();
}

int PinyinInputMethod::pageCount() const
{
    const int n = m_engine.candidateCount();
    return n == 0 ? 0 : (n + m_pageSize - 1) / m_pageSize;
}

bool PinyinInputMethod::typeLetter(const QString &letter)
{
    if (letter.size() != 1 || !m_engine.appendLetter(letter.front()))
        return false;
    update();
    return true;
}

bool PinyinInputMethod::backspace()
{
    if (!m_engine.backspace())
        return false;
    update();
    return true;
}

QString PinyinInputMethod::select(int indexOnPage)
{
    if (indexOnPage < 0 || indexOnPage >= m_candidates.size())
        return {};
    const QString text = m_engine.choose(m_page * m_pageSize + indexOnPage);
    update();
    return text;
}

QString PinyinInputMethod::confirm()
{
    if (!m_engine.isComposing())
        return {};
    QString text = m_engine.choose(0);
    // choose(0) takes the whole reading; a composition of unreadable letters ends the same way.
    if (text.isEmpty())
        text = commitSpelling();
    update();
    return text;
}

QString PinyinInputMethod::commitSpelling()
{
    if (!m_engine.isComposing())
        return {};
    const QString text = m_engine.chosenText() + m_engine.pendingSpelling();
    m_engine.reset();
    update();
    return text;
}

void PinyinInputMethod::nextPage()
{
    if (m_page + 1 < pageCount())
        update(m_page + 1);
}

void PinyinInputMethod::previousPage()
{
    if (m_page > 0)
        update(m_page - 1);
}

void PinyinInputMethod::reset()
{
    m_engine.reset();
    update();
}

void PinyinInputMethod::update(int page)
{
    m_page = std::clamp(page, 0, std::max(0, pageCount() - 1));
    m_candidates = m_engine.candidates(m_page * m_pageSize, m_pageSize);
    emit changed();
}

} // namespace lanxin
