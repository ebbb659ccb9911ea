// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/data_source_picker.h"

#include "ui/widgets/dialog_folder.h"

#include "core/data/idx_file_roles.h"
#include "core/data/mnist_folder.h"
#include "ui/training/data_source_list.h"
#include "ui/training/mnist_download_row.h"
#include "core/util/error.h"
#include "ui/widgets/settings_fields.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace digitpad {

DataSourcePicker::DataSourcePicker(QWidget* parent) : QGroupBox(tr("Data"), parent) {
  source_combo_ = new QComboBox;
  source_combo_->setObjectName("dataSourceCombo");
  source_combo_->addItem(tr("Default digits (set-up)"));
  source_combo_->addItem(tr("MNIST training digits (set-up)"));
  source_combo_->addItem(tr("MNIST folder"));
  source_combo_->addItem(tr("IDX files"));
  source_combo_->addItem(QString());  // MNIST, named by updateMnistItem()
  source_combo_->setToolTip(
      tr("Where the training digits come from: the digits set-up prepared (OpenCV's "
         "5,000, or MNIST's 60,000 training digits), a folder with MNIST's file names, "
         "IDX image/label files, or MNIST downloaded here"));
  connect(source_combo_, &QComboBox::currentIndexChanged, this, &DataSourcePicker::onSourceChanged);

  data_path_edit_ = new QLineEdit;
  data_path_edit_->setObjectName("dataPathEdit");
  data_path_edit_->setReadOnly(true);
  data_path_edit_->setPlaceholderText(tr("Choose with Browse…"));
  browse_button_ = new QPushButton(tr("Browse…"));
  browse_button_->setObjectName("browseDataButton");
  browse_button_->setToolTip(tr("Choose an MNIST folder, or IDX files (images and labels, optionally a test pair)"));
  connect(browse_button_, &QPushButton::clicked, this, &DataSourcePicker::browse);
  download_button_ = new QPushButton(tr("Download"));
  download_button_->setObjectName("downloadMnistButton");
  download_button_->setToolTip(tr("Download MNIST's 60,000 training and 10,000 test digits into %1 (once: they "
                                  "are kept for next time; an interrupted download continues)")
                                   .arg(QDir::toNativeSeparators(MnistDownloadRow::folder())));
  connect(download_button_, &QPushButton::clicked, this, &DataSourcePicker::downloadMnist);
  download_row_ = new MnistDownloadRow;
  connect(download_row_, &MnistDownloadRow::downloadingChanged, this, &DataSourcePicker::onSourceChanged);
  connect(download_row_, &MnistDownloadRow::succeeded, this, &DataSourcePicker::onMnistDownloaded);
  connect(download_row_, &MnistDownloadRow::message, this, &DataSourcePicker::message);
  auto* path_row = new QHBoxLayout;
  path_row->addWidget(data_path_edit_, 1);
  path_row->addWidget(browse_button_);
  path_row->addWidget(download_button_);
  // The progress bar under the path, shown only while a download runs.
  auto* files_cell = new QVBoxLayout;
  files_cell->setSpacing(4);
  files_cell->addLayout(path_row);
  files_cell->addWidget(download_row_);

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
  split_seed_spin_ = makeSpin(0, kSeedFieldMax, tr("Seed of the random choice of training and test digits"));
  split_seed_spin_->setObjectName("splitSeedSpin");

  sources_list_ = new DataSourceList;
  connect(sources_list_, &DataSourceList::sourcesChanged, this, &DataSourcePicker::changed);

  auto* form = makeWrappingForm();
  form->addRow(tr("Source:"), source_combo_);
  form->addRow(tr("Files:"), files_cell);
  form->addRow(tr("Also train on:"), sources_list_);
  form->addRow(tr("Train digits:"), train_count_spin_);
  form->addRow(tr("Test digits:"), test_count_spin_);
  form->addRow(tr("Split seed:"), split_seed_spin_);
  // Under the form rather than in it: a wrapped label gets its full height here.
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(data_hint_label_);
  layout->addStretch();

  mnist_fetched_ = MnistDownloadRow::isFetched();
  updateMnistItem();
  useDefaultDigits();
}

void DataSourcePicker::useDefaultDigits() {
  source_combo_->setCurrentIndex(static_cast<int>(Source::DefaultDigits));
  onSourceChanged();
}

void DataSourcePicker::useSetUpMnist() {
  source_combo_->setCurrentIndex(static_cast<int>(Source::SetUpMnist));
  onSourceChanged();
}

