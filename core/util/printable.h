// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace digitpad {

// Bytes from a file (a name, a layer text, an activation) made safe to show in
// a one-line message: printable ASCII and well-formed UTF-8 letters stay as
// they are; control bytes (newlines, terminal escape sequences, C1 controls),
// backslashes and bytes that are not UTF-8 become C-style escapes ("\n",
// "\x1b", "\\"). Texts longer than `max_bytes` are cut and end in "...", so a
// hostile 16 MB name cannot flood a terminal.
std::string printable(std::string_view bytes, std::size_t max_bytes = 200);

// The same escaping for a whole message, without cutting it: what the CLI
// and the app apply to every error they show, so nothing that reaches a
// terminal or a status bar spans two lines.
std::string one_line(std::string_view message);

}  // namespace digitpad
