// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace digitpad {

// Where file dialogs start: the folder the user last chose a file or folder
// in (kept in QSettings, so across sessions), else their Documents folder;
// never the working directory, which for a run from the build is the source tree.
QString dialogFolder();
// `name` in dialogFolder(), for a save dialog's suggestion.
QString dialogPath(const QString& name);
// Remembers the folder of a chosen file, or a chosen folder itself; nothing for "".
void rememberDialogChoice(const QString& chosen);

}  // namespace digitpad
