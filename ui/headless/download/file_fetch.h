// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/headless/download/fetch_limits.h"

#include "core/io/regular_file.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace digitpad {

// One attempt at one file from one mirror: GET `url` into `partPath`,
// continuing after the bytes the .part already holds with "Range: bytes=N-".
// A server that ignores the range (200 instead of 206) is followed from the
// start: the .part is emptied first. Nothing here checks the checksum or
// renames; MnistDownload decides what an outcome means.
//
// The .part is opened without following a symbolic link and must be a regular
// file, so a link or FIFO planted under its name can neither redirect the
// bytes nor block. The attempt stays within `limits` and `maxBytes` (the whole
// file's size when it is known): a longer body, a larger announced size, a
// trickle, an attempt past its deadline, oversized headers or a redirect that
// is not http(s) or one too many are each refused with what happened.
class FileFetch : public QObject {
  Q_OBJECT

 public:
  enum class Outcome {
    Complete,     // the server sent everything it had (or had nothing past our range)
    Interrupted,  // the transfer broke after a response began: worth resuming
    Refused,      // no usable response (HTTP error, connection refused, ...): try another mirror
    WriteFailed,  // the .part could not be written: no mirror can help
    Aborted,      // abort() was called
  };
  Q_ENUM(Outcome)

  FileFetch(QNetworkAccessManager& network, QUrl url, QString partPath, qint64 maxBytes, FetchLimits limits = {},
            QObject* parent = nullptr);
  ~FileFetch() override;

  void start();
  // Stops the transfer, keeping what the .part holds; finished(Aborted) follows.
  void abort();

  // The byte the request started from (0: a fresh download).
  qint64 startOffset() const { return startOffset_; }
  // The bytes the .part holds now.
  qint64 partSize() const { return partSize_; }
  // The whole file's size once a response said it; -1 before.
  qint64 totalSize() const { return totalSize_; }

 signals:
  // `newBytes` just written; the .part now holds partSize().
  void received(qint64 newBytes);
  // `reason` is short and lower-case ("HTTP 404", "connection refused"); empty for Complete.
  void finished(digitpad::FileFetch::Outcome outcome, const QString& reason);

 private:
  void onRedirected(const QUrl& target);
  // Why a redirect to `target` is not followed, or "" when it may be.
  QString redirectProblem(const QUrl& target) const;
  void onReadyRead();
  void onFinished();
  void onRateCheck();
  bool acceptResponse();  // status, size and range checks, once per reply
  bool writePart(const char* data, qint64 size);
  void giveUp(Outcome outcome, const QString& reason);  // aborts the reply with this reason
  void finish(Outcome outcome, const QString& reason);

  QNetworkAccessManager& network_;
  QUrl url_;
  QString partPath_;
  qint64 maxBytes_;
  FetchLimits limits_;
  FileDescriptor part_;
  QPointer<QNetworkReply> reply_;
  QTimer deadline_;
  QTimer headerDeadline_;
  QTimer rateCheck_;
  qint64 bytesAtLastRateCheck_ = 0;
  int redirects_ = 0;
  qint64 startOffset_ = 0;
  qint64 partSize_ = 0;
  qint64 totalSize_ = -1;
  qint64 expectedBody_ = -1;  // Content-Length of this response
  qint64 bodyReceived_ = 0;
  bool responseChecked_ = false;
  bool responseUsable_ = false;
  bool aborted_ = false;
  bool done_ = false;
  QString problem_;  // set when the response was refused or a write failed
  Outcome problemOutcome_ = Outcome::Refused;
};

}  // namespace digitpad
