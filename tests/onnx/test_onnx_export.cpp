// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX export: the graph each layer kind becomes, the file written atomically,
// `digitpad-cli export`, and the round trip through other tools. The round
// trip runs tests/onnx/run_onnx.py (python3-onnx's checker and OpenCV's dnn
// module) on 200 real digits and compares with DigitPad's own probabilities:
// at most 1e-4 apart and the same digit read, for the shipped model and a small
// trained network of every layer kind and activation.
//
// Digits: real MNIST t10k from DIGITPAD_MNIST_DIR (../shared), else the default
// digits that set-up converts into ~/.cache/digitpad/opencv-digits (5,000 MNIST
// digits from Debian's opencv-doc); the test skips only when neither is there.

#include "core/interop/onnx_export.h"
#include "test_paths.h"

#include "core/data/dataset.h"
#include "core/data/mnist_folder.h"
#include "core/data/training_data.h"
#include "core/io/model_file.h"
#include "core/nn/layer_spec.h"
#include "core/nn/network.h"
#include "core/nn/trainer.h"
#include "core/util/error.h"

#include <onnx/onnx_pb.h>

#include "cli_run.h"
#include "network_helpers.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

constexpr int kCheckedDigits = 200;
constexpr double kTolerance = 1e-4;

struct RunResult {
  int status = -1;
  std::string out;
};

using test::read_text;

void write_floats(const fs::path& path, const Eigen::MatrixXf& columns) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(columns.data()), static_cast<std::streamsize>(columns.size() * 4));
}

// `command` through the shell, stdout and stderr into one string.
RunResult run_shell(const std::string& command, const fs::path& scratch) {
  const fs::path out = scratch / "output.txt";
  const int raw = std::system((command + " >'" + out.string() + "' 2>&1 </dev/null").c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_text(out)};
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// The number after "key": in run_onnx.py's one JSON line.
std::optional<double> json_number(const std::string& json, const std::string& key) {
  std::smatch match;
  if (!std::regex_search(json, match, std::regex("\"" + key + "\": (-?[0-9.eE+-]+)"))) return std::nullopt;
  return std::stod(match[1].str());
}

struct RealDigits {
  Dataset data;
  std::string source;
};

// MNIST t10k, else the default digits from the user's cache (see the top).
std::optional<RealDigits> load_real_digits() {
  for (const std::string& dir : {std::string(DIGITPAD_MNIST_DIR), default_digits_folder()}) {
    try {
      Dataset data = load_mnist_folder(dir).train;  // t10k when that is the folder's only pair
      if (data.images.cols() >= 3000) return RealDigits{std::move(data), dir};
    } catch (const Error&) {
      // absent or unreadable: try the next
    }
  }
  return std::nullopt;
}

// The networks every layer kind and activation make, trained briefly so their
// weights are a trained network's rather than the initial draw.
struct NetworkCase {
  const char* name;
  const char* layers;
  Activation activation;
};

const NetworkCase kNetworks[] = {
    {"softmax-regression", "none", Activation::Tanh},
    {"dense-tanh", "dense32,dense16", Activation::Tanh},
    {"dense-relu-dropout", "dense48,drop0.3,dense24", Activation::Relu},
    {"dense-sigmoid", "dense24", Activation::Sigmoid},
    {"conv-relu", "conv4@3,pool2,conv8@5,pool2,dense32", Activation::Relu},
    {"conv-tanh-pool3-dropout", "conv3@5,pool3,drop0.2,dense16", Activation::Tanh},
    {"conv-sigmoid", "conv4@5,pool2", Activation::Sigmoid},
    {"conv1x1-relu", "conv4@1,pool2", Activation::Relu},
    {"conv-dense-batch-norm", "conv4@3,bn,pool2,dense16,bn", Activation::Relu},
    // A convolution after a dense layer sees a 1x1 map: only 1x1 kernels here,
    // as the core's im2col does not yet handle a map smaller than the kernel.
    {"conv-after-dense", "dense16,conv4@1", Activation::Relu},
};

class OnnxExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { digits_ = new std::optional<RealDigits>(load_real_digits()); }
  static void TearDownTestSuite() {
    delete digits_;
    digits_ = nullptr;
  }

  static Network trained(const NetworkCase& which, const Dataset& train_set) {
    Architecture architecture;
    architecture.layers = parse_layer_list(which.layers);
    architecture.activation = which.activation;
    Network network(architecture, 0.0f, 17);
    TrainingSettings settings = test::adam_settings(0.01f, 64);
    settings.iterations = 60;
    train(network, train_set, Dataset{}, settings);
    return network;
  }

  // Exported `onnx` against DigitPad's probabilities from `network` on the
  // first 200 real digits, through run_onnx.py. Returns the largest
  // difference, or nothing when the test was skipped.
  std::optional<double> round_trip(const fs::path& onnx, const Network& network, const std::string& name) {
    const Eigen::MatrixXf digits = (*digits_)->data.images.leftCols(kCheckedDigits);
    const Eigen::MatrixXf probabilities = network.probabilities(digits);
    write_floats(dir_ / "digits.f32", digits);
    write_floats(dir_ / "expected.f32", probabilities);
    const RunResult result = run_shell(quoted(DIGITPAD_TEST_PYTHON) + " " + quoted(DIGITPAD_RUN_ONNX_SCRIPT) + " " +
                                           quoted(onnx.string()) + " " + quoted((dir_ / "digits.f32").string()) +
                                           " " + quoted((dir_ / "expected.f32").string()),
                                       dir_);
    if (result.status == 3) {
      skipped_ = "python3-onnx / python3-opencv not installed for " DIGITPAD_TEST_PYTHON
                 " (scripts/test.sh installs them): " +
                 result.out;
      return std::nullopt;
    }
    EXPECT_EQ(result.status, 0) << name << ": run_onnx.py failed:\n" << result.out;
    if (result.status != 0) return std::nullopt;
    const std::optional<double> difference = json_number(result.out, "max_abs_diff");
    EXPECT_TRUE(difference) << result.out;
    EXPECT_EQ(json_number(result.out, "count"), kCheckedDigits) << result.out;
    EXPECT_EQ(json_number(result.out, "mismatched"), 0) << name << ": predicted digits differ\n" << result.out;
    EXPECT_EQ(json_number(result.out, "opset"), kOnnxOpset) << result.out;
    EXPECT_LE(difference.value_or(1), kTolerance) << name << "\n" << result.out;
    // The figure for the closing note, in ctest's output.
    std::printf("[ onnx     ] %-24s max |OpenCV - DigitPad| = %.2g on %d digits (%d read right) from %s\n",
                name.c_str(), difference.value_or(-1), kCheckedDigits,
                count_correct(probabilities, (*digits_)->data.labels.data()), (*digits_)->source.c_str());
    return difference;
  }

  static std::optional<RealDigits>* digits_;
  test::TempFolder scratch_{"digitpad-onnx-test"};
  const fs::path dir_ = scratch_.path();
  std::string skipped_;
};

