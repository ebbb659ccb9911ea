// The model file format (docs/model-format.md): round trips, the exact bytes
// of tiny models in both versions (also committed as tests/data/*.dpm), the
// shipped version-1 model predicting as it did before the layer refactor, and
// every way a file can be bad.

#include "io/model_file.h"

#include "data/mnist_folder.h"
#include "nn/layer_spec.h"
#include "test_paths.h"
#include "util/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// ---- Helpers ----

// A fresh folder per test, removed afterwards.
class ModelFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device entropy;
    folder_ = fs::temp_directory_path() /
              ("digitpad-model-test-" + std::to_string(entropy()) + "-" + std::to_string(entropy()));
    fs::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }
  std::string path(const std::string& name) const { return (folder_ / name).string(); }
  std::vector<std::string> folder_entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder_)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path folder_;
};

// The committed fixtures: tests/data/<name>.
std::string test_data(const std::string& name) {
  return (fs::path(DIGITPAD_SOURCE_DIR) / "tests" / "data" / name).string();
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// load_model's error message, or a marker when it unexpectedly succeeds. Any
// exception other than Error fails the test (a crash would end it).
std::string load_error(const std::string& path) {
  try {
    load_model(path);
  } catch (const Error& error) {
    return error.what();
  }
  return "<loaded without error>";
}

// Deterministic parameters that also exercise the float encoding's corners.
Network make_network(const Architecture& architecture, unsigned seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Eigen::VectorXf parameters(architecture.parameter_count());
  for (Eigen::Index i = 0; i < parameters.size(); ++i) parameters[i] = normal(generator);
  const float corners[] = {-0.0f, std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max(),
                           std::numeric_limits<float>::lowest(), std::numeric_limits<float>::epsilon()};
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(5, parameters.size()); ++i) parameters[i] = corners[i];
  return Network(architecture, parameters);
}

// An architecture from an input shape and a layer list in the CLI's syntax.
Architecture layered(Shape input, const std::string& layers, int outputs, Activation activation) {
  Architecture architecture;
  architecture.input = input;
  architecture.layers = parse_layer_list(layers);
  architecture.outputs = outputs;
  architecture.activation = activation;
  return architecture;
}

ModelInfo full_info() {
  ModelInfo info;
  info.name = "café ✓";  // UTF-8 passes through as bytes
  info.dataset = "/data/train-images-idx3-ubyte.gz";
  info.train_count = 60000;
  info.test_count = 10000;
  info.iterations = 1234;
  info.final_cost = 0.0421f;
  info.train_accuracy = 0.9871f;
  info.test_accuracy = 0.9712f;
  info.created = "2026-11-25T16:30:00Z";
  info.hyperparameters = {{"optimizer", "adam"}, {"learning_rate", "0.001"}, {"", ""}, {"batch", "64"}};
  return info;
}

// Bitwise CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, initial value and
// final xor 0xFFFFFFFF), written independently of zlib to pin the algorithm.
std::uint32_t reference_crc32(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char c : bytes) {
    crc ^= static_cast<unsigned char>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

// Little-endian pieces for crafting files by hand.
std::string le32(std::uint32_t value) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xFFu);
  return out;
}
std::string le64(std::uint64_t value) {
  return le32(static_cast<std::uint32_t>(value)) + le32(static_cast<std::uint32_t>(value >> 32));
}
std::string f32(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, 4);
  return le32(bits);
}
std::string floats(std::initializer_list<float> values) {
  std::string out;
  for (const float value : values) out += f32(value);
  return out;
}
std::string text(const std::string& value) { return le32(static_cast<std::uint32_t>(value.size())) + value; }
std::string bytes_of(const std::vector<std::uint8_t>& bytes) { return std::string(bytes.begin(), bytes.end()); }

// The header section after the activation, every field empty or zero.
std::string empty_info(std::int32_t train_count = 0) {
  return text("") + text("") + le32(static_cast<std::uint32_t>(train_count)) + le32(0) + le32(0) + f32(0) + f32(0) +
         f32(0) + text("") + le32(0);
}

// Version 1: a header section for widths {2, 3, 2}, `activation`, and empty information.
std::string v1_header_section(const std::string& activation = "tanh", std::int32_t train_count = 0) {
  return le32(3) + le32(2) + le32(3) + le32(2) + text(activation) + empty_info(train_count);
}

// Version 2: layer records, and a header section of an input shape, records,
// an output count, "tanh" and empty information.
std::string dense_record(std::uint32_t units) { return le32(1) + le32(units); }
std::string conv_record(std::uint32_t filters, std::uint32_t kernel) { return le32(2) + le32(filters) + le32(kernel); }
std::string pool_record(std::uint32_t size) { return le32(3) + le32(size); }
std::string dropout_record(float rate) { return le32(4) + f32(rate); }

std::string v2_architecture(std::uint32_t channels, std::uint32_t height, std::uint32_t width,
                            const std::vector<std::string>& records, std::uint32_t outputs) {
  std::string out = le32(channels) + le32(height) + le32(width) + le32(static_cast<std::uint32_t>(records.size()));
  for (const std::string& record : records) out += record;
  return out + le32(outputs);
}
std::string v2_header_section(std::uint32_t channels, std::uint32_t height, std::uint32_t width,
                              const std::vector<std::string>& records, std::uint32_t outputs) {
  return v2_architecture(channels, height, width, records, outputs) + text("tanh") + empty_info();
}

// A whole file around a header section and weights, with a valid checksum, so
// that the loader's checks after the checksum are exercised.
std::string craft_file(std::uint32_t version, const std::string& header, std::uint64_t parameter_count,
                       const std::string& weights) {
  std::string body = "DIGITPAD" + le32(version) + le32(static_cast<std::uint32_t>(header.size())) +
                     le64(parameter_count) + header + weights;
  return body + le32(reference_crc32(body));
}

std::string zero_weights(std::uint64_t count) { return std::string(4 * count, '\0'); }

// `bytes` with a new version number and the checksum made valid again.
std::string relabelled(const std::string& bytes, std::uint32_t version) {
  std::string body = bytes.substr(0, bytes.size() - 4);
  body.replace(8, 4, le32(version));
  return body + le32(reference_crc32(body));
}

// Probabilities compared within 1e-6 and, so that tiny ones count too, their
// logarithms within 1e-4 (a relative difference of 0.01%).
void expect_probabilities(const Eigen::MatrixXf& actual, const std::vector<std::vector<double>>& expected) {
  ASSERT_EQ(actual.cols(), static_cast<Eigen::Index>(expected.size()));
  for (Eigen::Index c = 0; c < actual.cols(); ++c) {
    ASSERT_EQ(actual.rows(), static_cast<Eigen::Index>(expected[c].size()));
    for (Eigen::Index r = 0; r < actual.rows(); ++r) {
      const double want = expected[c][r];
      EXPECT_NEAR(actual(r, c), want, 1e-6) << "class " << r << " of input " << c;
      EXPECT_NEAR(std::log(static_cast<double>(actual(r, c))), std::log(want), 1e-4)
          << "class " << r << " of input " << c;
    }
  }
}

