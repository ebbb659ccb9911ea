// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspect/confusion_view.h"

#include "core/data/dataset.h"

#include <qcustomplot.h>

#include <QMouseEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace digitpad {
namespace {

// Pale yellow through orange to dark red (ColorBrewer's YlOrRd): a count of 1
// is already visibly coloured, and the eye reads "darker = more".
QCPColorGradient countGradient() {
  QCPColorGradient gradient;
  gradient.clearColorStops();
  gradient.setColorStopAt(0.0, QColor(0xff, 0xf2, 0xb2));
  gradient.setColorStopAt(0.25, QColor(0xfe, 0xd9, 0x76));
  gradient.setColorStopAt(0.5, QColor(0xfd, 0x8d, 0x3c));
  gradient.setColorStopAt(0.75, QColor(0xe3, 0x1a, 0x1c));
  gradient.setColorStopAt(1.0, QColor(0x80, 0x00, 0x26));
  gradient.setNanHandling(QCPColorGradient::nhTransparent);
  return gradient;
}

// Position of a count on the logarithmic colour scale [1, largest], in [0,1].
double logPosition(int count, int largest) {
  if (count <= 1 || largest <= 1) return 0.0;
  return std::log(static_cast<double>(count)) / std::log(static_cast<double>(largest));
}

// Beyond this point of the scale the cell is dark enough for white text.
constexpr double kWhiteTextFrom = 0.62;

}  // namespace

ConfusionView::ConfusionView(QWidget* parent) : QWidget(parent) {
  setObjectName("confusionView");
  plot_ = new QCustomPlot(this);
  plot_->setObjectName("confusionPlot");
  plot_->setMinimumSize(420, 380);
  plot_->setCursor(Qt::PointingHandCursor);
  plot_->setToolTip(tr("Click a cell to see the test digits behind it"));

  plot_->plotLayout()->insertRow(0);
  QFont title_font = font();
  title_font.setPointSizeF(title_font.pointSizeF() * 1.15);
  title_font.setBold(true);
  title_ = new QCPTextElement(plot_, QString(), title_font);
  plot_->plotLayout()->addElement(0, 0, title_);

  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
    // One tick per class: 0..9, and "✗" for a model's not-a-digit class.
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int digit = 0; digit < kClassCount; ++digit) ticker->addTick(digit, QString::number(digit));
    ticker->addTick(kNotADigitLabel, QStringLiteral("\u2717"));
    axis->setTicker(ticker);
    axis->setSubTicks(false);
    axis->setTickLength(0, 3);
    axis->grid()->setVisible(false);
    QFont label_font = font();
    label_font.setBold(true);
    axis->setLabelFont(label_font);
  }
  plot_->xAxis->setLabel(tr("Predicted digit"));
  plot_->yAxis->setLabel(tr("True digit"));
  // Row 0 at the top, as a matrix is written.
  plot_->yAxis->setRangeReversed(true);

  map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
  map_->setInterpolate(false);
  map_->setTightBoundary(false);
  scale_ = new QCPColorScale(plot_);
  scale_->setType(QCPAxis::atRight);
  scale_->setBarWidth(14);
  scale_->setLabel(tr("digits (log scale)"));
  scale_->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  scale_->axis()->setNumberFormat("g");
  scale_->setDataScaleType(QCPAxis::stLogarithmic);
  plot_->plotLayout()->addElement(1, 1, scale_);
  map_->setColorScale(scale_);
  map_->setGradient(countGradient());
  // The colour bar spans exactly the matrix's height.
  auto* margins = new QCPMarginGroup(plot_);
  plot_->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

  selection_ = new QCPItemRect(plot_);
  selection_->setPen(QPen(QColor(0x1f, 0x4e, 0x9c), 3.0));
  selection_->setBrush(Qt::NoBrush);
  selection_->setVisible(false);
  selection_->setSelectable(false);

  connect(plot_, &QCustomPlot::mousePress, this, &ConfusionView::onPlotClicked);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  clear(tr("No evaluation yet"));
}

