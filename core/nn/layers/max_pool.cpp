// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/layers/max_pool.h"

#include "core/io/byte_fields.h"
#include "core/nn/architecture.h"
#include "core/nn/limits.h"
#include "core/nn/network.h"
#include "core/nn/onnx_graph.h"
#include "core/util/cpu_dispatch.h"
#include "core/util/parallel_for.h"

namespace digitpad {
namespace {

struct PoolState final : LayerState {
  // For each output value, the row of the input column it was taken from.
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic> winners;
};

// 2x2 windows, the common case, without branches: the comparisons become
// selects the compiler can vectorise, where the general loop's branches on
// random data mispredict half the time.
DIGITPAD_DISPATCH_AVX2
void pool_2x2_channel(const float* source, int width, int out_height, int out_width, float* target,
                      std::int32_t* winner, std::int32_t source_offset) {
  for (int oy = 0; oy < out_height; ++oy) {
    const float* top = source + 2 * oy * width;
    const float* bottom = top + width;
    const std::int32_t top_index = source_offset + 2 * oy * width;
    float* out = target + oy * out_width;
    std::int32_t* best = winner + oy * out_width;
    for (int ox = 0; ox < out_width; ++ox) {
      const float a = top[2 * ox], b = top[2 * ox + 1], c = bottom[2 * ox], d = bottom[2 * ox + 1];
      // The first of equal maxima wins, in row-major order, as in the general loop.
      const bool right_top = b > a, right_bottom = d > c;
      const float upper = right_top ? b : a, lower = right_bottom ? d : c;
      const bool lower_wins = lower > upper;
      out[ox] = lower_wins ? lower : upper;
      const std::int32_t column = 2 * ox + (lower_wins ? right_bottom : right_top);
      best[ox] = top_index + column + (lower_wins ? width : 0);
    }
  }
}

void pool_channel(const float* source, int width, int size, int out_height, int out_width, float* target,
                  std::int32_t* winner, std::int32_t source_offset) {
  for (int oy = 0; oy < out_height; ++oy)
    for (int ox = 0; ox < out_width; ++ox) {
      std::int32_t best = (oy * size) * width + ox * size;
      for (int dy = 0; dy < size; ++dy)
        for (int dx = 0; dx < size; ++dx) {
          const std::int32_t index = (oy * size + dy) * width + ox * size + dx;
          if (source[index] > source[best]) best = index;
        }
      target[oy * out_width + ox] = source[best];
      winner[oy * out_width + ox] = source_offset + best;
    }
}

}  // namespace

MaxPoolLayer::MaxPoolLayer(const Shape& input, int size)
    : Layer(input, Shape{input.channels, input.height / size, input.width / size}), size_(size) {}

std::unique_ptr<LayerState> MaxPoolLayer::make_state() const { return std::make_unique<PoolState>(); }

void MaxPoolLayer::forward(const LayerValues&, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                           const PassMode&) const {
  auto& s = static_cast<PoolState&>(*state);
  const Shape& from = input_shape();
  const Shape& to = output_shape();
  const Eigen::Index samples = in.cols();
  out.resize(to.size(), samples);
  s.winners.resize(to.size(), samples);
  const std::int32_t in_plane = from.height * from.width, out_plane = to.height * to.width;
  // Samples are independent: taken by the threads in pieces of an eighth of
  // the batch as they come free (a busy core takes fewer).
  parallel_chunks(samples, (samples + 7) / 8, [&](int, std::int64_t first, std::int64_t end) {
    for (Eigen::Index b = first; b < end; ++b)
      for (int c = 0; c < to.channels; ++c) {
        const float* source = in.col(b).data() + c * in_plane;
        float* target = out.col(b).data() + c * out_plane;
        std::int32_t* winner = s.winners.col(b).data() + c * out_plane;
        if (size_ == 2)
          pool_2x2_channel(source, from.width, to.height, to.width, target, winner, c * in_plane);
        else
          pool_channel(source, from.width, size_, to.height, to.width, target, winner, c * in_plane);
      }
  });
}

void MaxPoolLayer::backward(const float*, const ConstMatrixRef& in, const Eigen::MatrixXf&, Eigen::MatrixXf& grad_out,
                            Eigen::MatrixXf* grad_in, float*, LayerState* state) const {
  if (!grad_in) return;
  const auto& s = static_cast<const PoolState&>(*state);
  grad_in->resize(input_shape().size(), in.cols());
  // Each piece clears its own columns: zeroing the whole gradient on one
  // thread first (12 MB after a 28x28 convolution of 32 filters) left the
  // other waiting.
  parallel_chunks(grad_out.cols(), (grad_out.cols() + 7) / 8, [&](int, std::int64_t first, std::int64_t end) {
    grad_in->middleCols(first, end - first).setZero();
    for (Eigen::Index b = first; b < end; ++b) {
      float* target = grad_in->col(b).data();
      for (Eigen::Index o = 0; o < grad_out.rows(); ++o) target[s.winners(o, b)] += grad_out(o, b);
    }
  });
}

// ---- The kind: poolP ----

const LayerKindInfo kPoolKind = {
    .kind = LayerKind::Pool,
    .prefix = "pool",
    .syntax = "poolP",
    .help = "PxP max pooling",
    .name = "Max pooling",
    .description = "keeps the largest value of each PxP window, shrinking the maps P times",
    .file_code = 3,
    .file_version = 2,
    .takes_activation = false,
    .differs_in_training = false,
    .parse =
        [](std::string_view rest, const SpecFields& fields) {
          return LayerSpec::max_pool(fields.whole(rest, "the pooling size", limits::kMaxPool));
        },
    .text = [](const LayerSpec& spec) { return "pool" + std::to_string(spec.pool); },
    .check = [](const LayerSpec& spec,
                const SpecFields& fields) { fields.within(spec.pool, limits::kMaxPool, "the pooling size"); },
    .plan =
        [](PlannedLayer& layer, const SpecFields& fields) {
          const Shape& in = layer.input;
          const int size = layer.spec.pool;
          if (in.height < size || in.width < size)
            fields.fail("cannot pool a " + std::to_string(in.height) + "x" + std::to_string(in.width) + " map by " +
                        std::to_string(size) +
                        (in.height == 1 && in.width == 1 ? " (it is a single value per channel)" : ""));
          layer.output = Shape{in.channels, in.height / size, in.width / size};
        },
    .write_record = [](ByteWriter& out, const LayerSpec& spec) { out.u32(static_cast<std::uint32_t>(spec.pool)); },
    .read_record = [](ByteReader& in,
                      const std::string& what) { return LayerSpec::max_pool(in.small_u32(what + " pooling size")); },
    .build = [](const PlannedLayer& layer, std::optional<Activation>) -> std::shared_ptr<const Layer> {
      return std::make_shared<MaxPoolLayer>(layer.input, layer.spec.pool);
    },
    .export_onnx =
        [](OnnxGraph& graph, const Network& network, int index, const LayerSpec& spec, const std::string& prefix) {
          const Layer& layer = network.layer(index);
          const std::string x = graph.as_map(layer.input_shape(), prefix);
          const std::int64_t size = spec.pool;
          graph.node("MaxPool", prefix + "_pool", {x}, {{"kernel_shape", {size, size}}, {"strides", {size, size}}},
                     layer.output_shape(), true);
        },
    .work_floats = nullptr,
};

}  // namespace digitpad
