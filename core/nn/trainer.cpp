// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/trainer.h"

#include "core/nn/limits.h"
#include "core/util/error.h"
#include "core/util/memory_budget.h"
#include "core/util/parallel_for.h"
#include "core/util/random.h"

#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

namespace digitpad {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

int batches_per_epoch(int train_count, int batch_size) {
  if (batch_size <= 0 || batch_size >= train_count) return 1;
  return (train_count + batch_size - 1) / batch_size;
}

void validate(const TrainingSettings& s, const Dataset& train_set, const Network& network) {
  if (train_set.empty()) throw Error("training set is empty");
  if (train_set.images.rows() != network.architecture().input_size())
    throw Error("training images have " + std::to_string(train_set.images.rows()) + " pixels, the network expects " +
                std::to_string(network.architecture().input_size()));
  if (!(s.optimizer.learning_rate > 0) || !std::isfinite(s.optimizer.learning_rate))
    throw Error("learning rate must be a positive number");
  if (s.optimizer.weight_decay < 0 || !std::isfinite(s.optimizer.weight_decay))
    throw Error("weight decay must be zero or positive");
  if (s.epochs < 0 || (s.epochs == 0 && s.iterations < 1)) throw Error("iterations (or epochs) must be at least 1");
  if (s.batch_size < 0) throw Error("batch size must be 0 (full batch) or positive");
  if (const std::int64_t total = s.total_iterations(train_set.count()); total > limits::kMaxIterations)
    throw Error(std::to_string(s.epochs) + " epochs of " +
                std::to_string(batches_per_epoch(train_set.count(), s.batch_size)) + " batches are " +
                std::to_string(total) + " iterations, more than a run may make (" +
                std::to_string(limits::kMaxIterations) + "); use fewer epochs or larger batches");
  if (!train_set.images.allFinite()) throw Error("training images hold NaN or infinite values");
  if (!network.parameters().allFinite())
    throw Error("the starting weights are not all finite numbers (is the initial weight scale too large?)");
  check_memory_budget(training_memory_bytes(network.architecture(), s, train_set.count()),
                      "training " + architecture_text(network.architecture()));
  if (s.augmentation.enabled) s.augmentation.validate();
  for (std::uint8_t label : train_set.labels)
    if (label >= network.architecture().outputs)
      throw Error("training label " + std::to_string(label) + " has no output unit");
}

// L2 weight decay on weights only (biases are not decayed): adds wd * W to the
// gradient and returns (wd / 2) * |W|^2 for the reported cost.
float apply_weight_decay(const Network& network, float weight_decay, Eigen::VectorXf& gradient) {
  if (weight_decay == 0) return 0;
  double penalty = 0;
  for (int l = 0; l < network.layer_count(); ++l) {
    const Eigen::Index offset = network.parameter_offset(l), count = network.layer(l).weight_count();
    const auto w = network.parameters().segment(offset, count);
    gradient.segment(offset, count) += weight_decay * w;
    penalty += w.squaredNorm();
  }
  return static_cast<float>(0.5 * weight_decay * penalty);
}

// Cost and accuracy of a labelled set in evaluation slices.
struct Evaluation {
  float cost = 0;
  float accuracy = 0;
};
Evaluation evaluate(const Network& network, const Dataset& data, const Eigen::MatrixXf& targets,
                    const PassMode& mode) {
  ForwardCache cache;
  double cost_sum = 0;
  std::size_t correct = 0;
  const Eigen::Index slice = evaluation_slice(network);
  for (Eigen::Index start = 0; start < data.images.cols(); start += slice) {
    const Eigen::Index count = std::min(slice, data.images.cols() - start);
    network.forward(data.images.middleCols(start, count), cache, mode);
    cost_sum += Network::cross_entropy(cache, targets.middleCols(start, count)) * static_cast<double>(count);
    correct += static_cast<std::size_t>(count_correct(cache.outputs.back(), data.labels.data() + start));
  }
  const double n = static_cast<double>(data.count());
  return {static_cast<float>(cost_sum / n), static_cast<float>(static_cast<double>(correct) / n)};
}

// Fraction of columns of `probabilities` whose argmax is the label: the
// full-batch run's training accuracy comes free from its own forward pass.
float batch_accuracy(const Eigen::MatrixXf& probabilities, const std::vector<std::uint8_t>& labels) {
  return static_cast<float>(count_correct(probabilities, labels.data())) / static_cast<float>(probabilities.cols());
}

}  // namespace

