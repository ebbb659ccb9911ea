// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/run_history_list.h"

#include "core/io/run_log.h"
#include "ui/training/run_history.h"
#include "core/util/error.h"
#include "ui/widgets/dialog_folder.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace digitpad {
namespace {

constexpr int kIdRole = Qt::UserRole;

QString percent(float fraction) { return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 1); }

QString duration(double seconds) {
  if (seconds < 60) return QObject::tr("%1 s").arg(seconds, 0, 'f', seconds < 10 ? 1 : 0);
  const int whole = static_cast<int>(std::lround(seconds));
  return QObject::tr("%1:%2 min").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

QString details(const RunSummary& run) {
  QStringList lines;
  lines << QObject::tr("%1 on %2 (%3 training, %4 test digits)")
               .arg(run.fine_tune ? QObject::tr("Fine-tune") : QObject::tr("Train"),
                    QString::fromStdString(run.dataset))
               .arg(run.train_count)
               .arg(run.test_count);
  lines << QObject::tr("Split seed %1").arg(run.split_seed);
  for (const auto& [key, value] : run.recipe)
    lines << QStringLiteral("%1: %2").arg(QString::fromStdString(key), QString::fromStdString(value));
  lines << QObject::tr("%1 after %2 iterations in %3: final cost %4, train accuracy %5, test accuracy %6")
               .arg(QString::fromStdString(run.status))
               .arg(run.iterations)
               .arg(duration(run.seconds))
               .arg(static_cast<double>(run.final_cost), 0, 'g', 4)
               .arg(percent(run.train_accuracy),
                    run.test_count > 0 ? percent(run.test_accuracy) : QObject::tr("none"));
  if (!run.message.empty()) lines << QString::fromStdString(run.message);
  return lines.join(QLatin1Char('\n'));
}

}  // namespace

RunHistoryList::RunHistoryList(QWidget* parent) : QWidget(parent) {
  setObjectName("runHistoryList");
  auto* title = new QLabel(tr("&Runs:"));
  measure_box_ = new QComboBox;
  measure_box_->setObjectName("runMeasureBox");
  measure_box_->setToolTip(tr("The curve of each ticked run the chart overlays"));
  // Narrower than its longest item when it must be: the list shares a row
  // with the chart in a 480-pixel panel.
  measure_box_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  measure_box_->setMinimumContentsLength(7);
  for (RunMeasure measure :
       {RunMeasure::TrainCost, RunMeasure::TestCost, RunMeasure::TrainAccuracy, RunMeasure::TestAccuracy})
    measure_box_->addItem(TrainingChart::measureName(measure), static_cast<int>(measure));
  measure_box_->setCurrentIndex(3);  // test accuracy: what a learner compares first

  tree_ = new QTreeWidget;
  tree_->setObjectName("runTree");
  title->setBuddy(tree_);
  tree_->setColumnCount(3);
  tree_->setHeaderLabels({tr("Run"), tr("Test"), tr("Time")});
  tree_->setRootIsDecorated(false);
  tree_->setUniformRowHeights(true);  // 200 runs lay out at once
  tree_->setSelectionMode(QAbstractItemView::SingleSelection);
  tree_->header()->setStretchLastSection(false);
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  tree_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
  tree_->setToolTip(tr("Tick runs to compare their curves on the chart; Space ticks the selected run"));

  // Tool buttons, narrower than push buttons: the list shares its row with
  // the chart in a 480-pixel panel.
  reopen_button_ = new QToolButton;
  reopen_button_->setText(tr("Use model"));
  reopen_button_->setObjectName("reopenRunButton");
  reopen_button_->setToolTip(tr("Draw with the selected run's network (Edit ▸ Revert brings the current one back)"));
  csv_button_ = new QToolButton;
  csv_button_->setText(tr("CSV…"));
  csv_button_->setObjectName("exportRunCsvButton");
  csv_button_->setToolTip(tr("Export the selected run's curves as CSV"));
  delete_button_ = new QToolButton;
  delete_button_->setText(tr("Delete"));
  delete_button_->setObjectName("deleteRunButton");
  delete_button_->setToolTip(tr("Move the selected run and its model to the trash"));

  auto* top = new QHBoxLayout;
  top->addWidget(title);
  top->addWidget(measure_box_, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(reopen_button_);
  buttons->addWidget(csv_button_);
  buttons->addWidget(delete_button_);
  buttons->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  layout->addWidget(tree_, 1);
  layout->addLayout(buttons);

  connect(measure_box_, &QComboBox::currentIndexChanged, this, &RunHistoryList::comparisonChanged);
  connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem*, int column) {
    if (column == 0 && !rebuilding_) emit comparisonChanged();
  });
  connect(tree_, &QTreeWidget::currentItemChanged, this, &RunHistoryList::updateButtons);
  connect(reopen_button_, &QToolButton::clicked, this, [this] {
    const RunSummary* run = history_ ? history_->find(currentId()) : nullptr;
    if (run) emit reopenRequested(history_->modelPath(currentId()), runName(*run));
  });
  connect(csv_button_, &QToolButton::clicked, this, &RunHistoryList::exportCurrent);
  connect(delete_button_, &QToolButton::clicked, this, &RunHistoryList::deleteCurrent);
  updateButtons();
}

void RunHistoryList::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  // A narrow list (a 1024-pixel screen) gives the names the Time column's
  // room; the time stays in each run's tooltip.
  tree_->setColumnHidden(2, width() < 260);
}

