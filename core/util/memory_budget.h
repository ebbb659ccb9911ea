// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>

namespace digitpad {

// How much memory DigitPad lets one data set or one training run take, tied to
// the machine: half of its physical RAM, so that a corrupt header, an absurd
// flag or a network too large for the machine fails at once with a message
// naming the size, instead of swapping for an hour or being killed by the
// kernel. RAM is the smaller of the physical memory and a container's limit
// (cgroup v2 memory.max). $DIGITPAD_MEMORY_BUDGET_MB overrides the budget
// (tests; a shared machine).
std::uint64_t physical_memory_bytes();
std::uint64_t memory_budget_bytes();

// "512 KB", "4.3 GB": sizes for messages (powers of 1024, one decimal).
std::string format_bytes(std::uint64_t bytes);

// Throws Error("<what> would need 4.3 GB of memory, more than DigitPad allows
// itself on this machine (11.7 GB, half of its 23.4 GB of RAM)") when `bytes`
// is over the budget.
void check_memory_budget(std::uint64_t bytes, const std::string& what);

}  // namespace digitpad