std::int64_t TrainingSettings::total_iterations(int train_count) const {
  if (epochs > 0) return std::int64_t{epochs} * batches_per_epoch(train_count, batch_size);
  return iterations;
}

std::uint64_t training_memory_bytes(const Architecture& architecture, const TrainingSettings& settings,
                                    int train_count) {
  const std::vector<PlannedLayer> planned = plan_layers(architecture);
  std::uint64_t parameters = 0, values_per_digit = static_cast<std::uint64_t>(architecture.input_size());
  const std::uint64_t batch = settings.batch_size <= 0 || settings.batch_size >= train_count
                                  ? static_cast<std::uint64_t>(std::max(train_count, 1))
                                  : static_cast<std::uint64_t>(settings.batch_size);
  const auto threads = static_cast<std::uint64_t>(parallel_part_count());
  Eigen::Index widest = 1;
  for (const PlannedLayer& layer : planned) widest = std::max(widest, layer.output.size());
  const WorkSizes sizes{
      static_cast<std::int64_t>((batch + threads - 1) / threads),
      static_cast<std::int64_t>((static_cast<std::uint64_t>(evaluation_slice_for(widest)) + threads - 1) / threads),
      threads};
  std::uint64_t layer_work = 0, persistent = 0;
  for (const PlannedLayer& layer : planned) {
    parameters += static_cast<std::uint64_t>(layer.parameters);
    persistent += static_cast<std::uint64_t>(layer.persistent);
    values_per_digit += static_cast<std::uint64_t>(layer.output.size());
    if (const auto work = layer_kind(layer.spec.kind).work_floats) layer_work += work(layer, sizes);
  }
  const int state_copies = settings.optimizer.kind == OptimizerKind::Adam       ? 2
                           : settings.optimizer.kind == OptimizerKind::Momentum ? 1
                                                                                : 0;
  // Weights, gradient, last good weights and optimizer state; the persistent
  // state and its last good copy; the batch's forward values and their
  // gradients going back; its inputs and targets (copied, augmented); one-hot
  // targets of the whole set; the layers' work buffers.
  const std::uint64_t floats = layer_work + parameters * (3 + state_copies) + persistent * 2 +
                               batch * values_per_digit * 2 +
                               batch * (static_cast<std::uint64_t>(architecture.input_size()) * 2 + 10) +
                               static_cast<std::uint64_t>(std::max(train_count, 0)) * 10;
  return floats * sizeof(float);
}

void TrainingControl::pause() { paused_ = true; }

void TrainingControl::resume() {
  {
    std::lock_guard lock(mutex_);
    paused_ = false;
  }
  wake_.notify_all();
}

void TrainingControl::cancel() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  wake_.notify_all();
}

bool TrainingControl::wait_while_paused() {
  if (paused_ && !cancelled_) {
    std::unique_lock lock(mutex_);
    holding_ = true;
    wake_.wait(lock, [this] { return !paused_ || cancelled_; });
    holding_ = false;
  }
  return !cancel_requested();
}