// ---- The golden 2-3-2 network (both versions) ----

// A 2-3-2 tanh network whose bytes are written out below by hand from the
// tables in docs/model-format.md; the same bytes appear there as hexdumps.
Network golden_network() {
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

ModelInfo golden_info() {
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
std::string golden_v1_bytes() {
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
std::string golden_v2_bytes() {
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
Architecture golden_conv_architecture() {
  return layered(Shape{1, 4, 4}, "conv2@3,pool2,drop0.5,dense3", 2, Activation::Tanh);
}

// Filter f's weight at kernel row ky, column kx (one input channel).
float golden_conv_weight(int filter, int ky, int kx) {
  const float step = static_cast<float>(1 + 3 * ky + kx);
  return filter == 0 ? step / 8.0f : -step / 16.0f;
}

Network golden_conv_network() {
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

ModelInfo golden_conv_info() {
  ModelInfo info;
  info.name = "conv";
  info.dataset = "toy";
  info.hyperparameters = {{"layers", "conv2@3,pool2,drop0.5,dense3"}};
  return info;
}

// 401 bytes, committed as tests/data/golden-v2-conv.dpm. The float encoding is
// pinned byte by byte above, so the weights are written as floats here.
std::string golden_conv_bytes() {
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
void expect_same_bytes(const std::string& actual, const std::string& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  int reported = 0;
  for (std::size_t i = 0; i < actual.size() && reported < 10; ++i)
    if (actual[i] != expected[i]) {
      ADD_FAILURE() << "byte " << i << ": " << static_cast<unsigned>(static_cast<unsigned char>(actual[i]))
                    << " instead of " << static_cast<unsigned>(static_cast<unsigned char>(expected[i]));
      ++reported;
    }
}

void expect_same_parameters(const Network& actual, const Network& expected) {
  ASSERT_EQ(actual.parameters().size(), expected.parameters().size());
  for (Eigen::Index i = 0; i < actual.parameters().size(); ++i)
    EXPECT_EQ(actual.parameters()[i], expected.parameters()[i]) << "parameter " << i;
}

// ---- Round trips ----

struct RoundTripCase {
  const char* label;
  Architecture architecture;
};

class ModelRoundTrip : public ModelFileTest, public ::testing::WithParamInterface<RoundTripCase> {};

TEST_P(ModelRoundTrip, IsBitExact) {
  const Architecture& architecture = GetParam().architecture;
  const Network network = make_network(architecture, 7);
  const ModelInfo info = full_info();
  const std::string file = path("model.dpm");
  save_model(file, network, info);

  const Model loaded = load_model(file);
  EXPECT_EQ(loaded.network.architecture(), architecture);
  EXPECT_EQ(loaded.info, info);
  ASSERT_EQ(loaded.network.parameters().size(), network.parameters().size());
  EXPECT_EQ(std::memcmp(loaded.network.parameters().data(), network.parameters().data(),
                        sizeof(float) * static_cast<std::size_t>(network.parameters().size())),
            0);
  EXPECT_TRUE(std::signbit(loaded.network.parameters()[0]));  // -0.0 stays negative zero

  // The file's size follows from the layout: nothing hidden, nothing padded.
  std::uintmax_t layer_bytes = 4u * 3 + 4u + 4u;  // input shape, layer count, output count
  for (const LayerSpec& layer : architecture.layers) layer_bytes += layer.kind == LayerKind::Conv ? 12u : 8u;
  std::uintmax_t info_bytes = 3 * 4 + info.name.size() + info.dataset.size() + info.created.size()  // texts
                              + 3 * 4 + 3 * 4 + 4;  // counts, floats, pair count
  for (const auto& [key, value] : info.hyperparameters) info_bytes += 8 + key.size() + value.size();
  EXPECT_EQ(fs::file_size(file), 24u + layer_bytes + 4u + activation_name(architecture.activation).size() +
                                     info_bytes + 4u * static_cast<std::uintmax_t>(architecture.parameter_count()) +
                                     4u);
}

INSTANTIATE_TEST_SUITE_P(
    Architectures, ModelRoundTrip,
    ::testing::Values(
        RoundTripCase{"one_hidden_tanh", Architecture::mlp(3, {4}, 2, Activation::Tanh)},
        RoundTripCase{"three_hidden_relu", Architecture::mlp(5, {7, 6, 4}, 3, Activation::Relu)},
        RoundTripCase{"digits_sigmoid", Architecture::mlp(784, {32}, 10, Activation::Sigmoid)},
        RoundTripCase{"digits_three_hidden_tanh", Architecture::mlp(784, {16, 12, 8}, 10, Activation::Tanh)},
        RoundTripCase{"smallest", Architecture::mlp(1, {1}, 1, Activation::Relu)},
        RoundTripCase{"softmax_regression", Architecture::mlp(784, {}, 10, Activation::Tanh)},
        RoundTripCase{"digits_conv_pool_dropout_dense_relu",
                      layered(Shape{1, 28, 28}, "conv4@5,pool2,drop0.25,dense16", 10, Activation::Relu)},
        RoundTripCase{"digits_two_conv_blocks_relu",
                      layered(Shape{1, 28, 28}, "conv3@3,pool2,conv5@3,pool2,dense8,drop0.5", 10, Activation::Relu)},
        RoundTripCase{"colour_input_1x1_kernel_and_uneven_pool_sigmoid",
                      layered(Shape{3, 7, 5}, "conv2@1,conv4@3,pool3", 4, Activation::Sigmoid)},
        RoundTripCase{"conv_after_dense_tanh", layered(Shape::flat(6), "dense5,conv3@3,drop0.95", 2, Activation::Tanh)},
        RoundTripCase{"sixteen_hidden_layers",
                      layered(Shape{1, 8, 8}, "conv2@3,drop0.1,conv2@3,drop0.1,conv2@3,drop0.1,conv2@3,drop0.1,"
                                              "pool2,drop0.1,dense4,drop0.1,dense4,drop0.1,dense4,drop0.1",
                              3, Activation::Relu)}),
    [](const ::testing::TestParamInfo<RoundTripCase>& info) { return std::string(info.param.label); });

TEST_F(ModelFileTest, RoundTripsTheSeedNetworkWithEmptyInfo) {
  const Architecture architecture = Architecture::mlp(784, {1000}, 10, Activation::Tanh);
  const Network network = make_network(architecture, 3);
  const std::string file = path("seed.dpm");
  save_model(file, network, ModelInfo{});
  // 76: header section with empty info (input shape 12, layer count 4, one
  // dense record 8, output count 4, "tanh" 8, information 40).
  EXPECT_EQ(fs::file_size(file), 24u + 76u + 4u * 795010u + 4u);
  const Model loaded = load_model(file);
  EXPECT_EQ(loaded.info, ModelInfo{});
  EXPECT_EQ(loaded.network.architecture(), architecture);
  EXPECT_EQ(loaded.network.architecture().input, (Shape{1, 28, 28}));  // 784 inputs are a digit
  EXPECT_EQ(std::memcmp(loaded.network.parameters().data(), network.parameters().data(), 4 * 795010), 0);
}

// ---- Version 1: the committed golden file still loads ----

TEST(ModelFileGolden, Version1BytesAreTheCommittedFile) {
  const std::string expected = golden_v1_bytes();
  ASSERT_EQ(expected.size(), 232u);
  EXPECT_EQ(reference_crc32(expected.substr(0, 228)), 0xD01667CDu);
  expect_same_bytes(read_bytes(test_data("golden-v1.dpm")), expected);
}

TEST(ModelFileGolden, Version1FileLoadsEveryParameterAndTheInformation) {
  const Model loaded = load_model(test_data("golden-v1.dpm"));
  EXPECT_EQ(loaded.network.architecture(), Architecture::mlp(2, {3}, 2, Activation::Tanh));
  EXPECT_EQ(loaded.network.architecture().input, Shape::flat(2));
  EXPECT_EQ(loaded.info, golden_info());

  // Every parameter, in the file's order...
  const std::vector<float> in_file_order = {1, 3, 0.5f, 2, -1, -2, 0.25f, -0.5f, 1.5f,
                                            0.125f, 8, 4, -8, -4, 0.75f, 0, -0.125f};
  ASSERT_EQ(loaded.network.parameters().size(), 17);
  for (int i = 0; i < 17; ++i) EXPECT_EQ(loaded.network.parameters()[i], in_file_order[i]) << "parameter " << i;
  // ...and where each one lands: W is outputs x inputs.
  Eigen::MatrixXf w0(3, 2), w1(2, 3);
  w0 << 1, 2, 3, -1, 0.5f, -2;
  w1 << 0.125f, 4, -4, 8, -8, 0.75f;
  EXPECT_EQ(Eigen::MatrixXf(loaded.network.weights(0)), w0);
  EXPECT_EQ(Eigen::MatrixXf(loaded.network.weights(1)), w1);
  Eigen::VectorXf b0(3), b1(2);
  b0 << 0.25f, -0.5f, 1.5f;
  b1 << 0.0f, -0.125f;
  EXPECT_EQ(Eigen::VectorXf(loaded.network.biases(0)), b0);
  EXPECT_EQ(Eigen::VectorXf(loaded.network.biases(1)), b1);
}

TEST(ModelFileGolden, Version1FileClassifiesAsWorkedOutByHand) {
  const Model loaded = load_model(test_data("golden-v1.dpm"));
  Eigen::MatrixXf inputs(2, 3);
  inputs << 0, 1, 0.5f,  //
      0, -1, 0.25f;
  // Hidden layer h = tanh(W0 x + b0), logits z = W1 h + b1, p = softmax(z);
  // with two classes p1 = 1 / (1 + exp(z0 - z1)).
  const auto probabilities = [](double a0, double a1, double a2) {
    const double h0 = std::tanh(a0), h1 = std::tanh(a1), h2 = std::tanh(a2);
    const double z0 = 0.125 * h0 + 4 * h1 - 4 * h2 + 0.0;
    const double z1 = 8 * h0 - 8 * h1 + 0.75 * h2 - 0.125;
    const double p1 = 1 / (1 + std::exp(z0 - z1));
    return std::vector<double>{1 - p1, p1};
  };
  const std::vector<std::vector<double>> expected = {
      // x = (0, 0): W0 x + b0 = b0 = (0.25, -0.5, 1.5); z = (-5.4384, 6.2101); p = (8.73e-6, 0.99999)
      probabilities(0.25, -0.5, 1.5),
      // x = (1, -1): (1 - 2 + 0.25, 3 + 1 - 0.5, 0.5 + 2 + 1.5) = (-0.75, 3.5, 4); z = (-0.0840, -12.4421)
      probabilities(-0.75, 3.5, 4.0),
      // x = (0.5, 0.25): (0.5 + 0.5 + 0.25, 1.5 - 0.25 - 0.5, 0.25 - 0.5 + 1.5) = (1.25, 0.75, 1.25);
      // p = (0.0491, 0.9509)
      probabilities(1.25, 0.75, 1.25)};
  EXPECT_NEAR(expected[0][1], 0.99999127, 1e-8);  // the arithmetic above, checked once by other means
  EXPECT_NEAR(expected[2][0], 0.04913533, 1e-8);
  expect_probabilities(loaded.network.probabilities(inputs), expected);
  EXPECT_EQ(loaded.network.classify(inputs), (std::vector<int>{1, 0, 1}));
}

TEST_F(ModelFileTest, Version1HandWrittenBytesLoadAsTheSameNetwork) {
  const std::string file = path("golden-v1.dpm");
  write_bytes(file, golden_v1_bytes());
  const Model loaded = load_model(file);
  const Network expected = golden_network();
  EXPECT_EQ(loaded.network.architecture(), expected.architecture());
  expect_same_parameters(loaded.network, expected);
  EXPECT_EQ(loaded.info, golden_info());
}

// Opening an old file and saving it upgrades it: the same network, the same
// record, version-2 bytes.
TEST_F(ModelFileTest, Version1FileSavedAgainIsTheVersion2GoldenFile) {
  const Model old = load_model(test_data("golden-v1.dpm"));
  const std::string file = path("upgraded.dpm");
  save_model(file, old.network, old.info);
  expect_same_bytes(read_bytes(file), golden_v2_bytes());
}

// ---- Version 2: the exact bytes ----

TEST_F(ModelFileTest, GoldenFileMatchesTheDocumentedLayoutByteForByte) {
  const std::string expected = golden_v2_bytes();
  ASSERT_EQ(expected.size(), 244u);
  EXPECT_EQ(reference_crc32(expected.substr(0, 240)), 0x6DD98EAAu);

  const std::string file = path("golden.dpm");
  save_model(file, golden_network(), golden_info());
  expect_same_bytes(read_bytes(file), expected);
  expect_same_bytes(read_bytes(test_data("golden-v2.dpm")), expected);

  // And the hand-written bytes load back into the same network.
  write_bytes(file, expected);
  const Model loaded = load_model(file);
  EXPECT_EQ(loaded.info, golden_info());
  EXPECT_EQ(loaded.network.architecture(), Architecture::mlp(2, {3}, 2, Activation::Tanh));
  expect_same_parameters(loaded.network, golden_network());
  EXPECT_EQ(loaded.network.weights(0)(2, 1), -2.0f);
  EXPECT_EQ(loaded.network.weights(1)(1, 2), 0.75f);
  EXPECT_EQ(loaded.network.biases(1)(1), -0.125f);
}

TEST_F(ModelFileTest, ConvolutionalGoldenFileMatchesByteForByte) {
  const std::string expected = golden_conv_bytes();
  ASSERT_EQ(expected.size(), 401u);
  EXPECT_EQ(reference_crc32(expected.substr(0, 397)), 0xD5A2472Eu);

  const Network network = golden_conv_network();
  const std::string file = path("conv.dpm");
  save_model(file, network, golden_conv_info());
  expect_same_bytes(read_bytes(file), expected);
  expect_same_bytes(read_bytes(test_data("golden-v2-conv.dpm")), expected);

  write_bytes(file, expected);
  const Model loaded = load_model(file);
  EXPECT_EQ(loaded.network.architecture(), golden_conv_architecture());
  EXPECT_EQ(loaded.info, golden_conv_info());
  expect_same_parameters(loaded.network, network);
  EXPECT_EQ(loaded.network.parameter_offset(3), 20);  // the dense layer's slice starts after the conv's 18 + 2
  EXPECT_EQ(loaded.network.parameter_offset(4), 47);
}

// What OIHW means, checked through the loaded network rather than through the
// views that wrote it: one lit pixel at (row 1, column 2) comes out of filter f
// as its kernel mirrored around that pixel, out(y, x) = tanh(w[f][0][1 + 1 - y][1 + 2 - x] + b[f]),
// so the file's float at (f * 1 + 0) * 9 + ky * 3 + kx is the weight that row ky,
// column kx of the window gives its pixel (cross-correlation, as PyTorch's Conv2d).
TEST(ModelFileGolden, ConvolutionWeightsAreFilterChannelRowColumn) {
  const Model loaded = load_model(test_data("golden-v2-conv.dpm"));
  Eigen::MatrixXf input = Eigen::MatrixXf::Zero(16, 1);
  const int lit_y = 1, lit_x = 2;
  input(lit_y * 4 + lit_x, 0) = 1.0f;
  ForwardCache cache;
  loaded.network.forward(input, cache);
  const Eigen::MatrixXf& conv = cache.outputs[0];
  ASSERT_EQ(conv.rows(), 2 * 4 * 4);
  const float bias[] = {0.5f, -0.25f};
  for (int f = 0; f < 2; ++f)
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x) {
        const int ky = lit_y - y + 1, kx = lit_x - x + 1;
        const bool covered = ky >= 0 && ky < 3 && kx >= 0 && kx < 3;
        const float sum = (covered ? golden_conv_weight(f, ky, kx) : 0.0f) + bias[f];
        EXPECT_NEAR(conv((f * 4 + y) * 4 + x, 0), std::tanh(sum), 1e-6f) << "filter " << f << " at " << y << "," << x;
      }
  // Filter 0 at (0, 1) sees the pixel through its bottom-right weight, 9/8.
  EXPECT_NEAR(conv(0 * 16 + 0 * 4 + 1, 0), std::tanh(1.125f + 0.5f), 1e-6f);

  // The whole network (pooling, the flattening into the dense layer, softmax)
  // against the NumPy reader in docs/model-format.md, an independent float64
  // implementation: the lit pixel, and a ramp from -1 to 0.875.
  Eigen::MatrixXf inputs(16, 2);
  inputs.col(0) = input;
  for (int i = 0; i < 16; ++i) inputs(i, 1) = static_cast<float>(i) / 8.0f - 1.0f;
  expect_probabilities(loaded.network.probabilities(inputs),
                       {{0.882590215574, 0.117409784426}, {0.891979029338, 0.108020970662}});
}

// ---- The shipped model: version 1, predicting exactly as before ----

// Five deterministic 28x28 inputs, one per column, row by row, in [0, 1].
Eigen::MatrixXf probe_patterns() {
  Eigen::MatrixXf inputs = Eigen::MatrixXf::Zero(784, 5);
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const int i = y * 28 + x;
      // 0: blank.
      // 1: a vertical bar, like a "1".
      if (x >= 13 && x <= 15 && y >= 4 && y < 24) inputs(i, 1) = 1.0f;
      // 2: a ring, like a "0", with soft edges.
      const float r = std::hypot(static_cast<float>(x) - 13.5f, static_cast<float>(y) - 13.5f);
      inputs(i, 2) = std::fmax(0.0f, 1.0f - std::fabs(r - 7.5f) / 2.0f);
      // 3: a "7": a top bar and a diagonal stroke.
      if ((y >= 5 && y <= 7 && x >= 6 && x < 22) || (y > 7 && y < 24 && std::abs(x - (21 - (y - 7) / 2)) <= 1))
        inputs(i, 3) = 0.75f;
      // 4: hashed noise over the whole square.
      inputs(i, 4) = static_cast<float>((static_cast<std::uint32_t>(i) * 2654435761u) >> 24) / 255.0f;
    }
  return inputs;
}

// What the code before the layer refactor (commit 181b774, where a network was
// one list of dense weight matrices) gave for models/default.dpm (now tests/data/mlp-default-v1.dpm): that commit's
// tree exported with `git archive`, built, and its Network::probabilities()
// printed with %.9g. The NumPy reader in docs/model-format.md agrees with them
// to 5e-6 relative. Not compared bitwise: Eigen splits products across threads,
// and the old build itself differs by up to 4e-6 relative on probabilities
// below 1e-7 between one and two threads. (With the same thread count the new
// code gives these very floats for the patterns; on the MNIST digits below it
// differs by about 2e-6 relative, because the new output layer also skips the
// hidden units that ReLU zeroed in the whole batch, which reorders one sum.)
const std::vector<std::vector<double>> kOldPatternProbabilities = {
    {0.274967074, 0.02451743, 0.133749366, 0.023300916, 0.0589464903, 0.0692648143, 0.0930148289, 0.0545175523,
     0.12971133, 0.138010204},
    {1.74189143e-08, 0.999996185, 2.51306642e-10, 1.18751498e-09, 2.19166827e-06, 1.25845934e-09, 4.18535421e-07,
     1.22348797e-06, 3.13402602e-08, 3.46051259e-08},
    {0.999999166, 1.76499762e-14, 1.21739738e-08, 6.35570985e-10, 2.25552636e-13, 2.64318402e-07, 9.21038357e-09,
     9.19005427e-11, 4.93208177e-08, 5.68307826e-07},
    {6.31947749e-12, 3.2421562e-11, 1.34196671e-06, 4.88633805e-06, 1.08142516e-21, 5.72209125e-08, 5.38792352e-22,
     0.999993682, 4.63737854e-10, 3.12763759e-10},
    {0.000832457154, 9.29705271e-12, 2.410663e-05, 0.229295015, 1.21932311e-10, 0.00129433919, 2.41529306e-05,
     9.41466372e-09, 0.768490493, 3.93589798e-05}};

// The same for the first three t10k digits (a 7, a 2 and a 1).
const std::vector<std::vector<double>> kOldMnistProbabilities = {
    {2.49518796e-14, 4.74492612e-10, 1.24887094e-06, 1.23163609e-05, 2.72606416e-15, 2.77401835e-09, 4.68392862e-16,
     0.999986291, 3.53482488e-09, 7.5050977e-08},
    {5.99871802e-12, 6.65093758e-05, 0.999933481, 6.10389517e-09, 6.32852704e-09, 1.00599298e-13, 9.84501022e-11,
     9.57886808e-12, 1.57673163e-09, 3.94594774e-10},
    {5.8198375e-06, 0.991815984, 4.07381958e-06, 2.23743746e-06, 0.00489338581, 6.98653309e-07, 0.00288725877,
     0.000169786115, 0.000213086882, 7.85953489e-06}};

// The model DigitPad shipped before convolutions arrived (784-1000 ReLU-10),
// kept as it was: a real version-1 file of the kind users have saved.
std::string shipped_model_path() { return (fs::path(DIGITPAD_SOURCE_DIR) / "tests" / "data" / "mlp-default-v1.dpm").string(); }

TEST(ShippedModel, IsAVersion1FileThatLoadsAndPredictsAsBeforeTheLayerRefactor) {
  if (!fs::exists(shipped_model_path())) GTEST_SKIP() << "no shipped model at " << shipped_model_path();
  const std::string bytes = read_bytes(shipped_model_path());
  ASSERT_GE(bytes.size(), 12u);
  EXPECT_EQ(bytes.substr(8, 4), le32(1));
  const Model model = load_model(shipped_model_path());
  EXPECT_EQ(model.network.architecture(), Architecture::mlp(784, {1000}, 10, Activation::Relu));
  EXPECT_EQ(model.info.name, "default");
  expect_probabilities(model.network.probabilities(probe_patterns()), kOldPatternProbabilities);
  EXPECT_EQ(model.network.classify(probe_patterns()), (std::vector<int>{0, 1, 0, 7, 8}));
}

TEST(ShippedModel, PredictsRealMnistDigitsAsBeforeTheLayerRefactor) {
  if (!fs::exists(shipped_model_path())) GTEST_SKIP() << "no shipped model at " << shipped_model_path();
  if (!fs::exists(std::string(DIGITPAD_MNIST_DIR) + "/t10k-labels-idx1-ubyte.gz"))
    GTEST_SKIP() << "real MNIST not found in " << DIGITPAD_MNIST_DIR;
  const Model model = load_model(shipped_model_path());
  const Dataset t10k = load_mnist_folder(DIGITPAD_MNIST_DIR).train;  // the folder's only pair
  ASSERT_GE(t10k.count(), 3);
  EXPECT_EQ(std::vector<int>(t10k.labels.begin(), t10k.labels.begin() + 3), (std::vector<int>{7, 2, 1}));
  expect_probabilities(model.network.probabilities(t10k.images.leftCols(3)), kOldMnistProbabilities);
}

TEST(ModelFileCrc, ReferenceImplementationMatchesTheStandardCheckValue) {
  EXPECT_EQ(reference_crc32("123456789"), 0xCBF43926u);
}

// ---- Saving ----

TEST_F(ModelFileTest, SavingOverAnExistingFileReplacesItAndLeavesNoTemporaries) {
  const std::string file = path("model.dpm");
  write_bytes(file, "an older file that is not even a model");
  const Network network = make_network(Architecture::mlp(4, {3}, 2, Activation::Relu), 1);
  save_model(file, network, full_info());
  EXPECT_EQ(load_model(file).network.architecture(), network.architecture());

  const Network replacement = make_network(Architecture::mlp(4, {5, 5}, 2, Activation::Sigmoid), 2);
  save_model(file, replacement, ModelInfo{});
  const Model loaded = load_model(file);
  EXPECT_EQ(loaded.network.architecture(), replacement.architecture());
  EXPECT_EQ(loaded.info, ModelInfo{});
  EXPECT_EQ(folder_entries(), std::vector<std::string>{"model.dpm"});
}

TEST_F(ModelFileTest, SavingIntoAMissingFolderThrowsAndCreatesNothing) {
  const std::string file = path("missing/model.dpm");
  const Network network = make_network(Architecture::mlp(2, {2}, 2, Activation::Tanh), 1);
  try {
    save_model(file, network, ModelInfo{});
    FAIL() << "saved into a missing folder";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()).rfind(file + ": ", 0), 0u) << error.what();
  }
  EXPECT_TRUE(folder_entries().empty());
}

TEST_F(ModelFileTest, RefusesToSaveWeightsThatAreNotFinite) {
  Network network = make_network(Architecture::mlp(2, {2}, 2, Activation::Tanh), 1);
  network.parameters()[4] = std::numeric_limits<float>::quiet_NaN();
  const std::string file = path("nan.dpm");
  try {
    save_model(file, network, ModelInfo{});
    FAIL() << "saved NaN weights";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), file + ": cannot save: weights contain NaN (parameter 4 of 12)");
  }
  EXPECT_TRUE(folder_entries().empty());
}

