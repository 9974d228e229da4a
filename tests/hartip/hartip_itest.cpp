// HART-IP through the whole pipeline: an asset-management client reads an instrument; another
// host resets it and forces its loop current. The user sees both alerts.
//
// No shared capture carries HART-IP. Messages built the same way read in tshark 4.0.17 as
// "Session Initiate Request/Response" and "Pass Through Request/Response" with HART commands 0
// and 42, the counts otscope reports.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "protocols/hartip/decoder.h"
#include "protocols/hartip/hartip.h"
#include "tests/bacnet/crafted.h"

namespace otscope {
namespace {

using B = std::vector<std::uint8_t>;
constexpr const char* kAms = "10.0.0.10";
constexpr const char* kGateway = "10.0.0.40";
constexpr const char* kRogue = "10.0.0.66";

B message(std::uint8_t type, std::uint8_t id, std::uint16_t seq, const B& body) {
  const std::size_t n = 8 + body.size();
  B m = {1,
         type,
         id,
         0,
         static_cast<std::uint8_t>(seq >> 8),
         static_cast<std::uint8_t>(seq),
         static_cast<std::uint8_t>(n >> 8),
         static_cast<std::uint8_t>(n)};
  m.insert(m.end(), body.begin(), body.end());
  return m;
}
B pdu(std::uint8_t delimiter, std::uint8_t command, const B& data) {
  B p = {delimiter, 0x80, command, static_cast<std::uint8_t>(data.size())};
  p.insert(p.end(), data.begin(), data.end());
  std::uint8_t x = 0;
  for (std::uint8_t b : p) x ^= b;
  p.push_back(x);
  return p;
}
B exchange_request(std::uint16_t seq, std::uint8_t command, const B& data = {}) {
  return message(hartip::kRequest, hartip::kPassThrough, seq, pdu(0x02, command, data));
}
B exchange_response(std::uint16_t seq, std::uint8_t command) {
  return message(hartip::kResponse, hartip::kPassThrough, seq, pdu(0x06, command, {0, 0}));
}

TEST(HartIpCrafted, ResetAndLoopOverrideRaiseTheirAlerts) {
  test::crafted::ScratchDir dir("hartip");
  test::crafted::Capture c;
  const B initiate = message(hartip::kRequest, hartip::kSessionInitiate, 1, {1, 0, 0, 0xEA, 0x60});
  const B initiated =
      message(hartip::kResponse, hartip::kSessionInitiate, 1, {1, 0, 0, 0xEA, 0x60});
  c.tcp(kAms, kGateway, 40000, hartip::kPort,
        {{initiate, initiated}, {exchange_request(2, 3), exchange_response(2, 3)}});
  c.tcp(kRogue, kGateway, 40001, hartip::kPort,
        {{initiate, initiated},
         {exchange_request(2, 42), exchange_response(2, 42)},
         {exchange_request(3, 40, {0x41, 0xA0, 0, 0}), exchange_response(3, 40)}});
  const std::string capture = c.write(dir.path() / "hartip.pcap");
  const nlohmann::json alerts = test::crafted::alerts_of(capture, dir.path());
  const auto reset = test::crafted::alerts_named(alerts, "hartip.device_reset", kRogue);
  ASSERT_EQ(reset.size(), 1u) << alerts.dump(2);
  EXPECT_EQ(reset[0]["attack"], "T0816");
  EXPECT_EQ(reset[0]["dst"], kGateway);
  EXPECT_EQ(test::crafted::alerts_named(alerts, "hartip.loop_override", kRogue).size(), 1u)
      << alerts.dump(2);
  EXPECT_TRUE(test::crafted::alerts_named(alerts, "hartip.device_reset", kAms).empty());

  const AnalysisResult r = analyze_captures({capture});
  ASSERT_TRUE(r.protocols.count("hartip"));
  EXPECT_EQ(r.protocols.at("hartip").messages, 10u);
  EXPECT_EQ(r.protocols.at("hartip").functions.at(42), 2u);
  EXPECT_EQ(r.protocols.at("hartip").malformed, 0u);
}

}  // namespace
}  // namespace otscope
