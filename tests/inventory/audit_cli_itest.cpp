// The auditor's fields in what otscope prints: `assets --json` and `--csv`, the device name used
// everywhere, and the HTML report. Whatever an auditor typed (Unicode, a formula, markup,
// control characters) stays data in every output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/format.h"
#include "cli/inventory_view.h"
#include "cli/report.h"
#include "db/database.h"
#include "tests/inventory/inventory_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::ip_of;
using test::mac_of;

constexpr std::int64_t kT0 = 1'772'438'400'000'000;
const char kFormula[] = "=cmd|' /C calc'!A0";

// Two devices: a PLC at 10.1.1.20 the auditor describes, and an HMI at 10.1.1.5 left alone.
AnalysisResult two_devices() {
  AnalysisResult d;
  AssetRecord plc;
  plc.mac = mac_of("00:1b:1b:00:00:20");
  plc.ips = {ip_of("10.1.1.20")};
  plc.first_seen_us = kT0;
  plc.last_seen_us = kT0 + 1'000'000;
  plc.packets_sent = 10;
  AssetRecord hmi = plc;
  hmi.mac = mac_of("00:0c:29:00:00:05");
  hmi.ips = {ip_of("10.1.1.5")};
  d.assets = {plc, hmi};
  return d;
}

struct AuditedDb {
  test::TempDir dir;
  std::string path = (dir.path() / "audit.db").string();
  std::int64_t plc = 0;

  explicit AuditedDb(const AssetAudit& audit) {
    Database db = Database::open(path);
    const std::int64_t run = db.begin_run({.source = "a.pcap"});
    db.merge(two_devices(), run);
    db.finish_run(run, {.source = "a.pcap"}, RunStatus::Complete);
    for (const StoredAsset& a : db.assets())
      if (a.record.ips.at(0).to_string() == "10.1.1.20") plc = a.id;
    db.set_asset_audit(plc, audit);
  }
  Inventory inventory() const { return Database::open_readonly(path).inventory(); }
};

AssetAudit unicode_audit() {
  AssetAudit a;
  a.name = "泵站 2 号";
  a.criticality = "critical";
  a.zone = "Électric";
  a.purdue_level = "1";
  a.owner = "Zoë";
  a.notes = "Spare in store 4";
  a.tags = {"pump", "sis"};
  return a;
}

AssetAudit hostile_audit() {
  AssetAudit a;
  a.name = kFormula;
  a.zone = "<b>x</b>";
  a.owner = "@SUM(A1)";
  a.notes = "<script>alert(1)</script>\x07\nsecond line";
  a.tags = {"-1+1", "<i>t</i>", "a,b"};
  return a;
}

const json& by_ip(const json& assets, const std::string& ip) {
  for (const json& a : assets)
    if (a["ips"].size() == 1 && a["ips"][0] == ip) return a;
  static const json none;
  ADD_FAILURE() << "no asset " << ip;
  return none;
}

TEST(AuditOutputs, AssetsJsonHasTheAuditObjectForEveryAsset) {
  AuditedDb db(unicode_audit());
  const json assets = cli::assets_json(db.inventory());
  const json& plc = by_ip(assets, "10.1.1.20");
  EXPECT_EQ(plc["name"], "泵站 2 号");  // the auditor's name wins
  EXPECT_EQ(plc["audit"], json({{"name", "泵站 2 号"},
                                {"criticality", "critical"},
                                {"zone", "Électric"},
                                {"purdue_level", "1"},
                                {"owner", "Zoë"},
                                {"notes", "Spare in store 4"},
                                {"tags", {"pump", "sis"}}}));
  const json& hmi = by_ip(assets, "10.1.1.5");
  EXPECT_EQ(hmi["name"], "10.1.1.5");
  EXPECT_EQ(hmi["audit"], json({{"name", ""},
                                {"criticality", ""},
                                {"zone", ""},
                                {"purdue_level", ""},
                                {"owner", ""},
                                {"notes", ""},
                                {"tags", json::array()}}));
  // The map's node and edge names use it too.
  // (Held in a variable: a range-for over a member of a temporary reads freed memory, as the
  // sanitized build showed.)
  const json map = cli::map_json(db.inventory());
  for (const json& n : map["nodes"])
    if (n["ips"][0] == "10.1.1.20") {
      EXPECT_EQ(n["name"], "泵站 2 号");
    }
}

