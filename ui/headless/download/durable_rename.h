// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace digitpad {

// Makes a finished, verified "NAME.part" the file "NAME" in one step, so that
// no reader ever finds a half file under the final name: rename(2) replaces
// atomically within a folder, and the folder is flushed so the rename lasts a
// power cut. (The .part's own bytes were flushed when its download ended.)
// Returns an empty string, or the problem ("rename failed: ...").
QString renameIntoPlace(const QString& from, const QString& to);

// Flushes an open file's bytes to disk (fsync), returning the problem or "".
QString flushToDisk(int fileDescriptor);

}  // namespace digitpad
