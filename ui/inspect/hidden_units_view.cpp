// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspect/hidden_units_view.h"

#include "ui/inspect/unit_images.h"

#include "core/data/dataset.h"
#include "core/nn/layer_spec.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace digitpad {
namespace {

constexpr int kTile = kImageSide * HiddenUnitsView::kScale;
constexpr int kPairGap = 6;  // between a filter and its map
const QColor kFrame(0xd0, 0xd0, 0xd0);

// `image` drawn into a kTile square at the largest whole-pixel magnification
// that fits, centred, so that a 5x5 kernel's cells are all the same size.
void drawMagnified(QPainter& painter, const QRect& box, const QImage& image) {
  const int factor = std::max(1, std::min(box.width() / image.width(), box.height() / image.height()));
  const QSize size(image.width() * factor, image.height() * factor);
  const QPoint corner(box.x() + (box.width() - size.width()) / 2, box.y() + (box.height() - size.height()) / 2);
  painter.drawImage(QRect(corner, size), image);
}

}  // namespace

HiddenUnitsView::HiddenUnitsView(QWidget* parent) : QWidget(parent) {
  setObjectName("hiddenUnitsView");
  order_combo_ = new QComboBox;
  order_combo_->setObjectName("unitOrderCombo");
  order_combo_->addItem(tr("As numbered"), static_cast<int>(Order::AsNumbered));
  order_combo_->addItem(tr("Most active on the test set"), static_cast<int>(Order::MostActive));
  order_combo_->addItem(tr("Strongest weights"), static_cast<int>(Order::StrongestWeights));
  order_combo_->addItem(tr("Random sample"), static_cast<int>(Order::Random));
  order_combo_->setToolTip(tr("Which units to show first"));
  page_spin_ = new QSpinBox;
  page_spin_->setObjectName("unitPageSpin");
  page_spin_->setRange(1, 1);
  page_spin_->setPrefix(tr("page "));
  page_spin_->setToolTip(tr("Page through the units, %1 at a time").arg(kUnitsPerPage));
  summary_label_ = new QLabel;
  summary_label_->setObjectName("unitSummaryLabel");

  legend_ = new QLabel;
  legend_->setObjectName("unitLegend");
  legend_->setWordWrap(true);

  list_ = new QListWidget;
  list_->setObjectName("unitList");
  list_->setViewMode(QListView::IconMode);
  list_->setResizeMode(QListView::Adjust);
  list_->setMovement(QListView::Static);
  list_->setWrapping(true);
  list_->setUniformItemSizes(true);
  list_->setSelectionMode(QAbstractItemView::NoSelection);

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Order:")));
  controls->addWidget(order_combo_);
  controls->addSpacing(12);
  controls->addWidget(page_spin_);
  controls->addSpacing(12);
  controls->addWidget(summary_label_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(legend_);
  layout->addWidget(list_, 1);

  // Drawing moves the maps along, but a stroke's every mouse move need not:
  // the first change starts the timer and later ones ride along with it.
  map_timer_.setSingleShot(true);
  map_timer_.setInterval(kMapRefreshMs);
  connect(&map_timer_, &QTimer::timeout, this, &HiddenUnitsView::updateMapsNow);

  connect(order_combo_, &QComboBox::currentIndexChanged, this, [this] {
    rebuildOrder();
    setPage(0);
  });
  connect(page_spin_, &QSpinBox::valueChanged, this, [this] { showPage(); });
  setNetwork(nullptr);
}

void HiddenUnitsView::setNetwork(std::shared_ptr<const Network> network) {
  network_ = std::move(network);
  first_ = network_ ? first_weighted_layer(*network_) : FirstWeightedLayer{};
  // Another network's activity says nothing about these units.
  activity_.resize(0);
  maps_.resize(0);
  map_scale_ = 0;
  cache_ = ForwardCache{};
  // A filter sits beside its map; a dense unit's picture is alone.
  const int width = first_.conv ? 2 * kTile + kPairGap : kTile;
  list_->setIconSize(QSize(width + 2, kTile + 2));
  list_->setGridSize(QSize(width + 14, kTile + 24));
  order_combo_->setToolTip(first_.conv ? tr("Which filters to show first") : tr("Which units to show first"));
  page_spin_->setToolTip(
      (first_.conv ? tr("Page through the filters, %1 at a time") : tr("Page through the units, %1 at a time"))
          .arg(kUnitsPerPage));
  updateLegend();
  updateActivityChoice();
  rebuildOrder();
  setPage(0);
  // The maps of the drawing already on the canvas, for this network.
  if (first_.conv && input_) {
    if (isVisible())
      updateMapsNow();
    else
      maps_stale_ = true;
  }
}

void HiddenUnitsView::updateLegend() {
  if (first_.conv) {
    legend_->setText(tr("Left of each pair: the filter's %1×%1 weights (<span style='color:#2166ac'>■</span> "
                        "negative, <span style='color:#b0b0b0'>□</span> zero, "
                        "<span style='color:#b2182b'>■</span> positive; each filter scaled to its own largest "
                        "weight). Right: what the filter sees in the digit on the canvas, its output map (all "
                        "maps on one scale, updated as you draw).%2")
                         .arg(first_.kernel)
                         .arg(maps_.size() == 0 ? tr(" <b>Draw a digit to see what each filter picks out of it.</b>")
                                                : QString()));
    return;
  }
  legend_->setText(
      tr("<span style='color:#2166ac'>■</span> negative weight &nbsp; "
         "<span style='color:#b0b0b0'>□</span> zero &nbsp; "
         "<span style='color:#b2182b'>■</span> positive weight (each unit scaled to its own "
         "largest weight)"));
}

void HiddenUnitsView::setActivity(const Eigen::VectorXf& mean_abs_activation) {
  activity_.resize(0);
  // The evaluation measures the network's first layer; it describes these
  // units only when that layer is the one shown.
  if (network_ && first_.index == 0 && !first_.output) {
    if (!first_.conv && mean_abs_activation.size() == first_.units) {
      activity_ = mean_abs_activation;
    } else if (first_.conv && mean_abs_activation.size() == first_.output_shape.size()) {
      // NCHW: each filter's map is one contiguous block; its activity is the block's mean.
      const Eigen::Index plane = Eigen::Index{first_.output_shape.height} * first_.output_shape.width;
      activity_ = Eigen::Map<const Eigen::MatrixXf>(mean_abs_activation.data(), plane, first_.units)
                      .colwise()
                      .mean()
                      .transpose();
    }
  }
  updateActivityChoice();
  if (order() == Order::MostActive) {
    rebuildOrder();
    setPage(0);
  }
}

void HiddenUnitsView::setInput(const std::optional<Eigen::VectorXf>& input) {
  input_ = input;
  if (!first_.conv) return;  // dense units do not depend on the drawing
  if (!isVisible()) {
    maps_stale_ = true;  // computed when shown
    return;
  }
  if (!map_timer_.isActive()) map_timer_.start();
}

void HiddenUnitsView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (maps_stale_) updateMapsNow();
}

