// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

namespace digitpad {

// Tells a window that a folder another process may change has changed, so it
// reads it again and shows what the other window (or a script) did. Reusable
// for any folder-backed store (the user's digits; the run history).
//
// Watches the folder's entries (QFileSystemWatcher, inotify on Linux): every
// atomic save ends in a rename inside the folder, which is such a change. The
// folder need not exist yet: until it does, its nearest existing parent is
// watched, so the first digit taught in another window is still seen. Where
// the system cannot watch (inotify limits reached), it polls instead.
//
// changed() comes at most once per kSettleMs for a burst of events (one save
// is several renames, plus the lock file coming and going), and then the
// reader decides by a cheap stamp whether there is anything new to read. It
// may come for changes this process made itself.
class FolderWatch : public QObject {
  Q_OBJECT

 public:
  static constexpr int kSettleMs = 50;
  static constexpr int kPollMs = 500;

  explicit FolderWatch(QString folder, QObject* parent = nullptr);

  QString folder() const { return folder_; }
  // Whether changes are watched (false: polled every kPollMs).
  bool watching() const { return !poll_.isActive(); }

 signals:
  void changed();

 private:
  void rewatch();
  void noteEvent();

  QString folder_;
  QFileSystemWatcher watcher_;
  QTimer settle_;
  QTimer poll_;
};

}  // namespace digitpad
