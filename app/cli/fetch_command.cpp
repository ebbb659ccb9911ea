// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli fetch mnist: downloads the four MNIST files (checked against
// their published checksums) into ~/.cache/digitpad/mnist or --to DIR.
//
#include "commands.h"
#include "option_checks.h"
#include "usage_error.h"
#include "interrupt_flag.h"
#include "progress_bar.h"

#include "ui/headless/download/mnist_download.h"
#include "core/util/error.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

struct FetchOptions {
  std::string what;
  std::optional<std::string> to;
  bool quiet = false;
};

// "4.2 MB", "812 kB", "930 B".
std::string size_text(double bytes) {
  char text[32];
  if (bytes >= 1e6)
    std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
  else if (bytes >= 1e3)
    std::snprintf(text, sizeof text, "%.0f kB", bytes / 1e3);
  else
    std::snprintf(text, sizeof text, "%.0f B", bytes);
  return text;
}

// "[####......] 4.2 MB / 11.6 MB  1.3 MB/s  ETA 0:05  train-images-idx3-ubyte.gz"
std::string progress_line(qint64 done, qint64 total, double bytes_per_second, double seconds_left,
                          const QString& file) {
  std::string line = ProgressBar::bar(total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0);
  line += " ";
  line += size_text(static_cast<double>(done));
  if (total >= 0) {
    line += " / ";
    line += size_text(static_cast<double>(total));
  }
  if (bytes_per_second > 0) {
    line += "  ";
    line += size_text(bytes_per_second);
    line += "/s";
  }
  if (seconds_left >= 0) {
    line += "  ETA ";
    line += format_duration(seconds_left);
  }
  if (!file.isEmpty()) {
    line += "  ";
    line += file.toStdString();
  }
  return line;
}

int fetch_mnist(const std::filesystem::path& destination, bool quiet) {
  // The only command with an event loop: Qt's network replies need one.
  int argc = 1;
  char name[] = "digitpad-cli";
  char* argv[] = {name, nullptr};
  std::unique_ptr<QCoreApplication> application;
  if (QCoreApplication::instance() == nullptr) application = std::make_unique<QCoreApplication>(argc, argv);

  MnistDownload download(QString::fromStdString(destination.string()));
  ProgressBar bar(ProgressBar::style_for(stderr, quiet));
  QEventLoop loop;
  QString message;
  QObject::connect(&download, &MnistDownload::progress,
                   [&](qint64 done, qint64 total, double rate, double left, const QString& file) {
                     const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0;
                     bar.show(progress_line(done, total, rate, left, file), fraction, total >= 0 && done >= total);
                   });
  QObject::connect(&download, &MnistDownload::finished, [&](bool, const QString& text) {
    message = text;
    loop.quit();
  });

  // A signal handler may only raise a flag; the event loop polls it.
  const InterruptFlag interrupt;
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, [&] {
    if (interrupt.raised()) download.cancel();
  });
  poll.start(50);

  download.start();
  loop.exec();
  bar.finish();

  switch (download.result()) {
    case MnistDownload::Result::Succeeded: break;
    case MnistDownload::Result::Cancelled:
      std::fprintf(stderr, "digitpad-cli: fetch: stopped; run it again to continue where it stopped\n");
      return kExitInterrupted;
    default: throw Error(message.toStdString());
  }
  const std::string folder = download.folder().toStdString();
  std::printf("MNIST is in %s\n", folder.c_str());
  std::printf("Train on it with: digitpad-cli train --data %s --preset recommended --out mnist.dpm\n",
              folder.c_str());
  return kExitOk;
}

}  // namespace

CommandRun configure_fetch(CLI::App& command) {
  auto options = std::make_shared<FetchOptions>();
  command.footer(
      "Downloads MNIST (60,000 training and 10,000 test digits, 11 MB) from the first mirror\n"
      "that has each file, checks each file's SHA-256 against the published one, and keeps\n"
      "it in DIR (default: " +
      MnistDownload::cachedFolder().toStdString() +
      ").\n"
      "Ctrl+C stops (exit 130); run it again to continue where it stopped. Files already\n"
      "there and intact are not fetched again.");
  command.add_option("DATASET", options->what, "what to fetch: mnist")->required()->check(CLI::IsMember({"mnist"}));
  command.add_option("--to", options->to, "the folder to fill (created if missing)")
      ->type_name("DIR")
      ->check(not_empty());
  command.add_flag("--quiet", options->quiet, "no progress on stderr");
  return [options] {
    return fetch_mnist(options->to.value_or(MnistDownload::cachedFolder().toStdString()), options->quiet);
  };
}

}  // namespace digitpad::cli