TEST_F(ModelFileTest, RefusesToSaveNegativeCounts) {
  ModelInfo info;
  info.test_count = -1;
  const std::string file = path("negative.dpm");
  try {
    save_model(file, make_network(Architecture::mlp(2, {2}, 2, Activation::Tanh), 1), info);
    FAIL() << "saved a negative count";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), file + ": cannot save: test count is negative (-1)");
  }
}

// ---- Loading bad files ----

class BadModelFileTest : public ModelFileTest {
 protected:
  void SetUp() override {
    ModelFileTest::SetUp();
    good_file_ = path("good.dpm");
    ModelInfo info;
    info.name = "small";
    info.hyperparameters = {{"optimizer", "gd"}};
    save_model(good_file_, make_network(Architecture::mlp(2, {3}, 2, Activation::Tanh), 5), info);
    good_ = read_bytes(good_file_);
    bad_file_ = path("bad.dpm");
  }
  // Writes `bytes` as the bad file and returns load_model's message without the path.
  std::string problem_with(const std::string& bytes) {
    write_bytes(bad_file_, bytes);
    const std::string message = load_error(bad_file_);
    if (message == "<loaded without error>") return message;
    const std::string prefix = bad_file_ + ": ";
    if (message.rfind(prefix, 0) != 0) return "<message does not start with the path> " + message;
    if (message.find('\n') != std::string::npos) return "<message is not one line> " + message;
    return message.substr(prefix.size());
  }
  // The problem with a version-2 file of `header` and `parameter_count` zero
  // weights, with a valid checksum. Where the architecture is what fails, the
  // count hardly matters: it is compared only after the architecture is valid.
  std::string v2_problem(const std::string& header, std::uint64_t parameter_count = 0) {
    return problem_with(craft_file(2, header, parameter_count, zero_weights(parameter_count)));
  }

