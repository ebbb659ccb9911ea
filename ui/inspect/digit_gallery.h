// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>

#include <QImage>
#include <QString>
#include <QWidget>

#include <vector>

class QLabel;
class QListWidget;

namespace digitpad {

// One digit to show: where it is in its set, its 28x28 pixels and what the
// model made of it.
struct GalleryDigit {
  int index = 0;
  QImage image;  // kImageSide x kImageSide, see digitImage()
  int predicted = 0;
  int truth = 0;
  float confidence = 0;
};

// A wrapping grid of test digits, each drawn at three times its size with
// "predicted P / true T" and the model's confidence under it; misread digits
// are captioned in red.
class DigitGallery : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kScale = 3;

  explicit DigitGallery(QWidget* parent = nullptr);

  // Replaces the grid with `digits` under `heading`.
  void showDigits(const QString& heading, const std::vector<GalleryDigit>& digits);
  void clear(const QString& heading);

  QString heading() const;
  // The set indices of the digits shown, in display order.
  std::vector<int> shownIndices() const { return shown_; }
  QListWidget* list() const { return list_; }

  // A dataset column (kImagePixels values in [0,1], ink = 1) as a 28x28 image
  // with dark ink on white, as the digit was drawn.
  static QImage digitImage(const Eigen::Ref<const Eigen::VectorXf>& pixels);

 private:
  QLabel* heading_ = nullptr;
  QListWidget* list_ = nullptr;
  std::vector<int> shown_;
};

}  // namespace digitpad
