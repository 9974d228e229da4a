// Roles from behaviour, each with its confidence and evidence: who answers (PLC, RTU, gateway),
// who polls (HMI, SCADA master), who programs (engineering workstation), who only reads for
// long (historian), who forwards (router), who speaks no ICS protocol (IT host).
#include "model/roles.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "protocols/dnp3/dnp3.h"
#include "protocols/modbus/modbus.h"
#include "protocols/s7/s7.h"
#include "tests/inventory/inventory_fixtures.h"

namespace otscope {
namespace {

using test::ip_of;
using test::mac_of;

constexpr std::int64_t kSecond = 1'000'000;

AssetRecord asset(const std::string& mac, const std::string& ip) {
  AssetRecord a;
  if (!mac.empty()) a.mac = mac_of(mac);
  a.ips = {ip_of(ip)};
  return a;
}

OperationRecord op(Protocol p, const std::string& client, const std::string& server,
                   std::uint32_t function, const std::string& name, OpClass c,
                   std::uint64_t requests, std::uint64_t responses, std::int64_t first = kSecond,
                   std::int64_t last = 2 * kSecond) {
  OperationRecord o;
  o.protocol = p;
  o.client = ip_of(client);
  o.server = ip_of(server);
  o.function = function;
  o.function_name = name;
  o.op = c;
  o.requests = requests;
  o.responses = responses;
  o.first_seen_us = first;
  o.last_seen_us = last;
  return o;
}

struct World {
  std::vector<AssetRecord> assets;
  std::vector<LinkRecord> links;
  std::vector<OperationRecord> operations;
  std::vector<std::vector<RoleAssessment>> roles() const {
    return infer_roles({assets, links, operations});
  }
};

std::string primary(const std::vector<RoleAssessment>& roles) {
  return roles.empty() ? "" : std::string(asset_role_name(roles.front().role));
}

std::string all_reasons(const std::vector<RoleAssessment>& roles) {
  std::string out;
  for (const auto& r : roles)
    for (const auto& why : r.reasons) out += why + "\n";
  return out;
}

TEST(Roles, ModbusServerIsAPlcAndItsWritingClientAnHmi) {
  World w;
  w.assets = {asset("00:1c:06:00:00:01", "10.0.0.10"), asset("00:80:f4:00:00:02", "10.0.0.20")};
  w.operations = {op(modbus::kProtocol, "10.0.0.10", "10.0.0.20", 3, "Read Holding Registers",
                     OpClass::Read, 600, 600),
                  op(modbus::kProtocol, "10.0.0.10", "10.0.0.20", 6, "Write Single Register",
                     OpClass::Write, 1, 1)};
  const auto roles = w.roles();
  EXPECT_EQ(primary(roles[0]), "hmi") << all_reasons(roles[0]);
  EXPECT_EQ(primary(roles[1]), "plc") << all_reasons(roles[1]);
  EXPECT_GE(roles[1][0].confidence, 0.8);
  EXPECT_NE(all_reasons(roles[1]).find("answers Modbus requests from 10.0.0.10"), std::string::npos)
      << all_reasons(roles[1]);
  EXPECT_NE(all_reasons(roles[0]).find("write"), std::string::npos) << all_reasons(roles[0]);
}

TEST(Roles, Dnp3OutstationAndMaster) {
  World w;
  w.assets = {asset("00:1a:4b:00:00:05", "10.20.0.5"), asset("00:30:a7:00:00:21", "10.20.0.21")};
  w.operations = {op(dnp3::kProtocol, "10.20.0.5", "10.20.0.21", 1, "READ", OpClass::Read, 60, 60)};
  const auto roles = w.roles();
  EXPECT_EQ(primary(roles[0]), "scada_master");
  EXPECT_EQ(primary(roles[1]), "rtu");
}

TEST(Roles, S7ModuleReadsMakeAnEngineeringWorkstationEvenWhenItWrites) {
  World w;
  w.assets = {asset("3c:d9:2b:00:00:11", "10.0.0.11"), asset("00:1b:1b:00:00:40", "10.0.0.40")};
  w.operations = {
      op(s7::kS7comm, "10.0.0.11", "10.0.0.40", 0x10401, "Read SZL", OpClass::Identification, 2, 2),
      op(s7::kS7comm, "10.0.0.11", "10.0.0.40", 4, "Read Var", OpClass::Read, 40, 40),
      op(s7::kS7comm, "10.0.0.11", "10.0.0.40", 5, "Write Var", OpClass::Write, 1, 1)};
  w.operations[0].detail = "SZL 0x0011";
  const auto roles = w.roles();
  EXPECT_EQ(primary(roles[0]), "engineering_workstation") << all_reasons(roles[0]);
  EXPECT_NE(all_reasons(roles[0]).find("Read SZL 0x0011"), std::string::npos)
      << all_reasons(roles[0]);
  EXPECT_EQ(primary(roles[1]), "plc");
}

TEST(Roles, ProgrammingWinsWithHighConfidence) {
  World w;
  w.assets = {asset("e4:a7:a0:00:00:66", "10.0.0.66"), asset("00:1b:1b:00:00:40", "10.0.0.40")};
  w.operations = {
      op(s7::kS7comm, "10.0.0.66", "10.0.0.40", 0x1A, "Request download", OpClass::Program, 1, 1),
      // The PLC sends the download-block jobs; the S7 decoder reports the station as client.
      op(s7::kS7comm, "10.0.0.66", "10.0.0.40", 0x1B, "Download block", OpClass::Program, 2, 2),
      op(s7::kS7comm, "10.0.0.66", "10.0.0.40", 0x29, "PLC Stop", OpClass::ModeChange, 1, 1)};
  const auto roles = w.roles();
  EXPECT_EQ(primary(roles[0]), "engineering_workstation");
  EXPECT_DOUBLE_EQ(roles[0][0].confidence, 0.9);
  EXPECT_NE(all_reasons(roles[0]).find("Download block"), std::string::npos);
  EXPECT_EQ(primary(roles[1]), "plc") << all_reasons(roles[1]);
  for (const auto& r : roles[1]) EXPECT_NE(r.role, AssetRole::EngineeringWorkstation);
}

TEST(Roles, ReadingSlowlyForLongIsAHistorianButWritingIsNot) {
  World w;
  w.assets = {asset("", "10.10.5.20"), asset("00:80:f4:00:00:02", "10.0.0.20"),
              asset("00:1c:06:00:00:01", "10.0.0.10")};
  w.assets[0].via_mac = mac_of("00:09:b7:3a:51:01");
  w.operations = {op(modbus::kProtocol, "10.10.5.20", "10.0.0.20", 4, "Read Input Registers",
                     OpClass::Read, 60, 60, kSecond, 600 * kSecond),
                  // Same pace, but it also writes: operating the process.
                  op(modbus::kProtocol, "10.0.0.10", "10.0.0.20", 4, "Read Input Registers",
                     OpClass::Read, 60, 60, kSecond, 600 * kSecond),
                  op(modbus::kProtocol, "10.0.0.10", "10.0.0.20", 6, "Write Single Register",
                     OpClass::Write, 1, 1)};
  const auto roles = w.roles();
  EXPECT_EQ(primary(roles[0]), "historian") << all_reasons(roles[0]);
  EXPECT_NE(all_reasons(roles[0]).find("behind a router"), std::string::npos);
  EXPECT_EQ(primary(roles[2]), "hmi") << all_reasons(roles[2]);
  for (const auto& r : roles[2]) EXPECT_NE(r.role, AssetRole::Historian);
}

TEST(Roles, FastReadOnlyPollingIsNotAHistorian) {
  World w;
  w.assets = {asset("00:1c:06:00:00:01", "10.0.0.10"), asset("00:80:f4:00:00:02", "10.0.0.20")};
  w.operations = {op(modbus::kProtocol, "10.0.0.10", "10.0.0.20", 3, "Read Holding Registers",
                     OpClass::Read, 600, 600, kSecond, 600 * kSecond)};
  EXPECT_EQ(primary(w.roles()[0]), "hmi");
}

TEST(Roles, AModbusServerForSeveralSerialUnitsIsAGateway) {
  World w;
  w.assets = {asset("00:1c:06:00:00:01", "10.0.0.10"), asset("00:90:e8:00:00:30", "10.0.0.30")};
  auto unit1 = op(modbus::kProtocol, "10.0.0.10", "10.0.0.30", 3, "Read Holding Registers",
                  OpClass::Read, 60, 60);
  unit1.unit = 1;
  auto unit2 = op(modbus::kProtocol, "10.0.0.10", "10.0.0.30", 4, "Read Input Registers",
                  OpClass::Read, 60, 60);
  unit2.unit = 2;
  w.operations = {unit1, unit2};
  const auto roles = w.roles();
  EXPECT_EQ(primary(roles[1]), "gateway") << all_reasons(roles[1]);
  EXPECT_NE(all_reasons(roles[1]).find("unit ids 1, 2"), std::string::npos);
}

TEST(Roles, RouterAndItHost) {
  World w;
  w.assets = {asset("00:09:b7:3a:51:01", "10.10.1.1"), asset("", "10.10.5.20"),
              asset("d4:be:d9:00:00:02", "10.10.1.2"), asset("f8:b1:56:00:00:10", "10.10.1.10")};
  w.assets[1].via_mac = w.assets[0].mac;
  LinkRecord dns;
  dns.client = ip_of("10.10.1.10");
  dns.server = ip_of("10.10.1.2");
  dns.transport = Transport::Udp;
  dns.server_port = 53;
  dns.flows = 1;
  w.links = {dns};
  const auto roles = w.roles();
  EXPECT_EQ(primary(roles[0]), "router");
  EXPECT_NE(all_reasons(roles[0]).find("10.10.5.20"), std::string::npos);
  EXPECT_EQ(primary(roles[2]), "it_host");
  EXPECT_NE(all_reasons(roles[2]).find("serves udp/53 (DNS)"), std::string::npos)
      << all_reasons(roles[2]);
  EXPECT_EQ(primary(roles[3]), "it_host");
  EXPECT_NE(all_reasons(roles[3]).find("uses udp/53 (DNS)"), std::string::npos);
}

// Hardening: a Modbus client with an IPv6 link-local address beside its IPv4 one was called a
// router ("has addresses in 2 subnets").
TEST(Roles, ALinkLocalOrDualStackAddressIsNoSecondSubnet) {
  World w;
  w.assets = {asset("00:1c:06:00:00:05", "10.0.0.5"), asset("00:80:f4:00:00:06", "10.0.0.6"),
              asset("00:1c:06:00:00:07", "10.0.0.7")};
  w.assets[0].ips.push_back(ip_of("fe80::21c:6ff:fe00:5"));
  w.assets[2].ips.push_back(ip_of("2001:db8::7"));
  w.operations = {op(modbus::kProtocol, "10.0.0.5", "10.0.0.6", 3, "Read Holding Registers",
                     OpClass::Read, 600, 600),
                  op(modbus::kProtocol, "10.0.0.7", "10.0.0.6", 3, "Read Holding Registers",
                     OpClass::Read, 600, 600)};
  const auto roles = w.roles();
  for (std::size_t i : {0u, 2u}) {
    EXPECT_EQ(primary(roles[i]), "hmi") << all_reasons(roles[i]);
    for (const RoleAssessment& r : roles[i])
      EXPECT_NE(r.role, AssetRole::Router) << all_reasons(roles[i]);
  }
  // Two IPv4 subnets still make a router.
  w.assets[0].ips.push_back(ip_of("10.0.1.5"));
  const auto routed = w.roles()[0];
  EXPECT_TRUE(std::any_of(routed.begin(), routed.end(), [](const RoleAssessment& r) {
    return r.role == AssetRole::Router;
  })) << all_reasons(routed);
}

TEST(Roles, ADeviceTalkingToItselfIsBothSides) {
  World w;
  w.assets = {asset("", "118.189.96.132")};
  w.operations = {op(modbus::kProtocol, "118.189.96.132", "118.189.96.132", 15,
                     "Write Multiple Coils", OpClass::Write, 8, 8)};
  const auto roles = w.roles();
  ASSERT_EQ(roles[0].size(), 2u) << all_reasons(roles[0]);
  EXPECT_EQ(primary(roles[0]), "plc");
  EXPECT_EQ(roles[0][1].role, AssetRole::Hmi);
}

TEST(Roles, ResolverPrefersTheDeviceWithTheMacThenTheRoutedOne) {
  std::vector<AssetRecord> assets = {asset("00:00:00:00:00:0a", "10.0.0.7"),
                                     asset("00:00:00:00:00:0b", "10.0.0.7"), asset("", "10.9.9.9")};
  assets[2].via_mac = mac_of("00:00:00:00:00:0a");
  const AssetResolver r(assets);
  EXPECT_EQ(r.find(ip_of("10.0.0.7"), mac_of("00:00:00:00:00:0b")), 1u);
  EXPECT_EQ(r.find(ip_of("10.9.9.9"), mac_of("00:00:00:00:00:0a")), 2u);
  EXPECT_EQ(r.find(ip_of("10.1.1.1"), mac_of("00:00:00:00:00:0a")), 0u) << "by MAC";
  EXPECT_EQ(r.find(ip_of("10.1.1.1")), AssetResolver::npos);
}

TEST(Roles, RoleNamesRoundTrip) {
  for (AssetRole r : {AssetRole::Plc, AssetRole::Rtu, AssetRole::Gateway, AssetRole::Hmi,
                      AssetRole::ScadaMaster, AssetRole::EngineeringWorkstation,
                      AssetRole::Historian, AssetRole::Router, AssetRole::ItHost}) {
    AssetRole back = AssetRole::Unknown;
    ASSERT_TRUE(asset_role_from_name(asset_role_name(r), back));
    EXPECT_EQ(back, r);
    EXPECT_FALSE(asset_role_label(r).empty());
  }
  AssetRole x;
  EXPECT_FALSE(asset_role_from_name("mainframe", x));
}

}  // namespace
}  // namespace otscope
