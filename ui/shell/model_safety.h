// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"
#include "core/nn/model_comparison.h"

#include <Eigen/Core>
#include <QString>

#include <optional>
#include <vector>

namespace digitpad {

// The words and thresholds by which the window keeps a training run, a
// fine-tune or a taught digit from silently making the model worse.
// No widgets here: the window shows these through its modal hooks.

// A question with two answers: keep the new model, or the one in use.
struct ReplacementQuestion {
  QString title;
  QString text;      // in numbers: which digits, how many, before and after
  QString keep_new;  // button labels
  QString keep_current;
};

// Whether a finished run's network should be offered rather than put in use
// at once, and the question to ask. A fine-tune asks when it costs more than
// kFineTuneAllowedDropPoints on any held-out set it was measured on; a
// training run asks when it reads fewer of the run's test digits right than
// the model it would replace. `changes` come from the worker (see
// TrainingPanel::lastComparisons); nullopt: replace without asking.
std::optional<ReplacementQuestion> replacementQuestion(bool fine_tune, const std::vector<AccuracyChange>& changes,
                                                       const QString& current_name);

// "97.7 %", as the rest of the app writes accuracies.
QString percentText(float fraction);

// The class that lost most in a comparison, counted: "7s: 500 → 493 right,
// mostly read as 1"; empty when no class lost anything.
QString describeWorstClass(const AccuracyChange& change);

// Looks at a drawing before it joins the user's digits as `digit`
// (nn/teach_check.h): read by the network as another digit with high
// confidence, or among another digit's examples (the default digits, read
// once when first needed, and the user's own). Returns the gentle question to
// ask ("This looks like a 1 to the network (97 %). Teach it as 0 anyway?"),
// or nullopt when there is nothing to doubt.
class TeachAdvisor {
 public:
  std::optional<QString> question(const Eigen::VectorXf& input, int digit, const Eigen::VectorXf& probabilities,
                                  const Dataset& my_digits);

 private:
  const Dataset* defaultDigits();

  std::optional<Dataset> default_digits_;
  bool tried_default_digits_ = false;
};

}  // namespace digitpad
