// The project's demo plant (pcaps/demo_plant.pcap, ground truth in pcaps/README.md): one asset
// per device, the router split from the routed historian, the expected roles, host names from
// DHCP/NetBIOS/DNS, identity from Modbus 43/14, S7 SZLs and DNP3 device attributes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "engine/engine.h"
#include "model/inventory.h"
#include "protocols/modbus/modbus.h"
#include "tests/inventory/inventory_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::describe;
using test::ip_of;
using test::mac_of;
using test::role_of;

class DemoPlant : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto path = test::project_pcaps() / "demo_plant.pcap";
    if (!std::filesystem::exists(path)) return;
    result_ = new AnalysisResult(analyze_captures({path.string()}));
    inventory_ = new Inventory(build_inventory(*result_));
  }
  static void TearDownTestSuite() {
    delete inventory_;
    delete result_;
    inventory_ = nullptr;
    result_ = nullptr;
  }
  void SetUp() override {
    if (!inventory_) GTEST_SKIP() << "pcaps/demo_plant.pcap not generated yet";
  }
  const InventoryAsset& device(const std::string& ip) {
    const InventoryAsset* a = inventory_->find(ip_of(ip));
    if (!a) {
      ADD_FAILURE() << "no asset for " << ip << "\n" << describe(*inventory_);
      static const InventoryAsset kNone;
      return kNone;
    }
    return *a;
  }
  static AnalysisResult* result_;
  static Inventory* inventory_;
};
AnalysisResult* DemoPlant::result_ = nullptr;
Inventory* DemoPlant::inventory_ = nullptr;

TEST_F(DemoPlant, OneAssetPerDeviceWithTheExpectedRoles) {
  // pcaps/README.md, "Hosts": twelve devices in the demo plant.
  const std::map<std::string, std::string> expected = {
      {"10.10.1.1", "router"},     {"10.10.1.2", "it_host"},
      {"10.10.1.10", "hmi"},       {"10.10.1.11", "engineering_workstation"},
      {"10.10.1.20", "plc"},       {"10.10.1.30", "gateway"},
      {"10.10.1.40", "plc"},       {"10.10.1.100", "it_host"},
      {"10.10.5.20", "historian"}, {"10.10.20.5", "scada_master"},
      {"10.10.20.21", "rtu"},      {"10.10.20.22", "rtu"}};
  EXPECT_EQ(inventory_->assets.size(), expected.size()) << describe(*inventory_);
  for (const auto& [ip, role] : expected) {
    const InventoryAsset& a = device(ip);
    EXPECT_EQ(role_of(a), role) << ip << "\n" << describe(*inventory_);
    ASSERT_NE(a.role(), nullptr) << ip;
    EXPECT_GE(a.role()->confidence, 0.6) << ip;
    EXPECT_FALSE(a.role()->reasons.empty()) << ip;
  }
}

TEST_F(DemoPlant, TheRouterKeepsItsInterfacesAndTheHistorianIsItsOwnDevice) {
  const InventoryAsset& router = device("10.10.1.1");
  EXPECT_EQ(router.record.mac.to_string(), "00:09:b7:3a:51:01");
  EXPECT_EQ(router.record.ips, (std::vector<IpAddress>{ip_of("10.10.1.1"), ip_of("10.10.20.1")}));
  EXPECT_EQ(router.record.vlans, std::vector<std::uint16_t>{20});
  EXPECT_EQ(router.record.mac_vendor, "Cisco Systems, Inc");
  const InventoryAsset& historian = device("10.10.5.20");
  EXPECT_TRUE(historian.record.mac.is_zero());
  EXPECT_EQ(historian.record.via_mac, router.record.mac);
  EXPECT_EQ(historian.hostnames(), std::vector<std::string>{"historian.plant.local"});
  std::string why;
  for (const auto& r : historian.role()->reasons) why += r;
  EXPECT_NE(why.find("only reads"), std::string::npos) << why;
  EXPECT_NE(why.find("10.10.1.20"), std::string::npos) << why;
}

