// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string_view>

namespace digitpad {

// How the learning rate moves over a run, as a factor of the optimizer's rate.
//   constant  1 throughout
//   cosine    from 1 down to 0 along half a cosine (Loshchilov & Hutter's SGDR,
//             without restarts)
//   onecycle  Smith's one-cycle policy as PyTorch's OneCycleLR does it: up from
//             1/25 to 1 over the first 30% of the updates, then down to 1/250,000,
//             both along cosines
enum class Schedule { Constant, Cosine, OneCycle };

std::string_view schedule_name(Schedule schedule);  // "constant", "cosine", "onecycle"
std::optional<Schedule> parse_schedule(std::string_view name);

// The factor for update `step` (0-based) of `total`.
float schedule_factor(Schedule schedule, long long step, long long total);

}  // namespace digitpad
