// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/my_digits_store.h"

#include "core/data/idx_file.h"
#include "core/data/image_members.h"
#include "core/data/mnist_folder.h"
#include "core/data/my_digit_hash.h"
#include "core/io/atomic_file.h"
#include "core/io/crc32.h"
#include "core/io/fault_injection.h"
#include "core/util/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

namespace digitpad {

const char* const kMyDigitsSource = "my digits";

Dataset empty_my_digits() {
  Dataset data;
  data.images.resize(kImagePixels, 0);
  data.source = kMyDigitsSource;
  return data;
}

const char* const kMyDigitsImagesName = "train-images-idx3-ubyte.gz";
const char* const kMyDigitsLabelsName = "train-labels-idx1-ubyte.gz";
const char* const kMyDigitsCommitName = ".next-commit";

namespace {

namespace fs = std::filesystem;
using fault_injection::Step;

constexpr const char* kNextPrefix = ".next-";
constexpr const char* kCommitMagic = "DigitPad user digits commit 1";
constexpr std::size_t kMaxCommitBytes = 4096;
constexpr std::size_t kMaxPairFileBytes = std::size_t{1} << 30;

struct Paths {
  std::string images, labels, next_images, next_labels, commit;
};

Paths paths_in(const std::string& folder) {
  const fs::path dir(folder);
  return {(dir / kMyDigitsImagesName).string(), (dir / kMyDigitsLabelsName).string(),
          (dir / (std::string(kNextPrefix) + kMyDigitsImagesName)).string(),
          (dir / (std::string(kNextPrefix) + kMyDigitsLabelsName)).string(), (dir / kMyDigitsCommitName).string()};
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

// What the commit record says the new pair is.
struct FileStamp {
  std::uint64_t size = 0;
  std::uint32_t crc = 0;
  bool operator==(const FileStamp&) const = default;
};
struct CommitRecord {
  std::uint64_t digits = 0;
  FileStamp images, labels;
};

FileStamp stamp_of(std::string_view bytes) { return {bytes.size(), crc32_of(bytes)}; }

FileStamp stamp_of_file(const std::string& path) { return stamp_of(read_whole_file(path, kMaxPairFileBytes)); }

std::string record_text(const CommitRecord& record) {
  std::ostringstream text;
  text << kCommitMagic << "\n"
       << "digits " << record.digits << "\n"
       << "images " << record.images.size << " " << record.images.crc << "\n"
       << "labels " << record.labels.size << " " << record.labels.crc << "\n";
  return text.str();
}

std::optional<CommitRecord> parse_record(const std::string& text) {
  std::istringstream in(text);
  std::string magic;
  std::getline(in, magic);
  if (magic != kCommitMagic) return std::nullopt;
  CommitRecord record;
  std::string key_digits, key_images, key_labels;
  in >> key_digits >> record.digits >> key_images >> record.images.size >> record.images.crc >> key_labels >>
      record.labels.size >> record.labels.crc;
  if (!in || key_digits != "digits" || key_images != "images" || key_labels != "labels") return std::nullopt;
  in >> std::ws;
  if (!in.eof()) return std::nullopt;
  return record;
}

void rename_step(const std::string& from, const std::string& to) {
  fault_injection::before(Step::Rename, to);
  if (::rename(from.c_str(), to.c_str()) != 0)
    throw Error(to + ": cannot move " + fs::path(from).filename().string() + " into place (" + std::strerror(errno) +
                ")");
}

void remove_step(const std::string& path) {
  fault_injection::before(Step::Remove, path);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    throw Error(path + ": cannot remove (" + std::string(std::strerror(errno)) + ")");
}

// "FOLDER/damaged-20260321-142501" (with -2, -3 ... when taken), created.
std::string make_damaged_folder(const std::string& folder) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "damaged-%Y%m%d-%H%M%S", &utc);
  for (int attempt = 1; attempt < 1000; ++attempt) {
    const fs::path candidate =
        fs::path(folder) / (attempt == 1 ? std::string(stamp) : std::string(stamp) + "-" + std::to_string(attempt));
    if (::mkdir(candidate.c_str(), 0777) == 0) return candidate.string();
    if (errno != EEXIST)
      throw Error(candidate.string() + ": cannot create a folder for the damaged files (" + std::strerror(errno) +
                  ")");
  }
  throw Error(folder + ": cannot find a free name for the damaged files' folder");
}

// Keeps a copy of `file` (when present) in `damaged`; the original stays until
// the recovered pair replaces it, so a kill here loses nothing.
void keep_copy(const std::string& file, const std::string& damaged) {
  if (!exists(file)) return;
  std::string bytes;
  try {
    bytes = read_whole_file(file, kMaxPairFileBytes);
  } catch (const Error&) {
    // Unreadable as a whole (too large, not a regular file): move it aside
    // instead, still without deleting anything.
    rename_step(file, (fs::path(damaged) / fs::path(file).filename()).string());
    return;
  }
  write_file_atomically((fs::path(damaged) / fs::path(file).filename()).string(), bytes);
}

// Moves a commit that cannot be trusted, and the files it would commit, into
// a damaged-* folder: kept, never applied.
void set_aside_commit(const std::string& folder, const Paths& p) {
  const std::string damaged = make_damaged_folder(folder);
  for (const std::string& file : {p.next_images, p.next_labels, p.commit})
    if (exists(file)) rename_step(file, (fs::path(damaged) / fs::path(file).filename()).string());
  sync_folder(folder);
}

// Rolls an interrupted save forward (its commit record exists) or back (it
// does not). Afterwards only the pair itself is in the folder.
void finish_interrupted_save(const std::string& folder) {
  const Paths p = paths_in(folder);
  for (const std::string& file : {p.images, p.labels, p.next_images, p.next_labels, p.commit})
    remove_stale_temporaries(file);
  if (!exists(p.commit)) {
    bool removed = false;
    for (const std::string& file : {p.next_images, p.next_labels})
      if (exists(file)) {
        remove_step(file);
        removed = true;
      }
    if (removed) sync_folder(folder);
    return;
  }
  std::optional<CommitRecord> record;
  try {
    record = parse_record(read_whole_file(p.commit, kMaxCommitBytes));
  } catch (const Error&) {
  }
  // Each new file still waiting must be the one the record describes.
  const auto matches = [](const std::string& file, const FileStamp& stamp) {
    try {
      return stamp_of_file(file) == stamp;
    } catch (const Error&) {
      return false;
    }
  };
  if (!record || (exists(p.next_images) && !matches(p.next_images, record->images)) ||
      (exists(p.next_labels) && !matches(p.next_labels, record->labels))) {
    set_aside_commit(folder, p);
    return;
  }
  if (exists(p.next_images)) rename_step(p.next_images, p.images);
  if (exists(p.next_labels)) rename_step(p.next_labels, p.labels);
  sync_folder(folder);
  remove_step(p.commit);
  sync_folder(folder);
}

// The folder, created when missing, with any interrupted save finished: its
// .next-* files are about to be reused.
void prepare_folder(const std::string& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (!fs::is_directory(folder, ec)) throw Error(folder + ": cannot create the folder");
  finish_interrupted_save(folder);
}

void check_pair(const std::string& folder, const Dataset& digits) {
  if (digits.images.cols() != static_cast<Eigen::Index>(digits.labels.size()))
    throw Error(folder + ": " + std::to_string(digits.images.cols()) + " images but " +
                std::to_string(digits.labels.size()) + " labels to save");
  if (digits.images.rows() != kImagePixels)
    throw Error(folder + ": cannot save images with " + std::to_string(digits.images.rows()) + " pixels, expected " +
                std::to_string(kImagePixels));
}

// The save itself, once the folder is prepared: the new pair beside the old,
// the commit record, the renames (see the header).
void commit_pair(const std::string& folder, const std::string& images_file, const std::vector<std::uint8_t>& labels) {
  const Paths p = paths_in(folder);
  write_file_atomically(p.next_images, images_file);
  write_idx_labels(p.next_labels, labels);
  // The stamps of what is on disk now, read back: the record vouches for the
  // bytes a reader will find, not for the ones we meant to write.
  CommitRecord record;
  record.digits = labels.size();
  record.images = stamp_of_file(p.next_images);
  record.labels = stamp_of_file(p.next_labels);
  write_file_atomically(p.commit, record_text(record));  // the save happens here

  try {
    finish_interrupted_save(folder);
  } catch (const Error&) {
    // Committed: the next load or save finishes the renames.
  }
}

// The pair read as members, when it is laid out so and whole: the fast
// start of a change. nullopt sends the change the slow way (load_my_digits).
struct PairOnDisk {
  std::vector<ImageMember> members;
  std::vector<std::uint8_t> labels;
};
std::optional<PairOnDisk> read_pair_as_members(const std::string& folder) {
  const Paths p = paths_in(folder);
  const bool has_images = exists(p.images), has_labels = exists(p.labels);
  if (!has_images && !has_labels) return PairOnDisk{};
  if (!has_images || !has_labels) return std::nullopt;
  try {
    PairOnDisk pair;
    std::optional<std::vector<ImageMember>> members =
        read_image_members(read_whole_file(p.images, kMaxPairFileBytes), p.images);
    if (!members) return std::nullopt;
    pair.members = std::move(*members);
    pair.labels = read_idx_labels(p.labels);
    std::size_t images = 0;
    for (const ImageMember& member : pair.members) images += static_cast<std::size_t>(member.count());
    if (images != pair.labels.size()) return std::nullopt;
    return pair;
  } catch (const Error&) {
    return std::nullopt;
  }
}

// Takes out the chosen digits: members without any are kept byte for byte,
// the others compressed again without them.
std::vector<ImageMember> without(const std::vector<ImageMember>& members, const std::vector<bool>& removed) {
  std::vector<ImageMember> kept;
  std::size_t first = 0;
  for (const ImageMember& member : members) {
    const std::size_t count = static_cast<std::size_t>(member.count());
    std::string left;
    for (std::size_t i = 0; i < count; ++i)
      if (!removed[first + i]) left.append(member.pixels, i * kImagePixels, kImagePixels);
    if (left.size() == member.pixels.size()) {
      kept.push_back(member);
    } else {
      for (ImageMember& packed : pack_image_members(left)) kept.push_back(std::move(packed));
    }
    first += count;
  }
  return kept;
}

}  // namespace

