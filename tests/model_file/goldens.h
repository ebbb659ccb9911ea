// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The golden networks whose exact bytes docs/model-format.md lays out and
// tests/data/golden-*.dpm hold: a 2-3-2 perceptron (both versions) and a
// small convolutional network (version 2).

#include "model_file/file_bytes.h"

namespace digitpad::model_file_test {

// The byte tables below are laid out by hand, a field a line, as the format's
// tables are; clang-format would reflow them.
// clang-format off

// ---- The golden 2-3-2 network (both versions) ----

// A 2-3-2 tanh network whose bytes are written out below by hand from the
// tables in docs/model-format.md; the same bytes appear there as hexdumps.
inline Network golden_network() {
  Network network(Architecture::mlp(2, {3}, 2, Activation::Tanh), Eigen::VectorXf::Zero(17));
  // Set through the network's own views so that the tests also pin which
  // parameter is which: W is outputs x inputs, stored column by column.
  network.weights(0) << 1.0f, 2.0f,  //
      3.0f, -1.0f,                   //
      0.5f, -2.0f;
  network.biases(0) << 0.25f, -0.5f, 1.5f;
  network.weights(1) << 0.125f, 4.0f, -4.0f,  //
      8.0f, -8.0f, 0.75f;
  network.biases(1) << 0.0f, -0.125f;
  return network;
}

inline ModelInfo golden_info() {
  ModelInfo info;
  info.name = "golden";
  info.dataset = "toy";
  info.train_count = 6;
  info.test_count = 2;
  info.iterations = 10;
  info.final_cost = 0.125f;
  info.train_accuracy = 0.75f;
  info.test_accuracy = 0.5f;
  info.created = "2026-01-02T03:04:05Z";
  info.hyperparameters = {{"optimizer", "gd"}, {"learning_rate", "0.5"}};
  return info;
}

// The training record, the same bytes in both versions.
const std::vector<std::uint8_t> kGoldenInformation = {
    0x06, 0x00, 0x00, 0x00, 'g', 'o', 'l', 'd', 'e', 'n',  // name
    0x03, 0x00, 0x00, 0x00, 't', 'o', 'y',                 // data set
    0x06, 0x00, 0x00, 0x00,  // train count 6
    0x02, 0x00, 0x00, 0x00,  // test count 2
    0x0A, 0x00, 0x00, 0x00,  // iterations 10
    0x00, 0x00, 0x00, 0x3E,  // final cost 0.125
    0x00, 0x00, 0x40, 0x3F,  // train accuracy 0.75
    0x00, 0x00, 0x00, 0x3F,  // test accuracy 0.5
    0x14, 0x00, 0x00, 0x00, '2', '0', '2', '6', '-', '0', '1', '-', '0', '2', 'T', '0', '3', ':', '0', '4', ':',
    '0', '5', 'Z',           // created
    0x02, 0x00, 0x00, 0x00,  // 2 hyperparameters
    0x09, 0x00, 0x00, 0x00, 'o', 'p', 't', 'i', 'm', 'i', 'z', 'e', 'r',  //
    0x02, 0x00, 0x00, 0x00, 'g', 'd',                                     //
    0x0D, 0x00, 0x00, 0x00, 'l', 'e', 'a', 'r', 'n', 'i', 'n', 'g', '_', 'r', 'a', 't', 'e',  //
    0x03, 0x00, 0x00, 0x00, '0', '.', '5'};

// The weights section, the same 17 floats in both versions.
const std::vector<std::uint8_t> kGoldenWeights = {
    // layer 0 weights (3 x 2), column-major: W(0,0) W(1,0) W(2,0) W(0,1) W(1,1) W(2,1)
    0x00, 0x00, 0x80, 0x3F,  //  1
    0x00, 0x00, 0x40, 0x40,  //  3
    0x00, 0x00, 0x00, 0x3F,  //  0.5
    0x00, 0x00, 0x00, 0x40,  //  2
    0x00, 0x00, 0x80, 0xBF,  // -1
    0x00, 0x00, 0x00, 0xC0,  // -2
    // layer 0 biases
    0x00, 0x00, 0x80, 0x3E,  //  0.25
    0x00, 0x00, 0x00, 0xBF,  // -0.5
    0x00, 0x00, 0xC0, 0x3F,  //  1.5
    // layer 1 weights (2 x 3), column-major
    0x00, 0x00, 0x00, 0x3E,  //  0.125
    0x00, 0x00, 0x00, 0x41,  //  8
    0x00, 0x00, 0x80, 0x40,  //  4
    0x00, 0x00, 0x00, 0xC1,  // -8
    0x00, 0x00, 0x80, 0xC0,  // -4
    0x00, 0x00, 0x40, 0x3F,  //  0.75
    // layer 1 biases
    0x00, 0x00, 0x00, 0x00,  //  0
    0x00, 0x00, 0x00, 0xBE};  // -0.125

// Version 1, as every DigitPad before the layer refactor wrote it: 232 bytes,
// committed as tests/data/golden-v1.dpm.
inline std::string golden_v1_bytes() {
  const std::vector<std::uint8_t> head = {
      // fixed header
      'D', 'I', 'G', 'I', 'T', 'P', 'A', 'D',          // magic
      0x01, 0x00, 0x00, 0x00,                          // version 1
      0x88, 0x00, 0x00, 0x00,                          // header section: 136 bytes
      0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 17 parameters
      // header section: architecture as layer widths
      0x03, 0x00, 0x00, 0x00,  // 3 layers
      0x02, 0x00, 0x00, 0x00,  // 2 inputs
      0x03, 0x00, 0x00, 0x00,  // 3 hidden
      0x02, 0x00, 0x00, 0x00,  // 2 outputs
      0x04, 0x00, 0x00, 0x00, 't', 'a', 'n', 'h'};
  const std::vector<std::uint8_t> crc = {0xCD, 0x67, 0x16, 0xD0};  // CRC-32 of the 228 bytes before it
  return bytes_of(head) + bytes_of(kGoldenInformation) + bytes_of(kGoldenWeights) + bytes_of(crc);
}

// Version 2, what save_model writes now: 244 bytes, committed as
// tests/data/golden-v2.dpm.
inline std::string golden_v2_bytes() {
  const std::vector<std::uint8_t> head = {
      // fixed header
      'D', 'I', 'G', 'I', 'T', 'P', 'A', 'D',          // magic
      0x02, 0x00, 0x00, 0x00,                          // version 2
      0x94, 0x00, 0x00, 0x00,                          // header section: 148 bytes
      0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 17 parameters
      // header section: architecture as an input shape and layer records
      0x02, 0x00, 0x00, 0x00,  // input channels 2 (a flat input of n values is n x 1 x 1)
      0x01, 0x00, 0x00, 0x00,  // input height 1
      0x01, 0x00, 0x00, 0x00,  // input width 1
      0x01, 0x00, 0x00, 0x00,  // 1 hidden layer
      0x01, 0x00, 0x00, 0x00,  // layer 1 kind: dense
      0x03, 0x00, 0x00, 0x00,  //   3 units
      0x02, 0x00, 0x00, 0x00,  // 2 outputs
      0x04, 0x00, 0x00, 0x00, 't', 'a', 'n', 'h'};
  const std::vector<std::uint8_t> crc = {0xAA, 0x8E, 0xD9, 0x6D};  // CRC-32 of the 240 bytes before it
  return bytes_of(head) + bytes_of(kGoldenInformation) + bytes_of(kGoldenWeights) + bytes_of(crc);
}

// ---- The golden convolutional network (version 2) ----

// 1x4x4 -> conv2@3 -> pool2 -> drop0.5 -> dense3 -> 2 softmax, tanh: one record
// of every kind. Every parameter is a distinct small binary fraction.
inline Architecture golden_conv_architecture() {
  return layered(Shape{1, 4, 4}, "conv2@3,pool2,drop0.5,dense3", 2, Activation::Tanh);
}

// Filter f's weight at kernel row ky, column kx (one input channel).
inline float golden_conv_weight(int filter, int ky, int kx) {
  const float step = static_cast<float>(1 + 3 * ky + kx);
  return filter == 0 ? step / 8.0f : -step / 16.0f;
}

inline Network golden_conv_network() {
  Network network(golden_conv_architecture(), Eigen::VectorXf::Zero(55));
  // Layers: 0 conv, 1 pool, 2 dropout, 3 dense, 4 output. A convolution's
  // weight view has one column per filter and one row per (channel, ky, kx).
  for (int f = 0; f < 2; ++f)
    for (int ky = 0; ky < 3; ++ky)
      for (int kx = 0; kx < 3; ++kx) network.weights(0)(ky * 3 + kx, f) = golden_conv_weight(f, ky, kx);
  network.biases(0) << 0.5f, -0.25f;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 8; ++c) network.weights(3)(r, c) = static_cast<float>(1 + r + 3 * c) / 64.0f;
  network.biases(3) << 0.5f, -0.5f, 0.25f;
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 3; ++c) network.weights(4)(r, c) = -static_cast<float>(1 + r + 2 * c) / 8.0f;
  network.biases(4) << 1.0f, -1.0f;
  return network;
}

