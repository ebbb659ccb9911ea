// The model file format (docs/model-format.md): round trips, the exact bytes
// of a tiny model, and every way a file can be bad.

#include "io/model_file.h"

#include "util/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
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
std::string text(const std::string& value) { return le32(static_cast<std::uint32_t>(value.size())) + value; }

// A header section for sizes {2, 3, 2}, `activation`, and empty information.
std::string header_section(const std::string& activation = "tanh", std::int32_t train_count = 0) {
  return le32(3) + le32(2) + le32(3) + le32(2) + text(activation) + text("") + text("") +
         le32(static_cast<std::uint32_t>(train_count)) + le32(0) + le32(0) + f32(0) + f32(0) + f32(0) + text("") +
         le32(0);
}

// A whole file around a header section and weights, with a valid checksum, so
// that the loader's checks after the checksum are exercised.
std::string craft_file(const std::string& header, std::uint64_t parameter_count, const std::string& weights,
                       std::uint32_t version = 1) {
  std::string body = "DIGITPAD" + le32(version) + le32(static_cast<std::uint32_t>(header.size())) +
                     le64(parameter_count) + header + weights;
  return body + le32(reference_crc32(body));
}

std::string zero_weights(std::uint64_t count) { return std::string(4 * count, '\0'); }

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
    ::testing::Values(RoundTripCase{"one_hidden_tanh", Architecture::mlp(3, {4}, 2, Activation::Tanh)},
                      RoundTripCase{"three_hidden_relu", Architecture::mlp(5, {7, 6, 4}, 3, Activation::Relu)},
                      RoundTripCase{"digits_sigmoid", Architecture::mlp(784, {32}, 10, Activation::Sigmoid)},
                      RoundTripCase{"digits_three_hidden_tanh", Architecture::mlp(784, {16, 12, 8}, 10, Activation::Tanh)},
                      RoundTripCase{"smallest", Architecture::mlp(1, {1}, 1, Activation::Relu)}),
    [](const ::testing::TestParamInfo<RoundTripCase>& info) { return std::string(info.param.label); });

TEST_F(ModelFileTest, RoundTripsTheSeedNetworkWithEmptyInfo) {
  const Architecture architecture = Architecture::mlp(784, {1000}, 10, Activation::Tanh);
  const Network network = make_network(architecture, 3);
  const std::string file = path("seed.dpm");
  save_model(file, network, ModelInfo{});
  EXPECT_EQ(fs::file_size(file), 24u + 64u + 4u * 795010u + 4u);  // 64: header section with empty info
  const Model loaded = load_model(file);
  EXPECT_EQ(loaded.info, ModelInfo{});
  EXPECT_EQ(loaded.network.architecture(), architecture);
  EXPECT_EQ(std::memcmp(loaded.network.parameters().data(), network.parameters().data(), 4 * 795010), 0);
}

// ---- The exact bytes ----

