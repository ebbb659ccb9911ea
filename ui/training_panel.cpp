#include "training_panel.h"

#include "data/mnist_folder.h"
#include "data_source_list.h"
#include "layer_list_validator.h"
#include "nn/fine_tune.h"
#include "training_chart.h"
#include "training_worker.h"
#include "util/error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QThread>
#include <QTimer>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace digitpad {
namespace {

constexpr int kDisplayIntervalMs = 33;  // live numbers at ~30 Hz, however fast the run reports
constexpr int kSeedMax = INT_MAX;       // seeds are 64-bit in the core; a spin box holds an int

// A spin box for values that span decades (learning rate, epsilon, weight
// decay): shows "0.5" and "1e-08" rather than fixed decimals, and steps by
// one unit of the value's leading digit (0.5 -> 0.6, 0.01 -> 0.011).
class CompactSpinBox : public QDoubleSpinBox {
 public:
  explicit CompactSpinBox(QWidget* parent = nullptr) : QDoubleSpinBox(parent) {
    setDecimals(12);
    setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
  }

  QString textFromValue(double value) const override { return locale().toString(value, 'g', 6); }

  double valueFromText(const QString& text) const override {
    if (!specialValueText().isEmpty() && text == specialValueText()) return minimum();
    return locale().toDouble(text.trimmed());
  }

  QValidator::State validate(QString& text, int&) const override {
    if (!specialValueText().isEmpty() && text == specialValueText()) return QValidator::Acceptable;
    bool ok = false;
    const double value = locale().toDouble(text.trimmed(), &ok);
    if (!ok) return QValidator::Intermediate;  // "1e-", "0." while typing
    return value >= minimum() && value <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
  }
};

QSpinBox* makeSpin(int minimum, int maximum, const QString& tooltip, const QString& special = {}) {
  auto* spin = new QSpinBox;
  spin->setRange(minimum, maximum);
  spin->setToolTip(tooltip);
  spin->setGroupSeparatorShown(true);
  spin->setAccelerated(true);
  if (!special.isEmpty()) spin->setSpecialValueText(special);
  return spin;
}

QDoubleSpinBox* makeCompactSpin(double minimum, double maximum, const QString& tooltip,
                                const QString& special = {}) {
  auto* spin = new CompactSpinBox;
  spin->setRange(minimum, maximum);
  spin->setToolTip(tooltip);
  if (!special.isEmpty()) spin->setSpecialValueText(special);
  return spin;
}

QDoubleSpinBox* makeFixedSpin(double minimum, double maximum, int decimals, double step, const QString& tooltip) {
  auto* spin = new QDoubleSpinBox;
  spin->setRange(minimum, maximum);
  spin->setDecimals(decimals);
  spin->setSingleStep(step);
  spin->setToolTip(tooltip);
  return spin;
}

// A form whose fields move under their labels when the panel is too narrow
// for both side by side (a 1024-pixel window), instead of being clipped.
QFormLayout* makeForm() {
  auto* form = new QFormLayout;
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  return form;
}

// Spin boxes and combo boxes in a scrolling form take the wheel only once
// clicked into: otherwise scrolling the settings past them would change
// them (a preset turning "Custom" under the pointer). The wheel goes to the
// scroll bar instead.
class WheelToScrollBar : public QObject {
 public:
  WheelToScrollBar(QScrollBar* bar, QObject* parent) : QObject(parent), bar_(bar) {}

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() != QEvent::Wheel) return false;
    auto* widget = qobject_cast<QWidget*>(watched);
    if (widget == nullptr || widget->hasFocus()) return false;
    QCoreApplication::sendEvent(bar_, event);
    return true;
  }

 private:
  QScrollBar* bar_;
};

int clampToInt(std::uint64_t value) { return static_cast<int>(std::min<std::uint64_t>(value, kSeedMax)); }

void selectData(QComboBox* combo, const QString& data) {
  const int index = combo->findData(data);
  if (index >= 0) combo->setCurrentIndex(index);
}

QString capitalized(const std::string& text) {
  QString result = QString::fromStdString(text);
  if (!result.isEmpty()) result[0] = result[0].toUpper();
  return result;
}

QString formatDuration(double seconds) {
  const long long total = std::llround(std::max(seconds, 0.0));
  if (total < 60) return QObject::tr("%1 s").arg(total);
  if (total < 3600) return QObject::tr("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QChar('0'));
  return QObject::tr("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QChar('0'));
}

QString percent(float fraction) { return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 1); }

// A caption over a large value, for the live numbers.
QLabel* addStat(QGridLayout* grid, int column, const QString& caption, const QString& object_name,
                const QString& tooltip) {
  auto* caption_label = new QLabel(caption);
  caption_label->setStyleSheet(QStringLiteral("color: #5f6368;"));
  auto* value = new QLabel(QStringLiteral("–"));
  value->setObjectName(object_name);
  value->setToolTip(tooltip);
  caption_label->setToolTip(tooltip);
  QFont font = value->font();
  font.setPointSizeF(font.pointSizeF() * 1.25);
  font.setBold(true);
  value->setFont(font);
  value->setTextInteractionFlags(Qt::TextSelectableByMouse);
  grid->addWidget(caption_label, 0, column);
  grid->addWidget(value, 1, column);
  return value;
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("trainingPanel");

  chart_ = new TrainingChart(this);
  chart_->setObjectName("trainingChart");

  // Two columns of settings (data and network | training and augmentation),
  // stacked while the panel is narrow (it then shares a 1024-pixel window
  // with the canvas) and side by side once it is wide enough for both
  // (resizeEvent), so that a large window scrolls less.
  auto* left_column = new QVBoxLayout;
  left_column->setSpacing(8);
  left_column->addWidget(buildDataGroup());
  left_column->addWidget(buildNetworkGroup());
  left_column->addStretch(1);
  auto* right_column = new QVBoxLayout;
  right_column->setSpacing(8);
  right_column->addWidget(buildTrainingGroup());
  right_column->addWidget(buildAugmentationGroup());
  right_column->addStretch(1);

  // The settings scroll when the window is too short for all of them, so the
  // run controls and the chart always stay in view.
  auto* settings = new QWidget;
  settings_columns_ = new QBoxLayout(QBoxLayout::TopToBottom, settings);
  settings_columns_->setContentsMargins(0, 0, 0, 0);
  settings_columns_->setSpacing(8);
  settings_columns_->addLayout(left_column, 1);
  settings_columns_->addLayout(right_column, 1);
  auto* settings_scroll = new QScrollArea(this);
  settings_scroll->setObjectName("settingsScroll");
  settings_scroll->setWidget(settings);
  settings_scroll->setWidgetResizable(true);
  settings_scroll->setFrameShape(QFrame::NoFrame);
  auto* wheel_guard = new WheelToScrollBar(settings_scroll->verticalScrollBar(), this);
  for (QWidget* field : settings->findChildren<QWidget*>()) {
    if (!qobject_cast<QAbstractSpinBox*>(field) && !qobject_cast<QComboBox*>(field)) continue;
    field->setFocusPolicy(Qt::StrongFocus);  // not Qt::WheelFocus
    field->installEventFilter(wheel_guard);
  }
  chart_->setMinimumHeight(240);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->setSpacing(8);
  layout->addWidget(settings_scroll, 3);
  layout->addWidget(buildRunControls());
  layout->addWidget(chart_, 2);

  worker_thread_ = new QThread(this);
  worker_thread_->setObjectName("trainingThread");
  worker_ = new TrainingWorker;
  worker_->moveToThread(worker_thread_);
  connect(worker_, &TrainingWorker::loadingData, this, &TrainingPanel::onLoadingData);
  connect(worker_, &TrainingWorker::dataLoaded, this, &TrainingPanel::onDataLoaded);
  connect(worker_, &TrainingWorker::progress, this, &TrainingPanel::onProgress);
  connect(worker_, &TrainingWorker::compared, this, &TrainingPanel::onCompared);
  connect(worker_, &TrainingWorker::finished, this, &TrainingPanel::onFinished);
  connect(worker_, &TrainingWorker::failed, this, &TrainingPanel::onFailed);

  display_timer_ = new QTimer(this);
  display_timer_->setInterval(kDisplayIntervalMs);
  connect(display_timer_, &QTimer::timeout, this, &TrainingPanel::refreshLiveNumbers);

  const std::vector<Preset> available = presets();
  if (!available.empty()) applyPreset(QString::fromStdString(available.front().name));
  connectFieldEdits();
  useDefaultDigits();
}

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
}

