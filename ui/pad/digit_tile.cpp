// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/digit_tile.h"

#include "core/data/digit_frame.h"
#include "ui/pad/probability_bars.h"
#include "core/recognition/number_reading.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

const QMargins kMargins(4, 4, 4, 3);
constexpr int kSpacing = 2;

const QColor kSureColour(0x2a, 0x6f, 0xdb);
const QColor kUnsureColour(0xe0, 0x8a, 0x1e);

// The 28x28 input at a whole number of screen pixels per cell, without
// smoothing: the user sees exactly the pixels the network read.
class TinyInputView : public QWidget {
 public:
  TinyInputView(const Eigen::VectorXf& input, int cell, QWidget* parent)
      : QWidget(parent), image_(kImageSide, kImageSide, QImage::Format_Grayscale8) {
    for (int row = 0; row < kImageSide; ++row) {
      uchar* line = image_.scanLine(row);
      for (int column = 0; column < kImageSide; ++column) {
        const float ink =
            input.size() == kImageSide * kImageSide ? std::clamp(input(row * kImageSide + column), 0.0f, 1.0f) : 0.0f;
        line[column] = static_cast<uchar>(std::lround(ink * 255.0f));
      }
    }
    setFixedSize(kImageSide * cell, kImageSide * cell);
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(rect(), image_);
  }

 private:
  QImage image_;
};

QString percent(float probability) { return QStringLiteral("%1%").arg(std::lround(probability * 100.0f)); }

}  // namespace

int DigitTile::heightFor(int cell, const QFontMetrics& metrics) {
  return kImageSide * cell + metrics.height() + kMargins.top() + kMargins.bottom() + kSpacing + 4;  // + frame
}

DigitTile::DigitTile(const ReadDigit& digit, int cell, QWidget* parent)
    : QFrame(parent), digit_(digit.digit), probability_(digit.probability) {
  setObjectName("digitTile");
  const PredictionSummary summary = summarize_prediction(digit.probabilities);
  // A piece that is not a digit is framed as a doubtful one: the number
  // cannot be trusted as read.
  sure_ = summary.sure && !summary.not_a_digit();
  const QColor accent = sure_ ? kSureColour : kUnsureColour;
  // "?" in the tile, as in the number's text; the tooltip says it in words.
  const QString shown = summary.not_a_digit() ? QStringLiteral("?") : QString::number(digit_);

  auto* view = new TinyInputView(digit.input, cell, this);
  view->setObjectName("digitTileInput");

  auto* label = new QLabel(this);
  label->setObjectName("digitTileLabel");
  // The digit in bold, its probability beside it: "7 98%".
  label->setTextFormat(Qt::RichText);
  label->setText(QStringLiteral("<b>%1</b>&nbsp;%2").arg(shown, percent(probability_)));
  label->setAlignment(Qt::AlignCenter);
  if (!sure_) label->setStyleSheet(QStringLiteral("color: %1;").arg(accent.name()));

  // A thick orange frame for a doubtful digit, a thin grey one otherwise.
  setFrameShape(QFrame::NoFrame);
  // By object name: a type selector would need the namespaced class name.
  setStyleSheet(QStringLiteral("QFrame#digitTile { border: %1px solid %2; border-radius: 4px; }")
                    .arg(sure_ ? 1 : 2)
                    .arg(sure_ ? QStringLiteral("#c4c9d2") : accent.name()));
  if (summary.not_a_digit())
    setToolTip(tr("Not a digit (%1) — %2").arg(percent(probability_), prediction_verdict(summary)));
  else
    setToolTip(
        sure_ ? tr("Read as %1 (%2)").arg(digit_).arg(percent(probability_))
              : tr("Not sure: %1 (%2) — %3").arg(digit_).arg(percent(probability_)).arg(prediction_verdict(summary)));

  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(kMargins);
  column->setSpacing(kSpacing);
  column->addWidget(view, 0, Qt::AlignHCenter);
  column->addWidget(label);
  setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

}  // namespace digitpad
