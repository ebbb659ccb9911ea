// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"
#include "core/nn/evaluation.h"
#include "core/nn/network.h"

#include <string>
#include <vector>

namespace digitpad {

// Two networks measured on the same labelled digits: the model a training run
// or a fine-tune would replace, and the one it made. The app decides from it
// whether to replace the model at once or to ask first (a fine-tune that
// costs more than a point on held-out digits, a run that is worse than the
// model it replaces), and tells the user in numbers.
struct AccuracyChange {
  std::string set;  // what the digits are, for messages ("held-out default digits")
  int count = 0;
  float before = 0;  // accuracy of the model being replaced, in [0,1]
  float after = 0;   // of the new one
  // Per class (index = digit); a class absent from the set has 0 for both.
  std::vector<float> class_before, class_after;
  std::vector<int> class_counts;
  // Per class: how many each model read right, and what the new model most
  // often reads that class as when wrong (-1: never wrong). "7s: 500 -> 493
  // right, 7 now read as 1" says what an overall "99.8 -> 99.4 %" hides.
  std::vector<int> class_right_before, class_right_after;
  std::vector<int> class_read_as;

  // How many percentage points the new model lost overall (negative: gained).
  float drop_points() const { return 100.0f * (before - after); }
  // The class (among those present) that lost most, and how many points; -1
  // and 0 when none lost anything.
  int worst_class() const;
  float worst_class_drop_points() const;
};

// Evaluates both networks on `data` (evaluate_model, the one evaluation),
// without its not-a-digit drawings unless both networks answer them.
// Throws Error when `data` does not fit either network.
AccuracyChange compare_models(const Network& before, const Network& after, const Dataset& data, std::string set);

}  // namespace digitpad
