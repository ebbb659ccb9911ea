// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/drawing_pad.h"

#include "core/nn/finite_outputs.h"

#include "ui/headless/images/digit_image.h"
#include "ui/pad/answer_explainer.h"
#include "ui/pad/canvas_column.h"
#include "ui/pad/digit_boxes_overlay.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/input_preview.h"
#include "ui/pad/picture_input.h"
#include "ui/pad/mode_switch.h"
#include "ui/pad/number_answer.h"
#include "ui/pad/probability_bars.h"
#include "ui/pad/teach_row.h"
#include "ui/widgets/tab_chain.h"
#include "ui/widgets/text_tool_button.h"

#include "core/recognition/digit_classes.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace digitpad {
namespace {

// Whether `object` is a field the user types into: there the pad's keys
// (digits, Esc, Delete, Ctrl+Z) belong to the field, not to the canvas.
bool isTextField(const QObject* object) {
  if (const auto* line = qobject_cast<const QLineEdit*>(object)) return !line->isReadOnly();
  if (const auto* spin = qobject_cast<const QAbstractSpinBox*>(object)) return !spin->isReadOnly();
  if (const auto* text = qobject_cast<const QTextEdit*>(object)) return !text->isReadOnly();
  if (const auto* plain = qobject_cast<const QPlainTextEdit*>(object)) return !plain->isReadOnly();
  if (const auto* combo = qobject_cast<const QComboBox*>(object)) return combo->isEditable();
  return false;
}

// The pad's shortcuts work from anywhere in its window (Qt::WindowShortcut),
// except while the user types in a field: Qt asks the focused widget first
// with a ShortcutOverride event, and accepting it there hands the key to the
// field as an ordinary key press. Line edits accept digits and their own
// editing keys by themselves, but not Esc; this makes it so for every key
// of the pad, in every kind of field. Installed on the application (the
// override goes to whichever widget has focus), it looks only at fields in
// the pad's own window.
class FieldsKeepTheirKeys : public QObject {
 public:
  explicit FieldsKeepTheirKeys(DrawingPad* pad) : QObject(pad), pad_(pad) {}

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() != QEvent::ShortcutOverride || !isTextField(watched)) return false;
    const auto* widget = static_cast<const QWidget*>(watched);
    if (widget->window() != pad_->window()) return false;
    const auto* key = static_cast<QKeyEvent*>(event);
    const QKeySequence pressed(key->keyCombination());
    for (const QAction* action : pad_->actions()) {
      for (const QKeySequence& shortcut : action->shortcuts()) {
        if (shortcut.matches(pressed) == QKeySequence::ExactMatch) {
          event->accept();
          return true;
        }
      }
    }
    return false;
  }

 private:
  DrawingPad* pad_;
};

}  // namespace

