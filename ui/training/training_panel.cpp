// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/training_panel.h"

#include "core/nn/fine_tune.h"
#include "ui/training/data_source_list.h"
#include "ui/training/recipe_form.h"
#include "ui/training/run_controls.h"
#include "ui/training/run_history.h"
#include "ui/training/run_history_list.h"
#include "ui/training/training_chart.h"
#include "ui/training/training_worker.h"
#include "core/util/error.h"
#include "ui/widgets/wheel_to_scroll_bar.h"

#include <QBoxLayout>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace digitpad {

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("trainingPanel");

  data_ = new DataSourcePicker;
  recipe_form_ = new RecipeForm(this);
  controls_ = new RunControls;
  chart_ = new TrainingChart(this);
  chart_->setObjectName("trainingChart");
  // Enough for the curves to read; the rest of a 700-pixel screen goes to the settings.
  chart_->setMinimumHeight(150);
  run_ = new TrainingRun(this);
  history_list_ = new RunHistoryList;
  history_list_->setVisible(false);  // until there is a history to show (setRunHistory)

  // Two columns of settings (network and data | training and augmentation),
  // stacked while the panel is narrow (it then shares a 1024-pixel window
  // with the canvas) and side by side once it is wide enough for both
  // (resizeEvent), so that a large window scrolls less.
  // The network first: its Preset is the setting people reach for, and it
  // must be in view at start on a small screen without scrolling.
  auto* left_column = new QVBoxLayout;
  left_column->setSpacing(8);
  left_column->addWidget(recipe_form_->networkGroup());
  left_column->addWidget(data_);
  left_column->addStretch(1);
  auto* right_column = new QVBoxLayout;
  right_column->setSpacing(8);
  right_column->addWidget(recipe_form_->trainingGroup());
  right_column->addWidget(recipe_form_->augmentationGroup());
  right_column->addStretch(1);

  // The settings scroll when the window is too short for all of them, so the
  // run controls and the chart always stay in view.
  auto* settings = new QWidget;
  settings_columns_ = new QBoxLayout(QBoxLayout::TopToBottom, settings);
  settings_columns_->setContentsMargins(0, 0, 0, 0);
  settings_columns_->setSpacing(8);
  settings_columns_->addLayout(left_column, 1);
  settings_columns_->addLayout(right_column, 1);
  auto* settings_scroll = settings_scroll_ = new QScrollArea(this);
  settings_scroll->setObjectName("settingsScroll");
  settings_scroll->setWidget(settings);
  settings_scroll->setWidgetResizable(true);
  settings_scroll->setFrameShape(QFrame::NoFrame);
  // Not a Tab stop of its own: Tab goes from field to field, and the area
  // scrolls to each one it reaches.
  settings_scroll->setFocusPolicy(Qt::NoFocus);
  WheelToScrollBar::guardFields(settings_scroll);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->setSpacing(5);
  // Three parts settings to one part chart while the settings scroll (ten
  // rows and more on a 1024x700 screen, the chart at its minimum); never
  // more than they need (fitSettingsHeight): a tall window's extra height
  // goes to the chart.
  layout->addWidget(settings_scroll, 3);
  layout->addWidget(controls_);
  // The run history beside the chart, as TensorBoard lists its runs: ticking
  // one overlays its curve without hiding the chart.
  auto* chart_row = new QSplitter(Qt::Horizontal);
  chart_row->setObjectName("chartSplitter");
  chart_row->addWidget(chart_);
  chart_row->addWidget(history_list_);
  chart_row->setStretchFactor(0, 3);
  chart_row->setStretchFactor(1, 2);
  chart_row->setChildrenCollapsible(false);
  // Scaled to the row's width at first show: the list gets room for its
  // names, the chart the rest.
  chart_row->setSizes({620, 320});
  layout->addWidget(chart_row, 1);

  connect(data_, &DataSourcePicker::changed, this, &TrainingPanel::updateControls);
  connect(data_, &DataSourcePicker::message, this, &TrainingPanel::setMessage);
  connect(recipe_form_, &RecipeForm::edited, this, &TrainingPanel::updateControls);
  connect(recipe_form_, &RecipeForm::presetChosen, this, [this](const QString& name) {
    emit statusMessage(tr("Preset \"%1\" filled the training settings.").arg(name));
  });
  connect(controls_, &RunControls::trainClicked, this, &TrainingPanel::startTraining);
  connect(controls_, &RunControls::pauseClicked, this, &TrainingPanel::togglePause);
  connect(controls_, &RunControls::stopClicked, this, &TrainingPanel::stopTraining);
  connect(controls_, &RunControls::mistakesClicked, this, &TrainingPanel::showMistakesRequested);
  connect(history_list_, &RunHistoryList::comparisonChanged, this, &TrainingPanel::showComparison);
  connect(history_list_, &RunHistoryList::reopenRequested, this, &TrainingPanel::runModelRequested);
  connect(history_list_, &RunHistoryList::message, this, [this](const QString& text, bool is_problem) {
    setMessage(text, is_problem);
    emit statusMessage(text);
  });
  connect(run_, &TrainingRun::loadingData, this, &TrainingPanel::onLoadingData);
  connect(run_, &TrainingRun::dataLoaded, this, &TrainingPanel::onDataLoaded);
  connect(run_, &TrainingRun::progress, this, &TrainingPanel::onProgress);
  connect(run_, &TrainingRun::finished, this, &TrainingPanel::onFinished);
  connect(run_, &TrainingRun::failed, this, &TrainingPanel::onFailed);
  updateControls();
}

