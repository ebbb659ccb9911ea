// SPDX-License-Identifier: GPL-3.0-or-later
#include "progress_bar.h"

#include <algorithm>
#include <cmath>

#include <unistd.h>

namespace digitpad::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

std::string fixed(double value, int decimals) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

std::string format_duration(double seconds) {
  const long long total = std::isfinite(seconds) && seconds > 0 ? std::llround(seconds) : 0;
  const long long hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  char text[48];
  if (hours > 0)
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", hours, minutes, secs);
  else
    std::snprintf(text, sizeof text, "%lld:%02lld", minutes, secs);
  return text;
}

ProgressBar::Style ProgressBar::style_for(std::FILE* stream, bool quiet) {
  if (quiet) return Style::Off;
  return ::isatty(::fileno(stream)) ? Style::Terminal : Style::Lines;
}

ProgressBar::ProgressBar(Style style, std::FILE* stream) : style_(style), stream_(stream) {}

std::string ProgressBar::bar(double fraction, int width) {
  const double clamped = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
  // The epsilon keeps 3/10 from rounding down to 2.999... tenths.
  const int filled = std::clamp(static_cast<int>(clamped * width + 1e-9), 0, width);
  std::string text = "[";
  text.append(static_cast<std::size_t>(filled), '#');
  text.append(static_cast<std::size_t>(width - filled), '.');
  text += "]";
  return text;
}

std::string ProgressBar::format(const TrainingProgress& progress, std::optional<float> train_accuracy,
                                std::optional<float> test_accuracy, int width) {
  const int total = std::max(progress.total_iterations, 1);
  const int done = std::clamp(progress.iteration, 0, total);
  // Built by appending: GCC 12 warns falsely (-Wrestrict, GCC bug 105651) on
  // "literal" + std::string temporaries.
  std::string line = bar(static_cast<double>(done) / total, width);
  line += " ";
  line += std::to_string(progress.iteration);
  line += "/";
  line += std::to_string(progress.total_iterations);
  line += "  cost ";
  line += fixed(progress.cost, 4);
  if (train_accuracy) {
    line += "  train ";
    line += fixed(*train_accuracy * 100.0, 1);
    line += "%";
  }
  if (test_accuracy) {
    line += "  test ";
    line += fixed(*test_accuracy * 100.0, 1);
    line += "%";
  }
  if (progress.iteration > 0) {
    const double seconds_per_iteration = progress.elapsed_seconds / progress.iteration;
    line += "  ";
    line += fixed(seconds_per_iteration * 1000.0, 1);
    line += " ms/it  ETA ";
    line += format_duration(seconds_per_iteration * (total - done));
  }
  return line;
}

void ProgressBar::update(const TrainingProgress& progress) {
  if (progress.train_accuracy) train_accuracy_ = progress.train_accuracy;
  if (progress.test_accuracy) test_accuracy_ = progress.test_accuracy;
  if (style_ == Style::Off) return;
  const bool last = progress.iteration >= progress.total_iterations;
  const int total = std::max(progress.total_iterations, 1);
  show(format(progress, train_accuracy_, test_accuracy_), static_cast<double>(progress.iteration) / total, last);
}

void ProgressBar::show(const std::string& line, double fraction, bool last) {
  switch (style_) {
    case Style::Off: return;
    case Style::Terminal: {
      const auto now = std::chrono::steady_clock::now();
      if (!last && line_open_ && now - last_draw_ < kRedrawInterval) return;
      last_draw_ = now;
      // "\r" returns to the line's start, "\033[K" clears what a longer previous line left.
      std::fprintf(stream_, "\r%s\033[K", line.c_str());
      std::fflush(stream_);
      line_open_ = true;
      return;
    }
    case Style::Lines: {
      const int tenth = std::isfinite(fraction) ? static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 10 + 1e-9) : 0;
      if (!last && tenth <= last_tenth_) return;
      if (last && tenth <= last_tenth_ && last_tenth_ == 10) return;  // the end is drawn once
      last_tenth_ = tenth;
      std::fprintf(stream_, "%s\n", line.c_str());
      std::fflush(stream_);
      return;
    }
  }
}

void ProgressBar::finish() {
  if (line_open_) {
    std::fputc('\n', stream_);
    std::fflush(stream_);
    line_open_ = false;
  }
}

}  // namespace digitpad::cli