TrainingPanel::~TrainingPanel() {
  cancelAndWait();
  delete worker_;  // its thread has stopped, so deleting it from here is safe
}

// ---------------------------------------------------------------- building

QWidget* TrainingPanel::buildDataGroup() {
  auto* group = new QGroupBox(tr("Data"));
  source_combo_ = new QComboBox;
  source_combo_->setObjectName("dataSourceCombo");
  source_combo_->addItem(tr("Default digits (set-up)"));
  source_combo_->addItem(tr("MNIST folder"));
  source_combo_->addItem(tr("IDX files"));
  source_combo_->setToolTip(tr("Where the training digits come from: the digits set-up prepared, a folder "
                               "with MNIST's file names, or IDX image/label files"));
  connect(source_combo_, &QComboBox::currentIndexChanged, this, &TrainingPanel::onDataSourceChanged);

  data_path_edit_ = new QLineEdit;
  data_path_edit_->setObjectName("dataPathEdit");
  data_path_edit_->setReadOnly(true);
  data_path_edit_->setPlaceholderText(tr("Choose with Browse…"));
  browse_button_ = new QPushButton(tr("Browse…"));
  browse_button_->setObjectName("browseDataButton");
  browse_button_->setToolTip(tr("Choose an MNIST folder, or IDX files (images and labels, optionally a test pair)"));
  connect(browse_button_, &QPushButton::clicked, this, &TrainingPanel::browseForData);
  auto* path_row = new QHBoxLayout;
  path_row->addWidget(data_path_edit_, 1);
  path_row->addWidget(browse_button_);

  data_hint_label_ = new QLabel;
  data_hint_label_->setObjectName("dataHintLabel");
  data_hint_label_->setWordWrap(true);
  data_hint_label_->setStyleSheet(QStringLiteral("color: #9a5b00;"));
  data_hint_label_->setVisible(false);

  train_count_spin_ = makeSpin(0, 10'000'000,
                               tr("Training digits, a seeded random subset. Auto: with mini-batches, all of a "
                                  "single set but the test digits; full batch (the Seed preset), 1000 from it; "
                                  "all of a separate training set"),
                               tr("Auto"));
  train_count_spin_->setObjectName("trainCountSpin");
  test_count_spin_ = makeSpin(0, 10'000'000,
                              tr("Test digits, disjoint from the training digits. Auto: with mini-batches, a "
                                 "tenth of a single set; full batch (the Seed preset), 350 from it; all of a "
                                 "separate test set"),
                              tr("Auto"));
  test_count_spin_->setObjectName("testCountSpin");
  split_seed_spin_ = makeSpin(0, kSeedMax, tr("Seed of the random choice of training and test digits"));
  split_seed_spin_->setObjectName("splitSeedSpin");

  auto* form = makeForm();
  form->addRow(tr("Source:"), source_combo_);
  form->addRow(tr("Files:"), path_row);
  sources_list_ = new DataSourceList;
  connect(sources_list_, &DataSourceList::sourcesChanged, this, &TrainingPanel::updateControls);
  form->addRow(tr("Also train on:"), sources_list_);
  form->addRow(tr("Train digits:"), train_count_spin_);
  form->addRow(tr("Test digits:"), test_count_spin_);
  form->addRow(tr("Split seed:"), split_seed_spin_);
  // Under the form rather than in it: a wrapped label gets its full height here.
  auto* layout = new QVBoxLayout(group);
  layout->addLayout(form);
  layout->addWidget(data_hint_label_);
  layout->addStretch();
  return group;
}

QWidget* TrainingPanel::buildNetworkGroup() {
  auto* group = new QGroupBox(tr("Network"));
  preset_combo_ = new QComboBox;
  preset_combo_->setObjectName("presetCombo");
  for (const Preset& preset : presets()) {
    preset_combo_->addItem(capitalized(preset.name), QString::fromStdString(preset.name));
    preset_combo_->setItemData(preset_combo_->count() - 1, QString::fromStdString(preset.description),
                               Qt::ToolTipRole);
  }
  preset_combo_->addItem(tr("Custom"), QStringLiteral("custom"));
  preset_combo_->setToolTip(tr("A named starting point: choosing one fills every field below"));
  connect(preset_combo_, &QComboBox::activated, this, &TrainingPanel::onPresetChosen);

  preset_description_ = new QLabel;
  preset_description_->setObjectName("presetDescription");
  preset_description_->setWordWrap(true);
  preset_description_->setStyleSheet(QStringLiteral("color: #5f6368;"));

  hidden_edit_ = new QLineEdit;
  hidden_edit_->setObjectName("hiddenEdit");
  hidden_edit_->setToolTip(tr("Hidden layers, input side first, comma-separated: denseN (N units), convF@K "
                              "(F filters of KxK), poolP (PxP max pooling), dropR (dropout at rate R). "
                              "The 10-way softmax output is implied; \"none\" for a softmax regression."));
  hidden_edit_->setPlaceholderText(tr("e.g. dense1000 or conv32@5,pool2,dense128"));
  hidden_edit_->setValidator(new LayerListValidator(hidden_edit_));
  layers_problem_ = new QLabel;
  layers_problem_->setObjectName("layersProblem");
  layers_problem_->setWordWrap(true);
  layers_problem_->setStyleSheet(QStringLiteral("color: #c0392b;"));
  layers_problem_->hide();

  activation_combo_ = new QComboBox;
  activation_combo_->setObjectName("activationCombo");
  activation_combo_->addItem(QStringLiteral("tanh"), QStringLiteral("tanh"));
  activation_combo_->addItem(QStringLiteral("ReLU"), QStringLiteral("relu"));
  activation_combo_->addItem(QStringLiteral("sigmoid"), QStringLiteral("sigmoid"));
  activation_combo_->setToolTip(tr("Activation after every dense and convolution layer (the output layer is always a "
                                  "softmax)"));

  init_scale_spin_ = makeCompactSpin(0.0, 10.0,
                                     tr("Standard deviation of the initial weights. Auto: scaled by each "
                                        "layer's fan-in (Xavier for tanh/sigmoid, He for ReLU)"),
                                     tr("Auto (fan-in)"));
  init_scale_spin_->setObjectName("initScaleSpin");
  init_seed_spin_ = makeSpin(0, kSeedMax, tr("Seed of the initial weights: same seed, same network"));
  init_seed_spin_->setObjectName("initSeedSpin");

  auto* form = makeForm();
  form->addRow(tr("Preset:"), preset_combo_);
  form->addRow(tr("Layers:"), hidden_edit_);
  form->addRow(QString(), layers_problem_);
  form->addRow(tr("Activation:"), activation_combo_);
  form->addRow(tr("Init scale:"), init_scale_spin_);
  form->addRow(tr("Init seed:"), init_seed_spin_);
  auto* layout = new QVBoxLayout(group);
  layout->addLayout(form);
  layout->addWidget(preset_description_);
  layout->addStretch();
  return group;
}