  std::string good_file_;
  std::string good_;  // version 2, a 2-3-2 network
  std::string bad_file_;
};

TEST_F(BadModelFileTest, TheUnmodifiedFileLoads) {
  // Header section: 100 bytes, the empty one's 76 + "small" + 1 pair.
  EXPECT_EQ(good_.size(), 24u + 100u + 4u * 17u + 4u);
  EXPECT_EQ(good_.substr(8, 4), le32(2));
  EXPECT_EQ(load_error(good_file_), "<loaded without error>");
}

TEST_F(BadModelFileTest, MissingFile) {
  EXPECT_EQ(load_error(path("absent.dpm")), path("absent.dpm") + ": no such file");
}

TEST_F(BadModelFileTest, WrongMagic) {
  EXPECT_EQ(problem_with("\x89PNG\r\n\x1a\n" + good_.substr(8)), "not a DigitPad model (wrong magic)");
  EXPECT_EQ(problem_with("hello"), "not a DigitPad model (wrong magic)");
  EXPECT_EQ(problem_with(""), "empty file (not a DigitPad model)");
}

TEST_F(BadModelFileTest, UnknownVersion) {
  std::string bytes = good_;
  bytes.replace(8, 4, le32(3));
  EXPECT_EQ(problem_with(bytes), "version 3 is newer than this program understands (2)");
  bytes.replace(8, 4, le32(0xFFFFFFFFu));
  EXPECT_EQ(problem_with(bytes), "version 4294967295 is newer than this program understands (2)");
  bytes.replace(8, 4, le32(0));
  EXPECT_EQ(problem_with(bytes), "version 0 is not a valid model version");
}

