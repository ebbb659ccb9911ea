// SPDX-License-Identifier: GPL-3.0-or-later
// The training panel's "MNIST (download)" source against the local HTTP server
// of tests/download serving small made-up MNIST files (so the test needs no
// internet and no real server): the Download button, the progress bar, success (the source
// becomes MNIST and a preset trains on it), failure, Cancel and retry, and a
// panel deleted mid-download.

#include "qt_test_main.h"
#include "fake_mnist.h"
#include "local_http_server.h"

#include "ui/headless/download/mnist_download.h"
#include "core/data/training_data.h"
#include "core/io/model_file.h"
#include "ui/training/data_source_picker.h"
#include "ui/training/mnist_download_row.h"
#include "ui/training/training_panel.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace digitpad;
using test::FakeMnist;
using test::LocalHttpServer;

namespace {

// Long enough for a slow, shared machine; short enough that a hang fails.
constexpr int kDownloadTimeoutMs = 30000;
constexpr int kTrainingTimeoutMs = 120000;

// "48 kB", "12 of 63 kB", "3.1 of 11.6 MB · 1.2 MB/s · 7 s left": bytes first.
const QRegularExpression kBytesText(QStringLiteral(R"(^\d+(\.\d)?( of \d+(\.\d)?)? (B|kB|MB)( · |$))"));

}  // namespace

class TestMnistDownloadSource : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void progressTextReadsBytesRateAndTimeLeft();
  void offersTheDownloadWhileMnistIsMissing();
  void downloadSwitchesToMnistAndAPresetTrainsOnIt();
  void missingServerIsOneLineNamingTheFile();
  void cancelKeepsTheSourceAndRetryResumes();
  void deletingThePanelStopsTheDownload();

 private:
  // The made-up files served under /FOLDER/, the download's only mirror.
  void serveFrom(const QString& folder, LocalHttpServer::Behaviour behaviour);
  static void showAndClickDownload(TrainingPanel& panel);
  // The files under their final names in the cache folder.
  QStringList finalFiles() const;

  const FakeMnist fake_ = FakeMnist::make();
  LocalHttpServer server_;
  std::unique_ptr<QTemporaryDir> cache_;  // a fresh $XDG_CACHE_HOME per test
};

void TestMnistDownloadSource::initTestCase() {
  QVERIFY(server_.listen());
  qputenv("DIGITPAD_MNIST_CHECKSUMS", fake_.checksumsVariable().toUtf8());
}

void TestMnistDownloadSource::init() {
  cache_ = std::make_unique<QTemporaryDir>();
  QVERIFY(cache_->isValid());
  // Also keeps the machine's own default digits and MNIST out of the panel.
  qputenv("XDG_CACHE_HOME", cache_->path().toUtf8());
  QCOMPARE(MnistDownload::cachedFolder(), cache_->filePath(QStringLiteral("digitpad/mnist")));
}

void TestMnistDownloadSource::cleanup() { qunsetenv("DIGITPAD_MNIST_MIRRORS"); }

void TestMnistDownloadSource::serveFrom(const QString& folder, LocalHttpServer::Behaviour behaviour) {
  for (const QString& name : fake_.names) server_.addFile(folder, name, fake_.files[name]);
  server_.setBehaviour(folder, behaviour);
  qputenv("DIGITPAD_MNIST_MIRRORS", server_.mirror(folder).toString().toUtf8());
}

void TestMnistDownloadSource::showAndClickDownload(TrainingPanel& panel) {
  panel.resize(520, 900);
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
  auto* combo = panel.findChild<QComboBox*>(QStringLiteral("dataSourceCombo"));
  combo->setCurrentIndex(static_cast<int>(DataSourcePicker::Source::DownloadedMnist));
  auto* download = panel.findChild<QPushButton*>(QStringLiteral("downloadMnistButton"));
  QVERIFY(download->isVisible());
  QVERIFY(download->isEnabled());
  QTest::mouseClick(download, Qt::LeftButton);
  QVERIFY(panel.findChild<MnistDownloadRow*>()->isDownloading());
}

QStringList TestMnistDownloadSource::finalFiles() const {
  QStringList present;
  for (const QString& name : fake_.names)
    if (QFileInfo::exists(QDir(MnistDownload::cachedFolder()).filePath(name))) present << name;
  return present;
}