TEST_F(DemoPlant, HostNamesFromDhcpNetbiosAndDns) {
  const InventoryAsset& laptop = device("10.10.1.100");
  EXPECT_EQ(laptop.hostnames(), std::vector<std::string>{"LAPTOP-IT07"});
  std::set<std::string> sources;
  for (const HostnameRecord& n : laptop.names) sources.insert(n.source);
  EXPECT_TRUE(sources.count("dhcp host name (option 12)")) << describe(*inventory_);
  // The NetBIOS registration carries the address the wire says; compare with tshark's reading
  // (the generator currently writes it byte-swapped: 100.1.10.10).
  const HostnameRecord* nbns = nullptr;
  for (const HostnameRecord& n : result_->hostnames)
    if (n.source == "nbns name registration") nbns = &n;
  ASSERT_NE(nbns, nullptr);
  EXPECT_EQ(nbns->name, "LAPTOP-IT07");
  if (std::filesystem::exists("/usr/bin/tshark")) {
    auto r = test::run_command({"/usr/bin/tshark", "-r",
                                (test::project_pcaps() / "demo_plant.pcap").string(), "-Y", "nbns",
                                "-T", "fields", "-e", "nbns.addr"});
    EXPECT_EQ(nbns->ip.to_string(), r.out.substr(0, r.out.find('\n')));
  }
  if (nbns->ip == ip_of("10.10.1.100")) {
    EXPECT_TRUE(sources.count("nbns name registration"));
  }
  std::string dc_reasons;
  for (const auto& r : device("10.10.1.2").role()->reasons) dc_reasons += r + ";";
  for (const char* service : {"DNS", "DHCP", "NTP"})
    EXPECT_NE(dc_reasons.find(service), std::string::npos) << dc_reasons;
}