// The version decides how the architecture is read: a file relabelled (with a
// valid checksum) is read as the other layout and fails cleanly, not as a crash.
TEST_F(BadModelFileTest, AFileUnderTheOtherVersionNumberFailsCleanly) {
  // Version 2 read as version 1: the input shape 2x1x1 reads as widths {1, 1}.
  EXPECT_EQ(problem_with(relabelled(good_, 1)), "architecture needs 2 parameters but the file holds 17");
  // Version 1 read as version 2: the widths {3, 2, 3, 2} read as input 3x2x3
  // and 2 layers; the activation's length 4 as a dropout record whose rate is
  // "tanh"; the name's length 6 as the next record's kind.
  EXPECT_EQ(problem_with(relabelled(golden_v1_bytes(), 2)), "layer 2 has unknown kind 6 (expected 1 to 4)");
}

TEST_F(BadModelFileTest, EveryTruncationIsReported) {
  ASSERT_EQ(good_.size(), 196u);
  for (const std::string& file : {good_, golden_conv_bytes()})
    for (std::size_t length = 1; length < file.size(); ++length) {
      const std::string problem = problem_with(file.substr(0, length));
      EXPECT_EQ(problem.rfind("truncated at ", 0), 0u) << "length " << length << ": " << problem;
    }
  EXPECT_EQ(problem_with(good_.substr(0, 5)), "truncated at magic");
  EXPECT_EQ(problem_with(good_.substr(0, 10)), "truncated at version");
  EXPECT_EQ(problem_with(good_.substr(0, 14)), "truncated at header section length");
  EXPECT_EQ(problem_with(good_.substr(0, 20)), "truncated at parameter count");
  EXPECT_EQ(problem_with(good_.substr(0, 24)), "truncated at header section (file has 24 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 123)),
            "truncated at header section (file has 123 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 124)), "truncated at weights (file has 124 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 191)), "truncated at weights (file has 191 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 192)), "truncated at checksum (file has 192 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 195)), "truncated at checksum (file has 195 bytes, its header says 196)");
}

