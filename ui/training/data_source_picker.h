#pragma once

#include "data/training_data.h"

#include <QGroupBox>
#include <QString>
#include <QStringList>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace digitpad {

class DataSourceList;

// The "Data" group of the training panel: where the digits come from (the
// digits set-up made, an MNIST folder, or loose IDX files), what else to
// train on, how many digits to train and test on, and the split's seed.
class DataSourcePicker : public QGroupBox {
  Q_OBJECT

 public:
  enum class Source { DefaultDigits, MnistFolder, IdxFiles };

  explicit DataSourcePicker(QWidget* parent = nullptr);

  // The Browse buttons end up here; tests call them directly.
  void useDefaultDigits();
  void setMnistFolder(const QString& folder);
  void setIdxFiles(const QString& train_images, const QString& train_labels, const QString& test_images = {},
                   const QString& test_labels = {});

  Source source() const;
  // Whether the chosen source can be trained on (the default digits exist, a
  // folder or files were chosen).
  bool ready() const;
  // The request the fields describe (counts, split seed, files, and the
  // checked extra sources except image folders, which the worker decodes).
  DataRequest request() const;
  // "Also train on": more sources combined with the main one.
  DataSourceList* extraSources() const { return sources_list_; }
  // The main source's name as the CLI records it, then the checked extra sources.
  QString label() const;
  // No change of source while a run reads it.
  void setRunning(bool running);

 signals:
  void changed();
  // What a choice found, or what is wrong with it, for the panel's message line.
  void message(const QString& text, bool is_problem);

 private:
  QString mainLabel() const;
  void onSourceChanged();
  void browse();

  QComboBox* source_combo_ = nullptr;
  QLineEdit* data_path_edit_ = nullptr;
  QPushButton* browse_button_ = nullptr;
  QLabel* data_hint_label_ = nullptr;
  QSpinBox* train_count_spin_ = nullptr;
  QSpinBox* test_count_spin_ = nullptr;
  QSpinBox* split_seed_spin_ = nullptr;
  DataSourceList* sources_list_ = nullptr;
  QString mnist_folder_;
  QStringList idx_files_;  // train images, train labels, [test images, test labels]
  bool default_digits_present_ = false;
  bool running_ = false;
};

}  // namespace digitpad
