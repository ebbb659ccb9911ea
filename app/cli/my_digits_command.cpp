// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli my-digits: the user's taught digits (the app's "My digits"
// folder) from the command line: add image files as digits, list them with
// their content hashes, remove them by hash. The same code as the app's
// windows (ui/headless/store/my_digits_changes.h), under the same lock, so a
// script and open windows may change the folder at once and lose nothing.

#include "commands.h"
#include "option_checks.h"
#include "usage_error.h"

#include "core/data/my_digit_hash.h"
#include "ui/headless/images/digit_image.h"
#include "ui/headless/store/my_digits_changes.h"
#include "core/util/error.h"
#include "core/util/printable.h"

#include <QCoreApplication>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

struct MyDigitsOptions {
  std::optional<std::string> folder;
  int digit = 0;
  std::vector<std::string> images, hashes;
};

// The app's folder: AppDataLocation depends on the names the app gives
// itself (app/gui/main.cpp), which the CLI must give too, before asking.
std::string app_folder() {
  QCoreApplication::setOrganizationName(QStringLiteral("DigitPad"));
  QCoreApplication::setApplicationName(QStringLiteral("digitpad"));
  return default_my_digits_folder().toStdString();
}

std::string folder_of(const MyDigitsOptions& options) { return options.folder.value_or(app_folder()); }

// A damaged pair was recovered on the way: said on stderr, as the app says it
// in a dialog; the command itself went on.
void report_recovery(const std::string& folder, const MyDigitsChange& change) {
  if (!change.recovery) return;
  std::fflush(stdout);
  std::fprintf(stderr, "digitpad-cli: %s: %s; %d digits recovered, the files as they were are in %s\n",
               folder.c_str(), one_line(change.recovery->problem).c_str(), change.recovery->recovered,
               change.recovery->damaged_folder.c_str());
}

// Every image read and preprocessed before anything is written: one bad file
// (unreadable, no ink) and nothing is added, so a script can fix it and run
// the same command again without adding the others twice.
int run_add(const MyDigitsOptions& options) {
  const std::string folder = folder_of(options);
  Dataset more;
  more.images.resize(kImagePixels, static_cast<Eigen::Index>(options.images.size()));
  for (std::size_t i = 0; i < options.images.size(); ++i) {
    const std::string& path = options.images[i];
    // The rule predict and --image-folder follow: 28x28 is MNIST's form, taken
    // pixel for pixel (an exported digit comes back as itself, same hash);
    // any other size is a drawing, preprocessed as the canvas's drawings are.
    const std::optional<Eigen::VectorXf> input = input_from_image_file(read_image_file(path));
    if (!input) throw Error(path + ": no ink, so no digit to add; nothing added");
    more.images.col(static_cast<Eigen::Index>(i)) = *input;
    more.labels.push_back(static_cast<std::uint8_t>(options.digit));
  }
  const MyDigitsChange change = add_my_digits(folder, more, Want::CountOnly);
  report_recovery(folder, change);
  for (std::size_t i = 0; i < options.images.size(); ++i)
    std::printf("%s\t%s\n", my_digit_hash(more.images.col(static_cast<Eigen::Index>(i)), more.labels[i]).c_str(),
                options.images[i].c_str());
  std::printf("added %d digits (%d in %s)\n", more.count(), change.count, folder.c_str());
  return kExitOk;
}

int run_list(const MyDigitsOptions& options) {
  const std::string folder = folder_of(options);
  const MyDigitsChange change = read_my_digits_locked(folder);
  report_recovery(folder, change);
  const std::vector<std::string> hashes = my_digit_hashes(change.digits);
  for (int i = 0; i < change.digits.count(); ++i)
    std::printf("%d\t%d\t%s\n", i, change.digits.labels[static_cast<std::size_t>(i)],
                hashes[static_cast<std::size_t>(i)].c_str());
  std::printf("%d digits\n", change.digits.count());
  return kExitOk;
}

int run_remove(const MyDigitsOptions& options) {
  for (const std::string& hash : options.hashes)
    if (!is_my_digit_hash(hash))
      throw UsageError("'" + one_line(hash) +
                       "' is not a digit's content hash (16 hex digits, as 'my-digits list' prints)");
  const std::string folder = folder_of(options);
  const MyDigitsChange change = remove_my_digits(folder, options.hashes, WhenMissing::ChangeNothing, Want::CountOnly);
  report_recovery(folder, change);
  if (!change.missing.empty()) {
    std::string named;
    for (const std::string& hash : change.missing) named += (named.empty() ? "" : ", ") + hash;
    throw Error(folder + ": no digit with content hash " + named +
                " (see 'digitpad-cli my-digits list'); nothing removed");
  }
  std::printf("removed %d digits (%d in %s)\n", change.removed, change.count, folder.c_str());
  return kExitOk;
}

}  // namespace

CommandRun configure_my_digits(CLI::App& command) {
  auto options = std::make_shared<MyDigitsOptions>();
  command.require_subcommand(1, 1);
  command.footer("The folder is the app's My digits (default: " + app_folder() +
                 ";\n"
                 "$DIGITPAD_MY_DIGITS_DIR overrides it, as for the app), an MNIST pair that train\n"
                 "--my-digits reads. Windows showing it update within a second. Each change holds the\n"
                 "folder's lock (DIR/.lock) for its own length only, so windows and scripts may change\n"
                 "it at once; a lock left by a killed process is taken over.");

  const auto add_folder = [&options](CLI::App* sub) {
    sub->add_option("--folder", options->folder, "the my-digits folder (default: the app's)")
        ->type_name("DIR")
        ->check(not_empty());
  };

  CLI::App* add = command.add_subcommand("add", "add image files as digits D (all or none)");
  add->footer(
      "Each IMAGE (any format Qt reads) is preprocessed as the canvas's drawings are, except a\n"
      "28x28 image, which is MNIST's form and taken pixel for pixel (as predict does). Prints\n"
      "HASH<TAB>IMAGE per image. An unreadable image or one without ink adds nothing (exit 1).");
  add->add_option("--digit", options->digit, "what the images show, 0 to 9")
      ->type_name("D")
      ->required()
      ->transform(whole_number())
      ->check(CLI::Range(0, kClassCount - 1).description(""));
  add_folder(add);
  add->add_option("IMAGE", options->images, "the images to add")->type_name("FILE")->required();

  CLI::App* list = command.add_subcommand("list", "one line per digit: INDEX<TAB>LABEL<TAB>HASH, then 'N digits'");
  add_folder(list);

  CLI::App* remove = command.add_subcommand("remove", "remove digits by content hash (all or none)");
  remove->footer(
      "Each HASH (as list prints it) removes one digit with that content; name a hash twice to\n"
      "remove two copies. A hash with no digit removes nothing at all (exit 1).");
  add_folder(remove);
  remove->add_option("HASH", options->hashes, "content hashes of the digits to remove")
      ->type_name("HASH")
      ->required();

  return [options, add, list] {
    if (add->parsed()) return run_add(*options);
    if (list->parsed()) return run_list(*options);
    return run_remove(*options);
  };
}

}  // namespace digitpad::cli