TEST_F(BadModelFileTest, TrailingBytes) {
  EXPECT_EQ(problem_with(good_ + "xyz"), "3 trailing bytes after the checksum");
}

TEST_F(BadModelFileTest, AnyFlippedByteAfterTheSizesIsAChecksumMismatch) {
  // Header section (layer records included), weights and the checksum itself:
  // all covered by the CRC.
  for (const std::string& file : {good_, golden_conv_bytes()})
    for (std::size_t offset = 24; offset < file.size(); ++offset) {
      std::string bytes = file;
      bytes[offset] = static_cast<char>(bytes[offset] ^ 0x10);
      EXPECT_EQ(problem_with(bytes), "checksum mismatch: file is corrupt") << "offset " << offset;
    }
}

TEST_F(BadModelFileTest, AnyFlippedByteInTheFixedHeaderIsAnError) {
  for (const std::string& file : {good_, golden_conv_bytes(), golden_v1_bytes()})
    for (std::size_t offset = 0; offset < 24; ++offset) {
      for (const int bit : {0x01, 0x02, 0x80}) {
        std::string bytes = file;
        bytes[offset] = static_cast<char>(bytes[offset] ^ bit);
        const std::string problem = problem_with(bytes);
        EXPECT_EQ(problem.find('<'), std::string::npos) << "offset " << offset << ": " << problem;
      }
    }
}

TEST_F(BadModelFileTest, HugeSizesInTheFixedHeaderFailBeforeAnyAllocation) {
  std::string bytes = good_;
  bytes.replace(16, 8, le64(std::uint64_t{1} << 40));
  EXPECT_EQ(problem_with(bytes), "parameter count 1099511627776 exceeds the limit of 50000000");
  bytes.replace(16, 8, le64(50'000'001));
  EXPECT_EQ(problem_with(bytes), "parameter count 50000001 exceeds the limit of 50000000");
  bytes = good_;
  bytes.replace(12, 4, le32(0xFFFFFFFFu));
  EXPECT_EQ(problem_with(bytes), "header section length 4294967295 exceeds the limit of 16777216");
}

// ---- Bad version-1 architectures, with a valid checksum ----

