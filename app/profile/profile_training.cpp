// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-profile-training: where one training iteration's time goes, per
// layer and per phase (a benchmark, not a test; docs/measuring.md records its
// figures). Every figure is the median of many repetitions, so that a shared,
// busy machine moves it less than a single timing; quote ratios between runs
// made side by side, not absolute times.
//
//   digitpad-profile-training [--layers SPEC] [--batch N] [--repeats R] [--mnist DIR] [--cpu-time]
//
// Prints, for the architecture (default conv32@5,pool2,conv64@5,pool2,dense128,
// ReLU, batch 128): each layer's forward and backward pass through the
// Layer interface; the trainer's other phases (gathering the batch,
// distortions, the softmax loss, the optimizer step, the copy of the last
// good weights); each convolution's three matrix products at its real sizes
// as GFLOP/s against a large single-threaded sgemm measured in the same run.

#include "core/data/augment.h"
#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/nn/gemm.h"
#include "core/nn/layers/conv2d.h"
#include "core/nn/network.h"
#include "core/nn/optimizer.h"
#include "core/util/parallel_for.h"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace digitpad {
namespace {

using Clock = std::chrono::steady_clock;

// What a busy machine moves least: the processor time of all this
// process's threads (the pool's workers sleep when idle, so waiting is not
// counted), against the wall clock, which another program's load stretches.
bool cpu_time_mode = false;

double process_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) * 1e-6;
}

// Median milliseconds (wall clock, or with --cpu-time processor time summed
// over threads) of `repeats` calls of `work`, after two untimed ones.
double median_ms(int repeats, const std::function<void()>& work) {
  work();
  work();
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const double cpu_start = process_cpu_ms();
    const Clock::time_point start = Clock::now();
    work();
    times.push_back(cpu_time_mode ? process_cpu_ms() - cpu_start
                                  : std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::nth_element(times.begin(), times.begin() + repeats / 2, times.end());
  return times[static_cast<std::size_t>(repeats / 2)];
}

// One single-threaded product rows x inner times inner x cols, as the layers
// run them (one per worker thread); GFLOP/s.
double gemm_gflops(Eigen::Index rows, Eigen::Index inner, Eigen::Index cols, int repeats) {
  const Eigen::MatrixXf a = Eigen::MatrixXf::Random(rows, inner), b = Eigen::MatrixXf::Random(inner, cols);
  Eigen::MatrixXf c(rows, cols);
  const double ms = median_ms(repeats, [&] { gemm(a, Transpose::No, b, Transpose::No, c); });
  return 2.0 * static_cast<double>(rows) * static_cast<double>(inner) * static_cast<double>(cols) / (ms * 1e6);
}

struct Options {
  std::string layers = "conv32@5,pool2,conv64@5,pool2,dense128";
  int batch = 128;
  int repeats = 30;
  int iterations = 0;  // > 0: only run this many training steps, untimed (for callgrind)
  std::string mnist = DIGITPAD_MNIST_DIR;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "--cpu-time") {
      cpu_time_mode = true;
      --i;
      continue;
    }
    if (i + 1 == argc) {
      std::fprintf(stderr, "%s needs a value\n", key.c_str());
      std::exit(2);
    }
    const std::string value = argv[i + 1];
    if (key == "--layers")
      o.layers = value;
    else if (key == "--batch")
      o.batch = std::atoi(value.c_str());
    else if (key == "--repeats")
      o.repeats = std::atoi(value.c_str());
    else if (key == "--mnist")
      o.mnist = value;
    else if (key == "--iterations")
      o.iterations = std::atoi(value.c_str());
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      std::exit(2);
    }
  }
  return o;
}

