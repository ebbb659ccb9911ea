// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/augment.h"
#include "core/data/dataset.h"
#include "core/nn/network.h"
#include "core/nn/optimizer.h"
#include "core/nn/schedule.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace digitpad {

struct TrainingSettings {
  OptimizerSettings optimizer;
  // The optimizer's learning rate is its peak; the schedule scales it per update.
  Schedule schedule = Schedule::Constant;
  int iterations = 100;    // parameter updates; ignored when epochs > 0
  int epochs = 0;          // when > 0: iterations = epochs * batches per epoch
  int batch_size = 0;      // 0 = full batch; else mini-batches of a fresh shuffle each epoch
  std::uint64_t seed = 1;  // shuffling (the network's own seed draws its weights)
  int eval_interval = 10;  // accuracies every N iterations (and at the last one); 0 = only at the end
  // Random distortions of every training batch before its forward pass (off by
  // default; evaluation always sees the digits as they are). Drawn from a
  // generator seeded with `seed`, separate from the shuffle's.
  AugmentationSettings augmentation;

  // Number of updates this run makes on `train_count` digits, in 64 bits
  // (--epochs 3000000 with batches of 1 is 180 billion); train() refuses more
  // than limits::kMaxIterations.
  std::int64_t total_iterations(int train_count) const;
};

// What one iteration reports. Accuracies and test cost are set only on
// evaluation iterations (every eval_interval, and the last).
struct TrainingProgress {
  int iteration = 0;  // 1-based
  int total_iterations = 0;
  int epoch = 0;   // 1-based
  float cost = 0;  // training cost of this iteration's batch, before its update
  std::optional<float> train_accuracy;
  std::optional<float> test_accuracy;
  std::optional<float> test_cost;
  double elapsed_seconds = 0;  // training time so far, pauses left out
};

// Pause, resume and cancel a run from another thread; a cancel is seen
// between iterations and inside one (between layers and chunks of work), a
// pause between iterations. One control per run.
class TrainingControl {
 public:
  void pause();
  void resume();
  void cancel();  // also wakes a paused run
  bool paused() const { return paused_; }
  bool cancelled() const { return cancelled_; }
  // Also cancels once `*flag` is true: for a flag a signal handler raises,
  // which may not take the mutex cancel() takes. It must outlive the run.
  void cancel_when(const std::atomic<bool>* flag) { external_ = flag; }
  // The flag of cancel_when() is raised. The run then ends without the final
  // whole-set accuracies (they stay 0).
  bool interrupted() const { return external_ && external_->load(); }
  // cancel() was called, or the flag of cancel_when() is raised.
  bool cancel_requested() const { return cancelled_ || (external_ && external_->load()); }
  // True while the trainer is blocked in wait_while_paused(): the pause has
  // taken hold and no iteration is under way (tests wait for this instead of
  // sleeping).
  bool holding() const { return holding_; }

  // Called by the trainer between iterations: blocks while paused; returns
  // false once cancelled.
  bool wait_while_paused();

 private:
  std::atomic<bool> paused_{false};
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> holding_{false};
  const std::atomic<bool>* external_ = nullptr;
  std::mutex mutex_;
  std::condition_variable wake_;
};

enum class TrainingStatus { Finished, Cancelled, Diverged };

struct TrainingResult {
  TrainingStatus status = TrainingStatus::Finished;
  int iterations = 0;        // updates completed (and kept)
  float final_cost = 0;      // cost of the final network over the whole training set (without weight decay)
  float train_accuracy = 0;  // of the final network on the whole training set
  float test_accuracy = 0;   // 0 when there is no test set
  double seconds = 0;        // wall time in the training loop, pauses left out
  std::string message;       // why a run stopped early, for the user
};

using ProgressCallback = std::function<void(const TrainingProgress&)>;

// What a training run of `architecture` needs in memory, roughly: parameter
// copies (weights, gradient, last good weights, optimizer state), a batch's
// forward and backward values, and each convolution's work buffers (one set
// per thread). train() checks it against the memory budget
// (util/memory_budget.h) before allocating anything.
std::uint64_t training_memory_bytes(const Architecture& architecture, const TrainingSettings& settings,
                                    int train_count);

// Trains `network` in place: per iteration a forward pass (dropout active), the cost, a backward
// pass and an optimizer update, all as batched matrix products. When the cost
// turns NaN or infinite the run stops with status Diverged and the network keeps
// the weights of the last good iteration (at the first iteration, its starting
// weights: the message then blames them, not the learning rate). `test` may
// be empty. Throws Error before any work for settings it cannot run: too many
// iterations, non-finite inputs, or more memory than the budget.
TrainingResult train(Network& network, const Dataset& train_set, const Dataset& test_set,
                     const TrainingSettings& settings, const ProgressCallback& on_progress = {},
                     TrainingControl* control = nullptr);

}  // namespace digitpad
