#include "nn/model_comparison.h"

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

AccuracyChange compare_models(const Network& before, const Network& after, const Dataset& data, std::string set) {
  const EvaluationReport old_report = evaluate_model(before, data);
  const EvaluationReport new_report = evaluate_model(after, data);
  AccuracyChange change;
  change.set = std::move(set);
  change.count = data.count();
  change.before = old_report.accuracy();
  change.after = new_report.accuracy();
  change.class_before = class_accuracies(old_report.confusion);
  change.class_after = class_accuracies(new_report.confusion);
  for (const auto& row : old_report.confusion) {
    int total = 0;
    for (const int count : row) total += count;
    change.class_counts.push_back(total);
  }
  return change;
}

bool can_evaluate_on(const Network& network, int input_size, int classes) {
  const Architecture& architecture = network.architecture();
  return architecture.input_size() == input_size && architecture.outputs == classes;
}

}  // namespace digitpad
