// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The drawn-digit set (digitpad-cli make-drawn, scripts/bench-drawn.sh, the
// set-up's training drawings): PNG files as a user's canvas holds them (white,
// black anti-aliased ink, any size, place and pen) from four sources: pen
// strokes traced from real MNIST digits (image/stroke_tracing.h), digits
// typeset in handwriting-style fonts, styles MNIST lacks drawn from stroke
// templates (image/digit_styles.h), and drawings that are not digits
// (ui/headless/images/drawn_non_digits.h), labelled kNotADigitLabel. Seeded and
// reproducible.
//
// Writes into `out`:
//   0/ .. 9/          the PNG canvases of digits
//   not-a-digit/      those of non-digits
//   index.csv         file,label,source,origin,canvas,height_fraction,pen_width
//   idx/<mode>-<source>/t10k-{images,labels}-*  the same drawings as 28x28 IDX
//                     pairs: mode "shared" through the app's preprocessing,
//                     "plain" the whole canvas shrunk to 28x28

#include "ui/headless/images/drawn_digits.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace digitpad {

struct DrawnSetRequest {
  std::filesystem::path out;
  std::string mnist_dir;  // whose t10k digits are traced (strokes > 0)
  int strokes = 1000;     // drawings traced from MNIST, a tenth per digit
  int mnist_first = 0;    // the range of t10k indices to draw from
  int mnist_last = 1000000;
  int font_digits = 1000;  // digits typeset in the fonts, a tenth per digit
  std::vector<std::string> font_paths;
  int styles = 0;                        // template digits, round-robin over digit_styles()
  std::vector<std::string> style_names;  // only these of digit_styles() (empty: all of them)
  int non_digits = 0;                    // letters of the fonts, shapes, digits side by side
  PenRange pens = PenRange::Canvas;
  std::uint64_t seed = 1;
};

struct DrawnSetCounts {
  int strokes = 0;
  int fonts = 0;
  int styles = 0;
  int non_digits = 0;
};

// Told what was skipped (a font without all ten digits, too few MNIST digits of
// a kind, non-digit kinds without fonts or MNIST).
using DrawnSetNote = std::function<void(const std::string&)>;

// Needs a QGuiApplication (fonts need the platform's font machinery; the
// offscreen platform will do). Throws Error naming the file or folder.
DrawnSetCounts write_drawn_set(const DrawnSetRequest& request, const DrawnSetNote& note);

}  // namespace digitpad