DrawingPad::DrawingPad(QWidget* parent) : QWidget(parent) {
  setObjectName("drawingPad");
  no_model_hint_ = noModelHint();

  canvas_ = new DrawingCanvas;
  preview_ = new InputPreview(this);
  bars_ = new ProbabilityBars(this);

  canvas_column_ = new CanvasColumn(canvas_, buildTools(), this);
  digit_boxes_ = new DigitBoxesOverlay(canvas_);
  digit_boxes_->hide();

  auto* preview_caption = new QLabel(tr("What the network sees (28×28)"), this);
  preview_caption->setObjectName("inputPreviewCaption");
  QFont caption_font = preview_caption->font();
  caption_font.setBold(true);
  preview_caption->setFont(caption_font);

  // The answer (digit, confidence, bars) and the preview share a row beneath
  // the canvas, so the canvas takes the pane's height and grows with the
  // window. The answer has a fixed width, so that a long hint wraps instead
  // of pushing the preview aside.
  auto* answer = new QWidget(this);
  answer->setFixedWidth(std::max(preview_->sizeHint().width(), 250));
  auto* answer_column = new QVBoxLayout(answer);
  answer_column->setContentsMargins(0, 0, 0, 0);
  answer_column->addWidget(bars_);
  answer_column->addStretch(1);

  auto* preview_box = new QWidget(this);
  auto* preview_column = new QVBoxLayout(preview_box);
  preview_column->setContentsMargins(0, 0, 0, 0);
  preview_column->setSpacing(6);
  preview_column->addWidget(preview_caption);
  // "Why?" and its legend share one row close under the view, in the height
  // the answer beside them takes anyway, and the legend keeps its space while
  // hidden: the canvas above must not lose room (nor its drawing's 28x28
  // form change) when the user turns Why? on.
  explainer_ = new AnswerExplainer(preview_, preview_box);
  auto* why_row = new QHBoxLayout;
  why_row->setContentsMargins(0, 0, 0, 0);
  why_row->setSpacing(6);
  why_row->addWidget(explainer_->toggle(), 0, Qt::AlignTop);
  explainer_->fitLegend(preview_->sizeHint().width() - explainer_->toggle()->sizeHint().width() - why_row->spacing());
  why_row->addWidget(explainer_->legend(), 0, Qt::AlignTop);
  why_row->addStretch(1);
  auto* view_and_why = new QVBoxLayout;
  view_and_why->setContentsMargins(0, 0, 0, 0);
  view_and_why->setSpacing(2);
  view_and_why->addWidget(preview_, 0, Qt::AlignLeft);
  view_and_why->addLayout(why_row);
  preview_column->addLayout(view_and_why);
  preview_column->addStretch(1);

  // In a widget of its own, so that Number mode can put its answer in its place.
  digit_results_ = new QWidget(this);
  auto* results = new QHBoxLayout(digit_results_);
  results->setContentsMargins(0, 0, 0, 0);
  results->setSpacing(0);
  results->addStretch(1);
  results->addWidget(answer, 0);
  results->addSpacing(24);
  results->addWidget(preview_box, 0);
  results->addStretch(1);

  auto* layout = new QVBoxLayout(this);
  layout->setSpacing(12);
  layout->addWidget(canvas_column_, 1);
  layout->addWidget(digit_results_, 0);
  number_answer_ = new NumberAnswer(this);
  number_answer_->hide();
  layout->addWidget(number_answer_, 1);

  // Tab as the pad reads: the canvas, then its tools left to right (the
  // mode, Undo, Clear, the pen), the Teach row, and the answer's Why?. The
  // canvas is made before its tools, so creation order would start with them.
  QList<QWidget*> chain{canvas_};
  for (const char* name : {"digitModeButton", "numberModeButton", "undoButton", "clearButton", "penWidthSlider"})
    chain << canvas_column_->findChild<QWidget*>(QLatin1String(name));
  for (int digit = 0; digit <= 9; ++digit)
    chain << teach_row_->findChild<QWidget*>(QStringLiteral("teachButton%1").arg(digit));
  chain << explainer_->toggle();
  setTabChain(chain);

  live_timer_.setSingleShot(true);
  live_timer_.setInterval(kLivePredictionMs);
  connect(&live_timer_, &QTimer::timeout, this, &DrawingPad::predictNow);
  connect(canvas_, &DrawingCanvas::drawingChanged, this, &DrawingPad::onDrawingChanged);
  connect(mode_switch_, &ModeSwitch::modeChanged, this, &DrawingPad::applyMode);

  predictNow();
}

QWidget* DrawingPad::buildTools() {
  auto* tools = new QWidget(this);

  // Shortcuts live on the pad with WindowShortcut: they work from anywhere in
  // the window (Esc had been swallowed elsewhere and a 6 was drawn over an
  // 8), except in a field being typed into (FieldsKeepTheirKeys).
  qApp->installEventFilter(new FieldsKeepTheirKeys(this));
  undo_action_ = new QAction(tr("Undo"), this);
  undo_action_->setObjectName("undoAction");
  undo_action_->setShortcut(QKeySequence::Undo);
  undo_action_->setShortcutContext(Qt::WindowShortcut);
  undo_action_->setToolTip(
      tr("Undo the last stroke (%1)").arg(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
  connect(undo_action_, &QAction::triggered, canvas_, &DrawingCanvas::undo);
  addAction(undo_action_);

  clear_action_ = new QAction(tr("Clear"), this);
  clear_action_->setObjectName("clearAction");
  clear_action_->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(QKeySequence::Delete)});
  clear_action_->setShortcutContext(Qt::WindowShortcut);
  clear_action_->setToolTip(tr("Clear the canvas (Esc or Delete)"));
  connect(clear_action_, &QAction::triggered, canvas_, &DrawingCanvas::clear);
  addAction(clear_action_);

  // Ctrl+V, a pad shortcut like Undo (a field being typed into keeps it).
  picture_input_ = new PictureInput(canvas_, this);
  addAction(picture_input_->pasteAction());

  auto* undo_button = makeTextToolButton(undo_action_, tools);
  undo_button->setObjectName("undoButton");
  auto* clear_button = makeTextToolButton(clear_action_, tools);
  clear_button->setObjectName("clearButton");

  const QString pen_tip = tr("Pen width, in pixels of a %1-pixel canvas: on a larger canvas the pen is as much "
                             "larger as the drawing, so resizing the window never changes it. MNIST digits "
                             "have strokes about 1/14 of the box.")
                              .arg(DrawingCanvas::kReferenceSide);
  auto* pen_caption = new QLabel(tr("Pen"), tools);
  pen_caption->setToolTip(pen_tip);
  pen_slider_ = new QSlider(Qt::Horizontal, tools);
  pen_slider_->setObjectName("penWidthSlider");
  pen_slider_->setRange(6, 60);
  pen_slider_->setPageStep(4);
  pen_slider_->setValue(canvas_->penWidth());
  pen_slider_->setToolTip(pen_tip);
  pen_slider_->setMinimumWidth(90);
  pen_label_ = new QLabel(tools);
  pen_label_->setObjectName("penWidthLabel");
  pen_label_->setMinimumWidth(pen_label_->fontMetrics().horizontalAdvance("80") + 4);
  // The setting's number only: its pixels are those of a kReferenceSide canvas (tooltip).
  pen_label_->setText(QString::number(canvas_->penWidth()));
  connect(pen_slider_, &QSlider::valueChanged, canvas_, &DrawingCanvas::setPenWidth);
  pen_label_->setToolTip(pen_tip);
  connect(canvas_, &DrawingCanvas::penWidthChanged, this, [this](int pixels) {
    // Blocked: a pen outside the slider's range must not be clamped back.
    const QSignalBlocker blocker(pen_slider_);
    pen_slider_->setValue(pixels);
    pen_label_->setText(QString::number(pixels));
  });

  // The Teach row's digit keys are the pad's shortcuts too, like Undo's.
  teach_row_ = new TeachRow(tools);
  for (QAction* action : teach_row_->digitActions()) {
    action->setShortcutContext(Qt::WindowShortcut);
    addAction(action);
  }
  connect(teach_row_, &TeachRow::digitChosen, this, [this](int digit) {
    predictNow();  // a shortcut may beat the live timer: teach what is drawn now
    if (last_input_) emit teachRequested(digit);
  });

  auto* column = new QVBoxLayout(tools);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(4);
  auto* row = new QHBoxLayout;
  column->addLayout(row);
  column->addWidget(teach_row_);
  row->setSpacing(6);
  mode_switch_ = new ModeSwitch(tools);
  row->addWidget(mode_switch_);
  row->addSpacing(16);
  row->addWidget(undo_button);
  row->addWidget(clear_button);
  row->addSpacing(16);
  row->addWidget(pen_caption);
  row->addWidget(pen_slider_, 1);
  row->addWidget(pen_label_);
  return tools;
}