void save_my_digits(const std::string& folder, const Dataset& digits) {
  check_pair(folder, digits);
  prepare_folder(folder);
  commit_pair(folder, image_members_file(pack_image_members(image_bytes(digits.images))), digits.labels);
}

MyDigitsEdited edit_my_digits(const std::string& folder, const MyDigitsEdit& edit) {
  if (edit.added != nullptr) {
    check_pair(folder, *edit.added);
    for (const std::uint8_t label : edit.added->labels)
      if (label >= kClassCount) throw Error(folder + ": label " + std::to_string(label) + " is not a digit 0-9");
  }
  prepare_folder(folder);
  MyDigitsEdited edited;
  std::optional<PairOnDisk> pair = read_pair_as_members(folder);
  bool changed = false;
  if (!pair) {
    // Another layout, or damage: read the ordinary way (recovering), and the
    // save below writes members.
    LoadedMyDigits loaded = load_my_digits(folder);
    edited.recovery = std::move(loaded.recovery);
    pair = PairOnDisk{pack_image_members(image_bytes(loaded.digits.images)), std::move(loaded.digits.labels)};
    changed = true;
  }

  if (!edit.removed.empty()) {
    std::vector<std::string> present;
    present.reserve(pair->labels.size());
    std::size_t i = 0;
    for (const ImageMember& member : pair->members)
      for (int k = 0; k < member.count(); ++k, ++i)
        present.push_back(my_digit_hash_of_bytes(
            reinterpret_cast<const std::uint8_t*>(member.pixels.data()) + static_cast<std::size_t>(k) * kImagePixels,
            pair->labels[i]));
    RemovalChoice choice = choose_removals(present, edit.removed);
    edited.missing = std::move(choice.missing);
    if (choice.count > 0 && !(edit.all_or_nothing && !edited.missing.empty())) {
      pair->members = without(pair->members, choice.removed);
      std::vector<std::uint8_t> labels;
      for (std::size_t d = 0; d < pair->labels.size(); ++d)
        if (!choice.removed[d]) labels.push_back(pair->labels[d]);
      pair->labels = std::move(labels);
      edited.removed = choice.count;
      changed = true;
    }
  }

  const bool adding =
      edit.added != nullptr && !edit.added->empty() && !(edit.all_or_nothing && !edited.missing.empty());
  if (adding) {
    for (ImageMember& member : pack_image_members(image_bytes(edit.added->images)))
      pair->members.push_back(std::move(member));
    pair->labels.insert(pair->labels.end(), edit.added->labels.begin(), edit.added->labels.end());
    changed = true;
  }

  if (changed) commit_pair(folder, image_members_file(pair->members), pair->labels);
  edited.count = static_cast<int>(pair->labels.size());
  if (edit.want_digits) {
    edited.digits.images = images_from_members(pair->members);
    edited.digits.labels = std::move(pair->labels);
    edited.digits.source = kMyDigitsSource;
  }
  return edited;
}

