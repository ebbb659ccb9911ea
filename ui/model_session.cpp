#include "model_session.h"

#include "util/error.h"

#include <QFileInfo>

namespace digitpad {

ModelSession::ModelSession(QObject* parent) : QObject(parent) {}

std::shared_ptr<const Network> ModelSession::network() const {
  if (!model_) return nullptr;
  // Aliasing constructor: the network keeps the whole model alive.
  return std::shared_ptr<const Network>(model_, &model_->network);
}

QString ModelSession::displayName() const {
  if (model_ && !model_->info.name.empty()) return QString::fromStdString(model_->info.name);
  if (!path_.isEmpty()) return QFileInfo(path_).completeBaseName();
  return tr("untitled");
}

void ModelSession::open(const QString& path) {
  // load_model checks everything before we touch the current model.
  auto loaded = std::make_shared<const Model>(load_model(path.toStdString()));
  model_ = std::move(loaded);
  path_ = QFileInfo(path).absoluteFilePath();
  setModified(false);
  emit modelChanged();
}

void ModelSession::saveAs(const QString& path) {
  if (!model_) throw Error(path.toStdString() + ": there is no model to save");
  ModelInfo info = model_->info;
  info.name = QFileInfo(path).completeBaseName().toStdString();
  save_model(path.toStdString(), model_->network, info);
  // Only after the file is safely written does the session follow it.
  if (info != model_->info) model_ = std::make_shared<const Model>(Model{model_->network, std::move(info)});
  path_ = QFileInfo(path).absoluteFilePath();
  setModified(false);
  emit modelChanged();
}

void ModelSession::setTrainedModel(std::shared_ptr<const Model> model) {
  model_ = std::move(model);
  path_.clear();
  setModified(model_ != nullptr);
  emit modelChanged();
}

void ModelSession::setModified(bool modified) {
  if (modified_ == modified) return;
  modified_ = modified;
  emit modifiedChanged(modified_);
}

}  // namespace digitpad
