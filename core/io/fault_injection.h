// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace digitpad::fault_injection {

// The steps that change what is on disk when DigitPad saves something. Tests
// install a hook that runs just before each of them, to kill the process at
// that very point (tests/test_my_digits_store.cpp kills a real child process
// before every step of a save, one step further each round) or to make the
// step fail by throwing Error, as a full disk would. No hook is set outside
// tests, and then before() costs one atomic load.
enum class Step { Create, Write, Sync, Rename, Remove };

using Hook = void (*)(Step step, const std::string& path);

void set_hook(Hook hook);  // nullptr removes it
void before(Step step, const std::string& path);
const char* step_name(Step step);

}  // namespace digitpad::fault_injection
