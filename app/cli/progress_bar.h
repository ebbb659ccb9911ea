// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/trainer.h"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

namespace digitpad::cli {

// Reports progress on stderr: training's (update), or any other one-line
// report (show, e.g. a download's). On a terminal: one line redrawn in place,
// at most ~10 times a second (redrawing every iteration of a fast run would
// cost more than the iteration); elsewhere (a log file, CI): a plain line
// every ~10% of the run, so logs stay short.
class ProgressBar {
 public:
  enum class Style { Off, Terminal, Lines };

  // Terminal when `stream` is a terminal, else Lines; Off when `quiet`.
  static Style style_for(std::FILE* stream, bool quiet);

  ProgressBar(Style style, std::FILE* stream = stderr);

  void update(const TrainingProgress& progress);
  // Draws `line` in this bar's style. `fraction` (0..1) paces the every-10%
  // lines of the Lines style; `last` is always drawn.
  void show(const std::string& line, double fraction, bool last);
  // Ends the in-place line (so later output starts on a fresh line).
  void finish();

  // "[#####.....]" for a fraction done in 0..1.
  static std::string bar(double fraction, int width = 10);

  // "[#####.....] 40/100  cost 0.4312  train 91.2%  test 86.0%  12.3 ms/it  ETA 0:07"
  // (accuracies as last evaluated; absent until the first evaluation).
  static std::string format(const TrainingProgress& progress, std::optional<float> train_accuracy,
                            std::optional<float> test_accuracy, int width = 10);

 private:
  Style style_;
  std::FILE* stream_;
  std::optional<float> train_accuracy_, test_accuracy_;
  std::chrono::steady_clock::time_point last_draw_{};
  int last_tenth_ = 0;
  bool line_open_ = false;
};

// "0:07", "12:05", "1:02:03".
std::string format_duration(double seconds);

}  // namespace digitpad::cli
