// GE SRTP through the whole pipeline: an HMI reads memory; an engineering host stops the PLC
// and loads a program. The user sees both alerts, and the PLC is a PLC in the inventory.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "protocols/srtp/decoder.h"
#include "protocols/srtp/srtp.h"
#include "tests/bacnet/crafted.h"

namespace otscope {
namespace {

using B = std::vector<std::uint8_t>;
constexpr const char* kHmi = "10.0.0.10";
constexpr const char* kPlc = "10.0.0.50";
constexpr const char* kRogue = "10.0.0.66";

B packet(std::uint8_t type, std::uint8_t seq, std::uint8_t message_type, std::uint8_t service) {
  B p(srtp::kHeaderSize, 0);
  p[0] = type;
  p[2] = seq;
  p[9] = 1;
  p[17] = 1;
  p[30] = seq;
  p[31] = message_type;
  p[36] = 0x10;
  p[37] = 0x0E;
  p[40] = 1;
  p[41] = 1;
  p[42] = type == srtp::kRequest ? service : 0;
  return p;
}
B request(std::uint8_t seq, std::uint8_t service) {
  return packet(srtp::kRequest, seq, srtp::kServiceRequest, service);
}
B ack(std::uint8_t seq) {
  return packet(srtp::kResponse, seq, srtp::kAck, 0);
}

TEST(SrtpCrafted, StopAndProgramLoadRaiseTheirAlerts) {
  test::crafted::ScratchDir dir("srtp");
  test::crafted::Capture c;
  B reply(srtp::kHeaderSize, 0);
  reply[0] = srtp::kInitReply;
  c.tcp(kHmi, kPlc, 40000, srtp::kPort,
        {{B(srtp::kHeaderSize, 0), reply}, {request(1, 0x04), ack(1)}, {request(2, 0x04), ack(2)}});
  c.tcp(kRogue, kPlc, 40001, srtp::kPort,
        {{B(srtp::kHeaderSize, 0), reply},
         {request(1, srtp::kSetPlcState), ack(1)},
         {request(2, srtp::kProgramLoadService), ack(2)}});
  const std::string capture = c.write(dir.path() / "srtp.pcap");
  const nlohmann::json alerts = test::crafted::alerts_of(capture, dir.path());
  const auto stop = test::crafted::alerts_named(alerts, "srtp.plc_state", kRogue);
  ASSERT_EQ(stop.size(), 1u) << alerts.dump(2);
  EXPECT_EQ(stop[0]["severity"], "critical");
  EXPECT_EQ(stop[0]["attack"], "T0858");
  EXPECT_EQ(stop[0]["dst"], kPlc);
  EXPECT_EQ(test::crafted::alerts_named(alerts, "srtp.program_load", kRogue).size(), 1u);
  EXPECT_TRUE(test::crafted::alerts_named(alerts, "srtp.plc_state", kHmi).empty());

  const AnalysisResult r = analyze_captures({capture});
  ASSERT_TRUE(r.protocols.count("srtp"));
  EXPECT_EQ(r.protocols.at("srtp").messages, 12u);
  EXPECT_EQ(r.protocols.at("srtp").functions.at(0x04), 4u);
  EXPECT_EQ(r.protocols.at("srtp").malformed, 0u);
}

}  // namespace
}  // namespace otscope
