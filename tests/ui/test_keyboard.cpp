// SPDX-License-Identifier: GPL-3.0-or-later
// Keyboard use, for people who cannot or would rather not use a mouse: Tab walks the main window in the order it
// reads on screen (top to bottom, left to right, a column at a time), every menu action lists its shortcut, and a
// focused button looks focused.

#include "qt_test_main.h"
#include "core/data/idx_file.h"
#include "ui/digits/my_digits.h"
#include "fixture_digits.h"
#include "core/io/model_file.h"
#include "mouse_strokes.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/inspect/mistakes_window.h"
#include "ui/shell/model_info_dialog.h"
#include "ui/shell/model_session.h"
#include "ui/training/training_panel.h"
#include "ui/shell/main_window.h"
#include "ui/widgets/focus_frame_style.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace digitpad;
using digitpad::test::draw_line;

namespace {

QString describe(const QWidget* widget) {
  const QRect r(widget->mapTo(widget->window(), QPoint(0, 0)), widget->size());
  return QStringLiteral("%1 \"%2\" at (%3,%4) %5x%6")
      .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName())
      .arg(r.x())
      .arg(r.y())
      .arg(r.width())
      .arg(r.height());
}

QRect windowRect(const QWidget* widget) {
  return QRect(widget->mapTo(widget->window(), QPoint(0, 0)), widget->size());
}

// The outermost scroll area `widget` is in, or null.
const QScrollArea* scrollAreaOf(const QWidget* widget) {
  const QScrollArea* outermost = nullptr;
  for (const QWidget* w = widget->parentWidget(); w; w = w->parentWidget())
    if (auto* area = qobject_cast<const QScrollArea*>(w)) outermost = area;
  return outermost;
}

// Whether Tab from `a` to `b` follows the screen: down (to a lower row), or
// right along the same row, or over to a column further right (which may
// start higher up). Going back up in the same column, or leftwards along a
// row, does not.
bool followsScreen(const QRect& a, const QRect& b) {
  constexpr int kRowSlack = 6;  // widgets of one row differ in height a little
  const bool same_row = std::abs(a.center().y() - b.center().y()) <= std::max(kRowSlack, a.height() / 2);
  if (same_row) return b.left() >= a.left();
  if (b.top() >= a.top()) return true;
  return b.left() >= a.right() - kRowSlack;  // the next column to the right
}

// Presses Tab from `first` until focus comes back to it, and checks each
// step follows the screen (followsScreen); `at_least` widgets must take part.
void walkTabOrder(QWidget* start, int at_least) {
  QWidget* window = start->window();
  start->setFocus(Qt::TabFocusReason);
  // A tab widget passes its focus on to its tab bar (its focus proxy).
  QWidget* const expected = start->focusProxy() ? start->focusProxy() : start;
  QTRY_COMPARE(QApplication::focusWidget(), expected);
  QWidget* first = expected;
  QList<QWidget*> order{first};
  for (int step = 0; step < 300; ++step) {
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QWidget* next = QApplication::focusWidget();
    if (next == first) break;
    QVERIFY2(!order.contains(next),
             qPrintable(QStringLiteral("Tab came back to %1 before the first widget").arg(describe(next))));
    order << next;
  }
  QVERIFY2(order.size() >= at_least, qPrintable(QStringLiteral("only %1 widgets take focus").arg(order.size())));

  // Compared as laid out at start: Tab scrolled the settings to each field
  // it reached; put them back.
  for (QScrollArea* area : window->findChildren<QScrollArea*>()) {
    area->horizontalScrollBar()->setValue(0);
    area->verticalScrollBar()->setValue(0);
  }
  QStringList walk;
  for (QWidget* widget : order) walk << describe(widget);
  if (qEnvironmentVariableIsSet("DIGITPAD_TAB_WALK"))
    for (const QString& line : walk) qInfo("%s", qPrintable(line));
  for (int i = 1; i < order.size(); ++i) {
    // Inside a scroll area, fields lie as laid out, below its visible part;
    // from or to a widget outside it, the area stands for them.
    const QScrollArea* from_area = scrollAreaOf(order[i - 1]);
    const QScrollArea* to_area = scrollAreaOf(order[i]);
    const bool apart = from_area != to_area;
    const QRect from = apart && from_area ? windowRect(from_area) : windowRect(order[i - 1]);
    const QRect to = apart && to_area ? windowRect(to_area) : windowRect(order[i]);
    if (followsScreen(from, to)) continue;
    for (const QString& line : walk) qInfo("%s", qPrintable(line));  // the whole walk, to see what to fix
    QFAIL(qPrintable(
        QStringLiteral("Tab goes against the screen from %1 to %2").arg(describe(order[i - 1]), describe(order[i]))));
  }
}

}  // namespace

class TestKeyboard : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void tabOrderFollowsTheScreen_data();
  void tabOrderFollowsTheScreen();
  void otherWindowsTabAsTheyRead();
  void everyMenuActionListsItsShortcut();
  void focusedButtonLooksFocused();

 private:
  QTemporaryDir dir_;
  QString model_, images_, labels_;
};

