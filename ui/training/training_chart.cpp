// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/training_chart.h"

#include "core/io/atomic_file.h"
#include "core/util/error.h"
#include "ui/widgets/dialog_folder.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

constexpr int kRedrawIntervalMs = 33;  // ~30 Hz: smooth, yet a small share of a core
constexpr int kMarkerSize = 5;         // evaluation markers' diameter in pixels
// Pixels kept free past the last point: half a marker, its pen and a pixel.
constexpr int kMarkerRoomPx = kMarkerSize / 2 + 3;

QCPGraph* addLineGraph(QCustomPlot* plot, QCPAxis* value_axis, const QString& name, const QColor& color,
                       Qt::PenStyle style, bool markers) {
  QCPGraph* graph = plot->addGraph(plot->xAxis, value_axis);
  graph->setName(name);
  QPen pen(color, 2.0, style);
  pen.setCosmetic(true);
  graph->setPen(pen);
  if (markers) graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, kMarkerSize));
  // 10,000 points on a few hundred pixels: let QCustomPlot thin them per pixel.
  graph->setAdaptiveSampling(true);
  return graph;
}

QString csvNumber(std::optional<float> value) {
  return value ? QString::number(static_cast<double>(*value), 'g', 7) : QString();
}

}  // namespace

TrainingChart::TrainingChart(QWidget* parent) : QWidget(parent) {
  plot_ = new QCustomPlot(this);
  plot_->setObjectName("trainingPlot");
  // A fixed minimum rather than the plot's own hint, which is the legend's
  // width in one row: the chart shares its row with the run history in a
  // panel of 480 pixels (a 1024-pixel screen). The legend wraps to fit
  // instead (resizeEvent).
  plot_->setMinimumSize(220, 120);
  plot_->setToolTip(tr("Drag to pan, scroll to zoom, double-click to follow the run again."));
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->axisRect()->setRangeDragAxes(plot_->xAxis, plot_->yAxis);
  plot_->axisRect()->setRangeZoomAxes(plot_->xAxis, plot_->yAxis);

  QFont axis_font = font();
  plot_->xAxis->setLabel(tr("Iteration"));
  plot_->yAxis->setLabel(tr("Cost (cross-entropy)"));
  plot_->yAxis2->setLabel(tr("Accuracy (%)"));
  plot_->yAxis2->setVisible(true);
  plot_->yAxis2->setRange(0, 100);
  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis, plot_->yAxis2}) {
    axis->setLabelFont(axis_font);
    axis->setTickLabelFont(axis_font);
  }
  // Iterations are whole: ticks at multiples of 1 (1, 2, 5, 10, 20... apart),
  // never at 2.5 or 7.5, however the chart is zoomed.
  auto whole_ticks = QSharedPointer<QCPAxisTickerFixed>::create();
  whole_ticks->setTickStep(1.0);
  whole_ticks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot_->xAxis->setTicker(whole_ticks);
  plot_->xAxis->setRange(0, 10);
  plot_->yAxis->setRange(0, 2.5);

  train_cost_ = addLineGraph(plot_, plot_->yAxis, tr("Train cost"), QColor(31, 119, 180), Qt::SolidLine, false);
  test_cost_ = addLineGraph(plot_, plot_->yAxis, tr("Test cost"), QColor(255, 127, 14), Qt::SolidLine, true);
  train_accuracy_ =
      addLineGraph(plot_, plot_->yAxis2, tr("Train accuracy"), QColor(44, 160, 44), Qt::DashLine, false);
  test_accuracy_ = addLineGraph(plot_, plot_->yAxis2, tr("Test accuracy"), QColor(148, 103, 189), Qt::DashLine, true);

  // The legend in a row of its own above the axes, so it never hides a curve.
  plot_->legend->setVisible(true);
  // A little smaller than the axes, with short line samples: two entries a
  // row even on a narrow chart (a 1024-pixel screen).
  QFont legend_font = axis_font;
  legend_font.setPointSizeF(axis_font.pointSizeF() * 0.9);
  plot_->legend->setFont(legend_font);
  plot_->legend->setIconSize(20, 10);
  plot_->legend->setIconTextPadding(4);
  plot_->legend->setColumnSpacing(6);
  plot_->legend->setRowSpacing(0);
  plot_->legend->setMargins(QMargins(4, 2, 4, 2));
  plot_->legend->setBorderPen(Qt::NoPen);
  plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
  plot_->axisRect()->insetLayout()->take(plot_->legend);
  plot_->plotLayout()->insertRow(0);
  plot_->plotLayout()->addElement(0, 0, plot_->legend);
  plot_->plotLayout()->setRowStretchFactor(0, 0.001);
  plot_->plotLayout()->setRowSpacing(0);

  // A drag or zoom by the user stops the view from following the data.
  connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) follow_data_ = false;
  });
  connect(plot_, &QCustomPlot::mouseWheel, this, [this](QWheelEvent*) { follow_data_ = false; });
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { resetView(); });

  auto* reset_button = new QPushButton(tr("Reset view"), this);
  reset_button->setObjectName("resetViewButton");
  reset_button->setToolTip(tr("Fit all data and follow the run again"));
  // Short words, so the row fits a narrow chart; the tooltips say the rest.
  auto* png_button = new QPushButton(tr("PNG…"), this);
  png_button->setObjectName("savePngButton");
  png_button->setToolTip(tr("Save the chart as a PNG image"));
  auto* csv_button = new QPushButton(tr("CSV…"), this);
  csv_button->setObjectName("exportCsvButton");
  csv_button->setToolTip(
      tr("Export this run's history as CSV: iteration, cost, train accuracy, test accuracy, test cost"));
  connect(reset_button, &QPushButton::clicked, this, &TrainingChart::resetView);
  connect(png_button, &QPushButton::clicked, this, &TrainingChart::savePngWithDialog);
  connect(csv_button, &QPushButton::clicked, this, &TrainingChart::exportCsvWithDialog);

  plot_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(plot_, &QWidget::customContextMenuRequested, this, [this](const QPoint& position) {
    QMenu menu(this);
    menu.addAction(tr("Reset view"), this, &TrainingChart::resetView);
    menu.addSeparator();
    menu.addAction(tr("Save chart as PNG…"), this, &TrainingChart::savePngWithDialog);
    menu.addAction(tr("Export history as CSV…"), this, &TrainingChart::exportCsvWithDialog);
    menu.exec(plot_->mapToGlobal(position));
  });

  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(reset_button);
  buttons->addWidget(png_button);
  buttons->addWidget(csv_button);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_, 1);
  layout->addLayout(buttons);

  redraw_timer_ = new QTimer(this);
  redraw_timer_->setInterval(kRedrawIntervalMs);
  connect(redraw_timer_, &QTimer::timeout, this, &TrainingChart::redrawIfChanged);
}