void HiddenUnitsView::updateMapsNow() {
  map_timer_.stop();
  maps_stale_ = false;
  maps_.resize(0);
  map_scale_ = 0;
  if (first_.conv && drawable() && input_ && input_->size() == network_->architecture().input_size()) {
    // One digit through the network (about 0.3 ms for the convnet preset);
    // the first convolution's output is kept.
    network_->forward(*input_, cache_);
    maps_ = cache_.outputs[static_cast<std::size_t>(first_.index)].col(0);
    map_scale_ = maps_.size() > 0 ? maps_.cwiseAbs().maxCoeff() : 0.0f;
  }
  if (!first_.conv) return;
  updateLegend();
  // New icons in place: rebuilding the list would lose its scroll position.
  for (int row = 0; row < list_->count(); ++row) {
    QListWidgetItem* item = list_->item(row);
    item->setIcon(QIcon(tile(item->data(Qt::UserRole).toInt())));
  }
  updateSummary();
}

std::vector<QImage> HiddenUnitsView::shownMaps() const {
  std::vector<QImage> maps;
  if (!first_.conv || maps_.size() == 0) return maps;
  for (const int unit : shown_) maps.push_back(map_image(maps_, first_.output_shape, unit, map_scale_));
  return maps;
}

bool HiddenUnitsView::drawable() const {
  if (!network_ || first_.index < 0) return false;
  return first_.conv ? first_.input.channels == 1 : first_.picture_height > 0;
}

