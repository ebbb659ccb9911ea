// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/dialog_folder.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace digitpad {
namespace {

constexpr const char* kKey = "dialogs/lastFolder";

}  // namespace

QString dialogFolder() {
  const QString last = QSettings().value(kKey).toString();
  if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
  const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  return documents.isEmpty() ? QDir::homePath() : documents;
}

QString dialogPath(const QString& name) { return QDir(dialogFolder()).filePath(name); }

void rememberDialogChoice(const QString& chosen) {
  if (chosen.isEmpty()) return;
  const QFileInfo info(chosen);
  QSettings().setValue(kKey, info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

}  // namespace digitpad
