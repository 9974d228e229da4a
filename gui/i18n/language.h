// The console's language: English by default, Simplified Chinese (zh_CN) when the system locale
// or `--lang zh_CN` asks for it. Every user-visible string goes through Qt's translation system;
// the translations are built by lrelease from gui/i18n/otscope_*.ts into the program's resources.
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace otscope::gui {

/// The languages the console speaks, English first: "en", "zh_CN".
QStringList availableLanguages();

/// The language to use: `requested` when given ("zh_CN", "zh", "en", ...), else the system
/// locale's; "en" when neither names a language the console speaks. `requested` that names no
/// available language gives "" (the caller reports the error).
QString chooseLanguage(const QString& requested);

/// Installs the translators of `language` (the console's and Qt's own dialogs') on the
/// application and makes it the default locale. "en" installs nothing. False when the console's
/// translation could not be loaded.
bool installLanguage(QCoreApplication& app, const QString& language);

/// The language installed by installLanguage ("en" before).
QString currentLanguage();

/// Translations of the model's terms that the sources cannot name as literals (rule titles and
/// explanations, roles): the contexts lupdate reads from gui/i18n/model_terms.cpp.
inline constexpr const char* kRulesContext = "rules";
inline constexpr const char* kRuleExplanationsContext = "rule_explanations";
inline constexpr const char* kRolesContext = "roles";

}  // namespace otscope::gui
