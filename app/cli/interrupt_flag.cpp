// SPDX-License-Identifier: GPL-3.0-or-later
#include "interrupt_flag.h"

#include <atomic>
#include <csignal>

namespace digitpad::cli {
namespace {

std::atomic<bool> raised_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

struct sigaction previous_action {};

// extern "C" names share one namespace whatever C++ namespace holds them, hence the long name.
extern "C" void digitpad_cli_raise_interrupt_flag(int) { raised_flag.store(true); }

}  // namespace

InterruptFlag::InterruptFlag() {
  raised_flag.store(false);
  struct sigaction action {};
  action.sa_handler = digitpad_cli_raise_interrupt_flag;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, &previous_action);
}

InterruptFlag::~InterruptFlag() { sigaction(SIGINT, &previous_action, nullptr); }

bool InterruptFlag::raised() const { return raised_flag.load(); }

const std::atomic<bool>* InterruptFlag::flag() const { return &raised_flag; }

}  // namespace digitpad::cli
