// DigitPad's desktop app: `digitpad [MODEL.dpm]`.

#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QStandardPaths>

namespace {

// Where the shipped default model may be, most specific first.
QStringList defaultModelCandidates() {
  const QString relative = QStringLiteral("models/default.dpm");
  QStringList candidates;
  // A binary run from its build tree uses the model in the source tree.
  if (QDir(QCoreApplication::applicationDirPath()).absolutePath().startsWith(QStringLiteral(DIGITPAD_BINARY_DIR)))
    candidates << QStringLiteral(DIGITPAD_SOURCE_DIR "/") + relative;
  // Installed: next to the binary's prefix (relocatable), then the configured prefix.
  candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/digitpad/") + relative;
  candidates << QStringLiteral(DIGITPAD_INSTALL_DATADIR "/digitpad/") + relative;
  for (const QString& folder : QStandardPaths::standardLocations(QStandardPaths::AppDataLocation))
    candidates << folder + QStringLiteral("/") + relative;
  candidates.removeDuplicates();
  return candidates;
}

}  // namespace

int main(int argc, char* argv[]) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("DigitPad"));
  QApplication::setApplicationName(QStringLiteral("digitpad"));
  QApplication::setApplicationVersion(QStringLiteral(DIGITPAD_VERSION));
  QApplication::setDesktopFileName(QStringLiteral("digitpad"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/digitpad/digitpad.png")));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Draw digits and watch a neural network read them; train your own."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("A DigitPad model (.dpm) to open."),
                               QStringLiteral("[MODEL.dpm]"));
  parser.process(app);
  const QStringList positional = parser.positionalArguments();

  digitpad::MainWindow window;
  window.show();
  window.loadStartupModel(positional.value(0), defaultModelCandidates());
  return app.exec();
}
