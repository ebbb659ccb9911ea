// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/inspect/unit_images.h"
#include "core/nn/network.h"

#include <Eigen/Core>

#include <QImage>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace digitpad {

// What the first layer learned, in a diverging colour map (negative blue, zero
// white, positive red), each unit scaled so that its strongest weight is full
// colour. The first layer with weights decides what is shown:
//
//   dense        each chosen unit's incoming weights as a 28x28 image (the
//                picture its input is; without hidden layers, the output
//                units' templates, one per digit)
//   convolution  each filter's K x K kernel, enlarged, beside what it sees in
//                the drawing on the canvas (setInput()): the layer's output
//                map for that drawing, all maps on one shared scale, as
//                ConvNetJS shows them. The maps follow the drawing live.
//
// A page shows kUnitsPerPage units or filters in the order chosen: as
// numbered, most active on the evaluated test set (a filter's activity is the
// mean over its map), strongest weights (a filter's norm), or a random sample.
class HiddenUnitsView : public QWidget {
  Q_OBJECT

 public:
  enum class Order { AsNumbered, MostActive, StrongestWeights, Random };
  static constexpr int kUnitsPerPage = 64;
  static constexpr int kScale = 3;
  // The maps are recomputed at most this often while the drawing changes.
  static constexpr int kMapRefreshMs = 50;

  explicit HiddenUnitsView(QWidget* parent = nullptr);

  // The network to show (nullptr: none).
  void setNetwork(std::shared_ptr<const Network> network);
  // The activity of the first hidden layer on a test set, as
  // EvaluationReport::mean_abs_hidden_activation gives it (a dense layer's
  // units; a convolution's maps pixel by pixel, averaged here per filter);
  // enables the "most active" order. Empty: none known.
  void setActivity(const Eigen::VectorXf& mean_abs_activation);
  // The drawing on the canvas as the network's input (nullopt: a blank
  // canvas). A convolution's maps follow it, recomputed at most every
  // kMapRefreshMs and only while the view is visible.
  void setInput(const std::optional<Eigen::VectorXf>& input);

  void setOrder(Order order);
  Order order() const;
  void setPage(int page);  // 0-based
  int page() const;
  int pageCount() const;

  // Whether the first layer with weights is a convolution (filters and maps).
  bool showsFilters() const { return first_.conv; }
  // Units of the first layer with weights (filters of a convolution); 0 when
  // there is nothing to draw.
  int unitCount() const;
  // The units on the current page, in display order.
  std::vector<int> shownUnits() const { return shown_; }
  // The output maps of the shown filters for the current drawing, in display
  // order; empty for a dense layer, a blank canvas or no drawing yet.
  std::vector<QImage> shownMaps() const;
  QListWidget* list() const { return list_; }
  QString summary() const;

 public slots:
  // Recomputes the maps for the current drawing now.
  void updateMapsNow();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  bool drawable() const;
  bool activityKnown() const;
  void updateActivityChoice();
  void updateLegend();
  void rebuildOrder();
  void showPage();
  void updateSummary();
  // The icon of one list item: the unit's picture, or a filter beside its map.
  QPixmap tile(int unit) const;

  std::shared_ptr<const Network> network_;
  FirstWeightedLayer first_;
  Eigen::VectorXf activity_;  // per unit
  std::vector<int> ordered_units_;

  std::optional<Eigen::VectorXf> input_;
  Eigen::VectorXf maps_;     // the first layer's output for input_ (empty: none)
  float map_scale_ = 0;      // largest |value| in maps_
  bool maps_stale_ = false;  // input_ or the network changed while hidden
  ForwardCache cache_;
  QTimer map_timer_;

  QComboBox* order_combo_ = nullptr;
  QSpinBox* page_spin_ = nullptr;
  QLabel* summary_label_ = nullptr;
  QLabel* legend_ = nullptr;
  QListWidget* list_ = nullptr;
  std::vector<int> shown_;
};

}  // namespace digitpad
