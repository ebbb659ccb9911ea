// SPDX-License-Identifier: GPL-3.0-or-later
// Pictures of digits into the pad: real digits (the committed fixture,
// scaled up as a phone photo or screenshot would be) pasted from the
// clipboard or dropped onto the canvas or the window are read exactly as
// digit_input_from_image reads them, shown until the user draws or clears,
// and taught like drawings; what is not a picture is reported by name and
// changes nothing; a .dpm drop still opens the model; huge pictures are read
// scaled down or refused before decoding.

#include "qt_test_main.h"
#include "image_test_bench.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/input_preview.h"
#include "ui/pad/picture.h"
#include "ui/pad/picture_input.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QMimeData>
#include <QPainter>
#include <QStatusBar>
#include <QToolButton>
#include <QUrl>

using namespace digitpad;

namespace {

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

}  // namespace

class TestPictureInput : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QVERIFY(bench_.setUpOnce()); }
  void init() { QVERIFY(bench_.setUp()); }
  void cleanup() { bench_.tearDown(); }
  void pastedPictureIsReadAsDigitInputFromImageReadsIt();
  void pasteIsEnabledOnlyWithAPictureOnTheClipboard();
  void drawingOrClearingEndsThePicture();
  void droppedPngFileIsReadTheSameWay();
  void droppedFileThatIsNoPictureIsReportedAndChangesNothing();
  void droppedModelIsStillOpenedAsAModel();
  void hugePictureIsReadScaledDownOrRefused();
  void pastedPictureIsTaughtLikeADrawing();

 private:
  ImageTestBench bench_;
};

void TestPictureInput::pastedPictureIsReadAsDigitInputFromImageReadsIt() {
  DrawingPad* pad = bench_.window()->drawingPad();
  QAction* paste = pad->pictureInput()->pasteAction();
  const auto* preview = pad->findChild<InputPreview*>(QStringLiteral("inputPreview"));
  QVERIFY(preview != nullptr);
  for (const auto& [label, light_on_dark] : {std::pair{3, false}, std::pair{7, true}}) {
    const QImage picture = bench_.readablePicture(label, light_on_dark);
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
    QVERIFY(bench_.window()->statusBar()->currentMessage().contains(QStringLiteral("clipboard")));

    // The canvas shows the picture, with its own background around it: a
    // light-on-dark picture stays dark at the corners too.
    const QImage shown = pad->canvas()->image();
    const int corner = qGray(shown.pixel(1, 1));
    QVERIFY2(light_on_dark ? corner < 64 : corner > 192, qPrintable(QString::number(corner)));
    const std::optional<Eigen::VectorXf> seen = digit_input_from_image(shown);
    QVERIFY(seen.has_value());
    QCOMPARE(predicted(bench_.network(), *seen), label);
  }
}

void TestPictureInput::pasteIsEnabledOnlyWithAPictureOnTheClipboard() {
  QAction* paste = bench_.window()->drawingPad()->pictureInput()->pasteAction();
  QGuiApplication::clipboard()->setText(QStringLiteral("not a picture"));
  QTRY_VERIFY(!paste->isEnabled());
  // An image file copied in a file manager arrives as its URL.
  const QString path = bench_.filePath(QStringLiteral("copied.png"));
  QVERIFY(bench_.readablePicture(4, false).save(path));
  auto* mime = new QMimeData;
  mime->setUrls({QUrl::fromLocalFile(path)});
  QGuiApplication::clipboard()->setMimeData(mime);
  QTRY_VERIFY(paste->isEnabled());
  // Ctrl+V from the canvas, as the user presses it.
  bench_.window()->activateWindow();
  bench_.window()->drawingPad()->canvas()->setFocus();
  QVERIFY(QTest::qWaitForWindowActive(bench_.window()));
  QTest::keyClick(bench_.window()->drawingPad()->canvas(), Qt::Key_V, Qt::ControlModifier);
  QVERIFY(bench_.window()->drawingPad()->canvas()->hasPicture());
  QCOMPARE(bench_.window()->drawingPad()->predictedDigit(), 4);
}

