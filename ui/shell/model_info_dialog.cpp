// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/model_info_dialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace digitpad {
namespace {

QString orDash(const QString& text) { return text.isEmpty() ? QStringLiteral("–") : text; }

QString percentOrDash(float fraction, bool known) {
  return known ? QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 2) : QStringLiteral("–");
}

QLabel* valueLabel(const QString& text) {
  auto* label = new QLabel(text);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->setWordWrap(true);
  return label;
}

// The file's ISO 8601 UTC time shown in the user's time zone and format.
QString localTime(const std::string& iso) {
  const QDateTime time = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
  if (!time.isValid()) return orDash(QString::fromStdString(iso));
  return QLocale().toString(time.toLocalTime(), QLocale::LongFormat);
}

// A table of the hyperparameter table's look: read-only rows, no row numbers.
QTableWidget* makeTable(int rows, const QStringList& headers) {
  auto* table = new QTableWidget(rows, static_cast<int>(headers.size()));
  table->setHorizontalHeaderLabels(headers);
  table->verticalHeader()->setVisible(false);
  table->horizontalHeader()->setStretchLastSection(true);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setAlternatingRowColors(true);
  return table;
}

// One row per layer with the shape it produces and the parameters it owns,
// for networks with maps (a perceptron's widths already say it all).
QTableWidget* layerTable(const Architecture& architecture) {
  const QLocale locale;
  const QString activation = QString::fromStdString(std::string(activation_name(architecture.activation)));
  const std::vector<PlannedLayer> layers = plan_layers(architecture);
  QTableWidget* table = makeTable(static_cast<int>(layers.size()),
                                  {QObject::tr("Layer"), QObject::tr("Output"), QObject::tr("Parameters")});
  table->setObjectName("layerTable");
  for (int row = 0; row < table->rowCount(); ++row) {
    const PlannedLayer& layer = layers[static_cast<std::size_t>(row)];
    QString name = layer.is_output ? QObject::tr("dense%1 softmax").arg(layer.output.size())
                                   : QString::fromStdString(layer_text(layer.spec));
    // What the kind is, from the layer-kind table (core/nn/layer_kinds.h).
    const LayerKindInfo& kind = layer_kind(layer.spec.kind);
    if (!layer.is_output && kind.takes_activation) name += QLatin1Char(' ') + activation;
    auto* item = new QTableWidgetItem(name);
    item->setToolTip(QStringLiteral("%1: %2").arg(
        QString::fromUtf8(kind.name.data(), static_cast<qsizetype>(kind.name.size())),
        QString::fromUtf8(kind.description.data(), static_cast<qsizetype>(kind.description.size()))));
    table->setItem(row, 0, item);
    table->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(layer.output.text())));
    auto* parameters = new QTableWidgetItem(
        layer.parameters > 0 ? locale.toString(static_cast<qlonglong>(layer.parameters)) : QStringLiteral("–"));
    parameters->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table->setItem(row, 2, parameters);
  }
  table->resizeColumnsToContents();
  // Every column whole: the dialog gives the table this much width, never
  // less (with a little to spare: the columns measure a few pixels wider
  // once the table is shown and styled).
  table->setMinimumWidth(table->horizontalHeader()->length() + 2 * table->frameWidth() +
                         table->verticalScrollBar()->sizeHint().width() + 12);
  return table;
}

}  // namespace

QString architectureText(const Architecture& architecture) {
  return QString::fromStdString(architecture_text(architecture));
}

