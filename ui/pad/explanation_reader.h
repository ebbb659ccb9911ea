// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"
#include "ui/pad/latest_request.h"
#include "core/recognition/explanation.h"

#include <Eigen/Core>
#include <QObject>

#include <memory>

namespace digitpad {

// Computes "Why?" heat maps off the GUI thread: one takes 10-25 ms with the
// shipped convnet on two busy cores, too long to run on every live update
// while a stroke moves.
//
// Latest request wins (pad/latest_request.h), as for NumberReader: a map
// asked for meanwhile waits, a newer one replaces it, only the latest is
// reported; cancel() drops whatever was asked before.
class ExplanationReader : public QObject {
  Q_OBJECT

 public:
  explicit ExplanationReader(QObject* parent = nullptr);

  void explain(std::shared_ptr<const Network> network, const Eigen::VectorXf& input);
  void cancel();
  // A map is being computed or waits to be.
  bool isBusy() const { return maps_.isBusy(); }

 signals:
  // On the GUI thread, for the latest request only; empty if it failed.
  void explained(const Explanation& explanation);

 private:
  // The pass's buffers, kept between maps; only the one running task uses it.
  // Declared before maps_, so that maps_ (which waits for a running map) goes first.
  std::shared_ptr<ForwardCache> scratch_ = std::make_shared<ForwardCache>();
  LatestRequest<Explanation> maps_;
};

}  // namespace digitpad
