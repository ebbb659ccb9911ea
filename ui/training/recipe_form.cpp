// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/recipe_form.h"

#include "core/nn/layer_kinds.h"
#include "core/nn/presets.h"
#include "ui/training/layer_list_validator.h"
#include "core/util/error.h"
#include "ui/widgets/settings_fields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace digitpad {
namespace {

int clampToInt(std::uint64_t value) { return static_cast<int>(std::min<std::uint64_t>(value, kSeedFieldMax)); }

QString capitalized(const std::string& text) {
  QString result = QString::fromStdString(text);
  if (!result.isEmpty()) result[0] = result[0].toUpper();
  return result;
}

}  // namespace

RecipeForm::RecipeForm(QObject* parent) : QObject(parent) {
  network_group_ = buildNetworkGroup();
  training_group_ = buildTrainingGroup();
  augmentation_group_ = buildAugmentationGroup();
  const std::vector<Preset> available = presets();
  if (!available.empty()) applyPreset(QString::fromStdString(available.front().name));
  connectFieldEdits();
}

QWidget* RecipeForm::buildNetworkGroup() {
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
  connect(preset_combo_, &QComboBox::activated, this, &RecipeForm::onPresetActivated);

  preset_description_ = new QLabel;
  preset_description_->setObjectName("presetDescription");
  preset_description_->setWordWrap(true);
  preset_description_->setStyleSheet(QStringLiteral("color: #5f6368;"));
  // A little smaller than the fields: a side note, and two lines instead of
  // three on a narrow panel leave a settings row more in view.
  QFont small = preset_description_->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  preset_description_->setFont(small);

  hidden_edit_ = new QLineEdit;
  hidden_edit_->setObjectName("hiddenEdit");
  // The kinds, their syntax and their one-line descriptions come from the
  // layer-kind table (core/nn/layer_kinds.h), so a new kind shows up here.
  QString kinds;
  for (const LayerKindInfo* kind : kLayerKinds)
    kinds += QStringLiteral("<li><b>%1</b> (%2): %3</li>")
                 .arg(QString::fromUtf8(kind->syntax.data(), static_cast<qsizetype>(kind->syntax.size())),
                      QString::fromUtf8(kind->help.data(), static_cast<qsizetype>(kind->help.size())),
                      QString::fromUtf8(kind->description.data(), static_cast<qsizetype>(kind->description.size())));
  hidden_edit_->setToolTip(tr("Hidden layers, input side first, comma-separated:<ul>%1</ul>"
                              "The 10-way softmax output is implied; \"none\" for a softmax regression.")
                               .arg(kinds));
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
  activation_combo_->setToolTip(
      tr("Activation after every dense and convolution layer (the output layer is always a "
         "softmax)"));

  init_scale_spin_ = makeCompactSpin(0.0, 10.0,
                                     tr("Standard deviation of the initial weights. Auto: scaled by each "
                                        "layer's fan-in (Xavier for tanh/sigmoid, He for ReLU)"),
                                     tr("Auto (fan-in)"));
  init_scale_spin_->setObjectName("initScaleSpin");
  init_seed_spin_ = makeSpin(0, kSeedFieldMax, tr("Seed of the initial weights: same seed, same network"));
  init_seed_spin_->setObjectName("initSeedSpin");

  auto* form = makeWrappingForm();
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

QWidget* RecipeForm::buildTrainingGroup() {
  auto* group = new QGroupBox(tr("Training"));

  optimizer_combo_ = new QComboBox;
  optimizer_combo_->setObjectName("optimizerCombo");
  optimizer_combo_->addItem(tr("Gradient descent"), QStringLiteral("gd"));
  optimizer_combo_->addItem(tr("Momentum"), QStringLiteral("momentum"));
  optimizer_combo_->addItem(tr("Adam"), QStringLiteral("adam"));
  optimizer_combo_->setToolTip(tr("The update rule applied after each batch"));

  learning_rate_spin_ = makeCompactSpin(1e-6, 100.0,
                                        tr("Step size of each update (gradient descent: ~0.5; "
                                           "Adam: ~0.001). Too large and the cost turns NaN"));
  learning_rate_spin_->setObjectName("learningRateSpin");
  schedule_combo_ = new QComboBox;
  schedule_combo_->setObjectName("scheduleCombo");
  // The core's names as item data, so recipes and model files read alike.
  schedule_combo_->addItem(tr("Constant"), QString::fromStdString(std::string(schedule_name(Schedule::Constant))));
  schedule_combo_->addItem(tr("Cosine"), QString::fromStdString(std::string(schedule_name(Schedule::Cosine))));
  schedule_combo_->addItem(tr("One-cycle"), QString::fromStdString(std::string(schedule_name(Schedule::OneCycle))));
  schedule_combo_->setToolTip(
      tr("How the learning rate moves over the run. Constant: the rate above throughout. "
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
  weight_decay_spin_ =
      makeCompactSpin(0.0, 1.0, tr("L2 penalty: adds this times each weight to its gradient"), tr("None"));
  weight_decay_spin_->setObjectName("weightDecaySpin");

  iterations_spin_ = makeSpin(1, 1'000'000, tr("Number of parameter updates (ignored when epochs is set)"));
  iterations_spin_->setObjectName("iterationsSpin");
  iterations_spin_->setSingleStep(100);
  epochs_spin_ = makeSpin(0, 100'000, tr("Passes over the training digits; overrides iterations when set"),
                          tr("Off (use iterations)"));
  epochs_spin_->setObjectName("epochsSpin");
  batch_size_spin_ = makeSpin(0, 1'000'000,
                              tr("Digits per update, reshuffled every epoch. Full batch: every "
                                 "training digit in each update"),
                              tr("Full batch"));
  batch_size_spin_->setObjectName("batchSizeSpin");
  batch_size_spin_->setSingleStep(16);
  shuffle_seed_spin_ = makeSpin(0, kSeedFieldMax, tr("Seed of the mini-batch shuffling"));
  shuffle_seed_spin_->setObjectName("shuffleSeedSpin");
  eval_interval_spin_ = makeSpin(0, 1'000'000,
                                 tr("Measure train and test accuracy every N iterations (and "
                                    "at the last one). End only: just once, at the end"),
                                 tr("End only"));
  eval_interval_spin_->setObjectName("evalIntervalSpin");

  auto* optimizer_form = makeWrappingForm();
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

  auto* schedule_form = makeWrappingForm();
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

QWidget* RecipeForm::buildAugmentationGroup() {
  auto* group = new QGroupBox(tr("Augmentation"));
  augment_check_ = new QCheckBox(tr("Distort training digits"));
  augment_check_->setObjectName("augmentCheck");
  augment_check_->setToolTip(
      tr("Show the network each training digit moved, turned, resized, slanted and with a "
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
  shear_spin_ = makeFixedSpin(0.0, 2.0, 2, 0.05,
                              tr("Largest slant either way: x moves by this times the "
                                 "height above or below the centre"));
  shear_spin_->setObjectName("shearSpin");
  thickness_spin_ = makeFixedSpin(0.0, 1.0, 2, 0.05,
                                  tr("Chance that a digit's strokes are made thicker or "
                                     "thinner (by up to a pixel)"));
  thickness_spin_->setObjectName("thicknessSpin");

  // The check box over two columns of distortions: four columns side by side
  // would not fit beside the canvas in a 1024-pixel window.
  auto* left_form = makeWrappingForm();
  left_form->addRow(tr("Shift:"), shift_spin_);
  left_form->addRow(tr("Rotation:"), rotation_spin_);
  left_form->addRow(tr("Thickness:"), thickness_spin_);
  auto* right_form = makeWrappingForm();
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

void RecipeForm::connectFieldEdits() {
  // Any edit by the user turns the preset into "Custom" (filling_fields_
  // tells a preset's own changes apart).
  for (QSpinBox* spin :
       {init_seed_spin_, iterations_spin_, epochs_spin_, batch_size_spin_, shuffle_seed_spin_, eval_interval_spin_})
    connect(spin, &QSpinBox::valueChanged, this, &RecipeForm::onFieldEdited);
  for (QDoubleSpinBox* spin : {init_scale_spin_, learning_rate_spin_, momentum_spin_, beta1_spin_, beta2_spin_,
                               epsilon_spin_, weight_decay_spin_})
    connect(spin, &QDoubleSpinBox::valueChanged, this, &RecipeForm::onFieldEdited);
  for (QDoubleSpinBox* spin :
       {shift_spin_, rotation_spin_, scale_min_spin_, scale_max_spin_, shear_spin_, thickness_spin_})
    connect(spin, &QDoubleSpinBox::valueChanged, this, &RecipeForm::onFieldEdited);
  connect(augment_check_, &QCheckBox::toggled, this, &RecipeForm::onFieldEdited);
  for (QComboBox* combo : {activation_combo_, optimizer_combo_, schedule_combo_})
    connect(combo, &QComboBox::currentIndexChanged, this, &RecipeForm::onFieldEdited);
  connect(hidden_edit_, &QLineEdit::textChanged, this, &RecipeForm::onFieldEdited);
}

TrainingRecipe RecipeForm::recipe() const {
  TrainingRecipe recipe;
  const LayerListValidator::Result layers = LayerListValidator::check(hidden_edit_->text());
  if (layers.problem) throw Error("layers: " + *layers.problem);
  recipe.architecture.layers = layers.layers;
  recipe.architecture.activation =
      parse_activation(activation_combo_->currentData().toString().toStdString()).value_or(Activation::Tanh);
  recipe.init_scale = static_cast<float>(init_scale_spin_->value());  // 0 = fan-in scaled
  recipe.init_seed = static_cast<std::uint64_t>(init_seed_spin_->value());

  TrainingSettings& training = recipe.training;
  training.optimizer.kind = parse_optimizer(optimizer_combo_->currentData().toString().toStdString())
                                .value_or(OptimizerKind::GradientDescent);
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

void RecipeForm::setRecipe(const TrainingRecipe& recipe, const QString& preset_name) {
  filling_fields_ = true;
  hidden_edit_->setText(QString::fromStdString(layer_list_text(recipe.architecture.layers)));
  selectByData(activation_combo_,
               QString::fromStdString(std::string(activation_name(recipe.architecture.activation))));
  init_scale_spin_->setValue(std::max(0.0f, recipe.init_scale));
  init_seed_spin_->setValue(clampToInt(recipe.init_seed));

  const TrainingSettings& training = recipe.training;
  selectByData(optimizer_combo_, QString::fromStdString(std::string(optimizer_name(training.optimizer.kind))));
  learning_rate_spin_->setValue(training.optimizer.learning_rate);
  selectByData(schedule_combo_, QString::fromStdString(std::string(schedule_name(training.schedule))));
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
  updateEnabledFields();
}

void RecipeForm::applyPreset(const QString& name) {
  if (const std::optional<Preset> preset = find_preset(name.toStdString())) setRecipe(preset->recipe, name);
}

QString RecipeForm::presetName() const { return preset_combo_->currentData().toString(); }

void RecipeForm::onPresetActivated(int index) {
  const QString name = preset_combo_->itemData(index).toString();
  if (name == QStringLiteral("custom")) {
    preset_description_->setVisible(false);
    return;  // keeps the fields as they are
  }
  applyPreset(name);
  emit presetChosen(preset_combo_->currentText());
  emit edited();
}

void RecipeForm::onFieldEdited() {
  if (!filling_fields_ && presetName() != QStringLiteral("custom")) {
    preset_combo_->setCurrentIndex(preset_combo_->count() - 1);
    preset_description_->setVisible(false);
  }
  updateEnabledFields();
  emit edited();
}

bool RecipeForm::layersValid() const { return !LayerListValidator::check(hidden_edit_->text()).problem; }

void RecipeForm::updateEnabledFields() {
  const LayerListValidator::Result layers = LayerListValidator::check(hidden_edit_->text());
  hidden_edit_->setStyleSheet(layers.problem ? QStringLiteral("QLineEdit { border: 1px solid #c0392b; }")
                                             : QString());
  layers_problem_->setText(layers.problem ? QString::fromStdString(*layers.problem) : QString());
  layers_problem_->setVisible(layers.problem.has_value());

  const OptimizerKind kind = parse_optimizer(optimizer_combo_->currentData().toString().toStdString())
                                 .value_or(OptimizerKind::GradientDescent);
  momentum_spin_->setEnabled(kind == OptimizerKind::Momentum);
  for (QWidget* adam_field :
       {static_cast<QWidget*>(beta1_spin_), static_cast<QWidget*>(beta2_spin_), static_cast<QWidget*>(epsilon_spin_)})
    adam_field->setEnabled(kind == OptimizerKind::Adam);
  iterations_spin_->setEnabled(epochs_spin_->value() == 0);
  for (QDoubleSpinBox* spin :
       {shift_spin_, rotation_spin_, scale_min_spin_, scale_max_spin_, shear_spin_, thickness_spin_})
    spin->setEnabled(augment_check_->isChecked());
}

}  // namespace digitpad
