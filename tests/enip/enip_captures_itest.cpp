// Every shared EtherNet/IP capture through the whole pipeline: encapsulation and CIP message and
// per-function counts agree with tshark's dissectors, the List Identity reply names the
// 1756-ENBT/A, the stop/start/unlock captures raise their command alerts, and crafted
// conversations raise reset, firmware update and network-settings alerts and make the adapter a
// PLC in the inventory.
//
// Figures computed with tshark 4.0.17 (ICS-Security-Tools captures, ../shared/pcaps/other):
//   enip: tshark -r F -T fields -e enip.command -E occurrence=a  (one value per encapsulation
//         message; a frame holding several prints several)
//   cip:  tshark -r F -T json --no-duplicate-keys -j "enip cip", the top-level cip.service of
//         each cip layer (the services inside a Multiple Service Packet or an Unconnected Send
//         are not messages of their own), without the response bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "protocols/enip/enip.h"
#include "tests/enip/crafted.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::hex;

struct Expected {
  const char* file;
  std::uint64_t enip_messages;
  std::map<std::uint32_t, std::uint64_t> enip_functions;
  std::uint64_t cip_messages;
  std::map<std::uint32_t, std::uint64_t> cip_functions;
};

// clang-format off
const std::vector<Expected> kExpected = {
    // 219 Unconnected Sends (each a Get Attributes All to class 0xAC) answered by 219 replies, and
    // 8361 Multiple Service Packets of Logix tag reads on class-3 connections.
    {"EthernetIP-CIP.pcap", 8799, {{0x6F, 438}, {0x70, 8361}}, 8799, {{0x01, 219}, {0x0A, 8361}, {0x52, 219}}},
    {"enip_test.pcap", 2, {{0x63, 2}}, 0, {}},
    {"cip-eth-set-2.pcap", 1, {{0x6F, 1}}, 1, {{0x10, 1}}},
    {"cip-multiple-1.pcap", 1, {{0x70, 1}}, 1, {{0x0A, 1}}},
    {"cip-multiple-2.pcap", 1, {{0x70, 1}}, 1, {{0x0A, 1}}},
    {"cip_start_plc.pcap", 1, {{0x70, 1}}, 1, {{0x06, 1}}},
    {"cip_stop_plc.pcap", 1, {{0x70, 1}}, 1, {{0x07, 1}}},
    {"cip_unlock_cpu.pcap", 1, {{0x70, 1}}, 1, {{0x4C, 1}}},
};
// clang-format on

IpAddress ip(const std::string& text) {
  IpAddress a;
  EXPECT_TRUE(IpAddress::parse(text, a)) << text;
  return a;
}

ProtocolStats stats(const AnalysisResult& r, const std::string& name) {
  return r.protocols.count(name) ? r.protocols.at(name) : ProtocolStats{};
}

bool has_role(const AnalysisResult& r, const IpAddress& a, AssetRole role) {
  for (const AssetRecord& asset : r.assets)
    if (std::find(asset.ips.begin(), asset.ips.end(), a) != asset.ips.end())
      for (const RoleAssessment& ra : asset.roles)
        if (ra.role == role) return true;
  return false;
}

TEST(EnipCaptures, EveryCaptureAgreesWithTshark) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  for (const Expected& e : kExpected) {
    SCOPED_TRACE(e.file);
    AnalysisResult r;
    ASSERT_NO_THROW(r = analyze_captures({(dir / "other" / e.file).string()}));
    const ProtocolStats enip = stats(r, "enip");
    const ProtocolStats cip = stats(r, "cip");
    EXPECT_EQ(enip.messages, e.enip_messages);
    EXPECT_EQ(enip.functions, e.enip_functions);
    EXPECT_EQ(enip.malformed, 0u);
    EXPECT_EQ(cip.messages, e.cip_messages);
    EXPECT_EQ(cip.functions, e.cip_functions);
    EXPECT_EQ(cip.malformed, 0u);
  }
}