int HiddenUnitsView::unitCount() const { return drawable() ? first_.units : 0; }

bool HiddenUnitsView::activityKnown() const {
  return network_ && activity_.size() == first_.units && first_.units > 0;
}

void HiddenUnitsView::updateActivityChoice() {
  // "Most active" needs a test set's activity for this network's units.
  auto* model = qobject_cast<QStandardItemModel*>(order_combo_->model());
  if (QStandardItem* item = model ? model->item(1) : nullptr) item->setEnabled(activityKnown());
}

void HiddenUnitsView::setOrder(Order order) {
  const int index = order_combo_->findData(static_cast<int>(order));
  if (index >= 0) order_combo_->setCurrentIndex(index);
}

HiddenUnitsView::Order HiddenUnitsView::order() const {
  return static_cast<Order>(order_combo_->currentData().toInt());
}

int HiddenUnitsView::pageCount() const {
  return std::max(1, (static_cast<int>(ordered_units_.size()) + kUnitsPerPage - 1) / kUnitsPerPage);
}

int HiddenUnitsView::page() const { return page_spin_->value() - 1; }

void HiddenUnitsView::setPage(int page) {
  const QSignalBlocker blocker(page_spin_);
  page_spin_->setRange(1, pageCount());
  page_spin_->setSuffix(tr(" of %1").arg(pageCount()));
  page_spin_->setValue(std::clamp(page, 0, pageCount() - 1) + 1);
  showPage();
}

void HiddenUnitsView::rebuildOrder() {
  ordered_units_.clear();
  if (!drawable()) return;
  const int units = first_.units;
  ordered_units_.resize(static_cast<std::size_t>(units));
  std::iota(ordered_units_.begin(), ordered_units_.end(), 0);
  switch (order()) {
    case Order::AsNumbered: break;
    case Order::MostActive:
      if (activityKnown())
        std::stable_sort(ordered_units_.begin(), ordered_units_.end(),
                         [this](int a, int b) { return activity_[a] > activity_[b]; });
      break;
    case Order::StrongestWeights: {
      // A dense unit's weights are a row, a filter's a column.
      const Eigen::VectorXf norms =
          first_.conv ? Eigen::VectorXf(network_->weights(first_.index).colwise().norm().transpose())
                      : Eigen::VectorXf(network_->weights(first_.index).rowwise().norm());
      std::stable_sort(ordered_units_.begin(), ordered_units_.end(),
                       [&norms](int a, int b) { return norms[a] > norms[b]; });
      break;
    }
    case Order::Random:
      // A new sample each time it is chosen: the point is to browse.
      std::shuffle(ordered_units_.begin(), ordered_units_.end(), *QRandomGenerator::global());
      break;
  }
}

QPixmap HiddenUnitsView::tile(int unit) const {
  const int width = first_.conv ? 2 * kTile + kPairGap : kTile;
  QPixmap pixmap(width + 2, kTile + 2);
  pixmap.fill(first_.conv ? Qt::transparent : kFrame);
  QPainter painter(&pixmap);
  if (!first_.conv) {
    painter.drawImage(QRect(1, 1, kTile, kTile), unit_image(*network_, unit));
    return pixmap;
  }
  // The kernel, magnified by a whole factor, in a framed square...
  const QRect kernel_box(0, 0, kTile + 2, kTile + 2);
  painter.fillRect(kernel_box, kFrame);
  painter.fillRect(kernel_box.adjusted(1, 1, -1, -1), Qt::white);
  drawMagnified(painter, kernel_box.adjusted(1, 1, -1, -1), unit_image(*network_, unit));
  // ...and beside it the map for the drawing, or an empty frame without one.
  const QRect map_box(kTile + kPairGap, 0, kTile + 2, kTile + 2);
  painter.fillRect(map_box, kFrame);
  const QRect inside = map_box.adjusted(1, 1, -1, -1);
  if (maps_.size() > 0)
    drawMagnified(painter, inside, map_image(maps_, first_.output_shape, unit, map_scale_));
  else
    painter.fillRect(inside, QColor(0xf4, 0xf4, 0xf4));
  return pixmap;
}

