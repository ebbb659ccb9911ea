// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/number_answer.h"

#include "ui/pad/digit_tile.h"
#include "core/data/dataset.h"
#include "core/recognition/number_reading.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

const QColor kSureColour(0x2a, 0x6f, 0xdb);
const QColor kUnsureColour(0xe0, 0x8a, 0x1e);
const QColor kHintColour(0x6b, 0x72, 0x80);
constexpr int kHeaderSpacing = 16;

QString colour(const QColor& colour) { return QStringLiteral("color: %1;").arg(colour.name()); }

}  // namespace

NumberAnswer::NumberAnswer(QWidget* parent) : QWidget(parent) {
  setObjectName("numberAnswer");

  number_label_ = new QLabel(this);
  number_label_->setObjectName("numberLabel");
  QFont number_font = number_label_->font();
  number_font.setPointSize(kNumberPointSize);
  number_font.setBold(true);
  number_label_->setFont(number_font);
  number_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);  // to copy a phone number
  // As wide as the number (fitNumberFont keeps that within the pad), but
  // never the reason for a wider pad.
  number_label_->setMinimumWidth(1);

  confidence_label_ = new QLabel(this);
  confidence_label_->setObjectName("numberConfidenceLabel");
  QFont confidence_font = confidence_label_->font();
  confidence_font.setPointSize(20);
  confidence_font.setBold(true);
  confidence_label_->setFont(confidence_font);
  confidence_label_->setToolTip(tr("A number is only as sure as its least sure digit"));

  verdict_label_ = new QLabel(this);
  verdict_label_->setObjectName("numberVerdictLabel");
  verdict_label_->setWordWrap(true);

  text_column_ = new QVBoxLayout;
  auto* text_column = text_column_;
  text_column->setSpacing(2);
  text_column->addStretch();
  text_column->addWidget(confidence_label_);
  text_column->addWidget(verdict_label_);
  text_column->addStretch();

  // Fixed heights, as in the Digit mode's answer: nothing jumps when the
  // number gives way to a hint and back, or when tiles come and go.
  header_ = new QWidget(this);
  auto* header = header_;
  header->setFixedHeight(QFontMetrics(number_font).height());
  auto* header_row = new QHBoxLayout(header);
  header_row->setContentsMargins(0, 0, 0, 0);
  header_row->setSpacing(kHeaderSpacing);
  header_row->addWidget(number_label_, 0);
  header_row->addLayout(text_column, 1);  // beside the number; a hint takes the whole width

  tiles_box_ = new QWidget;
  tiles_box_->setObjectName("digitTiles");
  tiles_row_ = new QHBoxLayout(tiles_box_);
  tiles_row_->setContentsMargins(0, 0, 0, 0);
  tiles_row_->setSpacing(6);
  tiles_row_->addStretch(1);
  tiles_scroll_ = new QScrollArea(this);
  tiles_scroll_->setObjectName("digitTilesScroll");
  tiles_scroll_->setWidget(tiles_box_);
  tiles_scroll_->setWidgetResizable(true);
  tiles_scroll_->setFrameShape(QFrame::NoFrame);
  tiles_scroll_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  tiles_scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(header);
  layout->addWidget(tiles_scroll_);
  showTiles();
  layout->addStretch(1);  // the pad gives Number mode's answer the height the canvas leaves

  showHint(QString());
}

QList<DigitTile*> NumberAnswer::tiles() const {
  return tiles_box_->findChildren<DigitTile*>(QString(), Qt::FindDirectChildrenOnly);
}

void NumberAnswer::setReading(const NumberReading& reading) {
  if (reading.empty()) return showHint(QString());
  reading_ = reading;
  showTiles();
  int unsure = 0;
  for (const DigitTile* tile : tiles()) unsure += tile->isSure() ? 0 : 1;
  number_ = QString::fromStdString(reading.text());
  const QColor accent = unsure == 0 ? kSureColour : kUnsureColour;
  number_label_->setText(number_);
  number_label_->setStyleSheet(colour(accent));
  number_label_->setVisible(true);
  fitNumberFont();
  confidence_label_->setText(QStringLiteral("%1%").arg(std::lround(reading.confidence() * 100.0f)));
  confidence_label_->setStyleSheet(colour(accent));
  confidence_label_->setVisible(true);
  int not_digits = 0;
  for (const ReadDigit& digit : reading.digits) not_digits += digit.digit == kNotADigitLabel ? 1 : 0;
  if (not_digits > 0)
    verdict_label_->setText(not_digits == 1 ? tr("one piece is not a digit, marked ? below")
                                            : tr("%1 pieces are not digits, marked ? below").arg(not_digits));
  else
    verdict_label_->setText(unsure == 0   ? tr("every digit confident")
                            : unsure == 1 ? tr("1 digit is unsure, marked below")
                                          : tr("%1 digits are unsure, marked below").arg(unsure));
  verdict_label_->setStyleSheet(colour(unsure == 0 ? kHintColour : kUnsureColour));
}

void NumberAnswer::showHint(const QString& hint) {
  reading_ = NumberReading{};
  clearTiles();
  number_.clear();
  number_label_->clear();
  number_label_->setVisible(false);
  confidence_label_->setVisible(false);
  verdict_label_->setText(hint);
  verdict_label_->setStyleSheet(colour(kHintColour));
}

void NumberAnswer::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitNumberFont();
  if (cellPixels() != tiles_cell_) showTiles();
}

void NumberAnswer::showTiles() {
  clearTiles();
  tiles_cell_ = cellPixels();
  // A tile's height plus room for the scroll bar that a long number brings:
  // fixed, so that the answer does not jump when that bar comes and goes.
  tiles_scroll_->setFixedHeight(DigitTile::heightFor(tiles_cell_, fontMetrics()) +
                                tiles_scroll_->horizontalScrollBar()->sizeHint().height() + 2);
  for (const ReadDigit& digit : reading_.digits)
    tiles_row_->insertWidget(tiles_row_->count() - 1,
                             new DigitTile(digit, tiles_cell_, tiles_box_));  // before the stretch
}

void NumberAnswer::clearTiles() {
  for (DigitTile* tile : tiles()) delete tile;
}

void NumberAnswer::fitNumberFont() {
  if (number_.isEmpty()) return;
  // From the header's width, not the label's: the label may not have been
  // laid out yet when the number first appears.
  const int room = header_->width() - kHeaderSpacing - text_column_->sizeHint().width();
  QFont font = number_label_->font();
  for (int size = kNumberPointSize; size >= kSmallestNumberPointSize; size -= 2) {
    font.setPointSize(size);
    if (QFontMetrics(font).horizontalAdvance(number_) + 4 <= room) break;
  }
  if (font != number_label_->font()) number_label_->setFont(font);
}

}  // namespace digitpad