void ConfusionView::placeCellLabels(int classes) {
  if (cell_labels_.size() == classes * classes) return;
  for (QCPItemText* label : cell_labels_) plot_->removeItem(label);
  cell_labels_.clear();
  QFont cell_font = font();
  cell_font.setPointSizeF(cell_font.pointSizeF() * 0.95);
  for (int truth = 0; truth < classes; ++truth)
    for (int predicted = 0; predicted < classes; ++predicted) {
      auto* label = new QCPItemText(plot_);
      label->position->setType(QCPItemPosition::ptPlotCoords);
      label->position->setCoords(predicted, truth);
      label->setPositionAlignment(Qt::AlignCenter);
      label->setFont(cell_font);
      label->setSelectable(false);
      cell_labels_.push_back(label);
    }
}

void ConfusionView::setConfusion(const ConfusionMatrix& counts, const QString& title) {
  counts_ = counts;
  const int classes = static_cast<int>(counts.size());
  int largest = 1;
  for (const auto& row : counts)
    for (const int count : row) largest = std::max(largest, count);

  map_->data()->setSize(classes, classes);
  map_->data()->setRange(QCPRange(0, classes - 1), QCPRange(0, classes - 1));
  placeCellLabels(classes);
  for (int truth = 0; truth < classes; ++truth)
    for (int predicted = 0; predicted < classes; ++predicted) {
      const int count = counts[truth][predicted];
      map_->data()->setCell(predicted, truth, count > 0 ? count : std::numeric_limits<double>::quiet_NaN());
      QCPItemText* label = cell_labels_[truth * classes + predicted];
      label->setText(count > 0 ? QString::number(count) : QString());
      label->setColor(logPosition(count, largest) >= kWhiteTextFrom ? Qt::white : QColor(0x20, 0x20, 0x20));
      QFont cell_font = label->font();
      cell_font.setBold(truth == predicted);
      label->setFont(cell_font);
      label->setVisible(true);
    }
  // Never an empty range: a single-digit matrix still gets a scale.
  scale_->setDataRange(QCPRange(1, std::max(largest, 10)));
  plot_->xAxis->setRange(-0.5, classes - 0.5);
  plot_->yAxis->setRange(-0.5, classes - 0.5);
  title_->setText(title);
  selection_->setVisible(false);
  selected_true_ = selected_predicted_ = -1;
  plot_->replot();
}

void ConfusionView::clear(const QString& message) {
  counts_.clear();
  map_->data()->clear();
  for (QCPItemText* label : cell_labels_) label->setVisible(false);
  selection_->setVisible(false);
  selected_true_ = selected_predicted_ = -1;
  plot_->xAxis->setRange(-0.5, kClassCount - 0.5);
  plot_->yAxis->setRange(-0.5, kClassCount - 0.5);
  title_->setText(message);
  plot_->replot();
}

QString ConfusionView::title() const { return title_->text(); }

QString ConfusionView::cellText(int true_class, int predicted_class) const {
  const int classes = static_cast<int>(counts_.size());
  if (true_class < 0 || predicted_class < 0 || true_class >= classes || predicted_class >= classes) return {};
  return cell_labels_[true_class * classes + predicted_class]->text();
}

QPointF ConfusionView::cellCenter(int true_class, int predicted_class) const {
  return {plot_->xAxis->coordToPixel(predicted_class), plot_->yAxis->coordToPixel(true_class)};
}

void ConfusionView::selectCell(int true_class, int predicted_class) {
  const int classes = static_cast<int>(counts_.size());
  if (true_class < 0 || predicted_class < 0 || true_class >= classes || predicted_class >= classes) return;
  selected_true_ = true_class;
  selected_predicted_ = predicted_class;
  selection_->topLeft->setCoords(predicted_class - 0.5, true_class - 0.5);
  selection_->bottomRight->setCoords(predicted_class + 0.5, true_class + 0.5);
  selection_->setVisible(true);
  plot_->replot(QCustomPlot::rpQueuedReplot);
  emit cellClicked(true_class, predicted_class);
}

void ConfusionView::onPlotClicked(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || counts_.empty()) return;
  const QPointF at = event->position();
  if (!plot_->axisRect()->rect().contains(at.toPoint())) return;
  const int predicted = static_cast<int>(std::lround(plot_->xAxis->pixelToCoord(at.x())));
  const int truth = static_cast<int>(std::lround(plot_->yAxis->pixelToCoord(at.y())));
  selectCell(truth, predicted);
}

}  // namespace digitpad
