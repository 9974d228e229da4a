// PROFINET through the whole pipeline: the shared captures agree with tshark 4.0 (messages and
// services per protocol, the identities a DCP Identify response states), and the dangerous DCP
// Sets raise their alerts where a user looks for them (`otscope alerts`).
//
// tshark figures:
//   DCP services: tshark -r F -Y pn_dcp -T fields -e pn_dcp.service_id | sort | uniq -c
//   CM operations: tshark -r profinet.pcap -T fields -e dcerpc.opnum -e dcerpc.pkt_type
//   identities: tshark -r F -Y "pn_dcp.service_type==1" -V (NameOfStation, DeviceVendorValue,
//               VendorID/DeviceID, DeviceRoleDetails, IPaddress)
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "protocols/profinet/profinet.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;

struct Expected {
  const char* file;
  const char* protocol;
  std::uint64_t messages;
  std::map<std::uint32_t, std::uint64_t> functions;
};

// clang-format off
const std::vector<Expected> kExpected = {
    {"ChangeIPUsingDCP.pcap", "profinet_dcp", 4, {{4, 2}, {5, 2}}},
    {"PROFINET-RT.pcap", "profinet_dcp", 14, {{5, 14}}},
    {"profinet-wireshark-bug.pcap", "profinet_dcp", 4, {{4, 2}, {5, 2}}},
    {"profinet.pcap", "profinet_cm", 2, {{5, 2}}},
};
// clang-format on

IpAddress station(const std::string& mac) {
  IpAddress a;
  EXPECT_TRUE(IpAddress::parse(mac, a)) << mac;
  return a;
}

TEST(ProfinetCaptures, EveryCaptureAgreesWithTshark) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  for (const Expected& e : kExpected) {
    SCOPED_TRACE(e.file);
    AnalysisResult r;
    ASSERT_NO_THROW(r = analyze_captures({(dir / "other" / e.file).string()}));
    ASSERT_TRUE(r.protocols.count(e.protocol));
    EXPECT_EQ(r.protocols.at(e.protocol).messages, e.messages);
    EXPECT_EQ(r.protocols.at(e.protocol).functions, e.functions);
    EXPECT_EQ(r.protocols.at(e.protocol).malformed, 0u);
  }
}

TEST(ProfinetCaptures, IdentifyResponsesNameTheDevice) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r = analyze_captures({(dir / "other" / "ChangeIPUsingDCP.pcap").string()});
  const IpAddress device = station("08:00:06:93:cf:32");
  EXPECT_EQ(r.identity(device, "station_name"), "X208-BORD");
  EXPECT_EQ(r.identity(device, "product"), "INC");
  EXPECT_EQ(r.identity(device, "vendor_id"), "0x002a");
  EXPECT_EQ(r.identity(device, "vendor"), "Siemens");
  EXPECT_EQ(r.identity(device, "device_id"), "0x0a01");
  EXPECT_EQ(r.identity(device, "profinet_role"), "IO-Device");
  EXPECT_EQ(r.identity(device, "ip_address"), "192.168.0.6");
  // The Set was answered with success: the device now has the address it was given.
  bool changed = false;
  for (const ChangeRecord* c : r.changes_for(device))
    changed |=
        c->field == "ip_address" && c->old_value == "192.168.0.6" && c->new_value == "192.168.0.10";
  EXPECT_TRUE(changed);
  // The station is listed by its MAC address, the address DCP gave it among its IPs (its ARP
  // says so), never a made-up address.
  const AssetRecord* a = nullptr;
  for (const AssetRecord& x : r.assets)
    if (x.mac.to_string() == "08:00:06:93:cf:32") a = &x;
  ASSERT_NE(a, nullptr);
  for (const IpAddress& ip : a->ips) EXPECT_FALSE(ip.is_link()) << ip.to_string();

  const AnalysisResult bug =
      analyze_captures({(dir / "other" / "profinet-wireshark-bug.pcap").string()});
  // tshark: NameOfStation "%n%n%n " (its NUL padding is not part of the name).
  EXPECT_EQ(bug.identity(station("00:02:e3:17:c7:50"), "station_name"), "%n%n%n ");
  EXPECT_EQ(bug.identity(station("00:02:e3:17:c7:50"), "product"), "S7-300EC");
}