TrainingResult train(Network& network, const Dataset& train_set, const Dataset& test_set,
                     const TrainingSettings& settings, const ProgressCallback& on_progress,
                     TrainingControl* control) {
  validate(settings, train_set, network);
  const int train_count = train_set.count();
  const bool full_batch = batches_per_epoch(train_count, settings.batch_size) == 1;
  const int batch_size = full_batch ? train_count : settings.batch_size;
  const int per_epoch = batches_per_epoch(train_count, settings.batch_size);
  const int total = static_cast<int>(settings.total_iterations(train_count));  // validated above
  const bool has_test = !test_set.empty();

  const int classes = network.architecture().outputs;
  const Eigen::MatrixXf train_targets = one_hot(train_set.labels, classes);
  const Eigen::MatrixXf test_targets = has_test ? one_hot(test_set.labels, classes) : Eigen::MatrixXf();

  std::unique_ptr<Optimizer> optimizer = make_optimizer(settings.optimizer);
  std::mt19937_64 shuffle_engine(settings.seed);
  // Its own stream (the seed mixed with a constant), so switching augmentation
  // on or off leaves the shuffle order as it was.
  std::mt19937_64 augment_engine(settings.seed ^ 0x9E3779B97F4A7C15ull);
  const bool augment = !settings.augmentation.is_identity();
  // Dropout masks from a third stream, for the same reason.
  std::mt19937_64 dropout_engine(settings.seed ^ 0xD1B54A32D192ED03ull);
  // Asked inside each pass too: one full-batch iteration of a big network can
  // take minutes, and Ctrl+C or Cancel must not wait for it.
  const std::function<bool()> stop_requested = [control] { return control && control->cancel_requested(); };
  const PassMode training_pass = PassMode::for_training(dropout_engine, &stop_requested);
  const PassMode evaluation_pass = PassMode::for_inference(&stop_requested);
  std::vector<int> order(static_cast<std::size_t>(train_count));
  std::iota(order.begin(), order.end(), 0);

  ForwardCache cache;
  Eigen::VectorXf gradient(network.parameters().size());
  Eigen::VectorXf last_good = network.parameters();
  Eigen::VectorXf last_good_persistent = network.persistent();
  Eigen::MatrixXf batch_images, batch_targets, augmented_images;
  std::vector<std::uint8_t> batch_labels;

  TrainingResult result;
  const Clock::time_point start = Clock::now();
  // Time spent paused is not training time: it is left out of elapsed_seconds
  // and result.seconds (and so out of the time per iteration and time left).
  double paused_seconds = 0;
  const auto training_seconds = [&] { return seconds_since(start) - paused_seconds; };
  for (int iteration = 1; iteration <= total; ++iteration) {
    if (control && control->paused()) {
      const Clock::time_point paused_at = Clock::now();
      control->wait_while_paused();
      paused_seconds += seconds_since(paused_at);
    }
    if (control && !control->wait_while_paused()) {
      result.status = TrainingStatus::Cancelled;
      result.message = "stopped at iteration " + std::to_string(iteration - 1) + " of " + std::to_string(total);
      break;
    }
    const int position = (iteration - 1) % per_epoch;
    if (!full_batch) {
      // A fresh shuffle each epoch, then contiguous slices of it.
      if (position == 0) shuffle_indices(order, shuffle_engine);
      const int first = position * batch_size;
      const int count = std::min(batch_size, train_count - first);
      const std::vector<int> members(order.begin() + first, order.begin() + first + count);
      batch_images = train_set.images(Eigen::all, members);
      batch_targets = train_targets(Eigen::all, members);
      batch_labels.resize(members.size());
      for (std::size_t i = 0; i < members.size(); ++i) batch_labels[i] = train_set.labels[members[i]];
    }
    const Eigen::MatrixXf& plain_inputs = full_batch ? train_set.images : batch_images;
    if (augment) augment_batch(plain_inputs, augmented_images, settings.augmentation, augment_engine);
    const Eigen::MatrixXf& inputs = augment ? augmented_images : plain_inputs;
    const Eigen::MatrixXf& targets = full_batch ? train_targets : batch_targets;

    try {
      network.forward(inputs, cache, training_pass);
      network.backward(inputs, cache, targets, gradient, training_pass);
    } catch (const PassStopped&) {
      // Before this iteration's update: the weights are the last iteration's.
      result.status = TrainingStatus::Cancelled;
      result.message = "stopped during iteration " + std::to_string(iteration) + " of " + std::to_string(total);
      break;
    }
    const float cost = Network::cross_entropy(cache, targets) +
                       apply_weight_decay(network, settings.optimizer.weight_decay, gradient);
    if (!std::isfinite(cost) || !gradient.allFinite()) {
      // This iteration's weights already produce NaN/inf: go back to the weights
      // before the update that led here, the last ones that gave a finite cost.
      network.parameters() = last_good;
      network.persistent() = last_good_persistent;
      result.status = TrainingStatus::Diverged;
      const std::string became = std::isnan(cost) ? "NaN" : "infinite";
      if (iteration == 1)
        // No update has run: the learning rate is not to blame, and there are
        // no good weights to keep. (The inputs were checked to be finite.)
        result.message = "the cost was " + became +
                         " with the starting weights, before any update: they are too large (lower the initial "
                         "weight scale); nothing was trained.";
      else
        result.message = "training diverged at iteration " + std::to_string(iteration) + " (the cost became " +
                         became + "); lower the learning rate. The last good weights were kept.";
      result.iterations = std::max(0, iteration - 2);
      break;
    }

    TrainingProgress progress;
    progress.iteration = iteration;
    progress.total_iterations = total;
    progress.epoch = (iteration - 1) / per_epoch + 1;
    progress.cost = cost;
    const bool evaluate_now =
        iteration == total || (settings.eval_interval > 0 && iteration % settings.eval_interval == 0);
    if (evaluate_now) try {
        // Accuracies describe the weights this iteration's cost was computed with,
        // i.e. before its update, so the numbers on one row belong together.
        // (An augmented batch's own forward pass saw distorted digits, not the set.)
        progress.train_accuracy = full_batch && !augment && !network.differs_in_training()
                                      ? batch_accuracy(cache.outputs.back(), train_set.labels)
                                      : evaluate(network, train_set, train_targets, evaluation_pass).accuracy;
        if (has_test) {
          const Evaluation test = evaluate(network, test_set, test_targets, evaluation_pass);
          progress.test_accuracy = test.accuracy;
          progress.test_cost = test.cost;
        }
      } catch (const PassStopped&) {
        result.status = TrainingStatus::Cancelled;
        result.message = "stopped during iteration " + std::to_string(iteration) + " of " + std::to_string(total);
        break;
      }

    last_good = network.parameters();
    last_good_persistent = network.persistent();
    // After the evaluations above, which describe the network this
    // iteration's cost was computed with.
    network.update_persistent(cache);
    optimizer->set_learning_rate(settings.optimizer.learning_rate *
                                 schedule_factor(settings.schedule, iteration - 1, total));
    optimizer->update(gradient, network.parameters());
    if (!network.parameters().allFinite()) {
      // The update itself overflowed: keep the weights from before it, which
      // gave this iteration's finite cost.
      network.parameters() = last_good;
      network.persistent() = last_good_persistent;
      result.status = TrainingStatus::Diverged;
      result.message = "training diverged at iteration " + std::to_string(iteration) +
                       " (the update made weights infinite or NaN); " +
                       (iteration == 1 ? std::string("lower the learning rate or the initial weight scale; nothing "
                                                     "was trained.")
                                       : "lower the learning rate. The weights of iteration " +
                                             std::to_string(iteration - 1) + " were kept.");
      result.iterations = iteration - 1;
      break;
    }
    result.iterations = iteration;
    result.final_cost = cost;
    progress.elapsed_seconds = training_seconds();
    if (on_progress) on_progress(progress);
  }
  result.seconds = training_seconds();
  // Ctrl+C (cancel_when's flag) means the process is on its way out: a pass
  // over both whole sets would only delay it.
  if (control && control->interrupted()) return result;
  // The final network over the whole training set: its cost is what the run
  // ends at (not the last batch's, which a mini-batch run's noise or a
  // fine-tune's odd batch can put far above it), and its accuracy.
  const Evaluation final_train =
      evaluate(network, train_set, train_targets,
               PassMode::for_inference());  // as accuracy() below: a Cancel still gets its figures
  result.train_accuracy = final_train.accuracy;
  if (result.iterations > 0 && std::isfinite(final_train.cost)) result.final_cost = final_train.cost;
  result.test_accuracy = has_test ? accuracy(network, test_set.images, test_set.labels) : 0.0f;
  return result;
}

}  // namespace digitpad
