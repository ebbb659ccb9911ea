// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspect/digit_why_panel.h"

#include "ui/pad/answer_explainer.h"
#include "ui/pad/input_preview.h"

#include "core/recognition/digit_classes.h"
#include "core/recognition/explanation.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace digitpad {

DigitWhyPanel::DigitWhyPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("digitWhyPanel");
  view_ = new InputPreview(this);
  view_->setObjectName("digitWhyView");
  title_ = new QLabel(this);
  title_->setObjectName("digitWhyTitle");
  title_->setWordWrap(true);
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  legend_ = new QLabel(this);
  legend_->setObjectName("digitWhyLegend");
  legend_->setTextFormat(Qt::RichText);
  legend_->setWordWrap(true);

  auto* words = new QVBoxLayout;
  words->addWidget(title_);
  words->addWidget(legend_);
  words->addStretch(1);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_, 0, Qt::AlignTop);
  layout->addLayout(words, 1);
  clear();
}

QString DigitWhyPanel::title() const { return title_->text(); }

void DigitWhyPanel::clear() {
  view_->setInput(std::nullopt);
  view_->clearHeatMap();
  title_->setText(tr("Why?"));
  legend_->setText(tr("Click a digit above to see which of its strokes made the answer."));
  legend_->setToolTip(QString());
}

void DigitWhyPanel::explain(const Network& network, const Eigen::Ref<const Eigen::VectorXf>& digit, int truth) {
  const Explanation explanation = explain_answer(network, digit);
  view_->setInput(Eigen::VectorXf(digit));
  view_->setHeatMap(explanation);
  if (explanation.empty()) {
    title_->setText(tr("This digit has no ink."));
    legend_->clear();
    legend_->setToolTip(QString());
    return;
  }
  title_->setText(
      tr("Why %1 (true %2)?")
          .arg(QString::fromStdString(class_name(explanation.answer)), QString::fromStdString(class_name(truth))));
  legend_->setText(AnswerExplainer::legendText(explanation.answer, explanation.runner_up));
  legend_->setToolTip(AnswerExplainer::legendSentence(explanation.answer, explanation.runner_up));
}

}  // namespace digitpad
