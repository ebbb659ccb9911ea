#include "nn/layers/max_pool.h"

namespace digitpad {
namespace {

struct PoolState final : LayerState {
  // For each output value, the row of the input column it was taken from.
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic> winners;
};

}  // namespace

MaxPoolLayer::MaxPoolLayer(const Shape& input, int size)
    : Layer(input, Shape{input.channels, input.height / size, input.width / size}), size_(size) {}

std::unique_ptr<LayerState> MaxPoolLayer::make_state() const { return std::make_unique<PoolState>(); }

void MaxPoolLayer::forward(const float*, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                           const PassMode&) const {
  auto& s = static_cast<PoolState&>(*state);
  const Shape& from = input_shape();
  const Shape& to = output_shape();
  const Eigen::Index samples = in.cols();
  out.resize(to.size(), samples);
  s.winners.resize(to.size(), samples);
  for (Eigen::Index b = 0; b < samples; ++b) {
    const float* source = in.col(b).data();
    float* target = out.col(b).data();
    std::int32_t* winner = s.winners.col(b).data();
    for (int c = 0; c < to.channels; ++c)
      for (int oy = 0; oy < to.height; ++oy)
        for (int ox = 0; ox < to.width; ++ox) {
          const std::int32_t corner = (c * from.height + oy * size_) * from.width + ox * size_;
          std::int32_t best = corner;
          for (int dy = 0; dy < size_; ++dy)
            for (int dx = 0; dx < size_; ++dx) {
              const std::int32_t index = corner + dy * from.width + dx;
              if (source[index] > source[best]) best = index;
            }
          const Eigen::Index o = (Eigen::Index{c} * to.height + oy) * to.width + ox;
          target[o] = source[best];
          winner[o] = best;
        }
  }
}

void MaxPoolLayer::backward(const float*, const ConstMatrixRef& in, const Eigen::MatrixXf&,
                            Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float*, LayerState* state) const {
  if (!grad_in) return;
  const auto& s = static_cast<const PoolState&>(*state);
  grad_in->setZero(input_shape().size(), in.cols());
  for (Eigen::Index b = 0; b < grad_out.cols(); ++b) {
    float* target = grad_in->col(b).data();
    for (Eigen::Index o = 0; o < grad_out.rows(); ++o) target[s.winners(o, b)] += grad_out(o, b);
  }
}

}  // namespace digitpad
