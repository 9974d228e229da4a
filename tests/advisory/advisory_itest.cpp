// Advisories through the database and the otscope command: import (files, folders, archives, bad
// documents), updates by tracking version, `otscope vulns`, the alert on a newly identified
// device, the report's section; and the public CISA archive against the Snap7 S7-300 capture.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "db/advisory_store.h"
#include "db/database.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using test::run_command;

std::string bin() {
  return test::otscope_binary().string();
}

// A CSAF 2.0 document naming one Siemens product by order number.
std::string doc(const std::string& id, const std::string& version, const std::string& title,
                const std::string& range = "vers:all/<V3.2.17", double score = 7.5) {
  json d{{"document",
          {{"category", "csaf_security_advisory"},
           {"csaf_version", "2.0"},
           {"title", title},
           {"publisher", {{"name", "Test CERT"}}},
           {"tracking", {{"id", id}, {"version", version}}}}},
         {"product_tree",
          {{"branches",
            {{{"category", "vendor"},
              {"name", "Siemens"},
              {"branches",
               {{{"category", "product_name"},
                 {"name", "SIMATIC S7-300 CPU 315-2 PN/DP (6ES7315-2EH14-0AB0)"},
                 {"branches",
                  {{{"category", "product_version_range"},
                    {"name", range},
                    {"product", {{"name", "CPU 315-2"}, {"product_id", "P1"}}}}}}}}}}}}}},
         {"vulnerabilities",
          {{{"cve", "CVE-2099-0001"},
            {"product_status", {{"known_affected", {"P1"}}}},
            {"scores",
             {{{"products", {"P1"}},
               {"cvss_v3", {{"baseScore", score}, {"vectorString", "CVSS:3.1/AV:N"}}}}}}}}}};
  return d.dump();
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::optional<fs::path> shared_advisories() {
  auto pcaps = test::shared_pcaps();
  if (!pcaps) return std::nullopt;
  fs::path archive = pcaps->parent_path() / "advisories" / "cisa-csaf-ot.tar.xz";
  if (!fs::exists(archive)) return std::nullopt;
  return archive;
}

TEST(AdvisoryStore, ReimportReplacesOnlyNewerVersions) {
  test::TempDir dir;
  const std::string path = (dir.path() / "a.db").string();
  Database db = Database::open(path);
  std::vector<advisory::Advisory> v1{advisory::parse_csaf(doc("T-1", "1.0.0", "first"))};
  auto r = db::store_advisories(db, v1);
  EXPECT_EQ(r.added, 1u);
  r = db::store_advisories(db, v1);
  EXPECT_EQ(r.unchanged, 1u);
  std::vector<advisory::Advisory> v2{advisory::parse_csaf(doc("T-1", "1.2.0", "revised"))};
  r = db::store_advisories(db, v2);
  EXPECT_EQ(r.updated, 1u);
  r = db::store_advisories(db, v1);  // an older revision never replaces a newer one
  EXPECT_EQ(r.unchanged, 1u);
  auto stored = db::load_advisories(db);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].title, "revised");
  EXPECT_EQ(stored[0].version, "1.2.0");
  const std::set<std::string> siemens{"siemens"}, other{"rockwell automation"};
  EXPECT_EQ(db::load_advisories(db, &siemens).size(), 1u);
  EXPECT_EQ(db::load_advisories(db, &other).size(), 0u);
  EXPECT_EQ(db::advisory_count(db), 1u);
}

TEST(AdvisoryStore, AVersion4FileKeepsItsDataAndGainsTheTables) {
  test::TempDir dir;
  const std::string path = (dir.path() / "v4.db").string();
  {
    DbOptions v4;
    v4.migrations = schema_migrations().first(4);
    Database db = Database::open(path, v4);
    const std::int64_t run = db.begin_run({.source = "v4.pcap"});
    db.finish_run(run, {.source = "v4.pcap"}, RunStatus::Complete);
    ASSERT_EQ(db.schema_version(), 4);
    EXPECT_THROW(db::advisory_count(db), DbError);  // no table yet
  }
  Database db = Database::open(path);
  EXPECT_EQ(db.schema_version(), current_schema_version());
  EXPECT_EQ(db.capture_runs().at(0).record.source, "v4.pcap");
  std::vector<advisory::Advisory> a{advisory::parse_csaf(doc("T-1", "1", "one"))};
  EXPECT_EQ(db::store_advisories(db, a).added, 1u);
  EXPECT_EQ(db.integrity_check(), "ok");
}

