// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspect/digit_gallery.h"

#include "core/recognition/digit_classes.h"

#include "core/data/dataset.h"

#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QVBoxLayout>

#include <algorithm>

namespace digitpad {
namespace {

constexpr int kThumbnail = kImageSide * DigitGallery::kScale;

// The digit scaled up without smoothing (its pixels stay visible, as the
// network saw them) inside a thin frame that shows where 28x28 ends.
QPixmap thumbnail(const QImage& digit) {
  QPixmap pixmap(kThumbnail + 2, kThumbnail + 2);
  pixmap.fill(QColor(0xc8, 0xc8, 0xc8));
  QPainter painter(&pixmap);
  painter.drawImage(QRect(1, 1, kThumbnail, kThumbnail), digit);
  return pixmap;
}

}  // namespace

DigitGallery::DigitGallery(QWidget* parent) : QWidget(parent) {
  setObjectName("digitGallery");
  heading_ = new QLabel;
  heading_->setObjectName("galleryHeading");
  heading_->setWordWrap(true);
  QFont heading_font = heading_->font();
  heading_font.setBold(true);
  heading_->setFont(heading_font);

  list_ = new QListWidget;
  list_->setObjectName("galleryList");
  list_->setViewMode(QListView::IconMode);
  list_->setResizeMode(QListView::Adjust);
  list_->setMovement(QListView::Static);
  list_->setWrapping(true);
  list_->setUniformItemSizes(true);
  list_->setIconSize(QSize(kThumbnail + 2, kThumbnail + 2));
  list_->setGridSize(QSize(kThumbnail + 40, kThumbnail + 44));
  list_->setSpacing(2);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  list_->setWordWrap(true);
  list_->setMinimumWidth(3 * (kThumbnail + 40) + 30);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(heading_);
  layout->addWidget(list_, 1);
}

QImage DigitGallery::digitImage(const Eigen::Ref<const Eigen::VectorXf>& pixels) {
  QImage image(kImageSide, kImageSide, QImage::Format_Grayscale8);
  for (int y = 0; y < kImageSide; ++y) {
    uchar* line = image.scanLine(y);
    for (int x = 0; x < kImageSide; ++x) {
      const float ink = std::clamp(pixels[y * kImageSide + x], 0.0f, 1.0f);
      line[x] = static_cast<uchar>(255.0f - 255.0f * ink + 0.5f);
    }
  }
  return image;
}

void DigitGallery::showDigits(const QString& heading, const std::vector<GalleryDigit>& digits) {
  heading_->setText(heading);
  list_->clear();
  shown_.clear();
  shown_.reserve(digits.size());
  for (const GalleryDigit& digit : digits) {
    const QString predicted = QString::fromStdString(class_name(digit.predicted));
    const QString truth = QString::fromStdString(class_name(digit.truth));
    const QString caption =
        tr("predicted %1 / true %2\n%3 %").arg(predicted, truth).arg(100.0 * digit.confidence, 0, 'f', 1);
    auto* item = new QListWidgetItem(QIcon(thumbnail(digit.image)), caption);
    item->setData(Qt::UserRole, digit.index);
    item->setToolTip(tr("Digit #%1 of the test set: the model says %2 with %3 % confidence; it is a %4.")
                         .arg(digit.index)
                         .arg(predicted)
                         .arg(100.0 * digit.confidence, 0, 'f', 1)
                         .arg(truth));
    item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
    if (digit.predicted != digit.truth) item->setForeground(QColor(0xb0, 0x3a, 0x2e));
    list_->addItem(item);
    shown_.push_back(digit.index);
  }
}

void DigitGallery::clear(const QString& heading) { showDigits(heading, {}); }

QString DigitGallery::heading() const { return heading_->text(); }

}  // namespace digitpad
