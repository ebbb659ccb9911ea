// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/run_controls.h"

#include <QFontMetrics>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

constexpr int kDisplayIntervalMs = 33;  // live numbers at ~30 Hz, however fast the run reports

QString formatDuration(double seconds) {
  const long long total = std::llround(std::max(seconds, 0.0));
  if (total < 60) return QObject::tr("%1 s").arg(total);
  if (total < 3600) return QObject::tr("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QChar('0'));
  return QObject::tr("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QChar('0'));
}

QString percent(float fraction) { return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 1); }

// Each new measurement of the time per iteration moves the estimate this far.
constexpr double kRateSmoothing = 0.05;

// A time left, rounded as a person would say it: to 5 s under a minute, to 10 s
// under ten minutes, to the minute beyond; "about" because it is an estimate.
QString aboutTimeLeft(double seconds) {
  const double step = seconds < 60 ? 5.0 : seconds < 600 ? 10.0 : 60.0;
  const double rounded = std::max(step, std::round(seconds / step) * step);
  if (rounded >= 600 && rounded < 3600) return QObject::tr("about %1 min left").arg(std::lround(rounded / 60));
  return QObject::tr("about %1 left").arg(formatDuration(rounded));
}

// A caption over a large value, for the live numbers.
QLabel* addStat(QGridLayout* grid, int column, const QString& caption, const QString& object_name,
                const QString& tooltip) {
  auto* caption_label = new QLabel(caption);
  caption_label->setStyleSheet(QStringLiteral("color: #5f6368;"));
  auto* value = new QLabel(QStringLiteral("–"));
  value->setObjectName(object_name);
  value->setToolTip(tooltip);
  caption_label->setToolTip(tooltip);
  QFont font = value->font();
  font.setPointSizeF(font.pointSizeF() * 1.25);
  font.setBold(true);
  value->setFont(font);
  value->setTextInteractionFlags(Qt::TextSelectableByMouse);
  grid->addWidget(caption_label, 0, column);
  grid->addWidget(value, 1, column);
  return value;
}

}  // namespace

RunControls::RunControls(QWidget* parent) : QWidget(parent) {
  train_button_ = new QPushButton(tr("Train"));
  train_button_->setObjectName("trainButton");
  train_button_->setToolTip(tr("Train a new network with these settings (Ctrl+T)"));
  train_button_->setDefault(true);
  pause_button_ = new QPushButton(tr("Pause"));
  pause_button_->setObjectName("pauseButton");
  pause_button_->setToolTip(tr("Pause or resume the run"));
  stop_button_ = new QPushButton(tr("Stop"));
  stop_button_->setObjectName("stopButton");
  stop_button_->setToolTip(tr("Stop the run and keep the network trained so far"));
  mistakes_button_ = new QPushButton(tr("Mistakes…"));
  mistakes_button_->setObjectName("mistakesButton");
  mistakes_button_->setToolTip(tr("The last run's confusion matrix and misread test digits (Ctrl+M)"));
  for (QPushButton* button : {train_button_, pause_button_, stop_button_}) button->setMinimumWidth(84);
  connect(train_button_, &QPushButton::clicked, this, &RunControls::trainClicked);
  connect(pause_button_, &QPushButton::clicked, this, &RunControls::pauseClicked);
  connect(stop_button_, &QPushButton::clicked, this, &RunControls::stopClicked);
  connect(mistakes_button_, &QPushButton::clicked, this, &RunControls::mistakesClicked);

  progress_bar_ = new QProgressBar;
  progress_bar_->setObjectName("progressBar");
  progress_bar_->setRange(0, 1);
  progress_bar_->setValue(0);
  progress_bar_->setFormat(tr("Not started"));
  progress_bar_->setTextVisible(true);
  time_left_label_ = new QLabel;
  time_left_label_->setObjectName("timeLeftLabel");
  // As wide as the longest estimate it shows, so the row does not jump.
  time_left_label_->setMinimumWidth(time_left_label_->fontMetrics().horizontalAdvance(tr("about 9 min 50 s left")) +
                                    4);
  time_left_label_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  time_left_label_->setToolTip(tr("Time left, estimated from the recent time per iteration"));

  // The progress bar under the buttons rather than beside them: the row
  // then fits a panel beside the canvas in a 1024-pixel window.
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(train_button_);
  buttons->addWidget(pause_button_);
  buttons->addWidget(stop_button_);
  buttons->addWidget(mistakes_button_);
  buttons->addStretch(1);
  buttons->addWidget(time_left_label_);

  auto* stats = new QGridLayout;
  stats->setHorizontalSpacing(24);
  stats->setVerticalSpacing(0);
  cost_value_ = addStat(stats, 0, tr("Cost"), "costValue", tr("Cross-entropy of the latest training batch"));
  train_accuracy_value_ = addStat(stats, 1, tr("Train accuracy"), "trainAccuracyValue",
                                  tr("Share of training digits classified right, at the latest evaluation"));
  test_accuracy_value_ = addStat(stats, 2, tr("Test accuracy"), "testAccuracyValue",
                                 tr("Share of held-out test digits classified right, at the latest evaluation"));
  ms_per_iteration_value_ = addStat(stats, 3, tr("Time per iteration"), "msPerIterationValue",
                                    tr("Average wall time of one update so far"));
  stats->setColumnStretch(4, 1);

  message_label_ = new QLabel;
  message_label_->setObjectName("messageLabel");
  message_label_->setWordWrap(true);
  message_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(3);  // close together: every pixel here is a settings row less on a small screen
  layout->addLayout(buttons);
  layout->addWidget(progress_bar_);
  layout->addLayout(stats);
  layout->addWidget(message_label_);

  display_timer_ = new QTimer(this);
  display_timer_->setInterval(kDisplayIntervalMs);
  connect(display_timer_, &QTimer::timeout, this, &RunControls::refreshNumbers);
}