TEST_F(DemoPlant, IdentityOfTheControllersWithSources) {
  const InventoryAsset& m340 = device("10.10.1.20");
  EXPECT_EQ(m340.identity_value("vendor"), "Schneider Electric");
  EXPECT_EQ(m340.identity_value("product"), "Modicon M340");
  EXPECT_EQ(m340.identity_value("model"), "BMX P34 2020");
  EXPECT_EQ(m340.identity_value("firmware"), "v3.20");
  EXPECT_EQ(m340.identity_list("modbus_unit"), std::vector<std::string>{"255"});
  for (const IdentityRecord& f : m340.identity)
    if (f.field == "vendor") {
      EXPECT_EQ(f.source, "modbus 43/14 read device identification");
      EXPECT_EQ(f.protocol, modbus::kProtocol);
      EXPECT_EQ(f.first_seen_us, 1'772'438'400'127'434);
    }

  const InventoryAsset& gateway = device("10.10.1.30");
  EXPECT_EQ(gateway.identity_list("modbus_unit"), (std::vector<std::string>{"1", "2"}));

  const InventoryAsset& s7 = device("10.10.1.40");
  EXPECT_EQ(s7.identity_value("order_number"), "6ES7 315-2EH14-0AB0");
  EXPECT_EQ(s7.identity_value("firmware"), "V3.2.6");
  EXPECT_EQ(s7.identity_value("serial"), "S C-C2UR28922012");
  EXPECT_EQ(s7.identity_value("station_name"), "SV-PUMPSTATION");
  EXPECT_EQ(s7.identity_value("module_type"), "CPU 315-2 PN/DP");
  EXPECT_EQ(s7.identity_value("plant_name"), "PUMP_STATION_1");
  EXPECT_EQ(s7.identity_value("rack"), "0");
  EXPECT_EQ(s7.identity_value("slot"), "2");

  const InventoryAsset& sel = device("10.10.20.21");
  EXPECT_EQ(sel.identity_value("vendor"), "Schweitzer Engineering Laboratories");
  EXPECT_EQ(sel.identity_value("product"), "SEL-3530 RTAC");
  EXPECT_EQ(sel.identity_value("serial"), "3530R0427X0193");
  EXPECT_EQ(sel.identity_value("firmware"), "R151-V2");
  EXPECT_EQ(sel.identity_value("hardware"), "R3");
  EXPECT_EQ(sel.identity_list("dnp3_address"), std::vector<std::string>{"10"});
  EXPECT_EQ(device("10.10.20.22").identity_list("dnp3_address"), std::vector<std::string>{"11"});
  EXPECT_EQ(device("10.10.20.5").identity_list("dnp3_address"), std::vector<std::string>{"1"});
  EXPECT_EQ(device("10.10.20.5").record.vlans, std::vector<std::uint16_t>{20});
}

TEST_F(DemoPlant, ANormalDayChangesNothing) {
  EXPECT_TRUE(result_->changes.empty())
      << result_->changes.size() << " changes, first " << result_->changes.front().field;
}

TEST_F(DemoPlant, CommunicationMapEdges) {
  auto edge = [&](const std::string& client, const std::string& server,
                  const std::string& protocol) -> const InventoryEdge* {
    for (const InventoryEdge& e : inventory_->edges) {
      const auto& c = inventory_->assets[e.client].record.ips;
      const auto& s = inventory_->assets[e.server].record.ips;
      if (std::find(c.begin(), c.end(), ip_of(client)) != c.end() &&
          std::find(s.begin(), s.end(), ip_of(server)) != s.end() && e.protocol == protocol)
        return &e;
    }
    return nullptr;
  };
  const InventoryEdge* hmi = edge("10.10.1.10", "10.10.1.20", "modbus");
  ASSERT_NE(hmi, nullptr);
  EXPECT_EQ(hmi->op_classes,
            (std::set<OpClass>{OpClass::Read, OpClass::Write, OpClass::Identification}));
  EXPECT_EQ(hmi->requests, 622u) << "600 FC 3 + 19 FC 1 + 1 FC 43 + 1 FC 6 + 1 FC 16";
  const InventoryEdge* historian = edge("10.10.5.20", "10.10.1.20", "modbus");
  ASSERT_NE(historian, nullptr);
  EXPECT_EQ(historian->op_classes, std::set<OpClass>{OpClass::Read});
  EXPECT_EQ(historian->requests, 60u);
  ASSERT_NE(edge("10.10.1.10", "10.10.5.20", "tcp/80"), nullptr) << "HTTP to the historian";
  const InventoryEdge* ews = edge("10.10.1.11", "10.10.1.40", "s7comm");
  ASSERT_NE(ews, nullptr);
  EXPECT_TRUE(ews->op_classes.count(OpClass::Identification));
  EXPECT_EQ(inventory_->assets[ews->server].protocol_roles.at("s7comm"),
            std::set<std::string>{"server"});
}

// attack_modbus_write.pcap: an unknown laptop reads the M340's identity (43/14 basic) and
// writes registers and coils: it operates the PLC.
TEST(AttackCaptures, UnknownLaptopWritingTheModbusPlc) {
  const auto path = test::project_pcaps() / "attack_modbus_write.pcap";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "attack_modbus_write.pcap not generated";
  const Inventory inv = build_inventory(analyze_captures({path.string()}));
  const InventoryAsset* laptop = inv.find(ip_of("10.10.1.66"));
  ASSERT_NE(laptop, nullptr) << describe(inv);
  EXPECT_EQ(role_of(*laptop), "hmi") << describe(inv);
  EXPECT_EQ(laptop->record.mac_vendor, "Intel Corporate");
  const InventoryAsset* plc = inv.find(ip_of("10.10.1.20"));
  ASSERT_NE(plc, nullptr);
  EXPECT_EQ(role_of(*plc), "plc");
  EXPECT_EQ(plc->identity_value("vendor"), "Schneider Electric");
  EXPECT_EQ(plc->identity_value("product_code"), "BMX P34 2020");
}

// attack_program_download.pcap: the laptop stops the S7, downloads blocks and restarts it.
TEST(AttackCaptures, ProgramDownloadMakesAnEngineeringStation) {
  const auto path = test::project_pcaps() / "attack_program_download.pcap";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "attack_program_download.pcap not generated";
  const Inventory inv = build_inventory(analyze_captures({path.string()}));
  const InventoryAsset* laptop = inv.find(ip_of("10.10.1.66"));
  ASSERT_NE(laptop, nullptr) << describe(inv);
  EXPECT_EQ(role_of(*laptop), "engineering_workstation") << describe(inv);
  EXPECT_GE(laptop->role()->confidence, 0.9);
  const InventoryAsset* plc = inv.find(ip_of("10.10.1.40"));
  ASSERT_NE(plc, nullptr);
  EXPECT_EQ(role_of(*plc), "plc") << describe(inv);
  EXPECT_EQ(role_of(*inv.find(ip_of("10.10.1.10"))), "hmi");
}

}  // namespace
}  // namespace otscope