inline ModelInfo golden_conv_info() {
  ModelInfo info;
  info.name = "conv";
  info.dataset = "toy";
  info.hyperparameters = {{"layers", "conv2@3,pool2,drop0.5,dense3"}};
  return info;
}

// 401 bytes, committed as tests/data/golden-v2-conv.dpm. The float encoding is
// pinned byte by byte above, so the weights are written as floats here.
inline std::string golden_conv_bytes() {
  const std::vector<std::uint8_t> head = {
      // fixed header
      'D', 'I', 'G', 'I', 'T', 'P', 'A', 'D',          // magic
      0x02, 0x00, 0x00, 0x00,                          // version 2
      0x99, 0x00, 0x00, 0x00,                          // header section: 153 bytes
      0x37, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 55 parameters
      // header section: architecture
      0x01, 0x00, 0x00, 0x00,  // input channels 1
      0x04, 0x00, 0x00, 0x00,  // input height 4
      0x04, 0x00, 0x00, 0x00,  // input width 4
      0x04, 0x00, 0x00, 0x00,  // 4 hidden layers
      0x02, 0x00, 0x00, 0x00,  // layer 1 kind: convolution
      0x02, 0x00, 0x00, 0x00,  //   2 filters
      0x03, 0x00, 0x00, 0x00,  //   3 x 3 kernel
      0x03, 0x00, 0x00, 0x00,  // layer 2 kind: max pool
      0x02, 0x00, 0x00, 0x00,  //   2 x 2 windows
      0x04, 0x00, 0x00, 0x00,  // layer 3 kind: dropout
      0x00, 0x00, 0x00, 0x3F,  //   rate 0.5 (f32)
      0x01, 0x00, 0x00, 0x00,  // layer 4 kind: dense
      0x03, 0x00, 0x00, 0x00,  //   3 units
      0x02, 0x00, 0x00, 0x00,  // 2 outputs
      0x04, 0x00, 0x00, 0x00, 't', 'a', 'n', 'h',
      // header section: information
      0x04, 0x00, 0x00, 0x00, 'c', 'o', 'n', 'v',  // name
      0x03, 0x00, 0x00, 0x00, 't', 'o', 'y',       // data set
      0x00, 0x00, 0x00, 0x00,  // train count 0
      0x00, 0x00, 0x00, 0x00,  // test count 0
      0x00, 0x00, 0x00, 0x00,  // iterations 0
      0x00, 0x00, 0x00, 0x00,  // final cost 0
      0x00, 0x00, 0x00, 0x00,  // train accuracy 0
      0x00, 0x00, 0x00, 0x00,  // test accuracy 0
      0x00, 0x00, 0x00, 0x00,  // created: empty
      0x01, 0x00, 0x00, 0x00,  // 1 hyperparameter
      0x06, 0x00, 0x00, 0x00, 'l', 'a', 'y', 'e', 'r', 's',  //
      0x1C, 0x00, 0x00, 0x00, 'c', 'o', 'n', 'v', '2', '@', '3', ',', 'p', 'o', 'o', 'l', '2', ',', 'd', 'r', 'o',
      'p', '0', '.', '5', ',', 'd', 'e', 'n', 's', 'e', '3'};
  const std::string weights =
      // layer 1, convolution: weights OIHW (filter, channel, ky, kx), then one bias per filter
      floats({0.125f, 0.25f, 0.375f,      // filter 0, channel 0, ky 0, kx 0..2
              0.5f, 0.625f, 0.75f,        //                      ky 1
              0.875f, 1.0f, 1.125f,       //                      ky 2
              -0.0625f, -0.125f, -0.1875f,  // filter 1, channel 0, ky 0
              -0.25f, -0.3125f, -0.375f,    //                      ky 1
              -0.4375f, -0.5f, -0.5625f,    //                      ky 2
              0.5f, -0.25f}) +              // biases of filters 0, 1
      // layers 2 and 3, max pool and dropout: no parameters
      // layer 4, dense 3 x 8 (its input: the 2x2x2 pooled maps, channel by channel,
      // row by row), column-major: W(0,0) W(1,0) W(2,0) W(0,1) ... = 1/64 ... 24/64
      floats({1 / 64.0f, 2 / 64.0f, 3 / 64.0f, 4 / 64.0f, 5 / 64.0f, 6 / 64.0f, 7 / 64.0f, 8 / 64.0f,  //
              9 / 64.0f, 10 / 64.0f, 11 / 64.0f, 12 / 64.0f, 13 / 64.0f, 14 / 64.0f, 15 / 64.0f, 16 / 64.0f,  //
              17 / 64.0f, 18 / 64.0f, 19 / 64.0f, 20 / 64.0f, 21 / 64.0f, 22 / 64.0f, 23 / 64.0f, 24 / 64.0f,
              0.5f, -0.5f, 0.25f}) +  // biases
      // the output layer, dense 2 x 3, column-major, then its biases
      floats({-0.125f, -0.25f, -0.375f, -0.5f, -0.625f, -0.75f, 1.0f, -1.0f});
  const std::vector<std::uint8_t> crc = {0x2E, 0x47, 0xA2, 0xD5};  // CRC-32 of the 397 bytes before it
  return bytes_of(head) + weights + bytes_of(crc);
}

// Compares a file byte by byte, naming the first bytes that differ.
inline void expect_same_bytes(const std::string& actual, const std::string& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  int reported = 0;
  for (std::size_t i = 0; i < actual.size() && reported < 10; ++i)
    if (actual[i] != expected[i]) {
      ADD_FAILURE() << "byte " << i << ": " << static_cast<unsigned>(static_cast<unsigned char>(actual[i]))
                    << " instead of " << static_cast<unsigned>(static_cast<unsigned char>(expected[i]));
      ++reported;
    }
}

inline void expect_same_parameters(const Network& actual, const Network& expected) {
  ASSERT_EQ(actual.parameters().size(), expected.parameters().size());
  for (Eigen::Index i = 0; i < actual.parameters().size(); ++i)
    EXPECT_EQ(actual.parameters()[i], expected.parameters()[i]) << "parameter " << i;
}

// clang-format on

}  // namespace digitpad::model_file_test
