// SPDX-License-Identifier: GPL-3.0-or-later
// The training step's own kernels against the plain computations they
// replace: the sgemm wrapper against a double-precision product (every
// transpose, odd sizes, views into larger matrices, accumulation), and the
// bias + activation and derivative loops against the separate passes.
#include "core/nn/activation.h"
#include "core/nn/gemm.h"

#include "network_helpers.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>

namespace digitpad {
namespace {

using test::random_matrix;

TEST(Gemm, MatchesADoubleProductForEveryTransposeAndOddSize) {
  struct Size {
    Eigen::Index m, n, k;
  };
  unsigned seed = 1;
  for (const Size size :
       {Size{1, 1, 1}, Size{1, 7, 3}, Size{5, 1, 9}, Size{7, 3, 25}, Size{33, 17, 65}, Size{196, 64, 800}}) {
    for (const Transpose ta : {Transpose::No, Transpose::Yes})
      for (const Transpose tb : {Transpose::No, Transpose::Yes})
        for (const bool accumulate : {false, true}) {
          // Stored transposed when asked to be used transposed; each a view
          // into a larger matrix, so strides differ from the row counts.
          const Eigen::MatrixXf a_store = random_matrix(ta == Transpose::Yes ? size.k + 3 : size.m + 3,
                                                        ta == Transpose::Yes ? size.m : size.k, seed++);
          const Eigen::MatrixXf b_store = random_matrix(tb == Transpose::Yes ? size.n + 2 : size.k + 2,
                                                        tb == Transpose::Yes ? size.k : size.n, seed++);
          const auto a = a_store.topRows(a_store.rows() - 3);
          const auto b = b_store.topRows(b_store.rows() - 2);
          Eigen::MatrixXf c_store = random_matrix(size.m + 1, size.n, seed++);
          const Eigen::MatrixXd before = c_store.topRows(size.m).cast<double>();
          gemm(a, ta, b, tb, c_store.topRows(size.m), accumulate);
          const Eigen::MatrixXd left = ta == Transpose::Yes ? Eigen::MatrixXd(a.cast<double>().transpose())
                                                            : Eigen::MatrixXd(a.cast<double>());
          const Eigen::MatrixXd right = tb == Transpose::Yes ? Eigen::MatrixXd(b.cast<double>().transpose())
                                                             : Eigen::MatrixXd(b.cast<double>());
          Eigen::MatrixXd expected = left * right;
          if (accumulate) expected += before;
          const double error = (c_store.topRows(size.m).cast<double>() - expected).cwiseAbs().maxCoeff();
          EXPECT_LT(error, 1e-5 * static_cast<double>(size.k) + 1e-6)
              << size.m << "x" << size.n << "x" << size.k << " transposes " << (ta == Transpose::Yes)
              << (tb == Transpose::Yes) << " accumulate " << accumulate;
        }
  }
}

TEST(FusedActivation, MatchesBiasThenActivationAndTheDerivativePass) {
  const std::optional<Activation> kinds[] = {std::nullopt, Activation::Relu, Activation::Tanh, Activation::Sigmoid};
  unsigned seed = 40;
  for (const std::optional<Activation> kind : kinds)
    for (const Eigen::Index n : {1, 7, 37, 784}) {
      const Eigen::MatrixXf in = random_matrix(n, 1, seed++);
      const float bias = 0.25f;
      Eigen::MatrixXf fused(n, 1), separate = in.array() + bias;
      add_bias_and_activate(in.data(), bias, fused.data(), n, kind);
      if (kind) activate(*kind, separate);
      EXPECT_LT((fused - separate).cwiseAbs().maxCoeff(), 1e-6f) << n;

      // The derivative, from the activation's output as the layers keep it;
      // ReLU's exact zeros included.
      Eigen::MatrixXf output = separate;
      if (kind == Activation::Relu) output(0, 0) = 0.0f;
      const Eigen::MatrixXf gradient = random_matrix(n, 1, seed++);
      Eigen::MatrixXf times(n, 1), expected = gradient;
      copy_times_derivative(gradient.data(), output.data(), times.data(), n, kind);
      if (kind) multiply_by_derivative(*kind, output, expected);
      EXPECT_LT((times - expected).cwiseAbs().maxCoeff(), 1e-6f) << n;
    }
}

}  // namespace
}  // namespace digitpad
