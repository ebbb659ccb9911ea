// SPDX-License-Identifier: GPL-3.0-or-later
// The hidden-units view of a convolutional model: each filter's kernel drawn
// by the signs of its weights, beside the first convolution's output map for
// the drawing on the canvas, which follows the drawing live (throttled); the
// orders still mean something for filters; a dense first layer is shown as it
// always was. Also the drawing pad's side of it (which networks it accepts,
// inputChanged) and the model info's layer table.

#include "qt_test_main.h"
#include "mouse_strokes.h"
#include "core/data/dataset.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/inspect/hidden_units_view.h"
#include "answering_window.h"
#include "ui/shell/main_window.h"
#include "ui/inspect/mistakes_window.h"
#include "ui/shell/model_info_dialog.h"
#include "ui/shell/model_session.h"
#include "core/nn/layer_spec.h"
#include "core/nn/presets.h"
#include "ui/pad/probability_bars.h"
#include "ui/digits/my_digits.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QScrollBar>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace digitpad;
using digitpad::test::draw_line;

namespace {

constexpr int kFilters = 6;

Architecture convArchitecture(const char* layers = "conv6@5,pool2,dense10") {
  Architecture architecture;
  architecture.input = Shape{1, 28, 28};
  architecture.layers = parse_layer_list(layers);
  architecture.activation = Activation::Relu;
  return architecture;
}

std::shared_ptr<const Network> convNetwork() { return std::make_shared<const Network>(convArchitecture(), 0.3f, 7); }

// A digit-like input: a vertical bar and a slanted stroke.
Eigen::VectorXf drawnInput(int offset = 0) {
  Eigen::VectorXf input = Eigen::VectorXf::Zero(kImagePixels);
  for (int y = 5; y < 23; ++y) {
    input[y * kImageSide + 12 + offset] = 1.0f;
    input[y * kImageSide + 13 + offset] = 0.8f;
    input[y * kImageSide + std::min(27, 6 + y / 2 + offset)] = 0.6f;
  }
  return input;
}

// The first layer's output maps as the view should draw them: one shared scale.
std::vector<QImage> expectedMaps(const Network& network, const Eigen::VectorXf& input,
                                 const std::vector<int>& units) {
  ForwardCache cache;
  network.forward(input, cache);
  const Eigen::VectorXf maps = cache.outputs.front().col(0);
  const float scale = maps.cwiseAbs().maxCoeff();
  std::vector<QImage> images;
  for (const int unit : units) images.push_back(map_image(maps, network.layer(0).output_shape(), unit, scale));
  return images;
}

QString legend(const HiddenUnitsView& view) { return view.findChild<QLabel*>(QStringLiteral("unitLegend"))->text(); }

}  // namespace

class TestConvFilters : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void filtersFollowTheKernelSigns();
  void mapsAreTheFirstConvolutionsOutputForTheDrawing();
  void ordersMakeSenseForFilters();
  void denseFirstLayerIgnoresTheDrawing();
  void layersBeforeTheFirstWeightsAreSkipped();
  void drawingPadAcceptsDigitShapedConvnets();
  void mistakesWindowFollowsTheCanvas();
  void modelInfoListsTheLayers();
  void modelInfoIsReadableOnASmallScreen();

 private:
  QTemporaryDir user_dir_;
  QTemporaryDir cache_dir_;
};

void TestConvFilters::initTestCase() {
  QVERIFY(user_dir_.isValid() && cache_dir_.isValid());
  qputenv(MyDigits::kFolderVariable, user_dir_.filePath(QStringLiteral("my-digits")).toUtf8());
  qputenv("XDG_CACHE_HOME", cache_dir_.path().toUtf8());  // no default digits, whatever the machine has
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(cache_dir_.path() + QStringLiteral("/runs")).toUtf8());
}

