// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/memory_budget.h"

#include "core/util/error.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

#include <unistd.h>

namespace digitpad {
namespace {

constexpr const char* kBudgetVariable = "DIGITPAD_MEMORY_BUDGET_MB";

// The override in MB, when set to a positive whole number.
std::uint64_t budget_override() {
  const char* text = std::getenv(kBudgetVariable);
  if (text == nullptr || *text == '\0') return 0;
  char* end = nullptr;
  const unsigned long long megabytes = std::strtoull(text, &end, 10);
  if (*end != '\0' || megabytes == 0 || megabytes > (std::numeric_limits<std::uint64_t>::max() >> 20)) return 0;
  return static_cast<std::uint64_t>(megabytes) << 20;
}

}  // namespace

std::uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  std::uint64_t bytes = pages <= 0 || page_size <= 0
                            ? std::uint64_t{4} << 30  // unknown: assume a small machine
                            : static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
  // A container's limit (cgroup v2) is the machine as far as we are concerned.
  if (std::FILE* limit = std::fopen("/sys/fs/cgroup/memory.max", "re")) {
    unsigned long long value = 0;
    if (std::fscanf(limit, "%llu", &value) == 1 && value > 0 && value < bytes) bytes = value;
    std::fclose(limit);
  }
  return bytes;
}

std::uint64_t memory_budget_bytes() {
  if (const std::uint64_t overridden = budget_override()) return overridden;
  return physical_memory_bytes() / 2;
}

std::string format_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024.0 && unit < 6) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  if (unit == 0)
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  else
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

void check_memory_budget(std::uint64_t bytes, const std::string& what) {
  const std::uint64_t budget = memory_budget_bytes();
  if (bytes <= budget) return;
  const std::string limit = budget_override() != 0 ? format_bytes(budget) + ", set by " + kBudgetVariable
                                                   : format_bytes(budget) + ", half of its " +
                                                         format_bytes(physical_memory_bytes()) + " of RAM";
  throw Error(what + " would need " + format_bytes(bytes) + " of memory, more than DigitPad allows itself on " +
              "this machine (" + limit + ")");
}

}  // namespace digitpad
