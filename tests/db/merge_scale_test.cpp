// Merging at scale: many hosts behind one router MAC (what a sensor on a routed segment sees),
// every lookup of the merger answered through an index (EXPLAIN QUERY PLAN, never a scan of a
// table that grows with the network), and MAC-less records of a raw-IP capture joining the
// devices an Ethernet capture already stored instead of doubling them.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "db/merger.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_file;
using test::ip;
using test::kT0;
using test::mac;
using test::query_plan;
using test::RawSqlite;
using test::TempDir;

constexpr const char* kRouter = "00:00:5e:00:01:01";

IpAddress host_ip(int i) {
  // 10.x.y.z across many /24s, never .0 or .255.
  const int k = i + 1;
  return ip("10." + std::to_string(k / 254 / 254 % 254 + 1) + "." + std::to_string(k / 254 % 254) +
            "." + std::to_string(k % 254 + 1));
}

AssetRecord routed_host(int i, std::int64_t t) {
  AssetRecord a;
  a.ips = {host_ip(i)};
  a.via_mac = mac(kRouter);
  a.first_seen_us = t;
  a.last_seen_us = t;
  a.packets_sent = 1;
  a.bytes_sent = 60;
  return a;
}

AssetRecord local_host(const std::string& m, const std::string& address, std::int64_t t) {
  AssetRecord a;
  a.mac = mac(m);
  a.ips = {ip(address)};
  a.first_seen_us = t;
  a.last_seen_us = t;
  a.packets_sent = 2;
  a.bytes_sent = 120;
  return a;
}

// Every statement of the merger finds its rows through an index: a scan would be paid once per
// record, which makes a merge quadratic in the size of the network. So would a search of the
// UNIQUE index on assets.mac for `mac IS NULL` (every MAC-less asset), and the lookups by IP must
// start from the address (asset_ips_by_ip) and reach the asset by its id.
void expect_every_lookup_indexed(const std::string& path) {
  int by_ip = 0;
  for (std::string_view sql : db::Merger::statements()) {
    const auto plan = query_plan(path, sql);
    for (const std::string& step : plan) {
      EXPECT_NE(step.rfind("SCAN", 0), 0u) << step << "\n  in: " << sql;
      if (step.find("(mac=?)") != std::string::npos) {
        EXPECT_NE(sql.find("mac = ?"), std::string_view::npos) << step << "\n  in: " << sql;
      }
    }
    if (sql.find("FROM asset_ips i") == std::string_view::npos) continue;
    ++by_ip;
    ASSERT_FALSE(plan.empty()) << sql;
    EXPECT_NE(plan.front().find("asset_ips_by_ip"), std::string::npos) << plan.front();
    bool by_id = false;
    for (const std::string& step : plan)
      by_id |= step.find("INTEGER PRIMARY KEY") != std::string::npos;
    EXPECT_TRUE(by_id) << sql;
  }
  EXPECT_GE(by_ip, 3) << "the two asset lookups by IP and the MACs of an IP";
}

TEST(MergeScale, EveryLookupIsAnIndexSearch) {
  TempDir dir;
  const std::string path = db_file(dir);
  { Database::open(path); }
  expect_every_lookup_indexed(path);
}

TEST(MergeScale, ManyHostsBehindOneRouterAreOneAssetEach) {
  constexpr int kHosts = 20'000;
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  const auto run = db.begin_run({.source = "routed.pcap"});
  AnalysisResult delta;
  delta.assets.push_back(local_host("00:1b:1b:01:02:03", "192.168.1.10", kT0));
  for (int i = 0; i < kHosts; ++i) delta.assets.push_back(routed_host(i, kT0 + i));
  db.merge(delta, run);
  // A second delta with the same hosts adds to their rows.
  db.merge(delta, run);

  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM assets"), kHosts + 1);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM assets WHERE mac IS NULL AND via_mac = '" +
                        std::string(kRouter) + "'"),
            kHosts);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM asset_ips"), kHosts + 1);
  EXPECT_EQ(raw.integer("SELECT count(DISTINCT ip) FROM asset_ips"), kHosts + 1);
  EXPECT_EQ(raw.integer("SELECT min(packets_sent) FROM assets WHERE mac IS NULL"), 2);
  EXPECT_EQ(raw.integer("SELECT max(packets_sent) FROM assets WHERE mac IS NULL"), 2);
  const std::string last = host_ip(kHosts - 1).to_string();
  EXPECT_EQ(raw.integer("SELECT a.last_seen FROM assets a JOIN asset_ips i ON i.asset_id = a.id "
                        "WHERE i.ip = '" +
                        last + "'"),
            kT0 + kHosts - 1);

  // And with the tables full (and their statistics gathered), still no scan.
  expect_every_lookup_indexed(path);
  raw.exec("ANALYZE");
  expect_every_lookup_indexed(path);
}

