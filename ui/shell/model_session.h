// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/io/model_file.h"

#include <QObject>
#include <QString>

#include <deque>
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
  // A model that exists only in memory (a finished training run or
  // fine-tune): unsaved. The model it replaces is kept, with its file and
  // its unsaved state, so that revert() can bring it back; opening a file
  // starts a new history.
  void setTrainedModel(std::shared_ptr<const Model> model);

  // Edit ▸ Revert: back to the model the last training run or fine-tune
  // replaced (up to kMaxHistory steps back). The model reverted from is
  // kept for restore(), as an editor's redo.
  static constexpr int kMaxHistory = 4;
  bool canRevert() const { return !previous_.empty(); }
  QString revertName() const;  // the display name of the model revert() brings back
  void revert();
  bool canRestore() const { return !newer_.empty(); }
  QString restoreName() const;
  void restore();
  // A trained model that was offered and declined (the user kept the current
  // one): restore() brings it in after all. Nothing is lost.
  void keepForRestore(std::shared_ptr<const Model> model);

 signals:
  void modelChanged();
  void modifiedChanged(bool modified);
  // canRevert() or canRestore() may have changed.
  void historyChanged();

 private:
  // A model as it was in the session: its file and whether it was saved.
  struct Entry {
    std::shared_ptr<const Model> model;
    QString path;
    bool modified = false;
  };
  void setModified(bool modified);
  Entry current() const { return {model_, path_, modified_}; }
  void makeCurrent(Entry entry);
  static QString nameOf(const Entry& entry);

  std::shared_ptr<const Model> model_;
  QString path_;
  bool modified_ = false;
  std::deque<Entry> previous_;  // most recent at the back
  std::deque<Entry> newer_;     // models reverted from, most recent at the back
};

}  // namespace digitpad
