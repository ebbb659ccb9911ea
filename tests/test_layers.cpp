// SPDX-License-Identifier: GPL-3.0-or-later
// The layers one by one: convolution and pooling against values worked out by
// hand and against a direct (naive) computation, a 1x1 convolution against a
// dense layer, dropout's two modes, and a gradient check for every layer kind
// and for whole small convolutional networks.
#include "core/nn/gradient_check.h"
#include "core/nn/layers/conv2d.h"
#include "core/nn/layers/dense.h"
#include "core/nn/layers/dropout.h"
#include "core/nn/layers/max_pool.h"
#include "core/nn/network.h"

#include "network_helpers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

namespace digitpad {
namespace {

using test::one_hot_targets;
using test::random_matrix;

// Index of weight (filter f, channel c, ky, kx) in a conv layer's slice (OIHW).
Eigen::Index conv_weight(int f, int c, int ky, int kx, int channels, int kernel) {
  return ((Eigen::Index{f} * channels + c) * kernel + ky) * kernel + kx;
}

// Straight from the definition: out[f][y][x] = b[f] + sum over c, ky, kx of
// w[f][c][ky][kx] * in[c][y + ky - K/2][x + kx - K/2], zero outside the map.
Eigen::MatrixXf naive_convolution(const Eigen::VectorXf& parameters, const Eigen::MatrixXf& in, const Shape& shape,
                                  int filters, int kernel) {
  const int pad = kernel / 2;
  const Eigen::Index weights = Eigen::Index{filters} * shape.channels * kernel * kernel;
  Eigen::MatrixXf out(Eigen::Index{filters} * shape.height * shape.width, in.cols());
  for (Eigen::Index b = 0; b < in.cols(); ++b)
    for (int f = 0; f < filters; ++f)
      for (int y = 0; y < shape.height; ++y)
        for (int x = 0; x < shape.width; ++x) {
          double sum = parameters[weights + f];
          for (int c = 0; c < shape.channels; ++c)
            for (int ky = 0; ky < kernel; ++ky)
              for (int kx = 0; kx < kernel; ++kx) {
                const int sy = y + ky - pad, sx = x + kx - pad;
                if (sy < 0 || sy >= shape.height || sx < 0 || sx >= shape.width) continue;
                sum += parameters[conv_weight(f, c, ky, kx, shape.channels, kernel)] *
                       in((Eigen::Index{c} * shape.height + sy) * shape.width + sx, b);
              }
          out((Eigen::Index{f} * shape.height + y) * shape.width + x, b) = static_cast<float>(sum);
        }
  return out;
}

// ---- Convolution ----

TEST(Conv2d, ForwardMatchesHandComputation) {
  // Two 3x3 channels: the first 1..9 row by row, the second all 10.
  // Filter 0 reads channel 0 through a "plus" kernel (centre 2, its four
  // neighbours 1); filter 1 reads channel 1 at the centre and up-left.
  const Shape shape{2, 3, 3};
  const Conv2dLayer conv(shape, 2, 3, std::nullopt);
  ASSERT_EQ(conv.parameter_count(), 2 * 2 * 9 + 2);
  Eigen::VectorXf p = Eigen::VectorXf::Zero(conv.parameter_count());
  p[conv_weight(0, 0, 1, 1, 2, 3)] = 2;
  p[conv_weight(0, 0, 0, 1, 2, 3)] = 1;
  p[conv_weight(0, 0, 1, 0, 2, 3)] = 1;
  p[conv_weight(0, 0, 1, 2, 2, 3)] = 1;
  p[conv_weight(0, 0, 2, 1, 2, 3)] = 1;
  p[conv_weight(1, 1, 1, 1, 2, 3)] = 1;
  p[conv_weight(1, 1, 0, 0, 2, 3)] = 1;
  p[conv.weight_count() + 0] = 0.5f;   // bias of filter 0
  p[conv.weight_count() + 1] = -1.0f;  // bias of filter 1
  Eigen::MatrixXf in(18, 1);
  for (int i = 0; i < 9; ++i) in(i, 0) = static_cast<float>(i + 1);
  for (int i = 9; i < 18; ++i) in(i, 0) = 10.0f;

  Eigen::MatrixXf out;
  auto state = conv.make_state();
  conv.forward(p.data(), in, out, state.get(), {});
  ASSERT_EQ(out.rows(), 18);
  // Filter 0, row by row. Top-left: 2*1 + 2 (right) + 4 (below) + 0.5.
  const float expected0[9] = {8.5f, 13.5f, 14.5f, 21.5f, 30.5f, 29.5f, 26.5f, 37.5f, 32.5f};
  // Filter 1: 10 at the centre, plus 10 up-left where that is inside, minus 1.
  const float expected1[9] = {9, 9, 9, 9, 19, 19, 9, 19, 19};
  for (int i = 0; i < 9; ++i) {
    EXPECT_FLOAT_EQ(out(i, 0), expected0[i]) << "filter 0 pixel " << i;
    EXPECT_FLOAT_EQ(out(9 + i, 0), expected1[i]) << "filter 1 pixel " << i;
  }
}

TEST(Conv2d, ForwardMatchesTheDefinitionAcrossChunksOfTheBatch) {
  // 120 digits of 28x28 through a 5x5 convolution: the patch matrix holds
  // about 53 digits, so the batch goes through in three chunks.
  const Shape shape{1, 28, 28};
  const Conv2dLayer conv(shape, 4, 5, std::nullopt);
  const Eigen::VectorXf p = random_matrix(conv.parameter_count(), 1, 3);
  const Eigen::MatrixXf in = random_matrix(784, 120, 4, 0.0f, 1.0f);
  Eigen::MatrixXf out;
  auto state = conv.make_state();
  conv.forward(p.data(), in, out, state.get(), {});
  const Eigen::MatrixXf expected = naive_convolution(p, in, shape, 4, 5);
  EXPECT_LT((out - expected).cwiseAbs().maxCoeff(), 1e-4f);
}

// The backward pass straight from the definition, in double: with
// delta = grad_out * f'(out), dW[f][c][ky][kx] = sum over samples and pixels
// of delta[f][y][x] * in[c][y + ky - K/2][x + kx - K/2], db[f] = sum of
// delta[f], and each input pixel gets back what it contributed.
struct NaiveConvGradients {
  Eigen::VectorXd parameters;
  Eigen::MatrixXd inputs;
};
NaiveConvGradients naive_convolution_backward(const Eigen::VectorXf& parameters, const Eigen::MatrixXf& in,
                                              const Eigen::MatrixXf& out, const Eigen::MatrixXf& grad_out,
                                              const Shape& shape, int filters, int kernel) {
  const int pad = kernel / 2;
  const Eigen::Index weights = Eigen::Index{filters} * shape.channels * kernel * kernel;
  NaiveConvGradients g{Eigen::VectorXd::Zero(weights + filters), Eigen::MatrixXd::Zero(in.rows(), in.cols())};
  for (Eigen::Index b = 0; b < in.cols(); ++b)
    for (int f = 0; f < filters; ++f)
      for (int y = 0; y < shape.height; ++y)
        for (int x = 0; x < shape.width; ++x) {
          const Eigen::Index o = (Eigen::Index{f} * shape.height + y) * shape.width + x;
          const double delta = out(o, b) > 0 ? grad_out(o, b) : 0.0;  // ReLU
          g.parameters[weights + f] += delta;
          for (int c = 0; c < shape.channels; ++c)
            for (int ky = 0; ky < kernel; ++ky)
              for (int kx = 0; kx < kernel; ++kx) {
                const int sy = y + ky - pad, sx = x + kx - pad;
                if (sy < 0 || sy >= shape.height || sx < 0 || sx >= shape.width) continue;
                const Eigen::Index i = (Eigen::Index{c} * shape.height + sy) * shape.width + sx;
                const Eigen::Index w = conv_weight(f, c, ky, kx, shape.channels, kernel);
                g.parameters[w] += delta * in(i, b);
                g.inputs(i, b) += delta * parameters[w];
              }
        }
  return g;
}

TEST(Conv2d, BackwardMatchesTheDefinitionForOneOddAndManyPiecesOfTheBatch) {
  // 8 channels of 28x28 through 5x5 filters: a chunk holds 6 digits, so 120
  // digits make 8 pieces of 15, each in chunks of 6, 6 and 3; 13 make pieces
  // of 2 and a last one of 1; 1 is one piece.
  const Shape shape{8, 28, 28};
  const Conv2dLayer conv(shape, 3, 5, Activation::Relu);
  const Eigen::VectorXf p = random_matrix(conv.parameter_count(), 1, 21, -0.2f, 0.2f);
  for (const Eigen::Index batch : {1, 13, 120}) {
    const Eigen::MatrixXf in = random_matrix(shape.size(), batch, 22, 0.0f, 1.0f);
    const Eigen::MatrixXf grad_out = random_matrix(conv.output_shape().size(), batch, 23);
    Eigen::MatrixXf out, grad_in, delta = grad_out;
    Eigen::VectorXf gradient(conv.parameter_count());
    auto state = conv.make_state();
    conv.forward(p.data(), in, out, state.get(), {});
    conv.backward(p.data(), in, out, delta, &grad_in, gradient.data(), state.get());
    const NaiveConvGradients expected = naive_convolution_backward(p, in, out, grad_out, shape, 3, 5);
    // Sums of up to 120 * 784 terms of size ~1 in float.
    const double scale = std::max(1.0, expected.parameters.cwiseAbs().maxCoeff());
    EXPECT_LT((gradient.cast<double>() - expected.parameters).cwiseAbs().maxCoeff() / scale, 1e-5) << batch;
    EXPECT_LT((grad_in.cast<double>() - expected.inputs).cwiseAbs().maxCoeff(), 1e-4) << batch;
  }
}

TEST(Conv2d, SeveralChannelsOnANonSquareMapMatchTheDefinition) {
  const Shape shape{3, 7, 6};
  const Conv2dLayer conv(shape, 5, 3, Activation::Tanh);
  const Eigen::VectorXf p = random_matrix(conv.parameter_count(), 1, 5);
  const Eigen::MatrixXf in = random_matrix(shape.size(), 4, 6);
  Eigen::MatrixXf out;
  auto state = conv.make_state();
  conv.forward(p.data(), in, out, state.get(), {});
  const Eigen::MatrixXf expected = naive_convolution(p, in, shape, 5, 3).array().tanh().matrix();
  EXPECT_LT((out - expected).cwiseAbs().maxCoeff(), 1e-5f);
}

TEST(Conv2d, AKernelWiderThanTheMapSeesOnlyTheMap) {
  // A 15x15 kernel on a 2x2 map: every output pixel sums the whole map with
  // the kernel's central 3x3 part, shifted; nothing outside the buffers is read.
  const Shape shape{1, 2, 2};
  const Conv2dLayer conv(shape, 1, 15, std::nullopt);
  const Eigen::VectorXf p = random_matrix(conv.parameter_count(), 1, 12);
  const Eigen::MatrixXf in = random_matrix(4, 3, 13);
  Eigen::MatrixXf out;
  auto state = conv.make_state();
  conv.forward(p.data(), in, out, state.get(), {});
  EXPECT_LT((out - naive_convolution(p, in, shape, 1, 15)).cwiseAbs().maxCoeff(), 1e-5f);
}

TEST(Conv2d, OneByOneKernelIsADenseLayerOverTheChannelsOfEachPixel) {
  const Shape shape{6, 4, 5};
  const int filters = 3;
  const Conv2dLayer conv(shape, filters, 1, Activation::Relu);
  const DenseLayer dense(Shape::flat(6), filters, Activation::Relu);
  ASSERT_EQ(conv.parameter_count(), dense.parameter_count());
  const Eigen::VectorXf conv_p = random_matrix(conv.parameter_count(), 1, 7);
  // Conv weights are filters x channels (OIHW with K = 1), i.e. a channels x
  // filters column-major matrix; the dense layer wants filters x channels.
  Eigen::VectorXf dense_p(dense.parameter_count());
  Eigen::Map<Eigen::MatrixXf>(dense_p.data(), filters, 6) =
      Eigen::Map<const Eigen::MatrixXf>(conv_p.data(), 6, filters).transpose();
  dense_p.tail(filters) = conv_p.tail(filters);

  const Eigen::MatrixXf in = random_matrix(shape.size(), 2, 8);
  Eigen::MatrixXf conv_out, dense_out;
  auto conv_state = conv.make_state();
  auto dense_state = dense.make_state();
  conv.forward(conv_p.data(), in, conv_out, conv_state.get(), {});
  const Eigen::Index plane = 4 * 5;
  for (Eigen::Index b = 0; b < in.cols(); ++b)
    for (Eigen::Index pixel = 0; pixel < plane; ++pixel) {
      Eigen::MatrixXf channels(6, 1);
      for (int c = 0; c < 6; ++c) channels(c, 0) = in(c * plane + pixel, b);
      dense.forward(dense_p.data(), channels, dense_out, dense_state.get(), {});
      for (int f = 0; f < filters; ++f)
        EXPECT_NEAR(conv_out(f * plane + pixel, b), dense_out(f, 0), 1e-5f) << "pixel " << pixel << " filter " << f;
    }
}

// ---- Max pooling ----

TEST(MaxPool, ForwardTakesTheMaximumOfEachWindowAndBackwardRoutesToIt) {
  // One 4x4 channel, pooled by 2.
  const MaxPoolLayer pool(Shape{1, 4, 4}, 2);
  ASSERT_EQ(pool.output_shape(), (Shape{1, 2, 2}));
  Eigen::MatrixXf in(16, 1);
  in.col(0) << 1, 5, 2, 0,  //
      3, 4, 8, 7,           //
      -1, -2, 6, 6,         //
      -3, -4, 9, 1;
  Eigen::MatrixXf out;
  auto state = pool.make_state();
  pool.forward(nullptr, in, out, state.get(), {});
  EXPECT_EQ(out.col(0), (Eigen::Vector4f(5, 8, -1, 9)));

  Eigen::MatrixXf grad_out(4, 1), grad_in;
  grad_out.col(0) << 10, 20, 30, 40;
  pool.backward(nullptr, in, out, grad_out, &grad_in, nullptr, state.get());
  Eigen::VectorXf expected = Eigen::VectorXf::Zero(16);
  expected[1] = 10;   // the 5
  expected[6] = 20;   // the 8
  expected[8] = 30;   // the -1
  expected[14] = 40;  // the 9
  EXPECT_EQ(grad_in.col(0), expected);
}

TEST(MaxPool, AnOddSideLosesItsLastRowAndColumnAsInPyTorch) {
  const MaxPoolLayer pool(Shape{2, 5, 5}, 2);
  ASSERT_EQ(pool.output_shape(), (Shape{2, 2, 2}));
  Eigen::MatrixXf in = Eigen::MatrixXf::Zero(50, 1);
  in(24, 0) = 100;    // channel 0, row 4, column 4: outside every window
  in(25 + 6, 0) = 7;  // channel 1, row 1, column 1: in the first window
  Eigen::MatrixXf out;
  auto state = pool.make_state();
  pool.forward(nullptr, in, out, state.get(), {});
  EXPECT_EQ(out.col(0).head(4), Eigen::Vector4f::Zero());
  EXPECT_EQ(out(4, 0), 7.0f);
}

// ---- Dropout ----

TEST(Dropout, IsTheIdentityForInferenceAndDropsAboutRWhileTraining) {
  const DropoutLayer dropout(Shape::flat(1000), 0.3f);
  const Eigen::MatrixXf in = Eigen::MatrixXf::Ones(1000, 20);
  Eigen::MatrixXf out;
  auto state = dropout.make_state();
  dropout.forward(nullptr, in, out, state.get(), {});
  EXPECT_EQ(out, in);

  std::mt19937_64 engine(1);
  dropout.forward(nullptr, in, out, state.get(), PassMode::for_training(engine));
  const Eigen::Index dropped = (out.array() == 0.0f).count();
  EXPECT_NEAR(static_cast<double>(dropped) / static_cast<double>(out.size()), 0.3, 0.01);
  // The kept values are scaled so that the mean stays where it was.
  EXPECT_TRUE(((out.array() == 0.0f) || (out.array() - 1.0f / 0.7f).abs() < 1e-6f).all());
  EXPECT_NEAR(out.mean(), 1.0f, 0.02f);

  // The gradient flows through the kept values only, with the same scale.
  Eigen::MatrixXf grad_out = Eigen::MatrixXf::Constant(1000, 20, 2.0f), grad_in;
  dropout.backward(nullptr, in, out, grad_out, &grad_in, nullptr, state.get());
  EXPECT_EQ(grad_in, (2.0f * out).eval());
}

TEST(Dropout, NetworkPredictionsIgnoreDropoutOutsideTraining) {
  Architecture with;
  with.input = Shape{1, 6, 6};
  with.layers = parse_layer_list("conv2@3,drop0.5,dense5");
  with.outputs = 3;
  Architecture without = with;
  without.layers = parse_layer_list("conv2@3,dense5");
  const Network a(with, 0.5f, 3);
  const Network b(without, a.parameters());  // dropout owns no parameters
  const Eigen::MatrixXf x = random_matrix(36, 4, 9);
  EXPECT_EQ(a.probabilities(x), b.probabilities(x));
}

// ---- Gradient checks: every layer kind and whole networks ----

struct NetworkCase {
  std::string label;
  Shape input;
  std::string layers;
  Activation activation;
  bool training;  // dropout active (with fixed masks)
};

class LayerGradientCheck : public testing::TestWithParam<NetworkCase> {};

TEST_P(LayerGradientCheck, BackwardMatchesCentralDifferences) {
  const NetworkCase& c = GetParam();
  Architecture architecture;
  architecture.input = c.input;
  architecture.layers = parse_layer_list(c.layers);
  architecture.outputs = 4;
  architecture.activation = c.activation;
  Network net(architecture, 0.4f, 11);
  if (c.activation == Activation::Relu) {
    // Keep pre-activations away from ReLU's kink, where finite differences lie.
    for (int l = 0; l < net.layer_count(); ++l)
      if (net.layer(l).parameter_count() > 0) {
        net.biases(l).setConstant(0.1f);
        net.weights(l).array() += 0.1f;
      }
  }
  const Eigen::MatrixXf x = random_matrix(c.input.size(), 5, 5, 0.0f, 1.0f);
  const Eigen::MatrixXf y = one_hot_targets(4, 5);
  const GradientCheckResult r = check_gradient(net, x, y, 0, 1e-2f, c.training);
  EXPECT_EQ(r.checked, net.parameters().size());
  // Where a pooled maximum moves within one step the one-sided difference is
  // compared; most parameters must still pass the central difference.
  EXPECT_LE(r.kinks, net.parameters().size() / 4) << "too many kinks to trust the check";
  // With pooling, a maximum can move to another pixel on both sides of a
  // parameter within one step, where neither difference is a derivative: a
  // looser bound there (a wrong gradient is off by far more, see below).
  const bool pools = c.layers.find("pool") != std::string::npos;
  EXPECT_LT(r.max_relative_error, pools ? 0.1f : 2e-2f);
}

INSTANTIATE_TEST_SUITE_P(
    EveryLayerKind, LayerGradientCheck,
    testing::Values(
        NetworkCase{"dense", Shape::flat(10), "dense6", Activation::Tanh, false},
        NetworkCase{"conv", Shape{2, 5, 5}, "conv3@3", Activation::Tanh, false},
        NetworkCase{"conv_sigmoid_5x5_kernel", Shape{1, 6, 6}, "conv2@5", Activation::Sigmoid, false},
        NetworkCase{"conv_relu", Shape{2, 5, 4}, "conv3@3", Activation::Relu, false},
        NetworkCase{"pool", Shape{2, 6, 6}, "conv3@3,pool2", Activation::Tanh, false},
        NetworkCase{"pool_odd_side", Shape{1, 7, 7}, "conv2@3,pool3", Activation::Tanh, false},
        NetworkCase{"dropout", Shape::flat(10), "dense8,drop0.5", Activation::Tanh, true},
        // Batch normalisation through the batch's statistics (training) and
        // through its running ones (inference), per channel and per unit.
        NetworkCase{"batch_norm_conv_training", Shape{2, 5, 5}, "conv3@3,bn", Activation::Tanh, true},
        NetworkCase{"batch_norm_conv_inference", Shape{2, 5, 5}, "conv3@3,bn", Activation::Tanh, false},
        NetworkCase{"batch_norm_dense_training", Shape::flat(10), "dense6,bn,dense5", Activation::Tanh, true},
        NetworkCase{"batch_norm_first_and_pooled", Shape{1, 6, 6}, "bn,conv2@3,bn,pool2", Activation::Tanh, true},
        NetworkCase{"small_convnet", Shape{1, 8, 8}, "conv4@3,pool2,conv6@3,pool2,drop0.3,dense7", Activation::Tanh,
                    true},
        NetworkCase{"small_convnet_relu", Shape{1, 8, 8}, "conv3@3,pool2,conv4@3,dense6", Activation::Relu, false},
        // Maps smaller than the kernel: after a dense layer (1x1) and after pooling down to 2x2.
        NetworkCase{"kernel_wider_than_a_1x1_map", Shape::flat(10), "dense6,conv3@5", Activation::Tanh, false},
        NetworkCase{"kernel_wider_than_a_2x2_map", Shape{1, 4, 4}, "conv2@3,pool2,conv3@5", Activation::Tanh, false}),
    [](const testing::TestParamInfo<NetworkCase>& info) { return info.param.label; });

TEST(LayerGradientCheck, DetectsAWrongConvolutionGradient) {
  // The check must be able to fail: the real gradient of a convnet with one
  // filter weight's entry changed is reported as wrong.
  Architecture architecture;
  architecture.input = Shape{1, 5, 5};
  architecture.layers = parse_layer_list("conv2@3,pool2");
  architecture.outputs = 3;
  Network net(architecture, 0.5f, 2);
  const Eigen::MatrixXf x = random_matrix(25, 4, 3, 0.0f, 1.0f);
  const Eigen::MatrixXf y = one_hot_targets(3, 4);
  ForwardCache cache;
  Eigen::VectorXf gradient;
  net.forward(x, cache);
  net.backward(x, cache, y, gradient);
  EXPECT_LT(compare_gradient(net, x, y, gradient, 0).max_relative_error, 2e-2f);
  Eigen::VectorXf wrong = gradient;
  wrong[4] *= 1.5f;  // one filter weight's gradient half as large again
  EXPECT_GT(compare_gradient(net, x, y, wrong, 0).max_relative_error, 0.15f);
  wrong = gradient;
  wrong.tail(3).setZero();  // the output biases forgotten
  EXPECT_GT(compare_gradient(net, x, y, wrong, 0).max_relative_error, 0.5f);
}

}  // namespace
}  // namespace digitpad
