// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/io/run_log.h"
#include "core/nn/trainer.h"

#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QTimer;

namespace digitpad {

// One row of a run's history, as the chart shows it and the CSV export writes it.
using HistoryPoint = RunPoint;

// Which curve of each run the comparison overlays.
enum class RunMeasure { TrainCost, TestCost, TrainAccuracy, TestAccuracy };

// A run from the history to overlay: its legend name and its curves.
struct ComparedRun {
  QString name;
  const std::vector<RunPoint>* points = nullptr;
};

// The live chart of a training run: train cost every iteration and test cost
// at evaluation points on the left axis, train and test accuracy (percent) on
// the right axis. Points are appended as they arrive; a ~30 Hz timer redraws,
// because each QCustomPlot replot is a full render and a fast run reports
// thousands of iterations a second (the realtime-data demo's approach).
// The view follows the data until the user drags or zooms; "Reset view"
// (or a double click) brings auto-scaling back.
class TrainingChart : public QWidget {
  Q_OBJECT

 public:
  explicit TrainingChart(QWidget* parent = nullptr);

  void clear();
  void addProgress(const TrainingProgress& progress);

  const std::vector<HistoryPoint>& history() const { return history_; }
  QCustomPlot* plot() const { return plot_; }
  QCPGraph* trainCostGraph() const { return train_cost_; }
  bool followsData() const { return follow_data_; }

  // Write to a file; return false (and an explanation in *error) on failure.
  bool savePng(const QString& path, QString* error = nullptr);
  bool exportCsv(const QString& path, QString* error = nullptr) const;
  // The CSV text (iteration,cost,train_accuracy,test_accuracy,test_cost).
  QString historyCsv() const;

  // Overlays one curve (`measure`) of each run, in distinct colours with a
  // legend, in place of the live run's four; an empty list brings the live
  // run back (its points keep arriving meanwhile). In
  // training_chart_compare.cpp.
  void showComparison(const std::vector<ComparedRun>& runs, RunMeasure measure);
  bool isComparing() const { return !comparison_graphs_.empty(); }
  const std::vector<QCPGraph*>& comparisonGraphs() const { return comparison_graphs_; }
  static QString measureName(RunMeasure measure);

 public slots:
  void resetView();

 private slots:
  void savePngWithDialog();
  void exportCsvWithDialog();
  void redrawIfChanged();

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  // Wraps the legend into as many columns as the chart's width holds.
  void fitLegend();
  // Long or short titles on the side axes, by the chart's height.
  void fitAxisLabels();
  void rescale();
  void rescaleComparison();
  void setLiveGraphsShown(bool shown);

  QCustomPlot* plot_ = nullptr;
  QCPGraph* train_cost_ = nullptr;
  QCPGraph* test_cost_ = nullptr;
  QCPGraph* train_accuracy_ = nullptr;
  QCPGraph* test_accuracy_ = nullptr;
  QTimer* redraw_timer_ = nullptr;
  std::vector<HistoryPoint> history_;
  std::vector<QCPGraph*> comparison_graphs_;
  RunMeasure comparison_measure_ = RunMeasure::TrainCost;
  bool changed_ = false;
  bool follow_data_ = true;
};

}  // namespace digitpad
