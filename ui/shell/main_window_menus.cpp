// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's menus and their shortcuts, the recent-files list and About,
// kept apart from what the actions do (main_window.cpp).

#include "ui/shell/main_window.h"

#include "ui/digits/my_digits_view.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/mode_switch.h"
#include "ui/pad/picture_input.h"
#include "ui/training/training_panel.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>

namespace digitpad {
namespace {

const char* const kRecentKey = "recentModels";

}  // namespace

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open model…"), this, &MainWindow::openWithDialog);
  open->setObjectName("actionOpen");
  open->setShortcut(QKeySequence::Open);
  open->setStatusTip(tr("Open a DigitPad model file (.dpm)"));

  recent_menu_ = file->addMenu(tr("Open &recent"));
  recent_menu_->setObjectName("menuRecent");
  connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);

  file->addSeparator();
  save_action_ = file->addAction(tr("&Save"), this, &MainWindow::save);
  save_action_->setObjectName("actionSave");
  save_action_->setShortcut(QKeySequence::Save);
  save_action_->setStatusTip(tr("Save the current model to its file"));
  save_as_action_ = file->addAction(tr("Save &as…"), this, &MainWindow::saveAs);
  save_as_action_->setObjectName("actionSaveAs");
  save_as_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  save_as_action_->setStatusTip(tr("Save the current model to a new file"));
  export_onnx_action_ = file->addAction(tr("&Export ONNX…"), this, &MainWindow::exportOnnx);
  export_onnx_action_->setObjectName("actionExportOnnx");
  export_onnx_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  export_onnx_action_->setStatusTip(tr("Write the current model as an ONNX file for other tools"));
  file->addSeparator();
  createImageActions(file);
  file->addSeparator();
  info_action_ = file->addAction(tr("Model &info…"), this, &MainWindow::showModelInfo);
  info_action_->setObjectName("actionModelInfo");
  info_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  info_action_->setStatusTip(tr("Architecture, training data, accuracy and hyperparameters of the current model"));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setObjectName("actionQuit");
  quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  quit->setStatusTip(tr("Quit DigitPad"));

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  if (pad_->undoAction()) edit->addAction(pad_->undoAction());
  if (pad_->clearAction()) edit->addAction(pad_->clearAction());
  edit->addAction(pad_->pictureInput()->pasteAction());
  edit->addSeparator();
  // The canvas owns Ctrl+Z (a stroke); bringing a model back is a deliberate
  // choice, named after the model it brings, on a key of its own (with Alt,
  // so that undoing a stroke never swaps the model).
  revert_model_action_ = edit->addAction(tr("&Revert to the previous model"), this, &MainWindow::revertModel);
  revert_model_action_->setObjectName("actionRevertModel");
  revert_model_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Z));
  restore_model_action_ = edit->addAction(tr("Re&store the newer model"), this, &MainWindow::restoreModel);
  restore_model_action_->setObjectName("actionRestoreModel");
  restore_model_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_Z));
  onHistoryChanged();

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(pad_->modeSwitch()->digitAction());
  view->addAction(pad_->modeSwitch()->numberAction());

  QMenu* training = menuBar()->addMenu(tr("&Training"));
  QAction* train = training->addAction(tr("&Train"), panel_, &TrainingPanel::startTraining);
  train->setObjectName("actionTrain");
  train->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  train->setStatusTip(tr("Train a new network with the panel's settings"));
  QAction* pause = training->addAction(tr("&Pause / Resume"), panel_, &TrainingPanel::togglePause);
  pause->setObjectName("actionPause");
  pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
  QAction* stop = training->addAction(tr("&Stop"), panel_, &TrainingPanel::stopTraining);
  stop->setObjectName("actionStop");
  stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
  auto update_training_actions = [this, train, pause, stop] {
    const bool running = panel_->isTraining();
    train->setEnabled(!running);
    pause->setEnabled(running);
    stop->setEnabled(running);
  };
  connect(panel_, &TrainingPanel::trainingStarted, this, update_training_actions);
  connect(panel_, &TrainingPanel::trainingEnded, this, update_training_actions);
  update_training_actions();

  QMenu* model_menu = menuBar()->addMenu(tr("&Model"));
  mistakes_action_ = model_menu->addAction(tr("Show &mistakes…"), this, &MainWindow::showMistakes);
  mistakes_action_->setObjectName("actionShowMistakes");
  mistakes_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  mistakes_action_->setStatusTip(tr("Confusion matrix of the model on a test set, and the digits it misreads"));
  hidden_units_action_ = model_menu->addAction(tr("&Hidden units…"), this, &MainWindow::showHiddenUnits);
  hidden_units_action_->setObjectName("actionHiddenUnits");
  hidden_units_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
  hidden_units_action_->setStatusTip(
      tr("What the first layer learned: its units' weights as 28x28 images, or a "
         "convolution's filters and what each sees in your drawing"));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* about = help->addAction(tr("&About DigitPad"), this, &MainWindow::showAbout);
  about->setObjectName("actionAbout");
  about->setShortcut(QKeySequence(Qt::Key_F1));
}

QStringList MainWindow::recentFiles() const { return QSettings().value(kRecentKey).toStringList(); }

void MainWindow::setRecentFiles(const QStringList& paths) { QSettings().setValue(kRecentKey, paths); }

void MainWindow::addRecentFile(const QString& path) {
  QStringList paths = recentFiles();
  paths.removeAll(path);
  paths.prepend(path);
  while (paths.size() > kMaxRecentFiles) paths.removeLast();
  setRecentFiles(paths);
}

void MainWindow::rebuildRecentMenu() {
  recent_menu_->clear();
  QStringList paths = recentFiles();
  // Files deleted or moved since are dropped from the list.
  paths.erase(
      std::remove_if(paths.begin(), paths.end(), [](const QString& path) { return !QFileInfo::exists(path); }),
      paths.end());
  setRecentFiles(paths);
  for (int i = 0; i < paths.size(); ++i) {
    const QString path = paths[i];
    QAction* action = recent_menu_->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()),
                                              this, [this, path] {
                                                if (maybeSaveChanges()) openModel(path);
                                              });
    action->setStatusTip(QDir::toNativeSeparators(path));
    action->setToolTip(QDir::toNativeSeparators(path));
  }
  if (paths.isEmpty()) {
    recent_menu_->addAction(tr("(none)"))->setEnabled(false);
    return;
  }
  recent_menu_->addSeparator();
  recent_menu_->addAction(tr("Clear list"), this, [this] { setRecentFiles({}); });
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About DigitPad"),
                     tr("<h3>DigitPad %1</h3><p>Draw a digit and watch a small neural network read it; "
                        "train your own network on handwritten digits and see it learn.</p>")
                         .arg(QApplication::applicationVersion()));
}

}  // namespace digitpad
