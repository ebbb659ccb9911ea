// SPDX-License-Identifier: GPL-3.0-or-later
// Keys that work as users expect them to: Esc and Delete clear, Ctrl+Z undoes a stroke and
// the digit keys teach from anywhere in the main window, except while the
// user types in a field; Esc and Ctrl+W close the Mistakes window.

#include "qt_test_main.h"
#include "mouse_strokes.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/shell/main_window.h"
#include "ui/inspect/mistakes_window.h"
#include "ui/digits/my_digits_view.h"
#include "ui/training/training_panel.h"
#include "ui/digits/my_digits.h"

#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace digitpad;
using digitpad::test::draw_line;

class TestKeys : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void clearUndoAndTeachWorkWithFocusAnywhere();
  void fieldsKeepTheirKeys();
  void mistakesWindowClosesWithEscAndCtrlW();

 private:
  // Focuses `widget` in the active window (shortcuts need an active window).
  void focus(QWidget* widget);

  QTemporaryDir dir_;
  std::unique_ptr<MainWindow> window_;
};

void TestKeys::initTestCase() {
  QVERIFY(dir_.isValid());
  qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("config")).toUtf8());
  qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("cache")).toUtf8());
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(dir_.filePath(QStringLiteral("cache")) + QStringLiteral("/runs")).toUtf8());
  qputenv(MyDigits::kFolderVariable, dir_.filePath(QStringLiteral("my-digits")).toUtf8());
}

void TestKeys::init() {
  QDir(dir_.filePath(QStringLiteral("my-digits"))).removeRecursively();
  window_ = std::make_unique<MainWindow>();
  window_->resize(1280, 820);
  window_->show();
  window_->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(window_.get()));
}

void TestKeys::cleanup() { window_.reset(); }

void TestKeys::focus(QWidget* widget) {
  widget->setFocus(Qt::OtherFocusReason);
  QTRY_COMPARE(QApplication::focusWidget(), widget);
}

void TestKeys::clearUndoAndTeachWorkWithFocusAnywhere() {
  DrawingCanvas* canvas = window_->drawingPad()->canvas();
  // A button of the panel (Train is disabled without data, so it takes no focus).
  auto* train = window_->trainingPanel()->findChild<QPushButton*>(QStringLiteral("resetViewButton"));
  auto* tabs = window_->findChild<QTabWidget*>(QStringLiteral("sideTabs"));
  QVERIFY(train && tabs);

  // Esc with a panel button focused (it was swallowed elsewhere before).
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  focus(train);
  QTest::keyClick(train, Qt::Key_Escape);
  QVERIFY(canvas->isEmpty());

  // Delete with the tab bar focused.
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  focus(tabs->tabBar());
  QTest::keyClick(tabs->tabBar(), Qt::Key_Delete);
  QVERIFY(canvas->isEmpty());

  // Ctrl+Z takes back the last stroke only.
  draw_line(canvas, {0.2, 0.2}, {0.8, 0.2});
  draw_line(canvas, {0.8, 0.2}, {0.4, 0.85});
  QCOMPARE(canvas->strokeCount(), 2);
  focus(train);
  QTest::keyClick(train, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(canvas->strokeCount(), 1);

  // A digit key teaches from the panel's side as well (keypad too).
  focus(train);
  QTest::keyClick(train, Qt::Key_7);
  QCOMPARE(window_->myDigits()->count(), 1);
  QCOMPARE(static_cast<int>(window_->myDigits()->digits().labels.front()), 7);
  QVERIFY(canvas->isEmpty());
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  tabs->setCurrentWidget(window_->myDigitsView());
  QListWidget* list = window_->myDigitsView()->list();
  focus(list);
  QTest::keyClick(list, Qt::Key_1, Qt::KeypadModifier);
  QCOMPARE(window_->myDigits()->count(), 2);
}

void TestKeys::fieldsKeepTheirKeys() {
  DrawingCanvas* canvas = window_->drawingPad()->canvas();
  TrainingPanel* panel = window_->trainingPanel();
  auto* layers = panel->findChild<QLineEdit*>(QStringLiteral("hiddenEdit"));
  auto* spin = panel->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"));
  QVERIFY(layers && spin);
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});

  // Typing a layer list: the digits go into the field, nothing is taught.
  focus(layers);
  layers->selectAll();
  QTest::keyClicks(layers, QStringLiteral("dense32"));
  QCOMPARE(layers->text(), QStringLiteral("dense32"));
  QCOMPARE(window_->myDigits()->count(), 0);
  // Esc, Delete and Ctrl+Z there belong to the field too: the drawing stays.
  QTest::keyClick(layers, Qt::Key_Escape);
  QTest::keyClick(layers, Qt::Key_Home);
  QTest::keyClick(layers, Qt::Key_Delete);
  QCOMPARE(layers->text(), QStringLiteral("ense32"));
  QTest::keyClick(layers, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(layers->text(), QStringLiteral("dense32"));
  QVERIFY(!canvas->isEmpty());
  QCOMPARE(canvas->strokeCount(), 1);

  // A spin box too.
  focus(spin);
  spin->selectAll();
  QTest::keyClicks(spin, QStringLiteral("300"));
  QCOMPARE(spin->value(), 300);
  QTest::keyClick(spin, Qt::Key_Escape);
  QCOMPARE(window_->myDigits()->count(), 0);
  QVERIFY(!canvas->isEmpty());

  // A read-only field is not being typed into: the keys are the pad's.
  auto* path = panel->findChild<QLineEdit*>(QStringLiteral("dataPathEdit"));
  QVERIFY(path && path->isReadOnly());
  focus(path);
  QTest::keyClick(path, Qt::Key_Escape);
  QVERIFY(canvas->isEmpty());
}

void TestKeys::mistakesWindowClosesWithEscAndCtrlW() {
  MistakesWindow mistakes;
  for (const auto& key : {QKeyCombination(Qt::Key_Escape), QKeyCombination(Qt::ControlModifier, Qt::Key_W)}) {
    mistakes.show();
    mistakes.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&mistakes));
    QTest::keyClick(&mistakes, key.key(), key.keyboardModifiers());
    QTRY_VERIFY(!mistakes.isVisible());
  }
  // Esc in the Mistakes window leaves the main window's canvas alone.
  DrawingCanvas* canvas = window_->drawingPad()->canvas();
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  mistakes.show();
  mistakes.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&mistakes));
  QTest::keyClick(&mistakes, Qt::Key_Escape);
  QTRY_VERIFY(!mistakes.isVisible());
  QVERIFY(!canvas->isEmpty());
}

DIGITPAD_QTEST_MAIN(TestKeys)
#include "test_keys.moc"
