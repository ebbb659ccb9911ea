// SPDX-License-Identifier: GPL-3.0-or-later
// Forward pass, cost and gradients of the network, checked against hand
// computation and finite differences.
#include "core/nn/gradient_check.h"
#include "core/nn/network.h"
#include "core/util/error.h"

#include "network_helpers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace digitpad {
namespace {

// Inputs in [0, 1), as pixels are.
Eigen::MatrixXf random_inputs(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  return test::random_matrix(rows, cols, seed, 0.0f, 1.0f);
}

using test::one_hot_targets;

TEST(Architecture, CountsParametersOfEveryLayer) {
  const Architecture a = Architecture::mlp(784, {1000}, 10, Activation::Tanh);
  EXPECT_EQ(a.parameter_count(), 785 * 1000 + 1001 * 10);
  const Architecture deep = Architecture::mlp(4, {3, 2}, 5, Activation::Relu);
  EXPECT_EQ(deep.parameter_count(), 5 * 3 + 4 * 2 + 3 * 5);
  EXPECT_EQ(deep.layers, dense_layers({3, 2}));
}

TEST(Architecture, RejectsAbsurdSizes) {
  EXPECT_THROW((Network(Architecture::mlp(784, {0}, 10, Activation::Tanh), 0.01f, 1)), Error);
  EXPECT_THROW((Network(Architecture::mlp(784, {2'000'000}, 10, Activation::Tanh), 0.01f, 1)), Error);
  EXPECT_THROW((Network(Architecture::mlp(784, {100000, 100000}, 10, Activation::Tanh), 0.01f, 1)), Error);
  EXPECT_THROW((Network(Architecture::mlp(784, {10}, 10, Activation::Tanh), Eigen::VectorXf(3))), Error);
}

TEST(Network, ForwardMatchesHandComputation) {
  // 2 -> 2 tanh -> 2 softmax with chosen weights; values worked out by hand.
  const Architecture a = Architecture::mlp(2, {2}, 2, Activation::Tanh);
  Network net(a, 0.0f, 1);
  net.weights(0) << 0.5f, -1.0f, 0.25f, 2.0f;
  net.biases(0) << 0.1f, -0.2f;
  net.weights(1) << 1.0f, 1.0f, -1.0f, 0.5f;
  net.biases(1) << 0.0f, 0.3f;
  Eigen::MatrixXf x(2, 1);
  x << 1.0f, 0.5f;

  const float h0 = std::tanh(0.5f * 1 - 1.0f * 0.5f + 0.1f);
  const float h1 = std::tanh(0.25f * 1 + 2.0f * 0.5f - 0.2f);
  const float z0 = h0 + h1, z1 = -h0 + 0.5f * h1 + 0.3f;
  const float p0 = std::exp(z0) / (std::exp(z0) + std::exp(z1));

  const Eigen::MatrixXf p = net.probabilities(x);
  EXPECT_FLOAT_EQ(p(0, 0), p0);
  EXPECT_FLOAT_EQ(p(1, 0), 1.0f - p0);
}

TEST(Network, SameSeedSameWeightsDifferentSeedDifferent) {
  const Architecture a = Architecture::mlp(784, {64}, 10, Activation::Tanh);
  const Network first(a, 0.01f, 42), second(a, 0.01f, 42), other(a, 0.01f, 43);
  EXPECT_EQ(first.parameters(), second.parameters());
  EXPECT_NE(first.parameters(), other.parameters());
  // Weights ~ N(0, 0.01^2): the sample standard deviation of 50k draws is close.
  const Eigen::Map<const Eigen::VectorXf> w(first.weights(0).data(), first.weights(0).size());
  const float mean = w.mean();
  const float sd = std::sqrt((w.array() - mean).square().mean());
  EXPECT_NEAR(mean, 0.0f, 2e-4f);
  EXPECT_NEAR(sd, 0.01f, 2e-4f);
  EXPECT_TRUE(first.biases(0).isZero());
}

TEST(Network, SoftmaxAndCrossEntropyStayFiniteForHugeLogits) {
  const Architecture a = Architecture::mlp(3, {2}, 3, Activation::Relu);
  Network net(a, 0.0f, 1);
  net.weights(0).setConstant(1000.0f);                    // ReLU passes the huge values on
  net.weights(1) << 1e4f, 0.0f, -1e4f, 0.0f, 0.0f, 0.0f;  // logits 3e7, -3e7, 0
  Eigen::MatrixXf x = Eigen::MatrixXf::Ones(3, 2);
  ForwardCache cache;
  net.forward(x, cache);
  const Eigen::MatrixXf& p = cache.outputs.back();
  ASSERT_TRUE(p.allFinite());
  EXPECT_NEAR(p.col(0).sum(), 1.0f, 1e-6f);
  EXPECT_FLOAT_EQ(p(0, 0), 1.0f);

  Eigen::MatrixXf right = Eigen::MatrixXf::Zero(3, 2), wrong = Eigen::MatrixXf::Zero(3, 2);
  right.row(0).setOnes();
  wrong.row(1).setOnes();
  EXPECT_NEAR(Network::cross_entropy(cache, right), 0.0f, 1e-6f);
  const float wrong_cost = Network::cross_entropy(cache, wrong);
  EXPECT_TRUE(std::isfinite(wrong_cost));
  EXPECT_GT(wrong_cost, 50.0f);

  Eigen::VectorXf gradient;
  net.backward(x, cache, wrong, gradient);
  EXPECT_TRUE(gradient.allFinite());
}

TEST(Network, ClassifyAndAccuracyAgreeWithProbabilities) {
  const Architecture a = Architecture::mlp(20, {8}, 10, Activation::Sigmoid);
  const Network net(a, 0.5f, 3);
  const Eigen::MatrixXf x = random_inputs(20, 5000, 9);  // more than one evaluation slice
  const Eigen::MatrixXf p = net.probabilities(x);
  const std::vector<int> classes = net.classify(x);
  std::vector<std::uint8_t> labels(5000);
  int agree = 0;
  for (int c = 0; c < 5000; ++c) {
    Eigen::Index best;
    p.col(c).maxCoeff(&best);
    EXPECT_EQ(classes[c], best);
    labels[c] = static_cast<std::uint8_t>(c % 10);
    agree += classes[c] == c % 10;
  }
  EXPECT_FLOAT_EQ(accuracy(net, x, labels), agree / 5000.0f);
  const ConfusionMatrix confusion = confusion_matrix(net, x, labels);
  int total = 0, diagonal = 0;
  for (int t = 0; t < 10; ++t)
    for (int q = 0; q < 10; ++q) total += confusion[t][q], diagonal += t == q ? confusion[t][q] : 0;
  EXPECT_EQ(total, 5000);
  EXPECT_EQ(diagonal, agree);
}

struct GradientCase {
  Activation activation;
  std::vector<int> hidden;
};

class GradientCheck : public testing::TestWithParam<GradientCase> {};

TEST_P(GradientCheck, BackwardMatchesCentralDifferences) {
  const GradientCase& c = GetParam();
  Network net(Architecture::mlp(12, c.hidden, 4, c.activation), 0.5f, 11);
  if (c.activation == Activation::Relu) {
    // Keep pre-activations away from ReLU's kink, where finite differences lie:
    // positive inputs, positive biases and mostly positive weights.
    for (int l = 0; l < net.layer_count(); ++l) {
      net.biases(l).setConstant(0.2f);
      net.weights(l).array() += 0.3f;
    }
  }
  const Eigen::MatrixXf x = random_inputs(12, 6, 5);
  const Eigen::MatrixXf y = one_hot_targets(4, 6);
  const GradientCheckResult r = check_gradient(net, x, y, 0, 1e-2f);
  EXPECT_EQ(r.checked, net.parameters().size());
  EXPECT_LT(r.max_relative_error, 2e-2f);
}

INSTANTIATE_TEST_SUITE_P(EveryActivationAndDepth, GradientCheck,
                         testing::Values(GradientCase{Activation::Tanh, {7}}, GradientCase{Activation::Tanh, {7, 5}},
                                         GradientCase{Activation::Sigmoid, {7}},
                                         GradientCase{Activation::Sigmoid, {6, 5, 3}},
                                         GradientCase{Activation::Relu, {7}}, GradientCase{Activation::Relu, {7, 5}}),
                         [](const testing::TestParamInfo<GradientCase>& info) {
                           return std::string(activation_name(info.param.activation)) + "_" +
                                  std::to_string(info.param.hidden.size()) + "_hidden";
                         });

TEST(GradientCheck, BlankInputRowsTakeTheCompactPathWithTheSameGradient) {
  // Like MNIST's border: half of the input rows are zero in every sample.
  Network net(Architecture::mlp(40, {9, 6}, 4, Activation::Tanh), 0.5f, 13);
  Eigen::MatrixXf x = random_inputs(40, 8, 21);
  for (int r = 0; r < 40; r += 2) x.row(r).setZero();
  const Eigen::MatrixXf y = one_hot_targets(4, 8);
  ForwardCache cache;
  net.forward(x, cache);
  const Eigen::MatrixXf dense_output = net.weights(0) * x;
  EXPECT_TRUE((cache.outputs[0].array() - (dense_output.colwise() + Eigen::VectorXf(net.biases(0))).array().tanh())
                  .abs()
                  .maxCoeff() < 1e-6f);
  Eigen::VectorXf gradient;
  net.backward(x, cache, y, gradient);
  const Eigen::MatrixXf dense_gradient = cache.deltas[0] * x.transpose();
  EXPECT_LT((net.weights_in(gradient, 0) - dense_gradient).cwiseAbs().maxCoeff(), 1e-6f);
  EXPECT_LT(check_gradient(net, x, y, 0, 1e-2f).max_relative_error, 2e-2f);
}

TEST(GradientCheck, DetectsAWrongGradient) {
  // The check itself must be able to fail: the real check (compare_gradient,
  // which check_gradient calls with backward()'s gradient) is handed the true
  // gradient, then the same gradient with one mistake of the kinds a backward
  // pass makes, and must pass the first and reject each of the others.
  Network net(Architecture::mlp(12, {7}, 4, Activation::Tanh), 0.5f, 11);
  const Eigen::MatrixXf x = random_inputs(12, 6, 5);
  const Eigen::MatrixXf y = one_hot_targets(4, 6);
  ForwardCache cache;
  Eigen::VectorXf analytic;
  net.forward(x, cache);
  net.backward(x, cache, y, analytic);
  const Eigen::VectorXf parameters_before = net.parameters();

  const GradientCheckResult right = compare_gradient(net, x, y, analytic, 0);
  EXPECT_EQ(right.checked, net.parameters().size());
  EXPECT_LT(right.max_relative_error, 2e-2f);

  // One weight's gradient half as large again (a wrong factor in one place).
  Eigen::VectorXf one_wrong = analytic;
  Eigen::Index largest = 0;
  analytic.cwiseAbs().maxCoeff(&largest);
  one_wrong[largest] *= 1.5f;
  EXPECT_GT(compare_gradient(net, x, y, one_wrong, 0).max_relative_error, 0.15f);

  // The whole gradient doubled (the softmax's p - y counted twice).
  EXPECT_GT(compare_gradient(net, x, y, 2.0f * analytic, 0).max_relative_error, 0.3f);

  // The first layer's weight gradient transposed (W^T where W was meant):
  // same numbers, wrong places.
  Eigen::VectorXf transposed = analytic;
  net.weights_in(transposed, 0).setZero();
  const Eigen::MatrixXf w0 = net.weights_in(analytic, 0);
  Eigen::Map<Eigen::MatrixXf>(net.weights_in(transposed, 0).data(), w0.cols(), w0.rows()) = w0.transpose();
  EXPECT_GT(compare_gradient(net, x, y, transposed, 0).max_relative_error, 0.5f);

  // The output biases forgotten.
  Eigen::VectorXf no_bias = analytic;
  no_bias.tail(4).setZero();
  EXPECT_GT(compare_gradient(net, x, y, no_bias, 0).max_relative_error, 0.5f);

  // The check leaves the parameters as it found them.
  EXPECT_TRUE(net.parameters() == parameters_before);
}

}  // namespace
}  // namespace digitpad
