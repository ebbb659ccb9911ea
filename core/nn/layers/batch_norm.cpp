// SPDX-License-Identifier: GPL-3.0-or-later
// Batch normalisation ("bn"): each channel of a map (each unit of a vector)
// normalised to zero mean and unit variance, then scaled and shifted by a
// learnt gamma and beta (Ioffe and Szegedy, 2015). While training it uses the
// batch's own statistics and keeps running averages of them; inference uses
// the running averages, so a single digit is classified alone.
#include "core/io/byte_fields.h"
#include "core/nn/architecture.h"
#include "core/nn/layers/layer.h"
#include "core/nn/network.h"
#include "core/nn/onnx_graph.h"

#include <cmath>

namespace digitpad {
namespace {

// PyTorch's and ONNX's defaults, so an exported model means the same thing.
constexpr float kEpsilon = 1e-5f;
// The share of a batch's statistics taken into the running averages per
// iteration (PyTorch's momentum 0.1): about the last 10-20 batches count.
constexpr float kMomentum = 0.1f;

using Vector = Eigen::VectorXf;

struct BatchNormState final : LayerState {
  bool training = false;   // the last forward pass used the batch's statistics
  Eigen::MatrixXf normal;  // x-hat: the input normalised, before gamma and beta
  Vector inv_std;          // per channel: 1 / sqrt(variance + epsilon) of that pass
  Vector mean, variance;   // per channel: the training batch's statistics
};

// Parameters: gamma (one per channel), then beta. Persistent state: running
// mean, then running variance. The variance is the batch's biased one (divided
// by the count, not count - 1), in training and in the running average alike:
// with a batch of 64 and maps of 28x28 the two differ by far less than noise.
class BatchNormLayer final : public Layer {
 public:
  explicit BatchNormLayer(const Shape& input)
      : Layer(input, input), channels_(input.channels), plane_(Eigen::Index{input.height} * input.width) {}

  Eigen::Index parameter_count() const override { return 2 * channels_; }
  void initialise_parameters(float* parameters) const override {
    Eigen::Map<Vector>(parameters, channels_).setOnes();  // gamma 1, beta 0: the identity on a normalised batch
  }
  Eigen::Index persistent_count() const override { return 2 * channels_; }
  void initialise_persistent(float* persistent) const override {
    Eigen::Map<Vector>(persistent, channels_).setZero();
    Eigen::Map<Vector>(persistent + channels_, channels_).setOnes();
  }
  void update_persistent(float* persistent, const LayerState* state) const override {
    const auto& s = static_cast<const BatchNormState&>(*state);
    if (!s.training) return;
    Eigen::Map<Vector> mean(persistent, channels_), variance(persistent + channels_, channels_);
    mean = (1.0f - kMomentum) * mean + kMomentum * s.mean;
    variance = (1.0f - kMomentum) * variance + kMomentum * s.variance;
  }
  std::unique_ptr<LayerState> make_state() const override { return std::make_unique<BatchNormState>(); }

  void forward(const LayerValues& values, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
               const PassMode& mode) const override {
    auto& s = static_cast<BatchNormState&>(*state);
    const Eigen::Map<const Vector> gamma(values.parameters, channels_),
        beta(values.parameters + channels_, channels_);
    s.training = mode.training;
    if (mode.training) {
      const float count = static_cast<float>(plane_ * in.cols());
      s.mean = channel_sums(in) / count;
      s.normal = in.colwise() - per_row(s.mean);
      s.variance = channel_sums(s.normal.array().square().matrix()) / count;
    } else {
      const Eigen::Map<const Vector> mean(values.persistent, channels_);
      const Eigen::Map<const Vector> variance(values.persistent + channels_, channels_);
      s.variance = variance;
      s.normal = in.colwise() - per_row(mean);
    }
    s.inv_std = (s.variance.array() + kEpsilon).rsqrt().matrix();
    s.normal.array().colwise() *= per_row(s.inv_std).array();
    out = s.normal;
    out.array().colwise() *= per_row(gamma).array();
    out.colwise() += per_row(beta);
  }

  void backward(const float* parameters, const ConstMatrixRef&, const Eigen::MatrixXf&, Eigen::MatrixXf& grad_out,
                Eigen::MatrixXf* grad_in, float* gradient, LayerState* state) const override {
    const auto& s = static_cast<const BatchNormState&>(*state);
    const Eigen::Map<const Vector> gamma(parameters, channels_);
    Eigen::Map<Vector> gamma_gradient(gradient, channels_), beta_gradient(gradient + channels_, channels_);
    gamma_gradient = channel_sums((grad_out.array() * s.normal.array()).matrix());
    beta_gradient = channel_sums(grad_out);
    if (!grad_in) return;
    const Vector scale = gamma.cwiseProduct(s.inv_std);
    if (!s.training) {
      // Inference: a fixed affine map per channel.
      *grad_in = grad_out;
      grad_in->array().colwise() *= per_row(scale).array();
      return;
    }
    // Through the batch's mean and variance too:
    // dx = gamma / sigma * (dy - mean(dy) - x_hat * mean(dy * x_hat)), means per channel.
    const float count = static_cast<float>(plane_ * grad_out.cols());
    const Vector mean_dy = beta_gradient / count, mean_dy_xhat = gamma_gradient / count;
    *grad_in = grad_out.colwise() - per_row(mean_dy);
    grad_in->array() -= s.normal.array().colwise() * per_row(mean_dy_xhat).array();
    grad_in->array().colwise() *= per_row(scale).array();
  }

