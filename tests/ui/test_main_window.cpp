// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: opening and saving through the File actions, a corrupt
// file, the unsaved marker and question, drag and drop, start-up models.

#include "qt_test_main.h"
#include "ui/pad/drawing_pad.h"
#include "core/io/model_file.h"
#include "ui/shell/main_window.h"
#include "ui/shell/model_info_dialog.h"
#include "ui/shell/model_session.h"
#include "ui/training/training_panel.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace digitpad;

namespace {

// The window with its modal parts answered by the test (KeePassXC's approach).
class ScriptedWindow : public MainWindow {
 public:
  QString open_path;
  QString save_path;
  QString export_path;
  QMessageBox::StandardButton answer = QMessageBox::Cancel;
  int questions = 0;
  QStringList errors;

 protected:
  QString askOpenPath() override { return open_path; }
  QString askSavePath() override { return save_path; }
  QString askExportOnnxPath() override { return export_path; }
  QMessageBox::StandardButton askToSaveChanges() override {
    ++questions;
    return answer;
  }
  void showError(const QString&, const QString& message) override { errors << message; }
};

QAction* action(QWidget& window, const char* name) {
  auto* found = window.findChild<QAction*>(QString::fromLatin1(name));
  if (found == nullptr) qFatal("no action %s", name);
  return found;
}

std::shared_ptr<const Model> trainedModel() {
  Architecture architecture;
  architecture.layers = dense_layers({12});
  ModelInfo info;
  info.name = "untitled";
  info.iterations = 42;
  return std::make_shared<const Model>(Model{Network(architecture, 0.2f, 99), info});
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void openThroughTheActionLoadsTheModel();
  void saveAsRoundTripKeepsTheWeights();
  void corruptFileKeepsTheCurrentModel();
  void exportOnnxWritesTheCurrentModel();
  void trainedModelIsUnsavedUntilSaved();
  void closingWithUnsavedModelAsks();
  void droppingAModelFileOpensIt();
  void startupPrefersTheCommandLineThenDefaults();
  void recentFilesDropMissingOnes();
  void modelInfoShowsArchitectureAndHyperparameters();
  void fitsA1024By700ScreenWithoutClipping();

 private:
  QTemporaryDir dir_;
  QString fixture_;
  Network fixture_network_{Architecture::mlp(784, {16}, 10, Activation::Relu), 0.1f, 7};
};

void TestMainWindow::initTestCase() {
  QVERIFY(dir_.isValid());
  // Keep QSettings (recent files) and the default digits out of the user's home.
  qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("config")).toUtf8());
  qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("cache")).toUtf8());
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(dir_.filePath(QStringLiteral("cache")) + QStringLiteral("/runs")).toUtf8());
  QCoreApplication::setOrganizationName(QStringLiteral("DigitPadTest"));
  QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));

  fixture_ = dir_.filePath(QStringLiteral("fixture.dpm"));
  ModelInfo info;
  info.name = "fixture";
  info.dataset = "synthetic";
  info.train_count = 100;
  info.iterations = 10;
  info.hyperparameters = {{"hidden", "16"}, {"activation", "relu"}, {"optimizer", "gd"}};
  save_model(fixture_.toStdString(), fixture_network_, info);
}

void TestMainWindow::init() { QSettings().clear(); }

void TestMainWindow::openThroughTheActionLoadsTheModel() {
  ScriptedWindow window;
  window.open_path = fixture_;
  action(window, "actionOpen")->trigger();

  QVERIFY(window.session()->hasModel());
  QVERIFY(window.session()->model()->network.parameters().isApprox(fixture_network_.parameters(), 0.0f));
  QCOMPARE(window.session()->path(), fixture_);
  QVERIFY(window.windowTitle().contains(QStringLiteral("fixture")));
  QVERIFY(!window.isWindowModified());
  QVERIFY(window.drawingPad()->network() != nullptr);
  QCOMPARE(window.drawingPad()->network()->architecture(), fixture_network_.architecture());
  QCOMPARE(window.recentFiles().value(0), fixture_);
  QVERIFY(window.errors.isEmpty());
}

