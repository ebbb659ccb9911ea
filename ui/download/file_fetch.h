#pragma once

#include <QFile>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace digitpad {

// One attempt at one file from one mirror: GET `url` into `partPath`,
// continuing after the bytes the .part already holds with "Range: bytes=N-".
// A server that ignores the range (200 instead of 206) is followed from the
// start: the .part is emptied first. Nothing here checks the checksum or
// renames; MnistDownload decides what an outcome means.
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

  FileFetch(QNetworkAccessManager& network, QUrl url, QString partPath, QObject* parent = nullptr);
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
  void onMetaData();
  void onReadyRead();
  void onFinished();
  bool acceptResponse();  // status and range checks, once per reply
  void finish(Outcome outcome, const QString& reason);

  QNetworkAccessManager& network_;
  QUrl url_;
  QFile part_;
  QPointer<QNetworkReply> reply_;
  qint64 startOffset_ = 0;
  qint64 partSize_ = 0;
  qint64 totalSize_ = -1;
  qint64 expectedBody_ = -1;   // Content-Length of this response
  qint64 bodyReceived_ = 0;
  bool responseChecked_ = false;
  bool responseUsable_ = false;
  bool aborted_ = false;
  bool done_ = false;
  QString problem_;           // set when the response was refused or a write failed
  Outcome problemOutcome_ = Outcome::Refused;
};

}  // namespace digitpad
