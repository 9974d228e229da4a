// The inventory commands as a script sees them: stable JSON keys of `assets --json`, the map's
// nodes and edges, help on every new command.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/inventory/inventory_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::run_command;

class DemoDb : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto demo = test::project_pcaps() / "demo_plant.pcap";
    if (!std::filesystem::exists(demo)) GTEST_SKIP() << "pcaps/demo_plant.pcap not generated";
    db_ = (dir_.path() / "demo.db").string();
    auto r = run_command({bin_, "analyze", "-q", "--db", db_, demo.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  json run_json(std::vector<std::string> argv) {
    argv.insert(argv.begin(), bin_);
    auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
  test::TempDir dir_;
  std::string db_;
  std::string bin_ = test::otscope_binary().string();
};

const json* by_ip(const json& assets, const std::string& ip) {
  for (const json& a : assets)
    for (const json& x : a["ips"])
      if (x == ip) return &a;
  return nullptr;
}

TEST(InventoryCli, HelpOnTheInventoryCommands) {
  for (const char* cmd : {"assets", "map", "history", "report"}) {
    auto r = run_command({test::otscope_binary().string(), cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("--db"), std::string::npos) << cmd;
  }
}

TEST_F(DemoDb, AssetsJsonHasTheStableKeys) {
  const json assets = run_json({"assets", "--db", db_, "--json"});
  ASSERT_EQ(assets.size(), 12u) << assets.dump(1);
  for (const json& a : assets) {
    for (const char* key : {"id", "mac", "mac_vendor", "ips", "role", "protocols", "identity",
                            "first_seen", "last_seen", "hostnames", "vlans", "role_confidence",
                            "role_reasons", "history", "identity_sources"})
      EXPECT_TRUE(a.contains(key)) << key;
    for (const char* key : {"vendor", "product", "model", "order_number", "firmware", "hardware",
                            "serial", "module_name", "station_name"})
      EXPECT_TRUE(a["identity"].contains(key)) << key;
    EXPECT_EQ(a["first_seen"].get<std::string>().back(), 'Z') << "ISO 8601 UTC";
  }
  const json* m340 = by_ip(assets, "10.10.1.20");
  ASSERT_NE(m340, nullptr);
  EXPECT_EQ((*m340)["identity"]["vendor"], "Schneider Electric");
  EXPECT_EQ((*m340)["identity"]["firmware"], "v3.20");
  EXPECT_EQ((*m340)["modbus_units"], json::array({255}));
  EXPECT_EQ((*m340)["protocol_roles"]["modbus"], json::array({"server"}));
  bool sourced = false;
  for (const json& f : (*m340)["identity_sources"])
    sourced = sourced || (f["field"] == "vendor" && f["protocol"] == "modbus" &&
                          f["source"] == "modbus 43/14 read device identification" &&
                          f["first_seen"] == "2026-03-02T08:00:00.127434Z");
  EXPECT_TRUE(sourced) << (*m340)["identity_sources"].dump(1);
}

TEST_F(DemoDb, MapGivesNodesWithRolesAndEdgesWithOperationClasses) {
  const json map = run_json({"map", "--db", db_, "--json"});
  ASSERT_TRUE(map.contains("nodes"));
  ASSERT_TRUE(map.contains("edges"));
  std::map<std::int64_t, std::string> role_of_id, ip_of_id;
  for (const json& n : map["nodes"]) {
    role_of_id[n["id"].get<std::int64_t>()] =
        n["role"].is_null() ? "" : n["role"].get<std::string>();
    ip_of_id[n["id"].get<std::int64_t>()] = n["ips"].empty() ? "" : n["ips"][0].get<std::string>();
  }
  bool hmi_to_plc = false, ews_to_s7 = false, master_to_rtu = false;
  for (const json& e : map["edges"]) {
    const auto client = e["client"].get<std::int64_t>();
    const auto server = e["server"].get<std::int64_t>();
    const json& ops = e["op_classes"];
    auto has = [&](const char* c) { return std::find(ops.begin(), ops.end(), c) != ops.end(); };
    if (ip_of_id[client] == "10.10.1.10" && ip_of_id[server] == "10.10.1.20" &&
        e["protocol"] == "modbus") {
      hmi_to_plc = has("read") && has("write") && e["packets"].get<int>() > 1000;
      EXPECT_EQ(role_of_id[client], "hmi");
      EXPECT_EQ(role_of_id[server], "plc");
    }
    if (ip_of_id[client] == "10.10.1.11" && ip_of_id[server] == "10.10.1.40")
      ews_to_s7 = e["protocol"] == "s7comm" && has("identification") &&
                  role_of_id[client] == "engineering_workstation";
    if (ip_of_id[client] == "10.10.20.5" && ip_of_id[server] == "10.10.20.22")
      master_to_rtu = e["protocol"] == "dnp3" && has("configuration") && has("unsolicited") &&
                      role_of_id[server] == "rtu";
  }
  EXPECT_TRUE(hmi_to_plc) << map["edges"].dump(1);
  EXPECT_TRUE(ews_to_s7) << map["edges"].dump(1);
  EXPECT_TRUE(master_to_rtu) << map["edges"].dump(1);
}

TEST_F(DemoDb, TextAndCsvListings) {
  auto text = run_command({bin_, "assets", "--db", db_});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("historian.plant.local"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("engineering_workstation"), std::string::npos);
  auto map = run_command({bin_, "map", "--db", db_, "--csv"});
  ASSERT_EQ(map.exit_code, 0);
  EXPECT_EQ(map.out.rfind("client,client_role,server,server_role,protocol,op_classes", 0), 0u);
  auto history = run_command({bin_, "history", "--db", db_});
  ASSERT_EQ(history.exit_code, 0);
  EXPECT_EQ(history.out.rfind("id", 0), 0u);
  EXPECT_NE(run_command({bin_, "history", "--db", db_, "--ip", "not-an-ip"}).exit_code, 0);
}

}  // namespace
}  // namespace otscope
