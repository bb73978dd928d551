// The kiosk's pinyin engine: spelling to candidates, phrases, names character by character,
// paging, backspace, reset, one engine per process, and that it learns nothing (SECURITY.md 18).
#include "input/pinyinengine.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <googlepinyin/pinyinime.h>

using namespace lanxin;

namespace {

QString zh(const char16_t *s)
{
    return QString::fromUtf16(s);
}

void type(PinyinEngine &e, const char *letters)
{
    for (const char *p = letters; *p; ++p)
        QVERIFY2(e.appendLetter(QLatin1Char(*p)), letters);
}

/// Index of `text` among the first `limit` candidates, or -1.
int indexOf(const PinyinEngine &e, const QString &text, int limit = 200)
{
    return int(e.candidates(0, limit).indexOf(text));
}

QStringList allCandidates(PinyinEngine &e, const char *letters)
{
    e.reset();
    for (const char *p = letters; *p; ++p)
        e.appendLetter(QLatin1Char(*p));
    QStringList out = e.candidates(0, e.candidateCount());
    e.reset();
    return out;
}

/// Picks `text` from the candidates; returns what the engine commits (empty while still composing).
QString pick(PinyinEngine &e, const QString &text)
{
    const int i = indexOf(e, text);
    if (i < 0)
        qWarning("candidate not offered");
    return i < 0 ? QStringLiteral("<missing>") : e.choose(i);
}

} // namespace

class TestPinyinEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Anything the engine wrote relative to the working directory would land here.
        QVERIFY(m_cwd.isValid());
        m_oldCwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_cwd.path()));
        QVERIFY2(m_engine.open(), "dict_pinyin.dat (libgooglepinyin0) must be installed");
        // The candidates of a fresh start, before anyone has chosen anything.
        m_freshName = allCandidates(m_engine, "zhangxiuying");
        m_freshYing = allCandidates(m_engine, "ying");
        QVERIFY(m_freshName.size() > 20);
        QVERIFY(m_freshYing.size() > 20);
    }

    void cleanupTestCase()
    {
        QDir::setCurrent(m_oldCwd);
    }

    void init()
    {
        m_engine.reset();
    }

    void spellingGivesCandidates()
    {
        QVERIFY(!m_engine.isComposing());
        QCOMPARE(m_engine.candidateCount(), 0);
        type(m_engine, "zhang");
        QVERIFY(m_engine.isComposing());
        QCOMPARE(m_engine.spelling(), QStringLiteral("zhang"));
        QCOMPARE(m_engine.preedit(), QStringLiteral("zhang"));
        QVERIFY(m_engine.candidateCount() > 20);
        QCOMPARE(m_engine.candidate(0), zh(u"张"));
        const QStringList page = m_engine.candidates(0, 8);
        for (const char16_t *c : {u"张", u"长", u"章", u"掌"})
            QVERIFY2(page.contains(zh(c)), qPrintable(page.join(u' ')));
        // Upper case is lowered; digits and a leading apostrophe are refused.
        m_engine.reset();
        QVERIFY(m_engine.appendLetter(u'X'));
        QCOMPARE(m_engine.spelling(), QStringLiteral("x"));
        QVERIFY(!m_engine.appendLetter(u'7'));
        m_engine.reset();
        QVERIFY(!m_engine.appendLetter(u'\''));
    }

    void phrases_data()
    {
        QTest::addColumn<QString>("spelling");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("funvzhijia") << QStringLiteral("funvzhijia") << zh(u"妇女之家");
        QTest::newRow("peixun") << QStringLiteral("peixun") << zh(u"培训");
        QTest::newRow("xi'an") << QStringLiteral("xi'an") << zh(u"西安");
    }

    void phrases()
    {
        QFETCH(QString, spelling);
        QFETCH(QString, phrase);
        type(m_engine, spelling.toLatin1().constData());
        QCOMPARE(m_engine.candidate(0), phrase);
        // The whole phrase in one tap.
        QCOMPARE(m_engine.choose(0), phrase);
        QVERIFY(!m_engine.isComposing());
        QCOMPARE(m_engine.candidateCount(), 0);
    }

    void nameCharacterByCharacterFromOneSpelling()
    {
        type(m_engine, "zhangxiuying");
        QCOMPARE(m_engine.preedit(), QStringLiteral("zhang'xiu'ying"));
        // The engine reads it as 张修应: a name is not a phrase, she picks each character.
        QVERIFY(m_engine.candidate(0) != zh(u"张秀英"));
        QCOMPARE(pick(m_engine, zh(u"张")), QString());
        QCOMPARE(m_engine.chosenText(), zh(u"张"));
        QCOMPARE(m_engine.pendingSpelling(), QStringLiteral("xiuying"));
        QCOMPARE(m_engine.preedit(), zh(u"张") + QStringLiteral("xiu'ying"));
        QVERIFY(indexOf(m_engine, zh(u"秀"), 10) >= 0);
        QCOMPARE(pick(m_engine, zh(u"秀")), QString());
        QCOMPARE(m_engine.chosenText(), zh(u"张秀"));
        QCOMPARE(m_engine.pendingSpelling(), QStringLiteral("ying"));
        QCOMPARE(pick(m_engine, zh(u"英")), zh(u"张秀英"));
        QVERIFY(!m_engine.isComposing());
        QCOMPARE(m_engine.preedit(), QString());
    }

    void nameSyllableBySyllable()
    {
        QString committed;
        for (const auto &[letters, hanzi] : {std::pair{"zhang", u"张"}, std::pair{"xiu", u"秀"}, std::pair{"ying", u"英"}}) {
            type(m_engine, letters);
            committed += pick(m_engine, zh(hanzi));
            QVERIFY(!m_engine.isComposing());
        }
        QCOMPARE(committed, zh(u"张秀英"));
    }

    void paging()
    {
        type(m_engine, "ying");
        const int total = m_engine.candidateCount();
        QVERIFY(total > 24);
        const QStringList first = m_engine.candidates(0, 8);
        const QStringList second = m_engine.candidates(8, 8);
        QCOMPARE(first.size(), 8);
        QCOMPARE(second.size(), 8);
        QCOMPARE(first + second, m_engine.candidates(0, 16));
        for (const QString &c : second)
            QVERIFY(!first.contains(c));
        // The last page is short, past the end is empty, and every candidate is reachable.
        QCOMPARE(m_engine.candidates(total - 3, 8).size(), 3);
        QVERIFY(m_engine.candidates(total, 8).isEmpty());
        QStringList paged;
        for (int p = 0; p * 8 < total; ++p)
            paged += m_engine.candidates(p * 8, 8);
        QCOMPARE(paged, m_engine.candidates(0, total));
        // Choosing on a later page works like on the first.
        const QString onPage3 = m_engine.candidate(17);
        QCOMPARE(m_engine.choose(17), onPage3);
    }

    void backspace()
    {
        QVERIFY(!m_engine.backspace()); // nothing composing: the field's own character goes
        type(m_engine, "zhangx");
        QVERIFY(m_engine.backspace());
        QCOMPARE(m_engine.spelling(), QStringLiteral("zhang"));
        QCOMPARE(m_engine.candidate(0), zh(u"张"));

        // A choice covering part of the spelling survives deleting letters after it...
        type(m_engine, "xiu");
        QCOMPARE(pick(m_engine, zh(u"张")), QString());
        QVERIFY(m_engine.backspace());
        QCOMPARE(m_engine.chosenText(), zh(u"张"));
        QCOMPARE(m_engine.pendingSpelling(), QStringLiteral("xi"));
        QVERIFY(m_engine.backspace());
        QVERIFY(m_engine.backspace());
        QCOMPARE(m_engine.chosenText(), zh(u"张"));
        QCOMPARE(m_engine.pendingSpelling(), QString());
        // ...and the next backspace takes the choice back.
        QVERIFY(m_engine.backspace());
        QCOMPARE(m_engine.chosenText(), QString());
        QCOMPARE(m_engine.spelling(), QStringLiteral("zhang"));
        for (int i = 0; i < 5; ++i)
            QVERIFY(m_engine.backspace());
        QVERIFY(!m_engine.isComposing());
        QVERIFY(!m_engine.backspace());
    }

    void lettersWithoutReading()
    {
        type(m_engine, "v");
        QCOMPARE(m_engine.candidateCount(), 1);
        QCOMPARE(m_engine.candidate(0), QStringLiteral("v"));
        QCOMPARE(m_engine.choose(0), QStringLiteral("v"));
        QVERIFY(!m_engine.isComposing());
    }

    void reset()
    {
        type(m_engine, "zhangxiu");
        QCOMPARE(pick(m_engine, zh(u"张")), QString());
        m_engine.reset();
        QVERIFY(!m_engine.isComposing());
        QCOMPARE(m_engine.spelling(), QString());
        QCOMPARE(m_engine.preedit(), QString());
        QCOMPARE(m_engine.chosenText(), QString());
        QCOMPARE(m_engine.candidateCount(), 0);
        QVERIFY(m_engine.candidates(0, 8).isEmpty());
        // A new composition starts clean: nothing of the last one is kept.
        QCOMPARE(allCandidates(m_engine, "ying"), m_freshYing);
    }

    void oneEnginePerProcess()
    {
        PinyinEngine second;
        const auto r = second.open();
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("engine_busy"));
        QVERIFY(!second.appendLetter(u'a'));
        // The first still works.
        type(m_engine, "peixun");
        QCOMPARE(m_engine.candidate(0), zh(u"培训"));
    }

    void missingDictionary()
    {
        PinyinEngine other;
        const auto r = other.open(QStringLiteral("/nonexistent/dict_pinyin.dat"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("no_dictionary"));
    }

    /// SECURITY.md 18: sign 张秀英 up (several times, picking characters that are not first), then
    /// the next resident typing zhangxiuying must see exactly what a fresh start shows.
    void learnsNothing()
    {
        for (int round = 0; round < 3; ++round) {
            type(m_engine, "zhangxiuying");
            QCOMPARE(pick(m_engine, zh(u"张")), QString());
            QCOMPARE(pick(m_engine, zh(u"秀")), QString());
            QCOMPARE(pick(m_engine, zh(u"英")), zh(u"张秀英"));
            type(m_engine, "ying");
            QCOMPARE(pick(m_engine, zh(u"英")), zh(u"英"));
        }
        QCOMPARE(allCandidates(m_engine, "zhangxiuying"), m_freshName);
        QCOMPARE(allCandidates(m_engine, "ying"), m_freshYing);
        QVERIFY(!m_freshName.startsWith(zh(u"张秀英")));

        // Closing and opening again (a restart) gives the same, and nothing was written to disk.
        m_engine.close();
        QVERIFY(m_engine.open());
        QCOMPARE(allCandidates(m_engine, "zhangxiuying"), m_freshName);
        QVERIFY2(QDir(m_cwd.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty(),
                 "the engine wrote a file");
    }

    /// The check above can fail: the same decoder with a user dictionary learns 张秀英 and offers
    /// it first to the next person.
    void controlLearningWouldBeSeen()
    {
        m_engine.close();
        QTemporaryDir dir;
        const QByteArray userDict = QFile::encodeName(dir.filePath(QStringLiteral("user.dat")));
        QVERIFY(ime_pinyin::im_open_decoder(QFile::encodeName(PinyinEngine::defaultDictionaryPath()).constData(),
                                            userDict.constData()));
        auto candidates = [](const char *spelling) {
            ime_pinyin::im_reset_search();
            const size_t n = ime_pinyin::im_search(spelling, strlen(spelling));
            QStringList out;
            ime_pinyin::char16 buf[65];
            for (size_t i = 0; i < n; ++i) {
                if (ime_pinyin::im_get_candidate(i, buf, 64))
                    out << QString::fromUtf16(reinterpret_cast<const char16_t *>(buf));
            }
            return out;
        };
        QCOMPARE(candidates("zhangxiuying"), m_freshName);
        ime_pinyin::im_reset_search();
        ime_pinyin::im_search("zhangxiuying", 12);
        for (const char16_t *c : {u"张", u"秀", u"英"}) {
            ime_pinyin::char16 buf[65];
            size_t chosen = 0;
            for (size_t i = 0; i < 100; ++i) {
                if (ime_pinyin::im_get_candidate(i, buf, 64)
                    && QString::fromUtf16(reinterpret_cast<const char16_t *>(buf)) == zh(c)) {
                    chosen = i;
                    break;
                }
            }
            QVERIFY(chosen > 0);
            ime_pinyin::im_choose(chosen);
        }
        const QStringList after = candidates("zhangxiuying");
        ime_pinyin::im_close_decoder();
        QVERIFY(after != m_freshName);
        QCOMPARE(after.first(), zh(u"张秀英"));
        QVERIFY(m_engine.open()); // the global decoder is free again
    }

private:
    QTemporaryDir m_cwd;
    QString m_oldCwd;
    PinyinEngine m_engine;
    QStringList m_freshName;
    QStringList m_freshYing;
};

QTEST_GUILESS_MAIN(TestPinyinEngine)
#include "tst_pinyinengine.moc"
