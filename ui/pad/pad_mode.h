// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace digitpad {

// What the pad reads from the canvas.
enum class PadMode {
  Digit,   // one digit: a square canvas, the ten class probabilities, teaching
  Number,  // several digits side by side (a year, a phone number): a wide
           // canvas, split into digits by read_number, each read on its own
};

}  // namespace digitpad