TEST(AuditOutputs, AssetsCsvEndsWithTheAuditColumns) {
  AuditedDb db(unicode_audit());
  const cli::Table t = cli::assets_csv_table(db.inventory());
  const std::vector<std::string> tail(t.columns.end() - 7, t.columns.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"audit_name", "criticality", "zone", "purdue_level",
                                            "owner", "notes", "tags"}));
  bool found = false;
  for (const auto& row : t.rows) {
    ASSERT_EQ(row.size(), t.columns.size());
    if (row[1] != "10.1.1.20") continue;
    found = true;
    const std::vector<std::string> cells(row.end() - 7, row.end());
    EXPECT_EQ(cells, (std::vector<std::string>{"泵站 2 号", "critical", "Électric", "1", "Zoë",
                                               "Spare in store 4", "pump; sis"}));
  }
  EXPECT_TRUE(found);
}

TEST(AuditOutputs, HostileAuditTextStaysDataInCsvAndHtml) {
  AuditedDb db(hostile_audit());
  std::ostringstream csv;
  cli::write_csv(csv, cli::assets_csv_table(db.inventory()));
  const std::string out = csv.str();
  // Formula-like cells get the leading quote, cells with commas or line breaks are quoted.
  EXPECT_NE(out.find(",'=cmd|' /C calc'!A0,"), std::string::npos) << out;
  EXPECT_EQ(out.find(",=cmd"), std::string::npos) << out;
  EXPECT_NE(out.find(",'@SUM(A1),"), std::string::npos) << out;
  EXPECT_NE(out.find(",\"<script>alert(1)</script>\x07\nsecond line\","), std::string::npos) << out;
  EXPECT_NE(out.find(",\"'-1+1; <i>t</i>; a,b\""), std::string::npos) << out;

  cli::ReportOptions options;
  options.database = db.path;
  options.generated_us = kT0;
  const std::string html = cli::report_html(Database::open_readonly(db.path), options);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>x</b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>t</i>"), std::string::npos);
  EXPECT_EQ(html.find('\x07'), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;t&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(html.find("=cmd|&#39; /C calc&#39;!A0"), std::string::npos);
}

TEST(AuditOutputs, ReportShowsTheAuditorsFields) {
  AuditedDb db(unicode_audit());
  cli::ReportOptions options;
  options.generated_us = kT0;
  const std::string html = cli::report_html(Database::open_readonly(db.path), options);
  for (const char* header : {"<th bgcolor=\"#dde4ee\" align=\"left\">Criticality</th>",
                             "<th bgcolor=\"#dde4ee\" align=\"left\">Zone / Purdue level</th>",
                             "<th bgcolor=\"#dde4ee\" align=\"left\">Owner</th>"})
    EXPECT_NE(html.find(header), std::string::npos) << header;
  // The asset table row: name, criticality, zone and level, owner.
  EXPECT_NE(html.find("<td>泵站 2 号</td><td>critical</td><td>Électric / level 1</td><td>Zoë</td>"),
            std::string::npos)
      << html;
  // The device section: its heading by the auditor's name, notes and tags.
  EXPECT_NE(html.find("<h3>#" + std::to_string(db.plc) + " 泵站 2 号 (10.1.1.20)</h3>"),
            std::string::npos);
  EXPECT_NE(html.find("<b>Notes:</b><br>\nSpare in store 4"), std::string::npos);
  EXPECT_NE(html.find("<b>Tags:</b> pump, sis"), std::string::npos);
}

TEST(AuditOutputs, TheAssetsCommandPrintsThem) {
  AuditedDb db(unicode_audit());
  const std::string bin = test::otscope_binary().string();
  auto r = test::run_command({bin, "assets", "--db", db.path, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json assets = json::parse(r.out);
  EXPECT_EQ(by_ip(assets, "10.1.1.20")["audit"]["zone"], "Électric");
  r = test::run_command({bin, "assets", "--db", db.path, "--csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(",changes,audit_name,criticality,zone,purdue_level,owner,notes,tags\r\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(",泵站 2 号,critical,Électric,1,Zoë,Spare in store 4,pump; sis\r\n"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace otscope
