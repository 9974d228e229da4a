// The console in Simplified Chinese: the translation is complete and up to date with the sources
// (lupdate and lrelease as scripts/i18n-update.sh runs them), every rule, role and severity the
// model names is translated, the window speaks Chinese when asked (by --lang or by the system
// locale), and Chinese text is drawn with real glyphs, not boxes.
//
// Its own test program: it installs the zh_CN translator for the whole process.
#include <gtest/gtest.h>

#include <QAbstractItemModel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTabBar>
#include <QTabWidget>
#include <QTextLayout>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "gui/i18n/language.h"
#include "gui/models/view_models.h"
#include "gui/views/table_page.h"
#include "gui/views/view_export.h"
#include "model/asset_role.h"
#include "model/detection/rules.h"
#include "tests/gui/gui_fixtures.h"

namespace otscope::test {
namespace {

namespace fs = std::filesystem;
namespace det = otscope::detection;

constexpr const char* kLupdate = "/usr/lib/qt6/bin/lupdate";
constexpr const char* kLrelease = "/usr/lib/qt6/bin/lrelease";

bool hasCjk(const QString& s) {
  for (QChar c : s)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class I18n : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(gui::installLanguage(*QCoreApplication::instance(), QStringLiteral("zh_CN")));
  }
};

TEST_F(I18n, TheTranslationCoversEverySourceStringAndLeavesNoneUnfinished) {
  if (!fs::exists(kLupdate) || !fs::exists(kLrelease))
    GTEST_SKIP() << "Qt Linguist's tools are not installed (scripts/install-deps.sh)";
  // lupdate over the sources into a copy, then lrelease, as scripts/i18n-update.sh runs them: a
  // string added to the code without a translation shows up as new and unfinished, and the copy
  // differs from the committed file.
  const CommandResult check = run_command({"/bin/bash", "scripts/i18n-update.sh", "--check"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("(0 new and"), std::string::npos)
      << "strings in the code that gui/i18n/otscope_zh_CN.ts lacks: run scripts/i18n-update.sh "
         "and translate them\n"
      << check.out;
  const QRegularExpression generated(
      QStringLiteral("Generated (\\d+) translation\\(s\\) \\((\\d+) "
                     "finished and (\\d+) unfinished\\)"));
  const auto m = generated.match(QString::fromStdString(check.out));
  ASSERT_TRUE(m.hasMatch()) << check.out;
  EXPECT_GT(m.captured(1).toInt(), 500);
  EXPECT_EQ(m.captured(1), m.captured(2));
  EXPECT_EQ(m.captured(3).toInt(), 0);
  EXPECT_EQ(check.out.find("Ignored"), std::string::npos) << check.out;

  // plural(n, context, one, many) translates at run time: lupdate sees its words only when they
  // are marked QT_TRANSLATE_NOOP at the call.
  for (const auto& e : fs::recursive_directory_iterator("gui")) {
    if (e.path().extension() != ".cpp" || e.path() == "gui/text.cpp") continue;  // its definition
    const std::string text = readFile(e.path());
    for (std::size_t at = text.find("plural("); at != std::string::npos;
         at = text.find("plural(", at + 1)) {
      const std::string call = text.substr(at, 240);
      EXPECT_NE(call.find("QT_TRANSLATE_NOOP("), std::string::npos)
          << e.path() << ": plural() without QT_TRANSLATE_NOOP: " << call.substr(0, 80);
    }
  }
}

TEST_F(I18n, EveryRuleRoleSeverityAndStateIsTranslated) {
  for (const det::Rule& r : det::builtin_rules()) {
    const std::string title(r.title), explanation(r.explanation);
    const QString t = QCoreApplication::translate(gui::kRulesContext, title.c_str());
    EXPECT_TRUE(hasCjk(t)) << "rule title not translated: " << title
                           << " (scripts/i18n-update.sh writes gui/i18n/model_terms.cpp)";
    const QString e =
        QCoreApplication::translate(gui::kRuleExplanationsContext, explanation.c_str());
    EXPECT_TRUE(hasCjk(e)) << "rule explanation not translated: " << explanation;
    EXPECT_TRUE(hasCjk(gui::ruleTitleText(r.id))) << title;
  }
  for (int i = 0; i <= static_cast<int>(AssetRole::ItHost); ++i) {
    const auto role = static_cast<AssetRole>(i);
    const std::string label(asset_role_label(role));
    const QString t = QCoreApplication::translate(gui::kRolesContext, label.c_str());
    // Acronyms stay as they are in Chinese too.
    if (label != "PLC") {
      EXPECT_TRUE(hasCjk(t)) << "role not translated: " << label;
    }
  }
  for (det::Severity s :
       {det::Severity::Low, det::Severity::Medium, det::Severity::High, det::Severity::Critical})
    EXPECT_TRUE(hasCjk(gui::severityText(s)));
  for (det::AlertState s :
       {det::AlertState::Open, det::AlertState::Acknowledged, det::AlertState::Closed})
    EXPECT_TRUE(hasCjk(gui::alertStateText(s)));
}

TEST_F(I18n, TheWindowSpeaksChineseAndDrawsRealGlyphs) {
  TempDir dir;
  const fs::path db = dir.path() / "demo.db";
  analyzeInto(db, {demoCapture()});
  auto window = openWindow(db, /*read_only=*/true);
  ASSERT_TRUE(window->hasData());

  // Tabs and menus.
  auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("views"));
  ASSERT_NE(tabs, nullptr);
  for (int i = 0; i < tabs->count(); ++i)
    EXPECT_TRUE(hasCjk(tabs->tabText(i))) << tabs->tabText(i).toStdString();
  for (QAction* menu : window->menuBar()->actions())
    EXPECT_TRUE(hasCjk(menu->text())) << menu->text().toStdString();

  // Column headers: translated, except the acronyms that stay as they are.
  const std::set<QString> acronyms = {QStringLiteral("MAC"),    QStringLiteral("VLAN"),
                                      QStringLiteral("CVSS"),   QStringLiteral("CVE"),
                                      QStringLiteral("ATT&CK"), QStringLiteral("IP")};
  for (const QString& name : gui::MainWindow::viewNames()) {
    gui::TablePage* page = window->page(name);
    if (page == nullptr) continue;
    QAbstractItemModel* model = page->proxy();
    for (int c = 0; c < model->columnCount(); ++c) {
      const QString header = model->headerData(c, Qt::Horizontal).toString();
      EXPECT_TRUE(hasCjk(header) || acronyms.contains(header))
          << name.toStdString() << " column " << header.toStdString();
    }
  }
  // Cells the console words itself (severity, state, role) are Chinese too.
  QAbstractItemModel* alerts = window->page(QStringLiteral("alerts"))->proxy();
  ASSERT_GT(alerts->rowCount(), 0);
  EXPECT_TRUE(hasCjk(alerts->index(0, gui::AlertTraits::Severity).data().toString()));
  EXPECT_TRUE(hasCjk(alerts->index(0, gui::AlertTraits::Title).data().toString()));

  // Real glyphs: laid out in the tab bar's font, every glyph of a Chinese tab title exists in the
  // font that draws it (glyph 0 is the "missing" box).
  const QString text = tabs->tabText(0) + tabs->tabText(1);
  QTextLayout layout(text, tabs->tabBar()->font());
  layout.beginLayout();
  layout.createLine();
  layout.endLayout();
  const QList<QGlyphRun> runs = layout.glyphRuns();
  ASSERT_FALSE(runs.isEmpty());
  int glyphs = 0;
  for (const QGlyphRun& run : runs) {
    for (quint32 g : run.glyphIndexes()) {
      EXPECT_NE(g, 0u) << "a box instead of a glyph, font "
                       << run.rawFont().familyName().toStdString();
      ++glyphs;
    }
  }
  EXPECT_EQ(glyphs, text.size());
}

TEST_F(I18n, TheConsolesReportIsInTheConsolesLanguage) {
  TempDir dir;
  const fs::path db = dir.path() / "demo.db";
  analyzeInto(db, {demoCapture()});
  const fs::path html = dir.path() / "report.html";
  ASSERT_EQ(
      gui::writeReport(QString::fromStdString(db.string()), QString::fromStdString(html.string())),
      QString());
  const std::string t = readFile(html);
  EXPECT_NE(t.find("<title>OT 资产清单</title>"), std::string::npos);
  EXPECT_NE(t.find("2. 资产清单"), std::string::npos);
  EXPECT_NE(t.find("工程师站"), std::string::npos);
  EXPECT_EQ(t.find("Asset inventory"), std::string::npos);
}

TEST_F(I18n, TheLanguageFollowsTheOptionOrTheSystemLocale) {
  EXPECT_EQ(gui::chooseLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
  EXPECT_EQ(gui::chooseLanguage(QStringLiteral("zh")), QStringLiteral("zh_CN"));
  EXPECT_EQ(gui::chooseLanguage(QStringLiteral("zh-Hans-CN")), QStringLiteral("zh_CN"));
  EXPECT_EQ(gui::chooseLanguage(QStringLiteral("en_US.UTF-8")), QStringLiteral("en"));
  EXPECT_EQ(gui::chooseLanguage(QStringLiteral("fr")), QString());

  // The program: its help in the system locale's language, English by default.
  const std::string console = OTSCOPE_CONSOLE_BIN;
  const auto help = [&](const std::string& lang, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {
        "/usr/bin/env", "LANG=" + lang, "LC_ALL=" + lang, "LANGUAGE=", "QT_QPA_PLATFORM=offscreen",
        console};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_command(argv);
  };
  const CommandResult zh = help("zh_CN.UTF-8", {"--help"});
  EXPECT_EQ(zh.exit_code, 0);
  EXPECT_NE(zh.out.find("控制台"), std::string::npos) << zh.out;
  const CommandResult en = help("C.UTF-8", {"--help"});
  EXPECT_EQ(en.exit_code, 0);
  EXPECT_NE(en.out.find("desktop console"), std::string::npos) << en.out;
  const CommandResult forced = help("C.UTF-8", {"--lang", "zh_CN", "--help"});
  EXPECT_NE(forced.out.find("控制台"), std::string::npos) << forced.out;
  const CommandResult unknown = help("C.UTF-8", {"--lang", "xx", "--help"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown language 'xx'"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace otscope::test