void TestConvFilters::filtersFollowTheKernelSigns() {
  const auto network = convNetwork();
  HiddenUnitsView view;
  view.setNetwork(network);
  QVERIFY(view.showsFilters());
  QCOMPARE(view.unitCount(), kFilters);
  QCOMPARE(view.list()->count(), kFilters);
  QCOMPARE(view.pageCount(), 1);
  QCOMPARE(view.list()->item(2)->text(), QStringLiteral("filter 2"));
  QVERIFY(view.summary().contains(QStringLiteral("of the 6 filters of the first layer (conv6@5)")));
  QVERIFY(legend(view).contains(QStringLiteral("Draw a digit")));
  QVERIFY(view.shownMaps().empty());  // nothing drawn yet
  // A filter and its map side by side in each tile.
  QVERIFY(view.list()->iconSize().width() > 2 * view.list()->iconSize().height() - 10);

  const Network::ConstMatrixMap weights = network->weights(0);
  QCOMPARE(weights.rows(), 25);
  QCOMPARE(weights.cols(), kFilters);
  for (int filter = 0; filter < kFilters; ++filter) {
    const QImage image = unit_image(*network, filter);
    QCOMPARE(image.size(), QSize(5, 5));
    const float largest = weights.col(filter).cwiseAbs().maxCoeff();
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 5; ++x) {
        const float w = weights(y * 5 + x, filter);  // row by row within the filter
        const QColor colour = image.pixelColor(x, y);
        if (w > 0.01f * largest)
          QVERIFY(colour.red() > colour.blue());
        else if (w < -0.01f * largest)
          QVERIFY(colour.blue() > colour.red());
        if (std::abs(w) == largest)
          QVERIFY(w > 0 ? colour == QColor(0xb2, 0x18, 0x2b) : colour == QColor(0x21, 0x66, 0xac));
      }
  }
}

void TestConvFilters::mapsAreTheFirstConvolutionsOutputForTheDrawing() {
  // A map is one channel of an NCHW column, row by row: value (1, y=2, x=3) of
  // a 2x3x4 output is pixel (3, 2) of map 1, and nothing of map 0.
  Eigen::VectorXf values = Eigen::VectorXf::Zero(2 * 3 * 4);
  values[1 * 12 + 2 * 4 + 3] = 0.5f;
  const QImage one = map_image(values, Shape{2, 3, 4}, 1, 0.5f);
  QCOMPARE(one.size(), QSize(4, 3));
  QCOMPARE(one.pixelColor(3, 2), QColor(0xb2, 0x18, 0x2b));
  QCOMPARE(one.pixelColor(2, 2), QColor(Qt::white));
  const QImage zero = map_image(values, Shape{2, 3, 4}, 0, 0.5f);
  QCOMPARE(zero.pixelColor(3, 2), QColor(Qt::white));

  const auto network = convNetwork();
  HiddenUnitsView view;
  view.setNetwork(network);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));

  const Eigen::VectorXf input = drawnInput();
  view.setInput(input);
  // Throttled: the maps follow on the view's timer, not within the call.
  QVERIFY(view.shownMaps().empty());
  QTRY_COMPARE(static_cast<int>(view.shownMaps().size()), kFilters);
  const std::vector<QImage> maps = view.shownMaps();
  QCOMPARE(maps.front().size(), QSize(28, 28));  // "same" padding: a map per filter, as big as the digit
  QCOMPARE(maps, expectedMaps(*network, input, view.shownUnits()));
  QVERIFY(!legend(view).contains(QStringLiteral("Draw a digit")));

  // A burst of changes (a stroke) ends in the maps of the last one.
  for (int offset = 1; offset <= 5; ++offset) view.setInput(drawnInput(offset));
  QTRY_COMPARE(view.shownMaps(), expectedMaps(*network, drawnInput(5), view.shownUnits()));

  // A cleared canvas empties the maps again.
  view.setInput(std::nullopt);
  QTRY_VERIFY(view.shownMaps().empty());
  QVERIFY(legend(view).contains(QStringLiteral("Draw a digit")));

  // While hidden nothing is computed; showing it catches up.
  view.hide();
  view.setInput(input);
  QCoreApplication::processEvents();
  QVERIFY(view.shownMaps().empty());
  view.show();
  QCOMPARE(view.shownMaps(), expectedMaps(*network, input, view.shownUnits()));

  // A new network: its own maps of the same drawing at once.
  const auto other = std::make_shared<const Network>(convArchitecture("conv3@3,dense10"), 0.3f, 9);
  view.setNetwork(other);
  QCOMPARE(view.list()->count(), 3);
  QCOMPARE(view.shownMaps(), expectedMaps(*other, input, view.shownUnits()));
}

