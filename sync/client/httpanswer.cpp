#include "httpanswer.h"

namespace lanxin {
namespace {

constexpr qsizetype kMaxHead = 64 * 1024;
constexpr qsizetype kMaxChunkLine = 1024;

bool parseLength(const QByteArray &text, qint64 *out)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    *out = text.toLongLong();
    return true;
}

} // namespace

HttpAnswerReader::State HttpAnswerReader::bad(const QString &why)
{
    m_error = why;
    m_keepAlive = false;
    m_state = State::Bad;
    return m_state;
}

QByteArray HttpAnswerReader::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpAnswerReader::State HttpAnswerReader::feed(QByteArray &in)
{
    if (!in.isEmpty())
        m_sawBytes = true;
    while (m_state == State::Head || m_state == State::Body) {
        if (m_state == State::Head) {
            const qsizetype before = in.size();
            readHead(in);
            if (m_state == State::Head && in.size() == before)
                return m_state; // needs more bytes
            continue; // the body, or the answer after an interim one

        }
        switch (m_framing) {
        case Framing::Length: {
            const qsizetype take = static_cast<qsizetype>(std::min<qint64>(m_remaining, in.size()));
            m_body.append(in.constData(), take);
            in.remove(0, take);
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::Done;
            return m_state;
        }
        case Framing::UntilClose:
            if (m_body.size() + in.size() > m_maxBody)
                return bad(QStringLiteral("answer body over %1 bytes").arg(m_maxBody));
            m_body.append(in);
            in.clear();
            return m_state;
        case Framing::Chunked:
            return readChunked(in);
        }
    }
    return m_state;
}

HttpAnswerReader::State HttpAnswerReader::endOfStream()
{
    if (m_state == State::Body && m_framing == Framing::UntilClose)
        m_state = State::Done;
    else if (m_state != State::Done && m_state != State::Bad)
        return bad(m_sawBytes ? QStringLiteral("connection closed in the middle of the answer")
                              : QStringLiteral("connection closed before an answer"));
    return m_state;
}

HttpAnswerReader::State HttpAnswerReader::readHead(QByteArray &in)
{
    const qsizetype end = in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (in.size() > kMaxHead)
            return bad(QStringLiteral("answer head over %1 bytes").arg(kMaxHead));
        return m_state;
    }
    if (end > kMaxHead)
        return bad(QStringLiteral("answer head over %1 bytes").arg(kMaxHead));
    const QList<QByteArray> lines = in.left(end).split('\n');
    in.remove(0, end + 4);

    // Status line: HTTP/1.x SP 3DIGIT SP reason
    const QByteArray statusLine = lines.first().trimmed();
    const bool http11 = statusLine.startsWith("HTTP/1.1 ");
    if (!http11 && !statusLine.startsWith("HTTP/1.0 "))
        return bad(QStringLiteral("not an HTTP/1.x answer"));
    const QByteArray code = statusLine.mid(9, 3);
    qint64 status = 0;
    if (!parseLength(code, &status) || status < 100 || status > 599
        || (statusLine.size() > 12 && statusLine.at(12) != ' '))
        return bad(QStringLiteral("bad status line"));

    m_headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.at(0) == ' ' || line.at(0) == '\t')
            return bad(QStringLiteral("bad header line"));
        m_headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    m_status = static_cast<int>(status);
    if (m_status < 200)
        return m_state; // interim answer (100 Continue): the real one follows

    const QByteArray connection = header("Connection").toLower();
    m_keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
    const QByteArray coding = header("Transfer-Encoding").toLower();
    const QByteArray length = header("Content-Length");
    if (m_status == 204 || m_status == 304) {
        m_state = State::Done;
    } else if (!coding.isEmpty()) {
        if (coding != "chunked")
            return bad(QStringLiteral("unsupported transfer coding"));
        m_framing = Framing::Chunked;
        m_chunk = Chunk::Size;
        m_state = State::Body;
    } else if (!length.isEmpty()) {
        if (!parseLength(length, &m_remaining))
            return bad(QStringLiteral("bad Content-Length"));
        if (m_remaining > m_maxBody)
            return bad(QStringLiteral("answer body over %1 bytes").arg(m_maxBody));
        m_framing = Framing::Length;
        m_body.reserve(static_cast<qsizetype>(m_remaining));
        m_state = m_remaining == 0 ? State::Done : State::Body;
    } else {
        m_framing = Framing::UntilClose;
        m_keepAlive = false;
        m_state = State::Body;
    }
    return m_state;
}

HttpAnswerReader::State HttpAnswerReader::readChunked(QByteArray &in)
{
    for (;;) {
        switch (m_chunk) {
        case Chunk::Size: {
            const qsizetype eol = in.indexOf("\r\n");
            if (eol < 0)
                return in.size() > kMaxChunkLine ? bad(QStringLiteral("bad chunk size line")) : m_state;
            QByteArray size = in.left(eol);
            in.remove(0, eol + 2);
            if (const qsizetype ext = size.indexOf(';'); ext >= 0)
                size.truncate(ext);
            bool ok = false;
            size = size.trimmed();
            m_remaining = size.size() <= 15 ? size.toLongLong(&ok, 16) : 0;
            if (!ok || m_remaining < 0)
                return bad(QStringLiteral("bad chunk size line"));
            if (m_body.size() + m_remaining > m_maxBody)
                return bad(QStringLiteral("answer body over %1 bytes").arg(m_maxBody));
            m_chunk = m_remaining == 0 ? Chunk::Trailer : Chunk::Data;
            break;
        }
        case Chunk::Data: {
            const qsizetype take = static_cast<qsizetype>(std::min<qint64>(m_remaining, in.size()));
            m_body.append(in.constData(), take);
            in.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return m_state;
            m_chunk = Chunk::DataEnd;
            break;
        }
        case Chunk::DataEnd:
            if (in.size() < 2)
                return m_state;
            if (!in.startsWith("\r\n"))
                return bad(QStringLiteral("chunk not followed by CRLF"));
            in.remove(0, 2);
            m_chunk = Chunk::Size;
            break;
        case Chunk::Trailer: {
            const qsizetype eol = in.indexOf("\r\n");
            if (eol < 0)
                return in.size() > kMaxHead ? bad(QStringLiteral("answer trailer over %1 bytes").arg(kMaxHead)) : m_state;
            in.remove(0, eol + 2);
            if (eol == 0) {
                m_state = State::Done;
                return m_state;
            }
            break; // a trailer field: ignored
        }
        }
    }
}

} // namespace lanxin
