// The inventory in the database (schema step 3): an older file is carried forward, routed
// addresses leave the router's row, identity and IP<->MAC changes across runs land in the
// history once, roles and host names are stored and read back.
#include <gtest/gtest.h>

#include <array>

#include "db/database.h"
#include "protocols/modbus/modbus.h"
#include "tests/db/db_fixtures.h"
#include "tests/inventory/inventory_fixtures.h"

namespace otscope {
namespace {

using test::db_file;
using test::ip_of;
using test::kT0;
using test::mac_of;
using test::RawSqlite;
using test::TempDir;

constexpr const char* kRouter = "00:09:b7:3a:51:01";
constexpr const char* kPlc = "00:80:f4:2a:61:c3";

AssetRecord mac_asset(const std::string& mac, std::vector<std::string> ips, std::int64_t t) {
  AssetRecord a;
  a.mac = mac_of(mac);
  for (const auto& ip : ips) {
    a.ips.push_back(ip_of(ip));
    AssetAddress ad;
    ad.ip = ip_of(ip);
    ad.first_seen_us = t;
    ad.last_seen_us = t + 1'000;
    ad.packets_sent = 3;
    a.addresses.push_back(ad);
  }
  a.first_seen_us = t;
  a.last_seen_us = t + 1'000;
  a.packets_sent = 3 * ips.size();
  return a;
}

IdentityRecord fact(const std::string& ip, const std::string& field, const std::string& value,
                    std::int64_t t) {
  IdentityRecord r;
  r.ip = ip_of(ip);
  r.mac = mac_of(kPlc);
  r.protocol = modbus::kProtocol;
  r.field = field;
  r.value = value;
  r.source = "modbus 43/14 read device identification";
  r.first_seen_us = t;
  r.last_seen_us = t + 500;
  r.frame = 19;
  return r;
}

TEST(InventoryDb, FreshFileHasTheInventoryTables) {
  TempDir dir;
  const std::string path = db_file(dir);
  { Database::open(path); }
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), current_schema_version());
  for (const char* table : {"asset_names", "asset_history"})
    EXPECT_EQ(raw.integer(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                      "AND name = '") +
                          table + "'"),
              1)
        << table;
  for (const char* column : {"via_mac", "role", "role_confidence", "roles"})
    EXPECT_EQ(raw.integer(std::string("SELECT count(*) FROM pragma_table_info('assets') WHERE "
                                      "name = '") +
                          column + "'"),
              1)
        << column;
}

TEST(InventoryDb, AVersionOneFileIsCarriedForwardWithItsData) {
  TempDir dir;
  const std::string path = db_file(dir);
  {
    DbOptions v1;
    v1.migrations = schema_migrations().first(1);
    Database db = Database::open(path, v1);
    ASSERT_EQ(db.schema_version(), 1);
    db.begin_run({.source = "v1.pcap"});
  }
  {
    // What a version-1 otscope wrote (its merger is gone, so write its rows as it did).
    RawSqlite raw(path);
    raw.exec(
        "INSERT INTO assets (id, mac, mac_vendor, first_seen, last_seen, packets_sent) VALUES "
        "(1, '00:1b:1b:01:02:03', 'Siemens AG', 1, 9, 90), "
        "(2, '00:0c:29:aa:bb:cc', 'VMware, Inc.', 1, 9, 100);"
        "INSERT INTO asset_ips (asset_id, ip, first_seen, last_seen) VALUES "
        "(1, '10.0.0.20', 1, 9), (2, '10.0.0.5', 1, 9);");
  }
  Database db = Database::open(path);
  EXPECT_EQ(db.schema_version(), current_schema_version());
  const auto assets = db.assets();
  ASSERT_EQ(assets.size(), 2u);
  EXPECT_TRUE(assets[0].record.roles.empty()) << "no roles until the next merge";
  db.merge(test::sample_delta(), db.capture_runs().at(0).id);
  RawSqlite raw(path);
  EXPECT_EQ(raw.text("SELECT role FROM assets WHERE mac = '00:1b:1b:01:02:03'"), "plc");
  EXPECT_EQ(raw.text("SELECT role FROM assets WHERE mac = '00:0c:29:aa:bb:cc'"), "hmi");
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
}