void TestPictureInput::drawingOrClearingEndsThePicture() {
  DrawingPad* pad = bench_.window()->drawingPad();
  DrawingCanvas* canvas = pad->canvas();
  QVERIFY(pad->pictureInput()->showImage(bench_.readablePicture(5, false), QStringLiteral("test")));
  QVERIFY(canvas->hasPicture() && !canvas->isEmpty());
  QVERIFY(pad->clearAction()->isEnabled());
  QVERIFY(bench_.window()->findChild<QAction*>(QStringLiteral("actionSaveDrawing"))->isEnabled());

  // A stroke starts afresh on white paper.
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  QVERIFY(!canvas->hasPicture());
  QCOMPARE(canvas->strokeCount(), 1);
  QCOMPARE(qGray(canvas->image().pixel(5, 5)), 255);
  QCOMPARE(*pad->lastInput(), *digit_input_from_image(canvas->image()));

  // Esc clears a picture as it clears a drawing.
  QVERIFY(pad->pictureInput()->showImage(bench_.readablePicture(5, false), QStringLiteral("test")));
  bench_.window()->activateWindow();
  canvas->setFocus();
  QVERIFY(QTest::qWaitForWindowActive(bench_.window()));
  QTest::keyClick(canvas, Qt::Key_Escape);
  QVERIFY(canvas->isEmpty());
  QVERIFY(!pad->lastInput().has_value());
  QCOMPARE(pad->predictedDigit(), -1);
  QVERIFY(!bench_.window()->findChild<QAction*>(QStringLiteral("actionSaveDrawing"))->isEnabled());
}

void TestPictureInput::droppedPngFileIsReadTheSameWay() {
  DrawingPad* pad = bench_.window()->drawingPad();
  // Named .dat: the content, not the name, says it is a PNG.
  const QString path = bench_.filePath(QStringLiteral("scan-of-a-two.dat"));
  QVERIFY(bench_.readablePicture(2, false).save(path, "PNG"));
  QVERIFY(drop_file_on(pad->canvas(), path));
  QTRY_VERIFY(pad->canvas()->hasPicture());
  QCOMPARE(pad->predictedDigit(), 2);
  QVERIFY(*pad->lastInput() == *digit_input_from_image(read_image_file(path.toStdString())));
  QVERIFY(bench_.window()->errors.isEmpty());

  // Dropped on the window outside the canvas: the same.
  const QString chalk = bench_.filePath(QStringLiteral("chalk-eight.png"));
  QVERIFY(bench_.readablePicture(8, true).save(chalk));
  QVERIFY(drop_file_on(bench_.window(), chalk));
  QTRY_COMPARE(pad->predictedDigit(), 8);
  QVERIFY(*pad->lastInput() == *digit_input_from_image(read_image_file(chalk.toStdString())));

  // Image data without a file (dragged from a browser).
  QMimeData data;
  data.setImageData(bench_.readablePicture(6, false));
  QVERIFY(drop_on(pad->canvas(), &data));
  QTRY_COMPARE(pad->predictedDigit(), 6);
}

void TestPictureInput::droppedFileThatIsNoPictureIsReportedAndChangesNothing() {
  DrawingPad* pad = bench_.window()->drawingPad();
  draw_line(pad->canvas(), {0.5, 0.15}, {0.5, 0.85});
  const QImage before = pad->canvas()->image();
  const Eigen::VectorXf input_before = *pad->lastInput();

  // Text named like a picture, and a file named like nothing.
  const QString fake = bench_.filePath(QStringLiteral("notes.png"));
  QFile file(fake);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("these are notes, not a picture\n");
  file.close();
  QVERIFY(drop_file_on(pad->canvas(), fake));
  QTRY_COMPARE(bench_.window()->errors.size(), 1);
  QVERIFY2(bench_.window()->errors.front().contains(QStringLiteral("notes.png")),
           qPrintable(bench_.window()->errors.front()));
  QVERIFY(bench_.window()->statusBar()->currentMessage().contains(QStringLiteral("notes.png")));
  QVERIFY(!pad->canvas()->hasPicture());
  QCOMPARE(pad->canvas()->strokeCount(), 1);
  QVERIFY(pad->canvas()->image() == before);
  QVERIFY(*pad->lastInput() == input_before);

  // A folder, dropped on the window.
  QVERIFY(drop_file_on(bench_.window(), bench_.filesFolder()));
  QTRY_COMPARE(bench_.window()->errors.size(), 2);
  QVERIFY(bench_.window()->errors.back().contains(QFileInfo(bench_.filesFolder()).fileName()));
  QVERIFY(pad->canvas()->image() == before);
}

