// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/main_window.h"

#include "ui/pad/drawing_pad.h"
#include "ui/inspect/mistakes_window.h"
#include "ui/shell/model_info_dialog.h"
#include "ui/shell/model_safety.h"
#include "ui/shell/model_session.h"
#include "ui/digits/my_digits_view.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/picture_input.h"
#include "ui/pad/mode_switch.h"
#include "ui/digits/my_digits.h"
#include "ui/training/run_history.h"
#include "ui/training/training_panel.h"
#include "core/interop/onnx_export.h"
#include "core/util/error.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>

#include <algorithm>

namespace digitpad {
namespace {

QString noModelHint() {
  return QObject::tr("No model loaded: train one with the panel on the right, or open a .dpm file (Ctrl+O).");
}

}  // namespace

const char* const MainWindow::kModelFilter = "DigitPad models (*.dpm)";

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName("mainWindow");
  session_ = new ModelSession(this);
  pad_ = new DrawingPad;
  panel_ = new TrainingPanel;

  splitter_ = new QSplitter(Qt::Horizontal);
  splitter_->setObjectName("mainSplitter");
  splitter_->addWidget(pad_);
  // The user's digits: read now, so that the tab lists them. A damaged
  // folder is recovered (files kept aside, readable digits kept), one that
  // cannot be read is left alone and read-only; either way a dialog says so
  // once the window is up (deferred, so that the showError hook is the
  // subclass's in tests).
  my_digits_ = new MyDigits(MyDigits::defaultFolder(), this);
  try {
    my_digits_->reload();
    if (const auto& recovery = my_digits_->lastRecovery()) {
      const QString message =
          tr("Your digits in %1 were damaged: %2. %n of your digits were recovered; the files as they were "
             "are kept in %3.",
             nullptr, recovery->recovered)
              .arg(my_digits_->folder(), QString::fromStdString(recovery->problem),
                   QString::fromStdString(recovery->damaged_folder));
      QTimer::singleShot(0, this, [this, message] { reportError(tr("Your digits were recovered"), message); });
    }
  } catch (const Error& error) {
    const QString message =
        tr("Your digits could not be read: %1. Nothing was changed or deleted; teaching is off until this is fixed.")
            .arg(QString::fromStdString(error.what()));
    QTimer::singleShot(0, this, [this, message] { reportError(tr("Your digits could not be read"), message); });
  }
  // Every run the panel makes is kept in the user's data, next to their digits.
  run_history_ = new RunHistory(RunHistory::defaultFolder(), this);
  panel_->setRunHistory(run_history_);
  my_digits_view_ = new MyDigitsView(my_digits_);
  side_tabs_ = new QTabWidget;
  side_tabs_->setObjectName("sideTabs");
  side_tabs_->addTab(panel_, tr("Training"));
  side_tabs_->addTab(my_digits_view_, tr("My digits"));
  const auto retitle_digits_tab = [this] {
    side_tabs_->setTabText(side_tabs_->indexOf(my_digits_view_), tr("My digits (%1)").arg(my_digits_->count()));
  };
  connect(my_digits_, &MyDigits::changed, this, retitle_digits_tab);
  retitle_digits_tab();
  splitter_->addWidget(side_tabs_);
  splitter_->setStretchFactor(0, 1);
  splitter_->setStretchFactor(1, 1);
  splitter_->setSizes({540, 740});
  splitter_->setChildrenCollapsible(false);
  setCentralWidget(splitter_);

  model_status_ = new QLabel;
  model_status_->setObjectName("modelStatusLabel");
  statusBar()->addPermanentWidget(model_status_);

  createActions();
  setAcceptDrops(true);
  resize(1280, 820);