TEST_F(BadModelFileTest, Version1HugeLayerCount) {
  const std::string header = le32(1'000'000'000) + le32(2) + le32(3);
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "layer count 1000000000 exceeds the limit of 18 (16 hidden layers)");
  EXPECT_EQ(problem_with(craft_file(1, le32(19) + le32(2), 0, "")),
            "layer count 19 exceeds the limit of 18 (16 hidden layers)");
  EXPECT_EQ(problem_with(craft_file(1, le32(1) + le32(5), 0, "")),
            "layer count 1 is too small (need inputs and outputs)");
}

TEST_F(BadModelFileTest, Version1HugeOrZeroLayerWidth) {
  std::string header = v1_header_section();
  header.replace(8, 4, le32(100'001));
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "layer 1 width 100001 exceeds the limit of 100000");
  header.replace(8, 4, le32(0xFFFFFFFFu));
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "layer 1 width 4294967295 exceeds the limit of 100000");
  header.replace(8, 4, le32(0));
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))), "layer 1 has width 0");
  // Widths within the limits that the network's own rules reject.
  header = v1_header_section();
  header.replace(12, 4, le32(1001));  // outputs
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))), "output count 1001 is out of range (1 to 1000)");
  header = le32(4) + le32(784) + le32(50'000) + le32(1000) + le32(10) + text("tanh") + empty_info();
  EXPECT_EQ(problem_with(craft_file(1, header, 0, "")),
            "the network would have over 50000000 parameters (reached at layer 2 'dense1000'): 89261010 in all, "
            "340.5 MB of weights and about 1.7 GB to train with Adam");
}

TEST_F(BadModelFileTest, ParameterCountDisagreeingWithTheArchitecture) {
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section(), 18, zero_weights(18))),
            "architecture needs 17 parameters but the file holds 18");
  const std::string conv = golden_conv_bytes();
  const std::string conv_header = conv.substr(24, 153);
  EXPECT_EQ(v2_problem(conv_header, 54), "architecture needs 55 parameters but the file holds 54");
  EXPECT_EQ(v2_problem(conv_header, 0), "architecture needs 55 parameters but the file holds 0");
  EXPECT_EQ(v2_problem(conv_header, 55), "<loaded without error>");
}

// ---- Bad version-2 architectures, with a valid checksum ----

TEST_F(BadModelFileTest, Version2ValidRecordsLoad) {
  // The smallest of each kind, and the largest dropout rate: the limits' edges.
  const std::vector<std::string> smallest = {conv_record(1, 1), pool_record(1), dropout_record(0.95f), dense_record(1)};
  EXPECT_EQ(v2_problem(v2_header_section(1, 2, 2, smallest, 1), (1 + 1) * 1 + (4 + 1) * 1 + (1 + 1) * 1),
            "<loaded without error>");
  EXPECT_EQ(v2_problem(v2_header_section(3, 1, 1, {}, 2), (3 + 1) * 2), "<loaded without error>");
}

TEST_F(BadModelFileTest, Version2UnknownLayerKind) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {le32(5) + le32(3)}, 2)),
            "layer 1 has unknown kind 5 (expected 1 to 4)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3), le32(0) + le32(3)}, 2)),
            "layer 2 has unknown kind 0 (expected 1 to 4)");
}

TEST_F(BadModelFileTest, Version2BadConvolution) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(0, 3)}, 2)),
            "layer 1 'conv0@3': the filter count must be 1 to 1024");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(1025, 3)}, 2)),
            "layer 1 'conv1025@3': the filter count must be 1 to 1024");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {pool_record(2), conv_record(2, 4)}, 2)),
            "layer 2 'conv2@4': the kernel size must be odd (1, 3, 5, ...)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(2, 0)}, 2)),
            "layer 1 'conv2@0': the kernel size must be 1 to 15");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(2, 17)}, 2)),
            "layer 1 'conv2@17': the kernel size must be 1 to 15");
}

TEST_F(BadModelFileTest, Version2BadDensePoolOrDropout) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(0)}, 2)),
            "layer 1 'dense0': the unit count must be 1 to 100000");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(100'001)}, 2)),
            "layer 1 'dense100001': the unit count must be 1 to 100000");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {pool_record(0)}, 2)),
            "layer 1 'pool0': the pooling size must be 1 to 28");
  EXPECT_EQ(v2_problem(v2_header_section(1, 40, 40, {pool_record(29)}, 2)),
            "layer 1 'pool29': the pooling size must be 1 to 28");
  const auto dropout_problem = [&](float rate) {
    return v2_problem(v2_header_section(1, 4, 4, {dense_record(3), dropout_record(rate)}, 2));
  };
  EXPECT_EQ(dropout_problem(std::numeric_limits<float>::quiet_NaN()),
            "layer 2 'dropnan': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(1.5f), "layer 2 'drop1.5': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(1.0f), "layer 2 'drop1': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(0.0f), "layer 2 'drop0': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(-0.25f), "layer 2 'drop-0.25': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(std::numeric_limits<float>::infinity()),
            "layer 2 'dropinf': the dropout rate must be above 0 and at most 0.95");
}

TEST_F(BadModelFileTest, Version2PoolThatDoesNotFitTheMap) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(2, 3), pool_record(5)}, 2)),
            "layer 2 'pool5': cannot pool a 4x4 map by 5");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 9, {pool_record(2), pool_record(2), pool_record(2)}, 2)),
            "layer 3 'pool2': cannot pool a 1x2 map by 2");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3), pool_record(2)}, 2)),
            "layer 2 'pool2': cannot pool a 1x1 map by 2 (it is a single value per channel)");
}

