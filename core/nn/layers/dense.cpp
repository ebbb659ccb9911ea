#include "nn/layers/dense.h"

#include <vector>

namespace digitpad {
namespace {

using MatrixMap = Eigen::Map<Eigen::MatrixXf>;
using ConstMatrixMap = Eigen::Map<const Eigen::MatrixXf>;

// Below this fraction of non-blank input rows, gathering them into compact
// matrices (a copy of the rows and of the matching weight columns) costs less
// than the multiplications it saves. A quarter of MNIST's pixels, its blank
// border, are zero in a whole batch of digits.
constexpr double kCompactInputsBelow = 0.9;

struct DenseState final : LayerState {
  std::vector<int> active_inputs;  // rows of `in` used; empty: all of them
  Eigen::MatrixXf compact_inputs;
  Eigen::MatrixXf compact_weights;
  Eigen::MatrixXf compact_gradient;
};

// The rows of `in` that are non-zero in some column, or none when too many are.
void find_active_inputs(const ConstMatrixRef& in, std::vector<int>& active) {
  active.clear();
  const Eigen::Array<bool, Eigen::Dynamic, 1> used = (in.array() != 0.0f).rowwise().any();
  const Eigen::Index count = used.count();
  if (count >= kCompactInputsBelow * static_cast<double>(in.rows())) return;
  active.reserve(static_cast<std::size_t>(count));
  for (Eigen::Index r = 0; r < in.rows(); ++r)
    if (used[r]) active.push_back(static_cast<int>(r));
}

}  // namespace

DenseLayer::DenseLayer(const Shape& input, int units, std::optional<Activation> activation)
    : Layer(input, Shape::flat(units)), activation_(activation) {}

std::unique_ptr<LayerState> DenseLayer::make_state() const { return std::make_unique<DenseState>(); }

void DenseLayer::forward(const float* parameters, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                         const PassMode&) const {
  auto& s = static_cast<DenseState&>(*state);
  const Eigen::Index units = output_shape().size(), inputs = input_shape().size();
  const ConstMatrixMap weights(parameters, units, inputs);
  const Eigen::Map<const Eigen::VectorXf> biases(parameters + weight_count(), units);
  // One product for the whole batch; the bias broadcast over columns.
  find_active_inputs(in, s.active_inputs);
  if (s.active_inputs.empty()) {
    out.noalias() = weights * in;
  } else {
    s.compact_inputs = in(s.active_inputs, Eigen::all);
    s.compact_weights = weights(Eigen::all, s.active_inputs);
    out.noalias() = s.compact_weights * s.compact_inputs;
  }
  out.colwise() += biases;
  if (activation_) activate(*activation_, out);
}

void DenseLayer::backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                          Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                          LayerState* state) const {
  auto& s = static_cast<DenseState&>(*state);
  const Eigen::Index units = output_shape().size(), inputs = input_shape().size();
  if (activation_) multiply_by_derivative(*activation_, out, grad_out);
  MatrixMap weight_gradient(gradient, units, inputs);
  if (s.active_inputs.empty()) {
    weight_gradient.noalias() = grad_out * in.transpose();
  } else {
    // Blank input rows contribute nothing: their weight columns get zero.
    s.compact_gradient.noalias() = grad_out * s.compact_inputs.transpose();
    weight_gradient.setZero();
    weight_gradient(Eigen::all, s.active_inputs) = s.compact_gradient;
  }
  Eigen::Map<Eigen::VectorXf>(gradient + weight_count(), units) = grad_out.rowwise().sum();
  if (grad_in) grad_in->noalias() = ConstMatrixMap(parameters, units, inputs).transpose() * grad_out;
}

}  // namespace digitpad
