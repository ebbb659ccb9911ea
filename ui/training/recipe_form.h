// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/presets.h"
#include "core/nn/trainer.h"

#include <QObject>
#include <QString>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace digitpad {

// The fields that describe a training recipe (nn/trainer.h), bound both ways:
// recipe() reads them, setRecipe() and applyPreset() fill them. Three group
// boxes (Network, Training, Augmentation) that the panel lays out as space
// allows. Any edit by the user turns the preset combo to "Custom".
class RecipeForm : public QObject {
  Q_OBJECT

 public:
  explicit RecipeForm(QObject* parent);

  // The groups, to be placed in a layout (which takes ownership).
  QWidget* networkGroup() const { return network_group_; }
  QWidget* trainingGroup() const { return training_group_; }
  QWidget* augmentationGroup() const { return augmentation_group_; }

  // Throws Error when the layer list is not valid.
  TrainingRecipe recipe() const;
  // Fills every field; the preset combo shows "Custom" unless `preset_name`
  // names the preset this recipe came from.
  void setRecipe(const TrainingRecipe& recipe, const QString& preset_name = {});
  void applyPreset(const QString& name);
  QString presetName() const;  // "custom" after any edit
  // Whether the layer list is valid (its problem, in words, shows under it).
  bool layersValid() const;
  // While a run goes on the recipe of the next run may still be edited; only
  // the fields that do not apply to the chosen optimizer etc. are disabled.
  void updateEnabledFields();

 signals:
  // The user edited a field or chose a preset.
  void edited();
  void presetChosen(const QString& shown_name);

 private:
  QWidget* buildNetworkGroup();
  QWidget* buildTrainingGroup();
  QWidget* buildAugmentationGroup();
  void connectFieldEdits();
  void onPresetActivated(int index);
  void onFieldEdited();

  QWidget* network_group_ = nullptr;
  QWidget* training_group_ = nullptr;
  QWidget* augmentation_group_ = nullptr;

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
  QCheckBox* augment_check_ = nullptr;
  QDoubleSpinBox* shift_spin_ = nullptr;
  QDoubleSpinBox* rotation_spin_ = nullptr;
  QDoubleSpinBox* scale_min_spin_ = nullptr;
  QDoubleSpinBox* scale_max_spin_ = nullptr;
  QDoubleSpinBox* shear_spin_ = nullptr;
  QDoubleSpinBox* thickness_spin_ = nullptr;
  bool filling_fields_ = false;  // set while a preset fills the fields
};

}  // namespace digitpad
