// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/answer_explainer.h"

#include "ui/pad/explanation_reader.h"
#include "ui/pad/input_preview.h"

#include "core/data/dataset.h"

#include <QLabel>
#include <QToolButton>

#include <algorithm>
#include <utility>

namespace digitpad {
namespace {

// "a 7", "an 8", or the not-a-digit class in the words that fit each side.
QString answerWords(int answer) {
  if (answer == kNotADigitLabel) return AnswerExplainer::tr("not a digit");
  return (answer == 8 ? AnswerExplainer::tr("an %1") : AnswerExplainer::tr("a %1")).arg(answer);
}
QString runnerUpWords(int runner_up) {
  if (runner_up == kNotADigitLabel) return AnswerExplainer::tr("no digit");
  return answerWords(runner_up);
}

}  // namespace

AnswerExplainer::AnswerExplainer(InputPreview* preview, QWidget* parent)
    : QObject(parent), preview_(preview), reader_(new ExplanationReader(this)) {
  toggle_ = new QToolButton(parent);
  toggle_->setObjectName("whyToggle");
  toggle_->setText(tr("Why?"));
  toggle_->setCheckable(true);
  toggle_->setAutoRaise(true);
  toggle_->setToolTip(
      tr("Why this answer? Colours what the network sees:\n"
         "red where the ink made it give its answer,\n"
         "blue where the ink looked like its second choice.\n"
         "(Each small patch of ink is taken away in turn, and what\n"
         "that does to the answer's lead over the second choice is measured.)"));

  legend_ = new QLabel(parent);
  legend_->setObjectName("whyLegend");
  legend_->setWordWrap(true);
  legend_->setTextFormat(Qt::RichText);
  QFont small = legend_->font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  legend_->setFont(small);
  QSizePolicy policy = legend_->sizePolicy();
  policy.setRetainSizeWhenHidden(true);
  legend_->setSizePolicy(policy);
  legend_->hide();

  connect(toggle_, &QToolButton::toggled, this, &AnswerExplainer::onToggled);
  connect(reader_, &ExplanationReader::explained, this, &AnswerExplainer::show);
}

void AnswerExplainer::fitLegend(int width) {
  legend_->setFixedWidth(width);
  // The room the longest legends need, shown or not.
  int height = 0;
  for (const auto& [answer, runner_up] : {std::pair{kNotADigitLabel, 8}, std::pair{8, kNotADigitLabel}}) {
    legend_->setText(legendText(answer, runner_up));
    height = std::max(height, legend_->heightForWidth(width));
  }
  legend_->clear();
  legend_->setFixedHeight(height);
}

bool AnswerExplainer::isOn() const { return toggle_->isChecked(); }

QString AnswerExplainer::legendText(int answer, int runner_up) {
  // The squares carry the overlay's own colours (ui/headless/images/heat_map_image.cpp).
  return tr("<span style=\"color:#e02020\">■</span> made it %1<br>"
            "<span style=\"color:#2070f0\">■</span> looked like %2")
      .arg(answerWords(answer), runnerUpWords(runner_up));
}

QString AnswerExplainer::legendSentence(int answer, int runner_up) {
  return tr("Red: what made it %1; blue: what looked like %2.").arg(answerWords(answer), runnerUpWords(runner_up));
}

void AnswerExplainer::follow(std::shared_ptr<const Network> network, const std::optional<Eigen::VectorXf>& input) {
  const bool same = network == network_ && input.has_value() == input_.has_value() && (!input || *input == *input_);
  network_ = std::move(network);
  input_ = input;
  if (!same && isOn()) request();
}

void AnswerExplainer::onToggled(bool on) {
  legend_->setVisible(on);
  if (on) return request();
  reader_->cancel();
  preview_->clearHeatMap();
}

void AnswerExplainer::request() {
  if (network_ && input_) {
    reader_->explain(network_, *input_);
    return;
  }
  reader_->cancel();
  preview_->clearHeatMap();
  legend_->setText(network_ ? tr("Draw a digit to see why.") : QString());
  legend_->setToolTip(QString());
}

void AnswerExplainer::show(const Explanation& explanation) {
  if (!isOn()) return;
  preview_->setHeatMap(explanation);
  legend_->setText(explanation.empty() ? QString() : legendText(explanation.answer, explanation.runner_up));
  legend_->setToolTip(explanation.empty() ? QString() : legendSentence(explanation.answer, explanation.runner_up));
  emit explained();
}

}  // namespace digitpad
