#include "download/file_fetch.h"

#include "download/durable_rename.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

namespace digitpad {
namespace {

// A transfer that sends nothing for this long is given up (Qt then reports
// OperationCanceledError): a stalled mirror must not hang the download.
constexpr int kStallTimeoutMs = 30000;

QString shortReason(QNetworkReply::NetworkError error, const QString& errorString) {
  switch (error) {
    case QNetworkReply::ConnectionRefusedError: return "connection refused";
    case QNetworkReply::RemoteHostClosedError: return "connection closed early";
    case QNetworkReply::HostNotFoundError: return "host not found";
    case QNetworkReply::TimeoutError: return "connection timed out";
    case QNetworkReply::OperationCanceledError: return "no data for 30 s";
    case QNetworkReply::SslHandshakeFailedError: return "TLS handshake failed";
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError: return "network unavailable";
    default: return errorString;
  }
}

// "bytes 100-199/200" -> {100, 200}; the total is -1 for "*".
bool parseContentRange(const QByteArray& header, qint64& first, qint64& total) {
  static const QRegularExpression pattern(R"(^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$)");
  const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(header));
  if (!match.hasMatch()) return false;
  first = match.captured(1).toLongLong();
  total = match.captured(3) == "*" ? -1 : match.captured(3).toLongLong();
  return true;
}

}  // namespace

FileFetch::FileFetch(QNetworkAccessManager& network, QUrl url, QString partPath, QObject* parent)
    : QObject(parent), network_(network), url_(std::move(url)), part_(partPath) {}

FileFetch::~FileFetch() {
  if (reply_) {
    reply_->disconnect(this);
    reply_->abort();
    reply_->deleteLater();
  }
}

void FileFetch::start() {
  if (!part_.open(QIODevice::ReadWrite) || !part_.seek(part_.size())) {
    problem_ = "cannot write " + part_.fileName() + ": " + part_.errorString();
    // Queued, so that the caller never sees finished() from inside start().
    QMetaObject::invokeMethod(this, [this] { finish(Outcome::WriteFailed, problem_); }, Qt::QueuedConnection);
    return;
  }
  startOffset_ = partSize_ = part_.size();

  QNetworkRequest request(url_);
  // Our own Accept-Encoding stops Qt from asking for, and silently unpacking,
  // a compressed transfer: the checksum is of the .gz file as published.
  request.setRawHeader("Accept-Encoding", "identity");
  request.setRawHeader("User-Agent", "DigitPad");
  if (startOffset_ > 0) request.setRawHeader("Range", "bytes=" + QByteArray::number(startOffset_) + "-");
  request.setTransferTimeout(kStallTimeoutMs);

  reply_ = network_.get(request);
  connect(reply_, &QNetworkReply::readyRead, this, &FileFetch::onReadyRead);
  connect(reply_, &QNetworkReply::finished, this, &FileFetch::onFinished);
}

void FileFetch::abort() {
  aborted_ = true;
  if (reply_) reply_->abort();  // finished() follows, which reports Aborted
}

bool FileFetch::acceptResponse() {
  responseChecked_ = true;
  const QVariant status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute);
  if (!status.isValid()) return false;  // no HTTP response at all: onFinished names the error
  const int code = status.toInt();
  const QVariant length = reply_->header(QNetworkRequest::ContentLengthHeader);
  expectedBody_ = length.isValid() ? length.toLongLong() : -1;

  if (code == 200) {
    if (startOffset_ > 0) {
      // The server ignored our Range: its body is the whole file, so start over.
      if (!part_.resize(0) || !part_.seek(0)) {
        problem_ = "cannot write " + part_.fileName() + ": " + part_.errorString();
        problemOutcome_ = Outcome::WriteFailed;
        return false;
      }
      startOffset_ = partSize_ = 0;
    }
    totalSize_ = expectedBody_;
    return responseUsable_ = true;
  }
  if (code == 206) {
    qint64 first = -1;
    qint64 total = -1;
    if (!parseContentRange(reply_->rawHeader("Content-Range"), first, total) || first != startOffset_) {
      problem_ = "unexpected Content-Range '" + QString::fromLatin1(reply_->rawHeader("Content-Range")) + "'";
      return false;
    }
    totalSize_ = total;
    return responseUsable_ = true;
  }
  if (code == 416 && startOffset_ > 0) return false;  // nothing past our range: onFinished says Complete
  problem_ = "HTTP " + QString::number(code);
  return false;
}

void FileFetch::onReadyRead() {
  if (!responseChecked_) acceptResponse();
  if (!reply_->isOpen()) return;  // aborted: nothing more to read
  const QByteArray data = reply_->readAll();
  if (!responseUsable_ || !problem_.isEmpty() || data.isEmpty()) return;  // an error page is not the file
  if (part_.write(data) != data.size()) {
    problem_ = "cannot write " + part_.fileName() + ": " + part_.errorString();
    problemOutcome_ = Outcome::WriteFailed;
    reply_->abort();
    return;
  }
  bodyReceived_ += data.size();
  partSize_ += data.size();
  emit received(data.size());
}

void FileFetch::onFinished() {
  if (!responseChecked_) acceptResponse();
  onReadyRead();  // whatever arrived with the end
  const QNetworkReply::NetworkError error = reply_->error();
  const QString errorString = reply_->errorString();
  const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  reply_->deleteLater();
  reply_ = nullptr;

  if (aborted_) return finish(Outcome::Aborted, "cancelled");
  if (!problem_.isEmpty()) return finish(problemOutcome_, problem_);
  if (status == 416 && startOffset_ > 0) return finish(Outcome::Complete, {});
  if (error != QNetworkReply::NoError)
    return finish(responseUsable_ ? Outcome::Interrupted : Outcome::Refused, shortReason(error, errorString));
  if (expectedBody_ >= 0 && bodyReceived_ < expectedBody_)
    return finish(Outcome::Interrupted, "connection closed early");
  // The bytes must be on disk before the checksum blesses them and a rename makes them the file.
  const QString flushProblem = part_.flush() ? flushToDisk(part_.handle()) : part_.errorString();
  if (!flushProblem.isEmpty()) return finish(Outcome::WriteFailed, part_.fileName() + ": " + flushProblem);
  finish(Outcome::Complete, {});
}

void FileFetch::finish(Outcome outcome, const QString& reason) {
  if (done_) return;
  done_ = true;
  part_.close();
  // An empty .part (no server answered) would only be clutter for the next run.
  if (outcome != Outcome::Complete && partSize_ == 0) part_.remove();
  emit finished(outcome, reason);
}

}  // namespace digitpad