TrainingPanel::~TrainingPanel() { cancelAndWait(); }

void TrainingPanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  // Side by side when both columns fit at their minimum width with room to
  // spare; back to stacked (with some hysteresis) when they no longer do.
  const int one_column = settings_columns_->itemAt(0)->minimumSize().width();
  const int other_column = settings_columns_->itemAt(1)->minimumSize().width();
  const int needed = one_column + other_column + settings_columns_->spacing() + 48;
  const bool wide = settings_columns_->direction() == QBoxLayout::LeftToRight;
  if (!wide && width() >= needed + 40) settings_columns_->setDirection(QBoxLayout::LeftToRight);
  if (wide && width() < needed) settings_columns_->setDirection(QBoxLayout::TopToBottom);
  fitSettingsHeight();
}

void TrainingPanel::fitSettingsHeight() {
  // Never taller than the settings are at this width, so that a tall window
  // gives its extra height to the chart rather than to empty space under
  // them; and, once about ten rows of them show, the chart's turn: it gets
  // up to kComfortableChart pixels before the settings grow further. (A
  // maximum, not a minimum: the window can still shrink to a small screen.)
  constexpr int kComfortableChart = 240;
  QLayout* content = settings_scroll_->widget()->layout();
  const int width =
      std::max(contentsRect().width() - layout()->contentsMargins().left() - layout()->contentsMargins().right(), 1);
  const int needed =
      (content->hasHeightForWidth() ? content->totalHeightForWidth(width) : content->totalSizeHint().height()) +
      2 * settings_scroll_->frameWidth();
  // Ten rows of fields, and about four rows' worth of group titles and the preset's note.
  const int row =
      recipe_form_->networkGroup()->findChild<QWidget*>(QStringLiteral("presetCombo"))->sizeHint().height() + 4;
  const int ten_rows = 14 * row + row / 2;
  const int others = controls_->sizeHint().height() + 2 * layout()->spacing() + layout()->contentsMargins().top() +
                     layout()->contentsMargins().bottom();
  const int share = std::max(ten_rows, height() - others - kComfortableChart);
  settings_scroll_->setMaximumHeight(std::min(needed, share));
}

// ---------------------------------------------------------------- data and recipe

void TrainingPanel::useDefaultDigits() { data_->useDefaultDigits(); }
void TrainingPanel::setMnistFolder(const QString& folder) { data_->setMnistFolder(folder); }
void TrainingPanel::setIdxFiles(const QString& train_images, const QString& train_labels, const QString& test_images,
                                const QString& test_labels) {
  data_->setIdxFiles(train_images, train_labels, test_images, test_labels);
}
TrainingPanel::DataSource TrainingPanel::dataSource() const { return data_->source(); }
DataRequest TrainingPanel::dataRequest() const { return data_->request(); }
DataSourceList* TrainingPanel::sourceList() const { return data_->extraSources(); }
bool TrainingPanel::dataReady() const { return data_->ready(); }

TrainingRecipe TrainingPanel::recipe() const { return recipe_form_->recipe(); }
void TrainingPanel::setRecipe(const TrainingRecipe& recipe, const QString& preset_name) {
  recipe_form_->setRecipe(recipe, preset_name);
}
void TrainingPanel::applyPreset(const QString& name) { recipe_form_->applyPreset(name); }
QString TrainingPanel::presetName() const { return recipe_form_->presetName(); }

// ---------------------------------------------------------------- running

