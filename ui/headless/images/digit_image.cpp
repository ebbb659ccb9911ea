// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/digit_image.h"

#include "ui/headless/images/gray_pixels.h"

#include "core/data/dataset.h"
#include "core/image/ink_levels.h"
#include "core/io/atomic_file.h"
#include "core/util/error.h"
#include "core/util/printable.h"

#include <QBuffer>
#include <QByteArray>
#include <QImageReader>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <filesystem>
#include <mutex>

#include <stdlib.h>
#include <unistd.h>

namespace digitpad {
namespace {

// Image files above this are refused before decoding (a photo is a few MB).
constexpr std::size_t kMaxImageFileBytes = std::size_t{256} << 20;

// Qt messages from this thread while one is alive are kept instead of printed.
// One handler for the process, installed once; other threads' messages and
// messages outside a capture go to the handler that was there before.
class CapturedWarnings {
 public:
  CapturedWarnings() {
    static std::once_flag installed;
    std::call_once(installed, [] { previous_handler() = qInstallMessageHandler(&CapturedWarnings::handle); });
    outer_ = active();
    active() = this;
  }
  ~CapturedWarnings() { active() = outer_; }
  CapturedWarnings(const CapturedWarnings&) = delete;
  CapturedWarnings& operator=(const CapturedWarnings&) = delete;

  const QStringList& messages() const { return messages_; }

 private:
  static CapturedWarnings*& active() {
    thread_local CapturedWarnings* current = nullptr;
    return current;
  }
  static QtMessageHandler& previous_handler() {
    static QtMessageHandler previous = nullptr;
    return previous;
  }
  static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (CapturedWarnings* capture = active(); capture != nullptr && type != QtFatalMsg) {
      capture->messages_ << message;
      return;
    }
    if (QtMessageHandler previous = previous_handler()) previous(type, context, message);
  }

  CapturedWarnings* outer_ = nullptr;
  QStringList messages_;
};

// libpng prints its errors straight to stderr ("libpng error: Not enough image
// data"), past Qt's message handler; for one decode, file descriptor 2 goes to
// a temporary file instead, and what was written there joins the error. The
// file has a name while in use, so that if the process dies mid-decode (a
// sanitizer report, say) its last words are still on disk. One capture at a
// time in the process: stderr is one for all threads.
class CapturedStderr {
 public:
  CapturedStderr() : lock_(mutex()) {
    std::string name = (std::filesystem::temp_directory_path() / "digitpad-decoder-stderr-XXXXXX").string();
    file_ = ::mkstemp(name.data());
    if (file_ < 0) return;
    path_ = name;
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    if (saved_ < 0 || ::dup2(file_, STDERR_FILENO) < 0) restore();
  }
  ~CapturedStderr() {
    restore();
    if (file_ >= 0) ::close(file_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  CapturedStderr(const CapturedStderr&) = delete;
  CapturedStderr& operator=(const CapturedStderr&) = delete;

  // The lines written so far, trimmed; stderr is given back first.
  QStringList lines() {
    restore();
    QStringList found;
    if (file_ < 0) return found;
    std::string text(4096, '\0');
    const ssize_t got = ::pread(file_, text.data(), text.size(), 0);
    text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    for (const QString& line : QString::fromStdString(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
      if (!line.trimmed().isEmpty()) found << line.trimmed();
    return found;
  }

 private:
  static std::mutex& mutex() {
    static std::mutex one;
    return one;
  }
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
  }

  std::lock_guard<std::mutex> lock_;
  int file_ = -1;
  int saved_ = -1;
  std::string path_;
};

}  // namespace

std::optional<Eigen::VectorXf> digit_input_from_image(const QImage& image, InkPolarity polarity) {
  if (image.isNull()) return std::nullopt;
  const GrayPixels gray(image);
  return preprocess_digit(gray.view(), polarity);
}

std::optional<Eigen::VectorXf> ready_input_from_image(const QImage& image, InkPolarity polarity) {
  if (image.width() != kImageSide || image.height() != kImageSide) return std::nullopt;
  const GrayPixels gray(image);
  const GrayImageView view = gray.view();
  const std::optional<InkScale> scale = find_ink_scale(view, polarity);
  if (!scale) return std::nullopt;
  Eigen::VectorXf input(kImagePixels);
  for (int y = 0; y < kImageSide; ++y) {
    const std::uint8_t* line = view.pixels + static_cast<std::ptrdiff_t>(y) * view.stride;
    for (int x = 0; x < kImageSide; ++x) {
      const float value = static_cast<float>(line[x]) / 255.0f;
      input(y * kImageSide + x) = scale->ink_is_dark ? 1.0f - value : value;
    }
  }
  return input;
}

NumberReading read_number_in_image(const Network& network, const QImage& image, InkPolarity polarity) {
  if (image.isNull()) return {};
  const GrayPixels gray(image);
  return read_number(network, gray.view(), polarity);
}

QImage read_image_file(const std::string& path) {
  // Read by us, not by Qt: a non-blocking open that refuses FIFOs and devices
  // (Qt would wait on a FIFO forever), and a size limit before any decoding.
  const QByteArray bytes = QByteArray::fromStdString(read_whole_file(path, kMaxImageFileBytes));
  QBuffer buffer;
  buffer.setData(bytes);
  buffer.open(QIODevice::ReadOnly);
  QImageReader reader(&buffer);
  reader.setAutoTransform(true);
  QImage decoded;
  {
    // Qt's and libpng's warnings ("libpng warning: iCCP: ...", "Corrupt JPEG
    // data ...") belong to this file's one-line error, not on stderr.
    const CapturedWarnings warnings;
    CapturedStderr printed;
    decoded = reader.read();
    if (decoded.isNull()) {
      std::string problem = reader.errorString().toStdString();
      for (const QString& line : warnings.messages() + printed.lines())
        problem += "; " + line.trimmed().toStdString();
      throw Error(path + ": cannot read the image (" + one_line(problem) + ")");
    }
  }
  return decoded;
}

std::optional<Eigen::VectorXf> input_from_image_file(const QImage& image, InkPolarity polarity) {
  return image.size() == QSize(kImageSide, kImageSide) ? ready_input_from_image(image, polarity)
                                                       : digit_input_from_image(image, polarity);
}

}  // namespace digitpad
