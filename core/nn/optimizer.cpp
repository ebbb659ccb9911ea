// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/optimizer.h"

#include <cmath>

namespace digitpad {
namespace {

// p -= lr * g: the seed's full-batch gradient descent.
class GradientDescent final : public Optimizer {
 public:
  explicit GradientDescent(const OptimizerSettings& s) : Optimizer(s) {}
  void update(const Eigen::VectorXf& gradient, Eigen::VectorXf& parameters) override {
    parameters.noalias() -= settings_.learning_rate * gradient;
  }
  void reset() override {}
};

// Classical momentum: v = mu v - lr g; p += v.
class Momentum final : public Optimizer {
 public:
  explicit Momentum(const OptimizerSettings& s) : Optimizer(s) {}
  void update(const Eigen::VectorXf& gradient, Eigen::VectorXf& parameters) override {
    if (velocity_.size() != parameters.size()) velocity_ = Eigen::VectorXf::Zero(parameters.size());
    velocity_ = settings_.momentum * velocity_ - settings_.learning_rate * gradient;
    parameters += velocity_;
  }
  void reset() override { velocity_.resize(0); }

 private:
  Eigen::VectorXf velocity_;
};

// Adam (Kingma & Ba 2015) with bias-corrected first and second moments.
class Adam final : public Optimizer {
 public:
  explicit Adam(const OptimizerSettings& s) : Optimizer(s) {}
  void update(const Eigen::VectorXf& gradient, Eigen::VectorXf& parameters) override {
    if (first_.size() != parameters.size()) {
      first_ = Eigen::VectorXf::Zero(parameters.size());
      second_ = Eigen::VectorXf::Zero(parameters.size());
      step_ = 0;
    }
    ++step_;
    const float b1 = settings_.beta1, b2 = settings_.beta2;
    first_ = b1 * first_ + (1.0f - b1) * gradient;
    second_ = b2 * second_ + (1.0f - b2) * gradient.cwiseAbs2();
    // Bias correction folded into the step size, as in the paper's section 2.
    const float corrected_rate = settings_.learning_rate * std::sqrt(1.0f - std::pow(b2, static_cast<float>(step_))) /
                                 (1.0f - std::pow(b1, static_cast<float>(step_)));
    parameters.array() -= corrected_rate * first_.array() / (second_.array().sqrt() + settings_.epsilon);
  }
  void reset() override {
    first_.resize(0);
    second_.resize(0);
    step_ = 0;
  }

 private:
  Eigen::VectorXf first_, second_;
  long step_ = 0;
};

}  // namespace

std::string_view optimizer_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::GradientDescent: return "gd";
    case OptimizerKind::Momentum: return "momentum";
    case OptimizerKind::Adam: return "adam";
  }
  return "unknown";
}

std::optional<OptimizerKind> parse_optimizer(std::string_view name) {
  for (OptimizerKind k : {OptimizerKind::GradientDescent, OptimizerKind::Momentum, OptimizerKind::Adam})
    if (optimizer_name(k) == name) return k;
  if (name == "sgd") return OptimizerKind::GradientDescent;
  return std::nullopt;
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& settings) {
  switch (settings.kind) {
    case OptimizerKind::Momentum: return std::make_unique<Momentum>(settings);
    case OptimizerKind::Adam: return std::make_unique<Adam>(settings);
    case OptimizerKind::GradientDescent: break;
  }
  return std::make_unique<GradientDescent>(settings);
}

}  // namespace digitpad
