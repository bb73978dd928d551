// bench_push_parse: the district's parse of push bodies alone (protocol::parsePushRequest), counted in
// user-space instructions per record (perf_event_open) and CPU time, for load-independent A/B figures
// on a shared machine. The bodies are those bench_district_push makes from a seeded station with the
// station's own encoder and keeps in WORK/bodies-N (run it once first); each is gunzipped once, then
// parsed --repeat times by parsePushRequest and by each of its two readers (protocol/pushreader.h).
// Where perf events are not allowed (the counts read -1), count with callgrind instead, e.g. (one line)
//   valgrind --tool=callgrind --collect-atstart=no
//     '--toggle-collect=lanxin::protocol::detail::parsePushRequestSinglePass(*'
//     bench_push_parse --bodies F --repeat 3 --only single-pass
// and divide the collected Ir by records x repeat (the bodies are checked with the reference reader).
// Usage: bench_push_parse --bodies FILE [--repeat R] [--max-bodies N]
//                         [--only parsePushRequest|reference|single-pass]
#include "benchoptions.h"
#include "protocol/gzip.h"
#include "protocol/messages.h"
#include "protocol/pushreader.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QFile>

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>

using namespace lanxin;

namespace {

double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/// A counter of this thread's user-space instructions; -1 readings when perf events are not allowed.
class InstructionCounter
{
public:
    InstructionCounter()
    {
        perf_event_attr attr {};
        attr.type = PERF_TYPE_HARDWARE;
        attr.size = sizeof(attr);
        attr.config = PERF_COUNT_HW_INSTRUCTIONS;
        attr.disabled = 1;
        attr.exclude_kernel = 1;
        attr.exclude_hv = 1;
        m_fd = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
    }
    ~InstructionCounter()
    {
        if (m_fd >= 0)
            close(m_fd);
    }
    InstructionCounter(const InstructionCounter &) = delete;
    InstructionCounter &operator=(const InstructionCounter &) = delete;

    void start()
    {
        if (m_fd < 0)
            return;
        ioctl(m_fd, PERF_EVENT_IOC_RESET, 0);
        ioctl(m_fd, PERF_EVENT_IOC_ENABLE, 0);
    }
    [[nodiscard]] long long stop()
    {
        if (m_fd < 0)
            return -1;
        ioctl(m_fd, PERF_EVENT_IOC_DISABLE, 0);
        long long n = 0;
        if (read(m_fd, &n, sizeof(n)) != sizeof(n))
            return -1;
        return n;
    }

private:
    int m_fd = -1;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr const char *kUsage = "bench_push_parse --bodies WORK/bodies-N [--repeat R] [--max-bodies N] [--only READER]\n"
                                   "(bench_district_push --records N --work WORK makes the file)";
    CommandLine cl = bench::parseOptions({QStringLiteral("bodies"), QStringLiteral("repeat"), QStringLiteral("max-bodies"),
                                          QStringLiteral("only")});
    const QString bodiesPath = cl.value(QStringLiteral("bodies"));
    const int repeat = cl.intValue(QStringLiteral("repeat"), 20, 1, 1000000);
    const int maxBodies = cl.intValue(QStringLiteral("max-bodies"), 10, 1, 1000000);
    const QString only = cl.value(QStringLiteral("only"));
    if (cl.error.isEmpty() && !only.isEmpty() && only != QLatin1String("parsePushRequest")
        && only != QLatin1String("reference") && only != QLatin1String("single-pass"))
        cl.error = QStringLiteral("--only takes parsePushRequest, reference or single-pass, not \"%1\"").arg(only);
    if (!cl.error.isEmpty())
        return bench::usageError(cl.error, kUsage);
    QFile file(bodiesPath);
    if (!file.open(QIODevice::ReadOnly))
        return bench::usageError(QStringLiteral("cannot read --bodies \"%1\"").arg(bodiesPath), kUsage);
    QList<QByteArray> gzipped;
    QDataStream in(&file);
    in >> gzipped;
    QList<QByteArray> bodies;
    for (const QByteArray &g : std::as_const(gzipped)) {
        if (bodies.size() == maxBodies)
            break;
        auto json = protocol::gzipDecompress(g, protocol::kMaxInflatedBytes);
        if (!json)
            return 1;
        bodies << json.value();
    }
    qsizetype records = 0;
    qsizetype bytes = 0;
    for (const QByteArray &b : std::as_const(bodies)) {
        auto parsed = protocol::detail::parsePushRequestReference(b);
        if (!parsed) {
            std::fprintf(stderr, "parse: %s\n", qPrintable(parsed.error().message));
            return 1;
        }
        records += parsed->records.size();
        bytes += b.size();
    }
    std::printf("%lld bodies, %lld records, %.0f bytes of JSON per record, %d repeats\n",
        static_cast<long long>(bodies.size()), static_cast<long long>(records),
        double(bytes) / double(std::max<qsizetype>(1, records)), repeat);

    const auto measure = [&](const char *name, const std::function<bool(const QByteArray &)> &parse) {
        if (!only.isEmpty() && only != QLatin1String(name))
            return;
        InstructionCounter counter;
        const double c = cpuMs();
        counter.start();
        for (int r = 0; r < repeat; ++r) {
            for (const QByteArray &b : std::as_const(bodies)) {
                if (!parse(b))
                    std::fprintf(stderr, "%s: a body did not parse\n", name);
            }
        }
        const long long instructions = counter.stop();
        const double ms = cpuMs() - c;
        const double n = double(records) * repeat;
        std::printf("%-16s %10.0f instructions/record  %7.2f us CPU/record\n", name,
            instructions < 0 ? -1.0 : double(instructions) / n, ms * 1000 / n);
    };
    measure("parsePushRequest", [](const QByteArray &b) { return protocol::parsePushRequest(b).ok(); });
    measure(
        "reference", [](const QByteArray &b) { return protocol::detail::parsePushRequestReference(b).ok(); });
    measure("single-pass",
        [](const QByteArray &b) { return protocol::detail::parsePushRequestSinglePass(b).has_value(); });
    return 0;
}