void TestMainWindow::saveAsRoundTripKeepsTheWeights() {
  ScriptedWindow window;
  QVERIFY(window.openModel(fixture_));
  const QString copy = dir_.filePath(QStringLiteral("copy.dpm"));
  window.save_path = copy;
  action(window, "actionSaveAs")->trigger();
  QVERIFY(window.errors.isEmpty());
  QCOMPARE(window.session()->path(), copy);
  QVERIFY(window.windowTitle().contains(QStringLiteral("copy")));

  const Model saved = load_model(copy.toStdString());
  QVERIFY(saved.network.parameters() == fixture_network_.parameters());  // bit for bit
  QCOMPARE(saved.network.architecture(), fixture_network_.architecture());
  QCOMPARE(saved.info.name, std::string("copy"));
  QCOMPARE(saved.info.hyperparameters.size(), std::size_t{3});

  // And back in through the Open action.
  ScriptedWindow other;
  other.open_path = copy;
  action(other, "actionOpen")->trigger();
  QVERIFY(other.session()->model()->network.parameters() == fixture_network_.parameters());
}

void TestMainWindow::corruptFileKeepsTheCurrentModel() {
  ScriptedWindow window;
  QVERIFY(window.openModel(fixture_));
  const std::shared_ptr<const Model> before = window.session()->model();

  const QString bad = dir_.filePath(QStringLiteral("garbage.dpm"));
  QFile file(bad);
  QVERIFY(file.open(QIODevice::WriteOnly));
  // The literal's 31 characters (no terminator): 32 read past its end (ASan).
  static constexpr char kGarbage[] = "this is not a model \x01\x02\x03 at all";
  file.write(QByteArray(kGarbage, sizeof kGarbage - 1).repeated(5));
  file.close();

  window.open_path = bad;
  action(window, "actionOpen")->trigger();
  QCOMPARE(window.errors.size(), 1);
  QVERIFY2(window.errors.front().contains(QStringLiteral("garbage.dpm")), qPrintable(window.errors.front()));
  QVERIFY(window.lastError().contains(QStringLiteral("garbage.dpm")));
  QCOMPARE(window.session()->model(), before);
  QCOMPARE(window.session()->path(), fixture_);
  QVERIFY(window.windowTitle().contains(QStringLiteral("fixture")));
  QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("garbage.dpm")));
}

// File > Export ONNX… (the graph itself is tests/onnx's business).
void TestMainWindow::exportOnnxWritesTheCurrentModel() {
  ScriptedWindow window;
  QVERIFY(!action(window, "actionExportOnnx")->isEnabled());  // no model yet
  QVERIFY(window.openModel(fixture_));
  QVERIFY(action(window, "actionExportOnnx")->isEnabled());

  window.export_path = dir_.filePath(QStringLiteral("exported"));
  action(window, "actionExportOnnx")->trigger();
  QVERIFY2(window.errors.isEmpty(), qPrintable(window.errors.join('\n')));
  const QString written = dir_.filePath(QStringLiteral("exported.onnx"));  // the suffix is added
  QFile file(written);
  QVERIFY(file.open(QIODevice::ReadOnly));
  QVERIFY(file.size() > fixture_network_.parameters().size() * 4);  // the weights, as float32
  QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("exported.onnx")));
  QVERIFY(!window.isWindowModified());

  // A folder that does not exist: one error naming the file, nothing written.
  window.export_path = dir_.filePath(QStringLiteral("missing/model.onnx"));
  action(window, "actionExportOnnx")->trigger();
  QCOMPARE(window.errors.size(), 1);
  QVERIFY2(window.errors.front().contains(QStringLiteral("missing/model.onnx")), qPrintable(window.errors.front()));
}