std::optional<RealDigits>* OnnxExportTest::digits_ = nullptr;

onnx::ModelProto parsed(const std::string& bytes) {
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(bytes));
  return model;
}

std::vector<std::string> op_types(const onnx::ModelProto& model) {
  std::vector<std::string> ops;
  for (const onnx::NodeProto& node : model.graph().node()) ops.push_back(node.op_type());
  return ops;
}

std::vector<std::int64_t> dims_of(const onnx::ValueInfoProto& value) {
  std::vector<std::int64_t> dims;
  for (const auto& dim : value.type().tensor_type().shape().dim()) dims.push_back(dim.dim_value());
  return dims;
}

const onnx::TensorProto& initializer(const onnx::ModelProto& model, const std::string& name) {
  for (const onnx::TensorProto& tensor : model.graph().initializer())
    if (tensor.name() == name) return tensor;
  ADD_FAILURE() << "no initializer " << name;
  return model.graph().initializer(0);
}

Network random_network(const std::string& layers, Activation activation) {
  Architecture architecture;
  architecture.layers = parse_layer_list(layers);
  architecture.activation = activation;
  return Network(architecture, 0.0f, 5);
}

TEST_F(OnnxExportTest, DigitInputAndProbabilityOutput) {
  const onnx::ModelProto model = parsed(onnx_model_bytes(random_network("dense8", Activation::Tanh), {}));
  EXPECT_EQ(model.opset_import(0).version(), kOnnxOpset);
  EXPECT_EQ(model.opset_import(0).domain(), "");
  EXPECT_EQ(model.producer_name(), "DigitPad");
  ASSERT_EQ(model.graph().input_size(), 1);  // weights are initializers, not inputs
  EXPECT_EQ(model.graph().input(0).name(), kOnnxInputName);
  EXPECT_EQ(model.graph().input(0).type().tensor_type().elem_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(dims_of(model.graph().input(0)), (std::vector<std::int64_t>{1, 1, 28, 28}));
  ASSERT_EQ(model.graph().output_size(), 1);
  EXPECT_EQ(model.graph().output(0).name(), kOnnxOutputName);
  EXPECT_EQ(dims_of(model.graph().output(0)), (std::vector<std::int64_t>{1, 10}));
  EXPECT_EQ(op_types(model), (std::vector<std::string>{"Flatten", "Gemm", "Tanh", "Gemm", "Softmax"}));
}

TEST_F(OnnxExportTest, EveryLayerKindBecomesItsOperator) {
  const onnx::ModelProto convnet =
      parsed(onnx_model_bytes(random_network("conv4@5,pool2,drop0.25,dense12", Activation::Relu), {}));
  EXPECT_EQ(op_types(convnet),
            (std::vector<std::string>{"Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Softmax"}));
  const onnx::NodeProto& conv = convnet.graph().node(0);
  for (const onnx::AttributeProto& attribute : conv.attribute()) {
    if (attribute.name() == "pads") {
      EXPECT_EQ(std::vector<std::int64_t>(attribute.ints().begin(), attribute.ints().end()),
                (std::vector<std::int64_t>{2, 2, 2, 2}));
    }
    if (attribute.name() == "kernel_shape") {
      EXPECT_EQ(attribute.ints(0), 5);
    }
  }
  const onnx::NodeProto& pool = convnet.graph().node(2);
  ASSERT_EQ(pool.attribute_size(), 2);
  EXPECT_EQ(pool.attribute(0).name(), "kernel_shape");
  EXPECT_EQ(pool.attribute(1).name(), "strides");
  EXPECT_EQ(pool.attribute(1).ints(0), 2);

  EXPECT_EQ(op_types(parsed(onnx_model_bytes(random_network("dense16,conv2@1", Activation::Sigmoid), {}))),
            (std::vector<std::string>{"Flatten", "Gemm", "Sigmoid", "Reshape", "Conv", "Sigmoid", "Flatten", "Gemm",
                                      "Softmax"}));
  EXPECT_EQ(op_types(parsed(onnx_model_bytes(random_network("none", Activation::Tanh), {}))),
            (std::vector<std::string>{"Flatten", "Gemm", "Softmax"}));
  // Batch normalisation on maps and on vectors, its running statistics as inputs.
  const onnx::ModelProto normalised =
      parsed(onnx_model_bytes(random_network("conv2@3,bn,dense4,bn", Activation::Relu), {}));
  EXPECT_EQ(op_types(normalised), (std::vector<std::string>{"Conv", "Relu", "BatchNormalization", "Flatten", "Gemm",
                                                            "Relu", "BatchNormalization", "Gemm", "Softmax"}));
  EXPECT_EQ(normalised.graph().node(2).input(3), "layer2.running_mean");
  EXPECT_EQ(normalised.graph().node(2).input(4), "layer2.running_var");
}

TEST_F(OnnxExportTest, WeightsAreCopiedBitForBit) {
  const Network network = random_network("conv3@3,pool2,dense5", Activation::Tanh);
  const onnx::ModelProto model = parsed(onnx_model_bytes(network, {}));
  // Convolution: OIHW, exactly the layout of the flat buffer.
  const onnx::TensorProto& conv = initializer(model, "layer1.weight");
  EXPECT_EQ(std::vector<std::int64_t>(conv.dims().begin(), conv.dims().end()),
            (std::vector<std::int64_t>{3, 1, 3, 3}));
  ASSERT_EQ(conv.raw_data().size(), 27 * sizeof(float));
  EXPECT_EQ(conv.raw_data(),
            std::string(reinterpret_cast<const char*>(network.weights(0).data()), 27 * sizeof(float)));
  // Dense: [units, inputs] row-major, so element (u, i) is weights(u, i).
  const onnx::TensorProto& dense = initializer(model, "layer3.weight");
  ASSERT_EQ(std::vector<std::int64_t>(dense.dims().begin(), dense.dims().end()),
            (std::vector<std::int64_t>{5, 3 * 14 * 14}));
  const auto* values = reinterpret_cast<const float*>(dense.raw_data().data());
  for (int u = 0; u < 5; ++u)
    for (int i = 0; i < 3 * 14 * 14; i += 37) EXPECT_EQ(values[u * 3 * 14 * 14 + i], network.weights(2)(u, i));
  const onnx::TensorProto& bias = initializer(model, "output.bias");
  EXPECT_EQ(bias.dims(0), 10);
}

TEST_F(OnnxExportTest, ModelInfoGoesIntoTheMetadata) {
  ModelInfo info;
  info.name = "digits";
  info.dataset = "opencv-digits (5000)";
  info.test_count = 1000;
  info.test_accuracy = 0.975f;
  const onnx::ModelProto model = parsed(onnx_model_bytes(random_network("dense8", Activation::Relu), info));
  std::map<std::string, std::string> metadata;
  for (const auto& entry : model.metadata_props()) metadata[entry.key()] = entry.value();
  EXPECT_EQ(metadata["name"], "digits");
  EXPECT_EQ(metadata["dataset"], "opencv-digits (5000)");
  EXPECT_EQ(metadata["test_accuracy"].substr(0, 5), "0.975");
  EXPECT_NE(model.doc_string().find("784 → 8 relu → 10 softmax"), std::string::npos) << model.doc_string();
}

TEST_F(OnnxExportTest, WritesAtomicallyAndNamesTheFileOnFailure) {
  const Network network = random_network("dense8", Activation::Tanh);
  const fs::path path = dir_ / "model.onnx";
  {
    std::ofstream old(path);
    old << "an older export";
  }
  export_onnx(path.string(), network, {});
  EXPECT_EQ(read_text(path), onnx_model_bytes(network, {}));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);  // no temporary left

  const std::string missing = (dir_ / "no-such-folder" / "model.onnx").string();
  try {
    export_onnx(missing, network, {});
    FAIL() << "exported into a missing folder";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find(missing), std::string::npos) << error.what();
  }
}