void DataSourcePicker::setMnistFolder(const QString& folder) {
  mnist_folder_ = folder;
  {
    const QSignalBlocker blocker(source_combo_);
    source_combo_->setCurrentIndex(static_cast<int>(Source::MnistFolder));
  }
  onSourceChanged();
  try {
    const MnistFolder found = find_mnist_files(folder.toStdString());
    emit message(found.has_train() && found.has_test()
                     ? tr("Found MNIST training and test files in %1.").arg(folder)
                     : tr("Found one MNIST set in %1: it will be split into training and test digits.").arg(folder),
                 false);
  } catch (const Error& error) {
    emit message(QString::fromStdString(error.what()), true);
  }
}

void DataSourcePicker::setIdxFiles(const QString& train_images, const QString& train_labels,
                                   const QString& test_images, const QString& test_labels) {
  idx_files_ = {train_images, train_labels};
  if (!test_images.isEmpty() || !test_labels.isEmpty()) idx_files_ << test_images << test_labels;
  {
    const QSignalBlocker blocker(source_combo_);
    source_combo_->setCurrentIndex(static_cast<int>(Source::IdxFiles));
  }
  onSourceChanged();
}

void DataSourcePicker::downloadMnist() {
  if (download_row_->isDownloading()) return;
  {
    const QSignalBlocker blocker(source_combo_);
    source_combo_->setCurrentIndex(static_cast<int>(Source::DownloadedMnist));
  }
  download_row_->start();  // its downloadingChanged() updates the group
  emit message(tr("Downloading MNIST into %1…").arg(QDir::toNativeSeparators(MnistDownloadRow::folder())), false);
}

void DataSourcePicker::onMnistDownloaded() {
  mnist_fetched_ = MnistDownloadRow::isFetched();
  updateMnistItem();
  const QString folder = QDir::toNativeSeparators(MnistDownloadRow::folder());
  if (running_) {  // a run reads the source chosen now: not changed under it
    emit message(tr("MNIST downloaded into %1: choose it as the source once this run ends.").arg(folder), false);
    return;
  }
  {
    const QSignalBlocker blocker(source_combo_);
    source_combo_->setCurrentIndex(static_cast<int>(Source::DownloadedMnist));
  }
  onSourceChanged();
  emit message(tr("MNIST downloaded and checked into %1: ready to train on.").arg(folder), false);
}

void DataSourcePicker::updateMnistItem() {
  const int index = static_cast<int>(Source::DownloadedMnist);
  source_combo_->setItemText(index, MnistDownloadRow::sourceName(mnist_fetched_));
  source_combo_->setItemData(index, MnistDownloadRow::sourceToolTip(mnist_fetched_), Qt::ToolTipRole);
}

DataSourcePicker::Source DataSourcePicker::source() const {
  return static_cast<Source>(source_combo_->currentIndex());
}

bool DataSourcePicker::ready() const {
  switch (source()) {
    case Source::DefaultDigits: return default_digits_present_;
    case Source::SetUpMnist: return set_up_mnist_present_;
    case Source::MnistFolder: return !mnist_folder_.isEmpty();
    case Source::IdxFiles: return idx_files_.size() >= 2;
    case Source::DownloadedMnist: return mnist_fetched_;
  }
  return false;
}

