// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli make-drawn: the project's drawn-digit set (ui/headless/images/drawn_set.h
// does the drawing). Used by scripts/bench-drawn.sh to measure and by the
// set-up (scripts/common.sh) to make training data; nothing it writes belongs
// in the repository.

#include "commands.h"
#include "option_checks.h"
#include "core/image/digit_styles.h"
#include "ui/headless/images/drawn_set.h"
#include "usage_error.h"

#include <QGuiApplication>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

struct MakeDrawnOptions {
  std::string out;
  std::optional<std::string> mnist;
  int strokes = 1000, font_digits = 1000, styles = 0, non_digits = 0;
  std::vector<std::string> style_names;
  std::string pens = "canvas";
  std::uint64_t seed = 1;
  int mnist_first = 0, mnist_last = 1000000;
  std::vector<std::string> font_paths;
};

int run_make_drawn(const MakeDrawnOptions& options) {
  const std::string& out = options.out;
  const int strokes = options.strokes, font_digits = options.font_digits;
  const std::uint64_t seed = options.seed;
  if (strokes > 0 && !options.mnist) throw UsageError("--mnist DIR is required for --strokes (or give --strokes 0)");
  const std::vector<std::string>& font_paths = options.font_paths;
  if (font_digits > 0 && font_paths.empty())
    throw UsageError("give FONT_FILEs for --font-digits (or give --font-digits 0)");
  if (options.non_digits > 0 && font_paths.empty() && !options.mnist)
    throw UsageError("give FONT_FILEs or --mnist DIR for the letters and digit groups of --non-digits");

  // QRawFont needs the platform's font machinery, i.e. a QGuiApplication; the
  // offscreen platform needs no display.
  std::unique_ptr<QGuiApplication> application;
  if (!QGuiApplication::instance()) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "digitpad-cli";
    static char* argv[] = {name, nullptr};
    application = std::make_unique<QGuiApplication>(argc, argv);
  }

  DrawnSetRequest request;
  request.out = out;
  request.mnist_dir = options.mnist.value_or("");
  request.strokes = strokes;
  request.mnist_first = options.mnist_first;
  request.mnist_last = options.mnist_last;
  request.font_digits = font_digits;
  request.font_paths = font_paths;
  request.styles = options.styles;
  request.style_names = options.style_names;
  request.non_digits = options.non_digits;
  request.pens = options.pens == "wide" ? PenRange::Wide : PenRange::Canvas;
  request.seed = seed;
  const DrawnSetCounts counts = write_drawn_set(
      request, [](const std::string& note) { std::fprintf(stderr, "digitpad-cli: make-drawn: %s\n", note.c_str()); });
  std::printf("wrote %d stroke drawings, %d font digits, %d style digits and %d non-digits to %s\n", counts.strokes,
              counts.fonts, counts.styles, counts.non_digits, out.c_str());
  return kExitOk;
}

// A whole-number option in [min, max].
void add_count(CLI::App& command, const std::string& name, auto& value, int max, const std::string& help) {
  command.add_option(name, value, help)
      ->type_name("N")
      ->transform(whole_number())
      ->check(CLI::Range(0, max).description(""));
}

}  // namespace

CommandRun configure_make_drawn(CLI::App& command) {
  auto options = std::make_shared<MakeDrawnOptions>();
  command.footer(
      "Writes a drawn-digit set into DIR:\n"
      "  DIR/0/ .. DIR/9/       PNG canvases (200-800 px, white, black anti-aliased ink, the digit\n"
      "                         15-90% of the canvas high anywhere on it, pens from 2 px to 1/8 of\n"
      "                         its height, or with --pen-range wide also hairlines of 1-2 px and\n"
      "                         bold pens up to 1/4 of its height; slanted and tilted a little)\n"
      "  DIR/not-a-digit/       the --non-digits canvases, label 10 (not a digit)\n"
      "  DIR/index.csv          file,label,source,origin,canvas,height_fraction,pen_width\n"
      "  DIR/idx/<mode>-<source>/t10k-{images,labels}-*  the same drawings as 28x28 IDX pairs:\n"
      "                         mode 'shared' through the app's preprocessing, mode 'plain' the\n"
      "                         whole canvas shrunk to 28x28 (what skipping preprocessing gives)");
  command.add_option("FONT_FILE", options->font_paths, "fonts to typeset digits in (for --font-digits)")
      ->type_name("FILE");
  command.add_option("--out", options->out, "the folder to write")->type_name("DIR")->required()->check(not_empty());
  command.add_option("--mnist", options->mnist, "MNIST folder whose t10k digits are traced into pen strokes")
      ->type_name("DIR")
      ->check(not_empty());
  add_count(command, "--strokes", options->strokes, 100000,
            "drawings traced from MNIST, N/10 per digit (default 1000; 0 = none)");
  add_count(command, "--mnist-first", options->mnist_first, 1000000, "the first t10k index to draw from (default 0)");
  add_count(command, "--mnist-last", options->mnist_last, 1000000, "the last t10k index to draw from (default 9999)");
  add_count(command, "--font-digits", options->font_digits, 100000,
            "digits typeset in the FONT_FILEs, N/10 per digit (default 1000)");
  add_count(command, "--styles", options->styles, 100000,
            "digits in styles MNIST lacks (flag-1, flag-foot-1, plain-1, crossed-7, closed-4, flat-3, "
            "straight-9, loop-2), drawn from jittered stroke templates, N spread round-robin over them (default 0)");
  std::vector<std::string> style_names;
  for (const DigitStyle& style : digit_styles()) style_names.emplace_back(style.name);
  command
      .add_option("--style", options->style_names,
                  "draw --styles only in this style (repeatable; default: all of them), e.g. more flagged 1s "
                  "than the even spread gives")
      ->type_name("NAME")
      ->check(CLI::IsMember(style_names));
  add_count(command, "--non-digits", options->non_digits, 100000,
            "drawings that are not digits, label 10: letters of the FONT_FILEs, shapes, lines, dots, blobs, "
            "scribbles, two or three digits side by side (default 0)");
  command
      .add_option("--pen-range", options->pens,
                  "canvas: pens of 2 px to 1/8 of the digit's height (the benchmark's); wide: also hairlines "
                  "and bold pens up to 1/4 of its height (for training data; default canvas)")
      ->type_name("R")
      ->check(CLI::IsMember({"canvas", "wide"}));
  command.add_option("--seed", options->seed, "random seed (default 1)")->type_name("S")->transform(seed_number());
  return [options] { return run_make_drawn(*options); };
}

}  // namespace digitpad::cli