void TrainingPanel::startTraining() {
  if (isTraining()) return;
  if (!data_->ready()) {
    setMessage(dataSource() == DataSource::DefaultDigits
                   ? tr("The default digits are missing: %1.").arg(QString::fromStdString(default_digits_hint()))
               : dataSource() == DataSource::DownloadedMnist
                   ? tr("Download MNIST first (Download, next to the source).")
                   : tr("Choose the training data first (Browse…)."),
               true);
    return;
  }
  TrainingJob job;
  try {
    job.recipe = recipe();
    job.recipe.architecture.validate();
  } catch (const Error& error) {
    setMessage(QString::fromStdString(error.what()), true);
    return;
  }
  job.data = data_->request();
  // Auto counts: a mini-batch recipe trains on every digit the source has (a
  // tenth held out); the full-batch Seed preset keeps the seed's 1000/350.
  job.data.whole_set = job.recipe.training.batch_size > 0;
  job.image_folders = sourceList()->checkedImageFolders();
  job.dataset_label = data_->label();
  job.model_name = tr("untitled");
  // Asked last, once the run is sure to start: an unsaved model is about to
  // be replaced (Save / Discard / Cancel).
  if (train_guard_ && !train_guard_()) {
    setMessage(tr("Training not started: the current model was kept."));
    return;
  }
  if (current_model_) {
    job.compare_with = std::shared_ptr<const Network>(current_model_, &current_model_->network);
    job.test_set_label = testSetLabel();
  }
  RunRecord record;
  record.replaces = current_model_;
  run_preset_ = presetName();
  launch(std::move(job), std::move(record));
}

QString TrainingPanel::testSetLabel() const {
  // Set-up keeps a fixed tenth of the default digits out of every training
  // run, the shipped model's included (scripts/common.sh, hold-out): a fair
  // test for the model in use and a new one alike.
  return dataSource() == DataSource::DefaultDigits ? tr("default digits that no run trains on")
                                                   : tr("test digits of the run");
}

void TrainingPanel::startFineTune(std::shared_ptr<const Model> base, const Dataset& my_digits) {
  if (isTraining()) return;
  if (!base) {
    setMessage(tr("Fine-tuning needs a model: open or train one first."), true);
    return;
  }
  if (my_digits.empty()) {
    setMessage(tr("Teach some digits first: draw one, then press its key or a Teach button."), true);
    return;
  }
  if (!data_->ready()) {
    setMessage(tr("Fine-tuning mixes your digits into the training data, which is not available: %1")
                   .arg(QString::fromStdString(default_digits_hint())),
               true);
    return;
  }
  TrainingJob job;
  job.recipe = fine_tune_recipe(base->network.architecture());
  job.data = data_->request();
  job.data.whole_set = true;  // Auto counts: every base digit, a tenth held out to measure on
  job.image_folders = sourceList()->checkedImageFolders();
  job.initial_network = std::shared_ptr<const Network>(base, &base->network);
  // Measured before anything is replaced: the base and the result on the
  // held-out digits, and on the last run's test set when that is another.
  job.compare_with = job.initial_network;
  job.test_set_label = testSetLabel();
  if (last_run_has_test_set_ && !sameData(last_run_.data, job.data)) {
    job.also_measure_on = last_run_.data;
    job.also_measure_image_folders = last_run_.image_folders;
    job.also_measure_label = tr("test digits of the last run");
  }
  job.oversampled = my_digits;
  job.oversampled_share = kMyDigitShare;
  job.dataset_label = data_->label() + tr(" + my digits (%1, oversampled)").arg(my_digits.count());
  const QString base_name = QString::fromStdString(base->info.name);
  job.model_name = (base_name.isEmpty() ? tr("untitled") : base_name) + tr(" (fine-tuned)");
  setMessage(tr("Fine-tuning on your %1 digits mixed with the training data…").arg(my_digits.count()));
  RunRecord record;
  record.fine_tune = true;
  record.replaces = base;
  run_preset_ = tr("fine-tune");
  launch(std::move(job), std::move(record));
}

// Whether two requests make the same split (image folders and loaded sets aside).
bool TrainingPanel::sameData(const DataRequest& a, const DataRequest& b) {
  return a.folder == b.folder && a.train_images == b.train_images && a.train_labels == b.train_labels &&
         a.test_images == b.test_images && a.test_labels == b.test_labels && a.extra_folders == b.extra_folders &&
         a.extra_pairs == b.extra_pairs && a.train_count == b.train_count && a.test_count == b.test_count &&
         a.split_seed == b.split_seed && a.whole_set == b.whole_set;
}

void TrainingPanel::launch(TrainingJob job, RunRecord record) {
  last_result_.reset();
  run_split_seed_ = job.data.split_seed;
  // The new run's curves are what to watch now: the comparison gives way.
  history_list_->uncheckAll();
  chart_->clear();
  controls_->startRun();
  run_->start(std::move(job), std::move(record));
  updateControls();
  emit trainingStarted();
}

void TrainingPanel::togglePause() {
  if (!isTraining() || run_->isStopping()) return;
  if (run_->isPaused()) {
    run_->resume();
    setMessage(tr("Training resumed."));
  } else {
    run_->pause();
    setMessage(tr("Paused: drawing still works; Resume to go on, Stop to keep the network as it is."));
  }
  controls_->setPausedLook(run_->isPaused());
}

void TrainingPanel::stopTraining() {
  if (!isTraining()) return;
  run_->stop();
  setMessage(tr("Stopping…"));
  updateControls();
}

