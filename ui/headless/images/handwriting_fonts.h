// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The glyphs make-drawn typesets from handwriting-style font files: the ten
// digits (fonts --font-digits draws) and the letters that look like no digit
// (drawn as non-digits, --non-digits).

#include "core/data/dataset.h"

#include <QPainterPath>

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace digitpad {

// Letters people might write to test a recognizer that no one reads as a
// digit. Left out: O o D Q (0), I l i j (1), S s Z z (5, 2), B b g q G (8, 6, 9).
constexpr std::string_view kNonDigitLetters = "ACEFHKMNPRTUVWXYacefhkmnrtuvwxy";

struct HandwritingFont {
  std::string name;  // the file's name without its extension
  std::array<QPainterPath, kClassCount> digits;
  std::vector<std::pair<char, QPainterPath>> letters;  // those of kNonDigitLetters the font has
};

// The fonts' glyphs; a font without all ten digits is skipped with a note.
// Needs a QGuiApplication. Throws Error naming a file Qt cannot read as a font.
std::vector<HandwritingFont> load_handwriting_fonts(const std::vector<std::string>& paths,
                                                    const std::function<void(const std::string&)>& note);

}  // namespace digitpad
