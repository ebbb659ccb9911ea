// SPDX-License-Identifier: GPL-3.0-or-later
// TrainingChart's comparison of runs from the history (training_chart.h).
#include "ui/training/training_chart.h"

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace digitpad {
namespace {

// Tableau's ten: distinct from one another and readable on white. Past ten
// runs the colours repeat with a dashed, then dotted line.
constexpr std::array<QRgb, 10> kPalette = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                           0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
constexpr std::array<Qt::PenStyle, 3> kStyles = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};

bool isAccuracy(RunMeasure measure) {
  return measure == RunMeasure::TrainAccuracy || measure == RunMeasure::TestAccuracy;
}

// The value a point has for `measure`, if any (accuracies in percent).
std::optional<double> valueOf(const RunPoint& point, RunMeasure measure) {
  std::optional<float> value;
  switch (measure) {
    case RunMeasure::TrainCost: value = point.cost; break;
    case RunMeasure::TestCost: value = point.test_cost; break;
    case RunMeasure::TrainAccuracy: value = point.train_accuracy; break;
    case RunMeasure::TestAccuracy: value = point.test_accuracy; break;
  }
  if (!value || !std::isfinite(*value)) return std::nullopt;
  return isAccuracy(measure) ? 100.0 * *value : static_cast<double>(*value);
}

}  // namespace

QString TrainingChart::measureName(RunMeasure measure) {
  switch (measure) {
    case RunMeasure::TrainCost: return tr("Train cost");
    case RunMeasure::TestCost: return tr("Test cost");
    case RunMeasure::TrainAccuracy: return tr("Train accuracy (%)");
    case RunMeasure::TestAccuracy: return tr("Test accuracy (%)");
  }
  return {};
}

void TrainingChart::showComparison(const std::vector<ComparedRun>& runs, RunMeasure measure) {
  for (QCPGraph* graph : comparison_graphs_) plot_->removeGraph(graph);  // also leaves the legend
  comparison_graphs_.clear();
  comparison_measure_ = measure;
  setLiveGraphsShown(runs.empty());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const QColor color(kPalette[i % kPalette.size()]);
    QPen pen(color, 2.0, kStyles[(i / kPalette.size()) % kStyles.size()]);
    pen.setCosmetic(true);
    QCPGraph* graph = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    graph->setName(runs[i].name);
    graph->setPen(pen);
    graph->setAdaptiveSampling(true);
    // Evaluations are sparse: a marker shows where each one was measured.
    if (measure != RunMeasure::TrainCost) graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, 5));
    if (runs[i].points) {
      QVector<double> keys, values;
      for (const RunPoint& point : *runs[i].points)
        if (const std::optional<double> value = valueOf(point, measure)) {
          keys << point.iteration;
          values << *value;
        }
      graph->setData(keys, values, /*alreadySorted=*/true);
    }
    comparison_graphs_.push_back(graph);
  }
  fitLegend();
  fitAxisLabels();
  follow_data_ = true;
  rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingChart::setLiveGraphsShown(bool shown) {
  plot_->yAxis2->setVisible(shown);
  for (QCPGraph* graph : {train_cost_, test_cost_, train_accuracy_, test_accuracy_}) {
    graph->setVisible(shown);
    // Re-added in their order, so the legend reads as before.
    if (shown)
      graph->addToLegend();
    else
      graph->removeFromLegend();
  }
}

void TrainingChart::rescaleComparison() {
  double last_iteration = 1, top = 0;
  for (QCPGraph* graph : comparison_graphs_) {
    if (graph->data()->isEmpty()) continue;
    last_iteration = std::max(last_iteration, (graph->data()->constEnd() - 1)->key);
    bool found = false;
    const QCPRange range = graph->getValueRange(found);
    if (found) top = std::max(top, range.upper);
  }
  plot_->xAxis->setRange(0, last_iteration * 1.02);
  if (isAccuracy(comparison_measure_))
    plot_->yAxis->setRange(0, 102);
  else
    plot_->yAxis->setRange(0, top > 0 ? top * 1.05 : 1.0);
}

}  // namespace digitpad
