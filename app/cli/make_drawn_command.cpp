// digitpad-cli make-drawn: the project's drawn-digit evaluation set
// (qtimage/drawn_set.h does the drawing). Used by scripts/bench-drawn.sh;
// nothing it writes belongs in the repository.

#include "arguments.h"
#include "commands.h"
#include "qtimage/drawn_set.h"

#include <QGuiApplication>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

const std::vector<FlagSpec> kMakeDrawnFlags = {
    {"out"}, {"mnist"}, {"strokes"}, {"font-digits"}, {"seed"}, {"mnist-first"}, {"mnist-last"}, {"help", false},
};

constexpr const char* kUsage =
    "Usage: digitpad-cli make-drawn --out DIR [--mnist DIR] [--strokes N] [--font-digits N]\n"
    "                               [--seed S] [--mnist-first I] [--mnist-last I] [FONT_FILE...]\n\n"
    "Writes a drawn-digit evaluation set into DIR:\n"
    "  DIR/0/ .. DIR/9/       PNG canvases (200-800 px, white, black anti-aliased ink, the digit\n"
    "                         15-90% of the canvas high anywhere on it, pens from 2 px to 1/8 of\n"
    "                         its height, slanted and tilted a little)\n"
    "  DIR/index.csv          file,label,source,origin,canvas,height_fraction,pen_width\n"
    "  DIR/idx/<mode>-<source>/t10k-{images,labels}-*  the same drawings as 28x28 IDX pairs:\n"
    "                         mode 'shared' through the app's preprocessing, mode 'plain' the\n"
    "                         whole canvas shrunk to 28x28 (what skipping preprocessing gives)\n\n"
    "  --mnist DIR        MNIST folder whose t10k digits are traced into pen strokes\n"
    "  --strokes N        drawings traced from MNIST, N/10 per digit (default 1000; 0 = none)\n"
    "  --mnist-first I, --mnist-last I\n"
    "                     the range of t10k indices to draw from (default 0..9999)\n"
    "  --font-digits N    digits typeset in the FONT_FILEs, N/10 per digit (default 1000)\n"
    "  --seed S           random seed (default 1)\n";

}  // namespace

int run_make_drawn(std::span<const std::string> raw_args) {
  const Arguments args = Arguments::parse(raw_args, kMakeDrawnFlags);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  const std::string out = args.text_or("out", "");
  if (out.empty()) throw UsageError("--out DIR is required");
  const int strokes = args.integer("strokes", 0, 100000).value_or(1000);
  const int font_digits = args.integer("font-digits", 0, 100000).value_or(1000);
  const std::uint64_t seed = args.unsigned64("seed").value_or(1);
  const int first = args.integer("mnist-first", 0, 1000000).value_or(0);
  const int last = args.integer("mnist-last", 0, 1000000).value_or(1000000);
  const std::string mnist = args.text_or("mnist", "");
  if (strokes > 0 && mnist.empty()) throw UsageError("--mnist DIR is required for --strokes (or give --strokes 0)");
  const std::vector<std::string>& font_paths = args.positionals();
  if (font_digits > 0 && font_paths.empty())
    throw UsageError("give FONT_FILEs for --font-digits (or give --font-digits 0)");

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
  request.mnist_dir = mnist;
  request.strokes = strokes;
  request.mnist_first = first;
  request.mnist_last = last;
  request.font_digits = font_digits;
  request.font_paths = font_paths;
  request.seed = seed;
  const DrawnSetCounts counts = write_drawn_set(request, [](const std::string& note) {
    std::fprintf(stderr, "digitpad-cli: make-drawn: %s\n", note.c_str());
  });
  std::printf("wrote %d stroke drawings and %d font digits to %s\n", counts.strokes, counts.fonts, out.c_str());
  return kExitOk;
}

}  // namespace digitpad::cli