QWidget* TrainingPanel::buildTrainingGroup() {
  auto* group = new QGroupBox(tr("Training"));

  optimizer_combo_ = new QComboBox;
  optimizer_combo_->setObjectName("optimizerCombo");
  optimizer_combo_->addItem(tr("Gradient descent"), QStringLiteral("gd"));
  optimizer_combo_->addItem(tr("Momentum"), QStringLiteral("momentum"));
  optimizer_combo_->addItem(tr("Adam"), QStringLiteral("adam"));
  optimizer_combo_->setToolTip(tr("The update rule applied after each batch"));

  learning_rate_spin_ = makeCompactSpin(1e-6, 100.0, tr("Step size of each update (gradient descent: ~0.5; "
                                                        "Adam: ~0.001). Too large and the cost turns NaN"));
  learning_rate_spin_->setObjectName("learningRateSpin");
  schedule_combo_ = new QComboBox;
  schedule_combo_->setObjectName("scheduleCombo");
  // The core's names as item data, so recipes and model files read alike.
  schedule_combo_->addItem(tr("Constant"), QString::fromStdString(std::string(schedule_name(Schedule::Constant))));
  schedule_combo_->addItem(tr("Cosine"), QString::fromStdString(std::string(schedule_name(Schedule::Cosine))));
  schedule_combo_->addItem(tr("One-cycle"), QString::fromStdString(std::string(schedule_name(Schedule::OneCycle))));
  schedule_combo_->setToolTip(tr("How the learning rate moves over the run. Constant: the rate above throughout. "
                                 "Cosine: from the rate down to zero along half a cosine. One-cycle: up from "
                                 "1/25 of the rate to the rate over the first 30% of the updates, then down to "
                                 "almost zero (Smith's one-cycle policy, good for short runs)"));
  momentum_spin_ = makeFixedSpin(0.0, 0.999, 3, 0.05, tr("Momentum: how much of the previous step carries over"));
  momentum_spin_->setObjectName("momentumSpin");
  beta1_spin_ = makeFixedSpin(0.0, 0.999, 3, 0.01, tr("Adam: decay of the mean of the gradients (β1)"));
  beta1_spin_->setObjectName("beta1Spin");
  beta2_spin_ = makeFixedSpin(0.0, 0.99999, 5, 0.001, tr("Adam: decay of the mean of the squared gradients (β2)"));
  beta2_spin_->setObjectName("beta2Spin");
  epsilon_spin_ = makeCompactSpin(1e-12, 1e-2, tr("Adam: added to the denominator to avoid division by zero (ε)"));
  epsilon_spin_->setObjectName("epsilonSpin");
  weight_decay_spin_ = makeCompactSpin(0.0, 1.0, tr("L2 penalty: adds this times each weight to its gradient"),
                                       tr("None"));
  weight_decay_spin_->setObjectName("weightDecaySpin");

  iterations_spin_ = makeSpin(1, 1'000'000, tr("Number of parameter updates (ignored when epochs is set)"));
  iterations_spin_->setObjectName("iterationsSpin");
  iterations_spin_->setSingleStep(100);
  epochs_spin_ = makeSpin(0, 100'000, tr("Passes over the training digits; overrides iterations when set"),
                          tr("Off (use iterations)"));
  epochs_spin_->setObjectName("epochsSpin");
  batch_size_spin_ = makeSpin(0, 1'000'000, tr("Digits per update, reshuffled every epoch. Full batch: every "
                                               "training digit in each update"),
                              tr("Full batch"));
  batch_size_spin_->setObjectName("batchSizeSpin");
  batch_size_spin_->setSingleStep(16);
  shuffle_seed_spin_ = makeSpin(0, kSeedMax, tr("Seed of the mini-batch shuffling"));
  shuffle_seed_spin_->setObjectName("shuffleSeedSpin");
  eval_interval_spin_ = makeSpin(0, 1'000'000, tr("Measure train and test accuracy every N iterations (and "
                                                  "at the last one). End only: just once, at the end"),
                                 tr("End only"));
  eval_interval_spin_->setObjectName("evalIntervalSpin");

  auto* optimizer_form = makeForm();
  optimizer_form->addRow(tr("Optimizer:"), optimizer_combo_);
  optimizer_form->addRow(tr("Learning rate:"), learning_rate_spin_);
  optimizer_form->addRow(tr("Schedule:"), schedule_combo_);
  optimizer_form->addRow(tr("Momentum:"), momentum_spin_);
  optimizer_form->addRow(tr("Adam β1 / β2:"), [this] {
    auto* row = new QHBoxLayout;
    row->addWidget(beta1_spin_);
    row->addWidget(beta2_spin_);
    return row;
  }());
  optimizer_form->addRow(tr("Adam ε:"), epsilon_spin_);

  auto* schedule_form = makeForm();
  schedule_form->addRow(tr("Iterations:"), iterations_spin_);
  schedule_form->addRow(tr("Epochs:"), epochs_spin_);
  schedule_form->addRow(tr("Batch size:"), batch_size_spin_);
  schedule_form->addRow(tr("Weight decay:"), weight_decay_spin_);
  schedule_form->addRow(tr("Shuffle seed:"), shuffle_seed_spin_);
  schedule_form->addRow(tr("Evaluate every:"), eval_interval_spin_);

  auto* columns = new QHBoxLayout(group);
  columns->addLayout(optimizer_form, 1);
  columns->addSpacing(12);
  columns->addLayout(schedule_form, 1);
  return group;
}

