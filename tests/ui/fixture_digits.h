#pragma once

// Training data for the widget tests: the first digits of real MNIST when the
// set is on this machine, otherwise digits drawn as a class-specific bar plus
// noise, which a small network separates (with some mistakes left after a
// short run when some of them are mislabelled).

#include "data/dataset.h"
#include "data/idx_file.h"
#include "test_paths.h"

#include <QFileInfo>
#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <random>
#include <vector>

namespace digitpad {

// Every `mislabel_every`-th digit (0: none) is labelled as the next class, so
// that no network reads all of a set right.
inline Dataset barDigits(int count, float noise_level, int mislabel_every = 0) {
  Dataset data;
  data.images = Eigen::MatrixXf::Zero(kImagePixels, count);
  std::mt19937 engine(5);
  std::uniform_real_distribution<float> noise(0.0f, noise_level);
  for (int i = 0; i < count; ++i) {
    const int label = i % kClassCount;
    const bool mislabelled = mislabel_every > 0 && i % mislabel_every == 0;
    data.labels.push_back(static_cast<std::uint8_t>(mislabelled ? (label + 1) % kClassCount : label));
    for (int p = 0; p < kImagePixels; ++p) data.images(p, i) = noise(engine);
    for (int row = 2 + 2 * label; row < 4 + 2 * label; ++row)
      for (int col = 4; col < 24; ++col) data.images(row * kImageSide + col, i) = 1.0f;
  }
  data.source = "synthetic";
  return data;
}

inline Dataset fixtureDigits(int count, float synthetic_noise, int mislabel_every = 0) {
  const QString mnist = QStringLiteral(DIGITPAD_MNIST_DIR);
  const QString images = mnist + QStringLiteral("/t10k-images-idx3-ubyte.gz");
  const QString labels = mnist + QStringLiteral("/t10k-labels-idx1-ubyte.gz");
  if (QFileInfo::exists(images) && QFileInfo::exists(labels)) {
    const Dataset all = read_idx_pair(images.toStdString(), labels.toStdString());
    std::vector<int> first(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) first[static_cast<std::size_t>(i)] = i;
    Dataset part = subset(all, first);
    part.source = "mnist";
    return part;
  }
  qInfo("Real MNIST not found at %s: using synthetic digits", qPrintable(mnist));
  return barDigits(count, synthetic_noise, mislabel_every);
}

}  // namespace digitpad
