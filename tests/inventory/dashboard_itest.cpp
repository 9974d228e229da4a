// The dashboard's series against the database they come from, on the demo plant and the shared
// real captures: every series equals an independent count (the inventory the CLI lists, plain SQL
// on the file). And the audit report shows them as charts, in the HTML and in the PDF, with wire
// strings escaped.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/format.h"
#include "cli/report.h"
#include "cli/report_charts.h"
#include "db/dashboard.h"
#include "tests/inventory/crafted_captures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::run_command;

// One integer from plain SQL on the file, read-only.
std::int64_t sql_int(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::int64_t out = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    ADD_FAILURE() << sqlite3_errmsg(db) << ": " << sql;
  else if (sqlite3_step(stmt) == SQLITE_ROW)
    out = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close_v2(db);
  return out;
}

std::string analyze(const test::TempDir& dir, const std::vector<std::string>& captures) {
  const std::string db = (dir.path() / "d.db").string();
  std::vector<std::string> argv = {test::otscope_binary().string(), "analyze", "-q", "--db", db};
  argv.insert(argv.end(), captures.begin(), captures.end());
  const auto r = run_command(argv);
  EXPECT_LE(r.exit_code, 1) << r.err;  // 1: a shared capture ends mid-packet
  return db;
}

void expect_series_equal_database(const std::string& path) {
  Database db = Database::open_readonly(path);
  const Dashboard d = db::read_dashboard(db);
  const Inventory inv = db.inventory();
  ASSERT_FALSE(inv.assets.empty());

  // The newest time: the newest sighting or packet.
  std::int64_t newest = 0;
  for (const InventoryAsset& a : inv.assets) newest = std::max(newest, a.record.last_seen_us);
  for (const StoredCaptureRun& r : db.capture_runs())
    newest = std::max(newest, r.record.last_packet_us);
  EXPECT_EQ(d.newest_us, newest);

  // Assets by primary role, as the inventory (and `otscope assets`) says.
  std::map<std::string, std::uint64_t> roles;
  for (const InventoryAsset& a : inv.assets)
    ++roles[a.role() ? std::string(asset_role_name(a.role()->role)) : ""];
  std::map<std::string, std::uint64_t> shown_roles;
  for (const DashboardCount& c : d.assets_by_role) shown_roles[c.key] = c.value;
  EXPECT_EQ(shown_roles, roles);
  EXPECT_TRUE(std::is_sorted(d.assets_by_role.begin(), d.assets_by_role.end(),
                             [](auto& a, auto& b) { return a.value > b.value; }));

  // Assets by vendor: what the device reports, else its MAC's; the top 8, the rest as "other".
  std::map<std::pair<std::string, bool>, std::uint64_t> vendors;
  for (const InventoryAsset& a : inv.assets) {
    const std::string reported = a.identity_value("vendor");
    ++vendors[reported.empty() ? std::pair(a.record.mac_vendor, false) : std::pair(reported, true)];
  }
  std::uint64_t listed = 0, smallest = ~0ull;
  for (const VendorCount& v : d.assets_by_vendor) {
    if (v.vendor == kOtherVendors) continue;
    EXPECT_EQ(v.assets, (vendors[{v.vendor, v.from_identity}])) << v.vendor;
    listed += v.assets;
    smallest = std::min(smallest, v.assets);
  }
  std::uint64_t other = 0;
  for (const VendorCount& v : d.assets_by_vendor)
    if (v.vendor == kOtherVendors) other = v.assets;
  EXPECT_EQ(listed + other, inv.assets.size());
  EXPECT_LE(d.assets_by_vendor.size(), Dashboard::kTopVendors + 1);
  for (const auto& [key, n] : vendors) {  // nothing left out is bigger than what is shown
    const bool shown = std::any_of(d.assets_by_vendor.begin(), d.assets_by_vendor.end(),
                                   [&](const VendorCount& v) {
                                     return v.vendor == key.first && v.from_identity == key.second;
                                   });
    if (!shown && !key.first.empty()) {
      EXPECT_LE(n, smallest) << key.first;
    }
  }

  // Messages per protocol: the protocol statistics.
  std::map<std::string, std::uint64_t> protocols, shown_protocols;
  for (const auto& [name, s] : db.protocol_stats())
    if (s.messages > 0) protocols[name] = s.messages;
  for (const DashboardCount& c : d.messages_by_protocol) shown_protocols[c.key] = c.value;
  EXPECT_EQ(shown_protocols, protocols);

  // Top talkers: the ten assets with the most bytes.
  std::vector<std::uint64_t> traffic;
  std::map<std::int64_t, std::uint64_t> by_id;
  for (const InventoryAsset& a : inv.assets) {
    const std::uint64_t t = a.record.bytes_sent + a.record.bytes_received;
    by_id[a.id] = t;
    if (t > 0) traffic.push_back(t);
  }
  std::sort(traffic.rbegin(), traffic.rend());
  traffic.resize(std::min<std::size_t>(traffic.size(), Dashboard::kTopTalkers));
  std::vector<std::uint64_t> shown_traffic;
  for (const DashboardAsset& a : d.top_talkers) {
    shown_traffic.push_back(a.bytes_sent + a.bytes_received);
    EXPECT_EQ(by_id[a.id], a.bytes_sent + a.bytes_received);
  }
  EXPECT_EQ(shown_traffic, traffic);

  // The last 24 h before the newest time.
  const std::int64_t since = newest - Dashboard::kDayUs;
  std::uint64_t fresh = 0;
  std::set<std::int64_t> fresh_ids;
  for (const InventoryAsset& a : inv.assets)
    if (a.record.first_seen_us >= since) {
      ++fresh;
      fresh_ids.insert(a.id);
    }
  EXPECT_EQ(d.new_assets_24h, fresh);
  EXPECT_EQ(d.new_assets.size(), std::min<std::size_t>(fresh, Dashboard::kListed));
  for (const DashboardAsset& a : d.new_assets) EXPECT_TRUE(fresh_ids.contains(a.id));
  std::uint64_t changes = 0;
  for (const StoredChange& c : db.asset_history())
    if (c.record.changed_us >= since) ++changes;
  EXPECT_EQ(d.changes_24h, changes);
  EXPECT_EQ(d.changes.size(), std::min<std::size_t>(changes, Dashboard::kListed));

  // Alerts: each bucket and severity counted by plain SQL, the open ones per rule likewise.
  std::uint64_t bucketed = 0;
  static const char* kSeverities[] = {"low", "medium", "high", "critical"};
  for (const SeverityBucket& b : d.alerts_over_time)
    for (int s = 0; s < 4; ++s) {
      const auto n = static_cast<std::uint64_t>(sql_int(
          path, "SELECT count(*) FROM alerts WHERE severity = '" + std::string(kSeverities[s]) +
                    "' AND first_seen >= " + std::to_string(b.start_us) + " AND first_seen < " +
                    std::to_string(b.start_us + d.bucket_us)));
      EXPECT_EQ(b.counts[static_cast<std::size_t>(s)], n);
      bucketed += n;
    }
  if (!d.alerts_over_time.empty()) {
    EXPECT_EQ(static_cast<std::int64_t>(bucketed),
              sql_int(path, "SELECT count(*) FROM alerts WHERE first_seen >= " +
                                std::to_string(d.alerts_over_time.front().start_us)));
  }
  std::uint64_t open = 0;
  for (const DashboardCount& c : d.open_alerts_by_rule) {
    EXPECT_EQ(static_cast<std::int64_t>(c.value),
              sql_int(path,
                      "SELECT count(*) FROM alerts WHERE state IN ('open', 'acknowledged') "
                      "AND rule = '" +
                          c.key + "'"));
    open += c.value;
  }
  EXPECT_EQ(static_cast<std::int64_t>(open),
            sql_int(path, "SELECT count(*) FROM alerts WHERE state != 'closed'"));

  // Capture health: every run of the replay stored its final figures.
  const std::vector<StoredCaptureRun> runs = db.capture_runs();
  ASSERT_FALSE(d.runs.empty());
  EXPECT_EQ(d.run.id, runs.back().id);
  for (const DashboardRun& r : d.runs) {
    const auto it = std::find_if(runs.begin(), runs.end(),
                                 [&](const StoredCaptureRun& s) { return s.id == r.id; });
    ASSERT_NE(it, runs.end());
    EXPECT_GE(r.samples_stored, 1u) << r.source;
    EXPECT_EQ(r.last.packets, it->record.packets) << r.source;
    EXPECT_EQ(r.last.bytes, it->record.bytes) << r.source;
    EXPECT_EQ(static_cast<std::int64_t>(r.samples_stored),
              sql_int(path, "SELECT count(*) FROM capture_health WHERE run_id = " +
                                std::to_string(r.id)));
  }
  EXPECT_EQ(d.health, db::health_samples(db, d.run.id));
}

