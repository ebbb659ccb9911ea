// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the image tests share (test_picture_input, test_images_out): the main
// window with its image dialogs answered, real fixture digits as pictures,
// and a bench that sets both up around a real model.

#include "mouse_strokes.h"
#include "answering_window.h"
#include "ui/digits/my_digits.h"
#include "fixture_digits.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/headless/images/digit_image.h"
#include "ui/shell/model_session.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QMouseEvent>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

namespace digitpad {

using test::draw_line;
using test::send_mouse;

// The window with the two image dialogs answered by the test.
class ImageAnsweringWindow : public AnsweringWindow {
 public:
  QString drawing_path;
  QString export_folder;

 protected:
  QString askSaveDrawingPath() override { return drawing_path; }
  QString askExportDigitsFolder() override { return export_folder; }
};

// A 28x28 fixture digit as a picture: 10x larger, smoothly scaled, black ink
// on white paper or (light_on_dark) white chalk on a dark board.
inline QImage digit_picture(const Eigen::Ref<const Eigen::VectorXf>& input, bool light_on_dark) {
  QImage small(kImageSide, kImageSide, QImage::Format_Grayscale8);
  for (int y = 0; y < kImageSide; ++y)
    for (int x = 0; x < kImageSide; ++x) {
      const int ink = static_cast<int>(std::lround(255.0f * std::clamp(input(y * kImageSide + x), 0.0f, 1.0f)));
      small.scanLine(y)[x] = static_cast<uchar>(light_on_dark ? ink : 255 - ink);
    }
  return small.scaled(10 * kImageSide, 10 * kImageSide, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
      .convertToFormat(QImage::Format_RGB32);
}

inline int predicted(const Network& network, const Eigen::VectorXf& input) {
  Eigen::Index best = 0;
  network.probabilities(input).col(0).maxCoeff(&best);
  return static_cast<int>(best);
}

// Temporary folders (the user's digits, the cache, files the test writes),
// the fixture digits and a fresh window per test, with a real model: the one
// DigitPad shipped before convolutions, committed as a test fixture.
class ImageTestBench {
 public:
  static QString modelPath() { return QStringLiteral(DIGITPAD_SOURCE_DIR "/tests/data/mlp-default-v1.dpm"); }

  // In initTestCase: false when a temporary folder cannot be made.
  bool setUpOnce() {
    if (!user_dir_.isValid() || !cache_dir_.isValid() || !files_.isValid()) return false;
    qputenv(MyDigits::kFolderVariable, user_dir_.filePath(QStringLiteral("my-digits")).toUtf8());
    qputenv("XDG_CACHE_HOME", cache_dir_.path().toUtf8());
    // Runs the window keeps (training/run_history.h) stay out of the user's data too.
    qputenv("DIGITPAD_RUN_HISTORY", QString(cache_dir_.path() + QStringLiteral("/runs")).toUtf8());
    fixture_ = fixtureDigits(100);
    return true;
  }
  // In init: no digits taught, an empty clipboard, a new window.
  bool setUp() {
    QDir(user_dir_.filePath(QStringLiteral("my-digits"))).removeRecursively();
    QGuiApplication::clipboard()->clear();
    window_ = std::make_unique<ImageAnsweringWindow>();
    if (!window_->openModel(modelPath())) return false;
    window_->show();
    return QTest::qWaitForWindowExposed(window_.get());
  }
  void tearDown() { window_.reset(); }

  ImageAnsweringWindow* window() const { return window_.get(); }
  const Network& network() const { return window_->session()->model()->network; }
  const Dataset& fixture() const { return fixture_; }
  QString filePath(const QString& name) const { return files_.filePath(name); }
  QString filesFolder() const { return files_.path(); }

  // The first fixture digit labelled `label` that the model reads right when
  // given as a picture, as that picture; null when there is none.
  QImage readablePicture(int label, bool light_on_dark) const {
    for (int i = 0; i < fixture_.count(); ++i) {
      if (fixture_.labels[static_cast<std::size_t>(i)] != label) continue;
      const QImage picture = digit_picture(fixture_.images.col(i), light_on_dark);
      const std::optional<Eigen::VectorXf> input = digit_input_from_image(picture);
      if (input && predicted(network(), *input) == label) return picture;
    }
    return {};
  }

 private:
  QTemporaryDir user_dir_;
  QTemporaryDir cache_dir_;
  QTemporaryDir files_;
  Dataset fixture_;
  std::unique_ptr<ImageAnsweringWindow> window_;
};

}  // namespace digitpad
