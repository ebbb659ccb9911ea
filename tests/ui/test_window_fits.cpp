// SPDX-License-Identifier: GPL-3.0-or-later
// A window that fits on a small laptop screen and a HiDPI one: laid out at 1024x700, 1280x800, 1400x900 and
// 1920x1080 (and, through ctest's second run of this binary, with
// QT_SCALE_FACTOR=2), every key widget is fully visible, no label, button or
// progress text is clipped, elided or squeezed onto two lines, the canvas
// grows with the space and leaves no empty band under it, and the pen width
// stays as the user set it. Number mode is laid out at the same sizes, with
// a ten-digit number (a phone number) on show.

#include "qt_test_main.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/digit_tile.h"
#include "ui/pad/number_answer.h"
#include "ui/shell/main_window.h"
#include "ui/training/training_panel.h"
#include "ui/digits/my_digits.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QtTest>

#include <set>

using namespace digitpad;

Q_DECLARE_METATYPE(digitpad::PadMode)

namespace {

// The part of `widget` that its ancestors, up to the window, leave on
// screen (a child is clipped to each parent's rectangle), in its own
// coordinates.
QRect unclipped(const QWidget* widget) {
  QRect area = widget->rect();
  QPoint offset(0, 0);
  const QWidget* child = widget;
  for (const QWidget* parent = widget->parentWidget(); parent != nullptr && !child->isWindow();
       parent = parent->parentWidget()) {
    offset += child->pos();
    area &= parent->rect().translated(-offset);
    child = parent;
  }
  return area;
}

// Every ancestor up to the window is visible, so the widget is on screen.
bool shown(const QWidget* widget) { return widget->isVisibleTo(widget->window()) && widget->isVisible(); }

QString plainText(const QLabel* label) {
  if (label->textFormat() == Qt::PlainText || !Qt::mightBeRichText(label->text())) return label->text();
  QTextDocument document;
  document.setHtml(label->text());
  return document.toPlainText();
}

// The problems with one widget's text, in words (empty: none).
QString textProblem(const QWidget* widget) {
  const QString name =
      widget->objectName().isEmpty() ? QString::fromLatin1(widget->metaObject()->className()) : widget->objectName();
  if (const auto* label = qobject_cast<const QLabel*>(widget)) {
    QString text = plainText(label);
    // A label with a buddy shows its mnemonic's '&' as an underline, not a character.
    if (label->buddy()) text.replace(QRegularExpression(QStringLiteral("&(.)")), QStringLiteral("\\1"));
    if (text.isEmpty() || !label->pixmap().isNull()) return {};
    const QRect contents = label->contentsRect();
    if (label->wordWrap()) {
      const int needed = label->heightForWidth(label->width());
      if (needed > label->height() + 1)
        return QStringLiteral("%1 \"%2\": wrapped text needs %3 px of height, has %4")
            .arg(name, text)
            .arg(needed)
            .arg(label->height());
      return {};
    }
    const QFontMetrics metrics(label->font());
    int widest = 0;
    for (const QString& line : text.split(QLatin1Char('\n')))
      widest = std::max(widest, metrics.horizontalAdvance(line));
    const int lines = static_cast<int>(text.count(QLatin1Char('\n'))) + 1;
    if (widest > contents.width() + 1)
      return QStringLiteral("%1 \"%2\": text needs %3 px, has %4").arg(name, text).arg(widest).arg(contents.width());
    if (metrics.height() * lines > contents.height() + 2)
      return QStringLiteral("%1 \"%2\": text needs %3 px of height, has %4")
          .arg(name, text)
          .arg(metrics.height() * lines)
          .arg(contents.height());
    return {};
  }
  if (const auto* button = qobject_cast<const QAbstractButton*>(widget)) {
    if (button->text().isEmpty()) return {};
    const QSize needed = button->minimumSizeHint();
    if (button->width() < needed.width() || button->height() < needed.height())
      return QStringLiteral("%1 \"%2\": %3x%4, needs %5x%6")
          .arg(name, button->text())
          .arg(button->width())
          .arg(button->height())
          .arg(needed.width())
          .arg(needed.height());
    return {};
  }
  if (const auto* bar = qobject_cast<const QProgressBar*>(widget)) {
    if (!bar->isTextVisible()) return {};
    const int needed = QFontMetrics(bar->font()).horizontalAdvance(bar->text()) + 8;
    if (needed > bar->width())
      return QStringLiteral("%1 \"%2\": text needs %3 px, has %4")
          .arg(name, bar->text())
          .arg(needed)
          .arg(bar->width());
  }
  return {};
}

}  // namespace

class TestWindowFits : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void fitsTheScreen_data();
  void fitsTheScreen();

 private:
  QTemporaryDir dir_;
};

void TestWindowFits::initTestCase() {
  QVERIFY(dir_.isValid());
  qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("config")).toUtf8());
  qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("cache")).toUtf8());
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(dir_.filePath(QStringLiteral("cache")) + QStringLiteral("/runs")).toUtf8());
  qputenv(MyDigits::kFolderVariable, dir_.filePath(QStringLiteral("my-digits")).toUtf8());
  qInfo("device pixel ratio %.1f", qApp->devicePixelRatio());
}

