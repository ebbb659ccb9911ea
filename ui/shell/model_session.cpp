// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/model_session.h"

#include "core/util/error.h"

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
  previous_.clear();
  newer_.clear();
  emit modelChanged();
  emit historyChanged();
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
  if (model_ && model != model_) {
    previous_.push_back(current());
    while (static_cast<int>(previous_.size()) > kMaxHistory) previous_.pop_front();
  }
  newer_.clear();  // a new branch, as in an editor
  model_ = std::move(model);
  path_.clear();
  setModified(model_ != nullptr);
  emit modelChanged();
  emit historyChanged();
}

QString ModelSession::nameOf(const Entry& entry) {
  if (entry.model && !entry.model->info.name.empty()) return QString::fromStdString(entry.model->info.name);
  if (!entry.path.isEmpty()) return QFileInfo(entry.path).completeBaseName();
  return tr("untitled");
}

QString ModelSession::revertName() const { return previous_.empty() ? QString() : nameOf(previous_.back()); }

QString ModelSession::restoreName() const { return newer_.empty() ? QString() : nameOf(newer_.back()); }

void ModelSession::makeCurrent(Entry entry) {
  model_ = std::move(entry.model);
  path_ = std::move(entry.path);
  setModified(entry.modified);
  emit modelChanged();
  emit historyChanged();
}

void ModelSession::revert() {
  if (previous_.empty()) return;
  Entry back = std::move(previous_.back());
  previous_.pop_back();
  newer_.push_back(current());
  makeCurrent(std::move(back));
}

void ModelSession::restore() {
  if (newer_.empty()) return;
  Entry forward = std::move(newer_.back());
  newer_.pop_back();
  previous_.push_back(current());
  makeCurrent(std::move(forward));
}

void ModelSession::keepForRestore(std::shared_ptr<const Model> model) {
  if (!model) return;
  newer_.clear();
  newer_.push_back(Entry{std::move(model), QString(), true});
  emit historyChanged();
}

void ModelSession::setModified(bool modified) {
  if (modified_ == modified) return;
  modified_ = modified;
  emit modifiedChanged(modified_);
}

}  // namespace digitpad
