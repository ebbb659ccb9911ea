// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/evaluation.h"

#include "core/nn/finite_outputs.h"

#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace digitpad {
namespace {

void check_compatible(const Network& network, const Dataset& data) {
  const Architecture& architecture = network.architecture();
  if (data.images.cols() != data.count())
    throw Error(data.source + ": " + std::to_string(data.images.cols()) + " images but " +
                std::to_string(data.count()) + " labels");
  if (data.count() > 0 && data.images.rows() != architecture.input_size())
    throw Error(data.source + ": images have " + std::to_string(data.images.rows()) +
                " pixels but the model expects " + std::to_string(architecture.input_size()));
  for (const std::uint8_t label : data.labels)
    if (label >= architecture.outputs)
      throw Error(data.source + ": label " + std::to_string(label) + " is not one of the model's " +
                  std::to_string(architecture.outputs) + " classes");
}

}  // namespace

float EvaluationReport::accuracy() const {
  return truth.empty() ? 0.0f : static_cast<float>(correct) / static_cast<float>(truth.size());
}

std::vector<int> EvaluationReport::samples_in_cell(int true_class, int predicted_class) const {
  std::vector<int> indices;
  for (std::size_t i = 0; i < truth.size(); ++i)
    if (truth[i] == true_class && predicted[i] == predicted_class) indices.push_back(static_cast<int>(i));
  return indices;
}

float EvaluationReport::calibration_error(int bins) const {
  if (truth.empty() || bins < 1) return 0.0f;
  std::vector<double> confidence_sum(static_cast<std::size_t>(bins), 0.0), right(static_cast<std::size_t>(bins), 0.0);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto bin =
        static_cast<std::size_t>(std::clamp(static_cast<int>(confidence[i] * static_cast<float>(bins)), 0, bins - 1));
    confidence_sum[bin] += confidence[i];
    right[bin] += predicted[i] == truth[i] ? 1.0 : 0.0;
  }
  double error = 0.0;
  for (std::size_t bin = 0; bin < confidence_sum.size(); ++bin) error += std::abs(confidence_sum[bin] - right[bin]);
  return static_cast<float>(error / static_cast<double>(truth.size()));
}

std::vector<float> class_accuracies(const ConfusionMatrix& confusion) {
  std::vector<float> accuracies(confusion.size(), 0.0f);
  for (std::size_t c = 0; c < confusion.size(); ++c) {
    int total = 0;
    for (const int count : confusion[c]) total += count;
    if (total > 0 && c < confusion[c].size())
      accuracies[c] = static_cast<float>(confusion[c][c]) / static_cast<float>(total);
  }
  return accuracies;
}

EvaluationReport evaluate_model(const Network& network, const Dataset& data) {
  check_compatible(network, data);
  const int classes = network.architecture().outputs;
  const Eigen::Index count = data.count();

  EvaluationReport report;
  report.truth = data.labels;
  report.predicted.resize(static_cast<std::size_t>(count));
  report.confidence.resize(static_cast<std::size_t>(count));
  report.confusion.assign(classes, std::vector<int>(classes, 0));
  const bool has_hidden = network.layer_count() > 1;
  if (has_hidden && count > 0)
    report.mean_abs_hidden_activation = Eigen::VectorXf::Zero(network.layer(0).output_shape().size());

  ForwardCache cache;
  const Eigen::Index slice_size = evaluation_slice(network);
  for (Eigen::Index start = 0; start < count; start += slice_size) {
    const Eigen::Index slice = std::min(slice_size, count - start);
    network.forward(data.images.middleCols(start, slice), cache);
    const Eigen::MatrixXf& probabilities = cache.outputs.back();
    require_finite_outputs(probabilities);
    for (Eigen::Index c = 0; c < slice; ++c) {
      Eigen::Index best = 0;
      const float confidence = probabilities.col(c).maxCoeff(&best);
      const auto i = static_cast<std::size_t>(start + c);
      report.predicted[i] = static_cast<int>(best);
      report.confidence[i] = confidence;
      ++report.confusion[report.truth[i]][best];
      report.correct += report.truth[i] == best;
    }
    if (has_hidden) report.mean_abs_hidden_activation += cache.outputs.front().cwiseAbs().rowwise().sum();
  }
  if (report.mean_abs_hidden_activation.size() > 0) report.mean_abs_hidden_activation /= static_cast<float>(count);
  return report;
}

}  // namespace digitpad
