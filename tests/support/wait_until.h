// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Waiting for a condition another thread makes true, instead of sleeping a
// fixed time and hoping it happened: returns as soon as `condition()` holds,
// or false after `limit` (generous: a sanitizer build on a busy machine is
// slow, and a passing test never waits for the limit).

#include <chrono>
#include <thread>

namespace digitpad::test {

template <typename Condition>
bool wait_until(Condition condition, std::chrono::milliseconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a poll, not a guess at how long it takes
  }
  return true;
}

}  // namespace digitpad::test
