// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/model_comparison.h"

#include "core/recognition/digit_classes.h"

#include <algorithm>
#include <utility>

namespace digitpad {

int AccuracyChange::worst_class() const {
  int worst = -1;
  float largest = 0;
  for (std::size_t c = 0; c < class_before.size() && c < class_after.size(); ++c) {
    if (c < class_counts.size() && class_counts[c] == 0) continue;
    const float drop = 100.0f * (class_before[c] - class_after[c]);
    if (drop > largest) {
      largest = drop;
      worst = static_cast<int>(c);
    }
  }
  return worst;
}

float AccuracyChange::worst_class_drop_points() const {
  const int worst = worst_class();
  return worst < 0 ? 0.0f
                   : 100.0f * (class_before[static_cast<std::size_t>(worst)] -
                               class_after[static_cast<std::size_t>(worst)]);
}

AccuracyChange compare_models(const Network& before, const Network& after, const Dataset& all, std::string set) {
  // A ten-class model cannot answer "not a digit": both are measured on what both can answer.
  const Dataset data = common_classes(all, before.architecture(), after.architecture());
  const EvaluationReport old_report = evaluate_model(before, data);
  const EvaluationReport new_report = evaluate_model(after, data);
  AccuracyChange change;
  change.set = std::move(set);
  change.count = data.count();
  change.before = old_report.accuracy();
  change.after = new_report.accuracy();
  // The classes both answer (a ten-class and an eleven-class model share the digits).
  const std::size_t classes = std::min(old_report.confusion.size(), new_report.confusion.size());
  change.class_before = class_accuracies(old_report.confusion);
  change.class_after = class_accuracies(new_report.confusion);
  change.class_before.resize(classes);
  change.class_after.resize(classes);
  for (std::size_t c = 0; c < classes; ++c) {
    int total = 0;
    for (const int count : old_report.confusion[c]) total += count;
    change.class_counts.push_back(total);
    change.class_right_before.push_back(old_report.confusion[c][c]);
    const std::vector<int>& row = new_report.confusion[c];
    change.class_right_after.push_back(row[c]);
    int read_as = -1;
    for (std::size_t other = 0; other < row.size(); ++other)
      if (other != c && row[other] > 0 && (read_as < 0 || row[other] > row[static_cast<std::size_t>(read_as)]))
        read_as = static_cast<int>(other);
    change.class_read_as.push_back(read_as);
  }
  return change;
}

}  // namespace digitpad
