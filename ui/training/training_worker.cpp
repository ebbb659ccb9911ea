// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/training_worker.h"

#include "core/data/oversample.h"
#include "ui/headless/images/image_folder_dataset.h"
#include "core/io/training_metadata.h"
#include "core/nn/model_comparison.h"
#include "core/recognition/digit_classes.h"
#include "core/util/error.h"

#include <exception>
#include <new>

namespace digitpad {

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) {
  // Queued connections copy these values between threads.
  qRegisterMetaType<TrainingProgress>("digitpad::TrainingProgress");
  qRegisterMetaType<TrainingResult>("digitpad::TrainingResult");
  qRegisterMetaType<std::shared_ptr<const Model>>("std::shared_ptr<const digitpad::Model>");
  qRegisterMetaType<std::vector<AccuracyChange>>("std::vector<digitpad::AccuracyChange>");
}

namespace {

// The measurements of compare_with against the new network (see TrainingJob).
std::vector<AccuracyChange> measure(const TrainingJob& job, const Network& trained, const Dataset& test) {
  std::vector<AccuracyChange> changes;
  if (!job.compare_with || !reads_digits(job.compare_with->architecture())) return changes;
  if (!test.empty())
    changes.push_back(compare_models(*job.compare_with, trained, test, job.test_set_label.toStdString()));
  if (job.also_measure_on) {
    DataRequest request = *job.also_measure_on;
    for (const QString& folder : job.also_measure_image_folders)
      request.extra_sets.push_back(load_image_folder(folder.toStdString()));
    const TrainTestSplit other = load_training_data(request);
    if (!other.test.empty())
      changes.push_back(compare_models(*job.compare_with, trained, other.test, job.also_measure_label.toStdString()));
  }
  return changes;
}

}  // namespace

void TrainingWorker::run(const TrainingJob& job) {
  try {
    emit loadingData();
    // Reading and splitting tens of thousands of digits takes seconds: it
    // belongs here, off the GUI thread, like the training itself.
    DataRequest request = job.data;
    for (const QString& folder : job.image_folders)
      request.extra_sets.push_back(load_image_folder(folder.toStdString()));
    TrainTestSplit data = load_training_data(request);
    if (!job.oversampled.empty()) data.train = oversample_into(data.train, job.oversampled, job.oversampled_share);
    if (job.control && job.control->cancelled()) {
      TrainingResult cancelled;
      cancelled.status = TrainingStatus::Cancelled;
      cancelled.message = "Stopped while loading the data.";
      emit finished(nullptr, cancelled);
      return;
    }
    TrainingRecipe recipe = job.recipe;
    if (job.initial_network) recipe.architecture = job.initial_network->architecture();
    recipe.architecture.outputs =
        fit_classes(data, job.initial_network ? &job.initial_network->architecture() : nullptr);
    recipe.architecture.validate();
    const int total = recipe.training.total_iterations(data.train.count());
    emit dataLoaded(data.train.count(), data.test.count(), total);

    // A copy: the model the pad predicts with stays untouched until the run ends.
    Network network = job.initial_network ? Network(*job.initial_network)
                                          : Network(recipe.architecture, recipe.init_scale, recipe.init_seed);
    const TrainingResult result = train(
        network, data.train, data.test, recipe.training,
        [this](const TrainingProgress& step) { emit progress(step); }, job.control.get());

    std::shared_ptr<const Model> model;
    if (result.iterations > 0 && job.compare_with) {
      // Measured here, off the GUI thread, before anything is replaced. A
      // set that cannot be read any more is not worth losing the run for.
      try {
        emit compared(measure(job, network, data.test));
      } catch (const Error&) {
        emit compared({});
      }
    }
    if (result.iterations > 0) {
      ModelInfo info = training_metadata(job.model_name.toStdString(), recipe, job.dataset_label.toStdString(),
                                         data.train.count(), data.test.count(), result);
      model = std::make_shared<const Model>(Model{std::move(network), std::move(info)});
    }
    emit finished(model, result);
  } catch (const Error& error) {
    emit failed(QString::fromStdString(error.what()));
  } catch (const std::bad_alloc&) {
    emit failed(tr("Not enough memory for this network and data set; try fewer digits or smaller layers."));
  } catch (const std::exception& error) {
    emit failed(tr("Training failed: %1").arg(QString::fromStdString(error.what())));
  }
}

}  // namespace digitpad