TEST(EnipCaptures, ListIdentityNamesTheAdapter) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r = analyze_captures({(dir / "other" / "enip_test.pcap").string()});
  // tshark -V frame 7: Vendor ID Rockwell Automation/Allen-Bradley (0x0001), Device Type
  // Communications Adapter (12), Product Code 58, Revision 4.03, Serial Number 0x00524d8e,
  // Product Name 1756-ENBT/A, State 0x03.
  const IpAddress adapter = ip("10.1.1.164");
  EXPECT_EQ(r.identity(adapter, "vendor"), "Rockwell Automation/Allen-Bradley");
  EXPECT_EQ(r.identity(adapter, "vendor_id"), "1");
  EXPECT_EQ(r.identity(adapter, "device_type"), "Communications Adapter");
  EXPECT_EQ(r.identity(adapter, "product_code"), "58");
  EXPECT_EQ(r.identity(adapter, "firmware"), "4.03");
  EXPECT_EQ(r.identity(adapter, "serial"), "0x00524D8E");
  EXPECT_EQ(r.identity(adapter, "product"), "1756-ENBT/A");
  EXPECT_EQ(r.identity(ip("10.1.1.167"), "product"), "");
  EXPECT_TRUE(has_role(r, adapter, AssetRole::Plc));
}

TEST(EnipCaptures, TheControllerCommandsOfTheCapturesRaiseTheirAlerts) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  struct Case {
    const char* file;
    std::string alert;
    detection::Severity severity;
  };
  const Case cases[] = {
      {"cip_stop_plc.pcap", "cip.plc_stop 192.168.1.69>192.168.1.30",
       detection::Severity::Critical},
      {"cip_start_plc.pcap", "cip.plc_start 192.168.1.69>192.168.1.30", detection::Severity::High},
      {"cip_unlock_cpu.pcap", "cip.controller_lock 192.168.10.105>192.168.10.120",
       detection::Severity::High},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string capture = (dir / "other" / c.file).string();
    const ottest::Run r = ottest::analyze(capture);
    ASSERT_NE(std::find(r.alerts.begin(), r.alerts.end(), c.alert), r.alerts.end())
        << ::testing::PrintToString(r.alerts);
    const std::string rule = c.alert.substr(0, c.alert.find(' '));
    const detection::Alert* a = r.alert(rule);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->severity, c.severity);
    ASSERT_FALSE(a->evidence.empty());
    EXPECT_EQ(a->evidence[0].capture, capture);
    EXPECT_EQ(a->evidence[0].frame, 1u);
    EXPECT_NE(a->evidence[0].summary.find("Controller (0x8E) instance 1"), std::string::npos)
        << a->evidence[0].summary;
  }
  // The reply to a Set Attribute Single alone says nothing of what was set: no alert.
  const ottest::Run set = ottest::analyze((dir / "other" / "cip-eth-set-2.pcap").string());
  EXPECT_EQ(set.alert("cip.network_settings"), nullptr);
}

/// A Send RR Data carrying `cip` in session 0x10000001 with sender context `context`.
test::Frame send_rr(const test::Frame& cip, std::uint8_t context) {
  test::Frame m = hex("6f00 0000 01000010 00000000 0000000000000000 00000000");
  m[12] = context;
  const test::Frame data = {
      0, 0, 0, 0, 0x0A, 0, 0x02, 0, 0, 0, 0, 0, 0xB2, 0, static_cast<std::uint8_t>(cip.size()), 0};
  m.insert(m.end(), data.begin(), data.end());
  m.insert(m.end(), cip.begin(), cip.end());
  m[2] = static_cast<std::uint8_t>(m.size() - 24);
  return m;
}

