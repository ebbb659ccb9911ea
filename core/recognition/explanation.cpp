// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/recognition/explanation.h"

#include "core/data/dataset.h"
#include "core/recognition/digit_classes.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace digitpad {
namespace {

// Top-left corners along one side: 0, 3, ..., 24, so the last patch ends on
// the last pixel.
constexpr int kPatchesPerSide = (kImageSide - kOcclusionPatchSide) / kOcclusionStride + 1;

bool patch_has_ink(const Eigen::Ref<const Eigen::VectorXf>& input, const OcclusionPatch& patch) {
  for (int y = patch.row; y < patch.row + kOcclusionPatchSide; ++y)
    for (int x = patch.column; x < patch.column + kOcclusionPatchSide; ++x)
      if (input(y * kImageSide + x) != 0.0f) return true;
  return false;
}

// How many patches of the whole grid cover each pixel (1 or 2 per side).
const Eigen::VectorXf& patches_covering() {
  static const Eigen::VectorXf counts = [] {
    Eigen::VectorXf c = Eigen::VectorXf::Zero(kImagePixels);
    for (int py = 0; py < kPatchesPerSide; ++py)
      for (int px = 0; px < kPatchesPerSide; ++px)
        for (int y = 0; y < kOcclusionPatchSide; ++y)
          for (int x = 0; x < kOcclusionPatchSide; ++x)
            c((py * kOcclusionStride + y) * kImageSide + px * kOcclusionStride + x) += 1.0f;
    return c;
  }();
  return counts;
}

}  // namespace

std::vector<OcclusionPatch> inked_patches(const Eigen::Ref<const Eigen::VectorXf>& input) {
  std::vector<OcclusionPatch> patches;
  for (int py = 0; py < kPatchesPerSide; ++py) {
    for (int px = 0; px < kPatchesPerSide; ++px) {
      const OcclusionPatch patch{py * kOcclusionStride, px * kOcclusionStride};
      if (patch_has_ink(input, patch)) patches.push_back(patch);
    }
  }
  return patches;
}

void blank_patch(Eigen::Ref<Eigen::VectorXf> input, const OcclusionPatch& patch) {
  for (int y = patch.row; y < patch.row + kOcclusionPatchSide; ++y)
    input.segment(y * kImageSide + patch.column, kOcclusionPatchSide).setZero();
}

float answer_margin(const Eigen::Ref<const Eigen::VectorXf>& probabilities, int answer, int runner_up) {
  const float tiny = std::numeric_limits<float>::min();
  return std::log(std::max(probabilities(answer), tiny)) - std::log(std::max(probabilities(runner_up), tiny));
}

Eigen::VectorXf heat_from_falls(const std::vector<OcclusionPatch>& patches, const std::vector<float>& falls) {
  Eigen::VectorXf heat = Eigen::VectorXf::Zero(kImagePixels);
  for (std::size_t i = 0; i < patches.size(); ++i)
    for (int y = 0; y < kOcclusionPatchSide; ++y)
      heat.segment((patches[i].row + y) * kImageSide + patches[i].column, kOcclusionPatchSide).array() += falls[i];
  return heat.cwiseQuotient(patches_covering());
}

Explanation explain_answer(const Network& network, const Eigen::Ref<const Eigen::VectorXf>& input) {
  ForwardCache scratch;
  return explain_answer(network, input, scratch);
}

Explanation explain_answer(const Network& network, const Eigen::Ref<const Eigen::VectorXf>& input,
                           ForwardCache& scratch) {
  if (const auto problem = digit_model_problem(network.architecture())) throw Error(*problem);
  if (input.size() != kImagePixels)
    throw Error("the input has " + std::to_string(input.size()) + " values, a digit " + std::to_string(kImagePixels));
  Explanation explanation;
  const std::vector<OcclusionPatch> patches = inked_patches(input);
  if (patches.empty()) return explanation;

  // Column 0 is the input itself; column 1 + i has patch i blanked.
  const auto columns = static_cast<Eigen::Index>(patches.size()) + 1;
  Eigen::MatrixXf batch = input.replicate(1, columns);
  for (std::size_t i = 0; i < patches.size(); ++i)
    blank_patch(batch.col(static_cast<Eigen::Index>(i) + 1), patches[i]);
  network.forward(batch, scratch);
  const Eigen::MatrixXf& probabilities = scratch.outputs.back();

  // The two most likely classes of the input, ties to the lower class as in classify().
  const Eigen::VectorXf original = probabilities.col(0);
  Eigen::Index answer = 0;
  original.maxCoeff(&answer);
  Eigen::Index runner_up = answer == 0 ? 1 : 0;
  for (Eigen::Index c = 0; c < original.size(); ++c)
    if (c != answer && original(c) > original(runner_up)) runner_up = c;
  explanation.answer = static_cast<int>(answer);
  explanation.runner_up = static_cast<int>(runner_up);

  const float margin = answer_margin(original, explanation.answer, explanation.runner_up);
  std::vector<float> falls(patches.size());
  for (std::size_t i = 0; i < patches.size(); ++i)
    falls[i] = margin - answer_margin(probabilities.col(static_cast<Eigen::Index>(i) + 1), explanation.answer,
                                      explanation.runner_up);
  explanation.heat = heat_from_falls(patches, falls);
  return explanation;
}

}  // namespace digitpad