DataRequest DataSourcePicker::request() const {
  DataRequest request;
  switch (source()) {
    case Source::DefaultDigits: request.folder = default_digits_folder(); break;
    case Source::SetUpMnist: request.folder = mnist_train_folder(); break;
    case Source::MnistFolder: request.folder = mnist_folder_.toStdString(); break;
    case Source::DownloadedMnist: request.folder = MnistDownloadRow::folder().toStdString(); break;
    case Source::IdxFiles:
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

QString DataSourcePicker::mainLabel() const {
  // The same names the CLI records, so models from both read alike.
  switch (source()) {
    case Source::DefaultDigits: return QString::fromLatin1(kDefaultDigitsLabel);
    case Source::SetUpMnist: return QString::fromLatin1(kMnistTrainLabel);
    case Source::MnistFolder: return mnist_folder_;
    case Source::IdxFiles:
      return idx_files_.size() >= 4 ? idx_files_[0] + QStringLiteral(", ") + idx_files_[2] : idx_files_.value(0);
    case Source::DownloadedMnist:  // its name in the cache, as `train --data` on that folder records it
      return QString::fromStdString(data_folder_label(MnistDownloadRow::folder().toStdString()));
  }
  return {};
}

QString DataSourcePicker::label() const {
  QStringList parts{mainLabel()};
  parts << sources_list_->checkedDescriptions();
  return parts.join(QStringLiteral(" + "));
}

void DataSourcePicker::setRunning(bool running) {
  running_ = running;
  source_combo_->setEnabled(!running);
  sources_list_->setEnabled(!running);
  updateButtons();
}

void DataSourcePicker::updateButtons() {
  const Source chosen = source();
  browse_button_->setVisible(chosen != Source::DownloadedMnist);
  browse_button_->setEnabled(!running_ && chosen != Source::DefaultDigits && chosen != Source::SetUpMnist);
  download_button_->setVisible(chosen == Source::DownloadedMnist && !mnist_fetched_);
  download_button_->setEnabled(!download_row_->isDownloading());
}

void DataSourcePicker::onSourceChanged() {
  const Source chosen = source();
  data_hint_label_->setVisible(false);
  data_path_edit_->setPlaceholderText(tr("Choose with Browse…"));
  switch (chosen) {
    case Source::DefaultDigits: default_digits_present_ = showSetUpFolder(default_digits_folder()); break;
    case Source::SetUpMnist: set_up_mnist_present_ = showSetUpFolder(mnist_train_folder()); break;
    case Source::MnistFolder:
      data_path_edit_->setText(mnist_folder_);
      data_path_edit_->setToolTip(mnist_folder_);
      break;
    case Source::IdxFiles: {
      QStringList names;
      for (const QString& path : idx_files_) names << QFileInfo(path).fileName();
      data_path_edit_->setText(names.join(QStringLiteral(", ")));
      data_path_edit_->setToolTip(idx_files_.join(QLatin1Char('\n')));
      break;
    }
    case Source::DownloadedMnist: {
      // Checked again on each choice: `digitpad-cli fetch mnist` may have filled it meanwhile.
      mnist_fetched_ = MnistDownloadRow::isFetched();
      updateMnistItem();
      const QString folder = QDir::toNativeSeparators(MnistDownloadRow::folder());
      data_path_edit_->setText(mnist_fetched_ ? folder : QString());
      data_path_edit_->setToolTip(folder);
      data_path_edit_->setPlaceholderText(download_row_->isDownloading() ? tr("Downloading…")
                                                                         : tr("Not downloaded yet"));
      if (!mnist_fetched_ && !download_row_->isDownloading()) {
        data_hint_label_->setText(tr("Download fetches MNIST into %1 and checks every file; it is kept for next "
                                     "time.")
                                      .arg(folder));
        data_hint_label_->setVisible(true);
      }
      break;
    }
  }
  updateButtons();
  emit changed();
}

bool DataSourcePicker::showSetUpFolder(const std::string& folder) {
  const QString path = QString::fromStdString(folder);
  data_path_edit_->setText(path);
  data_path_edit_->setToolTip(path);
  bool present = false;
  try {
    // One pair is enough: it gets split into training and test digits.
    const MnistFolder found = find_mnist_files(folder);
    present = found.has_train() || found.has_test();
  } catch (const Error&) {
    present = false;
  }
  if (!present) {
    data_hint_label_->setText(tr("Not set up yet: %1. Or pick an MNIST folder or IDX files.")
                                  .arg(QString::fromStdString(default_digits_hint())));
    data_hint_label_->setVisible(true);
  }
  return present;
}

void DataSourcePicker::browse() {
  if (source() == Source::MnistFolder) {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose an MNIST folder"), mnist_folder_.isEmpty() ? dialogFolder() : mnist_folder_);
    rememberDialogChoice(folder);
    if (!folder.isEmpty()) setMnistFolder(folder);
    return;
  }
  const QStringList files =
      QFileDialog::getOpenFileNames(this, tr("Choose IDX images and labels (and optionally a test pair)"),
                                    idx_files_.isEmpty() ? dialogFolder() : QFileInfo(idx_files_.value(0)).path(),
                                    tr("IDX files (*-ubyte *-ubyte.gz *.idx *.idx.gz *idx1* *idx3*);;All files (*)"));
  if (files.isEmpty()) return;
  rememberDialogChoice(files.front());
  std::vector<std::string> paths;
  for (const QString& path : files) paths.push_back(path.toStdString());
  try {
    const IdxFileRoles roles = idx_file_roles(paths);
    setIdxFiles(QString::fromStdString(roles.train_images), QString::fromStdString(roles.train_labels),
                QString::fromStdString(roles.test_images), QString::fromStdString(roles.test_labels));
    emit message(tr("Training on %1.").arg(mainLabel()), false);
  } catch (const Error& error) {
    QString text = QString::fromStdString(error.what());
    if (!text.isEmpty()) text[0] = text[0].toUpper();
    emit message(text + QLatin1Char('.'), true);
  }
}

}  // namespace digitpad
