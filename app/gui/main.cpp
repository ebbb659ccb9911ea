// SPDX-License-Identifier: GPL-3.0-or-later
// DigitPad's desktop app: `digitpad [MODEL.dpm]`.

#include "app/shared/default_model.h"
#include "ui/shell/main_window.h"
#include "ui/widgets/focus_frame_style.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char* argv[]) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("DigitPad"));
  QApplication::setApplicationName(QStringLiteral("digitpad"));
  QApplication::setApplicationVersion(QStringLiteral(DIGITPAD_VERSION));
  QApplication::setDesktopFileName(QStringLiteral("digitpad"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/digitpad/digitpad.png")));

  // A focus frame that shows where the keyboard is, whatever the style.
  digitpad::installFocusFrameStyle();

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Draw digits and watch a neural network read them; train your own."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("A DigitPad model (.dpm) to open."),
                               QStringLiteral("[MODEL.dpm]"));
  parser.process(app);
  const QStringList positional = parser.positionalArguments();

  digitpad::MainWindow window;
  window.show();
  QStringList default_models;
  for (const std::string& candidate : digitpad::default_model_candidates())
    default_models << QString::fromStdString(candidate);
  window.loadStartupModel(positional.value(0), default_models);
  return app.exec();
}
