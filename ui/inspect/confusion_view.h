// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"

#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QCPItemText;
class QCPTextElement;
class QMouseEvent;

namespace digitpad {

// A confusion matrix as a QCustomPlot heat map: true digit down the rows (0 at
// the top, as the matrix is written), predicted digit across the columns, the
// count written in every non-empty cell. Colours follow the count on a
// logarithmic scale, so a diagonal of ~1000 and mistakes of 1..30 both stay
// readable. Clicking a cell selects it and emits cellClicked.
class ConfusionView : public QWidget {
  Q_OBJECT

 public:
  explicit ConfusionView(QWidget* parent = nullptr);

  // Shows `counts` (counts[true][predicted], square) under `title`.
  void setConfusion(const ConfusionMatrix& counts, const QString& title);
  void clear(const QString& message = {});
  const ConfusionMatrix& confusion() const { return counts_; }
  QString title() const;

  QCustomPlot* plot() const { return plot_; }
  // Cell (predicted, true) holds the count, or NaN (drawn blank) when empty:
  // a logarithmic colour scale has no colour for 0.
  QCPColorMap* colorMap() const { return map_; }
  // The text written in a cell ("" for an empty one).
  QString cellText(int true_class, int predicted_class) const;
  // The centre of a cell in the plot widget's pixels (for clicks in tests).
  QPointF cellCenter(int true_class, int predicted_class) const;

  int selectedTrue() const { return selected_true_; }
  int selectedPredicted() const { return selected_predicted_; }

 public slots:
  // Outlines the cell and emits cellClicked, as a click does.
  void selectCell(int true_class, int predicted_class);

 signals:
  void cellClicked(int true_class, int predicted_class);

 private:
  void onPlotClicked(QMouseEvent* event);
  void placeCellLabels(int classes);

  QCustomPlot* plot_ = nullptr;
  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QCPTextElement* title_ = nullptr;
  QCPItemRect* selection_ = nullptr;
  QVector<QCPItemText*> cell_labels_;  // row-major: true * classes + predicted
  ConfusionMatrix counts_;
  int selected_true_ = -1;
  int selected_predicted_ = -1;
};

}  // namespace digitpad
