// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/probability_bars.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "core/data/dataset.h"
#include "core/recognition/digit_classes.h"

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

// "Confident" only when the top digit is likely and the runner-up far behind:
// 63 % against 30 % is a close call, not confidence.
constexpr float kSureProbability = 0.8f;
constexpr float kFarBehindRunnerUp = 0.1f;
// A runner-up below this is not worth naming: the doubt is spread wide.
constexpr float kNameableRunnerUp = 0.15f;
// Without a nameable runner-up, a top digit this likely is "fairly sure".
constexpr float kFairlySureProbability = 0.6f;

const QColor kSureColour(0x2a, 0x6f, 0xdb);
const QColor kUnsureColour(0xe0, 0x8a, 0x1e);
const QColor kOtherBarColour(0xb8, 0xc2, 0xd0);
const QColor kHintColour(0x6b, 0x72, 0x80);
const QColor kNotADigitColour(0x9b, 0x3b, 0x3b);
// The not-a-digit bar's tick: a cross reads as "none of these" at a glance.
const QString kNotADigitTick = QStringLiteral("\u2717");

QString percent(float probability) { return QString("%1%").arg(std::lround(probability * 100.0f)); }

}  // namespace

PredictionSummary summarize_prediction(const Eigen::VectorXf& probabilities) {
  PredictionSummary summary;
  for (Eigen::Index i = 0; i < probabilities.size(); ++i) {
    const float p = probabilities(i);
    if (summary.digit < 0 || p > summary.confidence) {
      summary.runner_up = summary.digit;
      summary.runner_up_confidence = summary.confidence;
      summary.digit = static_cast<int>(i);
      summary.confidence = p;
    } else if (summary.runner_up < 0 || p > summary.runner_up_confidence) {
      summary.runner_up = static_cast<int>(i);
      summary.runner_up_confidence = p;
    }
  }
  summary.sure = summary.digit >= 0 && summary.confidence >= kSureProbability &&
                 summary.runner_up_confidence <= kFarBehindRunnerUp;
  if (probabilities.size() > 0) {
    summary.best_digit = best_digit(probabilities);
    summary.best_digit_confidence = probabilities(summary.best_digit);
  }
  return summary;
}

bool PredictionSummary::not_a_digit() const { return digit == kNotADigitLabel; }

QString class_words(int class_index) {
  return class_index == kNotADigitLabel ? QObject::tr("not a digit") : QString::number(class_index);
}

QString prediction_verdict(const PredictionSummary& summary) {
  if (summary.digit < 0) return {};
  if (summary.not_a_digit())
    return QObject::tr("if a digit, most like %1 (%2)")
        .arg(summary.best_digit)
        .arg(percent(summary.best_digit_confidence));
  if (summary.sure) return QObject::tr("confident");
  if (summary.runner_up >= 0 && summary.runner_up_confidence >= kNameableRunnerUp) {
    return QObject::tr("%1, or maybe %2").arg(summary.digit).arg(class_words(summary.runner_up));
  }
  if (summary.confidence >= kFairlySureProbability) return QObject::tr("fairly sure");
  return QObject::tr("not sure");
}

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent) {
  setObjectName("probabilityBars");

  digit_label_ = new QLabel(this);
  digit_label_->setObjectName("predictedDigitLabel");
  digit_font_ = digit_label_->font();
  digit_font_.setPointSize(72);
  digit_font_.setBold(true);
  guess_font_ = digit_font_;
  guess_font_.setPointSize(40);
  digit_label_->setFont(digit_font_);
  digit_label_->setAlignment(Qt::AlignCenter);
  const QFontMetrics digit_metrics(digit_font_);
  digit_label_->setFixedWidth(digit_metrics.horizontalAdvance('0') + 16);

  confidence_label_ = new QLabel(this);
  confidence_label_->setObjectName("confidenceLabel");
  confidence_font_ = confidence_label_->font();
  confidence_font_.setPointSize(26);
  confidence_font_.setBold(true);
  // Words take more room than "97%": smaller, so "Not a digit" fits beside the guess.
  words_font_ = confidence_font_;
  words_font_.setPointSize(17);
  confidence_label_->setFont(confidence_font_);

  verdict_label_ = new QLabel(this);
  verdict_label_->setObjectName("predictionVerdictLabel");
  verdict_label_->setWordWrap(true);
  QFont verdict_font = verdict_label_->font();
  verdict_font.setPointSizeF(verdict_font.pointSizeF() * 1.15);
  verdict_label_->setFont(verdict_font);

  auto* text_column = new QVBoxLayout;
  text_column->setSpacing(2);
  text_column->addStretch();
  text_column->addWidget(confidence_label_);
  text_column->addWidget(verdict_label_);
  text_column->addStretch();

  // A fixed-height header: the plot below does not jump when the big digit
  // gives way to a hint and back.
  auto* header = new QWidget(this);
  header->setFixedHeight(digit_metrics.height());
  auto* header_layout = new QHBoxLayout(header);
  header_layout->setContentsMargins(0, 0, 0, 0);
  header_layout->setSpacing(12);
  header_layout->addWidget(digit_label_);
  header_layout->addLayout(text_column, 1);

  plot_ = new QCustomPlot(this);
  plot_->setObjectName("probabilityPlot");
  plot_->setMinimumHeight(150);
  plot_->setBackground(palette().window());
  plot_->axisRect()->setBackground(Qt::white);
  plot_->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
  plot_->axisRect()->setMargins(QMargins(0, 8, 8, 0));

  plot_->xAxis->setTickLength(0, 0);
  plot_->xAxis->setSubTicks(false);
  plot_->xAxis->grid()->setVisible(false);
  QFont tick_font = font();
  tick_font.setPointSizeF(tick_font.pointSizeF() * 1.1);
  tick_font.setBold(true);
  plot_->xAxis->setTickLabelFont(tick_font);

  auto percent_ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (int value = 0; value <= 100; value += 25) percent_ticker->addTick(value, QString("%1%").arg(value));
  plot_->yAxis->setTicker(percent_ticker);
  plot_->yAxis->setRange(0, 104);  // a little headroom: a 100 % bar is not cut by the frame
  plot_->yAxis->setSubTicks(false);
  plot_->yAxis->setTickLength(0, 3);
  plot_->yAxis->setBasePen(Qt::NoPen);
  plot_->yAxis->grid()->setPen(QPen(QColor(0xe3, 0xe6, 0xeb), 1));
  plot_->xAxis->setBasePen(QPen(QColor(0x90, 0x96, 0xa0), 1));

  other_bars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
  other_bars_->setPen(Qt::NoPen);
  other_bars_->setBrush(kOtherBarColour);
  other_bars_->setWidth(0.7);
  top_bar_ = new QCPBars(plot_->xAxis, plot_->yAxis);
  top_bar_->setPen(Qt::NoPen);
  top_bar_->setBrush(kSureColour);
  top_bar_->setWidth(0.7);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(6);
  layout->addWidget(header);
  layout->addWidget(plot_, 1);

  setClassCount(kClassCount);
  showHint(QString());
}

