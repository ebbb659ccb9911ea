// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/mnist_download_row.h"

#include "ui/headless/download/mnist_download.h"

#include <QDir>
#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

constexpr int kBarSteps = 1000;

// The unit a size is shown in, chosen once for "done of total" so both read alike.
struct SizeUnit {
  double divisor;
  int decimals;
  const char* name;
};

SizeUnit unitFor(double bytes) {
  if (bytes >= 1e6) return {1e6, 1, "MB"};
  if (bytes >= 1e3) return {1e3, 0, "kB"};
  return {1.0, 0, "B"};
}

QString inUnit(double bytes, const SizeUnit& unit) {
  return QString::number(bytes / unit.divisor, 'f', unit.decimals);
}

QString timeLeftText(double seconds) {
  const long long whole = std::llround(seconds);
  if (whole < 60) return MnistDownloadRow::tr("%1 s left").arg(whole);
  return MnistDownloadRow::tr("%1 min %2 s left").arg(whole / 60).arg(whole % 60);
}

}  // namespace

MnistDownloadRow::MnistDownloadRow(QWidget* parent) : QWidget(parent) {
  setObjectName("mnistDownloadRow");
  bar_ = new QProgressBar;
  bar_->setObjectName("mnistDownloadProgress");
  bar_->setRange(0, kBarSteps);
  bar_->setTextVisible(true);
  // The row's text can be long; the bar should give way rather than widen the panel.
  bar_->setMinimumWidth(0);
  bar_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
  cancel_button_ = new QPushButton(tr("Cancel"));
  cancel_button_->setObjectName("cancelMnistDownloadButton");
  cancel_button_->setToolTip(tr("Stop the download; Download later continues where it stopped"));
  connect(cancel_button_, &QPushButton::clicked, this, &MnistDownloadRow::cancel);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(bar_, 1);
  layout->addWidget(cancel_button_);
  setVisible(false);  // until a download starts
}

MnistDownloadRow::~MnistDownloadRow() {
  // The panel (or the app) is going away: stop the transfer without telling
  // anyone, since our listeners may already be half destroyed. The .part
  // files stay for a later run to continue.
  if (download_ == nullptr) return;
  download_->disconnect(this);
  download_->cancel();
  delete download_;
}

QString MnistDownloadRow::folder() { return MnistDownload::cachedFolder(); }

MnistSource MnistDownloadRow::source() {
  // A malformed override is reported when a download starts (MnistDownload does).
  QString problem;
  const MnistSource standard = standardMnistSource();
  return mnistSourceFromEnvironment(standard, problem).value_or(standard);
}

bool MnistDownloadRow::isFetched() { return MnistDownload::isComplete(folder(), source()); }

qint64 MnistDownloadRow::expectedBytes() {
  qint64 total = 0;
  for (const ExpectedFile& file : source().files) {
    if (file.size < 0) return -1;
    total += file.size;
  }
  return total;
}

QString MnistDownloadRow::sizeText(double bytes) {
  const SizeUnit unit = unitFor(bytes);
  return inUnit(bytes, unit) + QLatin1Char(' ') + QLatin1String(unit.name);
}

QString MnistDownloadRow::sourceName(bool fetched) {
  if (fetched) return tr("MNIST (60,000 / 10,000)");
  const qint64 bytes = expectedBytes();
  return bytes > 0 ? tr("MNIST (download, %1)").arg(sizeText(static_cast<double>(bytes))) : tr("MNIST (download)");
}

QString MnistDownloadRow::sourceToolTip(bool fetched) {
  return fetched ? tr("MNIST, downloaded into %1").arg(QDir::toNativeSeparators(folder()))
                 : tr("MNIST's 60,000 training and 10,000 test digits, downloaded from the internet when you "
                      "click Download");
}

QString MnistDownloadRow::progressText(qint64 bytes_done, qint64 bytes_total, double bytes_per_second,
                                       double seconds_left) {
  QStringList parts;
  if (bytes_total > 0) {
    const SizeUnit unit = unitFor(static_cast<double>(bytes_total));
    parts << tr("%1 of %2 %3")
                 .arg(inUnit(static_cast<double>(bytes_done), unit), inUnit(static_cast<double>(bytes_total), unit),
                      QLatin1String(unit.name));
  } else {
    parts << sizeText(static_cast<double>(bytes_done));
  }
  if (bytes_per_second > 0) parts << sizeText(bytes_per_second) + QStringLiteral("/s");
  if (seconds_left >= 0) parts << timeLeftText(seconds_left);
  return parts.join(QStringLiteral(" · "));
}

void MnistDownloadRow::start() {
  if (download_ != nullptr) return;
  download_ = new MnistDownload(folder(), this);
  connect(download_, &MnistDownload::progress, this, &MnistDownloadRow::onProgress);
  connect(download_, &MnistDownload::finished, this, &MnistDownloadRow::onFinished);
  bar_->setFormat(tr("Connecting…"));
  bar_->setValue(0);
  cancel_button_->setEnabled(true);
  setVisible(true);
  download_->start();  // asynchronous: finished() comes from the event loop
  emit downloadingChanged(true);
}

void MnistDownloadRow::cancel() {
  if (download_ == nullptr) return;
  cancel_button_->setEnabled(false);  // finished(cancelled) follows
  download_->cancel();
}

void MnistDownloadRow::onProgress(qint64 bytes_done, qint64 bytes_total, double bytes_per_second, double seconds_left,
                                  const QString& current_file) {
  double fraction = 0.0;
  if (bytes_total > 0) {
    fraction = static_cast<double>(bytes_done) / static_cast<double>(bytes_total);
  } else {
    // Sizes not all known yet (a source that publishes none, as the test
    // override): count whole files, which are fetched in order.
    const QList<ExpectedFile>& files = download_->source().files;
    for (int i = 0; i < files.size(); ++i)
      if (files[i].name == current_file) fraction = static_cast<double>(i) / static_cast<double>(files.size());
  }
  // No '%' placeholders in the text, so QProgressBar shows it as it is.
  bar_->setFormat(progressText(bytes_done, bytes_total, bytes_per_second, seconds_left));
  bar_->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * kBarSteps)));
  bar_->setToolTip(current_file.isEmpty() ? QString() : tr("Fetching %1").arg(current_file));
}

void MnistDownloadRow::onFinished(bool ok, const QString& message) {
  const bool was_cancelled = download_->result() == MnistDownload::Result::Cancelled;
  // Not deleted here: we are inside its own signal.
  download_->deleteLater();
  download_ = nullptr;
  setVisible(false);
  emit downloadingChanged(false);
  if (ok) {
    emit succeeded(folder());
  } else if (was_cancelled) {
    emit cancelled();
    emit this->message(tr("MNIST download cancelled. Download again to continue where it stopped."), false);
  } else {
    emit failed(message);
    emit this->message(tr("MNIST download failed: %1. Download again to continue.").arg(message.simplified()), true);
  }
}

}  // namespace digitpad