void TestKeyboard::initTestCase() {
  QVERIFY(dir_.isValid());
  qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("config")).toUtf8());
  qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("cache")).toUtf8());
  qputenv("DIGITPAD_RUN_HISTORY", dir_.filePath(QStringLiteral("runs")).toUtf8());
  qputenv(MyDigits::kFolderVariable, dir_.filePath(QStringLiteral("my-digits")).toUtf8());
  installFocusFrameStyle();
  model_ = dir_.filePath(QStringLiteral("small.dpm"));
  ModelInfo info;
  info.name = "small";
  save_model(model_.toStdString(), Network(Architecture::mlp(784, {16}, 10), 0.1f, 1), info);
  images_ = dir_.filePath(QStringLiteral("digits-images-idx3-ubyte"));
  labels_ = dir_.filePath(QStringLiteral("digits-labels-idx1-ubyte"));
  write_idx_pair(images_.toStdString(), labels_.toStdString(), fixtureDigits(100));
}

void TestKeyboard::tabOrderFollowsTheScreen_data() {
  QTest::addColumn<QSize>("size");
  QTest::newRow("1024x700") << QSize(1024, 700);
  QTest::newRow("1366x768") << QSize(1366, 768);
  QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestKeyboard::tabOrderFollowsTheScreen() {
  QFETCH(QSize, size);
  MainWindow window;
  window.resize(size);
  window.show();
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));

  // As in use: a model, data to train on and a drawing, so that Undo, Clear,
  // Teach and Train are enabled and take focus too.
  QVERIFY(window.openModel(model_));
  window.trainingPanel()->setIdxFiles(images_, labels_);
  draw_line(window.drawingPad()->canvas(), {0.5, 0.15}, {0.5, 0.85});
  QTRY_VERIFY(window.drawingPad()->lastInput().has_value());

  // From the canvas (the top-left), press Tab until focus comes back.
  walkTabOrder(window.drawingPad()->canvas(), 10);
}

void TestKeyboard::otherWindowsTabAsTheyRead() {
  MainWindow window;
  QVERIFY(window.openModel(model_));
  window.show();
  // The Mistakes window, on a test set (its gallery and matrix then take focus).
  window.showMistakes();
  MistakesWindow* mistakes = window.mistakesWindow();
  QVERIFY(mistakes);
  mistakes->resize(1024, 700);
  mistakes->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(mistakes));
  QSignalSpy finished(mistakes, &MistakesWindow::evaluationFinished);
  mistakes->evaluateIdxFiles(images_, labels_);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1 && !mistakes->isEvaluating(), 30000);
  QWidget* first = mistakes->nextInFocusChain();
  while (!(first->focusPolicy() & Qt::TabFocus && first->isVisible() && first->isEnabled()))
    first = first->nextInFocusChain();
  // The topmost widget (the leftmost of its row) is where reading starts.
  QList<QWidget*> candidates;
  for (QWidget* w = first;;) {
    candidates << w;
    do w = w->nextInFocusChain();
    while (!(w->focusPolicy() & Qt::TabFocus && w->isVisible() && w->isEnabled() && w->window() == mistakes));
    if (w == first || candidates.size() > 200) break;
  }
  QWidget* top_left = *std::min_element(candidates.begin(), candidates.end(), [](QWidget* a, QWidget* b) {
    const QRect ra = windowRect(a), rb = windowRect(b);
    return std::make_pair(ra.y() / 10, ra.x()) < std::make_pair(rb.y() / 10, rb.x());
  });
  walkTabOrder(top_left, 3);
  if (QTest::currentTestFailed()) return;
  mistakes->close();

  // Model info: its close button is the one Tab stop besides the tables.
  ModelInfoDialog dialog(*window.session()->model(), model_, &window);
  dialog.show();
  dialog.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&dialog));
  auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("hyperparameterTable"));
  QVERIFY(table);
  walkTabOrder(table, 2);
}

void TestKeyboard::everyMenuActionListsItsShortcut() {
  MainWindow window;
  QStringList missing;
  for (QAction* top : window.menuBar()->actions()) {
    QMenu* menu = top->menu();
    if (!menu) continue;
    for (QAction* action : menu->actions()) {
      // Separators, and Open recent (its files have numbers: Alt+F, R, 1...).
      if (action->isSeparator() || action->menu()) continue;
      if (action->shortcut().isEmpty()) missing << menu->title() + QStringLiteral(" ▸ ") + action->text();
    }
  }
  QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("no shortcut: ") + missing.join(QStringLiteral(", "))));
}

void TestKeyboard::focusedButtonLooksFocused() {
  QWidget window;
  auto* first = new QPushButton(QStringLiteral("Train"), &window);
  auto* second = new QPushButton(QStringLiteral("Stop"), &window);
  first->setGeometry(10, 10, 100, 32);
  second->setGeometry(120, 10, 100, 32);
  window.resize(240, 60);
  window.show();
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  second->setFocus(Qt::TabFocusReason);
  QTRY_VERIFY(second->hasFocus());
  const QImage unfocused = first->grab().toImage();
  first->setFocus(Qt::TabFocusReason);
  QTRY_VERIFY(first->hasFocus());
  const QImage focused = first->grab().toImage();
  // The frame: pixels along the edge turn the highlight colour.
  const QColor highlight = first->palette().color(QPalette::Highlight);
  int framed = 0;
  for (int x = 4; x < focused.width() - 4; ++x) {
    const QColor top(focused.pixel(x, 1));
    if (std::abs(top.red() - highlight.red()) + std::abs(top.green() - highlight.green()) +
                std::abs(top.blue() - highlight.blue()) <
            60 &&
        focused.pixel(x, 1) != unfocused.pixel(x, 1))
      ++framed;
  }
  QVERIFY2(framed > focused.width() / 2,
           qPrintable(QStringLiteral("%1 framed pixels of %2").arg(framed).arg(focused.width())));
}

DIGITPAD_QTEST_MAIN(TestKeyboard)
#include "test_keyboard.moc"
