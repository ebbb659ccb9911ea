#pragma once

#include "data/training_data.h"
#include "io/model_file.h"
#include "nn/presets.h"
#include "nn/trainer.h"
#include "training_metatypes.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QBoxLayout;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QThread;
class QTimer;

namespace digitpad {

class DataSourceList;
class TrainingChart;
class TrainingWorker;
struct TrainingJob;

// Trains a network from the app: where the data comes from, a preset or any
// hyperparameter, Train / Pause / Stop, live progress and the chart. The run
// happens in a TrainingWorker on the panel's own QThread, so drawing keeps
// predicting while it goes on; a finished (or stopped) run's network is
// offered once through modelTrained().
class TrainingPanel : public QWidget {
  Q_OBJECT

 public:
  enum class DataSource { DefaultDigits, MnistFolder, IdxFiles };

  explicit TrainingPanel(QWidget* parent = nullptr);
  // Cancels a running job and joins the worker thread.
  ~TrainingPanel() override;

  // --- data (the Browse buttons end up here; tests call them directly) ---
  void useDefaultDigits();
  void setMnistFolder(const QString& folder);
  void setIdxFiles(const QString& train_images, const QString& train_labels, const QString& test_images = {},
                   const QString& test_labels = {});
  DataSource dataSource() const;
  // The request the fields describe (counts, split seed, files, and the
  // checked extra sources except image folders, which the worker decodes).
  DataRequest dataRequest() const;
  // "Also train on": more sources combined with the main one.
  DataSourceList* sourceList() const { return sources_list_; }
  // Whether the chosen source can be trained on (the default digits exist, a
  // folder or files were chosen).
  bool dataReady() const;

  // --- recipe ---
  // The recipe the fields describe; throws Error when the hidden sizes are
  // not a valid list.
  TrainingRecipe recipe() const;
  // Fills every field; the preset combo shows "Custom" unless `preset_name`
  // names the preset this recipe came from.
  void setRecipe(const TrainingRecipe& recipe, const QString& preset_name = {});
  void applyPreset(const QString& name);
  QString presetName() const;  // "Custom" after any edit

  // --- run ---
  bool isTraining() const { return training_; }
  bool isPaused() const;
  // Paused, and the worker has finished the iteration under way and holds.
  bool isHeld() const { return control_ && control_->holding(); }
  TrainingWorker* worker() const { return worker_; }
  QThread* workerThread() const { return worker_thread_; }
  TrainingChart* chart() const { return chart_; }
  // The outcome of the last run that ended (nullopt before, or after a failure).
  std::optional<TrainingResult> lastResult() const { return last_result_; }
  std::shared_ptr<const Model> lastModel() const { return last_model_; }
  // The data of the last run that ended with a network and a test set (its
  // test split can be re-made from it: the split is seeded); nullopt otherwise.
  std::optional<DataRequest> lastRunData() const { return last_run_data_; }
  // The image folders that run decoded into its data (they join the split).
  QStringList lastRunImageFolders() const { return last_run_image_folders_; }
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
  bool lastRunWasFineTune() const { return last_run_fine_tune_; }
  std::shared_ptr<const Model> lastRunReplaces() const { return last_run_replaces_; }
  const std::vector<AccuracyChange>& lastComparisons() const { return last_changes_; }
  // Adds what became of the run's network to the message (kept, declined,
  // how to go back).
  void noteOutcome(const QString& text);

 public slots:
  void startTraining();
  // Trains `base`'s network further (from its weights, keeping its shape) on
  // `user_digits` oversampled into the panel's data (all of it, a tenth held
  // out, when the counts are Auto), with fine-tuning's recipe (nn/fine_tune.h);
  // the result comes through modelTrained() as any run's, measured against
  // `base` on the held-out digits and the last run's test set first.
  void startFineTune(std::shared_ptr<const digitpad::Model> base, const digitpad::Dataset& user_digits);
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

 private slots:
  void onLoadingData();
  void onDataLoaded(int train_count, int test_count, int total_iterations);
  void onProgress(const digitpad::TrainingProgress& progress);
  void onCompared(const std::vector<digitpad::AccuracyChange>& changes);
  void onFinished(std::shared_ptr<const digitpad::Model> model, const digitpad::TrainingResult& result);
  void onFailed(const QString& message);
  void refreshLiveNumbers();
  void browseForData();
  void onDataSourceChanged();
  void onPresetChosen(int index);
  void onFieldEdited();
  void updateControls();

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QWidget* buildDataGroup();
  QWidget* buildNetworkGroup();
  QWidget* buildTrainingGroup();
  QWidget* buildAugmentationGroup();
  QWidget* buildRunControls();
  void setMessage(const QString& text, bool is_problem = false);
  void connectFieldEdits();
  QString dataLabel() const;
  void finishRun();
  // Starts `job` in the worker and resets the live display (Train and Fine-tune).
  void launch(TrainingJob job);
  // dataLabel() plus the checked extra sources.
  QString combinedDataLabel() const;
  static bool sameData(const DataRequest& a, const DataRequest& b);