void TestMnistDownloadSource::progressTextReadsBytesRateAndTimeLeft() {
  QCOMPARE(MnistDownloadRow::progressText(3'100'000, 11'594'722, 1'200'000, 7.2),
           QStringLiteral("3.1 of 11.6 MB · 1.2 MB/s · 7 s left"));
  QCOMPARE(MnistDownloadRow::progressText(12'000, 63'000, 0, -1), QStringLiteral("12 of 63 kB"));
  QCOMPARE(MnistDownloadRow::progressText(48'200, -1, 950, -1), QStringLiteral("48 kB · 950 B/s"));
  QCOMPARE(MnistDownloadRow::progressText(1'000'000, 11'594'722, 100'000, 106),
           QStringLiteral("1.0 of 11.6 MB · 100 kB/s · 1 min 46 s left"));
}

void TestMnistDownloadSource::offersTheDownloadWhileMnistIsMissing() {
  TrainingPanel panel;
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
  auto* combo = panel.findChild<QComboBox*>(QStringLiteral("dataSourceCombo"));
  const int index = static_cast<int>(DataSourcePicker::Source::DownloadedMnist);
  QCOMPARE(combo->count(), index + 1);
  QVERIFY2(combo->itemText(index).startsWith(QStringLiteral("MNIST (download")), qPrintable(combo->itemText(index)));

  combo->setCurrentIndex(index);
  QCOMPARE(panel.dataSource(), DataSourcePicker::Source::DownloadedMnist);
  QVERIFY(!panel.dataReady());
  QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("downloadMnistButton"))->isVisible());
  QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("browseDataButton"))->isVisible());
  QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("trainButton"))->isEnabled());
  QVERIFY(!panel.findChild<MnistDownloadRow*>()->isVisible());  // no progress bar before a download
  QVERIFY(panel.findChild<QLabel*>(QStringLiteral("dataHintLabel"))->isVisible());

  // Back to another source: Browse returns, Download goes.
  combo->setCurrentIndex(static_cast<int>(DataSourcePicker::Source::MnistFolder));
  QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("browseDataButton"))->isVisible());
  QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("downloadMnistButton"))->isVisible());
}

void TestMnistDownloadSource::downloadSwitchesToMnistAndAPresetTrainsOnIt() {
  serveFrom(QStringLiteral("good"), LocalHttpServer::Behaviour::Serve);
  TrainingPanel panel;
  auto* bar = panel.findChild<QProgressBar*>(QStringLiteral("mnistDownloadProgress"));
  QList<int> values;
  QStringList texts;
  connect(bar, &QProgressBar::valueChanged, this, [&](int value) {
    if (value <= 0) return;  // the reset for a new download
    values << value;
    texts << bar->text();
  });
  QSignalSpy messages(panel.findChild<DataSourcePicker*>(), &DataSourcePicker::message);

  showAndClickDownload(panel);
  QVERIFY(bar->isVisible());
  QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("cancelMnistDownloadButton"))->isVisible());
  QTRY_VERIFY_WITH_TIMEOUT(!panel.findChild<MnistDownloadRow*>()->isDownloading(), kDownloadTimeoutMs);

  // The bar moved to its end, reading bytes all the way.
  QVERIFY2(!values.isEmpty() && values.last() == bar->maximum(), qPrintable(texts.join(" | ")));
  for (const QString& text : texts) QVERIFY2(kBytesText.match(text).hasMatch(), qPrintable(text));
  QVERIFY2(texts.last().contains(QStringLiteral(" of ")), qPrintable(texts.last()));
  QVERIFY(!bar->isVisible());

  // The source is MNIST now, read from the cache folder.
  auto* combo = panel.findChild<QComboBox*>(QStringLiteral("dataSourceCombo"));
  QCOMPARE(panel.dataSource(), DataSourcePicker::Source::DownloadedMnist);
  QCOMPARE(combo->currentText(), QStringLiteral("MNIST (60,000 / 10,000)"));
  QVERIFY(panel.dataReady());
  QCOMPARE(QString::fromStdString(panel.dataRequest().folder), MnistDownload::cachedFolder());
  QCOMPARE(finalFiles(), fake_.names);
  QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("downloadMnistButton"))->isVisible());
  QVERIFY(!messages.isEmpty());
  QCOMPARE(messages.last().at(1).toBool(), false);
  auto* train = panel.findChild<QPushButton*>(QStringLiteral("trainButton"));
  QVERIFY(train->isEnabled());

  // A preset as it comes (Auto counts) trains on the 60 + 20 fetched digits.
  panel.applyPreset(QStringLiteral("recommended"));
  QSignalSpy ended(&panel, &TrainingPanel::trainingEnded);
  QTest::mouseClick(train, Qt::LeftButton);
  QVERIFY(ended.wait(kTrainingTimeoutMs));
  QVERIFY2(panel.lastResult().has_value(), qPrintable(panel.message()));
  const std::shared_ptr<const Model> model = panel.lastModel();
  QVERIFY(model != nullptr);
  QCOMPARE(model->info.train_count, FakeMnist::kTrainCount);
  QCOMPARE(model->info.test_count, FakeMnist::kTestCount);
  // Recorded as `digitpad-cli train --data` on that folder records it: by
  // its name in the cache, not one machine's path.
  QCOMPARE(QString::fromStdString(model->info.dataset),
           QString::fromStdString(data_folder_label(MnistDownload::cachedFolder().toStdString())));
  QCOMPARE(QString::fromStdString(model->info.dataset), QStringLiteral("mnist"));
}