int run(const Options& o) {
  Architecture architecture;
  architecture.layers = parse_layer_list(o.layers);
  architecture.activation = Activation::Relu;
  architecture.validate();
  Network network(architecture, 0.0f, 1);
  const Dataset all = read_idx_pair(o.mnist + "/t10k-images-idx3-ubyte.gz", o.mnist + "/t10k-labels-idx1-ubyte.gz");
  const Eigen::MatrixXf targets_all = one_hot(all.labels, architecture.outputs);
  std::vector<int> members(static_cast<std::size_t>(o.batch));
  std::iota(members.begin(), members.end(), 0);
  Eigen::MatrixXf inputs = all.images(Eigen::all, members);
  const Eigen::MatrixXf targets = targets_all(Eigen::all, members);

  if (o.iterations > 0) {
    // Nothing but the steps the trainer repeats, for an instruction profile:
    // valgrind --tool=callgrind digitpad-profile-training --iterations 3
    OptimizerSettings adam;
    adam.kind = OptimizerKind::Adam;
    adam.learning_rate = 1e-3f;
    const std::unique_ptr<Optimizer> optimizer = make_optimizer(adam);
    std::mt19937_64 engine(3);
    const PassMode pass = PassMode::for_training(engine);
    ForwardCache steps;
    Eigen::VectorXf step_gradient;
    for (int i = 0; i < o.iterations; ++i) {
      network.forward(inputs, steps, pass);
      network.backward(inputs, steps, targets, step_gradient);
      optimizer->update(step_gradient, network.parameters());
    }
    return 0;
  }
  std::printf("%s, batch %d, ReLU, %d threads, median of %d, %s\n", o.layers.c_str(), o.batch, parallel_part_count(),
              o.repeats, cpu_time_mode ? "processor time" : "wall clock");
  std::mt19937_64 dropout_engine(3);
  const PassMode training = PassMode::for_training(dropout_engine);
  ForwardCache cache;
  Eigen::VectorXf gradient(network.parameters().size());
  network.forward(inputs, cache, training);
  network.backward(inputs, cache, targets, gradient);
  const double whole_forward = median_ms(o.repeats, [&] { network.forward(inputs, cache, training); });
  const double whole_backward = median_ms(o.repeats, [&] { network.backward(inputs, cache, targets, gradient); });

  std::printf("\n%-28s %10s %10s\n", "layer", "fwd ms", "bwd ms");
  double layer_sum = 0;
  for (int l = 0; l < network.layer_count(); ++l) {
    const Layer& layer = network.layer(l);
    const float* parameters = network.parameters().data() + network.parameter_offset(l);
    float* layer_gradient = gradient.data() + network.parameter_offset(l);
    const Eigen::MatrixXf& in = l == 0 ? inputs : cache.outputs[static_cast<std::size_t>(l - 1)];
    Eigen::MatrixXf out;
    LayerState* state = cache.states[static_cast<std::size_t>(l)].get();
    const LayerValues values(parameters, network.persistent().data() + network.persistent_offset(l));
    const double forward = median_ms(o.repeats, [&] { layer.forward(values, in, out, state, training); });
    // Backward overwrites its output gradient (the activation's derivative is
    // applied in place): each repetition starts from a fresh copy, whose cost
    // is measured apart and taken off.
    const Eigen::MatrixXf delta = cache.deltas[static_cast<std::size_t>(l)];
    Eigen::MatrixXf grad_out = delta, grad_in;
    const double copy = median_ms(o.repeats, [&] { grad_out = delta; });
    const double backward =
        median_ms(o.repeats,
                  [&] {
                    grad_out = delta;
                    layer.backward(parameters, in, out, grad_out, l > 0 ? &grad_in : nullptr, layer_gradient, state);
                  }) -
        copy;
    std::string name = "layer " + std::to_string(l) + " " +
                       (l < static_cast<int>(architecture.layers.size())
                            ? layer_text(architecture.layers[static_cast<std::size_t>(l)])
                            : std::string("output"));
    std::printf("%-28s %10.3f %10.3f\n", name.c_str(), forward, backward);
    layer_sum += forward + backward;
  }
  std::printf("%-28s %10.3f %10.3f  (layers' sum %.3f)\n", "network forward/backward", whole_forward, whole_backward,
              layer_sum);

  // The trainer's other phases, as train() runs them.
  std::vector<int> shuffled(static_cast<std::size_t>(all.count()));
  std::iota(shuffled.begin(), shuffled.end(), 0);
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(5));
  const std::vector<int> batch_members(shuffled.begin(), shuffled.begin() + o.batch);
  Eigen::MatrixXf batch_images, batch_targets, augmented;
  const double gather = median_ms(o.repeats, [&] {
    batch_images = all.images(Eigen::all, batch_members);
    batch_targets = targets_all(Eigen::all, batch_members);
  });
  std::mt19937_64 augment_engine(7);
  const AugmentationSettings distortions = AugmentationSettings::recommended();
  const double augment =
      median_ms(o.repeats, [&] { augment_batch(batch_images, augmented, distortions, augment_engine); });
  const double loss = median_ms(o.repeats, [&] { (void)Network::cross_entropy(cache, targets); });
  OptimizerSettings adam_settings;
  adam_settings.kind = OptimizerKind::Adam;
  adam_settings.learning_rate = 1e-3f;
  const std::unique_ptr<Optimizer> adam = make_optimizer(adam_settings);
  Eigen::VectorXf parameters = network.parameters();
  const Eigen::VectorXf small_gradient = gradient * 1e-6f;
  const double step = median_ms(o.repeats, [&] { adam->update(small_gradient, parameters); });
  Eigen::VectorXf last_good;
  const double keep = median_ms(o.repeats, [&] { last_good = network.parameters(); });
  const double finite = median_ms(o.repeats, [&] { (void)gradient.allFinite(); });
  std::printf("\n%-28s %10.3f\n%-28s %10.3f\n%-28s %10.3f\n%-28s %10.3f\n%-28s %10.3f\n%-28s %10.3f\n",
              "gather batch (copy)", gather, "distortions (recommended)", augment, "cross-entropy", loss, "Adam step",
              step, "last good weights (copy)", keep, "finiteness checks", finite);

  // Each convolution's phases at their real sizes, as one worker runs them on
  // one chunk of its share of the batch; scaled to the whole batch (chunks
  // per batch / threads), and each product's GFLOP/s.
  const int threads = parallel_part_count();
  const double peak = gemm_gflops(1024, 1024, 1024, std::max(5, o.repeats / 4));
  std::printf("\nsgemm 1024^3 single-threaded: %.1f GFLOP/s (x %d threads)\n", peak, threads);
  for (int l = 0; l < network.layer_count(); ++l) {
    const auto* conv = dynamic_cast<const Conv2dLayer*>(&network.layer(l));
    if (!conv) continue;
    const Shape& s = conv->input_shape();
    const Eigen::Index share = (o.batch + threads - 1) / threads;
    const Eigen::Index patch = Eigen::Index{s.channels} * conv->kernel() * conv->kernel();
    const Eigen::Index chunk = std::min<Eigen::Index>(
        share, std::max<Eigen::Index>(1, (Eigen::Index{1} << 20) / (Eigen::Index{s.height} * s.width * patch)));
    const Eigen::Index rows = chunk * s.height * s.width;
    const double chunks_per_thread = static_cast<double>(share) / static_cast<double>(chunk);
    const Eigen::MatrixXf& in = l == 0 ? inputs : cache.outputs[static_cast<std::size_t>(l - 1)];
    const Eigen::Map<const Eigen::MatrixXf> weights(network.parameters().data() + network.parameter_offset(l), patch,
                                                    conv->filters());
    Eigen::MatrixXf patches(rows, patch), products(rows, conv->filters()), patch_gradient(rows, patch),
        weight_gradient = Eigen::MatrixXf::Zero(patch, conv->filters());
    products.setRandom();
    Eigen::MatrixXf grad_in = Eigen::MatrixXf::Zero(s.size(), chunk);
    const double flops = 2.0 * static_cast<double>(rows * patch * conv->filters());
    const auto per_batch = [&](double ms) { return ms * chunks_per_thread; };
    const double t_im2col = median_ms(o.repeats, [&] { im2col(in, 0, chunk, s, conv->kernel(), patches); });
    const double t_forward =
        median_ms(o.repeats, [&] { gemm(patches, Transpose::No, weights, Transpose::No, products); });
    const double t_weights =
        median_ms(o.repeats, [&] { gemm(patches, Transpose::Yes, products, Transpose::No, weight_gradient, true); });
    const double t_inputs =
        median_ms(o.repeats, [&] { gemm(products, Transpose::No, weights, Transpose::Yes, patch_gradient); });
    const double t_col2im =
        median_ms(o.repeats, [&] { col2im(patch_gradient, 0, chunk, s, conv->kernel(), grad_in); });
    std::printf("layer %d conv (chunk %ld digits: %ld x %ld patches, %d filters), ms per batch per thread:\n", l,
                static_cast<long>(chunk), static_cast<long>(rows), static_cast<long>(patch), conv->filters());
    std::printf(
        "  im2col %.3f | forward GEMM %.3f (%.1f GFLOP/s) | weight-gradient GEMM %.3f (%.1f) | "
        "patch-gradient GEMM %.3f (%.1f) | col2im %.3f\n",
        per_batch(t_im2col), per_batch(t_forward), flops / (t_forward * 1e6), per_batch(t_weights),
        flops / (t_weights * 1e6), per_batch(t_inputs), flops / (t_inputs * 1e6), per_batch(t_col2im));
  }
  return 0;
}

}  // namespace
}  // namespace digitpad

int main(int argc, char** argv) { return digitpad::run(digitpad::parse(argc, argv)); }