QWidget* TrainingPanel::buildAugmentationGroup() {
  auto* group = new QGroupBox(tr("Augmentation"));
  augment_check_ = new QCheckBox(tr("Distort training digits"));
  augment_check_->setObjectName("augmentCheck");
  augment_check_->setToolTip(tr("Show the network each training digit moved, turned, resized, slanted and with a "
                                "thicker or thinner pen, drawn afresh every batch, so that it reads drawings "
                                "that are off-centre or written differently. Test digits are never changed"));
  shift_spin_ = makeFixedSpin(0.0, 14.0, 1, 0.5, tr("Largest shift in pixels, left/right and up/down (of 28)"));
  shift_spin_->setObjectName("shiftSpin");
  shift_spin_->setSuffix(tr(" px"));
  rotation_spin_ = makeFixedSpin(0.0, 180.0, 1, 1.0, tr("Largest rotation either way, in degrees"));
  rotation_spin_->setObjectName("rotationSpin");
  rotation_spin_->setSuffix(tr("°"));
  scale_min_spin_ = makeFixedSpin(0.1, 4.0, 2, 0.05, tr("Smallest size factor (1 = as drawn)"));
  scale_min_spin_->setObjectName("scaleMinSpin");
  scale_max_spin_ = makeFixedSpin(0.1, 4.0, 2, 0.05, tr("Largest size factor (1 = as drawn)"));
  scale_max_spin_->setObjectName("scaleMaxSpin");
  shear_spin_ = makeFixedSpin(0.0, 2.0, 2, 0.05, tr("Largest slant either way: x moves by this times the "
                                                     "height above or below the centre"));
  shear_spin_->setObjectName("shearSpin");
  thickness_spin_ = makeFixedSpin(0.0, 1.0, 2, 0.05, tr("Chance that a digit's strokes are made thicker or "
                                                         "thinner (by up to a pixel)"));
  thickness_spin_->setObjectName("thicknessSpin");

  // The check box over two columns of distortions: four columns side by side
  // would not fit beside the canvas in a 1024-pixel window.
  auto* left_form = makeForm();
  left_form->addRow(tr("Shift:"), shift_spin_);
  left_form->addRow(tr("Rotation:"), rotation_spin_);
  left_form->addRow(tr("Thickness:"), thickness_spin_);
  auto* right_form = makeForm();
  right_form->addRow(tr("Scale:"), [this] {
    auto* row = new QHBoxLayout;
    row->addWidget(scale_min_spin_, 1);
    row->addWidget(new QLabel(tr("to")));
    row->addWidget(scale_max_spin_, 1);
    return row;
  }());
  right_form->addRow(tr("Shear:"), shear_spin_);

  auto* columns = new QHBoxLayout;
  columns->addLayout(left_form, 1);
  columns->addSpacing(12);
  columns->addLayout(right_form, 1);
  auto* layout = new QVBoxLayout(group);
  layout->addWidget(augment_check_);
  layout->addLayout(columns);
  return group;
}

QWidget* TrainingPanel::buildRunControls() {
  auto* box = new QWidget;
  train_button_ = new QPushButton(tr("Train"));
  train_button_->setObjectName("trainButton");
  train_button_->setToolTip(tr("Train a new network with these settings (Ctrl+T)"));
  train_button_->setDefault(true);
  pause_button_ = new QPushButton(tr("Pause"));
  pause_button_->setObjectName("pauseButton");
  pause_button_->setToolTip(tr("Pause or resume the run"));
  stop_button_ = new QPushButton(tr("Stop"));
  stop_button_->setObjectName("stopButton");
  stop_button_->setToolTip(tr("Stop the run and keep the network trained so far"));
  mistakes_button_ = new QPushButton(tr("Mistakes…"));
  mistakes_button_->setObjectName("mistakesButton");
  mistakes_button_->setToolTip(tr("The last run's confusion matrix and misread test digits (Ctrl+M)"));
  connect(mistakes_button_, &QPushButton::clicked, this, &TrainingPanel::showMistakesRequested);
  for (QPushButton* button : {train_button_, pause_button_, stop_button_}) button->setMinimumWidth(84);
  connect(train_button_, &QPushButton::clicked, this, &TrainingPanel::startTraining);
  connect(pause_button_, &QPushButton::clicked, this, &TrainingPanel::togglePause);
  connect(stop_button_, &QPushButton::clicked, this, &TrainingPanel::stopTraining);

  progress_bar_ = new QProgressBar;
  progress_bar_->setObjectName("progressBar");
  progress_bar_->setRange(0, 1);
  progress_bar_->setValue(0);
  progress_bar_->setFormat(tr("Not started"));
  progress_bar_->setTextVisible(true);
  time_left_label_ = new QLabel;
  time_left_label_->setObjectName("timeLeftLabel");
  time_left_label_->setMinimumWidth(110);
  time_left_label_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  time_left_label_->setToolTip(tr("Time left, estimated from the time per iteration so far"));

  // The progress bar under the buttons rather than beside them: the row
  // then fits a panel beside the canvas in a 1024-pixel window.
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(train_button_);
  buttons->addWidget(pause_button_);
  buttons->addWidget(stop_button_);
  buttons->addWidget(mistakes_button_);
  buttons->addStretch(1);
  buttons->addWidget(time_left_label_);

  auto* stats = new QGridLayout;
  stats->setHorizontalSpacing(24);
  stats->setVerticalSpacing(0);
  cost_value_ = addStat(stats, 0, tr("Cost"), "costValue", tr("Cross-entropy of the latest training batch"));
  train_accuracy_value_ = addStat(stats, 1, tr("Train accuracy"), "trainAccuracyValue",
                                  tr("Share of training digits classified right, at the latest evaluation"));
  test_accuracy_value_ = addStat(stats, 2, tr("Test accuracy"), "testAccuracyValue",
                                 tr("Share of held-out test digits classified right, at the latest evaluation"));
  ms_per_iteration_value_ = addStat(stats, 3, tr("Time per iteration"), "msPerIterationValue",
                                    tr("Average wall time of one update so far"));
  stats->setColumnStretch(4, 1);

  message_label_ = new QLabel;
  message_label_->setObjectName("messageLabel");
  message_label_->setWordWrap(true);
  message_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(buttons);
  layout->addWidget(progress_bar_);
  layout->addLayout(stats);
  layout->addWidget(message_label_);
  return box;
}

