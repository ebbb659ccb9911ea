// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <Eigen/Core>

#include <optional>
#include <vector>

namespace digitpad {

// Before a drawing joins the user's digits as `digit` ("Teach it"): is it
// likely taught by mistake, or in a style that will teach the network to read
// another digit wrongly (zeros so thin that they looked like 1s, taught as 0,
// turned many 1s into 0s)? Then the app asks before adding it.
struct TeachDoubt {
  enum class Reason {
    ReadAsAnother,  // the network reads it as other_digit with high confidence
    AmongOthers,    // most of its nearest example digits are other_digit
  };
  Reason reason = Reason::ReadAsAnother;
  int other_digit = -1;           // kNotADigitLabel when the network takes the drawing for no digit
  float confidence = 0;           // ReadAsAnother: the network's probability of other_digit
  int neighbours_like_other = 0;  // AmongOthers: how many of the nearest examples are other_digit
  int neighbours = 0;             // of how many
};

// The network's probability above which a drawing read as another digit is
// doubted (a plain 1 taught as 0 is read as 1 at 99 %).
constexpr float kTeachDoubtConfidence = 0.9f;
// Nearest examples looked at, and how many of them must be one other digit.
constexpr int kTeachNeighbours = 7;
constexpr int kTeachNeighboursAgainst = 5;

// The labels of the `k` digits of `examples` nearest to `input` (Euclidean
// distance over the 784 pixels), nearest first. Fewer when the set is smaller.
std::vector<int> nearest_labels(const Dataset& examples, const Eigen::VectorXf& input, int k);

// `probabilities`: the network's softmax for `input` (empty: no model);
// `examples`: labelled digits to look among (the default digits and the
// user's own; null or empty: none). Nothing to doubt when the network already
// reads the drawing as `digit`, whatever the neighbours say.
std::optional<TeachDoubt> doubt_about_teaching(const Eigen::VectorXf& input, int digit,
                                               const Eigen::VectorXf& probabilities, const Dataset* examples);

}  // namespace digitpad
