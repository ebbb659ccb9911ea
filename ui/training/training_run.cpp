// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/training_run.h"

#include "ui/training/training_worker.h"

#include <QThread>

namespace digitpad {

TrainingRun::TrainingRun(QObject* parent) : QObject(parent) {
  thread_ = new QThread(this);
  thread_->setObjectName("trainingThread");
  worker_ = new TrainingWorker;
  worker_->moveToThread(thread_);
  connect(worker_, &TrainingWorker::loadingData, this, &TrainingRun::loadingData);
  connect(worker_, &TrainingWorker::dataLoaded, this, &TrainingRun::dataLoaded);
  connect(worker_, &TrainingWorker::progress, this, &TrainingRun::progress);
  connect(worker_, &TrainingWorker::compared, this,
          [this](const std::vector<AccuracyChange>& changes) { record_.comparisons = changes; });
  connect(worker_, &TrainingWorker::finished, this,
          [this](std::shared_ptr<const Model> model, const TrainingResult& result) {
            end();
            emit finished(std::move(model), result);
          });
  connect(worker_, &TrainingWorker::failed, this, [this](const QString& message) {
    end();
    emit failed(message);
  });
}

TrainingRun::~TrainingRun() {
  cancelAndWait();
  delete worker_;  // its thread has stopped, so deleting it from here is safe
}

void TrainingRun::start(TrainingJob job, RunRecord record) {
  if (running_) return;
  record.comparisons.clear();
  record.data = job.data;
  record.image_folders = job.image_folders;
  record_ = std::move(record);
  job.control = std::make_shared<TrainingControl>();
  control_ = job.control;
  running_ = true;
  stopping_ = false;
  if (!thread_->isRunning()) thread_->start();
  // Runs in the worker's thread: the functor is queued to the worker's event loop.
  QMetaObject::invokeMethod(
      worker_, [worker = worker_, job] { worker->run(job); }, Qt::QueuedConnection);
}

bool TrainingRun::isPaused() const { return control_ && control_->paused(); }

bool TrainingRun::isHeld() const { return control_ && control_->holding(); }

void TrainingRun::pause() {
  if (running_ && control_ && !stopping_) control_->pause();
}

void TrainingRun::resume() {
  if (running_ && control_ && !stopping_) control_->resume();
}

void TrainingRun::stop() {
  if (!running_ || !control_) return;
  stopping_ = true;
  control_->cancel();  // also wakes a paused run
}

void TrainingRun::cancelAndWait() {
  if (control_) control_->cancel();
  thread_->quit();  // leaves the event loop once the current job returns
  thread_->wait();
}

void TrainingRun::end() {
  running_ = false;
  stopping_ = false;
  control_.reset();
}

}  // namespace digitpad