TEST(AdvisoryCli, ImportsFoldersAndArchivesAndReportsBadDocuments) {
  test::TempDir dir;
  const fs::path feed = dir.path() / "feed";
  write(feed / "2024" / "a.json", doc("T-1", "1", "one"));
  write(feed / "2024" / "b.json", doc("T-2", "1", "two"));
  write(feed / "bad" / "broken.json", "{ not json");
  write(feed / "bad" / "old.json", R"({"document":{"csaf_version":"1.2"}})");
  write(feed / "notes.txt", "not looked at");
  const std::string db = (dir.path() / "x.db").string();

  auto r = run_command({bin(), "advisories", "import", "--db", db, feed.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 read from 4 documents"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 new"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("broken.json: not JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("old.json: not CSAF 2.0"), std::string::npos) << r.err;

  // The same feed as an archive, with one advisory revised: one update, one unchanged.
  write(feed / "2024" / "b.json", doc("T-2", "2", "two, revised"));
  const fs::path tar = dir.path() / "feed.tar.xz";
  ASSERT_EQ(run_command({"/usr/bin/tar", "-cJf", tar.string(), "-C", dir.path().string(), "feed"})
                .exit_code,
            0);
  r = run_command({bin(), "advisories", "import", "--json", "--db", db, tar.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(r.out);
  EXPECT_EQ(report["advisories"], 2);
  EXPECT_EQ(report["updated"], 1);
  EXPECT_EQ(report["unchanged"], 1);
  ASSERT_EQ(report["rejected"].size(), 2u);
  EXPECT_NE(report["rejected"][0]["file"].get<std::string>().find("feed.tar.xz:"),
            std::string::npos);

  r = run_command({bin(), "advisories", "list", "--json", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json list = json::parse(r.out);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["title"], "two, revised");
  EXPECT_EQ(list[1]["max_cvss"], 7.5);

  // A missing path is one line and a non-zero exit; nothing valid at all is an error too.
  r = run_command({bin(), "advisories", "import", "--db", db, (dir.path() / "nope").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = run_command({bin(), "advisories", "import", "--db", db, (feed / "bad").string()});
  EXPECT_NE(r.exit_code, 0);
}

TEST(AdvisoryCli, CsvCellsFromAdvisoriesCannotRunAsFormulas) {
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  write(dir.path() / "f.json", doc("T-9", "1", "=HYPERLINK(\"http://evil\")"));
  ASSERT_EQ(
      run_command({bin(), "advisories", "import", "--db", db, (dir.path() / "f.json").string()})
          .exit_code,
      0);
  auto r = run_command({bin(), "advisories", "list", "--csv", "--db", db});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.find(",=HYPERLINK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'=HYPERLINK"), std::string::npos) << r.out;
}

// The asset.known_vulnerability alerts of a database, as `otscope alerts --json` lists them.
json known_vulnerability_alerts(const std::string& db) {
  auto r = run_command({bin(), "alerts", "--json", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json out = json::array();
  for (const json& a : json::parse(r.out))
    if (a["rule"] == "asset.known_vulnerability") out.push_back(a);
  return out;
}

class SharedAdvisories : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pcaps = test::shared_pcaps();
    auto archive = shared_advisories();
    if (!pcaps || !archive) GTEST_SKIP() << "shared captures or advisories not found";
    capture_ = (*pcaps / "s7" / "snap7_s300_everything.pcapng").string();
    archive_ = archive->string();
  }
  std::string capture_, archive_;
};

// The Snap7 S7-300 (6ES7 315-2EH14-0AB0, firmware V3.2.7) against the 2,379 CISA advisories:
// the 15 that name the S7-300 CPU 315-2 PN/DP or the S7-300 family all list V3.2.7 as affected
// (every fix is V3.2.16 or later, or there is none).
TEST_F(SharedAdvisories, Snap7S7300GetsTheSiemensS7300Advisories) {
  test::TempDir dir;
  const std::string db = (dir.path() / "s7.db").string();
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, capture_}).exit_code, 0);
  auto r = run_command({bin(), "advisories", "import", "--json", "--db", db, archive_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json imported = json::parse(r.out);
  EXPECT_EQ(imported["advisories"], 2379);
  EXPECT_EQ(imported["rejected"].size(), 0u);

  r = run_command({bin(), "vulns", "--json", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json rows = json::parse(r.out);
  std::map<std::string, json> by_id;
  for (const json& row : rows) {
    EXPECT_EQ(row["ips"], "134.217.61.211");
    by_id[row["advisory"].get<std::string>()] = row;
  }
  const std::set<std::string> expected{
      "ICSA-17-129-02", "ICSA-17-339-01", "ICSA-18-079-02", "ICSA-19-043-04", "ICSA-19-099-06",
      "ICSA-19-283-01", "ICSA-19-283-02", "ICSA-20-042-05", "ICSA-20-070-02", "ICSA-20-105-08",
      "ICSA-20-252-02", "ICSA-20-315-04", "ICSA-22-104-06", "ICSA-22-314-02", "ICSA-23-222-09"};
  std::set<std::string> got;
  for (const auto& [id, row] : by_id) got.insert(id);
  EXPECT_EQ(got, expected);
  for (const auto& [id, row] : by_id) EXPECT_EQ(row["verdict"], "affected") << id;
  const json& profinet = by_id["ICSA-19-283-02"];
  EXPECT_EQ(profinet["version_range"], "vers:all/<V3.2.17");
  EXPECT_NE(profinet["reason"].get<std::string>().find("order number 6ES7315-2EH14-0AB0"),
            std::string::npos);
  EXPECT_EQ(profinet["cves"], json::array({"CVE-2019-10936"}));
  EXPECT_EQ(profinet["cvss"], 7.5);
  EXPECT_NE(profinet["fix"].get<std::string>().find("V3.2.17"), std::string::npos);
  // Sorted by score.
  for (std::size_t i = 1; i < rows.size(); ++i)
    EXPECT_GE(rows[i - 1]["cvss"].get<double>(), rows[i]["cvss"].get<double>());

  r = run_command({bin(), "report", "--db", db, "--html", (dir.path() / "r.html").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(dir.path() / "r.html");
  const std::string html((std::istreambuf_iterator<char>(in)), {});
  // Section 8, after the network diagram (5).
  EXPECT_NE(html.find("8. Known vulnerabilities"), std::string::npos);
  EXPECT_NE(html.find("ICSA-19-283-02"), std::string::npos);
}

// With the advisories stored first, the run that identifies the PLC raises one alert for it
// (severity from CVSS 7.5: high) listing the advisories; analysing again raises nothing new.
TEST_F(SharedAdvisories, NewlyIdentifiedAffectedDeviceRaisesOneAlert) {
  test::TempDir dir;
  const std::string db = (dir.path() / "s7.db").string();
  ASSERT_EQ(run_command({bin(), "advisories", "import", "--db", db, archive_}).exit_code, 0);
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, capture_}).exit_code, 0);
  json found = known_vulnerability_alerts(db);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["src"], "134.217.61.211");
  EXPECT_EQ(found[0]["severity"], "high");
  const std::string functions = found[0]["function"].get<std::string>();
  EXPECT_NE(functions.find("ICSA-19-283-02"), std::string::npos) << functions;
  EXPECT_EQ(found[0]["count"], 7);                 // the seven affected advisories with CVSS >= 7
  EXPECT_EQ(found[0]["evidence"][0]["frame"], 4);  // the SZL answer that gave the firmware

  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, capture_}).exit_code, 0);
  found = known_vulnerability_alerts(db);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["count"], 7);
}

// An advisory imported after the device was identified names it: one alert at import; the same
// advisory imported again raises nothing; a revision adds to the same open alert.
TEST_F(SharedAdvisories, ImportingAnAdvisoryThatNamesAKnownDeviceRaisesAnAlert) {
  test::TempDir dir;
  const std::string db = (dir.path() / "s7.db").string();
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, capture_}).exit_code, 0);
  write(dir.path() / "new.json",
        doc("TEST-2099-01", "1", "New PROFINET issue", "vers:all/<V3.2.20", 9.8));
  write(dir.path() / "low.json", doc("TEST-2099-02", "1", "Minor issue", "vers:all/*", 5.0));
  write(dir.path() / "fixed.json",
        doc("TEST-2099-03", "1", "Fixed long ago", "vers:all/<V3.0", 9.8));
  auto r = run_command({bin(), "advisories", "import", "--json", "--db", db, dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["alerts"], 1);
  json found = known_vulnerability_alerts(db);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["src"], "134.217.61.211");
  EXPECT_EQ(found[0]["severity"], "critical");  // CVSS 9.8
  EXPECT_EQ(found[0]["function"], "TEST-2099-01");
  EXPECT_EQ(found[0]["count"], 1);

  r = run_command({bin(), "advisories", "import", "--json", "--db", db, dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["alerts"], 0);
  EXPECT_EQ(known_vulnerability_alerts(db)[0]["count"], 1);
}

}  // namespace
}  // namespace otscope
