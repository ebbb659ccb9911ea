// SPDX-License-Identifier: GPL-3.0-or-later
#include "fake_mnist.h"

#include "core/data/dataset.h"
#include "core/data/idx_file.h"

#include <QCryptographicHash>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>

#include <random>
#include <stdexcept>

namespace digitpad::test {
namespace {

Dataset random_digits(int count, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  Dataset data;
  data.images.resize(kImagePixels, count);
  for (int i = 0; i < data.images.size(); ++i) data.images.data()[i] = pixel(random);
  for (int i = 0; i < count; ++i) data.labels.push_back(static_cast<std::uint8_t>(i % kClassCount));
  return data;
}

QByteArray read_all(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) throw std::runtime_error("cannot read " + path.toStdString());
  return file.readAll();
}

}  // namespace

FakeMnist FakeMnist::make() {
  QTemporaryDir dir;
  FakeMnist fake;
  fake.names = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz"};
  write_idx_pair(dir.filePath(fake.names[0]).toStdString(), dir.filePath(fake.names[1]).toStdString(),
                 random_digits(kTrainCount, 1));
  write_idx_pair(dir.filePath(fake.names[2]).toStdString(), dir.filePath(fake.names[3]).toStdString(),
                 random_digits(kTestCount, 2));
  for (const QString& name : fake.names) fake.files[name] = read_all(dir.filePath(name));
  return fake;
}

MnistSource FakeMnist::source(const QList<QUrl>& mirrors) const {
  MnistSource source;
  source.mirrors = mirrors;
  for (const QString& name : names) {
    const QByteArray hash = QCryptographicHash::hash(files[name], QCryptographicHash::Sha256).toHex();
    source.files.append({name, hash, QCryptographicHash::Sha256, -1});
  }
  return source;
}

QString FakeMnist::checksumsVariable() const {
  QStringList entries;
  for (const ExpectedFile& file : source({}).files) entries.append(file.name + "=" + QString::fromLatin1(file.hash));
  return entries.join(',');
}

}  // namespace digitpad::test
