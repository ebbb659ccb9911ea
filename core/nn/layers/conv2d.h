// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

#include <optional>

#include "core/nn/activation.h"
#include "core/nn/layers/layer.h"

namespace digitpad {

// 2-D convolution: F filters of K x K over all C input channels, stride 1,
// "same" zero padding (K odd), a bias per filter, then the activation.
// Weights are laid out F x C x K x K (PyTorch's and ONNX's OIHW), then F biases.
//
// Computed as matrix products (Caffe's im2col): a chunk of the batch is
// unrolled into a patch matrix with one row per output pixel and one column per
// (channel, ky, kx), so the forward pass is one product with the
// (C*K*K) x F weight matrix and the backward pass two. The batch goes through
// in chunks so that the patch matrix stays a few megabytes.
class Conv2dLayer final : public Layer {
 public:
  Conv2dLayer(const Shape& input, int filters, int kernel, std::optional<Activation> activation);

  int filters() const { return output_shape().channels; }
  int kernel() const { return kernel_; }

  Eigen::Index parameter_count() const override { return weight_count() + filters(); }
  Eigen::Index weight_count() const override { return patch_size() * filters(); }
  Eigen::Index weight_rows() const override { return patch_size(); }
  Eigen::Index fan_in() const override { return patch_size(); }
  std::unique_ptr<LayerState> make_state() const override;

  void forward(const LayerValues& values, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
               const PassMode& mode) const override;
  void backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                LayerState* state) const override;

 private:
  Eigen::Index patch_size() const { return Eigen::Index{input_shape().channels} * kernel_ * kernel_; }
  Eigen::Index chunk_samples() const;

  int kernel_;
  std::optional<Activation> activation_;
};

// Floats one thread's work buffers of a convolution over `input` hold at most
// when its share of the batch is `samples` digits: the unrolled patches, the
// chunk's product and, for a training pass (`backward`), the patches'
// gradient and the weight and bias gradients of the pass's pieces. Every conv layer keeps one set
// per thread (parallel_part_count()) in each ForwardCache; the memory budget
// counts them (training_memory_bytes).
std::uint64_t conv_work_floats_per_thread(const Shape& input, int filters, int kernel, std::int64_t samples,
                                          bool backward);

// The unrolling itself, exposed for tests: rows (sample, y, x) of samples
// [first, first + count) of `in`, columns (channel, ky, kx), zero outside the map.
// `patches` must have count * H * W rows and C * K * K columns.
void im2col(const ConstMatrixRef& in, Eigen::Index first, Eigen::Index count, const Shape& shape, int kernel,
            Eigen::Ref<Eigen::MatrixXf> patches);

// Its transpose, for the backward pass: adds the patch-matrix gradient back
// onto the input pixels it was copied from (columns [first, first + count) of
// grad_in, which must already hold their other contributions or zeros).
void col2im(const ConstMatrixRef& patch_gradient, Eigen::Index first, Eigen::Index count, const Shape& shape,
            int kernel, Eigen::MatrixXf& grad_in);

}  // namespace digitpad
