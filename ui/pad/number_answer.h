// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/recognition/number_reading.h"

#include <QList>
#include <QString>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QScrollArea;
class QVBoxLayout;

namespace digitpad {

class DigitTile;

// The Number mode's answer: the number in large type with its confidence
// (that of its least sure digit, NumberReading::confidence) and a verdict,
// over one DigitTile per digit, left to right, so that the user sees how the
// drawing was split and which digit to rewrite. Many digits scroll sideways.
// Without a reading (blank canvas, no model) a hint takes the number's place.
class NumberAnswer : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kNumberPointSize = 44;
  static constexpr int kSmallestNumberPointSize = 18;
  // From this width on, the tiles show each input pixel as 3x3 screen
  // pixels instead of 2x2: a wide pad has the room.
  static constexpr int kLargeTilesWidth = 640;

  explicit NumberAnswer(QWidget* parent = nullptr);

  void setReading(const NumberReading& reading);
  // Clears the number and the tiles and shows `hint` instead.
  void showHint(const QString& hint);

  // The number shown ("2024"), "" while a hint is shown.
  QString number() const { return number_; }
  QList<DigitTile*> tiles() const;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void clearTiles();
  void showTiles();
  int cellPixels() const { return width() >= kLargeTilesWidth ? 3 : 2; }
  // A long number (a phone number on a narrow pad) gets a smaller font
  // rather than being cut.
  void fitNumberFont();

  QWidget* header_;
  QVBoxLayout* text_column_;
  QLabel* number_label_;
  QLabel* confidence_label_;
  QLabel* verdict_label_;
  QScrollArea* tiles_scroll_;
  QWidget* tiles_box_;
  QHBoxLayout* tiles_row_;
  QString number_;
  NumberReading reading_;  // kept to re-make the tiles at another size
  int tiles_cell_ = 0;
};

}  // namespace digitpad