void TestMainWindow::trainedModelIsUnsavedUntilSaved() {
  ScriptedWindow window;
  QVERIFY(window.openModel(fixture_));
  const std::shared_ptr<const Model> trained = trainedModel();
  emit window.trainingPanel()->modelTrained(trained);

  QCOMPARE(window.session()->model(), trained);
  QVERIFY(window.isWindowModified());
  QVERIFY(window.windowTitle().contains(QStringLiteral("untitled")));
  QVERIFY(window.windowTitle().contains(QStringLiteral("[*]")));
  QCOMPARE(window.drawingPad()->network().get(), &trained->network);  // the pad predicts with it

  // Save with no file yet asks for one (Save as), then the marker goes.
  window.save_path = dir_.filePath(QStringLiteral("mine"));
  action(window, "actionSave")->trigger();
  QVERIFY(!window.isWindowModified());
  QCOMPARE(window.session()->path(), dir_.filePath(QStringLiteral("mine.dpm")));
  QVERIFY(window.windowTitle().contains(QStringLiteral("mine")));
  QVERIFY(load_model(window.session()->path().toStdString()).network.parameters() == trained->network.parameters());
}

void TestMainWindow::closingWithUnsavedModelAsks() {
  ScriptedWindow window;
  window.show();
  emit window.trainingPanel()->modelTrained(trainedModel());

  window.answer = QMessageBox::Cancel;
  QVERIFY(!window.close());
  QCOMPARE(window.questions, 1);
  QVERIFY(window.isVisible());

  window.answer = QMessageBox::Save;
  window.save_path = dir_.filePath(QStringLiteral("on-quit.dpm"));
  QVERIFY(window.close());
  QCOMPARE(window.questions, 2);
  QVERIFY(QFileInfo::exists(window.save_path));

  ScriptedWindow discarding;
  discarding.show();
  emit discarding.trainingPanel()->modelTrained(trainedModel());
  discarding.answer = QMessageBox::Discard;
  QVERIFY(discarding.close());
  QCOMPARE(discarding.questions, 1);

  ScriptedWindow saved;  // nothing unsaved: no question
  saved.show();
  QVERIFY(saved.openModel(fixture_));
  QVERIFY(saved.close());
  QCOMPARE(saved.questions, 0);
}

void TestMainWindow::droppingAModelFileOpensIt() {
  ScriptedWindow window;
  // A remote file is refused outright.
  QMimeData remote;
  remote.setUrls({QUrl(QStringLiteral("https://example.org/model.dpm"))});
  QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&window, &refused);
  QVERIFY(!refused.isAccepted());
  // Any other local file is taken (a picture goes to the pad), to say what is
  // wrong with one that is neither a picture nor a model.
  QMimeData text_file;
  text_file.setUrls({QUrl::fromLocalFile(dir_.filePath(QStringLiteral("notes.txt")))});
  QDragEnterEvent taken(QPoint(10, 10), Qt::CopyAction, &text_file, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&window, &taken);
  QVERIFY(taken.isAccepted());
  QDropEvent dropped(QPointF(10, 10), Qt::CopyAction, &text_file, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&window, &dropped);
  QTRY_COMPARE(window.errors.size(), 1);
  QVERIFY2(window.errors.front().contains(QStringLiteral("notes.txt")), qPrintable(window.errors.front()));
  QVERIFY(!window.session()->hasModel());

  QMimeData model_file;
  model_file.setUrls({QUrl::fromLocalFile(fixture_)});
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &model_file, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&window, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &model_file, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&window, &drop);
  QCOMPARE(window.session()->path(), fixture_);
  QVERIFY(window.session()->model()->network.parameters() == fixture_network_.parameters());
}

void TestMainWindow::startupPrefersTheCommandLineThenDefaults() {
  const QString missing = dir_.filePath(QStringLiteral("nowhere/default.dpm"));
  {
    ScriptedWindow window;
    QVERIFY(!window.loadStartupModel({}, {missing}));
    QVERIFY(!window.session()->hasModel());
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("No model")));
    QVERIFY(window.drawingPad()->network() == nullptr);
  }
  {
    ScriptedWindow window;
    QVERIFY(window.loadStartupModel({}, {missing, fixture_}));
    QCOMPARE(window.session()->path(), fixture_);
    QVERIFY(window.errors.isEmpty());
  }
  {
    // A bad file named on the command line is reported, then the default loads.
    ScriptedWindow window;
    const QString bad = dir_.filePath(QStringLiteral("missing-from-command-line.dpm"));
    QVERIFY(window.loadStartupModel(bad, {fixture_}));
    QCOMPARE(window.errors.size(), 1);
    QVERIFY(window.errors.front().contains(QStringLiteral("missing-from-command-line.dpm")));
    QCOMPARE(window.session()->path(), fixture_);
  }
}

