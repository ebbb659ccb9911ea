// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli export: writes a model in a format other tools read (ONNX).

#include "commands.h"
#include "app/shared/default_model.h"
#include "model_lookup.h"
#include "core/interop/onnx_export.h"
#include "option_checks.h"

#include "core/nn/architecture.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace digitpad::cli {
namespace {

struct ExportOptions {
  std::string onnx;
  std::optional<std::string> model;
};

int run_export(const ExportOptions& options) {
  const std::string model_path = options.model ? *options.model : find_default_model();
  const Model model = load_digit_model(model_path);
  export_onnx(options.onnx, model.network, model.info);
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(options.onnx, ec);
  std::printf("%s\tONNX opset %d\t%llu bytes\t%s\n", options.onnx.c_str(), kOnnxOpset,
              static_cast<unsigned long long>(ec ? 0 : bytes),
              architecture_text(model.network.architecture()).c_str());
  return kExitOk;
}

}  // namespace

CommandRun configure_export(CLI::App& command) {
  auto options = std::make_shared<ExportOptions>();
  command.footer(
      "Writes the model as an ONNX file (opset 13) for ONNX Runtime, OpenCV's dnn module,\n"
      "Netron and the like. Input \"input\": float32 1x1x28x28, one digit as MNIST shows it\n"
      "(values 0..1, ink high, after DigitPad's preprocessing: `predict --dump-input` shows\n"
      "it). Output \"probabilities\": float32 1x10, softmax applied. The file is checked with\n"
      "ONNX's checker and replaced atomically.");
  // --onnx names the format: the one export format so far.
  command.add_option("--onnx", options->onnx, "where to write the ONNX model")
      ->type_name("OUT.onnx")
      ->required()
      ->check(not_empty());
  command.add_option("--model", options->model, "the model (default: the shipped default model)")
      ->type_name("FILE")
      ->check(not_empty());
  return [options] { return run_export(*options); };
}

}  // namespace digitpad::cli
