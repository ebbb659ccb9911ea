// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/store/folder_watch.h"

#include <QDir>
#include <QFileInfo>

#include <utility>

namespace digitpad {
namespace {

// The folder when it exists, else its nearest existing parent.
QString existing_self_or_parent(const QString& folder) {
  QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
  while (!QFileInfo(path).isDir()) {
    const QString parent = QFileInfo(path).path();
    if (parent == path) return {};
    path = parent;
  }
  return path;
}

}  // namespace

FolderWatch::FolderWatch(QString folder, QObject* parent) : QObject(parent), folder_(std::move(folder)) {
  settle_.setSingleShot(true);
  settle_.setInterval(kSettleMs);
  // Not restarted by later events: under a stream of changes (another
  // process adding hundreds of digits) the window still updates every kSettleMs.
  connect(&settle_, &QTimer::timeout, this, [this] {
    rewatch();
    emit changed();
  });
  poll_.setInterval(kPollMs);
  connect(&poll_, &QTimer::timeout, this, [this] {
    rewatch();
    emit changed();
  });
  connect(&watcher_, &QFileSystemWatcher::directoryChanged, this, &FolderWatch::noteEvent);
  rewatch();
}

void FolderWatch::noteEvent() {
  if (!settle_.isActive()) settle_.start();
}

// The watched path follows the folder: its parent until it is created, itself
// after, and again when it is removed and made anew (the watcher drops a
// removed path by itself).
void FolderWatch::rewatch() {
  const QString target = existing_self_or_parent(folder_);
  const QStringList watched = watcher_.directories();
  if (watched.size() == 1 && watched.front() == target) return;
  if (!watched.isEmpty()) watcher_.removePaths(watched);
  if (!target.isEmpty() && watcher_.addPath(target)) {
    poll_.stop();
  } else if (!poll_.isActive()) {
    poll_.start();
  }
}

}  // namespace digitpad
