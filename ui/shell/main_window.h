// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QMessageBox>
#include <QString>
#include <QStringList>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QMimeData;
class QSplitter;
class QTabWidget;

namespace digitpad {

class DrawingPad;
class MyDigitsView;
class TeachAdvisor;
struct Model;
class MyDigits;
class MistakesWindow;
class ModelSession;
class RunHistory;
class TrainingPanel;

// The app's window: the drawing pad on the left, the training panel on the
// right, the File menu for models, and the status bar.
//
// Everything modal (file dialogs, the unsaved-changes question, error boxes)
// goes through the protected virtual ask*/showError hooks, so that widget
// tests can subclass the window and answer them without a modal loop, as
// KeePassXC's tests do. The last error is also kept in lastError().
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  static constexpr int kMaxRecentFiles = 8;
  static const char* const kModelFilter;  // "DigitPad models (*.dpm)"
  // How long a passing message stays in the status bar.
  static constexpr int kStatusTimeoutMs = 6000;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  ModelSession* session() const { return session_; }
  DrawingPad* drawingPad() const { return pad_; }
  TrainingPanel* trainingPanel() const { return panel_; }
  // The runs the panel made (folder: RunHistory::defaultFolder()).
  RunHistory* runHistory() const { return run_history_; }
  // The user's taught digits (folder: MyDigits::defaultFolder()) and their tab.
  MyDigits* myDigits() const { return my_digits_; }
  MyDigitsView* myDigitsView() const { return my_digits_view_; }
  // The Mistakes window once it has been opened, else nullptr.
  MistakesWindow* mistakesWindow() const { return mistakes_window_; }
  QString lastError() const { return last_error_; }
  QStringList recentFiles() const;

  // At start: the command line's model when given (a bad one is reported),
  // else the first of `default_candidates` that exists and loads. Returns
  // whether a model was loaded; without one, the pad and the status bar say
  // how to get one.
  bool loadStartupModel(const QString& command_line_path, const QStringList& default_candidates);

 public slots:
  // The File actions end here after their dialogs; tests call them directly.
  // Each returns false and reports the error (naming the file) on failure,
  // leaving the current model as it was.
  bool openModel(const QString& path);
  bool saveModelTo(const QString& path);
  bool save();
  bool saveAs();
  void openWithDialog();
  // File > Export ONNX…: the current model as an ONNX file (interop/onnx_export.h).
  bool exportOnnxTo(const QString& path);
  bool exportOnnx();
  void showModelInfo();
  // "Teach it": keeps the pad's drawing as `digit` in the user's digits,
  // clears the canvas and says so in the status bar. A drawing the network
  // reads confidently as another digit, or that sits among another digit's
  // examples, is added only if askTeachAnyway() says so.
  void teach(int digit);
  // Edit ▸ Revert to the previous model / Restore the newer model: the model
  // a training run or fine-tune replaced, and back (ModelSession).
  void revertModel();
  void restoreModel();
  // The run history's "Use model": the run's model file in use, as a
  // training run's network is (unsaved; Edit ▸ Revert brings back the one
  // it replaced). Returns false and reports a damaged or missing file.
  bool useRunModel(const QString& model_path, const QString& run_name);
  // Fine-tunes the current model on the user's digits (in the panel's worker).
  void fineTune();
  // Model ▸ Show mistakes… / Hidden units…: the Mistakes window on the
  // current model, evaluating a test set first if none was chosen yet.
  void showMistakes();
  void showHiddenUnits();
  // The training panel's "Mistakes…": the last run's test set.
  void showLastRunMistakes();
  // File ▸ Save drawing as PNG…: the canvas as shown (a drawing or picture).
  bool saveDrawingTo(const QString& path);
  bool saveDrawing();
  // File ▸ Export my digits…: the user's digits as 0/..9/ folders of 28x28
  // PNGs (ui/headless/images/image_folder_export.h), into `folder` when it is new or
  // empty, else into a new subfolder of it; never over existing files.
  bool exportMyDigitsTo(const QString& folder);
  bool exportMyDigits();

 protected:
  virtual QString askOpenPath();
  virtual QString askSavePath();
  virtual QString askExportOnnxPath();
  virtual QString askSaveDrawingPath();
  virtual QString askExportDigitsFolder();
  // QMessageBox::Save, Discard or Cancel.
  virtual QMessageBox::StandardButton askToSaveChanges();
  // A finished run's network is worse than the model in use on held-out
  // digits (model_safety.h): true keeps the new one.
  virtual bool askKeepNewModel(const QString& title, const QString& text, const QString& keep_new,
                               const QString& keep_current);
  // The taught drawing looks like another digit: true adds it anyway.
  virtual bool askTeachAnyway(const QString& text);
  virtual void showError(const QString& title, const QString& message);

  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private slots:
  void onModelChanged();
  void onHistoryChanged();
  void rebuildRecentMenu();
  void showAbout();

 private:
  // A training run or fine-tune ended with a network: put it in use, or ask
  // first when it measured worse than the model it would replace. (Not a
  // slot: moc would need the model's metatype here.)
  void onModelTrained(std::shared_ptr<const Model> model);
  void createActions();
  void addRecentFile(const QString& path);
  void setRecentFiles(const QStringList& paths);
  // Asks about unsaved changes; true when it is fine to replace the model.
  bool maybeSaveChanges();
  void reportError(const QString& title, const QString& message);
  MistakesWindow* ensureMistakesWindow();
  static QString droppedModelPath(const QMimeData* mime);
  static bool isModelFile(const QString& path);
  // main_window_images.cpp: pictures in (paste, drops) and images out.
  void createImageActions(QMenu* file);
  void connectPictures();

  ModelSession* session_ = nullptr;
  DrawingPad* pad_ = nullptr;
  TrainingPanel* panel_ = nullptr;
  QSplitter* splitter_ = nullptr;
  QTabWidget* side_tabs_ = nullptr;
  MyDigits* my_digits_ = nullptr;
  RunHistory* run_history_ = nullptr;
  MyDigitsView* my_digits_view_ = nullptr;
  QLabel* model_status_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QAction* save_action_ = nullptr;
  QAction* save_as_action_ = nullptr;
  QAction* export_onnx_action_ = nullptr;
  QAction* save_drawing_action_ = nullptr;
  QAction* export_digits_action_ = nullptr;
  QAction* info_action_ = nullptr;
  QAction* mistakes_action_ = nullptr;
  QAction* hidden_units_action_ = nullptr;
  MistakesWindow* mistakes_window_ = nullptr;
  QAction* revert_model_action_ = nullptr;
  QAction* restore_model_action_ = nullptr;
  std::unique_ptr<TeachAdvisor> teach_advisor_;
  QString last_error_;
};

}  // namespace digitpad