TEST(InventoryDb, ARoutedAddressLeavesTheRouterRow) {
  TempDir dir;
  Database db = Database::open(db_file(dir));
  const auto run = db.begin_run({.source = "live"});
  // First delta: the router MAC was only seen with one address, not yet known as a router.
  AnalysisResult first;
  first.assets = {mac_asset(kRouter, {"10.10.5.20"}, kT0)};
  db.merge(first, run);
  // Second delta: it is a router, and 10.10.5.20 is a routed device of its own.
  AnalysisResult second;
  second.assets = {mac_asset(kRouter, {"10.10.1.1"}, kT0 + 10)};
  AssetRecord historian;
  historian.ips = {ip_of("10.10.5.20")};
  historian.via_mac = mac_of(kRouter);
  historian.first_seen_us = kT0 + 20;
  historian.last_seen_us = kT0 + 30;
  second.assets.push_back(historian);
  db.merge(second, run);

  const Inventory inv = db.inventory();
  ASSERT_EQ(inv.assets.size(), 2u) << test::describe(inv);
  const InventoryAsset* router = inv.find(mac_of(kRouter));
  ASSERT_NE(router, nullptr);
  EXPECT_EQ(router->record.ips, std::vector<IpAddress>{ip_of("10.10.1.1")});
  const InventoryAsset* routed = inv.find(ip_of("10.10.5.20"));
  ASSERT_NE(routed, nullptr);
  EXPECT_TRUE(routed->record.mac.is_zero());
  EXPECT_EQ(routed->record.via_mac.to_string(), kRouter);
  EXPECT_EQ(test::role_of(*router), "router");
}

