// SPDX-License-Identifier: GPL-3.0-or-later
#include "nn/gemm.h"

#include <cassert>

#ifdef DIGITPAD_OPENBLAS
#include <cblas.h>
#endif

namespace digitpad {

void gemm(const Eigen::Ref<const Eigen::MatrixXf>& a, Transpose transpose_a, const Eigen::Ref<const Eigen::MatrixXf>& b,
          Transpose transpose_b, Eigen::Ref<Eigen::MatrixXf> c, bool accumulate) {
  const bool ta = transpose_a == Transpose::Yes, tb = transpose_b == Transpose::Yes;
  const Eigen::Index m = ta ? a.cols() : a.rows(), k = ta ? a.rows() : a.cols(), n = tb ? b.rows() : b.cols();
  assert(c.rows() == m && c.cols() == n && (tb ? b.cols() : b.rows()) == k);
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) c.setZero();
    return;
  }
#ifdef DIGITPAD_OPENBLAS
  cblas_sgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, static_cast<blasint>(m),
              static_cast<blasint>(n), static_cast<blasint>(k), 1.0f, a.data(), static_cast<blasint>(a.outerStride()),
              b.data(), static_cast<blasint>(b.outerStride()), accumulate ? 1.0f : 0.0f, c.data(),
              static_cast<blasint>(c.outerStride()));
#else
  const auto product = [&](const auto& left, const auto& right) {
    if (accumulate)
      c.noalias() += left * right;
    else
      c.noalias() = left * right;
  };
  if (ta && tb) product(a.transpose(), b.transpose());
  else if (ta) product(a.transpose(), b);
  else if (tb) product(a, b.transpose());
  else product(a, b);
#endif
}

}  // namespace digitpad
