// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"
#include "core/recognition/explanation.h"

#include <Eigen/Core>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QLabel;
class QToolButton;
class QWidget;

namespace digitpad {

class ExplanationReader;
class InputPreview;

// "Why?" on the 28x28 view: a checkable button that, while on, tints the
// view with the heat map of the network's answer (recognition/explanation.h)
// and shows a legend in plain words. The map follows the drawing: the pad
// calls follow() after every prediction and the map is computed off the GUI
// thread (ExplanationReader); while it is off, nothing is computed.
class AnswerExplainer : public QObject {
  Q_OBJECT

 public:
  AnswerExplainer(InputPreview* preview, QWidget* parent);

  // "Why?" (objectName "whyToggle"), for the pad to place beside the view.
  QToolButton* toggle() const { return toggle_; }
  // The legend ("whyLegend"), two short lines shown while the toggle is on;
  // hidden, it keeps its space.
  QLabel* legend() const { return legend_; }
  // Gives the legend `width` pixels and the height its longest text needs.
  void fitLegend(int width);
  bool isOn() const;

  // The pad's latest network and input (nullopt: a blank canvas).
  void follow(std::shared_ptr<const Network> network, const std::optional<Eigen::VectorXf>& input);

  // The legend for an answer and its runner-up: "made it a 7" over "looked
  // like a 1", each after a square of its colour (two short lines fit under
  // the view); and the same in words for its tooltip, "Red: what made it a 7;
  // blue: what looked like a 1."
  static QString legendText(int answer, int runner_up);
  static QString legendSentence(int answer, int runner_up);

 signals:
  // A new heat map is on the view.
  void explained();

 private:
  void onToggled(bool on);
  void request();
  void show(const Explanation& explanation);

  InputPreview* preview_;
  QToolButton* toggle_;
  QLabel* legend_;
  ExplanationReader* reader_;
  std::shared_ptr<const Network> network_;
  std::optional<Eigen::VectorXf> input_;
};

}  // namespace digitpad