void TestConvFilters::ordersMakeSenseForFilters() {
  const auto network = convNetwork();
  HiddenUnitsView view;
  view.setNetwork(network);
  auto* combo = view.findChild<QComboBox*>(QStringLiteral("unitOrderCombo"));
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  QVERIFY(!model->item(1)->isEnabled());  // "most active" needs a test set

  // The evaluation's activity is per map pixel (6 maps of 28x28); the view
  // ranks filters by their map's mean.
  Eigen::VectorXf activity = Eigen::VectorXf::Constant(kFilters * kImagePixels, 0.1f);
  activity.segment(4 * kImagePixels, kImagePixels).setConstant(0.9f);
  activity.segment(1 * kImagePixels, kImagePixels / 2).setConstant(0.5f);  // mean 0.3
  view.setActivity(activity);
  QVERIFY(model->item(1)->isEnabled());
  view.setOrder(HiddenUnitsView::Order::MostActive);
  QCOMPARE(view.shownUnits()[0], 4);
  QCOMPARE(view.shownUnits()[1], 1);
  QVERIFY(view.summary().contains(QStringLiteral("most active first")));

  // Activity of the wrong size (another network's) is ignored.
  view.setActivity(Eigen::VectorXf::Ones(kFilters));
  QVERIFY(!model->item(1)->isEnabled());

  view.setOrder(HiddenUnitsView::Order::StrongestWeights);
  const Eigen::VectorXf norms = network->weights(0).colwise().norm().transpose();
  Eigen::Index strongest = 0;
  norms.maxCoeff(&strongest);
  QCOMPARE(view.shownUnits()[0], static_cast<int>(strongest));

  view.setOrder(HiddenUnitsView::Order::Random);
  std::vector<int> shown = view.shownUnits();
  std::sort(shown.begin(), shown.end());
  QCOMPARE(shown, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

void TestConvFilters::denseFirstLayerIgnoresTheDrawing() {
  Architecture architecture;
  architecture.layers = dense_layers({12});
  const auto network = std::make_shared<const Network>(architecture, 0.1f, 17);
  HiddenUnitsView view;
  view.setNetwork(network);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  QVERIFY(!view.showsFilters());
  QCOMPARE(view.list()->count(), 12);
  QCOMPARE(view.list()->item(0)->text(), QStringLiteral("unit 0"));
  QCOMPARE(view.list()->iconSize(), QSize(86, 86));  // a 28x28 picture at 3x in a frame, as before
  view.setInput(drawnInput());
  QCoreApplication::processEvents();
  QVERIFY(view.shownMaps().empty());
  QCOMPARE(view.summary(), QStringLiteral("1–12 of the 12 units in the first hidden layer."));
}

void TestConvFilters::layersBeforeTheFirstWeightsAreSkipped() {
  // Dropout first: the dense layer behind it still looks at the digit.
  const auto dropped = std::make_shared<const Network>(convArchitecture("drop0.2,dense8"), 0.1f, 3);
  HiddenUnitsView view;
  view.setNetwork(dropped);
  QVERIFY(!view.showsFilters());
  QCOMPARE(view.list()->count(), 8);
  QCOMPARE(unit_image(*dropped, 0).size(), QSize(28, 28));

  // Pooling first: the convolution sees a 14x14 digit, and so do its maps.
  const auto pooled = std::make_shared<const Network>(convArchitecture("pool2,conv4@3,dense10"), 0.3f, 3);
  view.setNetwork(pooled);
  QVERIFY(view.showsFilters());
  QCOMPARE(view.list()->count(), 4);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setInput(drawnInput());
  QTRY_COMPARE(static_cast<int>(view.shownMaps().size()), 4);
  QCOMPARE(view.shownMaps().front().size(), QSize(14, 14));
}

void TestConvFilters::drawingPadAcceptsDigitShapedConvnets() {
  DrawingPad pad;
  pad.resize(600, 700);
  pad.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pad));
  pad.setNetwork(convNetwork());
  QVERIFY(pad.network() != nullptr);

  QSignalSpy changed(&pad, &DrawingPad::inputChanged);
  draw_line(pad.canvas(), {0.5, 0.15}, {0.5, 0.85});
  QVERIFY(changed.count() >= 1);
  QVERIFY(pad.lastInput().has_value());
  QVERIFY(pad.predictedDigit() >= 0);
  QCOMPARE(pad.lastProbabilities().size(), 10);

  // Predicting again on the same drawing is not a change.
  const int after_stroke = changed.count();
  pad.predictNow();
  QCOMPARE(changed.count(), after_stroke);
  pad.canvas()->clear();
  QCOMPARE(changed.count(), after_stroke + 1);
  QVERIFY(!pad.lastInput().has_value());

  // 784 inputs laid out as another shape: not a drawn digit for a convolution.
  Architecture wide = convArchitecture("conv2@3,dense10");
  wide.input = Shape{1, 14, 56};
  pad.setNetwork(std::make_shared<const Network>(wide, 0.3f, 1));
  QVERIFY(pad.network() == nullptr);
  auto* hint = pad.findChild<ProbabilityBars*>();
  QVERIFY(hint != nullptr);
  bool named = false;
  for (QLabel* label : hint->findChildren<QLabel*>())
    named = named || label->text().contains(QStringLiteral("1x14x56"));
  QVERIFY(named);
}

