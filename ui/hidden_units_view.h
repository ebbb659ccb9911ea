#pragma once

#include "nn/network.h"

#include <Eigen/Core>

#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace digitpad {

// What the first layer learned: each chosen unit's 784 incoming weights drawn
// as a 28x28 image in a diverging colour map (negative blue, zero white,
// positive red), scaled per unit so that its strongest weight is full colour.
// A page shows kUnitsPerPage units in the order chosen: as numbered, most
// active on the evaluated test set, strongest weights, or a random sample.
class HiddenUnitsView : public QWidget {
  Q_OBJECT

 public:
  enum class Order { AsNumbered, MostActive, StrongestWeights, Random };
  static constexpr int kUnitsPerPage = 64;
  static constexpr int kScale = 3;

  explicit HiddenUnitsView(QWidget* parent = nullptr);

  // The network to show (nullptr: none). Its first layer must take 28x28 images.
  void setNetwork(std::shared_ptr<const Network> network);
  // Mean |activation| of each first-layer unit on a test set (from
  // EvaluationReport); enables the "most active" order. Empty: none known.
  void setActivity(const Eigen::VectorXf& mean_abs_activation);

  void setOrder(Order order);
  Order order() const;
  void setPage(int page);  // 0-based
  int page() const;
  int pageCount() const;

  // The units on the current page, in display order.
  std::vector<int> shownUnits() const { return shown_; }
  QListWidget* list() const { return list_; }
  QString summary() const;

  // One unit's incoming weights as a 28x28 RGB image (see the class comment).
  static QImage unitImage(const Network& network, int unit);

 private:
  bool activityKnown() const;
  void updateActivityChoice();
  void rebuildOrder();
  void showPage();

  std::shared_ptr<const Network> network_;
  Eigen::VectorXf activity_;
  std::vector<int> ordered_units_;

  QComboBox* order_combo_ = nullptr;
  QSpinBox* page_spin_ = nullptr;
  QLabel* summary_label_ = nullptr;
  QListWidget* list_ = nullptr;
  std::vector<int> shown_;
};

}  // namespace digitpad