  connect(session_, &ModelSession::modelChanged, this, &MainWindow::onModelChanged);
  connect(session_, &ModelSession::modifiedChanged, this, &QWidget::setWindowModified);
  teach_advisor_ = std::make_unique<TeachAdvisor>();
  connect(panel_, &TrainingPanel::modelTrained, this, &MainWindow::onModelTrained);
  connect(session_, &ModelSession::historyChanged, this, &MainWindow::onHistoryChanged);
  // Train asks before replacing an unsaved model, as quitting does.
  panel_->setTrainGuard([this] { return maybeSaveChanges(); });
  connect(panel_, &TrainingPanel::showMistakesRequested, this, &MainWindow::showLastRunMistakes);
  connect(panel_, &TrainingPanel::runModelRequested, this, &MainWindow::useRunModel);
  // Before modelTrained: the Mistakes window then re-makes the new run's test set.
  connect(panel_, &TrainingPanel::trainingEnded, this, [this] {
    if (mistakes_window_) mistakes_window_->setLastRunData(panel_->lastRunData(), panel_->lastRunImageFolders());
  });
  connect(panel_, &TrainingPanel::statusMessage, this,
          [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
  connect(pad_, &DrawingPad::teachRequested, this, &MainWindow::teach);
  connectPictures();
  // A convolutional model's filter maps in the Mistakes window follow the drawing.
  connect(pad_, &DrawingPad::inputChanged, this, [this] {
    if (mistakes_window_) mistakes_window_->setDrawnInput(pad_->lastInput());
  });
  connect(my_digits_view_, &MyDigitsView::fineTuneRequested, this, &MainWindow::fineTune);
  connect(my_digits_view_, &MyDigitsView::statusMessage, this,
          [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
  const auto update_fine_tune = [this] {
    my_digits_view_->setFineTuneAvailable(
        session_->hasModel() && !panel_->isTraining(),
        !session_->hasModel() ? tr("Open or train a model first") : tr("Wait for the training run to end"));
  };
  connect(session_, &ModelSession::modelChanged, this, update_fine_tune);
  connect(panel_, &TrainingPanel::trainingStarted, this, update_fine_tune);
  connect(panel_, &TrainingPanel::trainingEnded, this, update_fine_tune);
  update_fine_tune();
  connect(panel_, &TrainingPanel::trainingStarted, this, &MainWindow::onHistoryChanged);
  connect(panel_, &TrainingPanel::trainingEnded, this, &MainWindow::onHistoryChanged);
  onModelChanged();
}

MainWindow::~MainWindow() {
  // Join the worker before any widget goes away.
  panel_->cancelAndWait();
}

// ---------------------------------------------------------------- teaching

void MainWindow::teach(int digit) {
  const std::optional<Eigen::VectorXf>& input = pad_->lastInput();
  if (!input) return;
  // A gentle check first: a drawing that looks like another digit can teach
  // the network to misread that digit.
  if (const std::optional<QString> doubt =
          teach_advisor_->question(*input, digit, pad_->lastProbabilities(), my_digits_->digits())) {
    if (!askTeachAnyway(*doubt)) {
      statusBar()->showMessage(tr("Not added: the drawing stays on the canvas."), kStatusTimeoutMs);
      return;
    }
  }
  try {
    my_digits_->add(*input, digit);
  } catch (const Error& error) {
    reportError(tr("Could not keep your digit"), QString::fromStdString(error.what()));
    return;
  }
  pad_->canvas()->clear();
  statusBar()->showMessage(tr("Added your %1 (%n of your digits)", nullptr, my_digits_->count()).arg(digit),
                           kStatusTimeoutMs);
}

void MainWindow::onModelTrained(std::shared_ptr<const Model> model) {
  if (!model) return;
  const std::shared_ptr<const Model> current = session_->model();
  // The measurements hold only against the model the run started from.
  const bool measured_against_current = current && panel_->lastRunReplaces() == current;
  const std::optional<ReplacementQuestion> question =
      measured_against_current
          ? replacementQuestion(panel_->lastRunWasFineTune(), panel_->lastComparisons(), session_->displayName())
          : std::nullopt;
  if (question && !askKeepNewModel(question->title, question->text, question->keep_new, question->keep_current)) {
    session_->keepForRestore(model);
    const QString note = tr("Kept “%1”; Edit ▸ Restore brings the new one back.").arg(session_->displayName());
    panel_->noteOutcome(note);
    statusBar()->showMessage(note, kStatusTimeoutMs);
    return;
  }
  // What was measured, in numbers, also when it was not worth a question.
  QString measured;
  if (measured_against_current)
    for (const AccuracyChange& change : panel_->lastComparisons()) {
      measured += tr("On %1 %2: %3 → %4")
                      .arg(change.count)
                      .arg(QString::fromStdString(change.set), percentText(change.before), percentText(change.after));
      const QString worst = describeWorstClass(change);
      measured += worst.isEmpty() ? tr(". ") : tr(" (%1). ").arg(worst);
    }
  const QString previous = current ? session_->displayName() : QString();
  session_->setTrainedModel(std::move(model));
  const QString note = previous.isEmpty()
                           ? tr("The canvas now uses this network.")
                           : tr("The canvas now uses this network; Edit ▸ Revert brings back “%1”.").arg(previous);
  panel_->noteOutcome(measured + note);
}

void MainWindow::revertModel() {
  if (!session_->canRevert() || panel_->isTraining()) return;
  session_->revert();
  statusBar()->showMessage(tr("Back to “%1”.").arg(session_->displayName()), kStatusTimeoutMs);
}

void MainWindow::restoreModel() {
  if (!session_->canRestore() || panel_->isTraining()) return;
  session_->restore();
  statusBar()->showMessage(tr("Back to “%1”.").arg(session_->displayName()), kStatusTimeoutMs);
}

void MainWindow::onHistoryChanged() {
  if (!revert_model_action_) return;
  const bool idle = !panel_->isTraining();
  revert_model_action_->setEnabled(idle && session_->canRevert());
  revert_model_action_->setText(session_->canRevert() ? tr("&Revert to “%1”").arg(session_->revertName())
                                                      : tr("&Revert to the previous model"));
  revert_model_action_->setStatusTip(tr("Bring back the model the last training run or fine-tune replaced"));
  restore_model_action_->setEnabled(idle && session_->canRestore());
  restore_model_action_->setText(session_->canRestore() ? tr("Re&store “%1”").arg(session_->restoreName())
                                                        : tr("Re&store the newer model"));
  restore_model_action_->setStatusTip(tr("Bring back the model reverted from, or the run's model you declined"));
}

bool MainWindow::useRunModel(const QString& model_path, const QString& run_name) {
  if (panel_->isTraining()) return false;
  std::shared_ptr<const Model> model;
  try {
    model = std::make_shared<const Model>(load_model(model_path.toStdString()));
  } catch (const Error& error) {
    reportError(tr("Could not use the run's model"),
                tr("%1. The run's curves are still listed; its model file is damaged or missing, so train the run "
                   "again to get it back.")
                    .arg(QString::fromStdString(error.what())));
    return false;
  }
  // As a training run's network: the model in use (saved or not) stays one
  // Edit ▸ Revert away, so nothing is lost and nothing needs asking.
  const QString previous = session_->hasModel() ? session_->displayName() : QString();
  session_->setTrainedModel(std::move(model));
  const QString note = previous.isEmpty()
                           ? tr("The canvas now uses the model of the run “%1”.").arg(run_name)
                           : tr("The canvas now uses the model of the run “%1”; Edit ▸ Revert brings back “%2”.")
                                 .arg(run_name, previous);
  panel_->noteOutcome(note);
  statusBar()->showMessage(note, kStatusTimeoutMs);
  return true;
}

void MainWindow::fineTune() {
  side_tabs_->setCurrentWidget(panel_);  // the run's progress and chart are there
  panel_->startFineTune(session_->model(), my_digits_->digits());
}

// ---------------------------------------------------------------- models

bool MainWindow::loadStartupModel(const QString& command_line_path, const QStringList& default_candidates) {
  if (!command_line_path.isEmpty() && openModel(command_line_path)) return true;
  for (const QString& candidate : default_candidates) {
    if (!QFileInfo::exists(candidate)) continue;
    try {
      session_->open(candidate);
      statusBar()->showMessage(tr("Loaded the default model from %1").arg(candidate), kStatusTimeoutMs);
      return true;
    } catch (const Error& error) {
      // A broken shipped model is worth a line, not a dialog: the next may do.
      last_error_ = QString::fromStdString(error.what());
      statusBar()->showMessage(last_error_, kStatusTimeoutMs);
    }
  }
  if (!session_->hasModel()) statusBar()->showMessage(noModelHint());
  return session_->hasModel();
}

bool MainWindow::openModel(const QString& path) {
  try {
    session_->open(path);
  } catch (const Error& error) {
    reportError(tr("Could not open the model"), QString::fromStdString(error.what()));
    return false;
  }
  addRecentFile(session_->path());
  statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(session_->path())), kStatusTimeoutMs);
  return true;
}

bool MainWindow::saveModelTo(const QString& path) {
  try {
    session_->saveAs(path);
  } catch (const Error& error) {
    reportError(tr("Could not save the model"), QString::fromStdString(error.what()));
    return false;
  }
  addRecentFile(session_->path());
  statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(session_->path())), kStatusTimeoutMs);
  return true;
}