void TestMainWindow::recentFilesDropMissingOnes() {
  ScriptedWindow window;
  const QString doomed = dir_.filePath(QStringLiteral("doomed.dpm"));
  QVERIFY(QFile::copy(fixture_, doomed));
  QVERIFY(window.openModel(doomed));
  QVERIFY(window.openModel(fixture_));
  QCOMPARE(window.recentFiles(), (QStringList{fixture_, doomed}));
  QVERIFY(QFile::remove(doomed));

  auto* recent = window.findChild<QMenu*>(QStringLiteral("menuRecent"));
  QVERIFY(recent != nullptr);
  emit recent->aboutToShow();  // what opening the submenu does
  QCOMPARE(window.recentFiles(), QStringList{fixture_});
  QVERIFY(recent->actions().front()->text().contains(QStringLiteral("fixture.dpm")));
}

void TestMainWindow::modelInfoShowsArchitectureAndHyperparameters() {
  QCOMPARE(architectureText(Architecture::mlp(784, {1000}, 10, Activation::Tanh)),
           QStringLiteral("784 → 1000 tanh → 10 softmax"));
  QCOMPARE(architectureText(Architecture::mlp(784, {256, 128}, 10, Activation::Relu)),
           QStringLiteral("784 → 256 relu → 128 relu → 10 softmax"));
  QCOMPARE(architectureText(Architecture::mlp(784, {}, 10, Activation::Tanh)), QStringLiteral("784 → 10 softmax"));

  const Model model = load_model(fixture_.toStdString());
  ModelInfoDialog dialog(model, fixture_);
  auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("hyperparameterTable"));
  QVERIFY(table != nullptr);
  QCOMPARE(table->rowCount(), 3);
  QCOMPARE(table->item(2, 0)->text(), QStringLiteral("optimizer"));
  QCOMPARE(table->item(2, 1)->text(), QStringLiteral("gd"));
  bool shows_parameter_count = false;
  const QString count = QLocale().toString(static_cast<qlonglong>(model.network.architecture().parameter_count()));
  for (const QLabel* label : dialog.findChildren<QLabel*>()) shows_parameter_count |= label->text() == count;
  QVERIFY(shows_parameter_count);
}

void TestMainWindow::fitsA1024By700ScreenWithoutClipping() {
  MainWindow window;
  window.resize(1024, 700);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  // The window can be as small as the screen...
  QVERIFY2(window.minimumSizeHint().width() <= 1024,
           qPrintable(QStringLiteral("needs %1 px").arg(window.minimumSizeHint().width())));
  QVERIFY2(window.minimumSizeHint().height() <= 700,
           qPrintable(QStringLiteral("needs %1 px").arg(window.minimumSizeHint().height())));
  QTRY_COMPARE(window.width(), 1024);
  // ...with the training settings no wider than their scroll area (they
  // scroll down, never sideways)...
  auto* scroll = window.findChild<QScrollArea*>(QStringLiteral("settingsScroll"));
  QVERIFY(scroll != nullptr);
  QVERIFY2(scroll->widget()->minimumSizeHint().width() <= scroll->viewport()->width(),
           qPrintable(QStringLiteral("settings need %1 px, have %2")
                          .arg(scroll->widget()->minimumSizeHint().width())
                          .arg(scroll->viewport()->width())));
  QVERIFY(!scroll->horizontalScrollBar()->isVisible());
  // ...and every button row under the canvas and in the panel as wide as it needs.
  for (const char* name : {"teachRow", "trainButton", "mistakesButton", "timeLeftLabel"}) {
    auto* widget = window.findChild<QWidget*>(QString::fromLatin1(name));
    QVERIFY2(widget != nullptr, name);
    QVERIFY2(widget->width() >= widget->minimumSizeHint().width(), name);
  }
}

DIGITPAD_QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