void RunControls::setState(bool running, bool stopping, bool can_train, bool has_mistakes) {
  train_button_->setEnabled(!running && can_train);
  pause_button_->setEnabled(running && !stopping);
  stop_button_->setEnabled(running && !stopping);
  mistakes_button_->setEnabled(!running && has_mistakes);
}

void RunControls::setPausedLook(bool paused) { pause_button_->setText(paused ? tr("Resume") : tr("Pause")); }

void RunControls::startRun() {
  running_ = true;
  latest_.reset();
  latest_train_accuracy_.reset();
  latest_test_accuracy_.reset();
  for (QLabel* value : {cost_value_, train_accuracy_value_, test_accuracy_value_, ms_per_iteration_value_})
    value->setText(QStringLiteral("–"));
  time_left_label_->clear();
  smoothed_seconds_per_iteration_ = 0;
  rate_iteration_ = 0;
  rate_seconds_ = 0;
  setPausedLook(false);
  display_timer_->start();
}

void RunControls::showLoading() {
  progress_bar_->setFormat(tr("Loading data…"));
  progress_bar_->setRange(0, 0);  // busy: the size of the run is not known yet
}

void RunControls::showDataLoaded(int total_iterations) {
  progress_bar_->setFormat(tr("Iteration %v of %m"));
  progress_bar_->setRange(0, std::max(total_iterations, 1));
  progress_bar_->setValue(0);
}

void RunControls::addProgress(const TrainingProgress& progress) {
  // Cheap bookkeeping only: the numbers redraw on the display timer.
  latest_ = progress;
  if (progress.train_accuracy) latest_train_accuracy_ = progress.train_accuracy;
  if (progress.test_accuracy) latest_test_accuracy_ = progress.test_accuracy;
  display_stale_ = true;
}

