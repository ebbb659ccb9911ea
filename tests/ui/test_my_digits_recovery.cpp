// SPDX-License-Identifier: GPL-3.0-or-later
// The app's side of a damaged my-digits folder: an
// older DigitPad killed between its two renames left 6 images and 5 labels;
// the app showed the error for six seconds in the status bar, started with an
// empty set, and the next taught digit overwrote the five. Now the readable
// digits are kept, the files as they were are copied aside, a dialog says so,
// and teaching adds to what was recovered. A folder that cannot be read at
// all is left alone and teaching is refused rather than overwriting it.

#include "qt_test_main.h"
#include "core/data/idx_file.h"
#include "core/data/my_digits_store.h"
#include "ui/shell/main_window.h"
#include "ui/digits/my_digits.h"
#include "core/util/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace digitpad;

namespace {

// The window with its error dialogs answered by the test (as in
// test_main_window.cpp): every message is collected instead of shown.
class ScriptedWindow : public MainWindow {
 public:
  QStringList titles, errors;

 protected:
  void showError(const QString& title, const QString& message) override {
    titles << title;
    errors << message;
  }
};

Dataset numbered_digits(int count) {
  Dataset data;
  data.images.resize(kImagePixels, count);
  for (int i = 0; i < count; ++i) {
    for (int p = 0; p < kImagePixels; ++p) data.images(p, i) = static_cast<float>((i * 31 + p) % 256) / 255.0f;
    data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  }
  return data;
}

}  // namespace

class TestMyDigitsRecovery : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void aHalfWrittenPairIsRecoveredWithADialog();
  void anUnreadableFolderIsLeftAloneAndTeachingRefused();
  void aWholeFolderShowsNoDialog();

 private:
  QString folder() const { return user_dir_.filePath(QStringLiteral("my-digits")); }
  std::string file(const char* name) const {
    return QDir(folder()).filePath(QString::fromLatin1(name)).toStdString();
  }

  QTemporaryDir user_dir_;
  QTemporaryDir cache_dir_;
};

void TestMyDigitsRecovery::initTestCase() {
  QVERIFY(user_dir_.isValid() && cache_dir_.isValid());
  qputenv(MyDigits::kFolderVariable, folder().toUtf8());
  qputenv("XDG_CACHE_HOME", cache_dir_.path().toUtf8());  // no default digits, whatever the machine has
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(cache_dir_.path() + QStringLiteral("/runs")).toUtf8());
}

void TestMyDigitsRecovery::init() {
  QDir(folder()).removeRecursively();
  QFile::remove(folder());
}

void TestMyDigitsRecovery::aHalfWrittenPairIsRecoveredWithADialog() {
  QVERIFY(QDir().mkpath(folder()));
  write_idx_images(file(kMyDigitsImagesName), numbered_digits(6).images);
  write_idx_labels(file(kMyDigitsLabelsName), numbered_digits(5).labels);

  ScriptedWindow window;
  window.show();
  QTRY_COMPARE(window.errors.size(), 1);  // after the window is up, once
  QCOMPARE(window.titles.front(), QStringLiteral("Your digits were recovered"));
  QVERIFY2(window.errors.front().contains(QStringLiteral("5 of your digits were recovered")),
           qPrintable(window.errors.front()));
  QVERIFY2(window.errors.front().contains(QStringLiteral("6 images but")), qPrintable(window.errors.front()));
  QVERIFY2(window.errors.front().contains(QStringLiteral("/damaged-")), qPrintable(window.errors.front()));
  QCOMPARE(window.myDigits()->count(), 5);

  // Teaching adds to the five; nothing is overwritten.
  window.myDigits()->add(numbered_digits(6).images.col(5), 5);
  QCOMPARE(window.myDigits()->count(), 6);
  MyDigits reread(folder());
  reread.reload();
  QCOMPARE(reread.count(), 6);
  QVERIFY(!reread.lastRecovery());
  QVERIFY(reread.digits().images == numbered_digits(6).images.unaryExpr([](float v) {
    return static_cast<float>(std::lround(v * 255.0f)) / 255.0f;  // as bytes on disk
  }));
}

void TestMyDigitsRecovery::anUnreadableFolderIsLeftAloneAndTeachingRefused() {
  // The folder's name is taken by a file: nothing can be read or repaired.
  QFile blocker(folder());
  QVERIFY(blocker.open(QIODevice::WriteOnly));
  blocker.write("precious");
  blocker.close();

  ScriptedWindow window;
  window.show();
  QTRY_COMPARE(window.errors.size(), 1);
  QCOMPARE(window.titles.front(), QStringLiteral("Your digits could not be read"));
  QVERIFY(!window.myDigits()->writable());
  bool refused = false;
  try {
    window.myDigits()->add(numbered_digits(1).images.col(0), 0);
  } catch (const Error&) {
    refused = true;
  }
  QVERIFY(refused);
  QFile again(folder());
  QVERIFY(again.open(QIODevice::ReadOnly));
  QCOMPARE(again.readAll(), QByteArray("precious"));
}

void TestMyDigitsRecovery::aWholeFolderShowsNoDialog() {
  save_my_digits(folder().toStdString(), numbered_digits(3));
  ScriptedWindow window;
  window.show();
  // The window reports what it found from a zero-time timer (main_window.cpp):
  // once the posted events have run, no dialog means there was none to show.
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();
  QVERIFY2(window.errors.isEmpty(), qPrintable(window.errors.join('\n')));
  QCOMPARE(window.myDigits()->count(), 3);
}

DIGITPAD_QTEST_MAIN(TestMyDigitsRecovery)
#include "test_my_digits_recovery.moc"