void TestConvFilters::mistakesWindowFollowsTheCanvas() {
  AnsweringWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  const auto network = convNetwork();
  ModelInfo info;
  info.name = "conv";
  window.session()->setTrainedModel(std::make_shared<const Model>(Model{*network, info}));
  DrawingPad* pad = window.drawingPad();
  QVERIFY(pad->network() != nullptr);

  // Drawn before the window exists: it starts with this drawing's maps.
  draw_line(pad->canvas(), {0.5, 0.15}, {0.5, 0.85});
  window.showHiddenUnits();
  MistakesWindow* mistakes = window.mistakesWindow();
  QVERIFY(mistakes && mistakes->isVisible());
  HiddenUnitsView* view = mistakes->hiddenUnitsView();
  QVERIFY(view->isVisible());
  QVERIFY(view->showsFilters());
  QCOMPARE(view->list()->count(), kFilters);
  QTRY_COMPARE(static_cast<int>(view->shownMaps().size()), kFilters);
  const Model& current = *window.session()->model();
  QCOMPARE(view->shownMaps(), expectedMaps(current.network, *pad->lastInput(), view->shownUnits()));

  // Another stroke: the maps follow.
  draw_line(pad->canvas(), {0.2, 0.3}, {0.8, 0.3});
  const Eigen::VectorXf both = *pad->lastInput();
  QTRY_COMPARE(view->shownMaps(), expectedMaps(current.network, both, view->shownUnits()));

  // Undo and clear too.
  pad->undoAction()->trigger();
  QTRY_COMPARE(view->shownMaps(), expectedMaps(current.network, *pad->lastInput(), view->shownUnits()));
  pad->clearAction()->trigger();
  QTRY_VERIFY(view->shownMaps().empty());

  // Drawing while the confusion tab is in front: the maps catch up when the
  // filters' tab is shown again.
  mistakes->showTab(MistakesWindow::Tab::Confusion);
  QTRY_VERIFY(!view->isVisible());
  draw_line(pad->canvas(), {0.3, 0.2}, {0.6, 0.8});
  mistakes->showTab(MistakesWindow::Tab::HiddenUnits);
  QTRY_COMPARE(view->shownMaps(), expectedMaps(current.network, *pad->lastInput(), view->shownUnits()));
}

