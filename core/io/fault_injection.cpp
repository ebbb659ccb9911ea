// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/fault_injection.h"

#include <atomic>

namespace digitpad::fault_injection {
namespace {

std::atomic<Hook> installed{nullptr};

}  // namespace

void set_hook(Hook hook) { installed.store(hook); }

void before(Step step, const std::string& path) {
  if (const Hook hook = installed.load()) hook(step, path);
}

const char* step_name(Step step) {
  switch (step) {
    case Step::Create: return "create";
    case Step::Write: return "write";
    case Step::Sync: return "sync";
    case Step::Rename: return "rename";
    case Step::Remove: return "remove";
  }
  return "step";
}

}  // namespace digitpad::fault_injection
