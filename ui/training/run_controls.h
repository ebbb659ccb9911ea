// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/trainer.h"
#include "ui/training/training_metatypes.h"

#include <QString>
#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace digitpad {

// Under the training settings: Train / Pause / Stop / Mistakes, the progress
// bar ("Iteration N of M") with the time left, the live numbers (cost,
// accuracies, time per iteration) and a one-line message. Progress arrives
// as fast as the worker reports; the numbers redraw at most ~30 times a
// second so a fast run cannot flood the GUI thread.
class RunControls : public QWidget {
  Q_OBJECT

 public:
  explicit RunControls(QWidget* parent = nullptr);

  // Which buttons can be pressed.
  void setState(bool running, bool stopping, bool can_train, bool has_mistakes);
  void setPausedLook(bool paused);  // "Resume" instead of "Pause"

  // A run starts: clears the numbers and starts the display timer.
  void startRun();
  void showLoading();
  void showDataLoaded(int total_iterations);
  void addProgress(const TrainingProgress& progress);
  // A run ended; returns the summary for the message line and status bar.
  QString showFinished(const TrainingResult& result, bool has_network, bool has_test_set);
  void showFailed();

  void setMessage(const QString& text, bool is_problem = false);
  QString message() const;
  // Adds a sentence to the message (what became of the run's network).
  void appendMessage(const QString& text);

 signals:
  void trainClicked();
  void pauseClicked();
  void stopClicked();
  void mistakesClicked();

 private:
  void refreshNumbers();
  void stopDisplay();

  QPushButton* train_button_ = nullptr;
  QPushButton* pause_button_ = nullptr;
  QPushButton* stop_button_ = nullptr;
  QPushButton* mistakes_button_ = nullptr;
  QProgressBar* progress_bar_ = nullptr;
  QLabel* time_left_label_ = nullptr;
  QLabel* cost_value_ = nullptr;
  QLabel* train_accuracy_value_ = nullptr;
  QLabel* test_accuracy_value_ = nullptr;
  QLabel* ms_per_iteration_value_ = nullptr;
  QLabel* message_label_ = nullptr;
  QTimer* display_timer_ = nullptr;

  std::optional<TrainingProgress> latest_;
  std::optional<float> latest_train_accuracy_, latest_test_accuracy_;
  bool display_stale_ = false;
  bool running_ = false;
  // The time per iteration behind "about N left": an average that forgets
  // slowly, so that an evaluation iteration or a busy moment of the machine
  // moves the estimate a little, not the whole way (see refreshNumbers).
  double smoothed_seconds_per_iteration_ = 0;
  int rate_iteration_ = 0;
  double rate_seconds_ = 0;
};

}  // namespace digitpad