void TestPictureInput::droppedModelIsStillOpenedAsAModel() {
  const QString copy = bench_.filePath(QStringLiteral("dropped.dpm"));
  QFile::remove(copy);
  QVERIFY(QFile::copy(ImageTestBench::modelPath(), copy));
  // On the canvas, where most drops land.
  QVERIFY(drop_file_on(bench_.window()->drawingPad()->canvas(), copy));
  QTRY_COMPARE(bench_.window()->session()->path(), copy);
  QVERIFY(bench_.window()->errors.isEmpty());
  QVERIFY(bench_.window()->drawingPad()->canvas()->isEmpty());
}

void TestPictureInput::hugePictureIsReadScaledDownOrRefused() {
  DrawingPad* pad = bench_.window()->drawingPad();
  // A 4000x3000 photo: decoded once, at most kMaxPictureSide wide.
  QImage photo(4000, 3000, QImage::Format_RGB32);
  photo.fill(QColor(235, 232, 225));  // paper, not quite white
  {
    QPainter painter(&photo);
    painter.drawImage(QRect(1500, 500, 2000, 2000), bench_.readablePicture(1, false));
  }
  const QString path = bench_.filePath(QStringLiteral("photo.jpg"));
  QVERIFY(photo.save(path, "JPEG", 90));
  QElapsedTimer timer;
  timer.start();
  QVERIFY(pad->pictureInput()->showFile(path));
  QVERIFY2(timer.elapsed() < 5000, qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed())));
  QCOMPARE(pad->canvas()->source().size(), QSize(kMaxPictureSide, kMaxPictureSide * 3 / 4));
  QCOMPARE(pad->predictedDigit(), 1);

  // A PNG whose header claims 30000x30000 pixels (and holds none) is refused
  // before decoding, naming its size.
  const QString bomb = bench_.filePath(QStringLiteral("bomb.png"));
  QFile file(bomb);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(png_header_only(30000, 30000));
  file.close();
  QVERIFY(!pad->pictureInput()->showFile(bomb));
  QCOMPARE(bench_.window()->errors.size(), 1);
  QVERIFY2(bench_.window()->errors.front().contains(QStringLiteral("bomb.png")) &&
               bench_.window()->errors.front().contains(QStringLiteral("30000")),
           qPrintable(bench_.window()->errors.front()));
  QCOMPARE(pad->predictedDigit(), 1);  // the photo is still there
}

void TestPictureInput::pastedPictureIsTaughtLikeADrawing() {
  DrawingPad* pad = bench_.window()->drawingPad();
  const QImage picture = bench_.readablePicture(9, false);
  QGuiApplication::clipboard()->setImage(picture);
  QTRY_VERIFY(pad->pictureInput()->pasteAction()->isEnabled());
  pad->pictureInput()->pasteAction()->trigger();
  auto* teach = pad->findChild<QToolButton*>(QStringLiteral("teachButton9"));
  QVERIFY(teach->isEnabled());
  QTest::mouseClick(teach, Qt::LeftButton);

  QCOMPARE(bench_.window()->myDigits()->count(), 1);
  QCOMPARE(static_cast<int>(bench_.window()->myDigits()->digits().labels[0]), 9);
  const Eigen::VectorXf stored = bench_.window()->myDigits()->digits().images.col(0);
  QVERIFY((stored - *digit_input_from_image(picture)).cwiseAbs().maxCoeff() <= 0.5f / 255.0f + 1e-6f);
  QVERIFY(pad->canvas()->isEmpty());  // taught, cleared for the next one
}

DIGITPAD_QTEST_MAIN(TestPictureInput)
#include "test_picture_input.moc"