LoadedMyDigits load_my_digits(const std::string& folder) {
  LoadedMyDigits loaded;
  loaded.digits = empty_my_digits();
  std::error_code ec;
  if (!fs::exists(folder, ec)) return loaded;
  if (!fs::is_directory(folder, ec)) throw Error(folder + ": is not a folder");
  finish_interrupted_save(folder);

  const Paths p = paths_in(folder);
  const bool has_images = exists(p.images), has_labels = exists(p.labels);
  if (!has_images && !has_labels) return loaded;
  if (has_images && has_labels) {
    try {
      loaded.digits = read_idx_pair(p.images, p.labels);
      loaded.digits.source = kMyDigitsSource;
      return loaded;
    } catch (const Error&) {
      // Recovered below.
    }
  }
  SalvagedPair salvaged = salvage_idx_pair(p.images, p.labels);
  if (salvaged.problem.empty())
    salvaged.problem = (has_images ? p.labels : p.images) + ": missing (the other file of the pair is there)";
  MyDigitsRecovery recovery;
  recovery.problem = salvaged.problem;
  recovery.recovered = salvaged.data.count();
  recovery.damaged_folder = make_damaged_folder(folder);
  keep_copy(p.images, recovery.damaged_folder);
  keep_copy(p.labels, recovery.damaged_folder);
  sync_folder(recovery.damaged_folder);
  sync_folder(folder);
  salvaged.data.source = kMyDigitsSource;
  save_my_digits(folder, salvaged.data);
  loaded.digits = std::move(salvaged.data);
  loaded.recovery = std::move(recovery);
  return loaded;
}

Dataset read_my_digits(const std::string& folder) {
  const Paths p = paths_in(folder);
  std::optional<CommitRecord> record;
  if (exists(p.commit)) {
    try {
      record = parse_record(read_whole_file(p.commit, kMaxCommitBytes));
    } catch (const Error&) {
    }
  }
  if (!record) return load_mnist_folder(folder).train;
  Dataset data = read_idx_pair(exists(p.next_images) ? p.next_images : p.images,
                               exists(p.next_labels) ? p.next_labels : p.labels);
  data.source = folder;
  return data;
}

}  // namespace digitpad