bool MainWindow::save() {
  if (!session_->hasModel()) return false;
  if (session_->path().isEmpty()) return saveAs();
  return saveModelTo(session_->path());
}

bool MainWindow::saveAs() {
  if (!session_->hasModel()) return false;
  QString path = askSavePath();
  if (path.isEmpty()) return false;
  if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".dpm");
  return saveModelTo(path);
}

bool MainWindow::exportOnnxTo(const QString& path) {
  const std::shared_ptr<const Model> model = session_->model();
  if (!model) return false;
  try {
    export_onnx(path.toStdString(), model->network, model->info);
  } catch (const Error& error) {
    reportError(tr("Could not export the model"), QString::fromStdString(error.what()));
    return false;
  }
  statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), kStatusTimeoutMs);
  return true;
}

bool MainWindow::exportOnnx() {
  if (!session_->hasModel()) return false;
  QString path = askExportOnnxPath();
  if (path.isEmpty()) return false;
  if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".onnx");
  return exportOnnxTo(path);
}

void MainWindow::openWithDialog() {
  if (!maybeSaveChanges()) return;
  const QString path = askOpenPath();
  if (!path.isEmpty()) openModel(path);
}

void MainWindow::showModelInfo() {
  const std::shared_ptr<const Model> model = session_->model();
  if (!model) return;
  ModelInfoDialog dialog(*model, session_->path().isEmpty() ? tr("(not saved yet)") : session_->path(), this);
  dialog.exec();
}

