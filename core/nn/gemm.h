// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>

namespace digitpad {

// c = op(a) * op(b) (accumulate: c += op(a) * op(b)), op a transpose or not,
// all single precision and column-major, c already of the product's size.
//
// Why not Eigen's `c.noalias() = a * b`: with EIGEN_USE_BLAS Eigen zeroes c
// first and then asks sgemm to add the product to it (beta = 1), which for a
// convolution's patch gradient (a megabyte per chunk) is a memset and a
// second read of c every time. Here c = op(a) op(b) is one sgemm with
// beta = 0. Without OpenBLAS it is Eigen's own product.
enum class Transpose { No, Yes };
void gemm(const Eigen::Ref<const Eigen::MatrixXf>& a, Transpose transpose_a,
          const Eigen::Ref<const Eigen::MatrixXf>& b, Transpose transpose_b, Eigen::Ref<Eigen::MatrixXf> c,
          bool accumulate = false);

}  // namespace digitpad
