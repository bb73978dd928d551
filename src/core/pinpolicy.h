#pragma once

#include <QtGlobal>

namespace lanxin::pinpolicy {

/// Staff PIN rules (SECURITY.md 14): 4–6 digits; 5 wrong tries → a 30 s wait that doubles with each
/// further wrong try (capped at an hour); from 10 wrong tries only a director's PIN unlocks, so a
/// volunteer's PIN stays blocked until a director clears it, and a director waits out the delay.
inline constexpr int kMinDigits = 4;
inline constexpr int kMaxDigits = 6;
inline constexpr int kFailuresBeforeWait = 5;
inline constexpr int kFailuresBeforeDirectorOnly = 10;
inline constexpr qint64 kFirstWaitMs = 30'000;
inline constexpr qint64 kMaxWaitMs = 3'600'000;

/// Is `pin` 4–6 ASCII digits?
[[nodiscard]] bool isWellFormed(const QString &pin);
/// How long to wait after the `failures`-th wrong try in a row (0 before the fifth).
[[nodiscard]] qint64 waitAfterFailures(int failures);
/// Does this many wrong tries block the PIN until a director clears it? (Directors are never blocked.)
[[nodiscard]] bool blocksUntilDirector(int failures, bool isDirector);
/// Wrong tries left before the first wait (0 once waiting).
[[nodiscard]] int triesBeforeWait(int failures);

} // namespace lanxin::pinpolicy