void TrainingPanel::cancelAndWait() { run_->cancelAndWait(); }

void TrainingPanel::onLoadingData() {
  controls_->showLoading();
  setMessage(tr("Loading the training data…"));
  emit statusMessage(tr("Loading the training data…"));
}

void TrainingPanel::onDataLoaded(int train_count, int test_count, int total_iterations) {
  controls_->showDataLoaded(total_iterations);
  const QString text = test_count > 0 ? tr("Training on %1 digits, testing on %2.").arg(train_count).arg(test_count)
                                      : tr("Training on %1 digits (no test set).").arg(train_count);
  setMessage(text);
  emit statusMessage(text);
}

void TrainingPanel::onProgress(const TrainingProgress& progress) {
  // Cheap bookkeeping only: the chart and the numbers redraw on their timers.
  chart_->addProgress(progress);
  controls_->addProgress(progress);
}

void TrainingPanel::noteOutcome(const QString& text) { controls_->appendMessage(text); }

void TrainingPanel::onFinished(std::shared_ptr<const Model> model, const TrainingResult& result) {
  last_result_ = result;
  last_model_ = model;
  const bool has_test_set = model && model->info.test_count > 0;
  if (model) {
    last_run_ = run_->record();
    last_run_has_test_set_ = has_test_set;  // without one, the network in use has no test set to show
  }
  const QString text = controls_->showFinished(result, model != nullptr, has_test_set);
  if (model) keepRun(model, result);
  finishRun();
  emit statusMessage(text);
  if (model) emit modelTrained(model);
}

void TrainingPanel::onFailed(const QString& message) {
  controls_->showFailed();
  setMessage(message, true);
  finishRun();
  emit statusMessage(tr("Training failed: %1").arg(message));
}

void TrainingPanel::setRunHistory(RunHistory* history) {
  if (history_) disconnect(history_, nullptr, this, nullptr);
  history_ = history;
  history_list_->setHistory(history);
  history_list_->setVisible(history != nullptr);
  if (!history_) return;
  const auto report = [this](const QString& text) {
    setMessage(text, true);
    emit statusMessage(text);
  };
  connect(history_, &RunHistory::problem, this, report);
  connect(history_, &RunHistory::saveFailed, this, report);
  // Problems met while reading the history before the panel had it.
  if (!history_->problems().isEmpty())
    report(tr("%n run(s) in the history could not be read and are left out: %1", nullptr,
              static_cast<int>(history_->problems().size()))
               .arg(history_->problems().join(QStringLiteral("; "))));
}

void TrainingPanel::keepRun(std::shared_ptr<const Model> model, const TrainingResult& result) {
  if (!history_ || !model) return;
  RunSummary run;
  run.created = model->info.created;
  run.fine_tune = run_->record().fine_tune;
  run.preset = run_preset_.toStdString();
  run.dataset = model->info.dataset;
  run.train_count = model->info.train_count;
  run.test_count = model->info.test_count;
  run.split_seed = run_split_seed_;
  run.recipe = model->info.hyperparameters;
  run.status = result.status == TrainingStatus::Finished    ? "finished"
               : result.status == TrainingStatus::Cancelled ? "stopped"
                                                            : "diverged";
  run.iterations = result.iterations;
  run.final_cost = result.final_cost;
  run.train_accuracy = result.train_accuracy;
  run.test_accuracy = run.test_count > 0 ? result.test_accuracy : 0.0f;
  run.seconds = result.seconds;
  run.message = result.message;
  // Written in the history's own thread: the model file is flushed to disk.
  history_->add(std::move(run), chart_->history(), std::move(model));
}

void TrainingPanel::showComparison() {
  std::vector<ComparedRun> runs;
  if (history_) {
    for (const QString& id : history_list_->checkedIds()) {
      const RunSummary* run = history_->find(id);
      if (!run) continue;
      try {
        runs.push_back({RunHistoryList::runName(*run), &history_->points(id)});
      } catch (const Error& error) {
        setMessage(tr("The curves of this run could not be read, so it is not drawn: %1")
                       .arg(QString::fromStdString(error.what())),
                   true);
      }
    }
  }
  chart_->showComparison(runs, history_list_->measure());
}

void TrainingPanel::finishRun() {
  updateControls();
  emit trainingEnded();
}

void TrainingPanel::updateControls() {
  recipe_form_->updateEnabledFields();
  controls_->setState(isTraining(), run_->isStopping(), data_->ready() && recipe_form_->layersValid(),
                      last_run_has_test_set_);
  data_->setRunning(isTraining());
  history_list_->setTraining(isTraining());
}

void TrainingPanel::setMessage(const QString& text, bool is_problem) { controls_->setMessage(text, is_problem); }

QString TrainingPanel::message() const { return controls_->message(); }

}  // namespace digitpad
