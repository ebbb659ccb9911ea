// digitpad-cli export: writes a model in a format other tools read (ONNX).

#include "arguments.h"
#include "commands.h"
#include "default_model.h"
#include "model_lookup.h"
#include "interop/onnx_export.h"

#include "nn/architecture.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

const std::vector<FlagSpec> kExportFlags = {
    {"onnx"}, {"model"}, {"help", false},
};

constexpr const char* kUsage =
    "Usage: digitpad-cli export --onnx OUT.onnx [--model FILE]\n\n"
    "Writes the model as an ONNX file (opset 13) for ONNX Runtime, OpenCV's dnn module,\n"
    "Netron and the like. Input \"input\": float32 1x1x28x28, one digit as MNIST shows it\n"
    "(values 0..1, ink high, after DigitPad's preprocessing: `predict --dump-input` shows\n"
    "it). Output \"probabilities\": float32 1x10, softmax applied. The file is checked with\n"
    "ONNX's checker and replaced atomically.\n\n"
    "  --onnx FILE   where to write the ONNX model\n"
    "  --model FILE  the model (default: the shipped default model)\n";

}  // namespace

int run_export(std::span<const std::string> raw_args) {
  const Arguments args = Arguments::parse(raw_args, kExportFlags);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals().front() + "'");
  const std::string out = args.text_or("onnx", "");
  if (out.empty()) throw UsageError("give --onnx OUT.onnx (the one export format so far)");

  const std::string model_path = args.has("model") ? *args.text("model") : find_default_model();
  const Model model = load_digit_model(model_path);
  export_onnx(out, model.network, model.info);
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(out, ec);
  std::printf("%s\tONNX opset %d\t%llu bytes\t%s\n", out.c_str(), kOnnxOpset,
              static_cast<unsigned long long>(ec ? 0 : bytes), architecture_text(model.network.architecture()).c_str());
  return kExitOk;
}

}  // namespace digitpad::cli
