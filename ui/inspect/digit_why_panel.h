// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"

#include <Eigen/Core>
#include <QWidget>

class QLabel;

namespace digitpad {

class InputPreview;

// Under the Mistakes window's gallery: the digit last clicked there, large,
// with the "Why?" heat map of the model's answer over it (as the pad's view
// shows a drawing's) and the legend in words, so that a confident mistake
// shows which strokes misled the network.
class DigitWhyPanel : public QWidget {
  Q_OBJECT

 public:
  explicit DigitWhyPanel(QWidget* parent = nullptr);

  // One map takes a few to 25 ms: computed at once on the click, which is a
  // single request rather than a live stream of them.
  void explain(const Network& network, const Eigen::Ref<const Eigen::VectorXf>& digit, int truth);
  void clear();

  InputPreview* view() const { return view_; }
  QString title() const;

 private:
  InputPreview* view_;
  QLabel* title_;
  QLabel* legend_;
};

}  // namespace digitpad