void TestConvFilters::modelInfoListsTheLayers() {
  ModelInfo info;
  info.name = "conv";
  const Model conv{*convNetwork(), info};
  ModelInfoDialog conv_dialog(conv, QStringLiteral("/tmp/conv.dpm"));
  auto* table = conv_dialog.findChild<QTableWidget*>(QStringLiteral("layerTable"));
  QVERIFY(table != nullptr);
  QCOMPARE(table->rowCount(), 4);  // conv, pool, dense, and the softmax output
  QCOMPARE(table->item(0, 0)->text(), QStringLiteral("conv6@5 relu"));
  QCOMPARE(table->item(0, 1)->text(), QStringLiteral("6x28x28"));
  QCOMPARE(table->item(0, 2)->text(), QStringLiteral("156"));  // (25 + 1) * 6 parameters
  QCOMPARE(table->item(1, 0)->text(), QStringLiteral("pool2"));
  QCOMPARE(table->item(1, 1)->text(), QStringLiteral("6x14x14"));
  QCOMPARE(table->item(3, 0)->text(), QStringLiteral("dense10 softmax"));
  bool architecture_shown = false;
  for (QLabel* label : conv_dialog.findChildren<QLabel*>())
    architecture_shown = architecture_shown || label->text().startsWith(QStringLiteral("1x28x28 → conv6@5 relu"));
  QVERIFY(architecture_shown);

  // A perceptron's widths say it all: no table.
  const Model dense{Network(Architecture::mlp(784, {16}, 10), 0.1f, 1), info};
  ModelInfoDialog dense_dialog(dense, QStringLiteral("/tmp/dense.dpm"));
  QVERIFY(dense_dialog.findChild<QTableWidget*>(QStringLiteral("layerTable")) == nullptr);
}

void TestConvFilters::modelInfoIsReadableOnASmallScreen() {
  // The convnet preset: the most layers and hyperparameters the app makes.
  const std::optional<Preset> convnet = find_preset("convnet");
  QVERIFY(convnet.has_value());
  ModelInfo info;
  info.name = "convnet";
  info.dataset = "MNIST (60,000 / 10,000)";
  info.hyperparameters = describe(convnet->recipe);
  const Model model{Network(convnet->recipe.architecture, 0.0f, 1), info};
  ModelInfoDialog dialog(model, QStringLiteral("/home/someone/Documents/models/convnet-augmented.dpm"));
  dialog.show();
  QVERIFY(QTest::qWaitForWindowExposed(&dialog));
  // Within a 1024x700 screen, less a title bar and a panel.
  QVERIFY2(dialog.width() <= 1000 && dialog.height() <= 640,
           qPrintable(QStringLiteral("%1x%2").arg(dialog.width()).arg(dialog.height())));
  auto* layers = dialog.findChild<QTableWidget*>(QStringLiteral("layerTable"));
  auto* hyper = dialog.findChild<QTableWidget*>(QStringLiteral("hyperparameterTable"));
  QVERIFY(layers && hyper);
  QTRY_VERIFY(layers->isVisible());
  // Every layer at once, every column whole; the hyperparameters at least
  // fifteen rows at a time, without scrolling sideways.
  QVERIFY2(!layers->verticalScrollBar()->isVisible(), "the layer table scrolls");
  for (QTableWidget* table : {layers, hyper}) {
    QVERIFY2(!table->horizontalScrollBar()->isVisible(), qPrintable(table->objectName() + " scrolls sideways"));
    const int row_height = table->rowHeight(0);
    QVERIFY2(table->viewport()->height() >= std::min(table->rowCount(), 15) * row_height,
             qPrintable(QStringLiteral("%1: %2 px for rows of %3 px")
                            .arg(table->objectName())
                            .arg(table->viewport()->height())
                            .arg(row_height)));
  }
}

DIGITPAD_QTEST_MAIN(TestConvFilters)
#include "test_conv_filters.moc"