QString DrawingPad::noModelHint() {
  // No-break spaces keep "File ▸ Open" on one line when the hint wraps.
  return tr("No model loaded — open one (File\u00a0▸\u00a0Open) or train one in the panel on the right.");
}

void DrawingPad::setNetwork(std::shared_ptr<const Network> network) {
  no_model_hint_ = noModelHint();
  if (network) {
    if (const auto problem = digit_model_problem(network->architecture())) {
      no_model_hint_ =
          tr("This model cannot read drawn digits: %1. Open or train another.").arg(QString::fromStdString(*problem));
      network.reset();
    }
  }
  network_ = std::move(network);
  predictNow();
}

void DrawingPad::updateActions() {
  undo_action_->setEnabled(!canvas_->isEmpty());
  clear_action_->setEnabled(!canvas_->isEmpty());
  // Teaching takes one digit: off in Number mode (the row says why).
  const bool can_teach = mode_ == PadMode::Digit && !canvas_->isEmpty();
  for (QAction* action : teach_row_->digitActions()) action->setEnabled(can_teach);
}

void DrawingPad::onDrawingChanged() {
  updateActions();
  if (!canvas_->isDrawing()) return predictNow();
  // Coalesce: a timer already running will pick this change up too.
  if (!live_timer_.isActive()) live_timer_.start();
}

void DrawingPad::predictNow() {
  live_timer_.stop();
  if (mode_ == PadMode::Number) return readNumberNow();
  std::optional<Eigen::VectorXf> input = digit_input_from_image(canvas_->source());
  const bool input_changed = input.has_value() != last_input_.has_value() || (input && *input != *last_input_);
  last_input_ = std::move(input);
  preview_->setInput(last_input_);

  int digit = -1;
  float confidence = 0;
  if (!network_) {
    last_probabilities_.resize(0);
    bars_->showHint(no_model_hint_);
  } else if (!last_input_) {
    last_probabilities_.resize(0);
    bars_->showHint(tr("Draw a digit 0–9 in the box"));
  } else {
    try {
      last_probabilities_ = network_->probabilities(*last_input_).col(0);
      Eigen::Index best = 0;
      confidence = last_probabilities_.maxCoeff(&best);
      digit = static_cast<int>(best);
      bars_->setProbabilities(last_probabilities_);
    } catch (const NonFiniteOutputs& error) {
      // No answer rather than a made-up one: say why instead of bars of NaN.
      last_probabilities_.resize(0);
      bars_->showHint(tr("This model cannot be used: %1").arg(QString::fromStdString(error.what())));
    }
  }
  updateActions();
  explainer_->follow(network_, last_input_);

  if (digit != predicted_digit_ || confidence != confidence_) {
    predicted_digit_ = digit;
    confidence_ = confidence;
    emit predictionChanged(digit, confidence);
  }
  if (input_changed) emit inputChanged();
}

}  // namespace digitpad