// A 2-3-2 tanh network whose bytes are written out below by hand from the
// table in docs/model-format.md; the same bytes appear there as a hexdump.
TEST_F(ModelFileTest, GoldenFileMatchesTheDocumentedLayoutByteForByte) {
  Network network(Architecture::mlp(2, {3}, 2, Activation::Tanh), Eigen::VectorXf::Zero(17));
  // Set through the network's own views so that the test also pins which
  // parameter is which: W is outputs x inputs, stored column by column.
  network.weights(0) << 1.0f, 2.0f,  //
      3.0f, -1.0f,                   //
      0.5f, -2.0f;
  network.biases(0) << 0.25f, -0.5f, 1.5f;
  network.weights(1) << 0.125f, 4.0f, -4.0f,  //
      8.0f, -8.0f, 0.75f;
  network.biases(1) << 0.0f, -0.125f;

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

  const std::vector<std::uint8_t> expected = {
      // fixed header
      'D', 'I', 'G', 'I', 'T', 'P', 'A', 'D',  // magic
      0x01, 0x00, 0x00, 0x00,                  // version 1
      0x88, 0x00, 0x00, 0x00,                  // header section: 136 bytes
      0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 17 parameters
      // header section: architecture
      0x03, 0x00, 0x00, 0x00,  // 3 layers
      0x02, 0x00, 0x00, 0x00,  // 2 inputs
      0x03, 0x00, 0x00, 0x00,  // 3 hidden
      0x02, 0x00, 0x00, 0x00,  // 2 outputs
      0x04, 0x00, 0x00, 0x00, 't', 'a', 'n', 'h',
      // header section: information
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
      0x03, 0x00, 0x00, 0x00, '0', '.', '5',
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
      0x00, 0x00, 0x00, 0xBE,  // -0.125
      // CRC-32 of the 228 bytes above
      0xCD, 0x67, 0x16, 0xD0};
  const std::string expected_bytes(expected.begin(), expected.end());
  ASSERT_EQ(expected_bytes.size(), 232u);
  EXPECT_EQ(reference_crc32(expected_bytes.substr(0, 228)), 0xD01667CDu);

  const std::string file = path("golden.dpm");
  save_model(file, network, info);
  const std::string actual = read_bytes(file);
  ASSERT_EQ(actual.size(), expected_bytes.size());
  for (std::size_t i = 0; i < actual.size(); ++i)
    EXPECT_EQ(static_cast<unsigned>(static_cast<unsigned char>(actual[i])), unsigned{expected[i]})
        << "byte " << i;

  // And the hand-written bytes load back into the same network.
  write_bytes(file, expected_bytes);
  const Model loaded = load_model(file);
  EXPECT_EQ(loaded.info, info);
  EXPECT_EQ(loaded.network.weights(0)(2, 1), -2.0f);
  EXPECT_EQ(loaded.network.weights(1)(1, 2), 0.75f);
  EXPECT_EQ(loaded.network.biases(1)(1), -0.125f);
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
    const std::string prefix = bad_file_ + ": ";
    if (message.rfind(prefix, 0) != 0) return "<message does not start with the path> " + message;
    if (message.find('\n') != std::string::npos) return "<message is not one line> " + message;
    return message.substr(prefix.size());
  }

  std::string good_file_;
  std::string good_;
  std::string bad_file_;
};

TEST_F(BadModelFileTest, TheUnmodifiedFileLoads) {
  EXPECT_EQ(good_.size(), 24u + 88u + 4u * 17u + 4u);  // header section: 64 + "small" + 1 pair
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
  bytes.replace(8, 4, le32(7));
  EXPECT_EQ(problem_with(bytes), "version 7 is newer than this program understands (1)");
  bytes.replace(8, 4, le32(0));
  EXPECT_EQ(problem_with(bytes), "version 0 is not a valid model version");
}

TEST_F(BadModelFileTest, EveryTruncationIsReported) {
  ASSERT_EQ(good_.size(), 184u);
  for (std::size_t length = 1; length < good_.size(); ++length) {
    const std::string problem = problem_with(good_.substr(0, length));
    EXPECT_EQ(problem.rfind("truncated at ", 0), 0u) << "length " << length << ": " << problem;
  }
  EXPECT_EQ(problem_with(good_.substr(0, 5)), "truncated at magic");
  EXPECT_EQ(problem_with(good_.substr(0, 10)), "truncated at version");
  EXPECT_EQ(problem_with(good_.substr(0, 14)), "truncated at header section length");
  EXPECT_EQ(problem_with(good_.substr(0, 20)), "truncated at parameter count");
  EXPECT_EQ(problem_with(good_.substr(0, 24)), "truncated at header section (file has 24 bytes, its header says 184)");
  EXPECT_EQ(problem_with(good_.substr(0, 130)), "truncated at weights (file has 130 bytes, its header says 184)");
  EXPECT_EQ(problem_with(good_.substr(0, 181)), "truncated at checksum (file has 181 bytes, its header says 184)");
}

TEST_F(BadModelFileTest, TrailingBytes) {
  EXPECT_EQ(problem_with(good_ + "xyz"), "3 trailing bytes after the checksum");
}

TEST_F(BadModelFileTest, AnyFlippedByteAfterTheSizesIsAChecksumMismatch) {
  // Header section, weights and the checksum itself: all covered by the CRC.
  for (std::size_t offset = 24; offset < good_.size(); ++offset) {
    std::string bytes = good_;
    bytes[offset] = static_cast<char>(bytes[offset] ^ 0x10);
    EXPECT_EQ(problem_with(bytes), "checksum mismatch: file is corrupt") << "offset " << offset;
  }
}

TEST_F(BadModelFileTest, AnyFlippedByteInTheFixedHeaderIsAnError) {
  for (std::size_t offset = 0; offset < 24; ++offset) {
    for (const int bit : {0x01, 0x80}) {
      std::string bytes = good_;
      bytes[offset] = static_cast<char>(bytes[offset] ^ bit);
      const std::string problem = problem_with(bytes);
      EXPECT_EQ(problem.find('<'), std::string::npos) << "offset " << offset << ": " << problem;
    }
  }
}

