// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/digits/my_digits_view.h"

#include "ui/digits/my_digits.h"
#include "core/util/error.h"

#include <QDir>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QStringList>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace digitpad {
namespace {

constexpr int kThumbnailScale = 2;  // 28x28 shown at 56x56: small but legible

// Ink dark on paper, as the user drew it.
QPixmap thumbnail(const Eigen::Ref<const Eigen::VectorXf>& input) {
  QImage image(kImageSide, kImageSide, QImage::Format_Grayscale8);
  for (int y = 0; y < kImageSide; ++y) {
    uchar* line = image.scanLine(y);
    for (int x = 0; x < kImageSide; ++x) {
      const float ink = std::clamp(input(y * kImageSide + x), 0.0f, 1.0f);
      line[x] = static_cast<uchar>(std::lround(255.0f * (1.0f - ink)));
    }
  }
  return QPixmap::fromImage(image.scaled(kImageSide * kThumbnailScale, kImageSide * kThumbnailScale));
}

}  // namespace

MyDigitsView::MyDigitsView(MyDigits* digits, QWidget* parent) : QGroupBox(tr("My digits"), parent), digits_(digits) {
  setObjectName("myDigitsView");
  confirm_clear_ = [this] {
    return QMessageBox::question(this, tr("Clear all your digits?"),
                                 tr("Remove all %1 of My digits? This cannot be undone.").arg(digits_->count()),
                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
  };

  summary_ = new QLabel(this);
  summary_->setObjectName("myDigitsSummary");
  summary_->setWordWrap(true);

  folder_label_ = new QLabel(this);
  folder_label_->setObjectName("myDigitsFolder");
  folder_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  folder_label_->setStyleSheet(QStringLiteral("color: #5f6368;"));
  folder_label_->setWordWrap(true);

  list_ = new QListWidget(this);
  list_->setObjectName("myDigitsList");
  list_->setViewMode(QListView::IconMode);
  list_->setIconSize(QSize(kImageSide * kThumbnailScale, kImageSide * kThumbnailScale));
  list_->setResizeMode(QListView::Adjust);
  list_->setMovement(QListView::Static);
  list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  list_->setMinimumHeight(kImageSide * kThumbnailScale + 40);
  connect(list_, &QListWidget::itemSelectionChanged, this, &MyDigitsView::updateButtons);

  remove_button_ = new QPushButton(tr("Remove selected"), this);
  remove_button_->setObjectName("removeDigitsButton");
  connect(remove_button_, &QPushButton::clicked, this, &MyDigitsView::removeSelected);
  clear_button_ = new QPushButton(tr("Clear all…"), this);
  clear_button_->setObjectName("clearDigitsButton");
  connect(clear_button_, &QPushButton::clicked, this, &MyDigitsView::clearAll);
  export_button_ = new QPushButton(tr("Export…"), this);
  export_button_->setObjectName("exportDigitsButton");
  export_button_->setToolTip(tr("Save your digits as folders 0 … 9 of 28×28 PNG images"));
  connect(export_button_, &QPushButton::clicked, this, &MyDigitsView::exportRequested);
  fine_tune_button_ = new QPushButton(tr("Fine-tune"), this);
  fine_tune_button_->setObjectName("fineTuneButton");
  connect(fine_tune_button_, &QPushButton::clicked, this, &MyDigitsView::fineTuneRequested);

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(remove_button_);
  buttons->addWidget(clear_button_);
  buttons->addWidget(export_button_);
  buttons->addStretch(1);
  buttons->addWidget(fine_tune_button_);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(summary_);
  layout->addWidget(list_, 1);
  layout->addLayout(buttons);
  layout->addWidget(folder_label_);

  connect(digits_, &MyDigits::changed, this, &MyDigitsView::refresh);
  refresh();
}

void MyDigitsView::refresh() {
  list_->clear();
  const Dataset& data = digits_->digits();
  // The name `digitpad-cli my-digits list` prints and `remove` takes.
  const std::vector<std::string> hashes = digits_->hashes();
  for (int i = 0; i < data.count(); ++i) {
    auto* item = new QListWidgetItem(QIcon(thumbnail(data.images.col(i))),
                                     QString::number(data.labels[static_cast<std::size_t>(i)]), list_);
    item->setData(Qt::UserRole, i);
    item->setToolTip(tr("Content hash %1").arg(QString::fromStdString(hashes[static_cast<std::size_t>(i)])));
    item->setTextAlignment(Qt::AlignHCenter);
  }
  list_->scrollToBottom();  // the newest digit is the one just taught

  if (data.empty()) {
    summary_->setText(
        tr("None yet. When a drawing is misread, press its digit key or a Teach button under the "
           "canvas: it is kept here, and Fine-tune teaches the model your handwriting."));
  } else {
    QStringList per_label;
    const auto counts = digits_->countsPerLabel();
    for (int label = 0; label < kClassCount; ++label)
      if (counts[static_cast<std::size_t>(label)] > 0)
        per_label << tr("%1: %2").arg(label).arg(counts[static_cast<std::size_t>(label)]);
    const QString count = data.count() == 1 ? tr("1 digit") : tr("%1 digits").arg(data.count());
    summary_->setText(tr("%1 — %2").arg(count, per_label.join(QStringLiteral(", "))));
  }
  folder_label_->setText(tr("Kept in %1 (MNIST files: digitpad-cli train --data or --my-digits reads it)")
                             .arg(QDir::toNativeSeparators(digits_->folder())));
  updateButtons();
}

void MyDigitsView::removeSelected() {
  std::vector<int> indices;
  for (const QListWidgetItem* item : list_->selectedItems()) indices.push_back(item->data(Qt::UserRole).toInt());
  if (indices.empty()) return;
  try {
    digits_->remove(indices);
    emit statusMessage(
        tr("Removed %n of your digits (%1 left)", nullptr, static_cast<int>(indices.size())).arg(digits_->count()));
  } catch (const Error& error) {
    emit statusMessage(tr("Could not remove: %1").arg(QString::fromStdString(error.what())));
  }
}

void MyDigitsView::clearAll() {
  if (digits_->count() == 0 || !confirm_clear_()) return;
  try {
    digits_->clear();
    emit statusMessage(tr("Cleared your digits"));
  } catch (const Error& error) {
    emit statusMessage(tr("Could not clear: %1").arg(QString::fromStdString(error.what())));
  }
}

void MyDigitsView::setFineTuneAvailable(bool available, const QString& reason) {
  fine_tune_available_ = available;
  fine_tune_reason_ = reason;
  updateButtons();
}

void MyDigitsView::updateButtons() {
  remove_button_->setEnabled(!list_->selectedItems().isEmpty());
  clear_button_->setEnabled(digits_->count() > 0);
  export_button_->setEnabled(digits_->count() > 0);
  const bool can_fine_tune = fine_tune_available_ && digits_->count() > 0;
  fine_tune_button_->setEnabled(can_fine_tune);
  fine_tune_button_->setToolTip(
      can_fine_tune ? tr("Train the current model further on your digits mixed with the training data (a few "
                         "epochs, small steps), so it learns your handwriting without forgetting the rest")
      : digits_->count() == 0 ? tr("Teach some digits first")
                              : fine_tune_reason_);
}

}  // namespace digitpad
