#include "hidden_units_view.h"

#include "data/dataset.h"

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

// ColorBrewer's RdBu ends: strong enough to read at a glance, and the blend
// through white keeps small weights visibly small.
const QColor kNegative(0x21, 0x66, 0xac);
const QColor kPositive(0xb2, 0x18, 0x2b);

QRgb blend_from_white(const QColor& end, float amount) {
  const auto channel = [amount](int value) { return static_cast<int>(255.0f + (value - 255.0f) * amount + 0.5f); };
  return qRgb(channel(end.red()), channel(end.green()), channel(end.blue()));
}

bool drawable(const Network& network) { return network.architecture().input_size() == kImagePixels; }

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

  auto* legend = new QLabel(tr("<span style='color:#2166ac'>■</span> negative weight &nbsp; "
                               "<span style='color:#b0b0b0'>□</span> zero &nbsp; "
                               "<span style='color:#b2182b'>■</span> positive weight (each unit scaled to its own "
                               "largest weight)"));
  legend->setObjectName("unitLegend");

  list_ = new QListWidget;
  list_->setObjectName("unitList");
  list_->setViewMode(QListView::IconMode);
  list_->setResizeMode(QListView::Adjust);
  list_->setMovement(QListView::Static);
  list_->setWrapping(true);
  list_->setUniformItemSizes(true);
  list_->setIconSize(QSize(kTile + 2, kTile + 2));
  list_->setGridSize(QSize(kTile + 14, kTile + 24));
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
  layout->addWidget(legend);
  layout->addWidget(list_, 1);

  connect(order_combo_, &QComboBox::currentIndexChanged, this, [this] {
    rebuildOrder();
    setPage(0);
  });
  connect(page_spin_, &QSpinBox::valueChanged, this, [this] { showPage(); });
  setNetwork(nullptr);
}

QImage HiddenUnitsView::unitImage(const Network& network, int unit) {
  QImage image(kImageSide, kImageSide, QImage::Format_RGB32);
  if (!drawable(network) || unit < 0 || unit >= network.weights(0).rows()) {
    image.fill(Qt::white);
    return image;
  }
  const Eigen::VectorXf weights = network.weights(0).row(unit).transpose();
  const float largest = weights.cwiseAbs().maxCoeff();
  const float scale = largest > 0.0f ? 1.0f / largest : 0.0f;
  for (int y = 0; y < kImageSide; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < kImageSide; ++x) {
      const float w = weights[y * kImageSide + x] * scale;
      line[x] = w >= 0.0f ? blend_from_white(kPositive, w) : blend_from_white(kNegative, -w);
    }
  }
  return image;
}

void HiddenUnitsView::setNetwork(std::shared_ptr<const Network> network) {
  network_ = std::move(network);
  // Another network's activity says nothing about these units.
  activity_.resize(0);
  updateActivityChoice();
  rebuildOrder();
  setPage(0);
}

void HiddenUnitsView::setActivity(const Eigen::VectorXf& mean_abs_activation) {
  activity_ = mean_abs_activation;
  updateActivityChoice();
  if (order() == Order::MostActive) {
    rebuildOrder();
    setPage(0);
  }
}

bool HiddenUnitsView::activityKnown() const {
  return network_ && activity_.size() == network_->weights(0).rows();
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
  if (!network_ || !drawable(*network_)) return;
  const int units = static_cast<int>(network_->weights(0).rows());
  ordered_units_.resize(static_cast<std::size_t>(units));
  std::iota(ordered_units_.begin(), ordered_units_.end(), 0);
  switch (order()) {
    case Order::AsNumbered:
      break;
    case Order::MostActive:
      if (activityKnown())
        std::stable_sort(ordered_units_.begin(), ordered_units_.end(),
                         [this](int a, int b) { return activity_[a] > activity_[b]; });
      break;
    case Order::StrongestWeights: {
      const Eigen::VectorXf norms = network_->weights(0).rowwise().norm();
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

void HiddenUnitsView::showPage() {
  list_->clear();
  shown_.clear();
  if (!network_) {
    summary_label_->setText(tr("No model loaded."));
    return;
  }
  if (!drawable(*network_)) {
    summary_label_->setText(tr("The first layer does not take 28x28 images, so its weights are not pictures."));
    return;
  }
  // Without a hidden layer the first layer is the output layer: one template per digit.
  const bool output_layer = network_->layer_count() == 1;
  const int first = page() * kUnitsPerPage;
  const int last = std::min(first + kUnitsPerPage, static_cast<int>(ordered_units_.size()));
  for (int i = first; i < last; ++i) {
    const int unit = ordered_units_[static_cast<std::size_t>(i)];
    QPixmap tile(kTile + 2, kTile + 2);
    tile.fill(QColor(0xd0, 0xd0, 0xd0));
    {
      QPainter painter(&tile);
      painter.drawImage(QRect(1, 1, kTile, kTile), unitImage(*network_, unit));
    }
    auto* item = new QListWidgetItem(QIcon(tile), output_layer ? tr("digit %1").arg(unit) : tr("unit %1").arg(unit));
    item->setData(Qt::UserRole, unit);
    item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
    QString tip = tr("Unit %1: largest |weight| %2").arg(unit).arg(network_->weights(0).row(unit).cwiseAbs().maxCoeff(), 0, 'g', 3);
    if (activityKnown())
      tip += tr(", mean |activation| on the test set %1").arg(activity_[unit], 0, 'g', 3);
    item->setToolTip(tip);
    list_->addItem(item);
    shown_.push_back(unit);
  }
  const int total = static_cast<int>(ordered_units_.size());
  static const char* const kOrderNames[] = {"", QT_TR_NOOP(", most active first"),
                                            QT_TR_NOOP(", strongest weights first"), QT_TR_NOOP(", at random")};
  // "Most active" without a test set's activity falls back to numbering.
  const bool numbered = order() == Order::MostActive && !activityKnown();
  const QString ordered = numbered ? QString() : tr(kOrderNames[static_cast<int>(order())]);
  summary_label_->setText(output_layer
                              ? tr("No hidden layer: the weights of the %1 output units%2.").arg(total).arg(ordered)
                              : tr("%1–%2 of the %3 units in the first hidden layer%4.")
                                    .arg(first + 1)
                                    .arg(last)
                                    .arg(total)
                                    .arg(ordered));
}

QString HiddenUnitsView::summary() const { return summary_label_->text(); }

}  // namespace digitpad