// Sizes that would need gigabytes fail from the header alone: the file holds no
// weights (P = 0), so nothing of the claimed size can have been allocated.
TEST_F(BadModelFileTest, Version2HugeLayersFailNamingTheLayer) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(0xFFFFFFFFu, 3)}, 2)),
            "layer 1 filters 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(3, 0x80000000u)}, 2)),
            "layer 1 kernel size 2147483648 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(0xFFFFFFFFu)}, 2)),
            "layer 1 units 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {pool_record(0xFFFFFFFFu)}, 2)),
            "layer 1 pooling size 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 28, 28, {conv_record(1024, 15), conv_record(1024, 15)}, 10)),
            "the network would have over 50000000 parameters (reached at layer 2 'conv1024@15'): 244190218 in all, "
            "931.5 MB of weights and about 4.5 GB to train with Adam");
  EXPECT_EQ(v2_problem(v2_header_section(1, 28, 28, {dense_record(100'000)}, 10)),
            "the network would have over 50000000 parameters (reached at layer 1 'dense100000'): 79500010 in all, "
            "303.3 MB of weights and about 1.5 GB to train with Adam");
  EXPECT_EQ(v2_problem(v2_header_section(1, 64, 64, {conv_record(8, 3), conv_record(1024, 3)}, 10)),
            "layer 2 'conv1024@3': would produce 4194304 values per digit (at most 1048576)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 28, 28, {dense_record(60'000)}, 1000)),
            "the network would have over 50000000 parameters (reached at the output layer): 107101000 in all, "
            "408.6 MB of weights and about 2.0 GB to train with Adam");
}

TEST_F(BadModelFileTest, Version2BadInputShapeOrOutputCount) {
  const std::string range = " is out of range (height and width 1 to 4096, at most 4194304 values)";
  EXPECT_EQ(v2_problem(v2_header_section(4096, 4096, 4096, {dense_record(3)}, 2)),
            "input shape 4096x4096x4096" + range);
  EXPECT_EQ(v2_problem(v2_header_section(1, 4097, 1, {}, 2)), "input shape 1x4097x1" + range);
  EXPECT_EQ(v2_problem(v2_header_section(0, 28, 28, {}, 10)), "input shape 0x28x28" + range);
  EXPECT_EQ(v2_problem(v2_header_section(5'000'000, 1, 1, {}, 10)), "input shape 5000000x1x1" + range);
  EXPECT_EQ(v2_problem(v2_header_section(0x80000000u, 1, 1, {}, 10)), "input channels 2147483648 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 0xFFFFFFFFu, 1, {}, 10)), "input height 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 1, 0xFFFFFFFFu, {}, 10)), "input width 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3)}, 0)), "output count 0 is out of range (1 to 1000)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3)}, 1001)),
            "output count 1001 is out of range (1 to 1000)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3)}, 0xFFFFFFFFu)),
            "output count 4294967295 is out of range");
}

TEST_F(BadModelFileTest, Version2TooManyLayers) {
  const std::vector<std::string> seventeen(17, dropout_record(0.5f));
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, seventeen, 2)),
            "layer count 17 exceeds the limit of 16 hidden layers");
  // Checked before any record is read: a count of 4 billion allocates nothing.
  EXPECT_EQ(v2_problem(le32(1) + le32(4) + le32(4) + le32(0xFFFFFFFFu)),
            "layer count 4294967295 exceeds the limit of 16 hidden layers");
  const std::vector<std::string> sixteen(16, dropout_record(0.5f));
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, sixteen, 2), (16 + 1) * 2), "<loaded without error>");
}

TEST_F(BadModelFileTest, Version2RecordsCutShortByTheHeaderSection) {
  const std::string start = le32(1) + le32(4) + le32(4) + le32(2);
  EXPECT_EQ(v2_problem(le32(1) + le32(4)), "truncated at input width inside the header section");
  EXPECT_EQ(v2_problem(start), "truncated at layer 1 kind inside the header section");
  EXPECT_EQ(v2_problem(start + le32(2) + le32(2)), "truncated at layer 1 kernel size inside the header section");
  EXPECT_EQ(v2_problem(start + conv_record(2, 3) + le32(4)),
            "truncated at layer 2 dropout rate inside the header section");
  EXPECT_EQ(v2_problem(start + conv_record(2, 3) + pool_record(2)),
            "truncated at output count inside the header section");
}

// ---- Bad information, either version ----

TEST_F(BadModelFileTest, HugeStringLengthWithAValidChecksum) {
  const std::string header = le32(3) + le32(2) + le32(3) + le32(2) + le32(0xFFFFFFF0u) + "tanh";
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "activation claims 4294967280 bytes but only 4 remain inside the header section");
  const std::string v2_header = v2_architecture(2, 1, 1, {dense_record(3)}, 2) + le32(0xFFFFFFF0u) + "tanh";
  EXPECT_EQ(v2_problem(v2_header, 17),
            "activation claims 4294967280 bytes but only 4 remain inside the header section");
}

TEST_F(BadModelFileTest, HugeHyperparameterCountWithAValidChecksum) {
  std::string header = v1_header_section();
  header.replace(header.size() - 4, 4, le32(0x7FFFFFFFu));
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "hyperparameter count 2147483647 does not fit in the 0 remaining bytes of the header section");
  header = v2_header_section(2, 1, 1, {dense_record(3)}, 2);
  header.replace(header.size() - 4, 4, le32(0x7FFFFFFFu));
  EXPECT_EQ(v2_problem(header, 17),
            "hyperparameter count 2147483647 does not fit in the 0 remaining bytes of the header section");
}

TEST_F(BadModelFileTest, HeaderSectionEndingEarlyOrLate) {
  for (const std::uint32_t version : {1u, 2u}) {
    const std::string header = version == 1 ? v1_header_section() : v2_header_section(2, 1, 1, {dense_record(3)}, 2);
    EXPECT_EQ(problem_with(craft_file(version, header, 17, zero_weights(17))), "<loaded without error>");
    EXPECT_EQ(problem_with(craft_file(version, header.substr(0, header.size() - 2), 17, zero_weights(17))),
              "truncated at hyperparameter count inside the header section")
        << "version " << version;
    EXPECT_EQ(problem_with(craft_file(version, header + "??", 17, zero_weights(17))),
              "header section has 2 unused bytes at its end")
        << "version " << version;
  }
}

TEST_F(BadModelFileTest, UnknownActivation) {
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section("swish"), 17, zero_weights(17))),
            "unknown activation 'swish' (expected tanh, relu or sigmoid)");
  const std::string v2_header = v2_architecture(2, 1, 1, {dense_record(3)}, 2) + text("gelu") + empty_info();
  EXPECT_EQ(v2_problem(v2_header, 17), "unknown activation 'gelu' (expected tanh, relu or sigmoid)");
}

TEST_F(BadModelFileTest, NegativeCount) {
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section("relu", -3), 17, zero_weights(17))),
            "train count is negative (-3)");
}

TEST_F(BadModelFileTest, NonFiniteWeights) {
  std::string weights = zero_weights(17);
  weights.replace(4 * 5, 4, f32(std::numeric_limits<float>::quiet_NaN()));
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section(), 17, weights)), "weights contain NaN (parameter 5 of 17)");
  weights = zero_weights(17);
  weights.replace(4 * 16, 4, f32(-std::numeric_limits<float>::infinity()));
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section(), 17, weights)),
            "weights contain infinity (parameter 16 of 17)");
  // In a convolution's slice too.
  std::string conv = golden_conv_bytes();
  const std::string conv_header = conv.substr(24, 153);
  std::string conv_weights = conv.substr(24 + 153, 4 * 55);
  conv_weights.replace(4 * 7, 4, f32(std::numeric_limits<float>::infinity()));
  EXPECT_EQ(problem_with(craft_file(2, conv_header, 55, conv_weights)), "weights contain infinity (parameter 7 of 55)");
}

TEST_F(BadModelFileTest, AFolderIsNotAModel) {
  EXPECT_EQ(load_error(folder_.string()), folder_.string() + ": is a folder, not a file");
}

}  // namespace
}  // namespace digitpad
