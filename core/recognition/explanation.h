// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// "Why?": which pixels of a 28x28 input made the network give its answer
// rather than its runner-up, by occlusion.
//
// Occlusion rather than input gradients: removing ink is what the question
// means ("had this stroke not been there..."), and it measures that directly,
// through ReLU's flat regions and max pooling's discarded inputs where a
// gradient says nothing, and in patches, so a heat map is as smooth as a stroke
// rather than pixel noise. It costs one forward pass over a batch of the
// occluded copies (20-40 columns for a drawn digit, 10-25 ms with the shipped
// convnet), which the batch path and its worker threads make affordable live.
// A gradient would cost one backward pass, but says how the answer would move
// for an infinitesimal change of each pixel, which for ReLU and max pooling is
// mostly zero or noise, not what taking ink away does.

#include "core/nn/network.h"

#include <Eigen/Core>

#include <vector>

namespace digitpad {

// A square of the input blanked to background (0: no ink), at its top-left pixel.
struct OcclusionPatch {
  int row = 0;
  int column = 0;
};

// 4x4 patches every 3 pixels (81 in all, 20-40 of them inked for a drawn
// digit): each pixel is covered by one or two, so neighbouring patches blend
// at their seams, and a patch is about a stroke's width and a half (MNIST's
// strokes are 2-3 pixels wide). Every 2 pixels was smoother but needed twice
// the patches, over 50 ms per map with the shipped convnet on a busy 2-core machine.
constexpr int kOcclusionPatchSide = 4;
constexpr int kOcclusionStride = 3;

struct Explanation {
  int answer = -1;     // the most likely class (kNotADigitLabel: not a digit)
  int runner_up = -1;  // the second most likely
  // One value per input pixel (row-major 28x28): the average fall of
  // log p(answer) - log p(runner-up) when a patch covering the pixel loses its
  // ink. Positive: this ink made it the answer; negative: it looked like the
  // runner-up; 0: no ink nearby.
  Eigen::VectorXf heat;

  bool empty() const { return answer < 0; }
  // The largest |heat|, for scaling a picture of it (0 for an empty map).
  float strongest() const { return heat.size() == 0 ? 0.0f : heat.cwiseAbs().maxCoeff(); }
};

// The patches of the grid that hold some ink. Blanking any other patch leaves
// the input as it is, so its fall is exactly zero and it needs no pass.
std::vector<OcclusionPatch> inked_patches(const Eigen::Ref<const Eigen::VectorXf>& input);

// Sets a patch of a 28x28 input (one column of a batch) to background.
void blank_patch(Eigen::Ref<Eigen::VectorXf> input, const OcclusionPatch& patch);

// log p(answer) - log p(runner_up) of one column of probabilities, each
// probability clamped at the smallest normal float so that a class the
// softmax rounded to zero counts as very unlikely rather than impossible.
float answer_margin(const Eigen::Ref<const Eigen::VectorXf>& probabilities, int answer, int runner_up);

// Each pixel's average of `falls` (one per patch) over every patch of the
// grid covering it, patches not listed counting as zero.
Eigen::VectorXf heat_from_falls(const std::vector<OcclusionPatch>& patches, const std::vector<float>& falls);

// The heat map of one 28x28 input (kImagePixels values in [0,1], ink = 1) for
// a digit network (10 or 11 classes): one forward pass over a batch of the
// input and its occluded copies. Throws Error when the network does not take
// 28x28 digits. A blank input gets an empty explanation.
// `scratch` holds the pass's buffers: reusing it between calls saves
// allocating (and the kernel clearing) some megabytes per map.
Explanation explain_answer(const Network& network, const Eigen::Ref<const Eigen::VectorXf>& input,
                           ForwardCache& scratch);
Explanation explain_answer(const Network& network, const Eigen::Ref<const Eigen::VectorXf>& input);

}  // namespace digitpad
