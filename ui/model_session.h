#pragma once

#include "io/model_file.h"

#include <QObject>
#include <QString>

#include <memory>

namespace digitpad {

// The model the app is working with: the network the pad predicts with, the
// file it came from (empty for a freshly trained one) and whether it has
// changes that are not on disk. Loading and saving throw digitpad::Error, so
// the window decides how to tell the user; a failed load leaves the current
// model untouched.
class ModelSession : public QObject {
  Q_OBJECT

 public:
  explicit ModelSession(QObject* parent = nullptr);

  // nullptr when no model is loaded.
  std::shared_ptr<const Model> model() const { return model_; }
  // The network inside model(), sharing its lifetime (for the drawing pad).
  std::shared_ptr<const Network> network() const;
  bool hasModel() const { return model_ != nullptr; }

  QString path() const { return path_; }
  bool isModified() const { return modified_; }
  // The model's recorded name, else its file's base name, else "untitled".
  QString displayName() const;

  // Replaces the current model with the file's; throws Error on any problem.
  void open(const QString& path);
  // Writes the current model to `path` (atomically, see save_model) and makes
  // it the model's file. The model takes the file's base name as its name, as
  // documents do. Throws Error; without a model, throws too.
  void saveAs(const QString& path);
  // A model that exists only in memory (a finished training run): unsaved.
  void setTrainedModel(std::shared_ptr<const Model> model);

 signals:
  void modelChanged();
  void modifiedChanged(bool modified);

 private:
  void setModified(bool modified);

  std::shared_ptr<const Model> model_;
  QString path_;
  bool modified_ = false;
};

}  // namespace digitpad
