// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/download/mnist_download.h"

#include "ui/headless/download/durable_rename.h"
#include "ui/headless/download/file_checksum.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace digitpad {
namespace {

// Resumes of one file on one mirror after its connection dropped, each after
// some progress: enough for a flaky link, bounded for a server that always
// drops at the same byte.
constexpr int kMaxResumes = 8;
constexpr qint64 kProgressIntervalMs = 100;

MnistSource sourceOrOverride(QString& problem) {
  const MnistSource standard = standardMnistSource();
  return mnistSourceFromEnvironment(standard, problem).value_or(standard);
}

}  // namespace

MnistDownload::MnistDownload(const QString& folder, QObject* parent)
    : MnistDownload(folder, standardMnistSource(), parent) {
  source_ = sourceOrOverride(configurationProblem_);
}

MnistDownload::MnistDownload(const QString& folder, MnistSource source, QObject* parent)
    : QObject(parent), folder_(folder), source_(std::move(source)) {
  pendingProgress_.setSingleShot(true);
  connect(&pendingProgress_, &QTimer::timeout, this, [this] { reportProgress(true); });
}

MnistDownload::~MnistDownload() {
  // Before the members go: a fetch deleted later, by QObject, would report to a half-destroyed object.
  delete fetch_;
}

QString MnistDownload::cachedFolder() {
  // Qt's generic cache location is $XDG_CACHE_HOME, else ~/.cache: the rule
  // core's default_digits_folder() follows for the default digits.
  return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + "/digitpad/mnist";
}

bool MnistDownload::isComplete(const QString& folder, const MnistSource& source) {
  for (const ExpectedFile& file : source.files) {
    const QFileInfo info(QDir(folder).filePath(file.name));
    if (!info.isFile() || (file.size >= 0 && info.size() != file.size)) return false;
  }
  return !source.files.isEmpty();
}

QString MnistDownload::finalPath(const ExpectedFile& file) const { return QDir(folder_).filePath(file.name); }

QString MnistDownload::partPath(const ExpectedFile& file) const { return finalPath(file) + ".part"; }

void MnistDownload::start() {
  if (result_ == Result::NotFinished && (fetch_ || file_ >= 0)) return;  // already running
  result_ = Result::NotFinished;
  file_ = 0;  // marks "running" until nextFile() picks the real one
  // Everything else happens from the event loop, so that finished() never
  // comes from inside start() (a caller's loop.exec() after start() would miss it).
  QMetaObject::invokeMethod(
      this,
      [this] {
        if (result_ != Result::NotFinished) return;  // cancelled before it began
        if (!configurationProblem_.isEmpty()) return finish(Result::Failed, configurationProblem_);
        if (source_.files.isEmpty()) return finish(Result::Failed, "no files to download");
        if (!QDir().mkpath(folder_)) return finish(Result::Failed, folder_ + ": cannot create the folder");
        sizes_.clear();
        done_.clear();
        for (const ExpectedFile& file : source_.files) {
          const bool present = hasExpectedChecksum(finalPath(file), file);
          done_.append(present);
          sizes_.append(present ? QFileInfo(finalPath(file)).size() : file.size);
        }
        sinceProgress_.invalidate();
        rate_ = TransferRate();
        nextFile();
      },
      Qt::QueuedConnection);
}

void MnistDownload::cancel() {
  if (result_ != Result::NotFinished || file_ < 0) return;  // not running
  if (fetch_) {
    fetch_->abort();  // its finished(Aborted) ends the download
    return;
  }
  finish(Result::Cancelled, "download cancelled");
}

void MnistDownload::nextFile() {
  file_ = static_cast<int>(done_.indexOf(false));
  if (file_ < 0) {
    reportProgress(true);
    return finish(Result::Succeeded, "MNIST is in " + folder_);
  }
  mirror_ = 0;
  resumes_ = 0;
  restartedFresh_ = false;
  mirrorReasons_.clear();
  tryMirror();
}

