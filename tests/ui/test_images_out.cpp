// SPDX-License-Identifier: GPL-3.0-or-later
// Images out of the app: File ▸ Save drawing as PNG writes what the canvas
// shows (a drawing, or a picture as shown), atomically, and reads back as the
// same digit; My digits export as 0/..9/ folders of 28x28 PNGs that the
// image-folder loader (digitpad-cli train --image-folder) reads back with the
// same labels and pixels, never over the user's files.

#include "qt_test_main.h"
#include "ui/digits/my_digits_view.h"
#include "image_test_bench.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/picture_input.h"
#include "ui/headless/images/image_folder_dataset.h"

#include <QAction>
#include <QDirIterator>
#include <QFile>
#include <QPushButton>
#include <QStatusBar>

#include <numeric>

using namespace digitpad;

namespace {

// The PNG files under `folder`, relative paths sorted.
QStringList png_files_under(const QString& folder) {
  QStringList files;
  QDirIterator it(folder, {QStringLiteral("*.png")}, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) files << QDir(folder).relativeFilePath(it.next());
  files.sort();
  return files;
}

}  // namespace

class TestImagesOut : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QVERIFY(bench_.setUpOnce()); }
  void init() { QVERIFY(bench_.setUp()); }
  void cleanup() { bench_.tearDown(); }
  void saveDrawingWritesWhatTheCanvasShows();
  void saveDrawingReportsAFailure();
  void myDigitsExportAsFoldersTheLoaderReadsBack();
  void myDigitsExportNeverWritesOverFiles();

 private:
  ImageTestBench bench_;
};

void TestImagesOut::saveDrawingWritesWhatTheCanvasShows() {
  DrawingPad* pad = bench_.window()->drawingPad();
  QAction* save = bench_.window()->findChild<QAction*>(QStringLiteral("actionSaveDrawing"));
  QVERIFY(!save->isEnabled());

  // A drawn 1, through the menu action and its dialog (".png" added).
  draw_line(pad->canvas(), {0.5, 0.15}, {0.5, 0.85});
  QVERIFY(save->isEnabled());
  bench_.window()->drawing_path = bench_.filePath(QStringLiteral("drawn-one"));
  save->trigger();
  const QString written = bench_.window()->drawing_path + QStringLiteral(".png");
  QVERIFY(QFileInfo(written).isFile());
  const QImage read_back = read_image_file(written.toStdString());
  QCOMPARE(read_back.size(), pad->canvas()->image().size());
  QCOMPARE(qGray(read_back.pixel(2, 2)), 255);  // white paper, black ink
  const std::optional<Eigen::VectorXf> input = digit_input_from_image(read_back);
  QVERIFY(input.has_value());
  QCOMPARE(predicted(bench_.network(), *input), pad->predictedDigit());
  QVERIFY(bench_.window()->statusBar()->currentMessage().contains(QStringLiteral("drawn-one.png")));

  // A pasted light-on-dark picture is saved as shown, and still reads the same.
  pad->pictureInput()->showImage(bench_.readablePicture(0, true), QStringLiteral("test"));
  const QString picture_png = bench_.filePath(QStringLiteral("chalk-zero.png"));
  QVERIFY(bench_.window()->saveDrawingTo(picture_png));
  const std::optional<Eigen::VectorXf> chalk = digit_input_from_image(read_image_file(picture_png.toStdString()));
  QVERIFY(chalk.has_value());
  QCOMPARE(predicted(bench_.network(), *chalk), 0);
  QCOMPARE(pad->predictedDigit(), 0);
  // No temporaries left beside the files.
  QCOMPARE(
      QDir(bench_.filesFolder()).entryList(QDir::Hidden | QDir::Files | QDir::NoDotAndDotDot).filter(".tmp").size(),
      0);
}

void TestImagesOut::saveDrawingReportsAFailure() {
  draw_line(bench_.window()->drawingPad()->canvas(), {0.5, 0.15}, {0.5, 0.85});
  const QString into_missing = bench_.filePath(QStringLiteral("no-such-folder/drawing.png"));
  QVERIFY(!bench_.window()->saveDrawingTo(into_missing));
  QCOMPARE(bench_.window()->errors.size(), 1);
  QVERIFY2(bench_.window()->errors.front().contains(QStringLiteral("drawing.png")),
           qPrintable(bench_.window()->errors.front()));
  QVERIFY(!QFileInfo::exists(into_missing));
  // A folder at the path is never replaced.
  QVERIFY(!bench_.window()->saveDrawingTo(bench_.filesFolder()));
  QCOMPARE(bench_.window()->errors.size(), 2);
  QVERIFY(QFileInfo(bench_.filesFolder()).isDir());
}

