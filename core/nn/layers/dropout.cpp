// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/layers/dropout.h"

#include <cstdio>

#include "core/io/byte_fields.h"
#include "core/nn/architecture.h"
#include "core/nn/limits.h"
#include "core/nn/network.h"
#include "core/nn/onnx_graph.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace digitpad {
namespace {

struct DropoutState final : LayerState {
  bool active = false;   // the last forward pass was a training one
  Eigen::MatrixXf mask;  // 0 or 1 / (1 - rate)
};

}  // namespace

DropoutLayer::DropoutLayer(const Shape& input, float rate) : Layer(input, input), rate_(rate) {}

std::unique_ptr<LayerState> DropoutLayer::make_state() const { return std::make_unique<DropoutState>(); }

void DropoutLayer::forward(const LayerValues&, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                           const PassMode& mode) const {
  auto& s = static_cast<DropoutState&>(*state);
  s.active = mode.training;
  if (!s.active) {
    out = in;
    return;
  }
  if (!mode.dropout_rng) throw Error("a training pass through a dropout layer needs a dropout generator");
  const float keep_scale = 1.0f / (1.0f - rate_);
  s.mask.resize(in.rows(), in.cols());
  float* mask = s.mask.data();
  for (Eigen::Index i = 0; i < s.mask.size(); ++i) mask[i] = uniform01(*mode.dropout_rng) < rate_ ? 0.0f : keep_scale;
  out.noalias() = (in.array() * s.mask.array()).matrix();
}

void DropoutLayer::backward(const float*, const ConstMatrixRef&, const Eigen::MatrixXf&, Eigen::MatrixXf& grad_out,
                            Eigen::MatrixXf* grad_in, float*, LayerState* state) const {
  if (!grad_in) return;
  const auto& s = static_cast<const DropoutState&>(*state);
  if (s.active)
    grad_in->noalias() = (grad_out.array() * s.mask.array()).matrix();
  else
    *grad_in = grad_out;
}

// ---- The kind: dropR ----

namespace {

std::string format_rate(float rate) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(rate));
  return text;
}

}  // namespace

const LayerKindInfo kDropoutKind = {
    .kind = LayerKind::Dropout,
    .prefix = "drop",
    .syntax = "dropR",
    .help = "dropout at rate R while training",
    .name = "Dropout",
    .description = "while training, zeroes each value with probability R; the identity otherwise",
    .file_code = 4,
    .file_version = 2,
    .takes_activation = false,
    .differs_in_training = true,
    .parse =
        [](std::string_view rest, const SpecFields& fields) {
          return LayerSpec::dropout(fields.number(rest, "the dropout rate must be a number, e.g. drop0.3"));
        },
    .text = [](const LayerSpec& spec) { return "drop" + format_rate(spec.rate); },
    .check =
        [](const LayerSpec& spec, const SpecFields& fields) {
          if (!(spec.rate > 0.0f && spec.rate <= limits::kMaxDropout))
            fields.fail("the dropout rate must be above 0 and at most " + format_rate(limits::kMaxDropout));
        },
    .plan = [](PlannedLayer&, const SpecFields&) {},  // the identity's shape, no parameters
    .write_record = [](ByteWriter& out, const LayerSpec& spec) { out.f32(spec.rate); },
    .read_record = [](ByteReader& in,
                      const std::string& what) { return LayerSpec::dropout(in.f32(what + " dropout rate")); },
    .build = [](const PlannedLayer& layer, std::optional<Activation>) -> std::shared_ptr<const Layer> {
      return std::make_shared<DropoutLayer>(layer.input, layer.spec.rate);
    },
    .export_onnx = [](OnnxGraph&, const Network&, int, const LayerSpec&,
                      const std::string&) {},  // the identity at inference: no node
    .work_floats = nullptr,
};

}  // namespace digitpad
