// FINS through the whole pipeline: ICS-Security-Tools' omron_test.pcap agrees with tshark and
// names the CP1L; a crafted FINS/UDP conversation where a host stops and restarts the PLC and
// rewrites its program raises the alerts a user sees.
//
// Figures computed with tshark 4.0.17:
//   tshark -r omron_test.pcap -Y omron -T fields -e omron.tcp.command -e omron.command
//   -> FINS/TCP node address data send (client 0x0, server 0x1), then Controller Data Read
//      (0x0501) command and response over TCP and again over UDP.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "protocols/fins/fins.h"
#include "tests/enip/crafted.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::hex;

IpAddress ip(const std::string& text) {
  IpAddress a;
  EXPECT_TRUE(IpAddress::parse(text, a)) << text;
  return a;
}

bool has_role(const AnalysisResult& r, const IpAddress& a, AssetRole role) {
  for (const AssetRecord& asset : r.assets)
    if (std::find(asset.ips.begin(), asset.ips.end(), a) != asset.ips.end())
      for (const RoleAssessment& ra : asset.roles)
        if (ra.role == role) return true;
  return false;
}

TEST(FinsCaptures, OmronCaptureAgreesWithTshark) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r = analyze_captures({(dir / "other" / "omron_test.pcap").string()});
  ASSERT_TRUE(r.protocols.count("fins"));
  const ProtocolStats& s = r.protocols.at("fins");
  EXPECT_EQ(s.messages, 6u);
  EXPECT_EQ(s.functions,
            (std::map<std::uint32_t, std::uint64_t>{{0x0501, 4}, {0x10000, 1}, {0x10001, 1}}));
  EXPECT_EQ(s.malformed, 0u);
  const IpAddress plc = ip("10.1.1.164");
  EXPECT_EQ(r.identity(plc, "model"), "CP1L-EL20DR-D");
  EXPECT_EQ(r.identity(plc, "firmware"), "01.00");
  EXPECT_EQ(r.identity(plc, "vendor"), "OMRON");
  EXPECT_EQ(r.identity(ip("10.1.1.173"), "model"), "");
  EXPECT_TRUE(has_role(r, plc, AssetRole::Plc));
}

test::Frame command(std::uint8_t sid, std::uint16_t code, const std::string& data) {
  test::Frame f = hex("80 00 02 00 01 00 00 0a 00");
  f.push_back(sid);
  f.push_back(static_cast<std::uint8_t>(code >> 8));
  f.push_back(static_cast<std::uint8_t>(code));
  const test::Frame d = hex(data);
  f.insert(f.end(), d.begin(), d.end());
  return f;
}
test::Frame response(std::uint8_t sid, std::uint16_t code) {
  test::Frame f = hex("c0 00 02 00 0a 00 00 01 00");
  f.push_back(sid);
  f.push_back(static_cast<std::uint8_t>(code >> 8));
  f.push_back(static_cast<std::uint8_t>(code));
  f.push_back(0);
  f.push_back(0);
  return f;
}

TEST(FinsCrafted, EveryDangerousCommandRaisesItsAlert) {
  test::TempDir dir;
  const std::string capture = (dir.path() / "fins.pcap").string();
  ottest::write_udp_capture(
      capture, 9600,
      {
          {command(1, 0x0101, "82 0064 00 000a"), response(1, 0x0101)},
          {command(2, 0x0402, "ffff"), response(2, 0x0402)},
          {command(3, 0x0307, "ffff 00000000 0004 00000000"), response(3, 0x0307)},
          {command(4, 0x0401, "ffff 04"), response(4, 0x0401)},
          {command(5, 0x0306, "ffff 00000000 0010"), response(5, 0x0306)},
          {command(6, 0x0308, "ffff 00"), response(6, 0x0308)},
          {command(7, 0x0202, "8010 0000 0001 0000"), response(7, 0x0202)},
          {command(8, 0x0305, "ffff 00000000 ffffffff 31323334"), response(8, 0x0305)},
          {command(9, 0x0702, "26 12 07 22 00 00"), response(9, 0x0702)},
          {command(10, 0x2301, "0001 0000 30 000000"), response(10, 0x2301)},
          {command(11, 0x2101, "ffff"), response(11, 0x2101)},
          {command(12, 0x2205, "0000 0001 00"), response(12, 0x2205)},
      },
      9600);
  const ottest::Run r = ottest::analyze(capture);
  EXPECT_EQ(
      r.alerts,
      (std::vector<std::string>{
          "fins.error_clear 10.0.0.10>10.0.0.20", "fins.file_delete 10.0.0.10>10.0.0.20",
          "fins.force 10.0.0.10>10.0.0.20", "fins.parameter_change 10.0.0.10>10.0.0.20",
          "fins.plc_run 10.0.0.10>10.0.0.20", "fins.plc_stop 10.0.0.10>10.0.0.20",
          "fins.program_clear 10.0.0.10>10.0.0.20", "fins.program_download 10.0.0.10>10.0.0.20",
          "fins.program_protection 10.0.0.10>10.0.0.20", "fins.program_upload 10.0.0.10>10.0.0.20",
          "fins.set_clock 10.0.0.10>10.0.0.20"}))
      << ::testing::PrintToString(r.alerts);
  const detection::Alert* stop = r.alert("fins.plc_stop");
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->severity, detection::Severity::Critical);
  EXPECT_EQ(detection::rule(stop->rule).technique, "T0858");
  ASSERT_FALSE(stop->evidence.empty());
  EXPECT_EQ(stop->evidence[0].frame, 3u);
  EXPECT_NE(stop->evidence[0].summary.find("FINS command Stop (0x0402)"), std::string::npos)
      << stop->evidence[0].summary;
  EXPECT_EQ(r.result.protocols.at("fins").messages, 24u);
  EXPECT_TRUE(has_role(r.result, ip(ottest::kServer), AssetRole::Plc));
}

}  // namespace
}  // namespace otscope
