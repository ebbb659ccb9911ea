// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/model_safety.h"

#include "core/data/mnist_folder.h"
#include "core/data/training_data.h"
#include "core/nn/fine_tune.h"
#include "core/nn/teach_check.h"
#include "core/recognition/digit_classes.h"
#include "core/util/error.h"

#include <QObject>

#include <algorithm>

namespace digitpad {
namespace {

QString points(float value) { return QStringLiteral("%1").arg(static_cast<double>(value), 0, 'f', 1); }

// "on 500 held-out default digits from 97.2 % to 94.1 % (−3.1 points; 1s:
// 99.0 % → 62.0 %)"
QString describeDrop(const AccuracyChange& change) {
  QString text = QObject::tr("on %1 %2 from %3 to %4 (%5 points")
                     .arg(change.count)
                     .arg(QString::fromStdString(change.set), percentText(change.before), percentText(change.after),
                          QStringLiteral("\u2212") + points(change.drop_points()));
  const int worst = change.worst_class();
  if (worst >= 0 && change.worst_class_drop_points() > change.drop_points() + 0.05f) {
    const auto c = static_cast<std::size_t>(worst);
    text += QObject::tr("; the %1s: %2 \u2192 %3")
                .arg(worst)
                .arg(percentText(change.class_before[c]), percentText(change.class_after[c]));
  }
  return text + QLatin1Char(')');
}

}  // namespace

QString percentText(float fraction) { return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 1); }

QString describeWorstClass(const AccuracyChange& change) {
  const int worst = change.worst_class();
  if (worst < 0 || static_cast<std::size_t>(worst) >= change.class_right_after.size()) return {};
  const auto c = static_cast<std::size_t>(worst);
  const QString name = QString::fromStdString(class_name(worst));
  QString text = QObject::tr("%1s: %2 \u2192 %3 right")
                     .arg(name)
                     .arg(change.class_right_before[c])
                     .arg(change.class_right_after[c]);
  if (change.class_read_as[c] >= 0)
    text += QObject::tr(", mostly read as %1").arg(QString::fromStdString(class_name(change.class_read_as[c])));
  return text;
}

std::optional<ReplacementQuestion> replacementQuestion(bool fine_tune, const std::vector<AccuracyChange>& changes,
                                                       const QString& current_name) {
  if (changes.empty()) return std::nullopt;
  ReplacementQuestion question;
  if (fine_tune) {
    QStringList drops;
    for (const AccuracyChange& change : changes)
      if (change.drop_points() > kFineTuneAllowedDropPoints) drops << describeDrop(change);
    if (drops.isEmpty()) return std::nullopt;
    question.title = QObject::tr("Fine-tuning cost accuracy");
    question.text = QObject::tr(
                        "Fine-tuning on your digits lowered the accuracy %1.\n\nKeep the fine-tuned model, "
                        "or revert to \u201c%2\u201d, the model you had?")
                        .arg(drops.join(QObject::tr(", and ")), current_name);
    question.keep_new = QObject::tr("Keep fine-tuned");
    question.keep_current = QObject::tr("Revert");
    return question;
  }
  const AccuracyChange& change = changes.front();  // the run's own test set
  if (change.after >= change.before) return std::nullopt;
  question.title = QObject::tr("The new model is worse");
  question.text = QObject::tr(
                      "On %1 %2, the new model reads %3 right and the current model \u201c%4\u201d %5.\n\n"
                      "Keep the new model (%3) or the current one (%5)?")
                      .arg(change.count)
                      .arg(QString::fromStdString(change.set), percentText(change.after), current_name,
                           percentText(change.before));
  question.keep_new = QObject::tr("Keep the new model");
  question.keep_current = QObject::tr("Keep the current one");
  return question;
}

const Dataset* TeachAdvisor::defaultDigits() {
  if (!tried_default_digits_) {
    tried_default_digits_ = true;
    try {
      LoadedFolder folder = load_mnist_folder(default_digits_folder());
      default_digits_ = folder.train.empty() ? std::move(folder.test) : std::move(folder.train);
    } catch (const Error&) {
      // Not set up: the network's reading alone decides.
    }
  }
  return default_digits_ ? &*default_digits_ : nullptr;
}

std::optional<QString> TeachAdvisor::question(const Eigen::VectorXf& input, int digit,
                                              const Eigen::VectorXf& probabilities, const Dataset& my_digits) {
  const Dataset* defaults = defaultDigits();
  std::optional<Dataset> combined;
  const Dataset* examples = defaults;
  if (!my_digits.empty() && my_digits.images.rows() == input.size()) {
    if (defaults != nullptr && defaults->images.rows() == input.size())
      combined = concatenate({defaults, &my_digits}, "examples");
    else
      combined = my_digits;
    examples = &*combined;
  }
  if (examples != nullptr && examples->images.rows() != input.size()) examples = nullptr;
  const std::optional<TeachDoubt> doubt = doubt_about_teaching(input, digit, probabilities, examples);
  if (!doubt) return std::nullopt;
  if (doubt->other_digit == kNotADigitLabel)
    return QObject::tr(
               "The network takes this drawing for no digit at all (%1 %). Teach it as %2 anyway?\n\n"
               "If it is a %2 as you write it, teaching it helps the network read it.")
        .arg(std::lround(100.0f * doubt->confidence))
        .arg(digit);
  const QString why = doubt->reason == TeachDoubt::Reason::ReadAsAnother
                          ? QObject::tr("This looks like a %1 to the network (%2 %).")
                                .arg(doubt->other_digit)
                                .arg(std::lround(100.0f * doubt->confidence))
                          : QObject::tr("This drawing sits among the %1s: %2 of the %3 most similar digits are %1s.")
                                .arg(doubt->other_digit)
                                .arg(doubt->neighbours_like_other)
                                .arg(doubt->neighbours);
  return QObject::tr(
             "%1 Teach it as %2 anyway?\n\nA %2 that looks like a %3 can teach the network to read "
             "%3s as %2s.")
      .arg(why)
      .arg(digit)
      .arg(doubt->other_digit);
}

}  // namespace digitpad