void TestImagesOut::myDigitsExportAsFoldersTheLoaderReadsBack() {
  MyDigits* digits = bench_.window()->myDigits();
  QAction* export_action = bench_.window()->findChild<QAction*>(QStringLiteral("actionExportDigits"));
  auto* export_button =
      bench_.window()->myDigitsView()->findChild<QPushButton*>(QStringLiteral("exportDigitsButton"));
  QVERIFY(!export_action->isEnabled() && !export_button->isEnabled());
  // 30 real digits, as if taught one by one (labels in mixed order).
  constexpr int kTaught = 30;
  for (int i = 0; i < kTaught; ++i)
    digits->add(bench_.fixture().images.col(i), bench_.fixture().labels[static_cast<std::size_t>(i)]);
  QVERIFY(export_action->isEnabled() && export_button->isEnabled());

  bench_.window()->export_folder = bench_.filePath(QStringLiteral("exported"));  // new
  QTest::mouseClick(export_button, Qt::LeftButton);
  const QString folder = bench_.window()->export_folder;
  QVERIFY2(bench_.window()->errors.isEmpty(), qPrintable(bench_.window()->errors.join('\n')));
  QCOMPARE(QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot),
           (QStringList{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
  QCOMPARE(png_files_under(folder).size(), kTaught);
  const QImage one = QImage(QDir(folder).filePath(png_files_under(folder).front()));
  QCOMPARE(one.size(), QSize(kImageSide, kImageSide));
  QVERIFY(one.isGrayscale());

  // Read back as `digitpad-cli train --image-folder` reads it: by label, in
  // the set's order within a label, the same pixels to within rounding.
  const Dataset loaded = load_image_folder(folder.toStdString());
  QCOMPARE(loaded.count(), kTaught);
  std::vector<int> by_label(kTaught);
  std::iota(by_label.begin(), by_label.end(), 0);
  std::stable_sort(by_label.begin(), by_label.end(),
                   [&](int a, int b) { return digits->digits().labels[a] < digits->digits().labels[b]; });
  float worst = 0.0f;
  for (int k = 0; k < kTaught; ++k) {
    const int i = by_label[static_cast<std::size_t>(k)];
    QCOMPARE(loaded.labels[static_cast<std::size_t>(k)], digits->digits().labels[static_cast<std::size_t>(i)]);
    worst = std::max(worst, (loaded.images.col(k) - digits->digits().images.col(i)).cwiseAbs().maxCoeff());
  }
  QVERIFY2(worst <= 0.5f / 255.0f + 1e-6f, qPrintable(QStringLiteral("largest pixel difference %1").arg(worst)));
}

void TestImagesOut::myDigitsExportNeverWritesOverFiles() {
  MyDigits* digits = bench_.window()->myDigits();
  for (int i = 0; i < 5; ++i)
    digits->add(bench_.fixture().images.col(i), bench_.fixture().labels[static_cast<std::size_t>(i)]);

  // A folder with the user's files in it: the export goes to a new folder inside.
  const QString busy = bench_.filePath(QStringLiteral("busy"));
  QVERIFY(QDir().mkpath(busy + QStringLiteral("/3")));
  QFile mine(busy + QStringLiteral("/3/00000.png"));
  QVERIFY(mine.open(QIODevice::WriteOnly));
  mine.write("the user's own file");
  mine.close();
  QVERIFY(bench_.window()->exportMyDigitsTo(busy));
  QVERIFY(bench_.window()->errors.isEmpty());
  QFile check(busy + QStringLiteral("/3/00000.png"));
  QVERIFY(check.open(QIODevice::ReadOnly));
  QCOMPARE(check.readAll(), QByteArray("the user's own file"));
  QCOMPARE(png_files_under(busy + QStringLiteral("/my-digits")).size(), 5);
  QVERIFY(bench_.window()->statusBar()->currentMessage().contains(QStringLiteral("my-digits")));
  // Again: a second new folder, the first one untouched.
  QVERIFY(bench_.window()->exportMyDigitsTo(busy));
  QCOMPARE(png_files_under(busy + QStringLiteral("/my-digits-2")).size(), 5);
  QCOMPARE(png_files_under(busy).size(), 11);
  // An empty folder (as a folder dialog's "New folder" makes) is used as it is.
  const QString empty = bench_.filePath(QStringLiteral("empty"));
  QVERIFY(QDir().mkpath(empty));
  QVERIFY(bench_.window()->exportMyDigitsTo(empty));
  QCOMPARE(png_files_under(empty).size(), 5);
  // No staging folders left anywhere.
  QCOMPARE(QDir(bench_.filesFolder())
               .entryList(QDir::Hidden | QDir::AllEntries | QDir::NoDotAndDotDot)
               .filter(".tmp")
               .size(),
           0);
}

DIGITPAD_QTEST_MAIN(TestImagesOut)
#include "test_images_out.moc"
