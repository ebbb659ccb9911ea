// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/download/file_fetch.h"

#include "core/util/error.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace digitpad {
namespace {

// Qt keeps at most this much of a reply unread; onReadyRead drains it to disk.
constexpr qint64 kReadBufferBytes = 1 << 20;

QString seconds(int milliseconds) { return QString::number((milliseconds + 999) / 1000) + " s"; }

QString shortReason(QNetworkReply::NetworkError error, const QString& errorString, const FetchLimits& limits) {
  switch (error) {
    case QNetworkReply::ConnectionRefusedError: return "connection refused";
    case QNetworkReply::RemoteHostClosedError: return "connection closed early";
    case QNetworkReply::HostNotFoundError: return "host not found";
    case QNetworkReply::TimeoutError: return "connection timed out";
    // Our own aborts set a reason first; this one is Qt's transfer timeout.
    case QNetworkReply::OperationCanceledError: return "no data for " + seconds(limits.stallTimeoutMs);
    case QNetworkReply::SslHandshakeFailedError: return "TLS handshake failed";
    case QNetworkReply::TooManyRedirectsError:
      return "more than " + QString::number(limits.maxRedirects) + " redirects (a redirect loop?)";
    case QNetworkReply::InsecureRedirectError: return "redirected from https to plain http; not followed";
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError: return "network unavailable";
    default: return errorString;
  }
}

// What a failed write means to a user: "disk full" rather than an errno name.
QString writeProblem(int error) {
  switch (error) {
    case ENOSPC: return "disk full";
    case EDQUOT: return "disk quota exceeded";
    case EFBIG: return "the file is too large for this file system";
    default: return QString::fromLocal8Bit(std::strerror(error));
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

qint64 headerBytes(const QNetworkReply& reply) {
  qint64 total = 0;
  for (const QNetworkReply::RawHeaderPair& pair : reply.rawHeaderPairs())
    total += pair.first.size() + pair.second.size() + 4;  // ": " and CRLF
  return total;
}

}  // namespace

FileFetch::FileFetch(QNetworkAccessManager& network, QUrl url, QString partPath, qint64 maxBytes, FetchLimits limits,
                     QObject* parent)
    : QObject(parent),
      network_(network),
      url_(std::move(url)),
      partPath_(std::move(partPath)),
      maxBytes_(maxBytes),
      limits_(limits) {
  deadline_.setSingleShot(true);
  connect(&deadline_, &QTimer::timeout, this,
          [this] { giveUp(Outcome::Refused, "not finished within " + seconds(limits_.deadlineMs)); });
  connect(&rateCheck_, &QTimer::timeout, this, &FileFetch::onRateCheck);
  headerDeadline_.setSingleShot(true);
  connect(&headerDeadline_, &QTimer::timeout, this, [this] {
    giveUp(Outcome::Refused, "no complete response headers within " + seconds(limits_.headerTimeoutMs));
  });
}

FileFetch::~FileFetch() {
  if (reply_) {
    reply_->disconnect(this);
    reply_->abort();
    reply_->deleteLater();
  }
}

void FileFetch::start() {
  try {
    struct stat info {};
    part_ = FileDescriptor(open_regular_file_for_writing(partPath_.toStdString(), 0666, info));
    startOffset_ = partSize_ = static_cast<qint64>(info.st_size);
    if (::lseek(part_.get(), 0, SEEK_END) < 0) throw Error(partPath_.toStdString() + ": " + std::strerror(errno));
  } catch (const Error& error) {
    problem_ = "cannot write " + QString::fromStdString(error.what());
    // Queued, so that the caller never sees finished() from inside start().
    QMetaObject::invokeMethod(
        this, [this] { finish(Outcome::WriteFailed, problem_); }, Qt::QueuedConnection);
    return;
  }

  QNetworkRequest request(url_);
  // Our own Accept-Encoding stops Qt from asking for, and silently unpacking,
  // a compressed transfer: the checksum is of the .gz file as published.
  request.setRawHeader("Accept-Encoding", "identity");
  request.setRawHeader("User-Agent", "DigitPad");
  if (startOffset_ > 0) request.setRawHeader("Range", "bytes=" + QByteArray::number(startOffset_) + "-");
  request.setTransferTimeout(limits_.stallTimeoutMs);
  // Qt follows http(s) redirects, never from https to plain http, and refuses
  // other schemes (acceptResponse names them); onRedirected counts them.
  request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
  request.setMaximumRedirectsAllowed(limits_.maxRedirects);

  reply_ = network_.get(request);
  reply_->setReadBufferSize(kReadBufferBytes);
  connect(reply_, &QNetworkReply::redirected, this, &FileFetch::onRedirected);
  connect(reply_, &QNetworkReply::metaDataChanged, &headerDeadline_, &QTimer::stop);
  connect(reply_, &QNetworkReply::readyRead, this, &FileFetch::onReadyRead);
  connect(reply_, &QNetworkReply::finished, this, &FileFetch::onFinished);
  deadline_.start(limits_.deadlineMs);
  headerDeadline_.start(limits_.headerTimeoutMs);
  rateCheck_.start(limits_.rateWindowMs);
}

void FileFetch::abort() {
  aborted_ = true;
  if (reply_) reply_->abort();  // finished() follows, which reports Aborted
}

void FileFetch::giveUp(Outcome outcome, const QString& reason) {
  if (!problem_.isEmpty()) return;
  problem_ = reason;
  problemOutcome_ = outcome;
  if (reply_) reply_->abort();  // finished() follows, which reports the problem
}

void FileFetch::onRedirected(const QUrl& target) {
  if (!redirectProblem(target).isEmpty()) return giveUp(Outcome::Refused, redirectProblem(target));
  // Counted here too: Qt's own limit does not hold for redirects a slot allows.
  if (++redirects_ > limits_.maxRedirects)
    return giveUp(Outcome::Refused, shortReason(QNetworkReply::TooManyRedirectsError, {}, limits_));
}

QString FileFetch::redirectProblem(const QUrl& target) const {
  const QString scheme = target.scheme().toLower();
  if (scheme != "http" && scheme != "https")
    return "redirected to " + target.toDisplayString() + ", which is not an http(s) address; not followed";
  if (url_.scheme().toLower() == "https" && scheme == "http")
    return "redirected from https to plain http (" + target.toDisplayString() + "); not followed";
  return {};
}

void FileFetch::onRateCheck() {
  const qint64 received = bodyReceived_;
  const qint64 inWindow = received - bytesAtLastRateCheck_;
  bytesAtLastRateCheck_ = received;
  const qint64 minimum = limits_.minimumBytesPerSecond * limits_.rateWindowMs / 1000;
  if (inWindow < minimum)
    giveUp(Outcome::Refused, "too slow: " + QString::number(inWindow) + " bytes in " + seconds(limits_.rateWindowMs) +
                                 " (at least " + QString::number(limits_.minimumBytesPerSecond) +
                                 " bytes a second are needed)");
}

bool FileFetch::acceptResponse() {
  responseChecked_ = true;
  const QVariant status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute);
  if (!status.isValid()) return false;  // no HTTP response at all: onFinished names the error
  const int code = status.toInt();
  // Qt drops every header of a response with more than it accepts (100
  // lines) and carries on; no real mirror answers without a single header.
  if (reply_->rawHeaderPairs().isEmpty()) {
    giveUp(Outcome::Refused, "the response's headers could not be read (too many, or none)");
    return false;
  }
  if (headerBytes(*reply_) > limits_.maxHeaderBytes) {
    giveUp(Outcome::Refused,
           "the response's headers are larger than " + QString::number(limits_.maxHeaderBytes) + " bytes");
    return false;
  }
  const QVariant length = reply_->header(QNetworkRequest::ContentLengthHeader);
  expectedBody_ = length.isValid() ? length.toLongLong() : -1;

  if (code == 200) {
    if (startOffset_ > 0) {
      // The server ignored our Range: its body is the whole file, so start over.
      if (::ftruncate(part_.get(), 0) != 0 || ::lseek(part_.get(), 0, SEEK_SET) != 0) {
        giveUp(Outcome::WriteFailed, "cannot write " + partPath_ + ": " + writeProblem(errno));
        return false;
      }
      startOffset_ = partSize_ = 0;
    }
    totalSize_ = expectedBody_;
  } else if (code == 206) {
    qint64 first = -1;
    qint64 total = -1;
    if (!parseContentRange(reply_->rawHeader("Content-Range"), first, total) || first != startOffset_) {
      giveUp(Outcome::Refused,
             "unexpected Content-Range '" + QString::fromLatin1(reply_->rawHeader("Content-Range").left(80)) + "'");
      return false;
    }
    totalSize_ = total;
  } else if (code == 416 && startOffset_ > 0) {
    return false;  // nothing past our range: onFinished says Complete
  } else if (code < 200) {
    // Qt's placeholder status: the connection ended before a real response.
    giveUp(Outcome::Refused, "the connection ended without a complete response");
    return false;
  } else if (code >= 300 && code < 400) {
    // A redirect that was not followed: Qt refuses other schemes before asking onRedirected.
    QUrl target = reply_->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    if (target.isEmpty()) target = reply_->url().resolved(QUrl::fromEncoded(reply_->rawHeader("Location")));
    QString problem = redirectProblem(target);
    if (reply_->error() == QNetworkReply::TooManyRedirectsError ||
        reply_->error() == QNetworkReply::InsecureRedirectError)
      problem = shortReason(reply_->error(), reply_->errorString(), limits_);
    giveUp(Outcome::Refused, !problem.isEmpty() ? problem
                                                : "HTTP " + QString::number(code) + " redirect to " +
                                                      target.toDisplayString() + " not followed");
    return false;
  } else {
    giveUp(Outcome::Refused, "HTTP " + QString::number(code));
    return false;
  }
  // The announced size is checked before any byte of the body is kept.
  const qint64 announced = totalSize_ >= 0 ? totalSize_ : (expectedBody_ >= 0 ? startOffset_ + expectedBody_ : -1);
  if (announced > maxBytes_) {
    giveUp(Outcome::Refused, "the server announced " + QString::number(announced) + " bytes, more than the " +
                                 QString::number(maxBytes_) + " expected");
    return false;
  }
  return responseUsable_ = true;
}

bool FileFetch::writePart(const char* data, qint64 size) {
  while (size > 0) {
    const ssize_t written = ::write(part_.get(), data, static_cast<std::size_t>(size));
    if (written < 0) {
      if (errno == EINTR) continue;
      giveUp(Outcome::WriteFailed, "cannot write " + partPath_ + ": " + writeProblem(errno));
      return false;
    }
    data += written;
    size -= written;
  }
  return true;
}

void FileFetch::onReadyRead() {
  if (!responseChecked_) acceptResponse();
  // Refusing the response aborts the reply, and onFinished may have run already.
  if (!reply_ || !reply_->isOpen()) return;
  const QByteArray data = reply_->readAll();
  if (!responseUsable_ || !problem_.isEmpty() || data.isEmpty()) return;  // an error page is not the file
  if (partSize_ + data.size() > maxBytes_) {
    // Whatever the headers said: an endless body must not fill the disk.
    giveUp(Outcome::Refused, "the server sent more than the " + QString::number(maxBytes_) + " bytes expected");
    return;
  }
  if (!writePart(data.constData(), data.size())) return;
  bodyReceived_ += data.size();
  partSize_ += data.size();
  emit received(data.size());
}

void FileFetch::onFinished() {
  deadline_.stop();
  headerDeadline_.stop();
  rateCheck_.stop();
  if (!responseChecked_) acceptResponse();
  if (!reply_) return;  // refusing it finished it already
  onReadyRead();        // whatever arrived with the end
  if (!reply_) return;
  const QNetworkReply::NetworkError error = reply_->error();
  const QString errorString = reply_->errorString();
  const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  reply_->deleteLater();
  reply_ = nullptr;

  if (aborted_) return finish(Outcome::Aborted, "cancelled");
  if (!problem_.isEmpty()) return finish(problemOutcome_, problem_);
  if (status == 416 && startOffset_ > 0) return finish(Outcome::Complete, {});
  if (error != QNetworkReply::NoError)
    return finish(responseUsable_ ? Outcome::Interrupted : Outcome::Refused,
                  shortReason(error, errorString, limits_));
  if (expectedBody_ >= 0 && bodyReceived_ < expectedBody_)
    return finish(Outcome::Interrupted, "connection closed early");
  // The bytes must be on disk before the checksum blesses them and a rename makes them the file.
  if (::fsync(part_.get()) != 0)
    return finish(Outcome::WriteFailed, "cannot write " + partPath_ + ": " + writeProblem(errno));
  finish(Outcome::Complete, {});
}

void FileFetch::finish(Outcome outcome, const QString& reason) {
  if (done_) return;
  done_ = true;
  deadline_.stop();
  headerDeadline_.stop();
  rateCheck_.stop();
  const bool opened = part_.valid();
  // A close can report a delayed write error (NFS, a full disk).
  QString why = reason;
  if (!part_.close() && outcome == Outcome::Complete) {
    outcome = Outcome::WriteFailed;
    why = "cannot write " + partPath_ + ": " + writeProblem(errno);
  }
  // An empty .part (no server answered) would only be clutter for the next run;
  // one that was never opened (a link, a FIFO) is not ours to remove.
  if (opened && outcome != Outcome::Complete && partSize_ == 0) ::unlink(QFile::encodeName(partPath_).constData());
  emit finished(outcome, why);
}

}  // namespace digitpad
