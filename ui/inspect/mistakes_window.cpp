// SPDX-License-Identifier: GPL-3.0-or-later
// The Mistakes window: choosing the digits to evaluate on, evaluating off the
// GUI thread, and the confusion view, gallery and hidden units that show the
// result (each its own widget in inspect/).

#include "ui/inspect/mistakes_window.h"

#include "ui/widgets/dialog_folder.h"

#include "core/recognition/digit_classes.h"

#include "ui/inspect/confusion_view.h"
#include "core/data/idx_file.h"
#include "core/data/mnist_folder.h"
#include "ui/headless/download/mnist_download.h"
#include "ui/inspect/digit_gallery.h"
#include "ui/inspect/digit_why_panel.h"
#include "ui/inspect/hidden_units_view.h"
#include "ui/headless/images/image_folder_dataset.h"
#include "core/util/error.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QSplitter>
#include <QTabWidget>
#include <QSignalBlocker>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace digitpad {

// What the evaluation thread hands back; written there, read on the GUI
// thread only after the thread has finished.
struct MistakesWindow::Outcome {
  std::shared_ptr<const Dataset> data;
  std::optional<EvaluationReport> report;
  int available = 0;  // digits in the set before the kMaxDigits cut
  QString error;
};

namespace {

QString number(int value) { return QLocale().toString(value); }

}  // namespace

MistakesWindow::MistakesWindow(QWidget* parent) : QWidget(parent) {
  setObjectName("mistakesWindow");
  // A window of its own even with the main window as its parent (which only
  // ties their lifetimes together).
  setWindowFlag(Qt::Window);
  setWindowTitle(tr("Mistakes — DigitPad"));
  // A window to glance at and put away: Esc and Ctrl+W (the platform's Close)
  // close it, as they would a dialog.
  auto* close_action = new QAction(tr("Close"), this);
  close_action->setObjectName("closeMistakesAction");
  QList<QKeySequence> close_keys{QKeySequence(Qt::Key_Escape), QKeySequence(Qt::CTRL | Qt::Key_W)};
  for (const QKeySequence& platform : QKeySequence::keyBindings(QKeySequence::Close))
    if (!close_keys.contains(platform)) close_keys << platform;  // Ctrl+F4 on some desktops
  close_action->setShortcuts(close_keys);
  close_action->setShortcutContext(Qt::WindowShortcut);
  connect(close_action, &QAction::triggered, this, &QWidget::close);
  addAction(close_action);

  source_combo_ = new QComboBox;
  source_combo_->setObjectName("testSetCombo");
  source_combo_->addItem(tr("Last training run's test set"), static_cast<int>(Source::LastRun));
  source_combo_->addItem(tr("Default digits"), static_cast<int>(Source::DefaultDigits));
  source_combo_->addItem(tr("MNIST folder…"), static_cast<int>(Source::MnistFolder));
  source_combo_->addItem(tr("IDX files…"), static_cast<int>(Source::IdxFiles));
  source_combo_->setToolTip(tr("The labelled digits to evaluate the model on"));
  source_combo_->setCurrentIndex(-1);
  source_combo_->setPlaceholderText(tr("Choose a test set…"));
  offerDownloadedMnist();
  connect(source_combo_, &QComboBox::activated, this, &MistakesWindow::onSourceChosen);

  status_label_ = new QLabel;
  status_label_->setObjectName("mistakesStatusLabel");
  status_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  busy_bar_ = new QProgressBar;
  busy_bar_->setObjectName("evaluationBusyBar");
  busy_bar_->setRange(0, 0);
  busy_bar_->setMaximumWidth(120);
  busy_bar_->setTextVisible(false);
  busy_bar_->hide();

  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Test set:")));
  top->addWidget(source_combo_);
  top->addSpacing(12);
  top->addWidget(busy_bar_);
  top->addWidget(status_label_, 1);

  confusion_ = new ConfusionView;
  gallery_ = new DigitGallery;
  connect(confusion_, &ConfusionView::cellClicked, this, &MistakesWindow::showCell);
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->setObjectName("mistakesSplitter");
  splitter->addWidget(confusion_);
  why_panel_ = new DigitWhyPanel;
  auto* gallery_pane = new QWidget;
  auto* gallery_column = new QVBoxLayout(gallery_pane);
  gallery_column->setContentsMargins(0, 0, 0, 0);
  gallery_column->addWidget(gallery_, 1);
  gallery_column->addWidget(why_panel_, 0);
  connect(gallery_->list(), &QListWidget::currentRowChanged, this, &MistakesWindow::explainGalleryDigit);
  splitter->addWidget(gallery_pane);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  splitter->setChildrenCollapsible(false);
  // Room for four thumbnails a row beside a matrix of square-ish cells.
  splitter->setSizes({740, 520});

  hidden_units_ = new HiddenUnitsView;
  tabs_ = new QTabWidget;
  tabs_->setObjectName("mistakesTabs");
  tabs_->addTab(splitter, tr("Confusion matrix"));
  tabs_->addTab(hidden_units_, tr("Hidden units"));

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(tabs_, 1);
  resize(1280, 760);

  gallery_->clear(tr("Click a cell of the matrix to see its digits."));
  setStatus(tr("Choose a test set to evaluate the model on."));
}

