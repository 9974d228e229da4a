// ADS through the whole pipeline on a crafted conversation (no shared capture carries ADS): an
// engineering host reads the TwinCAT runtime's device info, stops it, switches the system to
// config mode and starts it again; the alerts name the requested ADS state.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "protocols/ads/ads.h"
#include "tests/enip/crafted.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::hex;

test::Frame ams(std::uint16_t id, bool response, const std::string& data_hex) {
  const test::Frame data = hex(data_hex);
  test::Frame m = {0, 0, 0, 0, 0, 0};
  const test::Frame plc = {5, 1, 204, 160, 1, 1, 0x53, 0x03};
  const test::Frame client = {10, 0, 0, 10, 1, 1, 0x89, 0x80};
  const test::Frame& target = response ? client : plc;
  const test::Frame& source = response ? plc : client;
  m.insert(m.end(), target.begin(), target.end());
  m.insert(m.end(), source.begin(), source.end());
  const test::Frame header = {static_cast<std::uint8_t>(id),
                              0,
                              static_cast<std::uint8_t>(response ? 5 : 4),
                              0,
                              static_cast<std::uint8_t>(data.size()),
                              0,
                              0,
                              0,
                              0,
                              0,
                              0,
                              0,
                              1,
                              0,
                              0,
                              0};
  m.insert(m.end(), header.begin(), header.end());
  m.insert(m.end(), data.begin(), data.end());
  m[2] = static_cast<std::uint8_t>(m.size() - 6);
  return m;
}

TEST(AdsCrafted, StateChangesRaiseTheirAlerts) {
  test::TempDir dir;
  const std::string capture = (dir.path() / "ads.pcap").string();
  ottest::write_tcp_capture(
      capture, 48898,
      {
          {ams(1, false, ""),
           ams(1, true, "00000000 03 01 b80f 506c63333020417070 00000000000000")},
          {ams(5, false, "0600 0000 00000000"), ams(5, true, "00000000")},
          {ams(5, false, "0f00 0000 00000000"), ams(5, true, "00000000")},
          {ams(5, false, "0500 0000 00000000"), ams(5, true, "00000000")},
          {ams(5, false, "0200 0000 00000000"), ams(5, true, "00000000")},  // RESET
          {ams(5, false, "0700 0000 00000000"), ams(5, true, "00000000")},  // SAVECFG
      });
  const ottest::Run r = ottest::analyze(capture);
  EXPECT_EQ(r.alerts, (std::vector<std::string>{
                          "ads.config_mode 10.0.0.10>10.0.0.20", "ads.plc_run 10.0.0.10>10.0.0.20",
                          "ads.plc_stop 10.0.0.10>10.0.0.20", "ads.reset 10.0.0.10>10.0.0.20",
                          "ads.state_change 10.0.0.10>10.0.0.20"}))
      << ::testing::PrintToString(r.alerts);
  const detection::Alert* stop = r.alert("ads.plc_stop");
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->severity, detection::Severity::Critical);
  ASSERT_FALSE(stop->evidence.empty());
  EXPECT_NE(stop->evidence[0].summary.find("ADS state STOP"), std::string::npos)
      << stop->evidence[0].summary;
  IpAddress plc;
  ASSERT_TRUE(IpAddress::parse(ottest::kServer, plc));
  EXPECT_EQ(r.result.identity(plc, "device_name"), "Plc30 App");
  EXPECT_EQ(r.result.identity(plc, "firmware"), "3.1.4024");
  ASSERT_TRUE(r.result.protocols.count("ads"));
  EXPECT_EQ(r.result.protocols.at("ads").messages, 12u);
  EXPECT_EQ(r.result.protocols.at("ads").functions.at(5), 10u);
  const detection::Alert* other = r.alert("ads.state_change");
  ASSERT_NE(other, nullptr);
  ASSERT_FALSE(other->evidence.empty());
  EXPECT_NE(other->evidence[0].summary.find("ADS state SAVECFG"), std::string::npos)
      << other->evidence[0].summary;
  EXPECT_EQ(r.result.protocols.at("ads").malformed, 0u);
}

TEST(AdsCrafted, AddRouteOverUdpRaisesItsAlert) {
  test::TempDir dir;
  const std::string capture = (dir.path() / "ads-udp.pcap").string();
  ottest::write_udp_capture(
      capture, 48899,
      {
          {hex("03661471 00000000 01000000 000000000000 1027 00000000"),
           hex("03661471 00000000 01000080 0501cca00101 1027 02000000"
               "0500 0800 43582d3132333400 0300 0400 0301b80f")},
          {hex("03661471 01000000 06000000 0a00000a0101 1027 03000000"
               "0c00 0400 45575300 0d00 0e00 41646d696e6973747261746f7200 0200 0200 3100"),
           hex("03661471 01000000 06000080 0501cca00101 1027 01000000 0100 0400 00000000")},
      });
  const ottest::Run r = ottest::analyze(capture);
  EXPECT_EQ(r.alerts, (std::vector<std::string>{"ads.add_route 10.0.0.10>10.0.0.20"}))
      << ::testing::PrintToString(r.alerts);
  IpAddress plc;
  ASSERT_TRUE(IpAddress::parse(ottest::kServer, plc));
  EXPECT_EQ(r.result.identity(plc, "hostname"), "CX-1234");
  EXPECT_EQ(r.result.identity(plc, "ams_net_id"), "5.1.204.160.1.1");
  ASSERT_TRUE(r.result.protocols.count("ads"));
  EXPECT_EQ(r.result.protocols.at("ads").messages, 4u);
  EXPECT_EQ(r.result.protocols.at("ads").functions.at(0x20006), 2u);
}

}  // namespace
}  // namespace otscope
