// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/training_data.h"
#include "core/io/model_file.h"
#include "core/nn/model_comparison.h"
#include "core/nn/trainer.h"
#include "ui/training/training_metatypes.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace digitpad {

class TrainingWorker;
struct TrainingJob;

// What a run was for, kept with its outcome: whether it fine-tunes, the
// model its network would replace (null: none), both measured on the same
// held-out digits, and the data it ran on (to re-make its test split).
struct RunRecord {
  bool fine_tune = false;
  std::shared_ptr<const Model> replaces;
  std::vector<AccuracyChange> comparisons;
  DataRequest data;
  QStringList image_folders;  // decoded by the worker into the data
};

// One training or fine-tuning run at a time, in a TrainingWorker on a thread
// of its own, so the window keeps drawing and predicting while it goes on.
// Owns the thread, the worker and the run's pause/stop control; the worker's
// signals are passed on, queued to the GUI thread.
class TrainingRun : public QObject {
  Q_OBJECT

 public:
  explicit TrainingRun(QObject* parent = nullptr);
  // Cancels a running job and joins the worker thread.
  ~TrainingRun() override;

  // Starts `job` (ignored while a run goes on); `record` describes it.
  void start(TrainingJob job, RunRecord record);
  bool isRunning() const { return running_; }
  bool isStopping() const { return stopping_; }
  bool isPaused() const;
  // Paused, and the worker has finished the iteration under way and holds.
  bool isHeld() const;
  void pause();
  void resume();
  // Stops after the iteration under way; the network so far is offered.
  void stop();
  // Cancels any run and waits for the worker thread to finish (closing the app).
  void cancelAndWait();

  // The run under way, or the last one once it ended.
  const RunRecord& record() const { return record_; }
  TrainingWorker* worker() const { return worker_; }
  QThread* thread() const { return thread_; }

 signals:
  void loadingData();
  void dataLoaded(int train_count, int test_count, int total_iterations);
  void progress(const digitpad::TrainingProgress& progress);
  // The run ended: with a network (null when no update succeeded).
  void finished(std::shared_ptr<const digitpad::Model> model, const digitpad::TrainingResult& result);
  void failed(const QString& message);

 private:
  void end();

  QThread* thread_ = nullptr;
  TrainingWorker* worker_ = nullptr;
  std::shared_ptr<TrainingControl> control_;
  bool running_ = false;
  bool stopping_ = false;
  RunRecord record_;
};

}  // namespace digitpad
