// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/oversample.h"

#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace digitpad {

Dataset oversample_into(const Dataset& base, const Dataset& extra, double share) {
  if (!(share > 0.0 && share < 1.0))
    throw Error(extra.source + ": share of oversampled digits must be between 0 and 1 (got " + std::to_string(share) +
                ")");
  if (extra.empty()) return base;

  // extra_total / (base + extra_total) = share  =>  extra_total = share/(1-share) * base.
  const double wanted = share / (1.0 - share) * static_cast<double>(base.count());
  const long long total = std::max<long long>(extra.count(), std::llround(wanted));
  const int copies = static_cast<int>(total / extra.count());
  const int remainder = static_cast<int>(total % extra.count());

  std::vector<const Dataset*> parts;
  parts.reserve(static_cast<std::size_t>(copies) + 2);
  parts.push_back(&base);
  for (int c = 0; c < copies; ++c) parts.push_back(&extra);
  std::vector<int> first(static_cast<std::size_t>(remainder));
  for (int i = 0; i < remainder; ++i) first[static_cast<std::size_t>(i)] = i;
  const Dataset tail = subset(extra, first);
  parts.push_back(&tail);

  return concatenate(parts, base.source + " + " + extra.source + " (" + std::to_string(extra.count()) +
                                " digits oversampled to " + std::to_string(total) + ")");
}

}  // namespace digitpad
