// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Why Qt Network for the MNIST download: it comes with qt6-base-dev, which the
// app already needs (no new package, no libcurl); its asynchronous replies and
// signals fit the app's progress bar and Cancel button without a thread of
// their own; and the CLI needs only a QCoreApplication event loop around it.
// HTTPS, redirects and timeouts come with it.

#include "ui/headless/download/file_fetch.h"
#include "ui/headless/download/mnist_source.h"
#include "ui/headless/download/transfer_rate.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QString>
#include <QStringList>

#include <optional>

namespace digitpad {

// Fetches the four MNIST files into one folder, the layout `--data DIR`
// reads (data/mnist_folder.h): train-images-idx3-ubyte.gz and the rest.
//
//  - Each file is tried on each mirror in order until one gives it whole and
//    with the published checksum.
//  - A file downloads into "NAME.part" and becomes "NAME" only once its
//    checksum matches, by an atomic rename: "NAME" is always a verified file.
//  - A .part left by an earlier run, or by a connection that dropped, is
//    continued with an HTTP range request rather than begun again.
//  - A file already present with the right checksum is not fetched again.
//
// Use: connect progress() and finished(), call start(), keep the event loop
// running. finished() comes exactly once per start().
class MnistDownload : public QObject {
  Q_OBJECT

 public:
  enum class Result { NotFinished, Succeeded, Failed, Cancelled };
  Q_ENUM(Result)

  // The standard files and mirrors (or the test-only environment override
  // described in mnist_source.h), into `folder`.
  explicit MnistDownload(const QString& folder = cachedFolder(), QObject* parent = nullptr);
  // Any files and mirrors: for tests that serve made-up files.
  MnistDownload(const QString& folder, MnistSource source, QObject* parent = nullptr);
  // Stops a download still running, without finished(): its .part stays.
  ~MnistDownload() override;

  // $XDG_CACHE_HOME/digitpad/mnist, else ~/.cache/digitpad/mnist: next to the
  // default digits that set-up leaves in ~/.cache/digitpad/opencv-digits.
  static QString cachedFolder();
  // True when `folder` holds every file under its final name (and with its
  // published size, where known). Cheap: no checksums are computed, which is
  // safe because this class only ever names a file after checking it. For the
  // app's panel, to offer "MNIST (60,000 / 10,000)" once fetched.
  static bool isComplete(const QString& folder, const MnistSource& source = standardMnistSource());

  QString folder() const { return folder_; }
  const MnistSource& source() const { return source_; }
  Result result() const { return result_; }
  // The bounds of each attempt (fetch_limits.h); tests shrink them.
  void setFetchLimits(const FetchLimits& limits) { limits_ = limits; }

 public slots:
  void start();
  // Stops at once, keeping the .part files for the next run to continue;
  // finished(false, "... cancelled ...") follows.
  void cancel();

 signals:
  // Over all files: bytes done (files already here and .part bytes count as
  // done), the total (-1 while some file's size is not known yet), the speed
  // over the last seconds and the time left at it (-1: unknown). At most about
  // ten a second, and once at the end of each file.
  void progress(qint64 bytesDone, qint64 bytesTotal, double bytesPerSecond, double secondsLeft,
                const QString& currentFile);
  // `message` is one line: where the files are, or which file failed and why
  // ("t10k-labels-idx1-ubyte.gz: every mirror failed (http://a/: HTTP 404; ...)").
  void finished(bool ok, const QString& message);

 private:
  void nextFile();
  void tryMirror();
  void onReceived(qint64 newBytes);
  void onFetchFinished(FileFetch::Outcome outcome, const QString& reason);
  void onFileDownloaded();
  void mirrorFailed(const QString& reason);
  void finish(Result result, const QString& message);
  void reportProgress(bool force);
  QString finalPath(const ExpectedFile& file) const;
  QString partPath(const ExpectedFile& file) const;
  qint64 bytesTotal() const;

  QString folder_;
  MnistSource source_;
  FetchLimits limits_;
  QString configurationProblem_;  // a malformed test override, reported by start()
  QNetworkAccessManager network_;
  QPointer<FileFetch> fetch_;
  TransferRate rate_;
  QElapsedTimer sinceProgress_;
  QTimer pendingProgress_;  // reports what a throttled update held back, so a stall still shows
  Result result_ = Result::NotFinished;

  QList<qint64> sizes_;          // per file: known size, or -1
  QList<bool> done_;             // per file: verified under its final name
  int file_ = -1;                // the file being fetched
  int mirror_ = 0;               // the mirror being tried for it
  int resumes_ = 0;              // resumes on this mirror after dropped connections
  bool restartedFresh_ = false;  // a resumed file that failed its checksum was begun again
  QStringList mirrorReasons_;    // "<mirror>: <reason>" per failed mirror, for the message
};

}  // namespace digitpad