MistakesWindow::~MistakesWindow() {
  if (running_) {
    running_->disconnect(this);
    running_->wait();
    delete running_;
  }
}

// ---------------------------------------------------------------- inputs

void MistakesWindow::setModel(std::shared_ptr<const Model> model, const QString& name) {
  model_name_ = name;
  setWindowTitle(tr("Mistakes — %1 — DigitPad").arg(name));
  if (model == model_) return;
  model_ = std::move(model);
  hidden_units_->setNetwork(model_ ? std::shared_ptr<const Network>(model_, &model_->network) : nullptr);
  report_.reset();
  if (!model_) {
    ++generation_;
    waiting_.reset();
    confusion_->clear(tr("No model loaded"));
    gallery_->clear(QString());
    setStatus(tr("No model loaded: open or train one first."), true);
    return;
  }
  // The same digits, judged by the new model (the last run's set is re-made
  // when the run it came from is not the one the digits are of).
  if (source_ == Source::LastRun && last_run_changed_)
    evaluateLastRun();
  else if (source_ != Source::None)
    request(current_.data ? Request{current_.source, current_.label, {}, current_.data} : current_);
}

void MistakesWindow::setDrawnInput(const std::optional<Eigen::VectorXf>& input) { hidden_units_->setInput(input); }

void MistakesWindow::setLastRunData(std::optional<DataRequest> request, const QStringList& image_folders) {
  last_run_ = std::move(request);
  last_run_image_folders_ = image_folders;
  last_run_changed_ = true;
}

MistakesWindow::Request MistakesWindow::lastRunRequest() const {
  Request request{Source::LastRun, tr("the last training run's test set"), {}, {}};
  if (!last_run_) return request;
  request.loader = [run = *last_run_, folders = last_run_image_folders_] {
    // As the training worker does: decoded image folders join the request.
    DataRequest data = run;
    for (const QString& folder : folders) data.extra_sets.push_back(load_image_folder(folder.toStdString()));
    Dataset test = load_training_data(data).test;
    if (test.empty()) throw Error("the last training run had no test set");
    return test;
  };
  return request;
}

void MistakesWindow::evaluateLastRun() {
  if (!last_run_) {
    setStatus(tr("No training run with a test set yet: train one in the panel, or choose another set."), true);
    return;
  }
  // Already shown (or on its way) for this model and this run: nothing to redo.
  if (source_ == Source::LastRun && !last_run_changed_ && (isEvaluating() || report_)) return;
  last_run_changed_ = false;
  request(lastRunRequest());
}

