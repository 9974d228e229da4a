// MELSEC through the whole pipeline on a crafted conversation (no shared capture carries MC
// protocol): a host reads the CPU model, reads D registers, stops and resets the CPU and runs it
// again; the alerts a user sees, the CPU's identity and role.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "protocols/melsec/melsec.h"
#include "tests/enip/crafted.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::hex;

test::Frame request(std::uint16_t command, const std::string& data_hex) {
  const test::Frame data = hex(data_hex);
  test::Frame m = hex("5000 00 ff ff03 00 0000 1000");
  m.push_back(static_cast<std::uint8_t>(command));
  m.push_back(static_cast<std::uint8_t>(command >> 8));
  m.push_back(0);
  m.push_back(0);
  m.insert(m.end(), data.begin(), data.end());
  m[7] = static_cast<std::uint8_t>(m.size() - 9);
  return m;
}
const test::Frame kOk = hex("d000 00 ff ff03 00 0200 0000");

TEST(MelsecCrafted, EveryRemoteOperationRaisesItsAlert) {
  test::TempDir dir;
  const std::string capture = (dir.path() / "melsec.pcap").string();
  ottest::write_tcp_capture(
      capture, 5007,
      {
          {request(0x0101, ""),
           hex("d000 00 ff ff03 00 1400 0000 51303355445643505520202020202020 6603")},
          {request(0x0401, "640000 a8 0200"), hex("d000 00 ff ff03 00 0600 0000 0100 0200")},
          {request(0x1002, "0100"), kOk},
          {request(0x1006, "0100"), kOk},
          {request(0x1001, "0100 0000"), kOk},
          {request(0x1003, "0100"), kOk},
          {request(0x1005, "0100"), kOk},
          {request(0x1630, "0400 31323334"), kOk},
      });
  const ottest::Run r = ottest::analyze(capture);
  EXPECT_EQ(
      r.alerts,
      (std::vector<std::string>{
          "melsec.latch_clear 10.0.0.10>10.0.0.20", "melsec.remote_password 10.0.0.10>10.0.0.20",
          "melsec.remote_pause 10.0.0.10>10.0.0.20", "melsec.remote_reset 10.0.0.10>10.0.0.20",
          "melsec.remote_run 10.0.0.10>10.0.0.20", "melsec.remote_stop 10.0.0.10>10.0.0.20"}))
      << ::testing::PrintToString(r.alerts);
  const detection::Alert* stop = r.alert("melsec.remote_stop");
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->severity, detection::Severity::Critical);
  ASSERT_FALSE(stop->evidence.empty());
  EXPECT_NE(stop->evidence[0].summary.find("Remote STOP (0x1002"), std::string::npos)
      << stop->evidence[0].summary;
  IpAddress cpu;
  ASSERT_TRUE(IpAddress::parse(ottest::kServer, cpu));
  EXPECT_EQ(r.result.identity(cpu, "model"), "Q03UDVCPU");
  ASSERT_TRUE(r.result.protocols.count("melsec"));
  const ProtocolStats& s = r.result.protocols.at("melsec");
  EXPECT_EQ(s.messages, 16u);
  EXPECT_EQ(s.functions.at(0x1002), 2u);
  EXPECT_EQ(s.malformed, 0u);
  bool plc = false;
  for (const AssetRecord& a : r.result.assets)
    if (std::find(a.ips.begin(), a.ips.end(), cpu) != a.ips.end())
      for (const RoleAssessment& ra : a.roles) plc = plc || ra.role == AssetRole::Plc;
  EXPECT_TRUE(plc);
}

}  // namespace
}  // namespace otscope