TEST(InventoryDb, IdentityChangeAcrossRunsIsRecordedOnce) {
  TempDir dir;
  Database db = Database::open(db_file(dir));
  AnalysisResult monday;
  monday.assets = {mac_asset(kPlc, {"10.10.1.20"}, kT0)};
  monday.identities = {fact("10.10.1.20", "firmware", "v3.20", kT0),
                       fact("10.10.1.20", "vendor", "Schneider Electric", kT0)};
  db.merge(monday, db.begin_run({.source = "monday.pcap"}));
  EXPECT_TRUE(db.asset_history().empty());

  AnalysisResult tuesday;
  tuesday.assets = {mac_asset(kPlc, {"10.10.1.20"}, kT0 + 86'400'000'000)};
  tuesday.identities = {fact("10.10.1.20", "firmware", "v3.30", kT0 + 86'400'000'000),
                        fact("10.10.1.20", "vendor", "Schneider Electric", kT0 + 86'400'000'000)};
  const auto run = db.begin_run({.source = "tuesday.pcap"});
  db.merge(tuesday, run);
  db.merge(tuesday, run);  // the same delta again changes nothing in the history

  const auto history = db.asset_history();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].record.field, "firmware");
  EXPECT_EQ(history[0].record.old_value, "v3.20");
  EXPECT_EQ(history[0].record.new_value, "v3.30");
  EXPECT_EQ(history[0].record.changed_us, kT0 + 86'400'000'000);
  EXPECT_EQ(history[0].record.old_last_seen_us, kT0 + 500);
  EXPECT_EQ(history[0].capture_run_id, run);
  const IpAddress other = ip_of("10.10.1.99");
  EXPECT_TRUE(db.asset_history(&other).empty());
  const IpAddress plc = ip_of("10.10.1.20");
  EXPECT_EQ(db.asset_history(&plc).size(), 1u);

  const Inventory inv = db.inventory();
  const InventoryAsset* a = inv.find(plc);
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->history.size(), 1u);
  EXPECT_EQ(a->identity_value("firmware"), "v3.30") << "the value in force is the latest";
}

TEST(InventoryDb, AnAddressAnsweredByAnotherMacIsATakeover) {
  TempDir dir;
  Database db = Database::open(db_file(dir));
  AnalysisResult before;
  before.assets = {mac_asset(kPlc, {"10.10.1.20"}, kT0)};
  db.merge(before, db.begin_run({.source = "a.pcap"}));
  AnalysisResult after;
  after.assets = {mac_asset("e4:a7:a0:41:d7:f2", {"10.10.1.20"}, kT0 + 5'000'000)};
  db.merge(after, db.begin_run({.source = "b.pcap"}));
  const auto history = db.asset_history();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].record.field, "mac");
  EXPECT_EQ(history[0].record.old_value, kPlc);
  EXPECT_EQ(history[0].record.new_value, "e4:a7:a0:41:d7:f2");
  EXPECT_EQ(history[0].record.changed_us, kT0 + 5'000'000);
  // Both devices show the change.
  const Inventory inv = db.inventory();
  EXPECT_EQ(inv.find(mac_of(kPlc))->history.size(), 1u);
  EXPECT_EQ(inv.find(mac_of("e4:a7:a0:41:d7:f2"))->history.size(), 1u);
}

TEST(InventoryDb, HostNamesAreStoredAndJoinTheirDevice) {
  TempDir dir;
  Database db = Database::open(db_file(dir));
  AnalysisResult d;
  d.assets = {mac_asset("00:21:5a:5b:c9:11", {"10.10.1.100"}, kT0)};
  HostnameRecord dhcp;
  dhcp.ip = ip_of("10.10.1.100");
  dhcp.mac = mac_of("00:21:5a:5b:c9:11");
  dhcp.name = "LAPTOP-IT07";
  dhcp.source = "dhcp host name (option 12)";
  dhcp.first_seen_us = kT0;
  dhcp.last_seen_us = kT0;
  HostnameRecord dns = dhcp;
  dns.mac = MacAddress{};
  dns.name = "laptop-it07.plant.local";
  dns.source = "dns answer";
  HostnameRecord unseen = dns;
  unseen.ip = ip_of("10.10.5.30");
  unseen.name = "fileserver.plant.local";
  d.hostnames = {dhcp, dns, unseen};
  const auto run = db.begin_run({.source = "x.pcap"});
  db.merge(d, run);
  db.merge(d, run);
  const auto names = db.hostnames();
  ASSERT_EQ(names.size(), 3u);
  const Inventory inv = db.inventory();
  ASSERT_EQ(inv.assets.size(), 1u) << "a name alone makes no device";
  EXPECT_EQ(inv.assets[0].hostnames(),
            (std::vector<std::string>{"LAPTOP-IT07", "laptop-it07.plant.local"}));
}

TEST(InventoryDb, AlertsSummaryReadsTheAlertsTableWhenThereIsOne) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  EXPECT_TRUE(db.alerts_summary().empty());
  RawSqlite raw(path);
  const std::int64_t has_alerts =
      raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'alerts'");
  if (has_alerts == 0) GTEST_SKIP() << "this build's schema has no alerts table";
  raw.exec(
      "INSERT INTO alerts (rule, severity, protocol, src_ip, dst_ip, summary, count, first_seen, "
      "last_seen) VALUES ('plc_stop', 'critical', 's7comm', '10.0.0.66', '10.0.0.40', 'x', 3, 10, "
      "20), ('plc_stop', 'critical', 's7comm', '10.0.0.67', '10.0.0.40', 'y', 1, 5, 30)");
  const auto summary = db.alerts_summary();
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0].rule, "plc_stop");
  EXPECT_EQ(summary[0].severity, "critical");
  EXPECT_EQ(summary[0].alerts, 2u);
  EXPECT_EQ(summary[0].events, 4u);
  EXPECT_EQ(summary[0].first_seen_us, 5);
  EXPECT_EQ(summary[0].last_seen_us, 30);
}

}  // namespace
}  // namespace otscope
