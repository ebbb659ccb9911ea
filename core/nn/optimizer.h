// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace digitpad {

enum class OptimizerKind { GradientDescent, Momentum, Adam };

std::string_view optimizer_name(OptimizerKind kind);  // "gd", "momentum", "adam"
std::optional<OptimizerKind> parse_optimizer(std::string_view name);

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::GradientDescent;
  float learning_rate = 0.5f;
  float momentum = 0.9f;      // Momentum's velocity decay
  float beta1 = 0.9f;         // Adam
  float beta2 = 0.999f;       // Adam
  float epsilon = 1e-8f;      // Adam
  float weight_decay = 0.0f;  // L2: adds weight_decay * w to every weight's gradient
};

// One update rule over the whole flat parameter vector (tiny-dnn's interface:
// update and reset). The gradient already includes any weight decay.
class Optimizer {
 public:
  explicit Optimizer(const OptimizerSettings& settings) : settings_(settings) {}
  virtual ~Optimizer() = default;
  virtual void update(const Eigen::VectorXf& gradient, Eigen::VectorXf& parameters) = 0;
  virtual void reset() = 0;
  // The step size of the next updates: a learning-rate schedule sets it before each one.
  void set_learning_rate(float rate) { settings_.learning_rate = rate; }

 protected:
  OptimizerSettings settings_;
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& settings);

}  // namespace digitpad
