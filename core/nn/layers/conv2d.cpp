// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/layers/conv2d.h"

#include <algorithm>
#include <cassert>
#include <vector>

#include "core/io/byte_fields.h"
#include "core/nn/architecture.h"
#include "core/nn/limits.h"
#include "core/nn/network.h"
#include "core/nn/onnx_graph.h"
#include "core/nn/gemm.h"
#include "core/util/cpu_dispatch.h"
#include "core/util/parallel_for.h"

namespace digitpad {
namespace {

// Floats in one chunk's patch matrix: 4 MB, so that a thread's unrolled
// chunk stays near its cache while the product is still large enough to run
// at full speed.
constexpr Eigen::Index kPatchBudget = Eigen::Index{1} << 20;

// The backward pass splits the batch into this many pieces at most (fewer for
// a smaller batch), whatever the number of threads: each piece's weight and
// bias gradients are kept apart and summed in piece order, so a run's floats
// do not depend on which thread took which piece. Eight lets the threads of a
// busy 2-core machine even out their work; each piece is one
// (C * K * K) x F matrix more to keep.
constexpr Eigen::Index kGradientPieces = 8;

// One thread's buffers for the chunks it takes. Grown to the largest chunk
// and kept: a training run allocates nothing here after its first batch.
struct ChunkBuffers {
  Eigen::VectorXf patches;         // (chunk * H * W) x (C * K * K)
  Eigen::VectorXf products;        // (chunk * H * W) x F
  Eigen::VectorXf patch_gradient;  // (chunk * H * W) x (C * K * K)
};

// `rows` x `cols` of `buffer`, grown when too small.
Eigen::Map<Eigen::MatrixXf> view(Eigen::VectorXf& buffer, Eigen::Index rows, Eigen::Index cols) {
  if (buffer.size() < rows * cols) buffer.resize(rows * cols);
  return {buffer.data(), rows, cols};
}

struct ConvState final : LayerState {
  std::vector<ChunkBuffers> parts;   // one per thread
  Eigen::MatrixXf weight_gradients;  // (C * K * K) x (F * pieces): each piece's own
  Eigen::MatrixXf bias_gradients;    // F x pieces
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
            Eigen::Ref<Eigen::MatrixXf> patches) {
  const int h = shape.height, w = shape.width, pad = kernel / 2;
  const Eigen::Index plane = Eigen::Index{h} * w;
  const int columns = shape.channels * kernel * kernel;
  assert(patches.rows() == count * plane && patches.cols() == columns);
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

DIGITPAD_DISPATCH_AVX2
void col2im(const ConstMatrixRef& patch_gradient, Eigen::Index first, Eigen::Index count, const Shape& shape,
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
  const auto chunk = static_cast<std::uint64_t>(
      std::min<Eigen::Index>(chunk_samples_for(input, patch), std::max<std::int64_t>(samples, 1)));
  const std::uint64_t rows =
      chunk * static_cast<std::uint64_t>(input.height) * static_cast<std::uint64_t>(input.width);
  const auto p = static_cast<std::uint64_t>(patch), f = static_cast<std::uint64_t>(filters);
  const std::uint64_t forward = rows * p + rows * f;  // patches, products
  // + patch_gradient, and the weight and bias gradients of the backward
  // pass's pieces (shared among the threads, counted here for each: a little over).
  return backward ? forward + rows * p + kGradientPieces * (p * f + f) : forward;
}

// Samples per piece of the backward pass: kGradientPieces pieces at most.
Eigen::Index gradient_piece_samples(Eigen::Index samples) {
  return std::max<Eigen::Index>(1, (samples + kGradientPieces - 1) / kGradientPieces);
}

// The threads take chunks of the batch as they come free
// (parallel_chunks): unroll, one single-threaded product, then bias and
// activation on the way into the output. No chunk waits for another
// (util/parallel_for.h says why one product per thread).
void Conv2dLayer::forward(const LayerValues& values, const ConstMatrixRef& in, Eigen::MatrixXf& out,
                          LayerState* state, const PassMode& mode) const {
  const float* parameters = values.parameters;
  auto& s = static_cast<ConvState&>(*state);
  s.stop_requested = mode.stop_requested;
  const Eigen::Map<const Eigen::MatrixXf> weights(parameters, patch_size(), filters());
  const float* biases = parameters + weight_count();
  const Eigen::Index plane = output_shape().size() / filters();
  out.resize(output_shape().size(), in.cols());
  s.parts.resize(static_cast<std::size_t>(parallel_part_count()));
  // Chunks small enough that a batch makes several per thread.
  const Eigen::Index grain = std::min(chunk_samples(), gradient_piece_samples(in.cols()));
  parallel_chunks(in.cols(), grain, [&](int worker, std::int64_t first, std::int64_t end) {
    // A big chunked product can take minutes; the caller throws PassStopped after.
    if (mode.stopping()) return;
    ChunkBuffers& buffers = s.parts[static_cast<std::size_t>(worker)];
    const Eigen::Index count = end - first;
    auto patches = view(buffers.patches, count * plane, patch_size());
    auto products = view(buffers.products, count * plane, filters());
    im2col(in, first, count, input_shape(), kernel_, patches);
    gemm(patches, Transpose::No, weights, Transpose::No, products);
    // Rows of a product column are (sample, y, x) of one filter: each
    // sample's map for that filter is one contiguous run.
    for (Eigen::Index b = 0; b < count; ++b)
      for (int f = 0; f < filters(); ++f)
        add_bias_and_activate(products.col(f).data() + b * plane, biases[f], out.col(first + b).data() + f * plane,
                              plane, activation_);
  });
}

// The batch in kGradientPieces pieces, which the threads take as they come
// free; a piece goes through in chunks of the patch budget. Each piece sums
// its own weight and bias gradients, added up in piece order at the end.
void Conv2dLayer::backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                           Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                           LayerState* state) const {
  auto& s = static_cast<ConvState&>(*state);
  const Eigen::Map<const Eigen::MatrixXf> weights(parameters, patch_size(), filters());
  const Eigen::Index plane = output_shape().size() / filters();
  if (grad_in) grad_in->resize(input_shape().size(), in.cols());
  s.parts.resize(static_cast<std::size_t>(parallel_part_count()));
  const Eigen::Index piece_samples = gradient_piece_samples(in.cols());
  const Eigen::Index pieces = (in.cols() + piece_samples - 1) / piece_samples;
  s.weight_gradients.resize(patch_size(), filters() * pieces);
  s.bias_gradients.resize(filters(), pieces);
  parallel_chunks(in.cols(), piece_samples, [&](int worker, std::int64_t begin, std::int64_t end) {
    ChunkBuffers& buffers = s.parts[static_cast<std::size_t>(worker)];
    const Eigen::Index piece = begin / piece_samples;
    auto weight_gradient = s.weight_gradients.middleCols(piece * filters(), filters());
    auto bias_gradient = s.bias_gradients.col(piece);
    bias_gradient.setZero();
    if (grad_in) grad_in->middleCols(begin, end - begin).setZero();
    for (Eigen::Index first = begin; first < end; first += chunk_samples()) {
      if (s.stop_requested && (*s.stop_requested)()) return;
      const Eigen::Index count = std::min<Eigen::Index>(chunk_samples(), end - first);
      // The output gradient times the activation's derivative, in the
      // product's layout, (sample, y, x) x filter.
      auto products = view(buffers.products, count * plane, filters());
      for (Eigen::Index b = 0; b < count; ++b)
        for (int f = 0; f < filters(); ++f)
          copy_times_derivative(grad_out.col(first + b).data() + f * plane, out.col(first + b).data() + f * plane,
                                products.col(f).data() + b * plane, plane, activation_);
      // Each filter's bias gradient: the sum of its whole map over the batch.
      bias_gradient += products.colwise().sum().transpose();
      auto patches = view(buffers.patches, count * plane, patch_size());
      im2col(in, first, count, input_shape(), kernel_, patches);
      gemm(patches, Transpose::Yes, products, Transpose::No, weight_gradient, first != begin);
      if (grad_in) {
        auto patch_gradient = view(buffers.patch_gradient, count * plane, patch_size());
        gemm(products, Transpose::No, weights, Transpose::Yes, patch_gradient);
        col2im(patch_gradient, first, count, input_shape(), kernel_, *grad_in);
      }
    }
  });
  Eigen::Map<Eigen::MatrixXf> weight_gradient(gradient, patch_size(), filters());
  Eigen::Map<Eigen::VectorXf> bias_gradient(gradient + weight_count(), filters());
  weight_gradient = s.weight_gradients.leftCols(filters());
  bias_gradient = s.bias_gradients.col(0);
  for (Eigen::Index piece = 1; piece < pieces; ++piece) {
    weight_gradient += s.weight_gradients.middleCols(piece * filters(), filters());
    bias_gradient += s.bias_gradients.col(piece);
  }
}

// ---- The kind: convF@K ----

namespace {

void export_conv(OnnxGraph& graph, const Network& network, int index, const LayerSpec& spec,
                 const std::string& prefix) {
  const Layer& layer = network.layer(index);
  const std::string x = graph.as_map(layer.input_shape(), prefix);
  // (C*K*K) x F column-major: filter by filter, each channel by channel, row
  // by row, i.e. ONNX's OIHW weight tensor as it lies.
  const Network::ConstMatrixMap weights = network.weights(index);
  const Network::ConstVectorMap biases = network.biases(index);
  const std::int64_t filters = layer.output_shape().channels, channels = layer.input_shape().channels;
  const std::int64_t kernel = spec.kernel, pad = kernel / 2;
  graph.floats(prefix + ".weight", {filters, channels, kernel, kernel}, weights.data(), weights.size());
  graph.floats(prefix + ".bias", {filters}, biases.data(), biases.size());
  graph.node("Conv", prefix + "_conv", {x, prefix + ".weight", prefix + ".bias"},
             {{"kernel_shape", {kernel, kernel}}, {"strides", {1, 1}}, {"pads", {pad, pad, pad, pad}}},
             layer.output_shape(), true);
}

void check_conv(const LayerSpec& spec, const SpecFields& fields) {
  fields.within(spec.units, limits::kMaxFilters, "the filter count");
  fields.within(spec.kernel, limits::kMaxKernel, "the kernel size");
  // "Same" padding is symmetric only for odd kernels.
  if (spec.kernel % 2 == 0) fields.fail("the kernel size must be odd (1, 3, 5, ...)");
}

}  // namespace

const LayerKindInfo kConvKind = {
    .kind = LayerKind::Conv,
    .prefix = "conv",
    .syntax = "convF@K",
    .help = "F filters of KxK, K odd, 'same' padding",
    .name = "Convolution",
    .description = "F filters slide over the maps, each adds a bias, then the activation",
    .file_code = 2,
    .file_version = 2,
    .takes_activation = true,
    .differs_in_training = false,
    .parse =
        [](std::string_view rest, const SpecFields& fields) {
          const std::size_t at = rest.find('@');
          if (at == std::string_view::npos) fields.fail("write a convolution as convF@K, e.g. conv32@5");
          const int filters = fields.whole(rest.substr(0, at), "the filter count", limits::kMaxFilters);
          return LayerSpec::conv(filters, fields.whole(rest.substr(at + 1), "the kernel size", limits::kMaxKernel));
        },
    .text =
        [](const LayerSpec& spec) { return "conv" + std::to_string(spec.units) + "@" + std::to_string(spec.kernel); },
    .check = check_conv,
    .plan =
        [](PlannedLayer& layer, const SpecFields&) {
          const LayerSpec& spec = layer.spec;
          layer.output = Shape{spec.units, layer.input.height, layer.input.width};
          layer.parameters = (Eigen::Index{layer.input.channels} * spec.kernel * spec.kernel + 1) * spec.units;
        },
    .write_record =
        [](ByteWriter& out, const LayerSpec& spec) {
          out.u32(static_cast<std::uint32_t>(spec.units));
          out.u32(static_cast<std::uint32_t>(spec.kernel));
        },
    .read_record =
        [](ByteReader& in, const std::string& what) {
          const int filters = in.small_u32(what + " filters");
          return LayerSpec::conv(filters, in.small_u32(what + " kernel size"));
        },
    .build = [](const PlannedLayer& layer, std::optional<Activation> activation) -> std::shared_ptr<const Layer> {
      return std::make_shared<Conv2dLayer>(layer.input, layer.spec.units, layer.spec.kernel, activation);
    },
    .export_onnx = export_conv,
    // A convolution unrolls its input a chunk at a time, per thread: a few MB
    // usually, but one digit of a deep, wide kernel alone can take gigabytes
    // (conv1024@1,conv1@15: 0.7 GB of patches and as much of their gradient,
    // per thread). The training pass keeps one set, the evaluations of
    // progress and of the end another (their own caches).
    .work_floats = [](const PlannedLayer& layer, const WorkSizes& sizes) -> std::uint64_t {
      if (layer.is_output) return 0;
      const LayerSpec& spec = layer.spec;
      return sizes.threads *
             (conv_work_floats_per_thread(layer.input, spec.units, spec.kernel, sizes.batch_share, true) +
              conv_work_floats_per_thread(layer.input, spec.units, spec.kernel, sizes.slice_share, false));
    },
};

}  // namespace digitpad
