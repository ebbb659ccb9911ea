// Images in and out of the app: real digits (the committed fixture, scaled up
// as a phone photo or screenshot would be) pasted from the clipboard or
// dropped onto the canvas are read exactly as digit_input_from_image reads
// them; what is not a picture is reported and changes nothing; File ▸ Save
// drawing as PNG writes what the canvas shows; My digits export as folders
// of PNGs that the image-folder loader reads back as the same digits.

#include "answering_window.h"
#include "digits/my_digits_view.h"
#include "digits/user_digits.h"
#include "fixture_digits.h"
#include "io/model_file.h"
#include "pad/drawing_canvas.h"
#include "pad/drawing_pad.h"
#include "pad/input_preview.h"
#include "pad/picture.h"
#include "pad/picture_input.h"
#include "qtimage/digit_image.h"
#include "qtimage/image_folder_dataset.h"
#include "shell/model_session.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUrl>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

using namespace digitpad;

namespace {

// The window with the two image dialogs answered by the test.
class ImageAnsweringWindow : public AnsweringWindow {
 public:
  QString drawing_path;
  QString export_folder;

 protected:
  QString askSaveDrawingPath() override { return drawing_path; }
  QString askExportDigitsFolder() override { return export_folder; }
};

QString model_path() { return QStringLiteral(DIGITPAD_SOURCE_DIR "/tests/data/mlp-default-v1.dpm"); }

// A 28x28 fixture digit as a picture: 10x larger, smoothly scaled, black ink
// on white paper or (light_on_dark) white chalk on a dark board.
QImage digit_picture(const Eigen::Ref<const Eigen::VectorXf>& input, bool light_on_dark) {
  QImage small(kImageSide, kImageSide, QImage::Format_Grayscale8);
  for (int y = 0; y < kImageSide; ++y)
    for (int x = 0; x < kImageSide; ++x) {
      const int ink = static_cast<int>(std::lround(255.0f * std::clamp(input(y * kImageSide + x), 0.0f, 1.0f)));
      small.scanLine(y)[x] = static_cast<uchar>(light_on_dark ? ink : 255 - ink);
    }
  return small.scaled(10 * kImageSide, 10 * kImageSide, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
      .convertToFormat(QImage::Format_RGB32);
}

int predicted(const Network& network, const Eigen::VectorXf& input) {
  Eigen::Index best = 0;
  network.probabilities(input).col(0).maxCoeff(&best);
  return static_cast<int>(best);
}

void send_mouse(QWidget* widget, QEvent::Type type, const QPointF& position, Qt::MouseButtons buttons) {
  const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
  QMouseEvent event(type, position, widget->mapToGlobal(position), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

// A straight stroke between two points given as fractions of the canvas side.
void draw_line(DrawingCanvas* canvas, QPointF from, QPointF to) {
  const double side = canvas->width();
  constexpr int kSteps = 20;
  send_mouse(canvas, QEvent::MouseButtonPress, from * side, Qt::LeftButton);
  for (int i = 1; i <= kSteps; ++i)
    send_mouse(canvas, QEvent::MouseMove, (from + (to - from) * (static_cast<double>(i) / kSteps)) * side,
               Qt::LeftButton);
  send_mouse(canvas, QEvent::MouseButtonRelease, to * side, Qt::NoButton);
}

// A real drag entering the canvas and dropping there, as Qt delivers them.
// Returns whether the drop was accepted.
bool drop_on(QWidget* target, QMimeData* mime) {
  const QPoint centre = target->rect().center();
  QDragEnterEvent enter(centre, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(target, &enter);
  if (!enter.isAccepted()) return false;
  QDropEvent drop(QPointF(centre), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(target, &drop);
  return drop.isAccepted();
}

bool drop_file_on(QWidget* target, const QString& path) {
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(path)});
  return drop_on(target, &mime);
}

// A PNG for a width x height RGB image whose pixel data is one empty deflate
// stream: a decompression bomb's header, without the bomb.
QByteArray png_header_only(quint32 width, quint32 height) {
  const auto big_endian = [](quint32 value) {
    QByteArray bytes(4, '\0');
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((value >> (24 - 8 * i)) & 0xff);
    return bytes;
  };
  const auto crc32 = [](const QByteArray& bytes) {
    quint32 crc = 0xffffffffu;
    for (char byte : bytes) {
      crc ^= static_cast<quint8>(byte);
      for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xffffffffu;
  };
  const auto chunk = [&](const QByteArray& type, const QByteArray& data) {
    const QByteArray body = type + data;
    return big_endian(static_cast<quint32>(data.size())) + body + big_endian(crc32(body));
  };
  // 8 bits, RGB, deflate, no filter, no interlace
  const QByteArray header = big_endian(width) + big_endian(height) + QByteArray::fromHex("0802000000");
  return QByteArray::fromHex("89504e470d0a1a0a") + chunk("IHDR", header) +
         chunk("IDAT", QByteArray::fromHex("789c030000000001")) + chunk("IEND", {});
}

// The PNG files under `folder`, relative paths sorted.
QStringList png_files_under(const QString& folder) {
  QStringList files;
  QDirIterator it(folder, {QStringLiteral("*.png")}, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) files << QDir(folder).relativeFilePath(it.next());
  files.sort();
  return files;
}

}  // namespace

class TestImagesInOut : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void pastedPictureIsReadAsDigitInputFromImageReadsIt();
  void pasteIsEnabledOnlyWithAPictureOnTheClipboard();
  void drawingOrClearingEndsThePicture();
  void droppedPngFileIsReadTheSameWay();
  void droppedFileThatIsNoPictureIsReportedAndChangesNothing();
  void droppedModelIsStillOpenedAsAModel();
  void hugePictureIsReadScaledDownOrRefused();
  void pastedPictureIsTaughtLikeADrawing();
  void saveDrawingWritesWhatTheCanvasShows();
  void saveDrawingReportsAFailure();
  void myDigitsExportAsFoldersTheLoaderReadsBack();
  void myDigitsExportNeverWritesOverFiles();

 private:
  // The first fixture digit labelled `label` that the model reads right when
  // given as a picture, and that picture.
  QImage readablePicture(int label, bool light_on_dark);
  const Network& network() const { return window_->session()->model()->network; }

  QTemporaryDir user_dir_;
  QTemporaryDir cache_dir_;
  QTemporaryDir files_;
  Dataset fixture_;
  std::unique_ptr<ImageAnsweringWindow> window_;
};

void TestImagesInOut::initTestCase() {
  QVERIFY(user_dir_.isValid() && cache_dir_.isValid() && files_.isValid());
  qputenv(UserDigits::kFolderVariable, user_dir_.filePath(QStringLiteral("my-digits")).toUtf8());
  qputenv("XDG_CACHE_HOME", cache_dir_.path().toUtf8());
  fixture_ = fixtureDigits(100);
}

void TestImagesInOut::init() {
  QDir(user_dir_.filePath(QStringLiteral("my-digits"))).removeRecursively();
  QGuiApplication::clipboard()->clear();
  window_ = std::make_unique<ImageAnsweringWindow>();
  QVERIFY(window_->openModel(model_path()));
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestImagesInOut::cleanup() { window_.reset(); }

QImage TestImagesInOut::readablePicture(int label, bool light_on_dark) {
  for (int i = 0; i < fixture_.count(); ++i) {
    if (fixture_.labels[static_cast<std::size_t>(i)] != label) continue;
    const QImage picture = digit_picture(fixture_.images.col(i), light_on_dark);
    const std::optional<Eigen::VectorXf> input = digit_input_from_image(picture);
    if (input && predicted(network(), *input) == label) return picture;
  }
  return {};
}

void TestImagesInOut::pastedPictureIsReadAsDigitInputFromImageReadsIt() {
  DrawingPad* pad = window_->drawingPad();
  QAction* paste = pad->pictureInput()->pasteAction();
  const auto* preview = pad->findChild<InputPreview*>(QStringLiteral("inputPreview"));
  QVERIFY(preview != nullptr);
  for (const auto& [label, light_on_dark] : {std::pair{3, false}, std::pair{7, true}}) {
    const QImage picture = readablePicture(label, light_on_dark);
    QVERIFY2(!picture.isNull(), "the model reads no fixture digit of this label");
    QGuiApplication::clipboard()->setImage(picture);
    QTRY_VERIFY(paste->isEnabled());
    paste->trigger();

    QVERIFY(pad->canvas()->hasPicture());
    QCOMPARE(pad->predictedDigit(), label);
    const std::optional<Eigen::VectorXf> expected = digit_input_from_image(picture);
    QVERIFY(pad->lastInput().has_value());
    QVERIFY(*pad->lastInput() == *expected);  // the very same 784 values
    QVERIFY(preview->input().has_value() && *preview->input() == *expected);
    QVERIFY(window_->statusBar()->currentMessage().contains(QStringLiteral("clipboard")));

    // The canvas shows the picture, with its own background around it: a
    // light-on-dark picture stays dark at the corners too.
    const QImage shown = pad->canvas()->image();
    const int corner = qGray(shown.pixel(1, 1));
    QVERIFY2(light_on_dark ? corner < 64 : corner > 192, qPrintable(QString::number(corner)));
    const std::optional<Eigen::VectorXf> seen = digit_input_from_image(shown);
    QVERIFY(seen.has_value());
    QCOMPARE(predicted(network(), *seen), label);
  }
}

void TestImagesInOut::pasteIsEnabledOnlyWithAPictureOnTheClipboard() {
  QAction* paste = window_->drawingPad()->pictureInput()->pasteAction();
  QGuiApplication::clipboard()->setText(QStringLiteral("not a picture"));
  QTRY_VERIFY(!paste->isEnabled());
  // An image file copied in a file manager arrives as its URL.
  const QString path = files_.filePath(QStringLiteral("copied.png"));
  QVERIFY(readablePicture(4, false).save(path));
  auto* mime = new QMimeData;
  mime->setUrls({QUrl::fromLocalFile(path)});
  QGuiApplication::clipboard()->setMimeData(mime);
  QTRY_VERIFY(paste->isEnabled());
  // Ctrl+V from the canvas, as the user presses it.
  window_->activateWindow();
  window_->drawingPad()->canvas()->setFocus();
  QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  QTest::keyClick(window_->drawingPad()->canvas(), Qt::Key_V, Qt::ControlModifier);
  QVERIFY(window_->drawingPad()->canvas()->hasPicture());
  QCOMPARE(window_->drawingPad()->predictedDigit(), 4);
}

void TestImagesInOut::drawingOrClearingEndsThePicture() {
  DrawingPad* pad = window_->drawingPad();
  DrawingCanvas* canvas = pad->canvas();
  QVERIFY(pad->pictureInput()->showImage(readablePicture(5, false), QStringLiteral("test")));
  QVERIFY(canvas->hasPicture() && !canvas->isEmpty());
  QVERIFY(pad->clearAction()->isEnabled());
  QVERIFY(window_->findChild<QAction*>(QStringLiteral("actionSaveDrawing"))->isEnabled());

  // A stroke starts afresh on white paper.
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  QVERIFY(!canvas->hasPicture());
  QCOMPARE(canvas->strokeCount(), 1);
  QCOMPARE(qGray(canvas->image().pixel(5, 5)), 255);
  QCOMPARE(*pad->lastInput(), *digit_input_from_image(canvas->image()));

  // Esc clears a picture as it clears a drawing.
  QVERIFY(pad->pictureInput()->showImage(readablePicture(5, false), QStringLiteral("test")));
  window_->activateWindow();
  canvas->setFocus();
  QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  QTest::keyClick(canvas, Qt::Key_Escape);
  QVERIFY(canvas->isEmpty());
  QVERIFY(!pad->lastInput().has_value());
  QCOMPARE(pad->predictedDigit(), -1);
  QVERIFY(!window_->findChild<QAction*>(QStringLiteral("actionSaveDrawing"))->isEnabled());
}

void TestImagesInOut::droppedPngFileIsReadTheSameWay() {
  DrawingPad* pad = window_->drawingPad();
  // Named .dat: the content, not the name, says it is a PNG.
  const QString path = files_.filePath(QStringLiteral("scan-of-a-two.dat"));
  QVERIFY(readablePicture(2, false).save(path, "PNG"));
  QVERIFY(drop_file_on(pad->canvas(), path));
  QTRY_VERIFY(pad->canvas()->hasPicture());
  QCOMPARE(pad->predictedDigit(), 2);
  QVERIFY(*pad->lastInput() == *digit_input_from_image(read_image_file(path.toStdString())));
  QVERIFY(window_->errors.isEmpty());

  // Dropped on the window outside the canvas: the same.
  const QString chalk = files_.filePath(QStringLiteral("chalk-eight.png"));
  QVERIFY(readablePicture(8, true).save(chalk));
  QVERIFY(drop_file_on(window_.get(), chalk));
  QTRY_COMPARE(pad->predictedDigit(), 8);
  QVERIFY(*pad->lastInput() == *digit_input_from_image(read_image_file(chalk.toStdString())));

  // Image data without a file (dragged from a browser).
  QMimeData data;
  data.setImageData(readablePicture(6, false));
  QVERIFY(drop_on(pad->canvas(), &data));
  QTRY_COMPARE(pad->predictedDigit(), 6);
}

void TestImagesInOut::droppedFileThatIsNoPictureIsReportedAndChangesNothing() {
  DrawingPad* pad = window_->drawingPad();
  draw_line(pad->canvas(), {0.5, 0.15}, {0.5, 0.85});
  const QImage before = pad->canvas()->image();
  const Eigen::VectorXf input_before = *pad->lastInput();

  // Text named like a picture, and a file named like nothing.
  const QString fake = files_.filePath(QStringLiteral("notes.png"));
  QFile file(fake);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("these are notes, not a picture\n");
  file.close();
  QVERIFY(drop_file_on(pad->canvas(), fake));
  QTRY_COMPARE(window_->errors.size(), 1);
  QVERIFY2(window_->errors.front().contains(QStringLiteral("notes.png")), qPrintable(window_->errors.front()));
  QVERIFY(window_->statusBar()->currentMessage().contains(QStringLiteral("notes.png")));
  QVERIFY(!pad->canvas()->hasPicture());
  QCOMPARE(pad->canvas()->strokeCount(), 1);
  QVERIFY(pad->canvas()->image() == before);
  QVERIFY(*pad->lastInput() == input_before);

  // A folder, dropped on the window.
  QVERIFY(drop_file_on(window_.get(), files_.path()));
  QTRY_COMPARE(window_->errors.size(), 2);
  QVERIFY(window_->errors.back().contains(QFileInfo(files_.path()).fileName()));
  QVERIFY(pad->canvas()->image() == before);
}

void TestImagesInOut::droppedModelIsStillOpenedAsAModel() {
  const QString copy = files_.filePath(QStringLiteral("dropped.dpm"));
  QFile::remove(copy);
  QVERIFY(QFile::copy(model_path(), copy));
  // On the canvas, where most drops land.
  QVERIFY(drop_file_on(window_->drawingPad()->canvas(), copy));
  QTRY_COMPARE(window_->session()->path(), copy);
  QVERIFY(window_->errors.isEmpty());
  QVERIFY(window_->drawingPad()->canvas()->isEmpty());
}

void TestImagesInOut::hugePictureIsReadScaledDownOrRefused() {
  DrawingPad* pad = window_->drawingPad();
  // A 4000x3000 photo: decoded once, at most kMaxPictureSide wide.
  QImage photo(4000, 3000, QImage::Format_RGB32);
  photo.fill(QColor(235, 232, 225));  // paper, not quite white
  {
    QPainter painter(&photo);
    painter.drawImage(QRect(1500, 500, 2000, 2000), readablePicture(1, false));
  }
  const QString path = files_.filePath(QStringLiteral("photo.jpg"));
  QVERIFY(photo.save(path, "JPEG", 90));
  QElapsedTimer timer;
  timer.start();
  QVERIFY(pad->pictureInput()->showFile(path));
  QVERIFY2(timer.elapsed() < 5000, qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed())));
  QCOMPARE(pad->canvas()->source().size(), QSize(kMaxPictureSide, kMaxPictureSide * 3 / 4));
  QCOMPARE(pad->predictedDigit(), 1);

  // A PNG whose header claims 30000x30000 pixels (and holds none) is refused
  // before decoding, naming its size.
  const QString bomb = files_.filePath(QStringLiteral("bomb.png"));
  QFile file(bomb);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(png_header_only(30000, 30000));
  file.close();
  QVERIFY(!pad->pictureInput()->showFile(bomb));
  QCOMPARE(window_->errors.size(), 1);
  QVERIFY2(window_->errors.front().contains(QStringLiteral("bomb.png")) &&
               window_->errors.front().contains(QStringLiteral("30000")),
           qPrintable(window_->errors.front()));
  QCOMPARE(pad->predictedDigit(), 1);  // the photo is still there
}

void TestImagesInOut::pastedPictureIsTaughtLikeADrawing() {
  DrawingPad* pad = window_->drawingPad();
  const QImage picture = readablePicture(9, false);
  QGuiApplication::clipboard()->setImage(picture);
  QTRY_VERIFY(pad->pictureInput()->pasteAction()->isEnabled());
  pad->pictureInput()->pasteAction()->trigger();
  auto* teach = pad->findChild<QToolButton*>(QStringLiteral("teachButton9"));
  QVERIFY(teach->isEnabled());
  QTest::mouseClick(teach, Qt::LeftButton);

  QCOMPARE(window_->userDigits()->count(), 1);
  QCOMPARE(static_cast<int>(window_->userDigits()->digits().labels[0]), 9);
  const Eigen::VectorXf stored = window_->userDigits()->digits().images.col(0);
  QVERIFY((stored - *digit_input_from_image(picture)).cwiseAbs().maxCoeff() <= 0.5f / 255.0f + 1e-6f);
  QVERIFY(pad->canvas()->isEmpty());  // taught, cleared for the next one
}

void TestImagesInOut::saveDrawingWritesWhatTheCanvasShows() {
  DrawingPad* pad = window_->drawingPad();
  QAction* save = window_->findChild<QAction*>(QStringLiteral("actionSaveDrawing"));
  QVERIFY(!save->isEnabled());

  // A drawn 1, through the menu action and its dialog (".png" added).
  draw_line(pad->canvas(), {0.5, 0.15}, {0.5, 0.85});
  QVERIFY(save->isEnabled());
  window_->drawing_path = files_.filePath(QStringLiteral("drawn-one"));
  save->trigger();
  const QString written = window_->drawing_path + QStringLiteral(".png");
  QVERIFY(QFileInfo(written).isFile());
  const QImage read_back = read_image_file(written.toStdString());
  QCOMPARE(read_back.size(), pad->canvas()->image().size());
  QCOMPARE(qGray(read_back.pixel(2, 2)), 255);  // white paper, black ink
  const std::optional<Eigen::VectorXf> input = digit_input_from_image(read_back);
  QVERIFY(input.has_value());
  QCOMPARE(predicted(network(), *input), pad->predictedDigit());
  QVERIFY(window_->statusBar()->currentMessage().contains(QStringLiteral("drawn-one.png")));

  // A pasted light-on-dark picture is saved as shown, and still reads the same.
  pad->pictureInput()->showImage(readablePicture(0, true), QStringLiteral("test"));
  const QString picture_png = files_.filePath(QStringLiteral("chalk-zero.png"));
  QVERIFY(window_->saveDrawingTo(picture_png));
  const std::optional<Eigen::VectorXf> chalk = digit_input_from_image(read_image_file(picture_png.toStdString()));
  QVERIFY(chalk.has_value());
  QCOMPARE(predicted(network(), *chalk), 0);
  QCOMPARE(pad->predictedDigit(), 0);
  // No temporaries left beside the files.
  QCOMPARE(QDir(files_.path()).entryList(QDir::Hidden | QDir::Files | QDir::NoDotAndDotDot).filter(".tmp").size(), 0);
}

void TestImagesInOut::saveDrawingReportsAFailure() {
  draw_line(window_->drawingPad()->canvas(), {0.5, 0.15}, {0.5, 0.85});
  const QString into_missing = files_.filePath(QStringLiteral("no-such-folder/drawing.png"));
  QVERIFY(!window_->saveDrawingTo(into_missing));
  QCOMPARE(window_->errors.size(), 1);
  QVERIFY2(window_->errors.front().contains(QStringLiteral("drawing.png")), qPrintable(window_->errors.front()));
  QVERIFY(!QFileInfo::exists(into_missing));
  // A folder at the path is never replaced.
  QVERIFY(!window_->saveDrawingTo(files_.path()));
  QCOMPARE(window_->errors.size(), 2);
  QVERIFY(QFileInfo(files_.path()).isDir());
}

void TestImagesInOut::myDigitsExportAsFoldersTheLoaderReadsBack() {
  UserDigits* digits = window_->userDigits();
  QAction* export_action = window_->findChild<QAction*>(QStringLiteral("actionExportDigits"));
  auto* export_button = window_->myDigitsView()->findChild<QPushButton*>(QStringLiteral("exportDigitsButton"));
  QVERIFY(!export_action->isEnabled() && !export_button->isEnabled());
  // 30 real digits, as if taught one by one (labels in mixed order).
  constexpr int kTaught = 30;
  for (int i = 0; i < kTaught; ++i) digits->add(fixture_.images.col(i), fixture_.labels[static_cast<std::size_t>(i)]);
  QVERIFY(export_action->isEnabled() && export_button->isEnabled());

  window_->export_folder = files_.filePath(QStringLiteral("exported"));  // new
  QTest::mouseClick(export_button, Qt::LeftButton);
  const QString folder = window_->export_folder;
  QVERIFY2(window_->errors.isEmpty(), qPrintable(window_->errors.join('\n')));
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

void TestImagesInOut::myDigitsExportNeverWritesOverFiles() {
  UserDigits* digits = window_->userDigits();
  for (int i = 0; i < 5; ++i) digits->add(fixture_.images.col(i), fixture_.labels[static_cast<std::size_t>(i)]);

  // A folder with the user's files in it: the export goes to a new folder inside.
  const QString busy = files_.filePath(QStringLiteral("busy"));
  QVERIFY(QDir().mkpath(busy + QStringLiteral("/3")));
  QFile mine(busy + QStringLiteral("/3/00000.png"));
  QVERIFY(mine.open(QIODevice::WriteOnly));
  mine.write("the user's own file");
  mine.close();
  QVERIFY(window_->exportMyDigitsTo(busy));
  QVERIFY(window_->errors.isEmpty());
  QFile check(busy + QStringLiteral("/3/00000.png"));
  QVERIFY(check.open(QIODevice::ReadOnly));
  QCOMPARE(check.readAll(), QByteArray("the user's own file"));
  QCOMPARE(png_files_under(busy + QStringLiteral("/my-digits")).size(), 5);
  QVERIFY(window_->statusBar()->currentMessage().contains(QStringLiteral("my-digits")));
  // Again: a second new folder, the first one untouched.
  QVERIFY(window_->exportMyDigitsTo(busy));
  QCOMPARE(png_files_under(busy + QStringLiteral("/my-digits-2")).size(), 5);
  QCOMPARE(png_files_under(busy).size(), 11);
  // An empty folder (as a folder dialog's "New folder" makes) is used as it is.
  const QString empty = files_.filePath(QStringLiteral("empty"));
  QVERIFY(QDir().mkpath(empty));
  QVERIFY(window_->exportMyDigitsTo(empty));
  QCOMPARE(png_files_under(empty).size(), 5);
  // No staging folders left anywhere.
  QCOMPARE(QDir(files_.path()).entryList(QDir::Hidden | QDir::AllEntries | QDir::NoDotAndDotDot).filter(".tmp").size(),
           0);
}

QTEST_MAIN(TestImagesInOut)
#include "test_images_in_out.moc"