void MistakesWindow::evaluateDefaultDigits() {
  request({Source::DefaultDigits,
           tr("the default digits"),
           [] {
             const std::string folder = default_digits_folder();
             try {
               return load_evaluation_pair(folder);
             } catch (const Error&) {
               throw Error(folder + ": the default digits are missing; " + default_digits_hint());
             }
           },
           {}});
}

void MistakesWindow::evaluateDownloadedMnist() {
  const QString folder = MnistDownload::cachedFolder();
  request({Source::DownloadedMnist,
           tr("MNIST's test set"),
           [path = folder.toStdString()] { return load_evaluation_pair(path); },
           {}});
}

void MistakesWindow::offerDownloadedMnist() {
  if (source_combo_->findData(static_cast<int>(Source::DownloadedMnist)) >= 0) return;
  if (!MnistDownload::isComplete(MnistDownload::cachedFolder())) return;
  // After the default digits: the two sets every user can have without browsing.
  const int after = source_combo_->findData(static_cast<int>(Source::DefaultDigits));
  const QSignalBlocker blocker(source_combo_);
  const int shown = source_combo_->currentIndex();
  source_combo_->insertItem(after + 1, tr("MNIST test set (10,000)"), static_cast<int>(Source::DownloadedMnist));
  if (shown > after) source_combo_->setCurrentIndex(shown + 1);
}

void MistakesWindow::showEvent(QShowEvent* event) {
  offerDownloadedMnist();
  QWidget::showEvent(event);
}

void MistakesWindow::evaluateMnistFolder(const QString& folder) {
  request({Source::MnistFolder,
           QDir::toNativeSeparators(folder),
           [path = folder.toStdString()] { return load_evaluation_pair(path); },
           {}});
}

void MistakesWindow::evaluateIdxFiles(const QString& images, const QString& labels) {
  request({Source::IdxFiles,
           QDir::toNativeSeparators(images),
           [images = images.toStdString(), labels = labels.toStdString()] { return read_idx_pair(images, labels); },
           {}});
}

void MistakesWindow::evaluateDataset(std::shared_ptr<const Dataset> data) {
  const QString label = data && !data->source.empty() ? QString::fromStdString(data->source) : tr("the given digits");
  request({Source::InMemory, label, {}, std::move(data)});
}

void MistakesWindow::evaluateInitialSet() {
  if (source_ != Source::None) return;
  if (last_run_)
    evaluateLastRun();
  else
    evaluateDefaultDigits();
}

void MistakesWindow::onSourceChosen(int index) {
  const auto chosen = static_cast<Source>(source_combo_->itemData(index).toInt());
  switch (chosen) {
    case Source::LastRun: evaluateLastRun(); break;
    case Source::DefaultDigits: evaluateDefaultDigits(); break;
    case Source::DownloadedMnist: evaluateDownloadedMnist(); break;
    case Source::MnistFolder:
      if (const QString folder = askMnistFolder(); !folder.isEmpty()) evaluateMnistFolder(folder);
      break;
    case Source::IdxFiles:
      if (const QStringList files = askIdxFiles(); files.size() == 2) evaluateIdxFiles(files[0], files[1]);
      break;
    default: break;
  }
  // A cancelled dialog or a refused choice leaves the combo on the set shown.
  if (!isEvaluating()) selectSourceInCombo(source_);
}

void MistakesWindow::selectSourceInCombo(Source source) {
  source_combo_->setCurrentIndex(source_combo_->findData(static_cast<int>(source)));
}

// ---------------------------------------------------------------- the evaluation thread

void MistakesWindow::request(Request request) {
  ++generation_;
  source_ = request.source;
  current_ = request;
  selectSourceInCombo(source_);
  if (!model_) {
    setStatus(tr("No model loaded: open or train one first."), true);
    return;
  }
  if (running_) {
    // The running job cannot be interrupted mid-product; its result will be
    // dropped and this request starts when it ends.
    waiting_ = std::move(request);
    setStatus(tr("Evaluating %1…").arg(current_.label));
    return;
  }
  start(std::move(request));
}

