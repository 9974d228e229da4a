// What leaves otscope for people: the CSV that a spreadsheet opens, the HTML and PDF report an
// auditor signs. Wire strings stay data: a device calling itself `=cmd|' /C calc'!A0` or
// `<script>` is shown as that text, never run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/inventory/crafted_captures.h"
#include "tests/inventory/inventory_fixtures.h"

namespace otscope {
namespace {

using test::ModbusPeer;
using test::run_command;

constexpr std::int64_t kT0 = 1'772'438'400'000'000;
const char kFormula[] = "=cmd|' /C calc'!A0";
const char kScript[] = "<script>alert(1)</script>";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A database holding one hostile PLC (vendor and product names from the wire) and, when the
// project's demo capture is there, the demo plant.
struct HostileDb {
  test::TempDir dir;
  std::string db;
  std::string bin = test::otscope_binary().string();
  explicit HostileDb(bool with_demo) {
    db = (dir.path() / "r.db").string();
    const std::string cap = test::write_capture(
        dir.path() / "hostile.pcap",
        test::modbus_identity_exchange(kT0, {"f8:b1:56:00:00:10", "192.168.7.10"},
                                       {"00:80:f4:00:00:20", "192.168.7.20"},
                                       {{0, kFormula}, {1, "X-1"}, {2, "v1"}, {4, kScript}}));
    std::vector<std::string> argv = {bin, "analyze", "-q", "--db", db, cap};
    const auto demo = test::project_pcaps() / "demo_plant.pcap";
    if (with_demo && std::filesystem::exists(demo)) argv.push_back(demo.string());
    auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST(InventoryExports, CsvKeepsAFormulaLikeDeviceNameAsText) {
  HostileDb h(false);
  auto r = run_command({h.bin, "assets", "--db", h.db, "--csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("id,ip,mac,mac_vendor,vlans,protocols,vendor,product,", 0), 0u) << r.out;
  // The vendor cell, with the leading quote that keeps a spreadsheet from running it.
  EXPECT_NE(r.out.find(",'=cmd|' /C calc'!A0,"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(",=cmd"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",<script>alert(1)</script>,"), std::string::npos)
      << "CSV is data: the product name is there as text";
  std::size_t rows = 0;
  for (char c : r.out) rows += c == '\n';
  EXPECT_EQ(rows, 3u) << "header and one row per device:\n" << r.out;
}

TEST(InventoryExports, HtmlReportEscapesEveryWireString) {
  HostileDb h(false);
  const auto html_path = h.dir.path() / "report.html";
  auto r = run_command({h.bin, "report", "--db", h.db, "--html", html_path.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = read_text(html_path);
  EXPECT_EQ(html.find(kScript), std::string::npos) << "the wire string must not become markup";
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("=cmd|&#39; /C calc&#39;!A0"), std::string::npos);
  for (const char* section :
       {"Summary", "Asset inventory", "Identity and role per device", "Communication matrix",
        "Change history", "Alerts and protocol anomalies"})
    EXPECT_NE(html.find(section), std::string::npos) << section;
  EXPECT_NE(html.find("192.168.7.20"), std::string::npos);
  EXPECT_NE(html.find("modbus 43/14 read device identification"), std::string::npos)
      << "each identity fact names its source";
}

TEST(InventoryExports, PdfReportRendersTheAssetRows) {
  if (!std::filesystem::exists("/usr/bin/pdftotext"))
    GTEST_SKIP() << "pdftotext (poppler-utils) not installed";
  HostileDb h(true);
  const auto pdf = h.dir.path() / "report.pdf";
  // No display: the report must render headless.
  auto r = run_command({"/usr/bin/env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u",
                        "QT_QPA_PLATFORM", h.bin, "report", "--db", h.db, "--pdf", pdf.string(),
                        "--title", "Plant audit <2026>"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_text(pdf).rfind("%PDF-", 0), 0u);
  auto text = run_command({"/usr/bin/pdftotext", "-layout", pdf.string(), "-"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const std::string& t = text.out;
  EXPECT_NE(t.find("Plant audit <2026>"), std::string::npos) << t.substr(0, 2000);
  EXPECT_NE(t.find("192.168.7.20"), std::string::npos);
  EXPECT_NE(t.find(kScript), std::string::npos) << "shown as text, not interpreted";
  if (std::filesystem::exists(test::project_pcaps() / "demo_plant.pcap")) {
    for (const char* row : {"10.10.1.20", "Schneider Electric", "Modicon M340", "10.10.1.40",
                            "6ES7 315-2EH14-0AB0", "historian.plant.local", "LAPTOP-IT07",
                            "Engineering workstation", "RTU / outstation", "Historian", "Router"})
      EXPECT_NE(t.find(row), std::string::npos) << row;
  }
}

// `--lang zh_CN`: the report's headings, the roles, severities and verdicts in Simplified Chinese
// (the console's translations), the wire's strings untouched and still escaped; the PDF carries a
// font with the Chinese glyphs. English stays the default.
TEST(InventoryExports, ReportInChineseTranslatesItsWordsAndKeepsTheWiresStrings) {
  if (!std::filesystem::exists(test::project_pcaps() / "demo_plant.pcap"))
    GTEST_SKIP() << "demo capture missing";
  HostileDb h(true);
  const auto html = h.dir.path() / "r.html";
  const auto pdf = h.dir.path() / "r.pdf";
  auto r = run_command({"/usr/bin/env", "-u", "DISPLAY", "-u", "QT_QPA_PLATFORM", h.bin, "report",
                        "--db", h.db, "--lang", "zh_CN", "--html", html.string(), "--pdf",
                        pdf.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string t = read_text(html);
  EXPECT_NE(t.find("<html lang=\"zh-CN\">"), std::string::npos);
  for (const char* word : {"<title>OT 资产清单</title>", "1. 概要", "2. 资产清单", "4. 通信矩阵",
                           "工程师站", "历史数据库", "RTU / 子站", "路由器", "严重程度"})
    EXPECT_NE(t.find(word), std::string::npos) << word;
  for (const char* english : {"1. Summary", "Asset inventory", "Engineering workstation",
                              "Communication matrix", "Passive observation only"})
    EXPECT_EQ(t.find(english), std::string::npos) << english;
  // The wire's strings stay as they came, escaped.
  EXPECT_NE(t.find("Schneider Electric"), std::string::npos);
  EXPECT_NE(t.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(t.find(kScript), std::string::npos);

  if (std::filesystem::exists("/usr/bin/pdftotext")) {
    auto text = run_command({"/usr/bin/pdftotext", pdf.string(), "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("2. 资产清单"), std::string::npos) << text.out.substr(0, 1000);
    EXPECT_NE(text.out.find("工程师站"), std::string::npos);
  }
  if (std::filesystem::exists("/usr/bin/pdffonts")) {
    auto fonts = run_command({"/usr/bin/pdffonts", pdf.string()});
    EXPECT_NE(fonts.out.find("WenQuanYi"), std::string::npos)
        << "a font with Chinese glyphs embedded: " << fonts.out;
  }

  // English by default; an unknown language is refused before anything is written.
  const auto en = h.dir.path() / "en.html";
  ASSERT_EQ(run_command({h.bin, "report", "--db", h.db, "--html", en.string()}).exit_code, 0);
  const std::string e = read_text(en);
  EXPECT_NE(e.find("1. Summary"), std::string::npos);
  EXPECT_EQ(e.find("概要"), std::string::npos);
  const auto fr = h.dir.path() / "fr.html";
  auto bad = run_command({h.bin, "report", "--db", h.db, "--lang", "fr", "--html", fr.string()});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("--lang"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(fr));
}

TEST(InventoryExports, ReportNeedsAnOutputAndAWritablePlace) {
  HostileDb h(false);
  auto none = run_command({h.bin, "report", "--db", h.db});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("--pdf"), std::string::npos) << none.err;
  auto bad = run_command(
      {h.bin, "report", "--db", h.db, "--html", (h.dir.path() / "no/such/dir/r.html").string()});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  auto missing = run_command(
      {h.bin, "report", "--db", (h.dir.path() / "missing.db").string(), "--html", "x.html"});
  EXPECT_EQ(missing.exit_code, 2);
}

// The PDF renderer is a module beside the executable (or under the install prefix). An otscope
// copied somewhere without it says what is missing instead of failing obscurely; the HTML report
// needs no module.
TEST(InventoryExports, PdfWithoutItsModuleIsAOneLineError) {
  HostileDb h(false);
  const auto lonely = h.dir.path() / "bin" / "otscope";
  std::filesystem::create_directories(lonely.parent_path());
  std::filesystem::copy_file(h.bin, lonely);
  std::filesystem::permissions(lonely, std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  const auto pdf = h.dir.path() / "r.pdf";
  auto r = run_command({lonely.string(), "report", "--db", h.db, "--pdf", pdf.string()});
  if (r.exit_code == 0) GTEST_SKIP() << "an installed otscope-pdf.so was found: " << r.err;
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("otscope-pdf.so"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find((lonely.parent_path() / "otscope-pdf.so").string()), std::string::npos)
      << "names where it looked: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(pdf));
  const auto html = h.dir.path() / "r.html";
  auto ok = run_command({lonely.string(), "report", "--db", h.db, "--html", html.string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(read_text(html).find("192.168.7.20"), std::string::npos);
}

}  // namespace
}  // namespace otscope
