// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/run_history.h"

#include "core/io/atomic_file.h"
#include "core/io/run_store.h"
#include "core/util/error.h"

#include <QDir>
#include <QFile>
#include <QFileSystemWatcher>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>

namespace digitpad {
namespace {

// Coalesces the watcher's bursts (a run's folder appearing is several
// changes) into one reading.
constexpr int kReloadDelayMs = 150;

}  // namespace

QString RunHistory::defaultFolder() {
  const QString overridden = qEnvironmentVariable(kFolderVariable);
  if (!overridden.isEmpty()) return overridden;
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");
}

RunHistory::RunHistory(QString folder, QObject* parent) : QObject(parent), folder_(std::move(folder)) {
  save_pool_ = new QThreadPool(this);
  save_pool_->setMaxThreadCount(1);
  watcher_ = new QFileSystemWatcher(this);
  reload_timer_ = new QTimer(this);
  reload_timer_->setSingleShot(true);
  reload_timer_->setInterval(kReloadDelayMs);
  connect(reload_timer_, &QTimer::timeout, this, &RunHistory::reload);
  connect(watcher_, &QFileSystemWatcher::directoryChanged, reload_timer_, qOverload<>(&QTimer::start));
  reload();
}

RunHistory::~RunHistory() { save_pool_->waitForDone(); }

void RunHistory::watch() {
  // The folder exists once a run was saved; until then there is nothing to
  // watch (and nothing is created just by looking).
  if (watcher_->directories().isEmpty() && QDir(folder_).exists()) watcher_->addPath(folder_);
}

void RunHistory::reload() {
  const LoadedRuns loaded = load_runs(folder_.toStdString());
  runs_ = loaded.runs;
  // Curves of runs that are gone are dropped; the others stay read.
  std::erase_if(points_, [this](const auto& entry) { return find(entry.first) == nullptr; });
  problems_.clear();
  QStringList fresh;
  for (const std::string& text : loaded.problems) {
    const QString problem = QString::fromStdString(text);
    problems_ << problem;
    if (reported_.insert(problem).second) fresh << problem;
  }
  watch();
  emit changed();
  if (!fresh.isEmpty())
    emit problem(tr("%n run(s) in the history could not be read and are left out (the others are listed): %1. "
                    "Delete the damaged folder, or restore it from a backup.",
                    nullptr, static_cast<int>(fresh.size()))
                     .arg(fresh.join(QStringLiteral("; "))));
}

const RunSummary* RunHistory::find(const QString& id) const {
  const std::string key = id.toStdString();
  const auto found = std::find_if(runs_.begin(), runs_.end(), [&](const RunSummary& run) { return run.id == key; });
  return found == runs_.end() ? nullptr : &*found;
}

const std::vector<RunPoint>& RunHistory::points(const QString& id) {
  const auto known = points_.find(id);
  if (known != points_.end()) return known->second;
  return points_[id] = load_run_points(folder_.toStdString(), id.toStdString());
}

QString RunHistory::modelPath(const QString& id) const {
  return QString::fromStdString(run_model_path(folder_.toStdString(), id.toStdString()));
}

void RunHistory::exportCsv(const QString& id, const QString& path) {
  write_file_atomically(path.toStdString(), run_points_csv(points(id)));
}

void RunHistory::remove(const QString& id) {
  const QString run_folder = QDir(folder_).filePath(id);
  if (!QDir(run_folder).exists()) throw Error(run_folder.toStdString() + ": no such run (already deleted?)");
  // To the trash rather than gone: a run deleted by mistake can be put back.
  if (!QFile::moveToTrash(run_folder))
    throw Error(run_folder.toStdString() +
                ": could not move the run to the trash; it is kept. Delete the folder by hand if you mean to.");
  reload();
}

void RunHistory::add(RunSummary run, std::vector<RunPoint> points, std::shared_ptr<const Model> model) {
  if (!model) return;
  if (run.id.empty()) run.id = new_run_id();
  ++saving_;
  save_pool_->start([this, run = std::move(run), points = std::move(points), model = std::move(model),
                     folder = folder_.toStdString()] {
    QString failure;
    try {
      save_run(folder, run, points, model->network, model->info);
    } catch (const Error& error) {
      failure = QString::fromStdString(error.what());
    } catch (const std::exception& error) {
      failure = QString::fromStdString(folder + ": " + error.what());
    }
    const QString id = QString::fromStdString(run.id);
    // Back on the GUI thread; the destructor joins the pool first, so `this` is alive.
    QMetaObject::invokeMethod(
        this,
        [this, id, failure] {
          --saving_;
          if (!failure.isEmpty()) {
            emit saveFailed(tr("The run was not added to the history: %1. The model is still in use; save it with "
                               "File ▸ Save As to keep it.")
                                .arg(failure));
            return;
          }
          reload();
          emit saved(id);
        },
        Qt::QueuedConnection);
  });
}

}  // namespace digitpad
