// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/data_source_list.h"

#include "ui/widgets/dialog_folder.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace digitpad {
namespace {

constexpr int kKindRole = Qt::UserRole;
constexpr int kPathsRole = Qt::UserRole + 1;

}  // namespace

DataSourceList::DataSourceList(QWidget* parent) : QWidget(parent) {
  setObjectName("dataSourceList");
  list_ = new QListWidget(this);
  list_->setObjectName("extraSourcesList");
  list_->setToolTip(
      tr("Further training data, combined with the source above into one training set. "
         "Unchecked rows are kept but not used."));
  list_->setMaximumHeight(66);  // three rows; it scrolls beyond
  connect(list_, &QListWidget::itemChanged, this, &DataSourceList::sourcesChanged);
  connect(list_, &QListWidget::itemSelectionChanged, this,
          [this] { remove_button_->setEnabled(!list_->selectedItems().isEmpty()); });

  const auto make_button = [this](const QString& text, const QString& name, const QString& tip) {
    auto* button = new QPushButton(text, this);
    button->setObjectName(name);
    button->setToolTip(tip);
    return button;
  };
  auto* add_folder = make_button(tr("Add folder…"), "addMnistFolderButton",
                                 tr("An MNIST-layout folder (train-*/t10k-* IDX files), e.g. your my-digits folder"));
  auto* add_idx = make_button(tr("Add IDX…"), "addIdxFilesButton", tr("An IDX images file and its labels file"));
  auto* add_images = make_button(tr("Add image folder…"), "addImageFolderButton",
                                 tr("A folder with subfolders 0/ .. 9/ of digit images (PNG, JPEG, ...)"));
  remove_button_ = make_button(tr("Remove"), "removeSourceButton", tr("Remove the selected sources from the list"));
  remove_button_->setEnabled(false);
  connect(add_folder, &QPushButton::clicked, this, &DataSourceList::browseMnistFolder);
  connect(add_idx, &QPushButton::clicked, this, &DataSourceList::browseIdxFiles);
  connect(add_images, &QPushButton::clicked, this, &DataSourceList::browseImageFolder);
  connect(remove_button_, &QPushButton::clicked, this, &DataSourceList::removeSelected);
  add_buttons_ = {add_folder, add_idx, add_images};

  auto* buttons = new QHBoxLayout;
  buttons->setContentsMargins(0, 0, 0, 0);
  for (QPushButton* button : add_buttons_) buttons->addWidget(button);
  buttons->addWidget(remove_button_);
  buttons->addStretch(1);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(list_);
  layout->addLayout(buttons);
  updateShown();
}

void DataSourceList::updateShown() {
  // An empty list is only a box taking three rows of a small screen's
  // settings: it and Remove appear with the first source added.
  const bool empty = list_->count() == 0;
  list_->setHidden(empty);
  remove_button_->setHidden(empty);
}

void DataSourceList::add(Kind kind, const QStringList& paths, const QString& text) {
  auto* item = new QListWidgetItem(text);
  item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
  item->setCheckState(Qt::Checked);
  item->setData(kKindRole, static_cast<int>(kind));
  item->setData(kPathsRole, paths);
  item->setToolTip(paths.join(QLatin1Char('\n')));
  {
    const QSignalBlocker blocker(list_);  // one sourcesChanged for the whole addition
    list_->addItem(item);
  }
  updateShown();
  emit sourcesChanged();
}

void DataSourceList::addMnistFolder(const QString& folder) {
  add(Kind::MnistFolder, {folder}, tr("MNIST folder: %1").arg(QDir::toNativeSeparators(folder)));
}

void DataSourceList::addIdxFiles(const QString& images, const QString& labels) {
  add(Kind::IdxFiles, {images, labels},
      tr("IDX: %1 + %2").arg(QFileInfo(images).fileName(), QFileInfo(labels).fileName()));
}

void DataSourceList::addImageFolder(const QString& folder) {
  add(Kind::ImageFolder, {folder}, tr("Images 0/..9/: %1").arg(QDir::toNativeSeparators(folder)));
}

void DataSourceList::removeSelected() {
  const QList<QListWidgetItem*> selected = list_->selectedItems();
  if (selected.isEmpty()) return;
  qDeleteAll(selected);
  updateShown();
  emit sourcesChanged();
}

int DataSourceList::count() const { return list_->count(); }

QList<QListWidgetItem*> DataSourceList::checkedItems() const {
  QList<QListWidgetItem*> checked;
  for (int row = 0; row < list_->count(); ++row)
    if (list_->item(row)->checkState() == Qt::Checked) checked << list_->item(row);
  return checked;
}

void DataSourceList::addTo(DataRequest& request) const {
  for (const QListWidgetItem* item : checkedItems()) {
    const QStringList paths = item->data(kPathsRole).toStringList();
    switch (static_cast<Kind>(item->data(kKindRole).toInt())) {
      case Kind::MnistFolder: request.extra_folders.push_back(paths.value(0).toStdString()); break;
      case Kind::IdxFiles:
        request.extra_pairs.emplace_back(paths.value(0).toStdString(), paths.value(1).toStdString());
        break;
      case Kind::ImageFolder: break;  // decoded by the worker: see checkedImageFolders()
    }
  }
}

QStringList DataSourceList::checkedImageFolders() const {
  QStringList folders;
  for (const QListWidgetItem* item : checkedItems())
    if (static_cast<Kind>(item->data(kKindRole).toInt()) == Kind::ImageFolder)
      folders << item->data(kPathsRole).toStringList().value(0);
  return folders;
}

QStringList DataSourceList::checkedDescriptions() const {
  QStringList descriptions;
  for (const QListWidgetItem* item : checkedItems()) descriptions << item->data(kPathsRole).toStringList().value(0);
  return descriptions;
}

void DataSourceList::browseMnistFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Add an MNIST folder"), dialogFolder());
  rememberDialogChoice(folder);
  if (!folder.isEmpty()) addMnistFolder(folder);
}

void DataSourceList::browseIdxFiles() {
  const QStringList files =
      QFileDialog::getOpenFileNames(this, tr("Add IDX images and labels"), dialogFolder(),
                                    tr("IDX files (*-ubyte *-ubyte.gz *.idx *.idx.gz *idx1* *idx3*);;All files (*)"));
  if (!files.isEmpty()) rememberDialogChoice(files.front());
  QString images, labels;
  for (const QString& path : files) {
    const QString name = QFileInfo(path).fileName().toLower();
    const bool is_labels = name.contains(QStringLiteral("label")) || name.contains(QStringLiteral("idx1"));
    (is_labels ? labels : images) = path;
  }
  if (files.size() == 2 && !images.isEmpty() && !labels.isEmpty()) addIdxFiles(images, labels);
}

void DataSourceList::browseImageFolder() {
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("Add a folder of images in 0/ .. 9/"), dialogFolder());
  rememberDialogChoice(folder);
  if (!folder.isEmpty()) addImageFolder(folder);
}

}  // namespace digitpad