TEST(DashboardSeries, DemoPlantEqualsTheDatabase) {
  test::TempDir dir;
  const std::string db = analyze(dir, {(test::project_pcaps() / "demo_plant.pcap").string()});
  expect_series_equal_database(db);
  Database d = Database::open_readonly(db);
  const Dashboard dash = db::read_dashboard(d);
  // What the demo plant is: 12 devices, Modbus, DNP3 and S7, all new in its one morning.
  EXPECT_EQ(dash.new_assets_24h, 12u);
  EXPECT_EQ(dash.messages_by_protocol.size(), 3u);
  EXPECT_EQ(dash.bucket_us, Dashboard::kHourUs);
}

TEST(DashboardSeries, SharedCapturesEqualTheDatabase) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(shared);
  test::TempDir dir;
  std::vector<std::string> captures;
  for (const char* sub : {"modbus", "dnp3", "s7"})
    for (const auto& e : std::filesystem::directory_iterator(shared / sub))
      if (e.path().extension() == ".pcap" || e.path().extension() == ".pcapng")
        captures.push_back(e.path().string());
  std::sort(captures.begin(), captures.end());
  captures.push_back((test::project_pcaps() / "demo_plant.pcap").string());
  const std::string db = analyze(dir, captures);
  expect_series_equal_database(db);
  Database d = Database::open_readonly(db);
  const Dashboard dash = db::read_dashboard(d);
  EXPECT_EQ(dash.runs.size(), Dashboard::kListedRuns);
  EXPECT_GE(dash.open_alerts_by_rule.size(), 5u);
  EXPECT_EQ(dash.assets_by_vendor.back().vendor, kOtherVendors);
}