void MistakesWindow::start(Request request) {
  auto outcome = std::make_shared<Outcome>();
  const int generation = generation_;
  running_ = QThread::create([request, model = model_, outcome] {
    try {
      std::shared_ptr<const Dataset> data = request.data;
      if (!data) {
        Dataset loaded = request.loader();
        outcome->available = loaded.count();
        if (loaded.count() > kMaxDigits) {
          std::vector<int> first(kMaxDigits);
          std::iota(first.begin(), first.end(), 0);
          Dataset cut = subset(loaded, first);
          cut.source = loaded.source;
          loaded = std::move(cut);
        }
        data = std::make_shared<const Dataset>(std::move(loaded));
      } else {
        outcome->available = data->count();
      }
      // A ten-class model is shown the digits it can answer, not the set's
      // not-a-digit drawings.
      const Architecture& architecture = model->network.architecture();
      if (!answers_not_a_digit(architecture) && has_not_a_digit(data->labels))
        data = std::make_shared<const Dataset>(digits_only(*data));
      outcome->report = evaluate_model(model->network, *data);
      outcome->data = std::move(data);
    } catch (const Error& error) {
      outcome->error = QString::fromStdString(error.what());
    } catch (const std::bad_alloc&) {
      outcome->error = QObject::tr("not enough memory to load the test set");
    } catch (const std::exception& error) {
      outcome->error = QObject::tr("evaluation failed: %1").arg(QString::fromUtf8(error.what()));
    }
  });
  running_->setObjectName("mistakesEvaluation");
  // Queued to this (GUI) thread: `finished` is emitted by the ending thread.
  connect(running_, &QThread::finished, this, [this, outcome, generation] {
    running_->deleteLater();
    running_ = nullptr;
    onEvaluated(outcome, generation == generation_);
    if (waiting_) {
      Request next = std::move(*waiting_);
      waiting_.reset();
      start(std::move(next));
    }
  });
  busy_bar_->show();
  setStatus(tr("Evaluating %1…").arg(request.label));
  running_->start();
}

void MistakesWindow::onEvaluated(const std::shared_ptr<Outcome>& outcome, bool current) {
  if (!current) return;  // a newer request is waiting or has replaced it
  busy_bar_->hide();
  if (!outcome->error.isEmpty()) {
    setStatus(outcome->error, true);
    emit evaluationFinished(false);
    return;
  }
  data_ = outcome->data;
  report_ = std::move(outcome->report);
  // Redo with a new model from the digits in memory, unless the request is
  // for the last run whose set may change.
  current_.data = data_;

  const EvaluationReport& report = *report_;
  const QString accuracy = QLocale().toString(100.0 * report.accuracy(), 'f', 2);
  confusion_->setConfusion(report.confusion, tr("Accuracy %1 %  —  %2 of %3 digits read right")
                                                 .arg(accuracy, number(report.correct), number(report.count())));
  hidden_units_->setActivity(report.mean_abs_hidden_activation);
  QString status = tr("Model “%1” on %2").arg(model_name_, current_.label);
  if (outcome->available > report.count())
    status += tr(" (the first %1 of %2 digits)").arg(number(report.count()), number(outcome->available));
  else
    status += tr(" (%1 digits)").arg(number(report.count()));
  status += tr(": %1 misread.").arg(number(report.count() - report.correct));
  setStatus(status);
  selectMostCommonMistake();
  emit evaluationFinished(true);
}