void RunControls::refreshNumbers() {
  if (!display_stale_ || !latest_) return;
  display_stale_ = false;
  const TrainingProgress& now = *latest_;
  if (progress_bar_->maximum() != now.total_iterations) progress_bar_->setRange(0, std::max(now.total_iterations, 1));
  progress_bar_->setValue(now.iteration);
  cost_value_->setText(std::isfinite(now.cost) ? QString::number(now.cost, 'f', 4) : tr("NaN"));
  if (latest_train_accuracy_) train_accuracy_value_->setText(percent(*latest_train_accuracy_));
  if (latest_test_accuracy_) test_accuracy_value_->setText(percent(*latest_test_accuracy_));
  if (now.iteration > 0) {
    const double seconds_per_iteration = now.elapsed_seconds / now.iteration;
    ms_per_iteration_value_->setText(tr("%1 ms").arg(1000.0 * seconds_per_iteration, 0, 'f', 1));
    if (now.iteration > rate_iteration_) {
      const double recent = (now.elapsed_seconds - rate_seconds_) / (now.iteration - rate_iteration_);
      smoothed_seconds_per_iteration_ =
          smoothed_seconds_per_iteration_ > 0
              ? (1 - kRateSmoothing) * smoothed_seconds_per_iteration_ + kRateSmoothing * recent
              : recent;
      rate_iteration_ = now.iteration;
      rate_seconds_ = now.elapsed_seconds;
    }
    const double left = smoothed_seconds_per_iteration_ * (now.total_iterations - now.iteration);
    if (running_) time_left_label_->setText(aboutTimeLeft(left));
  }
}

QString RunControls::showFinished(const TrainingResult& result, bool has_network, bool has_test_set) {
  display_stale_ = true;
  refreshNumbers();
  const int total = progress_bar_->maximum();
  if (progress_bar_->maximum() == 0) progress_bar_->setRange(0, 1);  // leave the busy state
  if (has_network) {
    // Final accuracies are of the whole training and test sets.
    train_accuracy_value_->setText(percent(result.train_accuracy));
    if (has_test_set) test_accuracy_value_->setText(percent(result.test_accuracy));
  }
  QString text;
  switch (result.status) {
    case TrainingStatus::Finished:
      progress_bar_->setValue(progress_bar_->maximum());
      text = has_network && has_test_set ? tr("Finished %1 iterations in %2: test accuracy %3 (train %4).")
                                               .arg(result.iterations)
                                               .arg(formatDuration(result.seconds), percent(result.test_accuracy),
                                                    percent(result.train_accuracy))
                                         : tr("Finished %1 iterations in %2: train accuracy %3.")
                                               .arg(result.iterations)
                                               .arg(formatDuration(result.seconds), percent(result.train_accuracy));
      break;
    case TrainingStatus::Cancelled:
      progress_bar_->setValue(std::min(result.iterations, total));
      text = has_network ? tr("Stopped after %1 of %2 iterations; the network trained so far is offered.")
                               .arg(result.iterations)
                               .arg(total)
                         : tr("Stopped before the first update; the current model was kept.");
      break;
    case TrainingStatus::Diverged:
      progress_bar_->setValue(std::min(result.iterations, total));
      text = tr("Training diverged at iteration %1 (cost became NaN); lower the learning rate. %2")
                 .arg(result.iterations + 1)
                 .arg(has_network ? tr("The last good weights were kept.")
                                  : tr("No update succeeded, so the current model was kept."));
      break;
  }
  setMessage(text, result.status == TrainingStatus::Diverged);
  time_left_label_->setText(result.status == TrainingStatus::Finished ? tr("done") : tr("stopped"));
  stopDisplay();
  return text;
}

void RunControls::showFailed() {
  progress_bar_->setFormat(tr("Failed"));
  if (progress_bar_->maximum() == 0) progress_bar_->setRange(0, 1);
  progress_bar_->setValue(0);
  time_left_label_->clear();
  stopDisplay();
}

void RunControls::stopDisplay() {
  running_ = false;
  display_timer_->stop();
  setPausedLook(false);
}

void RunControls::setMessage(const QString& text, bool is_problem) {
  message_label_->setText(text);
  message_label_->setStyleSheet(is_problem ? QStringLiteral("color: #b03a2e;") : QString());
}

QString RunControls::message() const { return message_label_->text(); }

void RunControls::appendMessage(const QString& text) {
  if (text.isEmpty()) return;
  const QString current = message_label_->text();
  message_label_->setText(current.isEmpty() ? text : current + QLatin1Char(' ') + text);
}

}  // namespace digitpad
