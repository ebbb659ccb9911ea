// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/training_data.h"
#include "core/io/model_file.h"
#include "core/nn/presets.h"
#include "core/nn/trainer.h"
#include "ui/training/training_metatypes.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace digitpad {

// Everything one training run needs, copied into the worker so that the panel
// can change its fields while the run goes on.
struct TrainingJob {
  DataRequest data;
  QString dataset_label;  // how the model file names the data
  TrainingRecipe recipe;
  QString model_name;
  // Fine-tuning: training starts from a copy of this network (its shape wins
  // over the recipe's) instead of new weights. Null: a new network.
  std::shared_ptr<const Network> initial_network;
  // Digits repeated into the training set until they make up
  // `oversampled_share` of it (data/oversample.h): the user's own, for
  // fine-tuning. Never part of the test set.
  Dataset oversampled;
  double oversampled_share = 0.3;
  // Folders of images sorted into 0/ .. 9/, decoded here in the worker (it
  // takes a while for big folders) and added to data.extra_sets.
  QStringList image_folders;
  // Shared with the panel, which pauses, resumes and cancels through it from
  // the GUI thread while train() runs in the worker's thread.
  std::shared_ptr<TrainingControl> control;
  // The network this run's result would replace (a Train run: the current
  // model; a fine-tune: its base). When set, the worker measures it and the
  // new network on the run's test digits (`test_set_label` names them), and
  // on the test split of `also_measure_on` (the last run's, with its image
  // folders), before the result is offered: the app decides from that
  // whether to replace the model or to ask (nn/model_comparison.h).
  std::shared_ptr<const Network> compare_with;
  QString test_set_label;
  std::optional<DataRequest> also_measure_on;
  QStringList also_measure_image_folders;
  QString also_measure_label;
};

// Loads the data and trains a network, in whatever thread the object lives in
// (the panel moves it to its own QThread, as the QThread docs' worker pattern
// does). Its signals carry small values only; the finished model travels once,
// at the end, as a shared pointer to an immutable Model.
class TrainingWorker : public QObject {
  Q_OBJECT

 public:
  explicit TrainingWorker(QObject* parent = nullptr);

  // Runs the whole job, blocking the calling thread; call it through a queued
  // invocation so that it runs in the worker's thread.
  void run(const TrainingJob& job);

 signals:
  void loadingData();
  void dataLoaded(int train_count, int test_count, int total_iterations);
  // Every iteration; the panel coalesces them for display.
  void progress(const digitpad::TrainingProgress& progress);
  // Before finished(), when the job had compare_with and a network came out:
  // both measured on the same digits (empty when there was nothing to measure on).
  void compared(const std::vector<digitpad::AccuracyChange>& changes);
  // `model` is null when the run stopped before its first update.
  void finished(std::shared_ptr<const digitpad::Model> model, const digitpad::TrainingResult& result);
  // Bad data, a bad recipe, or anything else that prevented a run.
  void failed(const QString& message);
};

}  // namespace digitpad
