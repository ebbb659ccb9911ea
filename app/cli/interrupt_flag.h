// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>

namespace digitpad::cli {

// While one of these lives, Ctrl+C (SIGINT) only raises a flag that the
// command polls, so that it can stop cleanly and exit 130. SA_RESETHAND: a
// second Ctrl+C kills the process as usual if the command does not stop.
class InterruptFlag {
 public:
  InterruptFlag();
  ~InterruptFlag();
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  bool raised() const;
  // The flag itself, for TrainingControl::cancel_when (lock-free, so a signal
  // handler may set it).
  const std::atomic<bool>* flag() const;
};

}  // namespace digitpad::cli