TEST(EnipCrafted, EveryCommandOfTheConversationRaisesItsAlert) {
  test::TempDir dir;
  const std::string capture = (dir.path() / "cip.pcap").string();
  const test::Frame register_request =
      hex("6500 0400 00000000 00000000 0000000000000000 00000000 0100 0000");
  const test::Frame register_reply =
      hex("6500 0400 01000010 00000000 0000000000000000 00000000 0100 0000");
  ottest::write_tcp_capture(
      capture, 44818,
      {
          {register_request, register_reply},
          // Identity: Get Attributes All, answered (Omron PLC "NJ501-1300", revision 1.10).
          {send_rr(hex("01 02 20 01 24 01"), 1),
           send_rr(hex("81 00 00 00 2f00 0e00 9806 010a 0000 78563412 0a 4e4a3530312d31333030"),
                   1)},
          // Identity Reset to factory defaults.
          {send_rr(hex("05 02 20 01 24 01 01"), 2), send_rr(hex("85 00 00 00"), 2)},
          // A new IP configuration on the TCP/IP Interface object.
          {send_rr(hex("10 03 20 f5 24 01 30 05 0a000014 00ffffff 0a000001 00000000 00000000 0000"),
                   3),
           send_rr(hex("90 00 00 00"), 3)},
          // Firmware: an update service to the Nonvolatile Storage object.
          {send_rr(hex("4b 02 20 a1 24 01 00000100"), 4), send_rr(hex("cb 00 00 00"), 4)},
          // A file pushed to and read from the File object.
          {send_rr(hex("4c 02 20 37 24 01 00100000"), 5), send_rr(hex("cc 00 00 00"), 5)},
          {send_rr(hex("4b 02 20 37 24 01 00"), 6), send_rr(hex("cb 00 00 00"), 6)},
          // A MicroLogix switched to PROGRAM through PCCC.
          {send_rr(hex("4b 02 20 67 24 01 07 0100 78563412 0f 00 3412 80 01"), 7),
           send_rr(hex("cb 00 00 00 07 0100 78563412 4f 00 3412"), 7)},
      });
  const ottest::Run r = ottest::analyze(capture);
  EXPECT_EQ(
      r.alerts,
      (std::vector<std::string>{
          "cip.device_reset 10.0.0.10>10.0.0.20", "cip.firmware_update 10.0.0.10>10.0.0.20",
          "cip.network_settings 10.0.0.10>10.0.0.20", "cip.pccc_mode_change 10.0.0.10>10.0.0.20",
          "cip.program_download 10.0.0.10>10.0.0.20", "cip.program_upload 10.0.0.10>10.0.0.20"}))
      << ::testing::PrintToString(r.alerts);
  const detection::Alert* fw = r.alert("cip.firmware_update");
  ASSERT_NE(fw, nullptr);
  EXPECT_EQ(fw->severity, detection::Severity::Critical);
  EXPECT_EQ(detection::rule(fw->rule).technique, "T0857");
  const detection::Alert* reset = r.alert("cip.device_reset");
  ASSERT_NE(reset, nullptr);
  EXPECT_EQ(detection::rule(reset->rule).technique, "T0816");
  ASSERT_FALSE(reset->evidence.empty());
  EXPECT_NE(reset->evidence[0].summary.find("Reset"), std::string::npos);

  const IpAddress plc = ip(ottest::kServer);
  EXPECT_EQ(r.result.identity(plc, "vendor"), "Omron Corporation");
  EXPECT_EQ(r.result.identity(plc, "device_type"), "Programmable Logic Controller");
  EXPECT_EQ(r.result.identity(plc, "product"), "NJ501-1300");
  EXPECT_EQ(r.result.identity(plc, "firmware"), "1.10");
  EXPECT_TRUE(has_role(r.result, plc, AssetRole::Plc));
  EXPECT_EQ(stats(r.result, "cip").messages, 14u);
  EXPECT_EQ(stats(r.result, "enip").messages, 16u);
  const detection::Alert* pccc = r.alert("cip.pccc_mode_change");
  ASSERT_NE(pccc, nullptr);
  ASSERT_FALSE(pccc->evidence.empty());
  EXPECT_NE(pccc->evidence[0].summary.find("mode PROGRAM"), std::string::npos)
      << pccc->evidence[0].summary;
  EXPECT_EQ(stats(r.result, "cip").malformed, 0u);
}

TEST(EnipCli, AnalyzeJsonAndRulesShowBothProtocols) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const std::string otscope = test::otscope_binary().string();
  const auto run = test::run_command({otscope, "analyze", "--no-db", "--json", "--protocols",
                                      "enip", (dir / "other" / "EthernetIP-CIP.pcap").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json summary = nlohmann::json::parse(run.out);
  const nlohmann::json& enip = summary["protocols"]["enip"];
  EXPECT_EQ(enip["messages"], 8799);
  EXPECT_EQ(enip["functions"]["112"], 8361);  // Send Unit Data, decimal
  EXPECT_EQ(enip["malformed"], 0);
  const nlohmann::json& cip = summary["protocols"]["cip"];
  EXPECT_EQ(cip["messages"], 8799);
  EXPECT_EQ(cip["functions"]["10"], 8361);  // Multiple Service Packet
  EXPECT_EQ(cip["functions"]["82"], 219);   // Unconnected Send
  EXPECT_EQ(cip["malformed"], 0);

  const auto rules = test::run_command({otscope, "rules"});
  ASSERT_EQ(rules.exit_code, 0) << rules.err;
  for (const char* rule : {"cip.plc_stop", "cip.firmware_update", "cip.network_settings",
                           "fins.plc_stop", "ads.plc_stop", "melsec.remote_stop"})
    EXPECT_NE(rules.out.find(rule), std::string::npos) << rule;
}

}  // namespace
}  // namespace otscope
