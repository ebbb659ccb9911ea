#include "nn/layers/conv2d.h"

#include <algorithm>

#include "util/parallel_for.h"

namespace digitpad {
namespace {

// Floats in one chunk's patch matrix: 16 MB, large enough for BLAS to run its
// products at full speed on both cores, small enough to stay bounded however
// large the batch.
constexpr Eigen::Index kPatchBudget = Eigen::Index{1} << 22;

struct ConvState final : LayerState {
  Eigen::MatrixXf patches;         // (chunk * H * W) x (C * K * K)
  Eigen::MatrixXf products;        // (chunk * H * W) x F
  Eigen::MatrixXf patch_gradient;  // (chunk * H * W) x (C * K * K)
};

// The x range [begin, end) whose source column x + offset lies inside [0, width).
struct Span {
  int begin, end;
};
Span inside(int offset, int width) { return {std::max(0, -offset), std::min(width, width - offset)}; }

// Adds the patch-matrix gradient back onto the input pixels it was copied
// from: the transpose of im2col.
void col2im(const Eigen::MatrixXf& patch_gradient, Eigen::Index first, Eigen::Index count, const Shape& shape,
            int kernel, Eigen::MatrixXf& grad_in) {
  const int h = shape.height, w = shape.width, pad = kernel / 2;
  const Eigen::Index plane = Eigen::Index{h} * w;
  // Channels write disjoint planes of grad_in: shared among the threads.
  parallel_for(shape.channels, [&](std::int64_t first_channel, std::int64_t end_channel) {
    for (int c = static_cast<int>(first_channel); c < end_channel; ++c)
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
  });
}

}  // namespace

void im2col(const ConstMatrixRef& in, Eigen::Index first, Eigen::Index count, const Shape& shape, int kernel,
            Eigen::MatrixXf& patches) {
  const int h = shape.height, w = shape.width, pad = kernel / 2;
  const Eigen::Index plane = Eigen::Index{h} * w;
  const int columns = shape.channels * kernel * kernel;
  patches.resize(count * plane, columns);
  // Column by column (a fixed channel and kernel position): columns are
  // disjoint, so they are shared among the threads.
  parallel_for(columns, [&](std::int64_t first_column, std::int64_t end_column) {
    for (int column_index = static_cast<int>(first_column); column_index < end_column; ++column_index) {
      const int c = column_index / (kernel * kernel);
      const int ky = column_index / kernel % kernel, kx = column_index % kernel;
      float* column = patches.col(column_index).data();
      const Span span = inside(kx - pad, w);
      // Within one sample's plane this column is the input plane shifted by
      // (ky - pad) rows and (kx - pad) columns: one long copy, then zeros
      // where the shift reached outside the map (whole rows at the top or
      // bottom, a few columns at the left or right of every row).
      const Eigen::Index shift = Eigen::Index{ky - pad} * w + (kx - pad);
      const Eigen::Index copy_begin = std::max<Eigen::Index>(0, -shift);
      const Eigen::Index copy_end = std::min<Eigen::Index>(plane, plane - shift);
      const int rows_begin = std::max(0, pad - ky), rows_end = std::min(h, h + pad - ky);
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
  });
}

Conv2dLayer::Conv2dLayer(const Shape& input, int filters, int kernel, std::optional<Activation> activation)
    : Layer(input, Shape{filters, input.height, input.width}), kernel_(kernel), activation_(activation) {}

std::unique_ptr<LayerState> Conv2dLayer::make_state() const { return std::make_unique<ConvState>(); }

Eigen::Index Conv2dLayer::chunk_samples() const {
  const Eigen::Index per_sample = Eigen::Index{input_shape().height} * input_shape().width * patch_size();
  return std::max<Eigen::Index>(1, kPatchBudget / per_sample);
}

void Conv2dLayer::forward(const float* parameters, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                          const PassMode&) const {
  auto& s = static_cast<ConvState&>(*state);
  const Eigen::Map<const Eigen::MatrixXf> weights(parameters, patch_size(), filters());
  const float* biases = parameters + weight_count();
  const Eigen::Index plane = output_shape().size() / filters();
  const Eigen::Index samples = in.cols();
  out.resize(output_shape().size(), samples);
  for (Eigen::Index first = 0; first < samples; first += chunk_samples()) {
    const Eigen::Index count = std::min(chunk_samples(), samples - first);
    im2col(in, first, count, input_shape(), kernel_, s.patches);
    s.products.noalias() = s.patches * weights;
    // Rows of a product column are (sample, y, x) of one filter: each sample's
    // map for that filter is one contiguous run.
    parallel_for(count, [&](std::int64_t begin, std::int64_t end) {
      for (Eigen::Index b = begin; b < end; ++b)
        for (int f = 0; f < filters(); ++f)
          out.col(first + b).segment(f * plane, plane) =
              s.products.col(f).segment(b * plane, plane).array() + biases[f];
    });
  }
  if (activation_) activate(*activation_, out);
}

void Conv2dLayer::backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                           Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                           LayerState* state) const {
  auto& s = static_cast<ConvState&>(*state);
  if (activation_) multiply_by_derivative(*activation_, out, grad_out);
  const Eigen::Map<const Eigen::MatrixXf> weights(parameters, patch_size(), filters());
  Eigen::Map<Eigen::MatrixXf> weight_gradient(gradient, patch_size(), filters());
  Eigen::Map<Eigen::VectorXf> bias_gradient(gradient + weight_count(), filters());
  const Eigen::Index plane = output_shape().size() / filters();
  const Eigen::Index samples = in.cols();
  weight_gradient.setZero();
  // Each filter's bias gradient: the sum of its whole map over the batch.
  const Eigen::VectorXf per_row = grad_out.rowwise().sum();
  for (int f = 0; f < filters(); ++f) bias_gradient[f] = per_row.segment(f * plane, plane).sum();
  if (grad_in) grad_in->setZero(input_shape().size(), samples);

  for (Eigen::Index first = 0; first < samples; first += chunk_samples()) {
    const Eigen::Index count = std::min(chunk_samples(), samples - first);
    // The output gradient in the product's layout, (sample, y, x) x filter.
    s.products.resize(count * plane, filters());
    parallel_for(count, [&](std::int64_t begin, std::int64_t end) {
      for (Eigen::Index b = begin; b < end; ++b)
        for (int f = 0; f < filters(); ++f)
          s.products.col(f).segment(b * plane, plane) = grad_out.col(first + b).segment(f * plane, plane);
    });
    im2col(in, first, count, input_shape(), kernel_, s.patches);
    weight_gradient.noalias() += s.patches.transpose() * s.products;
    if (grad_in) {
      s.patch_gradient.noalias() = s.products * weights.transpose();
      col2im(s.patch_gradient, first, count, input_shape(), kernel_, *grad_in);
    }
  }
}

}  // namespace digitpad