  QBoxLayout* settings_columns_ = nullptr;  // stacked or side by side, by width

  // data
  QComboBox* source_combo_ = nullptr;
  QLineEdit* data_path_edit_ = nullptr;
  QPushButton* browse_button_ = nullptr;
  QLabel* data_hint_label_ = nullptr;
  QSpinBox* train_count_spin_ = nullptr;
  QSpinBox* test_count_spin_ = nullptr;
  QSpinBox* split_seed_spin_ = nullptr;
  QString mnist_folder_;
  QStringList idx_files_;  // train images, train labels, [test images, test labels]
  DataSourceList* sources_list_ = nullptr;

  // network and training
  QComboBox* preset_combo_ = nullptr;
  QLabel* preset_description_ = nullptr;
  QLabel* layers_problem_ = nullptr;  // why the layer list is not valid, in words
  QLineEdit* hidden_edit_ = nullptr;
  QComboBox* activation_combo_ = nullptr;
  QDoubleSpinBox* init_scale_spin_ = nullptr;
  QSpinBox* init_seed_spin_ = nullptr;
  QComboBox* optimizer_combo_ = nullptr;
  QDoubleSpinBox* learning_rate_spin_ = nullptr;
  QComboBox* schedule_combo_ = nullptr;
  QDoubleSpinBox* momentum_spin_ = nullptr;
  QDoubleSpinBox* beta1_spin_ = nullptr;
  QDoubleSpinBox* beta2_spin_ = nullptr;
  QDoubleSpinBox* epsilon_spin_ = nullptr;
  QDoubleSpinBox* weight_decay_spin_ = nullptr;
  QSpinBox* iterations_spin_ = nullptr;
  QSpinBox* epochs_spin_ = nullptr;
  QSpinBox* batch_size_spin_ = nullptr;
  QSpinBox* shuffle_seed_spin_ = nullptr;
  QSpinBox* eval_interval_spin_ = nullptr;
  // augmentation of the training batches
  QCheckBox* augment_check_ = nullptr;
  QDoubleSpinBox* shift_spin_ = nullptr;
  QDoubleSpinBox* rotation_spin_ = nullptr;
  QDoubleSpinBox* scale_min_spin_ = nullptr;
  QDoubleSpinBox* scale_max_spin_ = nullptr;
  QDoubleSpinBox* shear_spin_ = nullptr;
  QDoubleSpinBox* thickness_spin_ = nullptr;
  bool filling_fields_ = false;  // set while a preset fills the fields
  bool default_digits_present_ = false;

  // run controls and live numbers
  QPushButton* train_button_ = nullptr;
  QPushButton* pause_button_ = nullptr;
  QPushButton* stop_button_ = nullptr;
  QPushButton* mistakes_button_ = nullptr;
  QProgressBar* progress_bar_ = nullptr;
  QLabel* time_left_label_ = nullptr;
  QLabel* cost_value_ = nullptr;
  QLabel* train_accuracy_value_ = nullptr;
  QLabel* test_accuracy_value_ = nullptr;
  QLabel* ms_per_iteration_value_ = nullptr;
  QLabel* message_label_ = nullptr;
  TrainingChart* chart_ = nullptr;
  QTimer* display_timer_ = nullptr;

  // the worker and the state of the current run
  QThread* worker_thread_ = nullptr;
  TrainingWorker* worker_ = nullptr;
  std::shared_ptr<TrainingControl> control_;
  bool training_ = false;
  bool stopping_ = false;
  std::optional<TrainingProgress> latest_;
  std::optional<float> latest_train_accuracy_, latest_test_accuracy_;
  bool display_stale_ = false;
  std::optional<TrainingResult> last_result_;
  std::shared_ptr<const Model> last_model_;
  std::optional<DataRequest> run_data_, last_run_data_;
  QStringList run_image_folders_, last_run_image_folders_;

  // what the run would replace, and how the two compare
  std::shared_ptr<const Model> current_model_;
  std::function<bool()> train_guard_;
  bool run_fine_tune_ = false, last_run_fine_tune_ = false;
  std::shared_ptr<const Model> run_replaces_, last_run_replaces_;
  std::vector<AccuracyChange> run_changes_, last_changes_;
};

}  // namespace digitpad
