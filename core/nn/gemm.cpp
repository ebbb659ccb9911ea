// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/gemm.h"

#include <cassert>

#ifdef DIGITPAD_OPENBLAS
#include <cblas.h>
#endif

namespace digitpad {
namespace {

// Eigen's own product: with EIGEN_USE_BLAS, sgemm, or sgemv for one column.
void eigen_product(const Eigen::Ref<const Eigen::MatrixXf>& a, bool ta, const Eigen::Ref<const Eigen::MatrixXf>& b,
                   bool tb, Eigen::Ref<Eigen::MatrixXf> c, bool accumulate) {
  const auto product = [&](const auto& left, const auto& right) {
    if (accumulate)
      c.noalias() += left * right;
    else
      c.noalias() = left * right;
  };
  if (ta && tb)
    product(a.transpose(), b.transpose());
  else if (ta)
    product(a.transpose(), b);
  else if (tb)
    product(a, b.transpose());
  else
    product(a, b);
}

}  // namespace

void gemm(const Eigen::Ref<const Eigen::MatrixXf>& a, Transpose transpose_a,
          const Eigen::Ref<const Eigen::MatrixXf>& b, Transpose transpose_b, Eigen::Ref<Eigen::MatrixXf> c,
          bool accumulate) {
  const bool ta = transpose_a == Transpose::Yes, tb = transpose_b == Transpose::Yes;
  const Eigen::Index m = ta ? a.cols() : a.rows(), k = ta ? a.rows() : a.cols(), n = tb ? b.rows() : b.cols();
  assert(c.rows() == m && c.cols() == n && (tb ? b.cols() : b.rows()) == k);
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) c.setZero();
    return;
  }
#ifdef DIGITPAD_OPENBLAS
  // A single column or row is a matrix-vector product: Eigen sends it to
  // sgemv, where sgemm would first pack the whole matrix (a canvas
  // prediction is one column through every layer).
  if (n == 1 || m == 1) return eigen_product(a, ta, b, tb, c, accumulate);
  cblas_sgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, static_cast<blasint>(m),
              static_cast<blasint>(n), static_cast<blasint>(k), 1.0f, a.data(), static_cast<blasint>(a.outerStride()),
              b.data(), static_cast<blasint>(b.outerStride()), accumulate ? 1.0f : 0.0f, c.data(),
              static_cast<blasint>(c.outerStride()));
#else
  eigen_product(a, ta, b, tb, c, accumulate);
#endif
}

}  // namespace digitpad
