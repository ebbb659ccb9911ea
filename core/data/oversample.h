// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

namespace digitpad {

// `base` followed by copies of `extra`, repeated so that extra's digits make
// up about `share` of the result (0 < share < 1): how a handful of a user's
// own drawings gets enough weight next to thousands of base digits to change
// what the network learns, while the base digits keep it from forgetting the
// rest. Whole copies first, then the first digits of `extra` once more to hit
// the share; at least one copy of each. An empty `extra` returns `base`.
// Throws Error for a share outside (0, 1) or a malformed set.
Dataset oversample_into(const Dataset& base, const Dataset& extra, double share);

}  // namespace digitpad
