#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace lanxin {

/// An error as a value: `code` for programs, `message` for people (Chinese first, then English, one line).
struct Error
{
    QString code;
    QString message;
};

/// The outcome of an operation that can fail: a value or an Error. Errors are values, not exceptions.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const T &value() const & { return *m_value; }
    [[nodiscard]] T &value() & { return *m_value; }
    [[nodiscard]] T &&value() && { return std::move(*m_value); }
    [[nodiscard]] const T *operator->() const { return &*m_value; }
    [[nodiscard]] const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_ok(false), m_error(std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    [[nodiscard]] const Error &error() const { return m_error; }

private:
    bool m_ok = true;
    Error m_error;
};

/// "中文 / English" as one line, the form CLI.md asks for.
[[nodiscard]] inline QString bilingual(const QString &zh, const QString &en)
{
    return zh + QStringLiteral(" / ") + en;
}

} // namespace lanxin