TEST_F(OnnxExportTest, EveryLayerKindAgreesWithOpenCv) {
  if (!*digits_) GTEST_SKIP() << "no real digits: neither " DIGITPAD_MNIST_DIR " nor " << default_digits_folder();
  const Dataset& all = (*digits_)->data;
  std::vector<int> training_indices;
  for (int i = 1000; i < 3000; ++i) training_indices.push_back(i);  // apart from the 200 checked
  const Dataset train_set = subset(all, training_indices);
  for (const NetworkCase& which : kNetworks) {
    SCOPED_TRACE(which.name);
    const Network network = trained(which, train_set);
    const fs::path path = dir_ / (std::string(which.name) + ".onnx");
    export_onnx(path.string(), network, {});
    round_trip(path, network, which.name);
    if (!skipped_.empty()) GTEST_SKIP() << skipped_;
  }
}

TEST_F(OnnxExportTest, CliExportsTheShippedModel) {
  const std::string shipped = std::string(DIGITPAD_SOURCE_DIR) + "/models/default.dpm";
  if (!fs::exists(shipped)) GTEST_SKIP() << "no shipped model at " << shipped;
  const fs::path path = dir_ / "default.onnx";
  const RunResult result =
      run_shell(test::cli_command({"export", "--onnx", path.string(), "--model", shipped}), dir_);
  ASSERT_EQ(result.status, 0) << result.out;
  EXPECT_NE(result.out.find("ONNX opset 13"), std::string::npos) << result.out;
  // Without --model: the shipped model again, found as predict finds it.
  const RunResult by_default =
      run_shell(test::cli_command({"export", "--onnx", (dir_ / "found.onnx").string()}), dir_);
  ASSERT_EQ(by_default.status, 0) << by_default.out;
  EXPECT_EQ(read_text(dir_ / "found.onnx"), read_text(path));

  if (!*digits_) GTEST_SKIP() << "no real digits: neither " DIGITPAD_MNIST_DIR " nor " << default_digits_folder();
  round_trip(path, load_model(shipped).network, "shipped default.dpm");
  if (!skipped_.empty()) GTEST_SKIP() << skipped_;
}

TEST_F(OnnxExportTest, CliReportsMistakes) {
  const std::string cli = test::cli_command({});
  RunResult result = run_shell(cli + " export", dir_);
  EXPECT_EQ(result.status, 2) << result.out;
  EXPECT_NE(result.out.find("--onnx"), std::string::npos) << result.out;

  result = run_shell(cli + " export --onnx a.onnx stray", dir_);
  EXPECT_EQ(result.status, 2) << result.out;

  const fs::path bad = dir_ / "bad.dpm";
  {
    std::ofstream out(bad);
    out << "not a model";
  }
  const fs::path out = dir_ / "out.onnx";
  result = run_shell(cli + " export --onnx " + quoted(out.string()) + " --model " + quoted(bad.string()), dir_);
  EXPECT_EQ(result.status, 1) << result.out;
  EXPECT_NE(result.out.find(bad.string()), std::string::npos) << result.out;
  EXPECT_FALSE(fs::exists(out));

  result = run_shell(cli + " export --help", dir_);
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("1x1x28x28"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace digitpad
