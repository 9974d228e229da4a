// otscope-console: the desktop console over an otscope database.
//
//   otscope-console [--db FILE] [--read-only] [--lang zh_CN] [CAPTURE...]
//   otscope-console --db FILE --screenshot OUT.png --view NAME
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>
#include <cstdio>
#include <cstring>

#include "cli/common.h"
#include "engine/detection/policy.h"
#include "gui/i18n/language.h"
#include "gui/main_window.h"
#include "gui/screenshot.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("otscope"));
  QApplication::setApplicationName(QStringLiteral("otscope-console"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

  // The language comes first: the help text is translated too. `--lang X` or `--lang=X`;
  // without it, the system locale's (English unless it is Chinese).
  QString requested;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
      requested = QString::fromLocal8Bit(argv[i + 1]);
    if (std::strncmp(argv[i], "--lang=", 7) == 0) requested = QString::fromLocal8Bit(argv[i] + 7);
  }
  const QString language = otscope::gui::chooseLanguage(requested);
  if (language.isEmpty()) {
    std::fprintf(stderr, "otscope-console: error: unknown language '%s' (languages: %s)\n",
                 qPrintable(requested),
                 qPrintable(otscope::gui::availableLanguages().join(QStringLiteral(", "))));
    return 2;
  }
  if (!otscope::gui::installLanguage(app, language)) {
    std::fprintf(stderr, "otscope-console: error: the %s translation could not be loaded\n",
                 qPrintable(language));
    return 2;
  }

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate(
      "main",
      "The otscope desktop console: assets, alerts and operations of an industrial "
      "network, from an otscope database (followed live while a sensor writes it)."));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption db(
      {QStringLiteral("d"), QStringLiteral("db")},
      QApplication::translate("main", "Database to open (default: $OTSCOPE_DB or ./otscope.db)."),
      QStringLiteral("FILE"));
  QCommandLineOption read_only(
      QStringLiteral("read-only"),
      QApplication::translate("main", "Never write: no acknowledging, editing or replaying."));
  QCommandLineOption policy(
      QStringLiteral("policy"),
      QApplication::translate("main", "Detection policy (TOML) for replays and live captures."),
      QStringLiteral("FILE"));
  QCommandLineOption screenshot(
      QStringLiteral("screenshot"),
      QApplication::translate("main", "Render a view at 1600x1000 to this PNG file and exit."),
      QStringLiteral("OUT.png"));
  QCommandLineOption view(
      QStringLiteral("view"),
      QApplication::translate("main", "The view to show: %1.")
          .arg(otscope::gui::MainWindow::allViewNames().join(QStringLiteral(", "))),
      QStringLiteral("NAME"));
  QCommandLineOption select(
      QStringLiteral("select"),
      QApplication::translate(
          "main", "With --screenshot: filter the view with this text and select its first row."),
      QStringLiteral("FILTER"));
  QCommandLineOption lang(
      QStringLiteral("lang"),
      QApplication::translate("main", "Language of the console: %1 (default: the system's).")
          .arg(otscope::gui::availableLanguages().join(QStringLiteral(", "))),
      QStringLiteral("LANG"));
  parser.addOptions({db, read_only, policy, screenshot, view, select, lang});
  parser.addPositionalArgument(
      QStringLiteral("captures"),
      QApplication::translate("main", "Capture files to replay into the database."),
      QStringLiteral("[CAPTURE...]"));
  parser.process(app);

  otscope::gui::ConsoleOptions options;
  options.database =
      parser.isSet(db) ? parser.value(db) : QString::fromStdString(otscope::cli::default_db());
  options.read_only = parser.isSet(read_only);
  options.captures = parser.positionalArguments();
  if (parser.isSet(policy)) {
    options.policy = parser.value(policy);
    try {
      otscope::detection::load_policy_file(options.policy.toStdString());
    } catch (const otscope::detection::PolicyError& e) {
      std::fprintf(stderr, "otscope-console: error: %s\n", e.what());
      return 2;
    }
  }
  for (const QString& file : options.captures) {
    if (!QFileInfo(file).isReadable()) {
      std::fprintf(stderr, "otscope-console: error: cannot read capture '%s'\n", qPrintable(file));
      return 2;
    }
  }
  const QString name = parser.isSet(view) ? parser.value(view) : QStringLiteral("alerts");
  if (!otscope::gui::MainWindow::allViewNames().contains(name)) {
    std::fprintf(stderr, "otscope-console: error: unknown view '%s' (views: %s)\n",
                 qPrintable(name),
                 qPrintable(otscope::gui::MainWindow::allViewNames().join(QStringLiteral(", "))));
    return 2;
  }

  if (parser.isSet(screenshot)) {
    // A screenshot edits nothing; the window shows what it would with this database.
    options.poll_ms = 100;
    options.settings_file = QDir::temp().filePath(QStringLiteral("otscope-console-screenshot.ini"));
    QFile::remove(options.settings_file);
    const QString error =
        otscope::gui::takeScreenshot(options, name, parser.value(select), parser.value(screenshot));
    if (!error.isEmpty()) {
      std::fprintf(stderr, "otscope-console: error: %s\n", qPrintable(error));
      return 1;
    }
    return 0;
  }

  otscope::gui::MainWindow window(options);
  if (parser.isSet(view)) window.showView(name);
  window.show();
  return app.exec();
}