void TestMnistDownloadSource::missingServerIsOneLineNamingTheFile() {
  qputenv("DIGITPAD_MNIST_MIRRORS",
          QStringLiteral("http://127.0.0.1:%1/mnist/").arg(LocalHttpServer::unusedPort()).toUtf8());
  TrainingPanel panel;
  QSignalSpy messages(panel.findChild<DataSourcePicker*>(), &DataSourcePicker::message);
  showAndClickDownload(panel);
  QTRY_VERIFY_WITH_TIMEOUT(!panel.findChild<MnistDownloadRow*>()->isDownloading(), kDownloadTimeoutMs);

  QVERIFY(!messages.isEmpty());
  const QString message = messages.last().at(0).toString();
  QCOMPARE(messages.last().at(1).toBool(), true);
  QVERIFY2(message.contains(fake_.names.first()), qPrintable(message));
  QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
  QCOMPARE(panel.message(), message);

  // Nothing changed: still the download item, not ready, nothing written, Download offered again.
  auto* combo = panel.findChild<QComboBox*>(QStringLiteral("dataSourceCombo"));
  QVERIFY(combo->currentText().startsWith(QStringLiteral("MNIST (download")));
  QVERIFY(!panel.dataReady());
  QVERIFY(finalFiles().isEmpty());
  QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("trainButton"))->isEnabled());
  auto* download = panel.findChild<QPushButton*>(QStringLiteral("downloadMnistButton"));
  QVERIFY(download->isVisible() && download->isEnabled());
  QVERIFY(!panel.findChild<MnistDownloadRow*>()->isVisible());
}

void TestMnistDownloadSource::cancelKeepsTheSourceAndRetryResumes() {
  const QString folder = QStringLiteral("stalling");
  serveFrom(folder, LocalHttpServer::Behaviour::StallHalfway);
  TrainingPanel panel;
  QSignalSpy messages(panel.findChild<DataSourcePicker*>(), &DataSourcePicker::message);
  showAndClickDownload(panel);
  // Half of the first file arrives, then the server holds the connection.
  auto* bar = panel.findChild<QProgressBar*>(QStringLiteral("mnistDownloadProgress"));
  QTRY_VERIFY_WITH_TIMEOUT(kBytesText.match(bar->text()).hasMatch() && !bar->text().startsWith('0'),
                           kDownloadTimeoutMs);

  QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("cancelMnistDownloadButton")), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(!panel.findChild<MnistDownloadRow*>()->isDownloading(), kDownloadTimeoutMs);
  QVERIFY(finalFiles().isEmpty());
  QCOMPARE(panel.dataSource(), DataSourcePicker::Source::DownloadedMnist);
  QVERIFY(!panel.dataReady());
  QVERIFY(!bar->isVisible());
  QCOMPARE(messages.last().at(1).toBool(), false);  // a choice, not a problem
  const QString part = QDir(MnistDownload::cachedFolder()).filePath(fake_.names.first() + ".part");
  QVERIFY(QFileInfo(part).size() > 0);  // kept, to continue from

  // Download again, now from a good server: it continues after the bytes kept.
  server_.setBehaviour(folder, LocalHttpServer::Behaviour::Serve);
  const qsizetype before = server_.requests().size();
  QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("downloadMnistButton")), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(!panel.findChild<MnistDownloadRow*>()->isDownloading(), kDownloadTimeoutMs);
  QVERIFY(panel.dataReady());
  QCOMPARE(finalFiles(), fake_.names);
  QVERIFY(server_.requests().size() > before);
  const QByteArray range = server_.requests().at(before).range;
  QVERIFY2(range.startsWith("bytes=") && !range.startsWith("bytes=0-"), range.constData());
}

void TestMnistDownloadSource::deletingThePanelStopsTheDownload() {
  serveFrom(QStringLiteral("stalling-again"), LocalHttpServer::Behaviour::StallHalfway);
  auto panel = std::make_unique<TrainingPanel>();
  showAndClickDownload(*panel);
  auto* bar = panel->findChild<QProgressBar*>(QStringLiteral("mnistDownloadProgress"));
  QTRY_VERIFY_WITH_TIMEOUT(kBytesText.match(bar->text()).hasMatch() && !bar->text().startsWith('0'),
                           kDownloadTimeoutMs);
  panel.reset();
  // Whatever the transfer still had queued is delivered to nobody.
  QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  QCoreApplication::processEvents();
  QVERIFY(finalFiles().isEmpty());
  QVERIFY(QFileInfo::exists(QDir(MnistDownload::cachedFolder()).filePath(fake_.names.first() + ".part")));
}

DIGITPAD_QTEST_MAIN(TestMnistDownloadSource)
#include "test_mnist_download_source.moc"
