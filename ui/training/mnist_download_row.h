// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/headless/download/mnist_source.h"

#include <QString>
#include <QWidget>

class QProgressBar;
class QPushButton;

namespace digitpad {

class MnistDownload;

// The MNIST download in the training panel's data group: a progress bar
// reading "3.1 of 11.6 MB · 1.2 MB/s · 7 s left" and a Cancel button, shown
// only while a download runs. The download itself is MnistDownload's (files
// checked, named only once whole, .part files resumed); it runs in the GUI
// thread's event loop on Qt Network's asynchronous replies, so the rest of the
// app keeps working meanwhile. Deleting the row cancels a running download.
class MnistDownloadRow : public QWidget {
  Q_OBJECT

 public:
  explicit MnistDownloadRow(QWidget* parent = nullptr);
  ~MnistDownloadRow() override;

  // Where the files go: MnistDownload::cachedFolder(), where `digitpad-cli
  // fetch mnist` puts them too.
  static QString folder();
  // The files and mirrors, with the test-only override of mnist_source.h.
  static MnistSource source();
  // Every file is in folder() under its final name (a quick check, see
  // MnistDownload::isComplete).
  static bool isFetched();
  // The bytes a download takes, when the source publishes every size; -1 otherwise.
  static qint64 expectedBytes();
  // "3.1 of 11.6 MB · 1.2 MB/s · 7 s left"; the parts not known yet are left out.
  static QString progressText(qint64 bytes_done, qint64 bytes_total, double bytes_per_second, double seconds_left);
  // "11.6 MB", "48 kB", "930 B" (decimal units, as download sizes are given).
  static QString sizeText(double bytes);
  // The source combo's item: "MNIST (60,000 / 10,000)" once fetched, else
  // "MNIST (download, 11.6 MB)"; and its tooltip.
  static QString sourceName(bool fetched);
  static QString sourceToolTip(bool fetched);

  bool isDownloading() const { return download_ != nullptr; }

 public slots:
  // Starts (or continues, after a failure or Cancel) the download; nothing when one runs.
  void start();
  void cancel();

 signals:
  void downloadingChanged(bool downloading);
  // One of these after each start().
  void succeeded(const QString& folder);
  void failed(const QString& message);  // one line naming the file that failed
  void cancelled();
  // A failure or a cancellation in words, for the panel's message line.
  void message(const QString& text, bool is_problem);

 private:
  void onProgress(qint64 bytes_done, qint64 bytes_total, double bytes_per_second, double seconds_left,
                  const QString& current_file);
  void onFinished(bool ok, const QString& message);

  QProgressBar* bar_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  MnistDownload* download_ = nullptr;  // the running download, a child; null when none runs
};

}  // namespace digitpad