void HiddenUnitsView::showPage() {
  list_->clear();
  shown_.clear();
  if (!network_) {
    summary_label_->setText(tr("No model loaded."));
    return;
  }
  if (!drawable()) {
    summary_label_->setText(first_.conv ? tr("The first convolution reads %1 channels, so its filters are not "
                                             "pictures.")
                                              .arg(first_.input.channels)
                                        : tr("The first layer does not take 28x28 images, so its weights are not "
                                             "pictures."));
    return;
  }
  const int first = page() * kUnitsPerPage;
  const int last = std::min(first + kUnitsPerPage, static_cast<int>(ordered_units_.size()));
  const Network::ConstMatrixMap weights = network_->weights(first_.index);
  for (int i = first; i < last; ++i) {
    const int unit = ordered_units_[static_cast<std::size_t>(i)];
    QString text, tip;
    if (first_.conv) {
      text = tr("filter %1").arg(unit);
      tip = tr("Filter %1: largest |weight| %2, bias %3")
                .arg(unit)
                .arg(weights.col(unit).cwiseAbs().maxCoeff(), 0, 'g', 3)
                .arg(network_->biases(first_.index)[unit], 0, 'g', 3);
    } else {
      text = first_.output ? tr("digit %1").arg(unit) : tr("unit %1").arg(unit);
      tip = tr("Unit %1: largest |weight| %2").arg(unit).arg(weights.row(unit).cwiseAbs().maxCoeff(), 0, 'g', 3);
    }
    if (activityKnown()) tip += tr(", mean |activation| on the test set %1").arg(activity_[unit], 0, 'g', 3);
    auto* item = new QListWidgetItem(QIcon(tile(unit)), text);
    item->setData(Qt::UserRole, unit);
    item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
    item->setToolTip(tip);
    list_->addItem(item);
    shown_.push_back(unit);
  }
  updateSummary();
}

void HiddenUnitsView::updateSummary() {
  if (!network_ || !drawable()) return;  // showPage() said why
  const int total = static_cast<int>(ordered_units_.size());
  const int first = page() * kUnitsPerPage;
  const int last = std::min(first + kUnitsPerPage, total);
  static const char* const kOrderNames[] = {"", QT_TR_NOOP(", most active first"),
                                            QT_TR_NOOP(", strongest weights first"), QT_TR_NOOP(", at random")};
  // "Most active" without a test set's activity falls back to numbering.
  const bool numbered = order() == Order::MostActive && !activityKnown();
  const QString ordered = numbered ? QString() : tr(kOrderNames[static_cast<int>(order())]);
  if (first_.conv) {
    const QString text = tr("%1–%2 of the %3 filters of the first layer (%4)%5.")
                             .arg(first + 1)
                             .arg(last)
                             .arg(total)
                             .arg(QString::fromStdString(
                                 layer_text(network_->architecture().layers[static_cast<std::size_t>(first_.index)])))
                             .arg(ordered);
    summary_label_->setText(text);
    return;
  }
  summary_label_->setText(first_.output
                              ? tr("No hidden layer: the weights of the %1 output units%2.").arg(total).arg(ordered)
                              : tr("%1–%2 of the %3 units in the first hidden layer%4.")
                                    .arg(first + 1)
                                    .arg(last)
                                    .arg(total)
                                    .arg(ordered));
}

QString HiddenUnitsView::summary() const { return summary_label_->text(); }

}  // namespace digitpad
