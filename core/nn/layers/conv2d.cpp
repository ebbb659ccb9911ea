#include "nn/layers/conv2d.h"

#include <algorithm>
#include <cstring>

namespace digitpad {
namespace {

// Floats in one chunk's patch matrix: 4 MB, which keeps the unrolled chunk
// close to the cache while its products stay large enough for BLAS to run at
// full speed on both cores.
constexpr Eigen::Index kPatchBudget = Eigen::Index{1} << 20;

struct ConvState final : LayerState {
  Eigen::MatrixXf patches;        // (chunk * H * W) x (C * K * K)
  Eigen::MatrixXf products;       // (chunk * H * W) x F
  Eigen::MatrixXf patch_gradient; // (chunk * H * W) x (C * K * K)
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

}  // namespace

void im2col(const ConstMatrixRef& in, Eigen::Index first, Eigen::Index count, const Shape& shape, int kernel,
            Eigen::MatrixXf& patches) {
  const int h = shape.height, w = shape.width, pad = kernel / 2;
  const Eigen::Index plane = Eigen::Index{h} * w;
  patches.resize(count * plane, Eigen::Index{shape.channels} * kernel * kernel);
  // Column by column: for a fixed (c, ky, kx) each output row y copies one
  // contiguous run of the input row y + ky - pad, shifted by kx - pad.
  for (int c = 0; c < shape.channels; ++c)
    for (int ky = 0; ky < kernel; ++ky)
      for (int kx = 0; kx < kernel; ++kx) {
        float* column = patches.col((Eigen::Index{c} * kernel + ky) * kernel + kx).data();
        const Span span = inside(kx - pad, w);
        for (Eigen::Index b = 0; b < count; ++b) {
          const float* source = in.col(first + b).data() + c * plane;
          for (int y = 0; y < h; ++y) {
            float* to = column + b * plane + Eigen::Index{y} * w;
            const int sy = y + ky - pad;
            if (sy < 0 || sy >= h || span.begin >= span.end) {
              std::fill(to, to + w, 0.0f);
              continue;
            }
            const float* from = source + Eigen::Index{sy} * w + (kx - pad);
            std::fill(to, to + span.begin, 0.0f);
            std::memcpy(to + span.begin, from + span.begin, sizeof(float) * (span.end - span.begin));
            std::fill(to + span.end, to + w, 0.0f);
          }
        }
      }
}

Conv2dLayer::Conv2dLayer(const Shape& input, int filters, int kernel, std::optional<Activation> activation)
    : Layer(input, Shape{filters, input.height, input.width}), kernel_(kernel), activation_(activation) {}

std::unique_ptr<LayerState> Conv2dLayer::make_state() const { return std::make_unique<ConvState>(); }

Eigen::Index Conv2dLayer::chunk_samples() const {
  const Eigen::Index per_sample = Eigen::Index{input_shape().height} * input_shape().width * patch_size();
  return std::max<Eigen::Index>(1, kPatchBudget / per_sample);
}

void Conv2dLayer::forward(const float* parameters, const ConstMatrixRef& in, Eigen::MatrixXf& out,
                          LayerState* state, const PassMode&) const {
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
    for (Eigen::Index b = 0; b < count; ++b)
      for (int f = 0; f < filters(); ++f)
        out.col(first + b).segment(f * plane, plane) =
            s.products.col(f).segment(b * plane, plane).array() + biases[f];
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
    for (Eigen::Index b = 0; b < count; ++b)
      for (int f = 0; f < filters(); ++f)
        s.products.col(f).segment(b * plane, plane) = grad_out.col(first + b).segment(f * plane, plane);
    im2col(in, first, count, input_shape(), kernel_, s.patches);
    weight_gradient.noalias() += s.patches.transpose() * s.products;
    if (grad_in) {
      s.patch_gradient.noalias() = s.products * weights.transpose();
      col2im(s.patch_gradient, first, count, input_shape(), kernel_, *grad_in);
    }
  }
}

}  // namespace digitpad