void TrainingPanel::connectFieldEdits() {
  // Any edit by the user turns the preset into "Custom" (filling_fields_
  // tells a preset's own changes apart).
  for (QSpinBox* spin : {init_seed_spin_, iterations_spin_, epochs_spin_, batch_size_spin_, shuffle_seed_spin_,
                         eval_interval_spin_})
    connect(spin, &QSpinBox::valueChanged, this, &TrainingPanel::onFieldEdited);
  for (QDoubleSpinBox* spin : {init_scale_spin_, learning_rate_spin_, momentum_spin_, beta1_spin_, beta2_spin_,
                               epsilon_spin_, weight_decay_spin_})
    connect(spin, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::onFieldEdited);
  for (QDoubleSpinBox* spin : {shift_spin_, rotation_spin_, scale_min_spin_, scale_max_spin_, shear_spin_,
                               thickness_spin_})
    connect(spin, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::onFieldEdited);
  connect(augment_check_, &QCheckBox::toggled, this, &TrainingPanel::onFieldEdited);
  for (QComboBox* combo : {activation_combo_, optimizer_combo_, schedule_combo_})
    connect(combo, &QComboBox::currentIndexChanged, this, &TrainingPanel::onFieldEdited);
  connect(hidden_edit_, &QLineEdit::textChanged, this, &TrainingPanel::onFieldEdited);
}

// ---------------------------------------------------------------- data

void TrainingPanel::useDefaultDigits() {
  source_combo_->setCurrentIndex(static_cast<int>(DataSource::DefaultDigits));
  onDataSourceChanged();
}

void TrainingPanel::setMnistFolder(const QString& folder) {
  mnist_folder_ = folder;
  {
    const QSignalBlocker blocker(source_combo_);
    source_combo_->setCurrentIndex(static_cast<int>(DataSource::MnistFolder));
  }
  onDataSourceChanged();
  try {
    const MnistFolder found = find_mnist_files(folder.toStdString());
    setMessage(found.has_train() && found.has_test()
                   ? tr("Found MNIST training and test files in %1.").arg(folder)
                   : tr("Found one MNIST set in %1: it will be split into training and test digits.").arg(folder));
  } catch (const Error& error) {
    setMessage(QString::fromStdString(error.what()), true);
  }
}

void TrainingPanel::setIdxFiles(const QString& train_images, const QString& train_labels, const QString& test_images,
                                const QString& test_labels) {
  idx_files_ = {train_images, train_labels};
  if (!test_images.isEmpty() || !test_labels.isEmpty()) idx_files_ << test_images << test_labels;
  {
    const QSignalBlocker blocker(source_combo_);
    source_combo_->setCurrentIndex(static_cast<int>(DataSource::IdxFiles));
  }
  onDataSourceChanged();
}

TrainingPanel::DataSource TrainingPanel::dataSource() const {
  return static_cast<DataSource>(source_combo_->currentIndex());
}

bool TrainingPanel::dataReady() const {
  switch (dataSource()) {
    case DataSource::DefaultDigits: return default_digits_present_;
    case DataSource::MnistFolder: return !mnist_folder_.isEmpty();
    case DataSource::IdxFiles: return idx_files_.size() >= 2;
  }
  return false;
}

DataRequest TrainingPanel::dataRequest() const {
  DataRequest request;
  switch (dataSource()) {
    case DataSource::DefaultDigits: request.folder = default_digits_folder(); break;
    case DataSource::MnistFolder: request.folder = mnist_folder_.toStdString(); break;
    case DataSource::IdxFiles:
      if (idx_files_.size() >= 2) {
        request.train_images = idx_files_[0].toStdString();
        request.train_labels = idx_files_[1].toStdString();
      }
      if (idx_files_.size() >= 4) {
        request.test_images = idx_files_[2].toStdString();
        request.test_labels = idx_files_[3].toStdString();
      }
      break;
  }
  sources_list_->addTo(request);
  // 0 shows "Auto": the core's defaults for the kind of data.
  if (train_count_spin_->value() > 0) request.train_count = train_count_spin_->value();
  if (test_count_spin_->value() > 0) request.test_count = test_count_spin_->value();
  request.split_seed = static_cast<std::uint64_t>(split_seed_spin_->value());
  return request;
}

QString TrainingPanel::dataLabel() const {
  // The same names the CLI records, so models from both read alike.
  switch (dataSource()) {
    case DataSource::DefaultDigits: return QString::fromLatin1(kDefaultDigitsLabel);
    case DataSource::MnistFolder: return mnist_folder_;
    case DataSource::IdxFiles:
      return idx_files_.size() >= 4 ? idx_files_[0] + QStringLiteral(", ") + idx_files_[2] : idx_files_.value(0);
  }
  return {};
}

void TrainingPanel::onDataSourceChanged() {
  const DataSource source = dataSource();
  data_hint_label_->setVisible(false);
  browse_button_->setEnabled(source != DataSource::DefaultDigits && !training_);
  switch (source) {
    case DataSource::DefaultDigits: {
      const QString folder = QString::fromStdString(default_digits_folder());
      data_path_edit_->setText(folder);
      data_path_edit_->setToolTip(folder);
      try {
        // One pair is enough: it gets split into training and test digits.
        const MnistFolder found = find_mnist_files(folder.toStdString());
        default_digits_present_ = found.has_train() || found.has_test();
      } catch (const Error&) {
        default_digits_present_ = false;
      }
      if (!default_digits_present_) {
        data_hint_label_->setText(tr("Not set up yet: %1. Or pick an MNIST folder or IDX files.")
                                      .arg(QString::fromStdString(default_digits_hint())));
        data_hint_label_->setVisible(true);
      }
      break;
    }
    case DataSource::MnistFolder:
      data_path_edit_->setText(mnist_folder_);
      data_path_edit_->setToolTip(mnist_folder_);
      break;
    case DataSource::IdxFiles: {
      QStringList names;
      for (const QString& path : idx_files_) names << QFileInfo(path).fileName();
      data_path_edit_->setText(names.join(QStringLiteral(", ")));
      data_path_edit_->setToolTip(idx_files_.join(QLatin1Char('\n')));
      break;
    }
  }
  updateControls();
}

void TrainingPanel::browseForData() {
  if (dataSource() == DataSource::MnistFolder) {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose an MNIST folder"), mnist_folder_);
    if (!folder.isEmpty()) setMnistFolder(folder);
    return;
  }
  const QStringList files = QFileDialog::getOpenFileNames(
      this, tr("Choose IDX images and labels (and optionally a test pair)"), QFileInfo(idx_files_.value(0)).path(),
      tr("IDX files (*-ubyte *-ubyte.gz *.idx *.idx.gz *idx1* *idx3*);;All files (*)"));
  if (files.isEmpty()) return;
  // The names tell the four files apart, as MNIST names them.
  QString train_images, train_labels, test_images, test_labels;
  for (const QString& path : files) {
    const QString name = QFileInfo(path).fileName().toLower();
    const bool labels = name.contains(QStringLiteral("label")) || name.contains(QStringLiteral("idx1"));
    const bool test = name.contains(QStringLiteral("t10k")) || name.contains(QStringLiteral("test"));
    (test ? (labels ? test_labels : test_images) : (labels ? train_labels : train_images)) = path;
  }
  if (train_images.isEmpty() && train_labels.isEmpty()) {
    std::swap(train_images, test_images);  // only a test pair: train on it (it gets split)
    std::swap(train_labels, test_labels);
  }
  if (train_images.isEmpty() || train_labels.isEmpty() || test_images.isEmpty() != test_labels.isEmpty()) {
    setMessage(tr("Choose an images file and a labels file (names with \"labels\" or \"idx1\" are labels; "
                  "with \"t10k\" or \"test\", the test pair)."),
               true);
    return;
  }
  setIdxFiles(train_images, train_labels, test_images, test_labels);
  setMessage(tr("Training on %1.").arg(dataLabel()));
}

