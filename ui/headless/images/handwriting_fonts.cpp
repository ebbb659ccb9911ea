// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/handwriting_fonts.h"

#include "core/io/atomic_file.h"
#include "core/util/error.h"

#include <QFileInfo>
#include <QRawFont>
#include <QString>

namespace digitpad {
namespace {

// Font files above this are refused unread (the largest CJK fonts are ~20 MB).
constexpr std::size_t kMaxFontFileBytes = std::size_t{64} << 20;

// The outline of `character` in `font`, empty when the font lacks it.
QPainterPath glyph_of(const QRawFont& font, char16_t character) {
  const QChar wanted(character);
  if (!font.supportsCharacter(wanted)) return {};
  const QList<quint32> glyph = font.glyphIndexesForString(QString(wanted));
  if (glyph.size() != 1 || glyph[0] == 0) return {};
  return font.pathForGlyph(glyph[0]);
}

}  // namespace

std::vector<HandwritingFont> load_handwriting_fonts(const std::vector<std::string>& paths,
                                                    const std::function<void(const std::string&)>& note) {
  std::vector<HandwritingFont> fonts;
  for (const std::string& path : paths) {
    // Read by us (regular files only, never blocking on a FIFO), then handed to Qt.
    const QRawFont raw(QByteArray::fromStdString(read_whole_file(path, kMaxFontFileBytes)), 200.0);
    if (!raw.isValid()) throw Error(path + ": not a font Qt can read");
    HandwritingFont font{QFileInfo(QString::fromStdString(path)).completeBaseName().toStdString(), {}, {}};
    bool complete = true;
    for (int digit = 0; digit < kClassCount && complete; ++digit) {
      font.digits[static_cast<std::size_t>(digit)] = glyph_of(raw, static_cast<char16_t>(u'0' + digit));
      complete = !font.digits[static_cast<std::size_t>(digit)].isEmpty();
    }
    if (!complete) {
      note(path + " lacks some digits, skipped");
      continue;
    }
    for (const char letter : kNonDigitLetters) {
      QPainterPath glyph = glyph_of(raw, static_cast<char16_t>(letter));
      if (!glyph.isEmpty()) font.letters.emplace_back(letter, std::move(glyph));
    }
    fonts.push_back(std::move(font));
  }
  return fonts;
}

}  // namespace digitpad
