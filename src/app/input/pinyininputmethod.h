#pragma once

#include "input/pinyinengine.h"

#include <QObject>
#include <QQmlEngine>
#include <QStringList>

namespace lanxin {

/// The on-screen keyboard's input method for QML (singleton `PinyinInput`): letters in, a page of
/// candidates out, and the text to insert when a choice completes the composition (returned to the
/// keyboard that asked, so two keyboards on screen never both insert it). One per process,
/// since the pinyin engine is. It learns nothing (see PinyinEngine); reset() forgets the
/// composition and its candidates, which the kiosk does after every sign-up, cancel and idle.
class PinyinInputMethod : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PinyinInput)
    QML_SINGLETON
    Q_PROPERTY(bool available READ available CONSTANT)
    Q_PROPERTY(bool composing READ composing NOTIFY changed)
    Q_PROPERTY(QString preedit READ preedit NOTIFY changed)
    Q_PROPERTY(QString pendingSpelling READ pendingSpelling NOTIFY changed)
    Q_PROPERTY(QStringList candidates READ candidates NOTIFY changed)
    Q_PROPERTY(int candidateCount READ candidateCount NOTIFY changed)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY changed)
    Q_PROPERTY(int page READ page NOTIFY changed)
    Q_PROPERTY(int pageCount READ pageCount NOTIFY changed)

public:
    /// No default constructor on purpose: QML must use create(), so there is one instance.
    explicit PinyinInputMethod(QObject *parent);
    ~PinyinInputMethod() override;

    /// The process's instance (made on first use).
    static PinyinInputMethod *instance();
    static PinyinInputMethod *create(QQmlEngine *, QJSEngine *);

    [[nodiscard]] bool available() const { return m_engine.isOpen(); }
    [[nodiscard]] bool composing() const { return m_engine.isComposing(); }
    [[nodiscard]] QString preedit() const { return m_engine.preedit(); }
    [[nodiscard]] QString pendingSpelling() const { return m_engine.pendingSpelling(); }
    [[nodiscard]] QStringList candidates() const { return m_candidates; }
    [[nodiscard]] int candidateCount() const { return m_engine.candidateCount(); }
    [[nodiscard]] int pageSize() const { return m_pageSize; }
    void setPageSize(int size);
    [[nodiscard]] int page() const { return m_page; }
    [[nodiscard]] int pageCount() const;

    /// A key a–z or '; false when not taken (the keyboard then types it as it is).
    Q_INVOKABLE bool typeLetter(const QString &letter);
    /// True when the composition took the backspace; false means delete in the field.
    Q_INVOKABLE bool backspace();
    /// Chooses candidate `indexOnPage` of the current page; the text to insert when that completes
    /// the composition, else "" (the candidates then cover the rest of the spelling).
    Q_INVOKABLE QString select(int indexOnPage);
    /// Space or confirm while composing: the engine's best reading of everything typed ("" when
    /// nothing is being composed).
    Q_INVOKABLE QString confirm();
    /// The chosen characters and the letters not yet chosen, as typed ("" when not composing).
    Q_INVOKABLE QString commitSpelling();
    Q_INVOKABLE void nextPage();
    Q_INVOKABLE void previousPage();
    /// Forgets the composition and its candidates (nothing is committed).
    Q_INVOKABLE void reset();

signals:
    void changed();

private:
    void update(int page = 0);

    PinyinEngine m_engine;
    QStringList m_candidates;
    int m_pageSize = 8;
    int m_page = 0;
};

} // namespace lanxin
