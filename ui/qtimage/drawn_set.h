#pragma once

// The drawn-digit evaluation set (digitpad-cli make-drawn, scripts/bench-drawn.sh):
// PNG files as a user's canvas holds them (white, black anti-aliased ink, any
// size, place and pen) from two sources: pen strokes traced from real MNIST
// digits (image/stroke_tracing.h), and digits typeset in handwriting-style
// fonts. Seeded and reproducible.
//
// Writes into `out`:
//   0/ .. 9/          the PNG canvases
//   index.csv         file,label,source,origin,canvas,height_fraction,pen_width
//   idx/<mode>-<source>/t10k-{images,labels}-*  the same drawings as 28x28 IDX
//                     pairs: mode "shared" through the app's preprocessing,
//                     "plain" the whole canvas shrunk to 28x28

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace digitpad {

struct DrawnSetRequest {
  std::filesystem::path out;
  std::string mnist_dir;          // whose t10k digits are traced (strokes > 0)
  int strokes = 1000;             // drawings traced from MNIST, a tenth per digit
  int mnist_first = 0;            // the range of t10k indices to draw from
  int mnist_last = 1000000;
  int font_digits = 1000;         // digits typeset in the fonts, a tenth per digit
  std::vector<std::string> font_paths;
  std::uint64_t seed = 1;
};

struct DrawnSetCounts {
  int strokes = 0;
  int fonts = 0;
};

// Told what was skipped (a font without all ten digits, too few MNIST digits of a kind).
using DrawnSetNote = std::function<void(const std::string&)>;

// Needs a QGuiApplication (fonts need the platform's font machinery; the
// offscreen platform will do). Throws Error naming the file or folder.
DrawnSetCounts write_drawn_set(const DrawnSetRequest& request, const DrawnSetNote& note);

}  // namespace digitpad
