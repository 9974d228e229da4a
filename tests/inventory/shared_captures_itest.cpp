// The inventory over real captures (../shared/pcaps): the S7-300 of the Snap7 session with the
// identity its client printed (snap7_s300_events.txt), DNP3 master and outstation with their
// link addresses (checked against tshark), and the Modbus captures, none of which carries a
// 43/14 answer (checked with tshark too), so none yields a Modbus device identity.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "engine/engine.h"
#include "model/inventory.h"
#include "protocols/modbus/modbus.h"
#include "protocols/s7/s7.h"
#include "tests/inventory/inventory_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::describe;
using test::ip_of;
using test::role_of;

bool have_tshark() {
  return std::filesystem::exists("/usr/bin/tshark");
}

// Distinct values of one tshark field over the frames matching `filter`.
std::set<std::string> tshark_values(const std::filesystem::path& file, const std::string& filter,
                                    const std::string& field) {
  auto r = test::run_command(
      {"/usr/bin/tshark", "-r", file.string(), "-Y", filter, "-T", "fields", "-e", field});
  std::set<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

TEST(SharedCaptures, Snap7S300HasItsFullIdentityAndTheClientProgramsIt) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const Inventory inv =
      build_inventory(analyze_captures({(dir / "s7/snap7_s300_everything.pcapng").string()}));
  ASSERT_EQ(inv.assets.size(), 2u) << describe(inv);
  const InventoryAsset* plc = inv.find(ip_of("134.217.61.211"));
  ASSERT_NE(plc, nullptr) << describe(inv);
  // snap7_s300_events.txt: Order Code, Module Type Name, Serial Number, AS Name, Module Name.
  EXPECT_EQ(plc->identity_value("order_number"), "6ES7 315-2EH14-0AB0");
  EXPECT_EQ(plc->identity_value("module_type"), "CPU 315-2 PN/DP");
  EXPECT_EQ(plc->identity_value("serial"), "S C-B1U393142011");
  EXPECT_EQ(plc->identity_value("station_name"), "S7300/ET200M station_1");
  EXPECT_EQ(plc->identity_value("module_name"), "PLC_1");
  EXPECT_EQ(role_of(*plc), "plc") << describe(inv);
  for (const IdentityRecord& f : plc->identity) {
    EXPECT_EQ(f.protocol, s7::kS7comm) << f.field;
    EXPECT_NE(f.source.find("SZL"), std::string::npos) << f.field << ": " << f.source;
    EXPECT_GT(f.first_seen_us, 0) << f.field;
  }
  const InventoryAsset* client = inv.find(ip_of("134.217.61.131"));
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(role_of(*client), "engineering_workstation") << describe(inv);
  EXPECT_GE(client->role()->confidence, 0.9) << "it uploads blocks and stops the PLC";
  EXPECT_EQ(plc->record.mac_vendor, "Siemens AG");
}

TEST(SharedCaptures, Dnp3MasterAndOutstationWithTheirAddresses) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const auto file = dir / "dnp3/full_exchange.pcap";
  const Inventory inv = build_inventory(analyze_captures({file.string()}));
  const InventoryAsset* master = inv.find(ip_of("192.168.60.1"));
  const InventoryAsset* outstation = inv.find(ip_of("192.168.60.130"));
  ASSERT_NE(master, nullptr) << describe(inv);
  ASSERT_NE(outstation, nullptr) << describe(inv);
  EXPECT_EQ(role_of(*master), "scada_master") << describe(inv);
  EXPECT_EQ(role_of(*outstation), "rtu") << describe(inv);
  EXPECT_EQ(master->identity_list("dnp3_address"), std::vector<std::string>{"1"});
  EXPECT_EQ(outstation->identity_list("dnp3_address"), std::vector<std::string>{"10"});
  if (have_tshark()) {
    // The link-layer source address of each side's frames, as Wireshark decodes them.
    EXPECT_EQ(tshark_values(file, "ip.src == 192.168.60.1 && dnp3", "dnp3.src"),
              std::set<std::string>{"1"});
    EXPECT_EQ(tshark_values(file, "ip.src == 192.168.60.130 && dnp3", "dnp3.src"),
              std::set<std::string>{"10"});
  }
}

TEST(SharedCaptures, NoModbusCaptureAnswers4314SoNoModbusIdentity) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  for (const auto& entry : std::filesystem::directory_iterator(dir / "modbus")) {
    if (entry.path().extension() != ".pcap") continue;
    SCOPED_TRACE(entry.path().filename().string());
    if (have_tshark()) {
      EXPECT_TRUE(tshark_values(entry.path(),
                                "modbus.func_code == 43 && modbus.mei == 14 && "
                                "mbtcp.trans_id && modbus.conformity_level",
                                "frame.number")
                      .empty())
          << "a 43/14 answer appeared in this capture: the test below must expect its identity";
    }
    const AnalysisResult r = analyze_captures({entry.path().string()});
    for (const IdentityRecord& f : r.identities) {
      if (f.protocol != modbus::kProtocol) continue;
      EXPECT_EQ(f.field, "modbus_unit") << f.field << " = " << f.value;
    }
  }
}

TEST(SharedCaptures, EveryModbusServerIsAPlcOrGatewayAndEveryPollerAnHmi) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const auto file = dir / "modbus/modbusSmall.pcap";
  const AnalysisResult r = analyze_captures({file.string()});
  const Inventory inv = build_inventory(r);
  std::set<std::size_t> servers, clients;
  for (const OperationRecord& op : r.operations) {
    if (op.protocol != modbus::kProtocol) continue;
    for (std::size_t i = 0; i < inv.assets.size(); ++i) {
      const auto& ips = inv.assets[i].record.ips;
      if (std::find(ips.begin(), ips.end(), op.server) != ips.end() && op.responses > 0)
        servers.insert(i);
      if (std::find(ips.begin(), ips.end(), op.client) != ips.end() && op.requests > 0)
        clients.insert(i);
    }
  }
  ASSERT_FALSE(servers.empty()) << describe(inv);
  for (std::size_t i : servers) {
    const std::string role = role_of(inv.assets[i]);
    EXPECT_TRUE(role == "plc" || role == "gateway") << describe(inv);
  }
  for (std::size_t i : clients)
    if (!servers.count(i)) {
      const std::string role = role_of(inv.assets[i]);
      EXPECT_TRUE(role == "hmi" || role == "historian") << describe(inv);
    }
}

}  // namespace
}  // namespace otscope