// ---------------------------------------------------------------- recipe

TrainingRecipe TrainingPanel::recipe() const {
  TrainingRecipe recipe;
  const LayerListValidator::Result layers = LayerListValidator::check(hidden_edit_->text());
  if (layers.problem) throw Error("layers: " + *layers.problem);
  recipe.architecture.layers = layers.layers;
  recipe.architecture.activation =
      parse_activation(activation_combo_->currentData().toString().toStdString()).value_or(Activation::Tanh);
  recipe.init_scale = static_cast<float>(init_scale_spin_->value());  // 0 = fan-in scaled
  recipe.init_seed = static_cast<std::uint64_t>(init_seed_spin_->value());

  TrainingSettings& training = recipe.training;
  training.optimizer.kind =
      parse_optimizer(optimizer_combo_->currentData().toString().toStdString()).value_or(OptimizerKind::GradientDescent);
  training.optimizer.learning_rate = static_cast<float>(learning_rate_spin_->value());
  training.schedule =
      parse_schedule(schedule_combo_->currentData().toString().toStdString()).value_or(Schedule::Constant);
  training.optimizer.momentum = static_cast<float>(momentum_spin_->value());
  training.optimizer.beta1 = static_cast<float>(beta1_spin_->value());
  training.optimizer.beta2 = static_cast<float>(beta2_spin_->value());
  training.optimizer.epsilon = static_cast<float>(epsilon_spin_->value());
  training.optimizer.weight_decay = static_cast<float>(weight_decay_spin_->value());
  training.iterations = iterations_spin_->value();
  training.epochs = epochs_spin_->value();
  training.batch_size = batch_size_spin_->value();
  training.seed = static_cast<std::uint64_t>(shuffle_seed_spin_->value());
  training.eval_interval = eval_interval_spin_->value();
  AugmentationSettings& augmentation = training.augmentation;
  augmentation.enabled = augment_check_->isChecked();
  augmentation.max_shift_px = static_cast<float>(shift_spin_->value());
  augmentation.max_rotation_deg = static_cast<float>(rotation_spin_->value());
  // The two ends in either order: the spin boxes do not police each other.
  augmentation.min_scale = static_cast<float>(std::min(scale_min_spin_->value(), scale_max_spin_->value()));
  augmentation.max_scale = static_cast<float>(std::max(scale_min_spin_->value(), scale_max_spin_->value()));
  augmentation.max_shear = static_cast<float>(shear_spin_->value());
  augmentation.thickness_probability = static_cast<float>(thickness_spin_->value());
  return recipe;
}

void TrainingPanel::setRecipe(const TrainingRecipe& recipe, const QString& preset_name) {
  filling_fields_ = true;
  hidden_edit_->setText(QString::fromStdString(layer_list_text(recipe.architecture.layers)));
  selectData(activation_combo_, QString::fromStdString(std::string(activation_name(recipe.architecture.activation))));
  init_scale_spin_->setValue(std::max(0.0f, recipe.init_scale));
  init_seed_spin_->setValue(clampToInt(recipe.init_seed));

  const TrainingSettings& training = recipe.training;
  selectData(optimizer_combo_, QString::fromStdString(std::string(optimizer_name(training.optimizer.kind))));
  learning_rate_spin_->setValue(training.optimizer.learning_rate);
  selectData(schedule_combo_, QString::fromStdString(std::string(schedule_name(training.schedule))));
  momentum_spin_->setValue(training.optimizer.momentum);
  beta1_spin_->setValue(training.optimizer.beta1);
  beta2_spin_->setValue(training.optimizer.beta2);
  epsilon_spin_->setValue(training.optimizer.epsilon);
  weight_decay_spin_->setValue(training.optimizer.weight_decay);
  iterations_spin_->setValue(training.iterations);
  epochs_spin_->setValue(training.epochs);
  batch_size_spin_->setValue(training.batch_size);
  shuffle_seed_spin_->setValue(clampToInt(training.seed));
  eval_interval_spin_->setValue(training.eval_interval);
  // A preset without augmentation still shows usable distortions, ready for
  // the check box.
  const AugmentationSettings& augmentation =
      training.augmentation.enabled ? training.augmentation : AugmentationSettings::recommended();
  augment_check_->setChecked(training.augmentation.enabled);
  shift_spin_->setValue(augmentation.max_shift_px);
  rotation_spin_->setValue(augmentation.max_rotation_deg);
  scale_min_spin_->setValue(augmentation.min_scale);
  scale_max_spin_->setValue(augmentation.max_scale);
  shear_spin_->setValue(augmentation.max_shear);
  thickness_spin_->setValue(augmentation.thickness_probability);
  filling_fields_ = false;

  const int preset_index = preset_combo_->findData(preset_name.isEmpty() ? QStringLiteral("custom") : preset_name);
  preset_combo_->setCurrentIndex(preset_index >= 0 ? preset_index : preset_combo_->count() - 1);
  preset_description_->setText(preset_combo_->currentData(Qt::ToolTipRole).toString());
  preset_description_->setVisible(!preset_description_->text().isEmpty());
  updateControls();
}

void TrainingPanel::applyPreset(const QString& name) {
  if (const std::optional<Preset> preset = find_preset(name.toStdString())) setRecipe(preset->recipe, name);
}

QString TrainingPanel::presetName() const { return preset_combo_->currentData().toString(); }

void TrainingPanel::onPresetChosen(int index) {
  const QString name = preset_combo_->itemData(index).toString();
  if (name == QStringLiteral("custom")) {
    preset_description_->setVisible(false);
    return;  // keeps the fields as they are
  }
  applyPreset(name);
  emit statusMessage(tr("Preset \"%1\" filled the training settings.").arg(preset_combo_->currentText()));
}

void TrainingPanel::onFieldEdited() {
  if (!filling_fields_ && presetName() != QStringLiteral("custom")) {
    preset_combo_->setCurrentIndex(preset_combo_->count() - 1);
    preset_description_->setVisible(false);
  }
  updateControls();
}

// ---------------------------------------------------------------- running

bool TrainingPanel::isPaused() const { return control_ && control_->paused(); }