ModelInfoDialog::ModelInfoDialog(const Model& model, const QString& path, QWidget* parent) : QDialog(parent) {
  setObjectName("modelInfoDialog");
  const ModelInfo& info = model.info;
  const QLocale locale;
  setWindowTitle(tr("Model info: %1").arg(orDash(QString::fromStdString(info.name))));

  auto* network_group = new QGroupBox(tr("Network"));
  auto* network_form = new QFormLayout(network_group);
  network_form->addRow(tr("Name:"), valueLabel(orDash(QString::fromStdString(info.name))));
  network_form->addRow(tr("File:"), valueLabel(orDash(path)));
  network_form->addRow(tr("Architecture:"), valueLabel(architectureText(model.network.architecture())));

  network_form->addRow(
      tr("Parameters:"),
      valueLabel(locale.toString(static_cast<qlonglong>(model.network.architecture().parameter_count()))));

  const bool trained = info.iterations > 0;
  auto* training_group = new QGroupBox(tr("Training"));
  auto* training_form = new QFormLayout(training_group);
  training_form->addRow(tr("Data:"), valueLabel(orDash(QString::fromStdString(info.dataset))));
  training_form->addRow(tr("Training digits:"),
                        valueLabel(info.train_count > 0 ? locale.toString(info.train_count) : QStringLiteral("–")));
  training_form->addRow(tr("Test digits:"),
                        valueLabel(info.test_count > 0 ? locale.toString(info.test_count) : tr("none")));
  training_form->addRow(tr("Train accuracy:"), valueLabel(percentOrDash(info.train_accuracy, trained)));
  training_form->addRow(tr("Test accuracy:"),
                        valueLabel(percentOrDash(info.test_accuracy, trained && info.test_count > 0)));
  training_form->addRow(tr("Final cost:"),
                        valueLabel(trained ? QString::number(info.final_cost, 'f', 4) : QStringLiteral("–")));
  training_form->addRow(tr("Iterations:"),
                        valueLabel(trained ? locale.toString(info.iterations) : QStringLiteral("–")));
  training_form->addRow(tr("Created:"), valueLabel(localTime(info.created)));

  QTableWidget* table = makeTable(static_cast<int>(info.hyperparameters.size()), {tr("Hyperparameter"), tr("Value")});
  table->setObjectName("hyperparameterTable");
  for (int row = 0; row < table->rowCount(); ++row) {
    const auto& [key, value] = info.hyperparameters[static_cast<std::size_t>(row)];
    table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(key)));
    auto* value_item = new QTableWidgetItem(QString::fromStdString(value));
    value_item->setToolTip(value_item->text());  // a long layer list is cut short in the cell
    table->setItem(row, 1, value_item);
  }
  // The names whole, the values in the width left (never a sideways scroll).
  table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  table->resizeColumnToContents(0);
  table->setMinimumWidth(table->columnWidth(0) + 120 + 2 * table->frameWidth() +
                         table->verticalScrollBar()->sizeHint().width());
  auto* hyper_group = new QGroupBox(tr("Hyperparameters"));
  auto* hyper_layout = new QVBoxLayout(hyper_group);
  hyper_layout->addWidget(table);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  // Side by side: the facts (network, training), the layers and the
  // hyperparameters, each table as tall as the dialog. Stacked in one
  // column, the tables were left a few rows each on a 700-pixel screen.
  auto* facts = new QVBoxLayout;
  facts->addWidget(network_group);
  facts->addWidget(training_group);
  facts->addStretch(1);
  auto* columns = new QHBoxLayout;
  columns->addLayout(facts, 4);
  const bool has_layer_table = !model.network.architecture().dense_only();
  if (has_layer_table) {
    // Layer by layer, with shapes: the one-line architecture does not say
    // how big the maps are or where the parameters sit.
    auto* layers_group = new QGroupBox(tr("Layers"));
    auto* layers_layout = new QVBoxLayout(layers_group);
    layers_layout->addWidget(layerTable(model.network.architecture()));
    columns->addWidget(layers_group, 3);
  }
  columns->addWidget(hyper_group, 3);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(columns, 1);
  layout->addWidget(buttons);
  // Fits a 1024x700 screen with room for the window frame.
  resize(has_layer_table ? 980 : 760, 600);
}

}  // namespace digitpad