void MistakesWindow::selectMostCommonMistake() {
  const ConfusionMatrix& counts = report_->confusion;
  int best_true = -1, best_predicted = -1, best = 0;
  for (int t = 0; t < static_cast<int>(counts.size()); ++t)
    for (int p = 0; p < static_cast<int>(counts.size()); ++p)
      if (t != p && counts[t][p] > best) best = counts[t][p], best_true = t, best_predicted = p;
  if (best_true >= 0) {
    confusion_->selectCell(best_true, best_predicted);
    return;
  }
  // No mistakes at all: show the first digit class that has digits.
  for (int t = 0; t < static_cast<int>(counts.size()); ++t)
    if (counts[t][t] > 0) {
      confusion_->selectCell(t, t);
      return;
    }
  gallery_->clear(tr("The test set is empty."));
}

// ---------------------------------------------------------------- the gallery

void MistakesWindow::showCell(int true_class, int predicted_class) {
  if (!report_ || !data_) return;
  const EvaluationReport& report = *report_;
  std::vector<int> indices = report.samples_in_cell(true_class, predicted_class);
  const bool mistakes = true_class != predicted_class;
  // Confident mistakes and hesitant successes are the instructive ones.
  std::stable_sort(indices.begin(), indices.end(), [&report, mistakes](int a, int b) {
    return mistakes ? report.confidence[a] > report.confidence[b] : report.confidence[a] < report.confidence[b];
  });
  const int total = static_cast<int>(indices.size());
  if (total > kMaxThumbnails) indices.resize(kMaxThumbnails);

  std::vector<GalleryDigit> digits;
  digits.reserve(indices.size());
  for (const int index : indices)
    digits.push_back({index, DigitGallery::digitImage(data_->images.col(index)), report.predicted[index],
                      report.truth[index], report.confidence[index]});

  const QString truth = QString::fromStdString(class_name(true_class));
  const QString predicted = QString::fromStdString(class_name(predicted_class));
  QString heading;
  if (total == 0)
    heading = tr("No %1 was read as %2.").arg(truth, predicted);
  else if (mistakes)
    heading = tr("%1 × a %2 read as %3, most confident first").arg(number(total), truth, predicted);
  else
    heading = tr("%1 × a %2 read right, least confident first").arg(number(total), truth);
  if (total > kMaxThumbnails) heading += tr(" (the first %1 shown)").arg(kMaxThumbnails);
  gallery_->showDigits(heading, digits);
}

void MistakesWindow::explainGalleryDigit(int row) {
  QListWidgetItem* item = row >= 0 ? gallery_->list()->item(row) : nullptr;
  if (!item || !model_ || !data_) return why_panel_->clear();
  const int index = item->data(Qt::UserRole).toInt();
  why_panel_->explain(model_->network, data_->images.col(index), data_->labels[static_cast<std::size_t>(index)]);
}

// ---------------------------------------------------------------- misc

void MistakesWindow::showTab(Tab tab) { tabs_->setCurrentIndex(tab == Tab::Confusion ? 0 : 1); }

QString MistakesWindow::statusText() const { return status_label_->text(); }

void MistakesWindow::setStatus(const QString& text, bool is_problem) {
  status_label_->setText(text);
  status_label_->setStyleSheet(is_problem ? QStringLiteral("color: #b03a2e;") : QString());
}

QString MistakesWindow::askMnistFolder() {
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("MNIST folder (t10k-* or train-* IDX files)"), dialogFolder());
  rememberDialogChoice(folder);
  return folder;
}

QStringList MistakesWindow::askIdxFiles() {
  const QString filter = tr("IDX files (*-ubyte *-ubyte.gz *.idx *.gz);;All files (*)");
  const QString images = QFileDialog::getOpenFileName(this, tr("Test images (IDX)"), dialogFolder(), filter);
  if (images.isEmpty()) return {};
  rememberDialogChoice(images);
  const QString labels =
      QFileDialog::getOpenFileName(this, tr("Test labels (IDX)"), QFileInfo(images).path(), filter);
  if (labels.isEmpty()) return {};
  return {images, labels};
}

}  // namespace digitpad