struct Cli {
  test::TempDir dir;
  json run(const std::vector<std::string>& pcaps) {
    const std::string db = (dir.path() / "x.db").string();
    std::vector<std::string> argv = {test::otscope_binary().string(), "analyze", "-q", "--db", db};
    argv.insert(argv.end(), pcaps.begin(), pcaps.end());
    const auto analyze = test::run_command(argv);
    EXPECT_EQ(analyze.exit_code, 0) << analyze.err;
    const auto alerts =
        test::run_command({test::otscope_binary().string(), "alerts", "--db", db, "--json"});
    EXPECT_EQ(alerts.exit_code, 0) << alerts.err;
    return json::parse(alerts.out);
  }
};

std::vector<const json*> with_rule(const json& alerts, const std::string& rule) {
  std::vector<const json*> out;
  for (const json& a : alerts)
    if (a["rule"] == rule) out.push_back(&a);
  return out;
}

TEST(ProfinetCaptures, SettingAnAddressOrANameOnTheWireIsAnAlert) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  Cli cli;
  const json ip = cli.run({(dir / "other" / "ChangeIPUsingDCP.pcap").string()});
  const auto set_ip = with_rule(ip, "profinet_dcp.set_ip");
  ASSERT_EQ(set_ip.size(), 1u) << ip.dump(2);
  EXPECT_EQ((*set_ip[0])["severity"], "high");
  EXPECT_EQ((*set_ip[0])["src"], "00:0c:29:ba:09:ea");
  EXPECT_EQ((*set_ip[0])["dst"], "08:00:06:93:cf:32");
  EXPECT_NE((*set_ip[0])["summary"].get<std::string>().find("192.168.0.10"), std::string::npos);
  Cli cli2;
  const json name = cli2.run({(dir / "other" / "profinet-wireshark-bug.pcap").string()});
  EXPECT_EQ(with_rule(name, "profinet_dcp.set_name").size(), 1u) << name.dump(2);
  // The PROFINET-RT capture only looks for stations by name: nothing to alert on.
  Cli cli3;
  const json look = cli3.run({(dir / "other" / "PROFINET-RT.pcap").string()});
  EXPECT_TRUE(look.empty()) << look.dump(2);
}

TEST(ProfinetCaptures, AFactoryResetIsCritical) {
  // An engineering tool tells a device to reset to factory settings (DCP Set, Control/Reset to
  // factory), and the device answers success.
  const test::Frame reset = test::hex("fefd 04 00 0000002a 0000 0006 0506 0002 0002");
  const test::Frame ok = test::hex("fefd 04 01 0000002a 0000 0008 0504 0003 050600 00");
  test::TempDir dir;
  const std::string pcap = (dir.path() / "reset.pcap").string();
  test::write_file(
      pcap,
      test::pcap_file(1, {{1'700'000'000'000'000,
                           test::ethernet("00:0c:29:00:00:01", "00:1b:1b:00:00:02", 0x8892, reset)},
                          {1'700'000'000'010'000,
                           test::ethernet("00:1b:1b:00:00:02", "00:0c:29:00:00:01", 0x8892, ok)}}));
  Cli cli;
  const json alerts = cli.run({pcap});
  const auto reset_alerts = with_rule(alerts, "profinet_dcp.factory_reset");
  ASSERT_EQ(reset_alerts.size(), 1u) << alerts.dump(2);
  EXPECT_EQ((*reset_alerts[0])["severity"], "critical");
  EXPECT_EQ((*reset_alerts[0])["dst"], "00:1b:1b:00:00:02");
}

}  // namespace
}  // namespace otscope