std::string base64_decode(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const auto pos = kAlphabet.find(c);
    if (pos == std::string::npos) break;
    acc = (acc << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

// The SVG documents of the report's images.
std::vector<std::string> report_svgs(const std::string& html) {
  std::vector<std::string> out;
  const std::string tag = "data:image/svg+xml;base64,";
  for (auto p = html.find(tag); p != std::string::npos; p = html.find(tag, p + 1)) {
    const auto start = p + tag.size();
    out.push_back(base64_decode(html.substr(start, html.find('"', start) - start)));
  }
  return out;
}

constexpr std::int64_t kT0 = 1'772'438'400'000'000;
const char kScript[] = "<script>alert(1)</script>";

TEST(DashboardReport, HtmlShowsTheChartsWithWireStringsEscaped) {
  test::TempDir dir;
  const std::string cap =
      test::write_capture(dir.path() / "hostile.pcap",
                          test::modbus_identity_exchange(kT0, {"f8:b1:56:00:00:10", "192.168.7.10"},
                                                         {"00:80:f4:00:00:20", "192.168.7.20"},
                                                         {{0, kScript}, {1, "X-1"}, {2, "v1"}}));
  const std::string db = analyze(dir, {cap, (test::project_pcaps() / "demo_plant.pcap").string()});
  const std::string html = cli::report_html(Database::open_readonly(db), {});
  EXPECT_NE(html.find("The plant at a glance"), std::string::npos);
  // The six charts of "the plant at a glance", then the network diagram.
  const std::vector<std::string> svgs = report_svgs(html);
  ASSERT_EQ(svgs.size(), 7u);
  std::string all;
  for (std::size_t i = 0; i < 6; ++i) {
    const std::string& s = svgs[i];
    EXPECT_EQ(s.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
    EXPECT_EQ(s.substr(s.size() - 6), "</svg>");
    all += s;
  }
  for (const char* title : {"Alerts raised by severity", "Open alerts by rule", "Assets by role",
                            "Assets by vendor", "Messages per protocol", "Top talkers"})
    EXPECT_NE(all.find(title), std::string::npos) << title;
  // The hostile device's vendor is a bar of the vendor chart, as text.
  EXPECT_NE(all.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(all.find("<script>"), std::string::npos);
  // The bars' values are the database's: Modbus messages as the protocol statistics count them.
  const std::uint64_t modbus = Database::open_readonly(db).protocol_stats().at("modbus").messages;
  EXPECT_GT(modbus, 1600u);
  EXPECT_NE(svgs[4].find(">modbus</text>"), std::string::npos) << svgs[4];
  EXPECT_NE(svgs[4].find(">" + cli::thousands(modbus) + "</text>"), std::string::npos) << svgs[4];
}

TEST(DashboardReport, ChartWriterEscapesAndCleansLabels) {
  const std::string svg = cli::bar_chart_svg(
      "a & b", {{"<b>\"x\" \xff\xfe", 3, "#112233"}, {"plain", 1, "#445566"}}, 400);
  EXPECT_NE(svg.find("&lt;b&gt;&quot;x&quot; ??"), std::string::npos) << svg;
  EXPECT_NE(svg.find("a &amp; b"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#112233\""), std::string::npos);
  const std::string stacked = cli::stacked_chart_svg(
      "t", {"d1", "d2"}, {{"low", "#000001", {1, 0}}, {"high", "#000002", {2, 5}}}, 400, 200);
  // Column 2 holds 5 (the maximum): the whole plot height; low's empty part draws nothing.
  EXPECT_EQ(std::count(stacked.begin(), stacked.end(), '\n'), 0);
  EXPECT_NE(stacked.find("fill=\"#000002\""), std::string::npos);
  std::size_t rects = 0;
  for (auto p = stacked.find("<rect x="); p != std::string::npos;
       p = stacked.find("<rect x=", p + 1))
    ++rects;
  EXPECT_EQ(rects, 3u + 2u);  // three bars and the legend's two swatches
}

TEST(DashboardReport, PdfHoldsTheChartsAsImages) {
  if (!std::filesystem::exists("/usr/bin/pdfimages"))
    GTEST_SKIP() << "pdfimages (poppler-utils) not installed";
  test::TempDir dir;
  const std::string db = analyze(dir, {(test::project_pcaps() / "demo_plant.pcap").string()});
  const auto pdf = dir.path() / "r.pdf";
  auto r = run_command({"/usr/bin/env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u",
                        "QT_QPA_PLATFORM", test::otscope_binary().string(), "report", "--db", db,
                        "--pdf", pdf.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = run_command({"/usr/bin/pdfimages", "-list", pdf.string()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  // A header of two lines, then one line per image: the six charts at least.
  const auto lines = std::count(list.out.begin(), list.out.end(), '\n');
  EXPECT_GE(lines, 2 + 6) << list.out;
}

}  // namespace
}  // namespace otscope
