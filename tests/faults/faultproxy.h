#pragma once

// A fault-injecting HTTP proxy for the sync tests (issue 6): it sits on 127.0.0.1 between a station and
// lanxin-district and, request by request, passes the exchange on or breaks it the way rural networks
// and dying tablets do. Scripted by the test: which fault, on which request (by number or by path), or at
// random from a fixed seed. Runs in the test's thread: the sync engine's blocking calls spin a local
// event loop, which also serves the proxy's sockets and timers.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QString>

#include <functional>
#include <memory>

class QTcpSocket;
class QTimer;

Q_DECLARE_LOGGING_CATEGORY(lcFaultProxy)

namespace lanxin::test {

/// What happens to one request and its answer.
enum class FaultKind {
    None,                  ///< passed on as is
    CutDuringRequest,      ///< half the request reaches the district, then both connections are cut
    CutAfterRequest,       ///< the whole request reaches the district, then both connections are cut at once
    CutBeforeReply,        ///< the district answers (it has committed), the answer is dropped and the station cut
    CutAfterReplyHeaders,  ///< the answer's head and part of its body reach the station, then it is cut
    Delay,                 ///< the answer waits `delayMs` before it is passed on
    Trickle,               ///< request and answer go `trickleBytes` at a time, every `trickleMs`
    CorruptReply,          ///< one byte of the answer's body is changed (position and value from the seed)
    UnreadableReply,       ///< the answer arrives whole and well-formed (status, gzip) but its JSON is no answer
    Hold,                  ///< the answer is kept until releaseHeld() (for killing a side mid-exchange)
};

[[nodiscard]] QString faultName(FaultKind kind);

struct Fault
{
    FaultKind kind = FaultKind::None;
    int delayMs = 0;
    int trickleBytes = 64;
    int trickleMs = 2;
};

/// A request as the proxy saw its head.
struct ProxiedRequest
{
    int number = 0;     ///< 1-based, over all connections since start (or resetCounts())
    int connection = 0; ///< 1-based connection number
    QByteArray method;
    QByteArray path;    ///< without the query
    qint64 bodyBytes = 0;
};

/// One exchange, as logged: the request, the fault applied, and what came of it.
struct ProxiedExchange
{
    ProxiedRequest request;
    FaultKind fault = FaultKind::None;
    int status = 0;       ///< the district's status, 0 when no answer came
    bool delivered = false; ///< the answer reached the station whole
};

class FaultProxy : public QObject
{
    Q_OBJECT
public:
    /// Decides the fault for each request; the default passes everything on.
    using Script = std::function<Fault(const ProxiedRequest &)>;

    explicit FaultProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~FaultProxy() override;

    /// Before listen(): the station's side speaks TLS, with this certificate and key (PEM); the proxy
    /// still sees every request in clear and forwards it to the district in plain HTTP. A station that
    /// pins the certificate (or its CA) then meets every fault on a TLS connection, as in the field.
    [[nodiscard]] bool setTls(const QString &certificateFile, const QString &keyFile);
    /// Listens on 127.0.0.1 (port 0: a free one; the same port again after refuse()).
    [[nodiscard]] bool listen(quint16 port = 0);
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString url() const;
    void setUpstreamPort(quint16 port) { m_upstream = port; }

    /// While on, nothing listens on the port: connections are refused (ECONNREFUSED). Off listens again.
    [[nodiscard]] bool setRefusing(bool refusing);
    [[nodiscard]] bool refusing() const { return m_refusing; }

    void setScript(Script script) { m_script = std::move(script); }
    /// The fault `fault` on request number `number` (1-based), everything else passed on.
    void faultOnRequest(int number, Fault fault);
    /// The fault on the `nth` (1-based) request to `path` counted from now and on the `times` − 1 requests
    /// to it that follow, everything else passed on.
    void faultOnPath(const QByteArray &path, int nth, Fault fault, int times = 1);
    /// Each request gets a fault with probability `percent`, its kind drawn from `kinds`, from `seed`.
    void randomFaults(quint64 seed, int percent, const QList<FaultKind> &kinds);
    void passEverything();

    /// Sends the answers kept by Hold on (or, when their connection is gone, drops them).
    void releaseHeld();
    /// Cuts every open connection now (both sides).
    void cutAll();

    [[nodiscard]] const QList<ProxiedExchange> &exchanges() const { return m_log; }
    [[nodiscard]] int requestCount() const { return m_requests; }
    /// How many exchanges got each fault (for the report).
    [[nodiscard]] QHash<FaultKind, int> faultCounts() const;
    void resetCounts();

signals:
    /// A request's head arrived and its fault was chosen.
    void requestSeen(const lanxin::test::ProxiedRequest &request, lanxin::test::FaultKind fault);
    /// An answer is being kept (Hold).
    void replyHeld(const lanxin::test::ProxiedRequest &request);

private:
    struct Conn;
    /// Listens with `server` from now on (not yet listening), handing its connections to accept().
    void setServer(std::unique_ptr<QTcpServer> server);
    void accept(QTcpSocket *client);
    void onClientData(const std::shared_ptr<Conn> &c);
    void onUpstreamData(const std::shared_ptr<Conn> &c);
    void afterRequestSent(const std::shared_ptr<Conn> &c);
    void deliverReply(const std::shared_ptr<Conn> &c, QByteArray reply);
    /// Writes `data` to `socket` now, or `trickleBytes` at a time when the fault trickles.
    void send(const std::shared_ptr<Conn> &c, QTcpSocket *socket, const QByteArray &data, const Fault &fault,
              std::function<void()> then = {});
    void close(const std::shared_ptr<Conn> &c);
    [[nodiscard]] Fault decide(const ProxiedRequest &request);

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    quint16 m_port = 0;
    quint16 m_upstream = 0;
    bool m_refusing = false;
    Script m_script;
    QRandomGenerator m_rng{1};
    int m_requests = 0;
    int m_connections = 0;
    QList<ProxiedExchange> m_log;
    QList<std::shared_ptr<Conn>> m_open;
};

} // namespace lanxin::test
