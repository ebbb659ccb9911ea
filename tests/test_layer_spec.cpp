// SPDX-License-Identifier: GPL-3.0-or-later
// The layer-list syntax, the shape rules of an architecture, and the
// learning-rate schedules.
#include "core/nn/architecture.h"
#include "core/nn/layer_spec.h"
#include "core/nn/limits.h"
#include "core/nn/schedule.h"
#include "core/util/error.h"

#include <gtest/gtest.h>

#include <string>

namespace digitpad {
namespace {

std::string parse_problem(const std::string& text) {
  try {
    parse_layer_list(text);
  } catch (const Error& error) {
    return error.what();
  }
  return "(parsed)";
}

std::string shape_problem(const std::string& layers) {
  Architecture architecture;
  architecture.layers = parse_layer_list(layers);
  try {
    architecture.validate();
  } catch (const Error& error) {
    return error.what();
  }
  return "(valid)";
}

TEST(LayerSpec, ParsesEveryKindAndWritesItBackTheSame) {
  const std::string text = "conv32@5,pool2,conv64@5,pool2,drop0.3,dense128";
  const std::vector<LayerSpec> layers = parse_layer_list(text);
  EXPECT_EQ(layers,
            (std::vector<LayerSpec>{LayerSpec::conv(32, 5), LayerSpec::max_pool(2), LayerSpec::conv(64, 5),
                                    LayerSpec::max_pool(2), LayerSpec::dropout(0.3f), LayerSpec::dense(128)}));
  EXPECT_EQ(layer_list_text(layers), text);
  EXPECT_EQ(parse_layer_list(" dense500 , dense300 "), dense_layers({500, 300}));
  EXPECT_TRUE(parse_layer_list("none").empty());
  // Only "none" means no hidden layer: an empty list is an error, not softmax regression.
  EXPECT_EQ(parse_problem(""),
            "the layer list is empty: write 'none' for no hidden layer, or layers such as dense128");
  EXPECT_EQ(parse_problem("  "),
            "the layer list is empty: write 'none' for no hidden layer, or layers such as dense128");
  EXPECT_EQ(layer_list_text({}), "none");
}

TEST(LayerSpec, EveryMistakeIsOneLineNamingTheLayer) {
  EXPECT_EQ(parse_problem("dense100,conv32"), "layer 2 'conv32': write a convolution as convF@K, e.g. conv32@5");
  EXPECT_EQ(parse_problem("conv32@4"), "layer 1 'conv32@4': the kernel size must be odd (1, 3, 5, ...)");
  EXPECT_EQ(parse_problem("conv0@5"), "layer 1 'conv0@5': the filter count must be 1 to 1024");
  EXPECT_EQ(parse_problem("conv32@17"), "layer 1 'conv32@17': the kernel size must be 1 to 15");
  EXPECT_EQ(parse_problem("dense0"), "layer 1 'dense0': the unit count must be 1 to 100000");
  EXPECT_EQ(parse_problem("dense99999999999999"),
            "layer 1 'dense99999999999999': the unit count must be a whole number");
  EXPECT_EQ(parse_problem("dense-5"), "layer 1 'dense-5': the unit count must be 1 to 100000");
  EXPECT_EQ(parse_problem("dense12x"), "layer 1 'dense12x': the unit count must be a whole number");
  EXPECT_EQ(parse_problem("pool0"), "layer 1 'pool0': the pooling size must be 1 to 28");
  EXPECT_EQ(parse_problem("drop1.5"), "layer 1 'drop1.5': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(parse_problem("dropnan"), "layer 1 'dropnan': the dropout rate must be a number, e.g. drop0.3");
  EXPECT_EQ(parse_problem("dense10,,dense10"), "layer 2 '': empty (two commas in a row?)");
  // The message lists every kind in the table (which grows), then an example.
  const std::string unknown = parse_problem("lstm64");
  EXPECT_TRUE(unknown.starts_with("layer 1 'lstm64': unknown layer (use denseN, convF@K, poolP")) << unknown;
  EXPECT_NE(unknown.find("dropR"), std::string::npos) << unknown;
  EXPECT_TRUE(unknown.ends_with(", e.g. conv32@5,pool2,dense128)")) << unknown;
  std::string seventeen = "dense1";
  for (int i = 0; i < limits::kMaxHiddenLayers; ++i) seventeen += ",dense1";
  EXPECT_EQ(parse_problem(seventeen), "more than 16 hidden layers");
}

TEST(Architecture, ShapesFlowThroughTheLayers) {
  Architecture a;
  a.layers = parse_layer_list("conv32@5,pool2,conv64@5,pool2,dense128");
  a.activation = Activation::Relu;
  const std::vector<PlannedLayer> planned = plan_layers(a);
  ASSERT_EQ(planned.size(), 6u);
  EXPECT_EQ(planned[0].output, (Shape{32, 28, 28}));
  EXPECT_EQ(planned[1].output, (Shape{32, 14, 14}));
  EXPECT_EQ(planned[2].output, (Shape{64, 14, 14}));
  EXPECT_EQ(planned[3].output, (Shape{64, 7, 7}));
  EXPECT_EQ(planned[4].output, Shape::flat(128));
  EXPECT_TRUE(planned[5].is_output);
  // The Keras/PyTorch example net's parameter count.
  EXPECT_EQ(a.parameter_count(), (25 + 1) * 32 + (32 * 25 + 1) * 64 + (3136 + 1) * 128 + (128 + 1) * 10);
  EXPECT_EQ(architecture_text(a),
            "1x28x28 → conv32@5 relu → pool2 → conv64@5 relu → pool2 → dense128 relu → 10 softmax");
  EXPECT_EQ(architecture_text(Architecture::mlp(784, {1000}, 10, Activation::Tanh)), "784 → 1000 tanh → 10 softmax");
}

TEST(Architecture, ALayerListThatDoesNotFitIsRejectedNamingTheLayer) {
  EXPECT_EQ(shape_problem("pool2,pool2,pool2,pool2,pool2"),
            "layer 5 'pool2': cannot pool a 1x1 map by 2 (it is a single value per channel)");
  EXPECT_EQ(shape_problem("pool2,pool2,pool2,pool4"), "layer 4 'pool4': cannot pool a 3x3 map by 4");
  EXPECT_EQ(shape_problem("dense100,pool2"),
            "layer 2 'pool2': cannot pool a 1x1 map by 2 (it is a single value per channel)");
  EXPECT_EQ(shape_problem("conv1024@15,dense100000"),
            "the network would have over 50000000 parameters (reached at layer 2 'dense100000'): 80282931434 in all, "
            "299.1 GB of weights and about 1.5 TB to train with Adam");
  EXPECT_EQ(shape_problem("conv32@5,pool2,dense128"), "(valid)");

  Architecture wide;
  wide.input = Shape{1, 64, 64};
  wide.layers = parse_layer_list("conv8@3,conv1024@3");
  try {
    wide.validate();
    ADD_FAILURE() << "a layer of 4M values per digit was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "layer 2 'conv1024@3': would produce 4194304 values per digit (at most 1048576)");
  }
  Architecture zero;
  zero.input = Shape{0, 28, 28};
  EXPECT_THROW(zero.validate(), Error);
  Architecture no_outputs;
  no_outputs.outputs = 0;
  EXPECT_THROW(no_outputs.validate(), Error);
}

TEST(Schedule, OneCycleWarmsUpThenAnnealsAsPyTorchDoes) {
  const long long total = 1001;
  EXPECT_FLOAT_EQ(schedule_factor(Schedule::OneCycle, 0, total), 1.0f / 25.0f);
  EXPECT_FLOAT_EQ(schedule_factor(Schedule::OneCycle, 300, total), 1.0f);  // the peak, at 30%
  EXPECT_NEAR(schedule_factor(Schedule::OneCycle, 1000, total), 1.0f / 25.0f / 1e4f, 1e-9f);
  EXPECT_LT(schedule_factor(Schedule::OneCycle, 150, total), 1.0f);
  EXPECT_GT(schedule_factor(Schedule::OneCycle, 150, total), 0.5f);
  EXPECT_FLOAT_EQ(schedule_factor(Schedule::Cosine, 0, total), 1.0f);
  EXPECT_NEAR(schedule_factor(Schedule::Cosine, 500, total), 0.5f, 1e-6f);
  EXPECT_NEAR(schedule_factor(Schedule::Cosine, 1000, total), 0.0f, 1e-7f);
  EXPECT_EQ(schedule_factor(Schedule::Constant, 500, total), 1.0f);
  EXPECT_EQ(parse_schedule("onecycle"), Schedule::OneCycle);
  EXPECT_EQ(parse_schedule("sometimes"), std::nullopt);
}

}  // namespace
}  // namespace digitpad
