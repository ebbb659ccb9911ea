// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/shape.h"

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

namespace digitpad {

// One attribute of an ONNX node: a list of integers, or a single one.
struct OnnxAttribute {
  std::string name;
  std::vector<std::int64_t> values;
  bool single = false;
};

// The graph a layer kind writes its ONNX nodes into (LayerKindInfo::export_onnx).
// core/interop implements it with libonnx; declaring it here keeps protobuf
// and ONNX out of core while each kind's nodes live beside its maths.
class OnnxGraph {
 public:
  virtual ~OnnxGraph() = default;

  // The name of the tensor the next node reads, reshaped first when needed:
  // as a batch of one vector [1, N] (Flatten, NCHW order) or as a batch of one
  // map [1, C, H, W] of `shape` (Reshape). `prefix` names any node added.
  virtual std::string as_vector(const std::string& prefix) = 0;
  virtual std::string as_map(const Shape& shape, const std::string& prefix) = 0;

  // A float initializer of `dims` holding `count` values as they lie.
  virtual void floats(const std::string& name, const std::vector<std::int64_t>& dims, const float* data,
                      Eigen::Index count) = 0;

  // A node whose one output, named `name` like the node, becomes the tensor
  // the next node reads: a map of `shape`, or a vector when !is_map.
  virtual void node(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                    const std::vector<OnnxAttribute>& attributes, const Shape& shape, bool is_map) = 0;
};

}  // namespace digitpad