void TestWindowFits::fitsTheScreen_data() {
  QTest::addColumn<QSize>("size");
  QTest::addColumn<PadMode>("mode");
  for (const QSize size :
       {QSize(1024, 700), QSize(1280, 800), QSize(1366, 768), QSize(1400, 900), QSize(1920, 1080)}) {
    const QByteArray name = QByteArray::number(size.width()) + "x" + QByteArray::number(size.height());
    QTest::newRow(name.constData()) << size << PadMode::Digit;
    QTest::newRow((name + " number").constData()) << size << PadMode::Number;
  }
}

void TestWindowFits::fitsTheScreen() {
  QFETCH(QSize, size);
  QFETCH(PadMode, mode);
  MainWindow window;
  DrawingCanvas* canvas = window.drawingPad()->canvas();
  canvas->setPenWidth(29);
  window.drawingPad()->setMode(mode);
  window.resize(size);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QTRY_COMPARE(window.size(), size);
  if (mode == PadMode::Number) {
    // The longest answer: ten digits, one of them doubtful.
    NumberReading reading;
    for (int i = 0; i < 10; ++i) {
      ReadDigit digit;
      digit.input = Eigen::VectorXf::Zero(28 * 28);
      digit.probabilities = Eigen::VectorXf::Constant(10, 0.001f);
      digit.digit = (i * 7) % 10;
      digit.probability = i == 4 ? 0.55f : 0.991f;
      digit.probabilities(digit.digit) = digit.probability;
      if (i == 4) digit.probabilities((digit.digit + 1) % 10) = 0.4f;
      reading.digits.push_back(digit);
    }
    window.drawingPad()->numberAnswer()->setReading(reading);
    QCOMPARE(window.drawingPad()->numberAnswer()->number(), QStringLiteral("0741852963"));
    // The tiles are shown, and the layouts settle, on the next turns of the event loop.
    const QList<DigitTile*> tiles = window.drawingPad()->numberAnswer()->tiles();
    QCOMPARE(tiles.size(), 10);
    QTRY_VERIFY(std::all_of(tiles.begin(), tiles.end(), [](const DigitTile* tile) { return tile->isVisible(); }));
  }
  QVERIFY2(window.minimumSizeHint().width() <= size.width() && window.minimumSizeHint().height() <= size.height(),
           qPrintable(QStringLiteral("the window needs %1x%2")
                          .arg(window.minimumSizeHint().width())
                          .arg(window.minimumSizeHint().height())));

  if (qEnvironmentVariableIsSet("DIGITPAD_LAYOUT_DEBUG")) {
    for (const char* name : {"drawingPad", "trainingPanel", "sideTabs", "drawingCanvas", "teachRow",
                             "probabilityBars", "settingsScroll", "trainingChart", "mainSplitter", "runHistoryList",
                             "runMeasureBox", "runTree", "chartSplitter", "trainingPanel"}) {
      auto* w = window.findChild<QWidget*>(QString::fromLatin1(name));
      if (!w) continue;
      qInfo("%s: %dx%d at %d,%d min %dx%d hint %dx%d", name, w->width(), w->height(), w->x(), w->y(),
            w->minimumSizeHint().width(), w->minimumSizeHint().height(), w->sizeHint().width(),
            w->sizeHint().height());
    }
    qInfo("window min %dx%d", window.minimumSizeHint().width(), window.minimumSizeHint().height());
  }
  // The longest texts the run controls show, as a run of 100,000 iterations would.
  auto* progress = window.findChild<QProgressBar*>(QStringLiteral("progressBar"));
  QVERIFY(progress);
  progress->setFormat(QStringLiteral("Iteration %v of %m"));
  progress->setRange(0, 100000);
  progress->setValue(100000);
  auto* time_left = window.findChild<QLabel*>(QStringLiteral("timeLeftLabel"));
  QVERIFY(time_left);
  time_left->setText(QStringLiteral("about 9 min 50 s left"));
  QCoreApplication::processEvents();

  // Key widgets: on screen and whole, not cut by the window or a parent.
  QList<const char*> key_widgets{"drawingCanvas", "teachRow",      "undoButton",    "clearButton", "penWidthSlider",
                                 "modeSwitch",    "trainButton",   "pauseButton",   "stopButton",  "mistakesButton",
                                 "progressBar",   "timeLeftLabel", "trainingChart", "messageLabel"};
  if (mode == PadMode::Digit) {
    key_widgets << "probabilityBars"
                << "inputPreviewCaption";
  } else {
    key_widgets << "numberAnswer"
                << "numberLabel"
                << "numberConfidenceLabel"
                << "numberVerdictLabel"
                << "digitTilesScroll";
  }
  for (const char* name : key_widgets) {
    auto* widget = window.findChild<QWidget*>(QString::fromLatin1(name));
    QVERIFY2(widget != nullptr, name);
    QVERIFY2(shown(widget), name);
    const QRect visible = unclipped(widget);
    QVERIFY2(visible == widget->rect(), qPrintable(QStringLiteral("%1: %2x%3 of it visible at %4,%5, is %6x%7")
                                                       .arg(QString::fromLatin1(name))
                                                       .arg(visible.width())
                                                       .arg(visible.height())
                                                       .arg(visible.x())
                                                       .arg(visible.y())
                                                       .arg(widget->width())
                                                       .arg(widget->height())));
  }

  // No text anywhere in the window is clipped, elided or squeezed.
  QStringList problems;
  for (QWidget* widget : window.findChildren<QWidget*>()) {
    if (!shown(widget) || widget->window() != &window) continue;
    const QString problem = textProblem(widget);
    if (!problem.isEmpty()) problems << problem;
  }
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

  // The settings scroll down, never sideways.
  auto* scroll = window.findChild<QScrollArea*>(QStringLiteral("settingsScroll"));
  QVERIFY(scroll);
  QVERIFY2(!scroll->horizontalScrollBar()->isVisible(),
           qPrintable(QStringLiteral("settings need %1 px, have %2")
                          .arg(scroll->widget()->minimumSizeHint().width())
                          .arg(scroll->viewport()->width())));

  // At start the settings show Preset, whole, and at least ten rows of
  // fields (there had once been five, with Preset scrolled away).
  const QWidget* viewport = scroll->viewport();
  auto* preset = window.findChild<QWidget*>(QStringLiteral("presetCombo"));
  QVERIFY(preset);
  QCOMPARE(scroll->verticalScrollBar()->value(), 0);
  const auto inView = [viewport](const QWidget* field) {
    return viewport->rect().contains(QRect(field->mapTo(viewport, QPoint(0, 0)), field->size()));
  };
  QVERIFY2(inView(preset), "Preset is not in view at start");
  std::set<int> rows;
  for (const QWidget* field : scroll->widget()->findChildren<QWidget*>()) {
    // (Not a spin box's or a combo box's own line edit.)
    if (qobject_cast<const QAbstractSpinBox*>(field->parentWidget()) ||
        qobject_cast<const QComboBox*>(field->parentWidget()))
      continue;
    // A row of the settings: a field, a list, or a row of buttons.
    const bool is_field = qobject_cast<const QComboBox*>(field) || qobject_cast<const QAbstractSpinBox*>(field) ||
                          qobject_cast<const QLineEdit*>(field) || qobject_cast<const QAbstractButton*>(field) ||
                          qobject_cast<const QAbstractItemView*>(field);
    if (is_field && field->isVisible() && inView(field)) rows.insert(field->mapTo(viewport, QPoint(0, 0)).y());
  }
  QVERIFY2(rows.size() >= 10, qPrintable(QStringLiteral("%1 rows of settings in view").arg(rows.size())));
  // From 1366 pixels wide the settings stand in two columns, so the training
  // settings are in view beside the network's without scrolling.
  if (size.width() >= 1366) {
    auto* optimizer = window.findChild<QWidget*>(QStringLiteral("optimizerCombo"));
    QVERIFY(optimizer);
    QVERIFY2(inView(optimizer), "the training settings are not in view beside the network's");
  }

  // The canvas uses the space: as large as the pad's width or its height
  // (less the tools and the answer beneath) allows, with no empty band
  // between the Teach row and the answer.
  DrawingPad* pad = window.drawingPad();
  QWidget* teach = window.findChild<QWidget*>(QStringLiteral("teachRow"));
  QWidget* answer = window.findChild<QWidget*>(mode == PadMode::Digit ? QStringLiteral("probabilityBars")
                                                                      : QStringLiteral("numberAnswer"));
  const int teach_bottom = teach->mapTo(pad, QPoint(0, teach->height())).y();
  const int answer_top = answer->mapTo(pad, QPoint(0, 0)).y();
  QVERIFY2(answer_top - teach_bottom <= 40,
           qPrintable(QStringLiteral("%1 px between the Teach row and the answer").arg(answer_top - teach_bottom)));
  const bool width_bound = canvas->width() >= pad->width() - 40;
  const bool at_maximum = canvas->width() == DrawingCanvas::kMaximumSide;
  QVERIFY2(width_bound || at_maximum || answer_top - teach_bottom <= 40,
           qPrintable(QStringLiteral("canvas %1 px in a pad of %2x%3")
                          .arg(canvas->width())
                          .arg(pad->width())
                          .arg(pad->height())));
  if (size.height() >= 900)
    QVERIFY2(canvas->width() > 418, qPrintable(QStringLiteral("canvas %1 px").arg(canvas->width())));

  // The pen is the user's setting, whatever the size.
  QCOMPARE(canvas->penWidth(), 29);
  QCOMPARE(window.findChild<QSlider*>(QStringLiteral("penWidthSlider"))->value(), 29);
}

DIGITPAD_QTEST_MAIN(TestWindowFits)
#include "test_window_fits.moc"