void RunHistoryList::setHistory(RunHistory* history) {
  if (history_) disconnect(history_, nullptr, this, nullptr);
  history_ = history;
  if (history_) connect(history_, &RunHistory::changed, this, &RunHistoryList::rebuild);
  rebuild();
}

QString RunHistoryList::runName(const RunSummary& run) {
  const QDateTime when = QDateTime::fromString(QString::fromStdString(run.created), Qt::ISODate).toLocalTime();
  const QString preset = run.fine_tune ? tr("fine-tune") : QString::fromStdString(run.preset);
  if (!when.isValid()) return preset;
  // Today's runs by the time alone: the list's first column and the
  // legend stay short.
  const bool today = when.date() == QDate::currentDate();
  return QStringLiteral("%1 %2").arg(when.toString(today ? QStringLiteral("HH:mm") : QStringLiteral("MMM d HH:mm")),
                                     preset);
}

void RunHistoryList::rebuild() {
  // Ticks and the selection survive a reload (another window's new run).
  const QStringList checked = checkedIds();
  const QString current = currentId();
  rebuilding_ = true;
  tree_->clear();
  if (history_) {
    QList<QTreeWidgetItem*> items;
    // Newest first: the run just made is at the top.
    for (auto run = history_->runs().rbegin(); run != history_->runs().rend(); ++run) {
      const QString id = QString::fromStdString(run->id);
      auto* item = new QTreeWidgetItem;
      item->setText(0, runName(*run));
      item->setText(1, run->test_count > 0 ? percent(run->test_accuracy) : tr("–"));
      item->setText(2, duration(run->seconds));
      item->setData(0, kIdRole, id);
      item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
      item->setCheckState(0, checked.contains(id) ? Qt::Checked : Qt::Unchecked);
      item->setToolTip(0, details(*run));
      items << item;
    }
    tree_->addTopLevelItems(items);
  }
  if (QTreeWidgetItem* item = itemOf(current)) tree_->setCurrentItem(item);
  rebuilding_ = false;
  updateButtons();
  // A ticked run that is gone (deleted here or in another window) leaves the chart.
  if (checkedIds() != checked) emit comparisonChanged();
}

QStringList RunHistoryList::checkedIds() const {
  QStringList ids;
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = tree_->topLevelItem(i);
    if (item->checkState(0) == Qt::Checked) ids << item->data(0, kIdRole).toString();
  }
  return ids;
}

QTreeWidgetItem* RunHistoryList::itemOf(const QString& id) const {
  if (id.isEmpty()) return nullptr;
  for (int i = 0; i < tree_->topLevelItemCount(); ++i)
    if (tree_->topLevelItem(i)->data(0, kIdRole).toString() == id) return tree_->topLevelItem(i);
  return nullptr;
}

void RunHistoryList::setChecked(const QString& id, bool checked) {
  if (QTreeWidgetItem* item = itemOf(id)) item->setCheckState(0, checked ? Qt::Checked : Qt::Unchecked);
}

void RunHistoryList::uncheckAll() {
  if (checkedIds().isEmpty()) return;
  rebuilding_ = true;
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) tree_->topLevelItem(i)->setCheckState(0, Qt::Unchecked);
  rebuilding_ = false;
  emit comparisonChanged();
}

RunMeasure RunHistoryList::measure() const { return static_cast<RunMeasure>(measure_box_->currentData().toInt()); }

void RunHistoryList::setMeasure(RunMeasure measure) {
  measure_box_->setCurrentIndex(measure_box_->findData(static_cast<int>(measure)));
}

QString RunHistoryList::currentId() const {
  const QTreeWidgetItem* item = tree_->currentItem();
  return item ? item->data(0, kIdRole).toString() : QString();
}

void RunHistoryList::setCurrentId(const QString& id) {
  if (QTreeWidgetItem* item = itemOf(id)) tree_->setCurrentItem(item);
}

void RunHistoryList::setTraining(bool training) {
  training_ = training;
  updateButtons();
}

void RunHistoryList::updateButtons() {
  const bool has_run = !currentId().isEmpty();
  reopen_button_->setEnabled(has_run && !training_);
  csv_button_->setEnabled(has_run);
  delete_button_->setEnabled(has_run);
}

void RunHistoryList::exportCurrent() {
  const QString id = currentId();
  if (!history_ || id.isEmpty()) return;
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export the run's curves as CSV"),
                                   dialogPath(QStringLiteral("run-%1.csv").arg(id)), tr("CSV files (*.csv)"));
  if (path.isEmpty()) return;
  rememberDialogChoice(path);
  try {
    history_->exportCsv(id, path);
    emit message(tr("Exported the run's curves to %1.").arg(path), false);
  } catch (const Error& error) {
    emit message(tr("Could not export the curves: %1").arg(QString::fromStdString(error.what())), true);
  }
}

void RunHistoryList::deleteCurrent() {
  const QString id = currentId();
  const RunSummary* run = history_ ? history_->find(id) : nullptr;
  if (!run) return;
  const QString name = runName(*run);
  try {
    history_->remove(id);
    emit message(tr("Moved the run “%1” and its model to the trash.").arg(name), false);
  } catch (const Error& error) {
    emit message(QString::fromStdString(error.what()), true);
  }
}

}  // namespace digitpad
