#pragma once

#include <span>

namespace lanxin {

/// A numbered schema step: applied in order inside BEGIN IMMEDIATE, then user_version = version.
struct Migration
{
    int version;
    const char *description;
    const char *sql; ///< statements separated by ";\n"
};

[[nodiscard]] std::span<const Migration> migrations();

} // namespace lanxin
