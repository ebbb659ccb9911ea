// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"
#include "core/data/training_data.h"
#include "core/io/model_file.h"
#include "core/nn/evaluation.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QTabWidget;
class QThread;

namespace digitpad {

class ConfusionView;
class DigitGallery;
class DigitWhyPanel;
class HiddenUnitsView;

// The "Mistakes" window (Model ▸ Show mistakes…): a model evaluated on a test
// set the user chooses, shown as a confusion-matrix heat map whose cells open
// the digits behind them, and a second tab with the first layer's weights (a
// convolution's filters, with what each sees in the drawing on the canvas).
//
// Loading and evaluating up to 10,000 digits takes a second or two, so it runs
// on a thread of its own (QThread::create); the result comes back to the GUI
// thread through the thread's finished signal. A request made while one runs
// replaces the one waiting and the running one's result is dropped.
// File dialogs go through protected virtual hooks so tests can answer them.
class MistakesWindow : public QWidget {
  Q_OBJECT

 public:
  enum class Source { None, LastRun, DefaultDigits, DownloadedMnist, MnistFolder, IdxFiles, InMemory };
  enum class Tab { Confusion, HiddenUnits };
  // Larger sets (MNIST's 60,000 training digits) are cut to their first
  // 10,000: enough for every kind of mistake, and memory stays small.
  static constexpr int kMaxDigits = 10'000;
  // The gallery shows at most this many digits of one cell.
  static constexpr int kMaxThumbnails = 400;

  explicit MistakesWindow(QWidget* parent = nullptr);
  // Waits for a running evaluation to end.
  ~MistakesWindow() override;

  // The model to evaluate (nullptr: none). A new model re-evaluates the
  // current test set.
  void setModel(std::shared_ptr<const Model> model, const QString& name);
  // The data of the training panel's last run that had a test set (nullopt:
  // none) and the image folders it decoded into it; its test split is re-made
  // from them exactly as the run made it (the split is seeded).
  void setLastRunData(std::optional<DataRequest> request, const QStringList& image_folders = {});
  // The drawing on the canvas as the network's input (nullopt: blank), for the
  // filter maps of a convolutional model (HiddenUnitsView::setInput).
  void setDrawnInput(const std::optional<Eigen::VectorXf>& input);
  bool hasLastRunData() const { return last_run_.has_value(); }

  // Each starts loading and evaluating in the background.
  void evaluateLastRun();
  void evaluateDefaultDigits();
  // MNIST's 10,000 test digits, once downloaded (ui/headless/download/mnist_download.h).
  void evaluateDownloadedMnist();
  void evaluateMnistFolder(const QString& folder);
  void evaluateIdxFiles(const QString& images, const QString& labels);
  void evaluateDataset(std::shared_ptr<const Dataset> data);
  // When nothing was evaluated yet: the last run's test set, else the default digits.
  void evaluateInitialSet();

  void showTab(Tab tab);
  bool isEvaluating() const { return running_ != nullptr; }
  Source source() const { return source_; }
  // The last finished evaluation (nullptr: none) and the digits it was of.
  const EvaluationReport* report() const { return report_ ? &*report_ : nullptr; }
  std::shared_ptr<const Dataset> dataset() const { return data_; }
  QString statusText() const;

  ConfusionView* confusionView() const { return confusion_; }
  DigitGallery* gallery() const { return gallery_; }
  // Why the digit last clicked in the gallery got its answer.
  DigitWhyPanel* whyPanel() const { return why_panel_; }
  HiddenUnitsView* hiddenUnitsView() const { return hidden_units_; }

 public slots:
  // Fills the gallery with the digits of one confusion-matrix cell.
  void showCell(int true_class, int predicted_class);

 signals:
  // An evaluation ended; `ok` is false when it failed (statusText() says why).
  void evaluationFinished(bool ok);

 protected:
  // The downloaded MNIST is offered once it is there, also when it arrived
  // after the window was made.
  void showEvent(QShowEvent* event) override;
  // An MNIST-layout folder; empty when cancelled.
  virtual QString askMnistFolder();
  // {images, labels}; empty when cancelled.
  virtual QStringList askIdxFiles();

 private:
  using Loader = std::function<Dataset()>;
  struct Outcome;
  struct Request {
    Source source = Source::None;
    QString label;                        // what the status line calls the set
    Loader loader;                        // runs on the evaluation thread
    std::shared_ptr<const Dataset> data;  // or the digits themselves, already loaded
  };

  void request(Request request);
  void start(Request request);
  void onEvaluated(const std::shared_ptr<Outcome>& outcome, bool current);
  void onSourceChosen(int index);
  void selectSourceInCombo(Source source);
  void offerDownloadedMnist();
  void setStatus(const QString& text, bool is_problem = false);
  void selectMostCommonMistake();
  void explainGalleryDigit(int row);
  Request lastRunRequest() const;

  std::shared_ptr<const Model> model_;
  QString model_name_;
  std::optional<DataRequest> last_run_;
  QStringList last_run_image_folders_;
  bool last_run_changed_ = false;

  Source source_ = Source::None;
  Request current_;  // how the digits shown were obtained, to redo with a new model
  std::shared_ptr<const Dataset> data_;
  std::optional<EvaluationReport> report_;

  QThread* running_ = nullptr;
  std::optional<Request> waiting_;
  int generation_ = 0;  // bumped by every request: older results are stale

  QComboBox* source_combo_ = nullptr;
  QLabel* status_label_ = nullptr;
  QProgressBar* busy_bar_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  ConfusionView* confusion_ = nullptr;
  DigitGallery* gallery_ = nullptr;
  DigitWhyPanel* why_panel_ = nullptr;
  HiddenUnitsView* hidden_units_ = nullptr;
};

}  // namespace digitpad