void TrainingPanel::startTraining() {
  if (training_) return;
  if (!dataReady()) {
    setMessage(dataSource() == DataSource::DefaultDigits
                   ? tr("The default digits are missing: %1.").arg(QString::fromStdString(default_digits_hint()))
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
  job.data = dataRequest();
  // Auto counts: a mini-batch recipe trains on every digit the source has (a
  // tenth held out); the full-batch Seed preset keeps the seed's 1000/350.
  job.data.whole_set = job.recipe.training.batch_size > 0;
  job.image_folders = sources_list_->checkedImageFolders();
  job.dataset_label = combinedDataLabel();
  job.model_name = tr("untitled");
  // Asked last, once the run is sure to start: an unsaved model is about to
  // be replaced (Save / Discard / Cancel).
  if (train_guard_ && !train_guard_()) {
    setMessage(tr("Training not started: the current model was kept."));
    return;
  }
  if (current_model_) {
    job.compare_with = std::shared_ptr<const Network>(current_model_, &current_model_->network);
    job.test_set_label = tr("test digits of the run");
  }
  run_fine_tune_ = false;
  run_replaces_ = current_model_;
  launch(std::move(job));
}

void TrainingPanel::startFineTune(std::shared_ptr<const Model> base, const Dataset& user_digits) {
  if (training_) return;
  if (!base) {
    setMessage(tr("Fine-tuning needs a model: open or train one first."), true);
    return;
  }
  if (user_digits.empty()) {
    setMessage(tr("Teach some digits first: draw one, then press its key or a Teach button."), true);
    return;
  }
  if (!dataReady()) {
    setMessage(tr("Fine-tuning mixes your digits into the training data, which is not available: %1")
                   .arg(QString::fromStdString(default_digits_hint())),
               true);
    return;
  }
  TrainingJob job;
  job.recipe = fine_tune_recipe(base->network.architecture());
  job.data = dataRequest();
  job.data.whole_set = true;  // Auto counts: every base digit, a tenth held out to measure on
  job.image_folders = sources_list_->checkedImageFolders();
  job.initial_network = std::shared_ptr<const Network>(base, &base->network);
  // Measured before anything is replaced: the base and the result on the
  // held-out digits, and on the last run's test set when that is another.
  job.compare_with = job.initial_network;
  job.test_set_label = dataSource() == DataSource::DefaultDigits ? tr("held-out default digits")
                                                                   : tr("held-out test digits");
  if (last_run_data_ && !sameData(*last_run_data_, job.data)) {
    job.also_measure_on = last_run_data_;
    job.also_measure_image_folders = last_run_image_folders_;
    job.also_measure_label = tr("test digits of the last run");
  }
  run_fine_tune_ = true;
  run_replaces_ = base;
  job.oversampled = user_digits;
  job.oversampled_share = kUserDigitShare;
  job.dataset_label = combinedDataLabel() + tr(" + my digits (%1, oversampled)").arg(user_digits.count());
  const QString base_name = QString::fromStdString(base->info.name);
  job.model_name = (base_name.isEmpty() ? tr("untitled") : base_name) + tr(" (fine-tuned)");
  setMessage(tr("Fine-tuning on your %1 digits mixed with the training data…").arg(user_digits.count()));
  launch(std::move(job));
}

// Whether two requests make the same split (image folders and loaded sets aside).
bool TrainingPanel::sameData(const DataRequest& a, const DataRequest& b) {
  return a.folder == b.folder && a.train_images == b.train_images && a.train_labels == b.train_labels &&
         a.test_images == b.test_images && a.test_labels == b.test_labels && a.extra_folders == b.extra_folders &&
         a.extra_pairs == b.extra_pairs && a.train_count == b.train_count && a.test_count == b.test_count &&
         a.split_seed == b.split_seed && a.whole_set == b.whole_set;
}

QString TrainingPanel::combinedDataLabel() const {
  QStringList parts{dataLabel()};
  parts << sources_list_->checkedDescriptions();
  return parts.join(QStringLiteral(" + "));
}

void TrainingPanel::launch(TrainingJob job) {
  run_changes_.clear();
  run_data_ = job.data;
  run_image_folders_ = job.image_folders;
  job.control = std::make_shared<TrainingControl>();
  control_ = job.control;

  training_ = true;
  stopping_ = false;
  latest_.reset();
  latest_train_accuracy_.reset();
  latest_test_accuracy_.reset();
  last_result_.reset();
  chart_->clear();
  for (QLabel* value : {cost_value_, train_accuracy_value_, test_accuracy_value_, ms_per_iteration_value_})
    value->setText(QStringLiteral("–"));
  time_left_label_->clear();
  pause_button_->setText(tr("Pause"));

  if (!worker_thread_->isRunning()) worker_thread_->start();
  // Runs in the worker's thread: the functor is queued to the worker's event loop.
  QMetaObject::invokeMethod(worker_, [worker = worker_, job] { worker->run(job); }, Qt::QueuedConnection);
  display_timer_->start();
  updateControls();
  emit trainingStarted();
}

void TrainingPanel::togglePause() {
  if (!training_ || !control_ || stopping_) return;
  if (control_->paused()) {
    control_->resume();
    pause_button_->setText(tr("Pause"));
    setMessage(tr("Training resumed."));
  } else {
    control_->pause();
    pause_button_->setText(tr("Resume"));
    setMessage(tr("Paused: drawing still works; Resume to go on, Stop to keep the network as it is."));
  }
}

void TrainingPanel::stopTraining() {
  if (!training_ || !control_) return;
  stopping_ = true;
  control_->cancel();  // also wakes a paused run
  setMessage(tr("Stopping…"));
  updateControls();
}

void TrainingPanel::cancelAndWait() {
  if (control_) control_->cancel();
  worker_thread_->quit();  // leaves the event loop once the current job returns
  worker_thread_->wait();
}

void TrainingPanel::onLoadingData() {
  progress_bar_->setFormat(tr("Loading data…"));
  progress_bar_->setRange(0, 0);  // busy: the size of the run is not known yet
  setMessage(tr("Loading the training data…"));
  emit statusMessage(tr("Loading the training data…"));
}

void TrainingPanel::onDataLoaded(int train_count, int test_count, int total_iterations) {
  progress_bar_->setFormat(tr("Iteration %v of %m"));
  progress_bar_->setRange(0, std::max(total_iterations, 1));
  progress_bar_->setValue(0);
  const QString text = test_count > 0
                           ? tr("Training on %1 digits, testing on %2.").arg(train_count).arg(test_count)
                           : tr("Training on %1 digits (no test set).").arg(train_count);
  setMessage(text);
  emit statusMessage(text);
}

void TrainingPanel::onProgress(const TrainingProgress& progress) {
  // Cheap bookkeeping only: the chart and the numbers redraw on their timers.
  chart_->addProgress(progress);
  latest_ = progress;
  if (progress.train_accuracy) latest_train_accuracy_ = progress.train_accuracy;
  if (progress.test_accuracy) latest_test_accuracy_ = progress.test_accuracy;
  display_stale_ = true;
}

void TrainingPanel::onCompared(const std::vector<AccuracyChange>& changes) { run_changes_ = changes; }

void TrainingPanel::noteOutcome(const QString& text) {
  if (text.isEmpty()) return;
  const QString current = message_label_->text();
  message_label_->setText(current.isEmpty() ? text : current + QLatin1Char(' ') + text);
}

void TrainingPanel::refreshLiveNumbers() {
  if (!display_stale_ || !latest_) return;
  display_stale_ = false;
  const TrainingProgress& now = *latest_;
  if (progress_bar_->maximum() != now.total_iterations) progress_bar_->setRange(0, std::max(now.total_iterations, 1));
  progress_bar_->setValue(now.iteration);
  cost_value_->setText(std::isfinite(now.cost) ? QString::number(now.cost, 'f', 4) : tr("NaN"));
  if (latest_train_accuracy_) train_accuracy_value_->setText(percent(*latest_train_accuracy_));
  if (latest_test_accuracy_) test_accuracy_value_->setText(percent(*latest_test_accuracy_));
  if (now.iteration > 0) {
    const double seconds_per_iteration = now.elapsed_seconds / now.iteration;
    ms_per_iteration_value_->setText(tr("%1 ms").arg(1000.0 * seconds_per_iteration, 0, 'f', 1));
    const double left = seconds_per_iteration * (now.total_iterations - now.iteration);
    if (training_) time_left_label_->setText(tr("%1 left").arg(formatDuration(left)));
  }
}

void TrainingPanel::onFinished(std::shared_ptr<const Model> model, const TrainingResult& result) {
  display_stale_ = true;
  refreshLiveNumbers();
  last_result_ = result;
  last_model_ = model;
  if (model) {
    last_run_fine_tune_ = run_fine_tune_;
    last_run_replaces_ = run_replaces_;
    last_changes_ = run_changes_;
  }
  if (model && model->info.test_count > 0) {
    last_run_data_ = run_data_;
    last_run_image_folders_ = run_image_folders_;
  } else if (model)
    last_run_data_.reset();  // the network in use now has no test set to show
  const int total = progress_bar_->maximum();
  if (progress_bar_->maximum() == 0) progress_bar_->setRange(0, 1);  // leave the busy state
  if (model) {
    // Final accuracies are of the whole training and test sets.
    train_accuracy_value_->setText(percent(result.train_accuracy));
    if (model->info.test_count > 0) test_accuracy_value_->setText(percent(result.test_accuracy));
  }

  QString text;
  switch (result.status) {
    case TrainingStatus::Finished:
      progress_bar_->setValue(progress_bar_->maximum());
      text = model && model->info.test_count > 0
                 ? tr("Finished %1 iterations in %2: test accuracy %3 (train %4).")
                       .arg(result.iterations)
                       .arg(formatDuration(result.seconds), percent(result.test_accuracy),
                            percent(result.train_accuracy))
                 : tr("Finished %1 iterations in %2: train accuracy %3.")
                       .arg(result.iterations)
                       .arg(formatDuration(result.seconds), percent(result.train_accuracy));
      break;
    case TrainingStatus::Cancelled:
      progress_bar_->setValue(std::min(result.iterations, total));
      text = model ? tr("Stopped after %1 of %2 iterations; the network trained so far is offered.")
                         .arg(result.iterations)
                         .arg(total)
                   : tr("Stopped before the first update; the current model was kept.");
      break;
    case TrainingStatus::Diverged:
      progress_bar_->setValue(std::min(result.iterations, total));
      text = tr("Training diverged at iteration %1 (cost became NaN); lower the learning rate. %2")
                 .arg(result.iterations + 1)
                 .arg(model ? tr("The last good weights were kept.")
                            : tr("No update succeeded, so the current model was kept."));
      break;
  }
  setMessage(text, result.status == TrainingStatus::Diverged);
  time_left_label_->setText(result.status == TrainingStatus::Finished ? tr("done") : tr("stopped"));
  finishRun();
  emit statusMessage(text);
  if (model) emit modelTrained(model);
}

void TrainingPanel::onFailed(const QString& message) {
  progress_bar_->setFormat(tr("Failed"));
  if (progress_bar_->maximum() == 0) progress_bar_->setRange(0, 1);
  progress_bar_->setValue(0);
  time_left_label_->clear();
  setMessage(message, true);
  finishRun();
  emit statusMessage(tr("Training failed: %1").arg(message));
}

void TrainingPanel::finishRun() {
  training_ = false;
  stopping_ = false;
  control_.reset();
  display_timer_->stop();
  pause_button_->setText(tr("Pause"));
  updateControls();
  emit trainingEnded();
}

void TrainingPanel::updateControls() {
  const LayerListValidator::Result layers = LayerListValidator::check(hidden_edit_->text());
  const bool hidden_ok = !layers.problem;
  hidden_edit_->setStyleSheet(hidden_ok ? QString() : QStringLiteral("QLineEdit { border: 1px solid #c0392b; }"));
  layers_problem_->setText(layers.problem ? QString::fromStdString(*layers.problem) : QString());
  layers_problem_->setVisible(layers.problem.has_value());
  train_button_->setEnabled(!training_ && dataReady() && hidden_ok);
  pause_button_->setEnabled(training_ && !stopping_);
  stop_button_->setEnabled(training_ && !stopping_);
  mistakes_button_->setEnabled(!training_ && last_run_data_.has_value());
  source_combo_->setEnabled(!training_);
  sources_list_->setEnabled(!training_);
  browse_button_->setEnabled(!training_ && dataSource() != DataSource::DefaultDigits);

  const OptimizerKind kind =
      parse_optimizer(optimizer_combo_->currentData().toString().toStdString()).value_or(OptimizerKind::GradientDescent);
  momentum_spin_->setEnabled(kind == OptimizerKind::Momentum);
  for (QWidget* adam_field : {static_cast<QWidget*>(beta1_spin_), static_cast<QWidget*>(beta2_spin_),
                              static_cast<QWidget*>(epsilon_spin_)})
    adam_field->setEnabled(kind == OptimizerKind::Adam);
  iterations_spin_->setEnabled(epochs_spin_->value() == 0);
  for (QDoubleSpinBox* spin : {shift_spin_, rotation_spin_, scale_min_spin_, scale_max_spin_, shear_spin_,
                               thickness_spin_})
    spin->setEnabled(augment_check_->isChecked());
}

void TrainingPanel::setMessage(const QString& text, bool is_problem) {
  message_label_->setText(text);
  message_label_->setStyleSheet(is_problem ? QStringLiteral("color: #b03a2e;") : QString());
}

QString TrainingPanel::message() const { return message_label_->text(); }

}  // namespace digitpad
