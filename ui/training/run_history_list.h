// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/training/training_chart.h"

#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace digitpad {

class RunHistory;
struct RunSummary;

// The run history beside the chart: one row a run (when, preset, test
// accuracy, time), ticked rows overlaid on the chart with the measure
// chosen above the list; "Use model" reopens a run's network, "CSV…"
// exports its curves, "Delete" moves it to the trash.
class RunHistoryList : public QWidget {
  Q_OBJECT

 public:
  explicit RunHistoryList(QWidget* parent = nullptr);

  // The history to show (not owned); null shows nothing.
  void setHistory(RunHistory* history);
  RunHistory* history() const { return history_; }
  QTreeWidget* tree() const { return tree_; }

  QStringList checkedIds() const;
  void setChecked(const QString& id, bool checked);
  void uncheckAll();
  RunMeasure measure() const;
  void setMeasure(RunMeasure measure);
  // The run under the cursor (selected), empty when none.
  QString currentId() const;
  void setCurrentId(const QString& id);
  // While a run goes on, its model cannot be swapped from here.
  void setTraining(bool training);

  // "14:05 recommended" today, "Dec 3 14:05 recommended" before (the list's and the legend's name of a run).
  static QString runName(const RunSummary& run);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 signals:
  // The ticks or the measure changed.
  void comparisonChanged();
  // "Use model": the run's model file, and the run's name for messages.
  void reopenRequested(const QString& model_path, const QString& name);
  void message(const QString& text, bool is_problem);

 private:
  void rebuild();
  void updateButtons();
  void exportCurrent();
  void deleteCurrent();
  QTreeWidgetItem* itemOf(const QString& id) const;

  RunHistory* history_ = nullptr;
  QTreeWidget* tree_ = nullptr;
  QComboBox* measure_box_ = nullptr;
  QToolButton* reopen_button_ = nullptr;
  QToolButton* csv_button_ = nullptr;
  QToolButton* delete_button_ = nullptr;
  bool training_ = false;
  bool rebuilding_ = false;
};

}  // namespace digitpad
