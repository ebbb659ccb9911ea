// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small inputs and settings for network tests, shared so that every test
// builds its random batches, targets and quick training runs the same way.

#include "core/nn/trainer.h"

#include <Eigen/Core>

#include <random>

namespace digitpad::test {

// A rows x cols matrix of values drawn uniformly from [low, high), the same
// values for the same seed (gradient checks and kernel comparisons repeat).
inline Eigen::MatrixXf random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed, float low = -1.0f,
                                     float high = 1.0f) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(low, high);
  Eigen::MatrixXf m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = uniform(engine);
  return m;
}

// One-hot targets, one column a sample, the classes spread over the columns.
inline Eigen::MatrixXf one_hot_targets(int classes, int cols) {
  Eigen::MatrixXf t = Eigen::MatrixXf::Zero(classes, cols);
  for (int c = 0; c < cols; ++c) t((c * 7 + 3) % classes, c) = 1.0f;
  return t;
}

// Adam at `learning_rate` in batches of `batch_size`, with no evaluation while
// training: the tests' quick runs. The caller sets epochs or iterations.
inline TrainingSettings adam_settings(float learning_rate, int batch_size) {
  TrainingSettings settings;
  settings.optimizer.kind = OptimizerKind::Adam;
  settings.optimizer.learning_rate = learning_rate;
  settings.batch_size = batch_size;
  settings.eval_interval = 0;
  return settings;
}

}  // namespace digitpad::test
