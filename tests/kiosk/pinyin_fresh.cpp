// Prints, one per line, every candidate a freshly started pinyin engine offers for argv[1]: what
// the kiosk's "learns nothing" test compares with after a sign-up.
#include "input/pinyinengine.h"

#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc != 2)
        return 2;
    lanxin::PinyinEngine engine;
    if (!engine.open())
        return 1;
    for (const char *p = argv[1]; *p; ++p)
        engine.appendLetter(QLatin1Char(*p));
    for (const QString &c : engine.candidates(0, engine.candidateCount()))
        std::printf("%s\n", c.toUtf8().constData());
    return 0;
}
