// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/schedule.h"

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

constexpr double kPi = 3.14159265358979323846;
// OneCycleLR's defaults: pct_start, div_factor, final_div_factor.
constexpr double kWarmUpShare = 0.3;
constexpr double kStartDivisor = 25.0;
constexpr double kFinalDivisor = 1e4;

// From `from` to `to` along half a cosine as `t` goes from 0 to 1.
double cosine_between(double from, double to, double t) { return to + (from - to) * 0.5 * (1.0 + std::cos(kPi * t)); }

}  // namespace

std::string_view schedule_name(Schedule schedule) {
  switch (schedule) {
    case Schedule::Constant: return "constant";
    case Schedule::Cosine: return "cosine";
    case Schedule::OneCycle: return "onecycle";
  }
  return "unknown";
}

std::optional<Schedule> parse_schedule(std::string_view name) {
  for (Schedule s : {Schedule::Constant, Schedule::Cosine, Schedule::OneCycle})
    if (schedule_name(s) == name) return s;
  if (name == "one-cycle") return Schedule::OneCycle;
  return std::nullopt;
}

float schedule_factor(Schedule schedule, long long step, long long total) {
  if (schedule == Schedule::Constant || total <= 1) return 1.0f;
  const double t = std::clamp(static_cast<double>(step) / static_cast<double>(total - 1), 0.0, 1.0);
  if (schedule == Schedule::Cosine) return static_cast<float>(cosine_between(1.0, 0.0, t));
  const double start = 1.0 / kStartDivisor, end = start / kFinalDivisor;
  if (t < kWarmUpShare) return static_cast<float>(cosine_between(start, 1.0, t / kWarmUpShare));
  return static_cast<float>(cosine_between(1.0, end, (t - kWarmUpShare) / (1.0 - kWarmUpShare)));
}

}  // namespace digitpad
