// CODESYS V3 through the whole pipeline: a PLC shell command and a force from a host raise
// their alerts; a keep-alive does not.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "protocols/codesys/codesys.h"
#include "protocols/codesys/decoder.h"
#include "tests/bacnet/crafted.h"

namespace otscope {
namespace {

using B = std::vector<std::uint8_t>;
constexpr const char* kIde = "10.0.0.10";
constexpr const char* kRuntime = "10.0.0.60";

B datagram(const B& rest) {
  B d = {codesys::kDatagramMagic,
         0x6B,
         0x40,
         codesys::kChannelManager,
         0x00,
         0x33,
         0x04,
         0x56,
         10,
         0,
         0,
         60,
         0x04,
         0x56,
         10,
         0,
         0,
         10};
  for (std::uint8_t x : rest) d.push_back(x);
  return d;
}
B service(std::uint8_t group, std::uint16_t sub, bool response) {
  B b = {codesys::kApplicationBlock, static_cast<std::uint8_t>(response ? 0x01 : 0x81), 1, 0};
  for (int i = 0; i < 16; ++i) b.push_back(0);
  const std::uint16_t g = static_cast<std::uint16_t>(group | (response ? 0x80 : 0));
  for (std::uint8_t x :
       {std::uint8_t{0x55}, std::uint8_t{0xCD}, std::uint8_t{0x0C}, std::uint8_t{0x00},
        static_cast<std::uint8_t>(g), static_cast<std::uint8_t>(g >> 8),
        static_cast<std::uint8_t>(sub), static_cast<std::uint8_t>(sub >> 8)})
    b.push_back(x);
  for (int i = 0; i < 8; ++i) b.push_back(0);
  return b;
}
B block(const B& pdu) {
  const std::size_t n = 8 + pdu.size();
  B b = {0x00, 0x01, 0x17, 0xE8, static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8),
         0,    0};
  for (std::uint8_t x : pdu) b.push_back(x);
  return b;
}

TEST(CodesysCrafted, ShellAndForceRaiseTheirAlerts) {
  test::crafted::ScratchDir dir("codesys");
  test::crafted::Capture c;
  c.tcp(kIde, kRuntime, 40000, codesys::kTcpPort,
        {{block(datagram({codesys::kKeepAlive, 0, 1, 0})), {}},
         {block(datagram(service(codesys::kGroupPlcShell, 1, false))),
          block(datagram(service(codesys::kGroupPlcShell, 1, true)))},
         {block(datagram(service(codesys::kGroupForce, 3, false))),
          block(datagram(service(codesys::kGroupForce, 3, true)))}});
  const std::string capture = c.write(dir.path() / "codesys.pcap");
  const nlohmann::json alerts = test::crafted::alerts_of(capture, dir.path());
  const auto shell = test::crafted::alerts_named(alerts, "codesys.plc_shell", kIde);
  ASSERT_EQ(shell.size(), 1u) << alerts.dump(2);
  EXPECT_EQ(shell[0]["attack"], "T0807");
  EXPECT_EQ(shell[0]["dst"], kRuntime);
  EXPECT_EQ(test::crafted::alerts_named(alerts, "codesys.force", kIde).size(), 1u);

  const AnalysisResult r = analyze_captures({capture});
  ASSERT_TRUE(r.protocols.count("codesys"));
  EXPECT_EQ(r.protocols.at("codesys").messages, 5u);
  EXPECT_EQ(r.protocols.at("codesys").functions.at(codesys::kGroupPlcShell << 8 | 1), 2u);
  EXPECT_EQ(r.protocols.at("codesys").malformed, 0u);
}

}  // namespace
}  // namespace otscope
