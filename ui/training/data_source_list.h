// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/training_data.h"

#include <QStringList>
#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace digitpad {

// More training sources next to the panel's main one: MNIST folders, IDX
// image/label pairs and image folders sorted into 0/ .. 9/, each a checkable
// row (unchecked rows stay listed but are not used). All checked sources join
// the main one in a single training set (see DataRequest); the split applies
// to the combined set.
class DataSourceList : public QWidget {
  Q_OBJECT

 public:
  enum class Kind { MnistFolder, IdxFiles, ImageFolder };

  explicit DataSourceList(QWidget* parent = nullptr);

  // The Add buttons end here after their dialogs; tests call them directly.
  void addMnistFolder(const QString& folder);
  void addIdxFiles(const QString& images, const QString& labels);
  void addImageFolder(const QString& folder);
  void removeSelected();

  int count() const;
  QListWidget* list() const { return list_; }

  // The checked MNIST folders and IDX pairs, added to `request`'s extras.
  void addTo(DataRequest& request) const;
  // The checked image folders (decoded later, off the GUI thread).
  QStringList checkedImageFolders() const;
  // The checked sources' paths, for the model's record of its data.
  QStringList checkedDescriptions() const;

 signals:
  void sourcesChanged();

 private:
  // The list and Remove show only while there are sources.
  void updateShown();
  void add(Kind kind, const QStringList& paths, const QString& text);
  void browseMnistFolder();
  void browseIdxFiles();
  void browseImageFolder();
  QList<QListWidgetItem*> checkedItems() const;

  QListWidget* list_ = nullptr;
  QPushButton* remove_button_ = nullptr;
  QList<QPushButton*> add_buttons_;
};

}  // namespace digitpad
