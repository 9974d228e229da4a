// A merge infers again the roles of the assets it touched, from what is stored at their
// addresses, and reads nothing else: its cost follows what changed, not the inventory's size. The
// roles it stores are the ones the whole inventory gives.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "db/database.h"
#include "db/merger.h"
#include "model/roles.h"
#include "protocols/registry.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_file;
using test::ip;
using test::kT0;
using test::mac;
using test::TempDir;

constexpr const char* kRouter = "00:00:5e:00:01:01";

AssetRecord device(const std::string& m, const std::string& address) {
  AssetRecord a;
  a.mac = mac(m);
  a.ips = {ip(address)};
  a.first_seen_us = kT0;
  a.last_seen_us = kT0;
  a.packets_sent = 2;
  return a;
}

AssetRecord routed(int i) {
  AssetRecord a;
  a.ips = {ip("10." + std::to_string(i / 250 + 1) + "." + std::to_string(i % 250) + ".7")};
  a.via_mac = mac(kRouter);
  a.first_seen_us = kT0;
  a.last_seen_us = kT0;
  a.packets_sent = 1;
  return a;
}

OperationRecord read_holding(const std::string& client, const std::string& server,
                             const std::string& client_mac, const std::string& server_mac) {
  OperationRecord op;
  op.protocol = *find_protocol("modbus");
  op.op = OpClass::Read;
  op.function = 3;
  op.function_name = "Read Holding Registers";
  op.unit = 1;
  op.client = ip(client);
  op.server = ip(server);
  op.client_mac = mac(client_mac);
  op.server_mac = mac(server_mac);
  op.requests = 10;
  op.responses = 10;
  op.first_seen_us = kT0;
  op.last_seen_us = kT0 + 1'000;
  return op;
}

LinkRecord modbus_link(const std::string& client, const std::string& server) {
  LinkRecord l;
  l.client = ip(client);
  l.server = ip(server);
  l.server_port = 502;
  l.protocol = "modbus";
  l.flows = 1;
  l.packets = 20;
  l.first_seen_us = kT0;
  l.last_seen_us = kT0 + 1'000;
  return l;
}

// Every stored asset's roles equal what the whole stored inventory gives.
void expect_roles_of_whole_inventory(Database& db) {
  const auto assets = db.assets();
  const auto links = db.links();
  const auto operations = db.operations();
  std::vector<AssetRecord> a;
  for (const auto& s : assets) a.push_back(s.record);
  std::vector<LinkRecord> l;
  for (const auto& s : links) l.push_back(s.record);
  std::vector<OperationRecord> o;
  for (const auto& s : operations) o.push_back(s.record);
  const auto roles = infer_roles({a, l, o});
  for (std::size_t i = 0; i < assets.size(); ++i)
    EXPECT_EQ(assets[i].record.roles, roles[i]) << assets[i].record.ips.front().to_string();
}

TEST(RoleRefresh, AMergeInfersTheRolesOfWhatItTouchedOnly) {
  constexpr int kRouted = 2'000;
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  const auto run = db.begin_run({.source = "plant.pcap"});
  AnalysisResult plant;
  plant.assets = {device("00:1c:06:00:00:01", "192.168.1.20"),
                  device("00:1b:1b:00:00:02", "192.168.1.10"),
                  device("00:1b:1b:00:00:03", "192.168.1.11"), device(kRouter, "192.168.1.1")};
  for (int i = 0; i < kRouted; ++i) plant.assets.push_back(routed(i));
  plant.operations = {
      read_holding("192.168.1.20", "192.168.1.10", "00:1c:06:00:00:01", "00:1b:1b:00:00:02")};
  plant.links = {modbus_link("192.168.1.20", "192.168.1.10")};
  db.merge(plant, run);
  expect_roles_of_whole_inventory(db);

  // A delta with one new operation, HMI -> second PLC: the HMI and that PLC are refreshed.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  {
    ASSERT_EQ(sqlite3_exec(raw, "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
    db::Merger merger(raw);
    merger.start();
    merger.operation(
        read_holding("192.168.1.20", "192.168.1.11", "00:1c:06:00:00:01", "00:1b:1b:00:00:03"));
    merger.link(modbus_link("192.168.1.20", "192.168.1.11"));
    merger.finish();
    EXPECT_EQ(merger.roles_refreshed(), 2u);

    // One routed host seen again: it and its router, not the 2,000 others.
    merger.start();
    merger.asset(routed(7));
    merger.finish();
    EXPECT_EQ(merger.roles_refreshed(), 2u);

    // Nothing merged, nothing read.
    merger.start();
    merger.finish();
    EXPECT_EQ(merger.roles_refreshed(), 0u);
    ASSERT_EQ(sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  sqlite3_close_v2(raw);
  expect_roles_of_whole_inventory(db);
  bool second_plc_serves = false;
  for (const auto& a : db.assets())
    if (a.record.ips.front().to_string() == "192.168.1.11")
      second_plc_serves = !a.record.roles.empty() && a.record.roles.front().role == AssetRole::Plc;
  EXPECT_TRUE(second_plc_serves);
}

}  // namespace
}  // namespace otscope