TEST(MergeScale, ARawIpCaptureJoinsTheDevicesOfAnEthernetOne) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  AnalysisResult ethernet;
  ethernet.assets = {local_host("00:1b:1b:01:02:03", "10.0.0.20", kT0),
                     local_host("00:0c:29:aa:bb:cc", "10.0.0.5", kT0)};
  db.merge(ethernet, db.begin_run({.source = "ethernet.pcap"}));

  // The same devices in a capture without link layer (raw IP, BSD loopback): no MAC.
  AnalysisResult raw_ip;
  for (const char* address : {"10.0.0.20", "10.0.0.5"}) {
    AssetRecord a;
    a.ips = {ip(address)};
    a.first_seen_us = kT0 + 1'000;
    a.last_seen_us = kT0 + 2'000;
    a.packets_sent = 3;
    a.bytes_sent = 180;
    raw_ip.assets.push_back(a);
  }
  db.merge(raw_ip, db.begin_run({.source = "raw.pcap"}));

  const auto assets = db.assets();
  ASSERT_EQ(assets.size(), 2u);
  for (const auto& a : assets) {
    EXPECT_FALSE(a.record.mac.is_zero());
    EXPECT_TRUE(a.record.via_mac.is_zero());
    EXPECT_EQ(a.record.packets_sent, 5u);
    EXPECT_EQ(a.record.last_seen_us, kT0 + 2'000);
  }
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM asset_ips"), 2);
}

TEST(MergeScale, AnEthernetCaptureAfterARawIpOneJoinsItsDevices) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  // The raw-IP capture first: the devices are known by address only.
  AnalysisResult raw_ip;
  for (const char* address : {"10.0.0.20", "10.0.0.5"}) {
    AssetRecord a;
    a.ips = {ip(address)};
    a.first_seen_us = kT0 - 5'000;
    a.last_seen_us = kT0 - 4'000;
    a.packets_sent = 3;
    a.bytes_sent = 180;
    raw_ip.assets.push_back(a);
  }
  raw_ip.assets[0].vlans = {12};
  db.merge(raw_ip, db.begin_run({.source = "raw.pcap"}));
  AssetAudit audit;
  audit.name = "Line 3 PLC";
  audit.zone = "cell 3";
  for (const auto& a : db.assets())
    if (a.record.ips == std::vector<IpAddress>{ip("10.0.0.20")}) db.set_asset_audit(a.id, audit);

  // Then the same devices with their link layer.
  AnalysisResult ethernet;
  ethernet.assets = {local_host("00:1b:1b:01:02:03", "10.0.0.20", kT0),
                     local_host("00:0c:29:aa:bb:cc", "10.0.0.5", kT0)};
  db.merge(ethernet, db.begin_run({.source = "ethernet.pcap"}));

  const auto assets = db.assets();
  ASSERT_EQ(assets.size(), 2u);
  for (const auto& a : assets) {
    EXPECT_FALSE(a.record.mac.is_zero());
    EXPECT_EQ(a.record.packets_sent, 5u);
    EXPECT_EQ(a.record.first_seen_us, kT0 - 5'000);
  }
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM asset_ips"), 2);
  // What the auditor wrote and the VLAN seen follow the device.
  EXPECT_EQ(raw.text("SELECT a.mac || ' ' || u.name FROM asset_audit u JOIN assets a "
                     "ON a.id = u.asset_id"),
            "00:1b:1b:01:02:03 Line 3 PLC");
  EXPECT_EQ(raw.text("SELECT a.mac || ' ' || v.vlan FROM asset_vlans v JOIN assets a "
                     "ON a.id = v.asset_id"),
            "00:1b:1b:01:02:03 12");
}

TEST(MergeScale, ARoutedRecordJoinsTheLocalDeviceButNeverItsRouter) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  const auto run = db.begin_run({.source = "live"});
  AnalysisResult first;
  // The PLC seen on its own segment; the router seen once with a remote address (not yet known
  // to forward for it).
  first.assets = {local_host("00:1b:1b:01:02:03", "10.0.1.20", kT0),
                  local_host(kRouter, "10.0.5.7", kT0)};
  db.merge(first, run);
  AnalysisResult second;
  second.assets = {routed_host(0, kT0 + 10), routed_host(0, kT0 + 10)};
  second.assets[0].ips = {ip("10.0.1.20")};
  second.assets[1].ips = {ip("10.0.5.7")};
  db.merge(second, run);

  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM assets"), 3);
  // Behind the router, the PLC is still the PLC: no second row, and no router MAC on its own.
  EXPECT_EQ(raw.text("SELECT a.mac || ' ' || coalesce(a.via_mac, '-') FROM assets a JOIN "
                     "asset_ips i ON i.asset_id = a.id WHERE i.ip = '10.0.1.20'"),
            "00:1b:1b:01:02:03 -");
  // The address the router row held is a routed device of its own, as before.
  EXPECT_EQ(raw.text("SELECT coalesce(a.mac, '-') || ' ' || a.via_mac FROM assets a JOIN "
                     "asset_ips i ON i.asset_id = a.id WHERE i.ip = '10.0.5.7'"),
            std::string("- ") + kRouter);
}

}  // namespace
}  // namespace otscope
