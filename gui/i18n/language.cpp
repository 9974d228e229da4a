#include "gui/i18n/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace otscope::gui {

namespace {

QString& installed() {
  static QString language = QStringLiteral("en");
  return language;
}

// "zh", "zh_CN", "zh-Hans-CN", "zh_CN.UTF-8" -> "zh_CN"; "en_GB" -> "en"; else "".
QString normalise(QString name) {
  name = name.section(QLatin1Char('.'), 0, 0).replace(QLatin1Char('-'), QLatin1Char('_'));
  if (name.compare(QLatin1String("en"), Qt::CaseInsensitive) == 0 ||
      name.startsWith(QLatin1String("en_"), Qt::CaseInsensitive) ||
      name.compare(QLatin1String("C"), Qt::CaseInsensitive) == 0 ||
      name.compare(QLatin1String("POSIX"), Qt::CaseInsensitive) == 0)
    return QStringLiteral("en");
  // Simplified Chinese: mainland China, Singapore, or the Hans script; plain "zh" too.
  if (name.compare(QLatin1String("zh"), Qt::CaseInsensitive) == 0 ||
      name.startsWith(QLatin1String("zh_CN"), Qt::CaseInsensitive) ||
      name.startsWith(QLatin1String("zh_SG"), Qt::CaseInsensitive) ||
      name.startsWith(QLatin1String("zh_Hans"), Qt::CaseInsensitive))
    return QStringLiteral("zh_CN");
  return {};
}

}  // namespace

QStringList availableLanguages() {
  return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString chooseLanguage(const QString& requested) {
  if (!requested.isEmpty()) return normalise(requested);
  for (const QString& ui : QLocale::system().uiLanguages()) {
    const QString language = normalise(ui);
    if (!language.isEmpty()) return language;
  }
  return QStringLiteral("en");
}

bool installLanguage(QCoreApplication& app, const QString& language) {
  if (language == QLatin1String("en") || language.isEmpty()) return true;
  const QLocale locale(language);
  auto* own = new QTranslator(&app);
  if (!own->load(locale, QStringLiteral("otscope"), QStringLiteral("_"),
                 QStringLiteral(":/i18n"))) {
    delete own;
    return false;
  }
  QCoreApplication::installTranslator(own);
  // Qt's own strings (standard buttons, file dialogs), when the system has them.
  auto* qt = new QTranslator(&app);
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  else
    delete qt;
  QLocale::setDefault(locale);
  installed() = language;
  return true;
}

QString currentLanguage() {
  return installed();
}

}  // namespace otscope::gui