void TrainingChart::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitLegend();
  fitAxisLabels();
}

void TrainingChart::fitAxisLabels() {
  // The side axes' titles run along them: on a short chart (a small screen)
  // the long ones would be cut, so they shorten; the legend names the curves.
  const QFontMetrics metrics(plot_->yAxis->labelFont());
  const int room = plot_->height() - 4 * metrics.height() - 40;  // less the legend, the x axis and its title
  const auto fit = [&](QCPAxis* axis, const QString& full, const QString& brief) {
    axis->setLabel(metrics.horizontalAdvance(full) <= room ? full : brief);
  };
  if (isComparing()) {
    const bool accuracy =
        comparison_measure_ == RunMeasure::TrainAccuracy || comparison_measure_ == RunMeasure::TestAccuracy;
    fit(plot_->yAxis, measureName(comparison_measure_), accuracy ? tr("%") : tr("Cost"));
  } else {
    fit(plot_->yAxis, tr("Cost (cross-entropy)"), tr("Cost"));
  }
  fit(plot_->yAxis2, tr("Accuracy (%)"), tr("%"));
  // Fewer ticks on a short chart, so their numbers do not run together.
  const int ticks = room < 6 * metrics.height() ? 3 : 5;
  for (QCPAxis* axis : {plot_->yAxis, plot_->yAxis2}) axis->ticker()->setTickCount(ticks);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingChart::fitLegend() {
  // As many entries a row as the width holds, so none is cut off.
  int widest = 1;
  for (int i = 0; i < plot_->legend->itemCount(); ++i)
    if (const QCPAbstractLegendItem* item = plot_->legend->item(i))  // null: an empty cell
      widest = std::max(widest, item->minimumOuterSizeHint().width());
  const int columns = std::max(1, (plot_->width() - 20) / (widest + 8));
  plot_->legend->setWrap(columns);
  // Re-laid out in that many columns (also after entries came and went).
  plot_->legend->setFillOrder(QCPLegend::foColumnsFirst, /*rearrange=*/true);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingChart::clear() {
  history_.clear();
  for (QCPGraph* graph : {train_cost_, test_cost_, train_accuracy_, test_accuracy_}) graph->data()->clear();
  follow_data_ = true;
  plot_->xAxis->setRange(0, 10);
  plot_->yAxis->setRange(0, 2.5);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingChart::addProgress(const TrainingProgress& progress) {
  HistoryPoint point{progress.iteration, progress.cost, progress.train_accuracy, progress.test_accuracy,
                     progress.test_cost};
  const double x = point.iteration;
  // A NaN cost (a diverging run) would break the auto-scaling; the panel
  // explains the divergence in words instead.
  if (std::isfinite(point.cost)) train_cost_->addData(x, point.cost);
  if (point.test_cost && std::isfinite(*point.test_cost)) test_cost_->addData(x, *point.test_cost);
  if (point.train_accuracy) train_accuracy_->addData(x, 100.0 * *point.train_accuracy);
  if (point.test_accuracy) test_accuracy_->addData(x, 100.0 * *point.test_accuracy);
  history_.push_back(point);
  changed_ = true;
  if (!redraw_timer_->isActive()) redraw_timer_->start();
}

void TrainingChart::redrawIfChanged() {
  if (!changed_) {
    redraw_timer_->stop();  // idle until the next point arrives
    return;
  }
  changed_ = false;
  if (follow_data_) rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingChart::rescale() {
  if (isComparing()) {
    rescaleComparison();
    return;
  }
  if (history_.empty()) return;
  // Room beyond the last iteration and above 100 % for half a marker and its
  // pen, so that the last evaluation's markers are drawn whole, not cut by
  // the axis rectangle's edge (the axis ticks stay where they were).
  const auto padded = [](double upper, int axis_pixels) {
    const double pixels = std::max(axis_pixels, 4 * kMarkerRoomPx);
    return upper * pixels / (pixels - kMarkerRoomPx);
  };
  const double last_iteration = std::max(history_.back().iteration, 1);
  plot_->xAxis->setRange(0, padded(last_iteration, plot_->axisRect()->width()));
  plot_->yAxis2->setRange(0, padded(100.0, plot_->axisRect()->height()));
  bool found = false;
  const QCPRange cost_range = train_cost_->getValueRange(found);
  double top = found ? cost_range.upper : 2.5;
  bool test_found = false;
  const QCPRange test_range = test_cost_->getValueRange(test_found);
  if (test_found) top = std::max(top, test_range.upper);
  plot_->yAxis->setRange(0, top > 0 ? padded(top * 1.05, plot_->axisRect()->height()) : 1.0);
}

void TrainingChart::resetView() {
  follow_data_ = true;
  rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool TrainingChart::savePng(const QString& path, QString* error) {
  // The chart as on screen, at least 800 pixels wide for a readable image.
  const int width = std::max(plot_->width(), 800);
  const int height = std::max(plot_->height(), 450);
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  if (!plot_->toPixmap(width, height).save(&buffer, "PNG")) {
    if (error) *error = tr("%1: could not make the PNG image").arg(path);
    return false;
  }
  // The one save helper: regular files only, atomic, the old file's mode kept.
  try {
    write_file_atomically(path.toStdString(),
                          std::string_view(png.constData(), static_cast<std::size_t>(png.size())));
    return true;
  } catch (const Error& failure) {
    if (error) *error = QString::fromStdString(failure.what());
    return false;
  }
}

QString TrainingChart::historyCsv() const {
  QString text = QStringLiteral("iteration,cost,train_accuracy,test_accuracy,test_cost\n");
  for (const HistoryPoint& point : history_) {
    text += QStringLiteral("%1,%2,%3,%4,%5\n")
                .arg(point.iteration)
                .arg(csvNumber(point.cost), csvNumber(point.train_accuracy), csvNumber(point.test_accuracy),
                     csvNumber(point.test_cost));
  }
  return text;
}

bool TrainingChart::exportCsv(const QString& path, QString* error) const {
  // The one save helper: no half-written CSV, regular files only.
  try {
    write_file_atomically(path.toStdString(), historyCsv().toStdString());
    return true;
  } catch (const Error& failure) {
    if (error) *error = QString::fromStdString(failure.what());
    return false;
  }
}

void TrainingChart::savePngWithDialog() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save chart as PNG"),
                                                    dialogPath(tr("training-chart.png")), tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  rememberDialogChoice(path);
  QString error;
  if (!savePng(path, &error)) QMessageBox::warning(this, tr("Save chart"), error);
}

void TrainingChart::exportCsvWithDialog() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export history as CSV"),
                                                    dialogPath(tr("training-history.csv")), tr("CSV files (*.csv)"));
  if (path.isEmpty()) return;
  rememberDialogChoice(path);
  QString error;
  if (!exportCsv(path, &error)) QMessageBox::warning(this, tr("Export history"), error);
}

}  // namespace digitpad