void ProbabilityBars::setClassCount(int classes) {
  if (classes == class_count_) return;
  class_count_ = classes;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (int digit = 0; digit < kClassCount; ++digit) ticker->addTick(digit, QString::number(digit));
  if (classes > kClassCount) ticker->addTick(kNotADigitLabel, kNotADigitTick);
  plot_->xAxis->setTicker(ticker);
  plot_->xAxis->setRange(-0.6, classes - 0.4);
}

void ProbabilityBars::setProbabilities(const Eigen::VectorXf& probabilities) {
  probabilities_ = probabilities;
  const PredictionSummary summary = summarize_prediction(probabilities);
  if (summary.digit < 0) return showHint(QString());
  setClassCount(static_cast<int>(probabilities.size()));

  if (summary.not_a_digit()) {
    // Said in words; the digit it would be is still there, smaller and grey,
    // so a user who meant a digit sees what to teach.
    digit_label_->setText(QString::number(summary.best_digit));
    digit_label_->setFont(guess_font_);
    digit_label_->setStyleSheet(QString("color: %1;").arg(kHintColour.name()));
    confidence_label_->setText(tr("Not a digit"));
    confidence_label_->setFont(words_font_);
    confidence_label_->setStyleSheet(QString("color: %1;").arg(kNotADigitColour.name()));
    verdict_label_->setText(tr("%1 sure; %2").arg(percent(summary.confidence), prediction_verdict(summary)));
    verdict_label_->setStyleSheet(QString("color: %1;").arg(kHintColour.name()));
    top_bar_->setBrush(kNotADigitColour);
  } else {
    const QColor accent = summary.sure ? kSureColour : kUnsureColour;
    digit_label_->setText(QString::number(summary.digit));
    digit_label_->setFont(digit_font_);
    digit_label_->setStyleSheet(QString("color: %1;").arg(accent.name()));
    confidence_label_->setText(percent(summary.confidence));
    confidence_label_->setFont(confidence_font_);
    confidence_label_->setStyleSheet(QString());
    verdict_label_->setText(prediction_verdict(summary));
    verdict_label_->setStyleSheet(QString("color: %1;").arg(summary.sure ? kHintColour.name() : accent.name()));
    top_bar_->setBrush(accent);
  }
  digit_label_->setVisible(true);
  confidence_label_->setVisible(true);
  plotBars(probabilities, summary.digit);
}

void ProbabilityBars::showHint(const QString& hint) {
  probabilities_.resize(0);
  digit_label_->setVisible(false);
  confidence_label_->setVisible(false);
  verdict_label_->setText(hint);
  verdict_label_->setStyleSheet(QString("color: %1;").arg(kHintColour.name()));
  plotBars(Eigen::VectorXf::Zero(class_count_), -1);
}

void ProbabilityBars::plotBars(const Eigen::VectorXf& values, int highlighted) {
  QVector<double> keys, heights, top_key, top_height;
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    const double height = std::clamp(static_cast<double>(values(i)), 0.0, 1.0) * 100.0;
    if (i == highlighted) {
      top_key.append(static_cast<double>(i));
      top_height.append(height);
    } else {
      keys.append(static_cast<double>(i));
      heights.append(height);
    }
  }
  other_bars_->setData(keys, heights, true);
  top_bar_->setData(top_key, top_height, true);
  // Queued: several updates within one event-loop pass cost one render.
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace digitpad