void MainWindow::onModelChanged() {
  const bool has_model = session_->hasModel();
  pad_->setNetwork(session_->network());
  panel_->setCurrentModel(session_->model());  // what a Train run is measured against
  setWindowTitle(tr("%1[*] — DigitPad").arg(session_->displayName()));
  setWindowModified(session_->isModified());
  save_action_->setEnabled(has_model);
  save_as_action_->setEnabled(has_model);
  export_onnx_action_->setEnabled(has_model);
  info_action_->setEnabled(has_model);
  mistakes_action_->setEnabled(has_model);
  hidden_units_action_->setEnabled(has_model);
  if (mistakes_window_) mistakes_window_->setModel(session_->model(), session_->displayName());
  if (!has_model) {
    model_status_->setText(tr("No model"));
    model_status_->setToolTip(noModelHint());
    return;
  }
  const ModelInfo& info = session_->model()->info;
  QString text = tr("Model: %1").arg(session_->displayName());
  if (info.iterations > 0 && info.test_count > 0)
    text += tr("  ·  test accuracy %1 %").arg(100.0 * info.test_accuracy, 0, 'f', 1);
  model_status_->setText(text);
  model_status_->setToolTip(architectureText(session_->model()->network.architecture()));
}

MistakesWindow* MainWindow::ensureMistakesWindow() {
  if (!mistakes_window_) {
    mistakes_window_ = new MistakesWindow(this);
    mistakes_window_->setModel(session_->model(), session_->displayName());
    // Later runs reach it as they end (trainingEnded).
    mistakes_window_->setLastRunData(panel_->lastRunData(), panel_->lastRunImageFolders());
    mistakes_window_->setDrawnInput(pad_->lastInput());
  }
  return mistakes_window_;
}

void MainWindow::showMistakes() {
  if (!session_->hasModel()) return;
  MistakesWindow* window = ensureMistakesWindow();
  window->showTab(MistakesWindow::Tab::Confusion);
  window->evaluateInitialSet();
  window->show();
  window->raise();
  window->activateWindow();
}

void MainWindow::showHiddenUnits() {
  if (!session_->hasModel()) return;
  MistakesWindow* window = ensureMistakesWindow();
  window->showTab(MistakesWindow::Tab::HiddenUnits);
  // The "most active" order needs a test set; the weights show at once.
  window->evaluateInitialSet();
  window->show();
  window->raise();
  window->activateWindow();
}

void MainWindow::showLastRunMistakes() {
  if (!session_->hasModel() || !panel_->lastRunData()) return;
  MistakesWindow* window = ensureMistakesWindow();
  window->showTab(MistakesWindow::Tab::Confusion);
  window->evaluateLastRun();
  window->show();
  window->raise();
  window->activateWindow();
}

bool MainWindow::maybeSaveChanges() {
  if (!session_->isModified()) return true;
  switch (askToSaveChanges()) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
  }
}

// ---------------------------------------------------------------- window events

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybeSaveChanges()) {
    event->ignore();
    return;
  }
  panel_->cancelAndWait();  // no training thread outlives the window
  event->accept();
}

QString MainWindow::droppedModelPath(const QMimeData* mime) {
  if (mime == nullptr || !mime->hasUrls() || mime->urls().size() != 1) return {};
  const QUrl url = mime->urls().front();
  if (!url.isLocalFile()) return {};
  const QString path = url.toLocalFile();
  return isModelFile(path) ? path : QString();
}

bool MainWindow::isModelFile(const QString& path) {
  return QFileInfo(path).suffix().compare(QStringLiteral("dpm"), Qt::CaseInsensitive) == 0;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  // Models, and any picture or other file: the pad reads pictures and says
  // what is wrong with anything else (PictureInput::refused).
  if (!droppedModelPath(event->mimeData()).isEmpty() || PictureInput::canTake(event->mimeData()))
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = droppedModelPath(event->mimeData());
  if (path.isEmpty()) {
    if (pad_->pictureInput()->takeDrop(event->mimeData())) event->acceptProposedAction();
    return;
  }
  event->acceptProposedAction();
  if (maybeSaveChanges()) openModel(path);
}

}  // namespace digitpad