 private:
  // Per channel, the sum over its plane and the whole batch.
  Vector channel_sums(const Eigen::Ref<const Eigen::MatrixXf>& x) const {
    const Vector rows = x.rowwise().sum();
    return Eigen::Map<const Eigen::MatrixXf>(rows.data(), plane_, channels_).colwise().sum().transpose();
  }
  // A per-channel vector repeated over each channel's plane: one value per row.
  Vector per_row(const Eigen::Ref<const Vector>& per_channel) const {
    Vector rows(channels_ * plane_);
    Eigen::Map<Eigen::MatrixXf>(rows.data(), plane_, channels_) = per_channel.transpose().replicate(plane_, 1);
    return rows;
  }

  Eigen::Index channels_;
  Eigen::Index plane_;
};

void export_batch_norm(OnnxGraph& graph, const Network& network, int index, const LayerSpec&,
                       const std::string& prefix) {
  const Layer& layer = network.layer(index);
  const std::int64_t channels = layer.input_shape().channels;
  // BatchNormalization normalises axis 1 of an N x C x ... tensor: a map as
  // it is, a vector [1, N] as N channels.
  const std::string x = layer.input_shape().height == 1 && layer.input_shape().width == 1
                            ? graph.as_vector(prefix)
                            : graph.as_map(layer.input_shape(), prefix);
  const float* parameters = network.parameters().data() + network.parameter_offset(index);
  const float* persistent = network.persistent().data() + network.persistent_offset(index);
  graph.floats(prefix + ".scale", {channels}, parameters, channels);
  graph.floats(prefix + ".bias", {channels}, parameters + channels, channels);
  graph.floats(prefix + ".running_mean", {channels}, persistent, channels);
  graph.floats(prefix + ".running_var", {channels}, persistent + channels, channels);
  const bool is_map = !(layer.input_shape().height == 1 && layer.input_shape().width == 1);
  graph.node("BatchNormalization", prefix + "_bn",
             {x, prefix + ".scale", prefix + ".bias", prefix + ".running_mean", prefix + ".running_var"}, {},
             layer.output_shape(), is_map);
}

}  // namespace

const LayerKindInfo kBatchNormKind = {
    .kind = LayerKind::BatchNorm,
    .prefix = "bn",
    .syntax = "bn",
    .help = "batch normalisation per channel or unit",
    .name = "Batch normalisation",
    .description =
        "normalises each channel by the batch's statistics while training, by their running "
        "averages otherwise, then scales and shifts it by learnt values",
    .file_code = 5,
    .file_version = 3,
    .takes_activation = false,
    .differs_in_training = true,
    .parse =
        [](std::string_view rest, const SpecFields& fields) {
          if (!rest.empty()) fields.fail("batch normalisation takes no number: write bn");
          return LayerSpec{LayerKind::BatchNorm, 0, 0, 0, 0};
        },
    .text = [](const LayerSpec&) { return std::string("bn"); },
    .check = [](const LayerSpec&, const SpecFields&) {},
    .plan =
        [](PlannedLayer& layer, const SpecFields&) {
          layer.parameters = 2 * Eigen::Index{layer.input.channels};
          layer.persistent = 2 * Eigen::Index{layer.input.channels};
        },
    .write_record = [](ByteWriter&, const LayerSpec&) {},  // no fields: its size follows from its input
    .read_record =
        [](ByteReader&, const std::string&) {
          return LayerSpec{LayerKind::BatchNorm, 0, 0, 0, 0};
        },
    .build = [](const PlannedLayer& layer, std::optional<Activation>) -> std::shared_ptr<const Layer> {
      return std::make_shared<BatchNormLayer>(layer.input);
    },
    .export_onnx = export_batch_norm,
    // The normalised batch, kept for the backward pass, in the training pass's
    // cache and in the evaluations'.
    .work_floats = [](const PlannedLayer& layer, const WorkSizes& sizes) -> std::uint64_t {
      return sizes.threads * static_cast<std::uint64_t>(sizes.batch_share + sizes.slice_share) *
             static_cast<std::uint64_t>(layer.output.size());
    },
};

}  // namespace digitpad