void MnistDownload::tryMirror() {
  const ExpectedFile& file = source_.files[file_];
  if (mirror_ >= source_.mirrors.size()) {
    const QString reasons = mirrorReasons_.isEmpty() ? QString("no mirrors configured") : mirrorReasons_.join("; ");
    return finish(Result::Failed, file.name + ": every mirror failed (" + reasons + ")");
  }
  const QUrl url = asFolderUrl(source_.mirrors[mirror_]).resolved(QUrl(file.name));
  // The whole file may be no larger than its published size.
  const qint64 maxBytes = file.size >= 0 ? file.size : limits_.maxUnknownFileBytes;
  fetch_ = new FileFetch(network_, url, partPath(file), maxBytes, limits_, this);
  connect(fetch_, &FileFetch::received, this, &MnistDownload::onReceived);
  connect(fetch_, &FileFetch::finished, this, &MnistDownload::onFetchFinished);
  fetch_->start();
  reportProgress(true);
}

void MnistDownload::onReceived(qint64 newBytes) {
  rate_.add(newBytes);
  if (sizes_[file_] < 0 && fetch_->totalSize() >= 0) sizes_[file_] = fetch_->totalSize();
  reportProgress(false);
}

void MnistDownload::onFetchFinished(FileFetch::Outcome outcome, const QString& reason) {
  FileFetch* fetch = fetch_;
  const qint64 startOffset = fetch->startOffset();
  const qint64 attemptBytes = fetch->partSize() - startOffset;
  fetch->deleteLater();
  fetch_ = nullptr;
  const QString& name = source_.files[file_].name;

  switch (outcome) {
    case FileFetch::Outcome::Aborted:
      return finish(Result::Cancelled, name + ": download cancelled (the .part file is kept; run again to resume)");
    case FileFetch::Outcome::WriteFailed: return finish(Result::Failed, name + ": " + reason);
    case FileFetch::Outcome::Refused: return mirrorFailed(reason);
    case FileFetch::Outcome::Interrupted:
      if (attemptBytes > 0 && resumes_ < kMaxResumes) {
        ++resumes_;
        return tryMirror();  // the same mirror, continuing after the bytes we have
      }
      return mirrorFailed(reason);
    case FileFetch::Outcome::Complete: break;
  }

  const ExpectedFile& file = source_.files[file_];
  if (!hasExpectedChecksum(partPath(file), file)) {
    QFile::remove(partPath(file));
    if (startOffset > 0 && !restartedFresh_) {
      // The bytes kept from before may be what is wrong (another mirror's,
      // or damaged): one more try from the first byte.
      restartedFresh_ = true;
      return tryMirror();
    }
    return mirrorFailed("checksum mismatch");
  }
  const QString problem = renameIntoPlace(partPath(file), finalPath(file));
  if (!problem.isEmpty()) return finish(Result::Failed, name + ": " + problem);
  done_[file_] = true;
  sizes_[file_] = QFileInfo(finalPath(file)).size();
  reportProgress(true);
  nextFile();
}

void MnistDownload::mirrorFailed(const QString& reason) {
  mirrorReasons_.append(source_.mirrors[mirror_].toString() + ": " + reason);
  ++mirror_;
  resumes_ = 0;
  restartedFresh_ = false;
  tryMirror();
}

void MnistDownload::finish(Result result, const QString& message) {
  result_ = result;
  file_ = -1;
  pendingProgress_.stop();
  emit finished(result == Result::Succeeded, message);
}

qint64 MnistDownload::bytesTotal() const {
  qint64 total = 0;
  for (const qint64 size : sizes_) {
    if (size < 0) return -1;
    total += size;
  }
  return total;
}

void MnistDownload::reportProgress(bool force) {
  if (!force && sinceProgress_.isValid() && sinceProgress_.elapsed() < kProgressIntervalMs) {
    if (!pendingProgress_.isActive())
      pendingProgress_.start(static_cast<int>(kProgressIntervalMs - sinceProgress_.elapsed()));
    return;
  }
  pendingProgress_.stop();
  sinceProgress_.start();
  qint64 done = fetch_ ? fetch_->partSize() : 0;
  for (int i = 0; i < done_.size(); ++i)
    if (done_[i]) done += sizes_[i];
  const qint64 total = bytesTotal();
  const QString current = file_ >= 0 && file_ < source_.files.size() ? source_.files[file_].name : QString();
  emit progress(done, total, rate_.bytesPerSecond(), total >= 0 ? rate_.secondsLeft(total - done) : -1.0, current);
}

}  // namespace digitpad
