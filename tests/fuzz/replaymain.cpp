// The main() of a fuzz target in builds without libFuzzer: runs LLVMFuzzerTestOneInput once on every file
// given (directories: every file in them, sorted), so the committed corpus and the crash regressions are
// replayed by ctest in the normal (GCC) build too. Exits non-zero when no input was found (a replay of
// nothing cannot fail, so it must not pass).
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

int replay(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return -1;
    }
    const QByteArray bytes = f.readAll();
    // A copy in its own allocation, exactly `size` bytes long, as libFuzzer passes it.
    auto *copy = new uint8_t[static_cast<size_t>(bytes.size()) + 1];
    std::copy(bytes.cbegin(), bytes.cend(), copy);
    LLVMFuzzerTestOneInput(copy, static_cast<size_t>(bytes.size()));
    delete[] copy;
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    int ran = 0;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        const QFileInfo info(arg);
        if (info.isDir()) {
            const QStringList files = QDir(arg).entryList(QDir::Files, QDir::Name);
            for (const QString &name : files) {
                const int r = replay(QDir(arg).filePath(name));
                if (r < 0)
                    return 2;
                ran += r;
            }
        } else if (info.exists()) {
            if (replay(arg) < 0)
                return 2;
            ++ran;
        }
    }
    std::printf("replayed %d inputs\n", ran);
    return ran > 0 ? 0 : 1;
}
