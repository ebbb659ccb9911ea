// SPDX-License-Identifier: GPL-3.0-or-later
#include "nn/layers/conv2d.h"

#include <algorithm>
#include <vector>

#include "util/parallel_for.h"

namespace digitpad {
namespace {

// Floats in one chunk's patch matrix: 4 MB, so that a thread's unrolled
// chunk stays near its cache while the product is still large enough to run
// at full speed.
constexpr Eigen::Index kPatchBudget = Eigen::Index{1} << 20;

// One thread's buffers for the chunks of its share of the batch.
struct ChunkBuffers {
  Eigen::MatrixXf patches;          // (chunk * H * W) x (C * K * K)
  Eigen::MatrixXf products;         // (chunk * H * W) x F
  Eigen::MatrixXf patch_gradient;   // (chunk * H * W) x (C * K * K)
  Eigen::MatrixXf weight_gradient;  // (C * K * K) x F, this thread's sum
  Eigen::VectorXf bias_gradient;    // F, this thread's sum
};

struct ConvState final : LayerState {
  std::vector<ChunkBuffers> parts;  // one per thread
  // The last forward pass's stop request, asked by the backward pass too
  // (Layer::backward takes no PassMode).
  const std::function<bool()>* stop_requested = nullptr;
};

// The x range [begin, end) whose source column x + offset lies inside [0, width).
struct Span {
  int begin, end;
};
// Clamped into [0, width], so a kernel wider than the map (a 1x1 map after a
// dense layer) gives an empty span rather than one past the row.
Span inside(int offset, int width) {
  const int begin = std::clamp(-offset, 0, width);
  return {begin, std::clamp(width - offset, begin, width)};
}

}  // namespace

void im2col(const ConstMatrixRef& in, Eigen::Index first, Eigen::Index count, const Shape& shape, int kernel,
            Eigen::MatrixXf& patches) {
  const int h = shape.height, w = shape.width, pad = kernel / 2;
  const Eigen::Index plane = Eigen::Index{h} * w;
  const int columns = shape.channels * kernel * kernel;
  patches.resize(count * plane, columns);
  // Column by column: a fixed channel and kernel position.
  for (int column_index = 0; column_index < columns; ++column_index) {
    const int c = column_index / (kernel * kernel);
    const int ky = column_index / kernel % kernel, kx = column_index % kernel;
    float* column = patches.col(column_index).data();
    const Span span = inside(kx - pad, w);
    // Within one sample's plane this column is the input plane shifted by
    // (ky - pad) rows and (kx - pad) columns: one long copy, then zeros where
    // the shift reached outside the map (whole rows at the top or bottom, a
    // few columns at the left or right of every row).
    const Eigen::Index shift = Eigen::Index{ky - pad} * w + (kx - pad);
    // All clamped into the plane: with a map smaller than the kernel a shift
    // can reach past the whole plane, and the copy is then empty.
    const Eigen::Index copy_begin = std::clamp<Eigen::Index>(-shift, 0, plane);
    const Eigen::Index copy_end = std::clamp<Eigen::Index>(plane - shift, copy_begin, plane);
    const int rows_begin = std::clamp(pad - ky, 0, h);
    const int rows_end = std::clamp(h + pad - ky, rows_begin, h);
    for (Eigen::Index b = 0; b < count; ++b) {
      const float* source = in.col(first + b).data() + c * plane;
      float* to = column + b * plane;
      std::fill(to, to + copy_begin, 0.0f);
      std::copy(source + copy_begin + shift, source + copy_end + shift, to + copy_begin);
      std::fill(to + copy_end, to + plane, 0.0f);
      std::fill(to, to + Eigen::Index{rows_begin} * w, 0.0f);
      std::fill(to + Eigen::Index{rows_end} * w, to + plane, 0.0f);
      for (int y = rows_begin; y < rows_end; ++y) {
        float* row = to + Eigen::Index{y} * w;
        for (int x = 0; x < span.begin; ++x) row[x] = 0.0f;
        for (int x = span.end; x < w; ++x) row[x] = 0.0f;
      }
    }
  }
}

void col2im(const Eigen::MatrixXf& patch_gradient, Eigen::Index first, Eigen::Index count, const Shape& shape,
            int kernel, Eigen::MatrixXf& grad_in) {
  const int h = shape.height, w = shape.width, pad = kernel / 2;
  const Eigen::Index plane = Eigen::Index{h} * w;
  for (int c = 0; c < shape.channels; ++c)
    for (int ky = 0; ky < kernel; ++ky)
      for (int kx = 0; kx < kernel; ++kx) {
        const float* column = patch_gradient.col((Eigen::Index{c} * kernel + ky) * kernel + kx).data();
        const Span span = inside(kx - pad, w);
        for (Eigen::Index b = 0; b < count; ++b) {
          float* target = grad_in.col(first + b).data() + c * plane;
          for (int y = 0; y < h; ++y) {
            const int sy = y + ky - pad;
            if (sy < 0 || sy >= h) continue;
            const float* from = column + b * plane + Eigen::Index{y} * w;
            float* to = target + Eigen::Index{sy} * w + (kx - pad);
            for (int x = span.begin; x < span.end; ++x) to[x] += from[x];
          }
        }
      }
}

Conv2dLayer::Conv2dLayer(const Shape& input, int filters, int kernel, std::optional<Activation> activation)
    : Layer(input, Shape{filters, input.height, input.width}), kernel_(kernel), activation_(activation) {}

std::unique_ptr<LayerState> Conv2dLayer::make_state() const { return std::make_unique<ConvState>(); }

namespace {

// Samples unrolled at once: the patch budget's worth, but at least one (a
// single sample of a wide, deep kernel can be far over the budget).
Eigen::Index chunk_samples_for(const Shape& input, Eigen::Index patch_size) {
  const Eigen::Index per_sample = Eigen::Index{input.height} * input.width * patch_size;
  return std::max<Eigen::Index>(1, kPatchBudget / per_sample);
}

}  // namespace

Eigen::Index Conv2dLayer::chunk_samples() const { return chunk_samples_for(input_shape(), patch_size()); }

std::uint64_t conv_work_floats_per_thread(const Shape& input, int filters, int kernel, std::int64_t samples,
                                          bool backward) {
  const Eigen::Index patch = Eigen::Index{input.channels} * kernel * kernel;
  const auto chunk = static_cast<std::uint64_t>(std::min<Eigen::Index>(chunk_samples_for(input, patch),
                                                                       std::max<std::int64_t>(samples, 1)));
  const std::uint64_t rows = chunk * static_cast<std::uint64_t>(input.height) * static_cast<std::uint64_t>(input.width);
  const auto p = static_cast<std::uint64_t>(patch), f = static_cast<std::uint64_t>(filters);
  const std::uint64_t forward = rows * p + rows * f;  // patches, products
  return backward ? forward + rows * p + p * f + f : forward;  // + patch_gradient, weight and bias gradients
}

// Each thread takes a contiguous share of the batch and works through it
// chunk by chunk on its own: unroll, one single-threaded product, scatter. No
// thread waits for another until the end (util/parallel_for.h says why).
void Conv2dLayer::forward(const float* parameters, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                          const PassMode& mode) const {
  auto& s = static_cast<ConvState&>(*state);
  s.stop_requested = mode.stop_requested;
  const Eigen::Map<const Eigen::MatrixXf> weights(parameters, patch_size(), filters());
  const float* biases = parameters + weight_count();
  const Eigen::Index plane = output_shape().size() / filters();
  out.resize(output_shape().size(), in.cols());
  s.parts.resize(static_cast<std::size_t>(parallel_part_count()));
  parallel_parts(in.cols(), [&](int part, std::int64_t begin, std::int64_t end) {
    ChunkBuffers& buffers = s.parts[static_cast<std::size_t>(part)];
    for (Eigen::Index first = begin; first < end; first += chunk_samples()) {
      // A big chunked product can take minutes; the caller throws PassStopped after.
      if (mode.stopping()) return;
      const Eigen::Index count = std::min<Eigen::Index>(chunk_samples(), end - first);
      im2col(in, first, count, input_shape(), kernel_, buffers.patches);
      buffers.products.noalias() = buffers.patches * weights;
      // Rows of a product column are (sample, y, x) of one filter: each
      // sample's map for that filter is one contiguous run.
      for (Eigen::Index b = 0; b < count; ++b)
        for (int f = 0; f < filters(); ++f)
          out.col(first + b).segment(f * plane, plane) =
              buffers.products.col(f).segment(b * plane, plane).array() + biases[f];
    }
    if (activation_) activate(*activation_, out.middleCols(begin, end - begin));
  });
}

void Conv2dLayer::backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                           Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                           LayerState* state) const {
  auto& s = static_cast<ConvState&>(*state);
  const Eigen::Map<const Eigen::MatrixXf> weights(parameters, patch_size(), filters());
  const Eigen::Index plane = output_shape().size() / filters();
  if (grad_in) grad_in->resize(input_shape().size(), in.cols());
  s.parts.resize(static_cast<std::size_t>(parallel_part_count()));
  for (ChunkBuffers& buffers : s.parts) {
    buffers.weight_gradient.setZero(patch_size(), filters());
    buffers.bias_gradient.setZero(filters());
  }
  parallel_parts(in.cols(), [&](int part, std::int64_t begin, std::int64_t end) {
    ChunkBuffers& buffers = s.parts[static_cast<std::size_t>(part)];
    if (activation_)
      multiply_by_derivative(*activation_, out.middleCols(begin, end - begin), grad_out.middleCols(begin, end - begin));
    if (grad_in) grad_in->middleCols(begin, end - begin).setZero();
    for (Eigen::Index first = begin; first < end; first += chunk_samples()) {
      if (s.stop_requested && (*s.stop_requested)()) return;
      const Eigen::Index count = std::min<Eigen::Index>(chunk_samples(), end - first);
      // The output gradient in the product's layout, (sample, y, x) x filter.
      buffers.products.resize(count * plane, filters());
      for (Eigen::Index b = 0; b < count; ++b)
        for (int f = 0; f < filters(); ++f)
          buffers.products.col(f).segment(b * plane, plane) = grad_out.col(first + b).segment(f * plane, plane);
      // Each filter's bias gradient: the sum of its whole map over the batch.
      buffers.bias_gradient += buffers.products.colwise().sum().transpose();
      im2col(in, first, count, input_shape(), kernel_, buffers.patches);
      buffers.weight_gradient.noalias() += buffers.patches.transpose() * buffers.products;
      if (grad_in) {
        buffers.patch_gradient.noalias() = buffers.products * weights.transpose();
        col2im(buffers.patch_gradient, first, count, input_shape(), kernel_, *grad_in);
      }
    }
  });
  Eigen::Map<Eigen::MatrixXf> weight_gradient(gradient, patch_size(), filters());
  Eigen::Map<Eigen::VectorXf> bias_gradient(gradient + weight_count(), filters());
  weight_gradient.setZero();
  bias_gradient.setZero();
  for (const ChunkBuffers& buffers : s.parts) {
    weight_gradient += buffers.weight_gradient;
    bias_gradient += buffers.bias_gradient;
  }
}

}  // namespace digitpad
