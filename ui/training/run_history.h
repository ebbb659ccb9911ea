// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/io/model_file.h"
#include "core/io/run_log.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <set>
#include <vector>

class QFileSystemWatcher;
class QThreadPool;
class QTimer;

namespace digitpad {

// The runs the training panel has made, kept in a folder of the user's data
// (io/run_store.h: one folder a run, written whole and renamed into place).
// Lists them, reads a run's curves when asked, adds a finished run off the
// GUI thread, and moves runs to the trash. The folder is watched, so a
// second DigitPad window's runs appear here too; a damaged run is skipped and
// named in problem(), the others stay.
class RunHistory : public QObject {
  Q_OBJECT

 public:
  // DIGITPAD_RUN_HISTORY when set (tests, a portable set-up), else
  // QStandardPaths::AppDataLocation + "/runs", next to the user's digits.
  static constexpr const char* kFolderVariable = "DIGITPAD_RUN_HISTORY";
  static QString defaultFolder();

  explicit RunHistory(QString folder, QObject* parent = nullptr);
  ~RunHistory() override;  // waits for a save under way

  QString folder() const { return folder_; }
  // Oldest first.
  const std::vector<RunSummary>& runs() const { return runs_; }
  const RunSummary* find(const QString& id) const;
  // The problems of the last reading ("<path>: <problem>"), one a skipped run.
  QStringList problems() const { return problems_; }

  // A run's curves, read on first use and kept; throws Error for a damaged file.
  const std::vector<RunPoint>& points(const QString& id);
  QString modelPath(const QString& id) const;
  // The curves as CSV at `path` (atomically); throws Error.
  void exportCsv(const QString& id, const QString& path);
  // Moves the run's folder to the trash (nothing is lost for good); throws
  // Error when it cannot.
  void remove(const QString& id);

  // Saves a finished run in a worker thread; saved() or saveFailed() follow.
  // `run.id` is filled in when empty. The model is immutable and shared, so
  // the panel may go on at once.
  void add(RunSummary run, std::vector<RunPoint> points, std::shared_ptr<const Model> model);
  bool isSaving() const { return saving_ > 0; }

 public slots:
  // Reads the folder again: new runs appear, removed ones go.
  void reload();

 signals:
  void changed();
  void saved(const QString& id);
  void saveFailed(const QString& message);
  // Runs were skipped as damaged (the message names each file).
  void problem(const QString& message);

 private:
  void watch();

  QString folder_;
  std::vector<RunSummary> runs_;
  std::map<QString, std::vector<RunPoint>> points_;
  QStringList problems_;
  QFileSystemWatcher* watcher_ = nullptr;
  QTimer* reload_timer_ = nullptr;
  QThreadPool* save_pool_ = nullptr;  // one save at a time, joined on destruction
  int saving_ = 0;
  std::set<QString> reported_;  // problems already told, not repeated on every reload
};

}  // namespace digitpad
