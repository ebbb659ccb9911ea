// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/training_data.h"

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
class MnistDownloadRow;

// The "Data" group of the training panel: where the digits come from (the
// digits set-up made, an MNIST folder, loose IDX files, or MNIST itself,
// downloaded here on request), what else to train on, how many digits to
// train and test on, and the split's seed.
class DataSourcePicker : public QGroupBox {
  Q_OBJECT

 public:
  // In the combo's order. SetUpMnist is MNIST's training set as set-up left
  // it (54,000 to train on, 6,000 held out to test on). DownloadedMnist reads
  // "MNIST (download, 11.6 MB)" until the files are in
  // MnistDownload::cachedFolder(), then "MNIST (60,000 / 10,000)".
  enum class Source { DefaultDigits, SetUpMnist, MnistFolder, IdxFiles, DownloadedMnist };

  explicit DataSourcePicker(QWidget* parent = nullptr);

  // The Browse buttons end up here; tests call them directly.
  void useDefaultDigits();
  void useSetUpMnist();
  void setMnistFolder(const QString& folder);
  void setIdxFiles(const QString& train_images, const QString& train_labels, const QString& test_images = {},
                   const QString& test_labels = {});
  // The Download button: fetches MNIST into the cache folder, then trains on it.
  void downloadMnist();
  MnistDownloadRow* mnistDownload() const { return download_row_; }

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
  void updateButtons();
  void updateMnistItem();
  void onMnistDownloaded();
  void browse();
  // Shows a set-up folder in the path field; whether it holds digits.
  bool showSetUpFolder(const std::string& folder);

  QComboBox* source_combo_ = nullptr;
  QLineEdit* data_path_edit_ = nullptr;
  QPushButton* browse_button_ = nullptr;
  QPushButton* download_button_ = nullptr;  // in Browse's place for DownloadedMnist
  MnistDownloadRow* download_row_ = nullptr;
  QLabel* data_hint_label_ = nullptr;
  QSpinBox* train_count_spin_ = nullptr;
  QSpinBox* test_count_spin_ = nullptr;
  QSpinBox* split_seed_spin_ = nullptr;
  DataSourceList* sources_list_ = nullptr;
  QString mnist_folder_;
  QStringList idx_files_;  // train images, train labels, [test images, test labels]
  bool set_up_mnist_present_ = false;
  bool default_digits_present_ = false;
  bool mnist_fetched_ = false;  // as last checked: on choosing it, after a download
  bool running_ = false;
};

}  // namespace digitpad
