// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/training_data.h"
#include "core/io/model_file.h"
#include "core/nn/model_comparison.h"
#include "core/nn/presets.h"
#include "core/nn/trainer.h"
#include "ui/training/data_source_picker.h"
#include "ui/training/training_metatypes.h"
#include "ui/training/training_run.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QBoxLayout;
class QScrollArea;
class QThread;

namespace digitpad {

class DataSourceList;
class RecipeForm;
class RunControls;
class RunHistory;
class RunHistoryList;
class TrainingChart;
class TrainingWorker;
struct TrainingJob;

// Trains a network from the app. Puts together the data source picker, the
// recipe form, the run controls and the chart, and decides what a run is:
// a Train run (measured against the current model) or a fine-tune (measured
// against its base), which a TrainingRun then carries out off the GUI thread.
// A finished (or stopped) run's network is offered once through modelTrained().
class TrainingPanel : public QWidget {
  Q_OBJECT

 public:
  using DataSource = DataSourcePicker::Source;

  explicit TrainingPanel(QWidget* parent = nullptr);
  // Cancels a running job and joins the worker thread.
  ~TrainingPanel() override;

  // --- data (see DataSourcePicker) ---
  void useDefaultDigits();
  void setMnistFolder(const QString& folder);
  void setIdxFiles(const QString& train_images, const QString& train_labels, const QString& test_images = {},
                   const QString& test_labels = {});
  DataSource dataSource() const;
  DataRequest dataRequest() const;
  DataSourceList* sourceList() const;
  bool dataReady() const;

  // --- recipe (see RecipeForm) ---
  // Throws Error when the layer list is not valid.
  TrainingRecipe recipe() const;
  void setRecipe(const TrainingRecipe& recipe, const QString& preset_name = {});
  void applyPreset(const QString& name);
  QString presetName() const;  // "custom" after any edit

  // --- run ---
  bool isTraining() const { return run_->isRunning(); }
  bool isPaused() const { return run_->isPaused(); }
  // Paused, and the worker has finished the iteration under way and holds.
  bool isHeld() const { return run_->isHeld(); }
  TrainingWorker* worker() const { return run_->worker(); }
  QThread* workerThread() const { return run_->thread(); }
  TrainingChart* chart() const { return chart_; }

  // --- run history (training/run_history.h) ---
  // Every run that ends with a network is added to `history` (not owned),
  // listed beside the chart and can be overlaid on it. Null: runs are not kept.
  void setRunHistory(RunHistory* history);
  RunHistory* runHistory() const { return history_; }
  RunHistoryList* runHistoryList() const { return history_list_; }
  // The outcome of the last run that ended (nullopt before, or after a failure).
  std::optional<TrainingResult> lastResult() const { return last_result_; }
  std::shared_ptr<const Model> lastModel() const { return last_model_; }
  // The data of the last run that ended with a network and a test set (its
  // test split can be re-made from it: the split is seeded); nullopt otherwise.
  std::optional<DataRequest> lastRunData() const {
    return last_run_has_test_set_ ? std::optional<DataRequest>(last_run_.data) : std::nullopt;
  }
  // The image folders that run decoded into its data (they join the split).
  QStringList lastRunImageFolders() const { return last_run_.image_folders; }
  // The one-line explanation under the buttons (a hint, an error, a summary).
  QString message() const;

  // --- what a run would replace ---
  // The app's current model: a Train run's result is measured against it on
  // the run's test set (see lastComparisons()). Null: none.
  void setCurrentModel(std::shared_ptr<const Model> model) { current_model_ = std::move(model); }
  // Asked before a Train run starts (the window's Save / Discard / Cancel for
  // an unsaved model); false keeps everything as it is.
  void setTrainGuard(std::function<bool()> guard) { train_guard_ = std::move(guard); }
  // The last run that ended with a network: whether it was a fine-tune, the
  // model it would replace (its base, or the current model when a Train run
  // started; null: none) and both measured on the same held-out digits (the
  // run's test set, then the last run's test set for a fine-tune).
  bool lastRunWasFineTune() const { return last_run_.fine_tune; }
  std::shared_ptr<const Model> lastRunReplaces() const { return last_run_.replaces; }
  const std::vector<AccuracyChange>& lastComparisons() const { return last_run_.comparisons; }
  // Adds what became of the run's network to the message (kept, declined,
  // how to go back).
  void noteOutcome(const QString& text);

 public slots:
  void startTraining();
  // Trains `base`'s network further (from its weights, keeping its shape) on
  // `my_digits` oversampled into the panel's data (all of it, a tenth held
  // out, when the counts are Auto), with fine-tuning's recipe (nn/fine_tune.h);
  // the result comes through modelTrained() as any run's, measured against
  // `base` on the held-out digits and the last run's test set first.
  void startFineTune(std::shared_ptr<const digitpad::Model> base, const digitpad::Dataset& my_digits);
  void togglePause();
  void stopTraining();
  // Cancels any run and waits for the worker thread to finish (closing the app).
  void cancelAndWait();

 signals:
  void trainingStarted();
  void trainingEnded();
  // A run ended with at least one update: the network to use from now on.
  void modelTrained(std::shared_ptr<const digitpad::Model> model);
  void statusMessage(const QString& text);
  // The "Mistakes…" button: show the last run's mistakes on its test set.
  void showMistakesRequested();
  // "Use model" in the run history: the run's model file and name.
  void runModelRequested(const QString& model_path, const QString& name);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  // Starts `job` in the worker and resets the live display (Train and Fine-tune).
  void launch(TrainingJob job, RunRecord record);
  void fitSettingsHeight();
  void onLoadingData();
  void onDataLoaded(int train_count, int test_count, int total_iterations);
  void onProgress(const TrainingProgress& progress);
  void onFinished(std::shared_ptr<const Model> model, const TrainingResult& result);
  void onFailed(const QString& message);
  void finishRun();
  // Adds the run that just ended to the history.
  void keepRun(std::shared_ptr<const Model> model, const TrainingResult& result);
  // Overlays the ticked runs of the history on the chart.
  void showComparison();
  void updateControls();
  void setMessage(const QString& text, bool is_problem = false);
  static bool sameData(const DataRequest& a, const DataRequest& b);
  // What the digits a run is compared on are, for the keep-or-revert question.
  QString testSetLabel() const;

  QBoxLayout* settings_columns_ = nullptr;  // stacked or side by side, by width
  QScrollArea* settings_scroll_ = nullptr;
  DataSourcePicker* data_ = nullptr;
  RecipeForm* recipe_form_ = nullptr;
  RunControls* controls_ = nullptr;
  TrainingChart* chart_ = nullptr;
  TrainingRun* run_ = nullptr;
  RunHistoryList* history_list_ = nullptr;
  RunHistory* history_ = nullptr;
  // What the history records of the run under way, from its start.
  QString run_preset_;
  std::uint64_t run_split_seed_ = 0;

  // the last run that ended
  std::optional<TrainingResult> last_result_;
  std::shared_ptr<const Model> last_model_;
  RunRecord last_run_;  // of the last run that ended with a network
  bool last_run_has_test_set_ = false;

  // what a run would replace
  std::shared_ptr<const Model> current_model_;
  std::function<bool()> train_guard_;
};

}  // namespace digitpad