TEST_F(BadModelFileTest, HugeSizesInTheFixedHeaderFailBeforeAnyAllocation) {
  std::string bytes = good_;
  bytes.replace(16, 8, le64(std::uint64_t{1} << 40));
  EXPECT_EQ(problem_with(bytes), "parameter count 1099511627776 exceeds the limit of 500000000");
  bytes = good_;
  bytes.replace(12, 4, le32(0xFFFFFFFFu));
  EXPECT_EQ(problem_with(bytes), "header section length 4294967295 exceeds the limit of 16777216");
}

// The files below carry a valid checksum, so what fails is the check itself.
TEST_F(BadModelFileTest, HugeLayerCountWithAValidChecksum) {
  const std::string header = le32(1'000'000'000) + le32(2) + le32(3);
  EXPECT_EQ(problem_with(craft_file(header, 17, zero_weights(17))),
            "layer count 1000000000 exceeds the limit of 18 (16 hidden layers)");
  EXPECT_EQ(problem_with(craft_file(le32(1) + le32(5), 0, "")), "layer count 1 is too small (need inputs and outputs)");
}

TEST_F(BadModelFileTest, HugeOrZeroLayerWidthWithAValidChecksum) {
  std::string header = header_section();
  header.replace(8, 4, le32(2'000'000));
  EXPECT_EQ(problem_with(craft_file(header, 17, zero_weights(17))),
            "layer 1 width 2000000 exceeds the limit of 1000000");
  header.replace(8, 4, le32(0));
  EXPECT_EQ(problem_with(craft_file(header, 17, zero_weights(17))), "layer 1 has width 0");
}

TEST_F(BadModelFileTest, ParameterCountDisagreeingWithTheArchitecture) {
  EXPECT_EQ(problem_with(craft_file(header_section(), 18, zero_weights(18))),
            "architecture needs 17 parameters but the file holds 18");
}

TEST_F(BadModelFileTest, HugeStringLengthWithAValidChecksum) {
  const std::string header = le32(3) + le32(2) + le32(3) + le32(2) + le32(0xFFFFFFF0u) + "tanh";
  EXPECT_EQ(problem_with(craft_file(header, 17, zero_weights(17))),
            "activation claims 4294967280 bytes but only 4 remain inside the header section");
}

TEST_F(BadModelFileTest, HugeHyperparameterCountWithAValidChecksum) {
  std::string header = header_section();
  header.replace(header.size() - 4, 4, le32(0x7FFFFFFFu));
  EXPECT_EQ(problem_with(craft_file(header, 17, zero_weights(17))),
            "hyperparameter count 2147483647 does not fit in the 0 remaining bytes of the header section");
}

TEST_F(BadModelFileTest, HeaderSectionEndingEarlyOrLate) {
  const std::string header = header_section();
  EXPECT_EQ(problem_with(craft_file(header.substr(0, header.size() - 2), 17, zero_weights(17))),
            "truncated at hyperparameter count inside the header section");
  EXPECT_EQ(problem_with(craft_file(header + "??", 17, zero_weights(17))),
            "header section has 2 unused bytes at its end");
}

TEST_F(BadModelFileTest, UnknownActivation) {
  EXPECT_EQ(problem_with(craft_file(header_section("swish"), 17, zero_weights(17))),
            "unknown activation 'swish' (expected tanh, relu or sigmoid)");
}

TEST_F(BadModelFileTest, NegativeCount) {
  EXPECT_EQ(problem_with(craft_file(header_section("relu", -3), 17, zero_weights(17))),
            "train count is negative (-3)");
}

TEST_F(BadModelFileTest, NonFiniteWeights) {
  std::string weights = zero_weights(17);
  weights.replace(4 * 5, 4, f32(std::numeric_limits<float>::quiet_NaN()));
  EXPECT_EQ(problem_with(craft_file(header_section(), 17, weights)), "weights contain NaN (parameter 5 of 17)");
  weights = zero_weights(17);
  weights.replace(4 * 16, 4, f32(-std::numeric_limits<float>::infinity()));
  EXPECT_EQ(problem_with(craft_file(header_section(), 17, weights)),
            "weights contain infinity (parameter 16 of 17)");
}

TEST_F(BadModelFileTest, AFolderIsNotAModel) {
  EXPECT_EQ(load_error(folder_.string()), folder_.string() + ": is a folder, not a file");
}

}  // namespace
}  // namespace digitpad
