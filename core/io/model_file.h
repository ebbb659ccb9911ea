// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace digitpad {

// What a model file records about how its network was made (all optional:
// a file written by hand or by an older tool may leave them empty).
struct ModelInfo {
  std::string name;     // short display name, e.g. "default"
  std::string dataset;  // e.g. "opencv-digits (5000)", or the IDX paths
  int train_count = 0;
  int test_count = 0;
  int iterations = 0;
  float final_cost = 0;
  float train_accuracy = 0;  // in [0,1]
  float test_accuracy = 0;   // in [0,1]; 0 with no test set
  std::string created;       // ISO 8601 UTC, e.g. "2026-11-25T16:30:00Z"
  // Hyperparameters and anything else as ordered key/value text pairs
  // ("optimizer" -> "gd", "learning_rate" -> "0.5", ...).
  std::vector<std::pair<std::string, std::string>> hyperparameters;

  bool operator==(const ModelInfo&) const = default;
};

struct Model {
  Network network;
  ModelInfo info;
};

// Binary format documented in docs/model-format.md. Written atomically: a
// temporary file in the target's folder, flushed, then renamed over the target,
// so a crash or a full disk never leaves a half-written model and an existing
// file is kept. Throws Error("<path>: <problem>").
void save_model(const std::string& path, const Network& network, const ModelInfo& info);

// Rejects wrong magic, unknown version, truncation, trailing bytes, checksum
// mismatch and absurd sizes (checked before allocating) with Error("<path>: <problem>").
Model load_model(const std::string& path);

// The same reader over a file's bytes already in memory (`path` names them in
// messages): what load_model uses, and what tests/fuzz/ feeds.
Model parse_model(std::string_view bytes, const std::string& path);

}  // namespace digitpad
