#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace lanxin {

/// Reads one HTTP/1.1 answer from the bytes of a connection as they arrive: the status line, the
/// header fields, then a body framed by Content-Length, chunked transfer coding, or the end of the
/// connection. Interim 1xx answers are skipped. Limits: 64 KiB of head, `maxBody` bytes of body; an
/// answer over a limit, or one that does not parse, is Bad with a reason (never a record value).
class HttpAnswerReader
{
public:
    enum class State { Head, Body, Done, Bad };

    explicit HttpAnswerReader(qsizetype maxBody)
        : m_maxBody(maxBody)
    {
    }

    /// Takes what it can use from the front of `in` (bytes after a complete answer are left there).
    State feed(QByteArray &in);
    /// The connection ended: a body that runs to the end of the connection is complete, anything else
    /// that was not Done is Bad.
    State endOfStream();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool startedAnswer() const { return m_sawBytes; }
    [[nodiscard]] int status() const { return m_status; }
    /// The value of the first header field of that name (case-insensitive), trimmed; empty when absent.
    [[nodiscard]] QByteArray header(const QByteArray &name) const;
    [[nodiscard]] const QByteArray &body() const { return m_body; }
    /// Whether the connection may carry the next request (HTTP/1.1 without `Connection: close`, and a
    /// body framed by length or chunks).
    [[nodiscard]] bool keepAlive() const { return m_keepAlive; }
    [[nodiscard]] const QString &error() const { return m_error; }

private:
    enum class Framing { Length, Chunked, UntilClose };
    enum class Chunk { Size, Data, DataEnd, Trailer };

    State bad(const QString &why);
    State readHead(QByteArray &in);
    State readChunked(QByteArray &in);

    qsizetype m_maxBody;
    State m_state = State::Head;
    bool m_sawBytes = false;
    int m_status = 0;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    Framing m_framing = Framing::Length;
    qint64 m_remaining = 0; ///< body bytes still to come (Length), or of the current chunk
    Chunk m_chunk = Chunk::Size;
    QByteArray m_body;
    bool m_keepAlive = true;
    QString m_error;
};

} // namespace lanxin
