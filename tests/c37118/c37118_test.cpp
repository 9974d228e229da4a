// IEEE C37.118: frame decoding with the CRC-CCITT check, the probe, and the session (command
// words as functions, data-off as the dangerous command, the station name).
#include "protocols/c37118/c37118.h"

#include <gtest/gtest.h>

#include "protocols/c37118/decoder.h"
#include "tests/bacnet/recording_sink.h"
#include "tests/c37118/c37118_builder.h"
#include "tests/support/test_support.h"

namespace otscope::c37118 {
namespace {

TEST(C37118Decoder, CrcOfTheStandardsCheckString) {
  const std::string s = "123456789";
  EXPECT_EQ(crc_ccitt(Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())), 0x29B1);
}

TEST(C37118Decoder, CommandAndConfigurationFrames) {
  Frame f;
  ASSERT_EQ(decode_frame(build::command(7, kDataOff), f), Error::None);
  EXPECT_EQ(f.type, kCommand);
  EXPECT_EQ(f.version, 1);
  EXPECT_EQ(f.idcode, 7);
  EXPECT_EQ(f.size, 18);
  EXPECT_EQ(f.command, kDataOff);
  ASSERT_EQ(decode_frame(build::config2(7, "SUB-NORTH PMU1"), f), Error::None);
  EXPECT_EQ(f.type, kConfig2);
  EXPECT_EQ(f.station_name, "SUB-NORTH PMU1");
}

TEST(C37118Decoder, OneErrorPerReason) {
  Frame f;
  auto bad = build::command(7, kDataOn);
  bad[15] ^= 1;
  EXPECT_EQ(decode_frame(bad, f), Error::BadChecksum);
  EXPECT_EQ(decode_frame(test::hex("aa 41 0012 0007"), f), Error::Truncated);
  EXPECT_EQ(decode_frame(test::hex("aa 71 0012"), f), Error::BadSync);  // type 7 reserved
  EXPECT_EQ(decode_frame(test::hex("ab 41 0012"), f), Error::BadSync);
}

TEST(C37118Probe, NeedsTheCrc) {
  EXPECT_EQ(probe(build::command(7, kSendConfig2), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(build::command(7, kSendConfig2), Transport::Udp), ProbeResult::Match);
  auto bad = build::command(7, kSendConfig2);
  bad.back() ^= 0xFF;
  EXPECT_EQ(probe(bad, Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(test::hex("aa 41 0012"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(test::hex("aa 41 0012"), Transport::Udp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(test::hex("474554202f20"), Transport::Tcp), ProbeResult::NoMatch);
}

TEST(C37118Session, CommandsDataAndConfiguration) {
  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = 4712;
  test::RecordingSink sink;
  auto session = descriptor().create(flow, sink);
  PacketMeta meta;
  auto cfg = build::config2(7, "SUB-NORTH PMU1");
  const auto data = build::frame(0, 7, {0x00, 0x00, 0x01, 0x02, 0x03, 0x04});
  session->on_data(Direction::AtoB, build::command(7, kSendConfig2), meta);
  // The configuration split over two segments, then a data frame in the same segment as its end.
  session->on_data(Direction::BtoA, Bytes(cfg).first(10), meta);
  std::vector<std::uint8_t> rest(cfg.begin() + 10, cfg.end());
  rest.insert(rest.end(), data.begin(), data.end());
  session->on_data(Direction::BtoA, rest, meta);
  session->on_data(Direction::AtoB, build::command(7, kDataOff), meta);
  ASSERT_EQ(sink.messages.size(), 4u);
  EXPECT_EQ(sink.messages[0].function, kCommandBase | kSendConfig2);
  EXPECT_EQ(sink.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink.messages[0].command, nullptr);
  EXPECT_EQ(sink.messages[1].function, kConfig2);
  EXPECT_EQ(sink.messages[1].role, MessageRole::Response);
  EXPECT_EQ(sink.messages[2].function, kData);
  EXPECT_EQ(sink.messages[2].role, MessageRole::Unsolicited);
  EXPECT_EQ(sink.messages[3].function, 0x101u);
  EXPECT_EQ(sink.messages[3].command, &kDataOffCommand);
  EXPECT_EQ(sink.messages[3].unit, 7);
  EXPECT_EQ(sink.identity_value("station_name"), "SUB-NORTH PMU1");
  EXPECT_EQ(sink.identity_value("c37118_idcode"), "7");
  EXPECT_TRUE(sink.anomalies.empty());
  auto bad = build::command(7, kDataOn);
  bad[15] ^= 1;
  session->on_data(Direction::AtoB, bad, meta);
  ASSERT_EQ(sink.anomalies.size(), 1u);
  EXPECT_EQ(sink.anomalies[0].kind, "c37118.bad_checksum");
  EXPECT_EQ(sink.anomalies[0].cls, AnomalyClass::ChecksumError);
}

}  // namespace
}  // namespace otscope::c37118

namespace otscope::c37118 {
namespace {

// The same stream cut at every offset frames to the same frames.
TEST(C37118Session, ASplitAnywhereFramesTheSame) {
  std::vector<std::uint8_t> stream = build::command(7, kSendConfig2);
  const auto off = build::command(7, kDataOff);
  stream.insert(stream.end(), off.begin(), off.end());
  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = 4712;
  PacketMeta meta;
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    test::RecordingSink sink;
    auto session = descriptor().create(flow, sink);
    session->on_data(Direction::AtoB, Bytes(stream).first(cut), meta);
    session->on_data(Direction::AtoB, Bytes(stream).subspan(cut), meta);
    ASSERT_EQ(sink.messages.size(), 2u) << cut;
    EXPECT_EQ(sink.messages[1].command, &kDataOffCommand) << cut;
    EXPECT_TRUE(sink.anomalies.empty()) << cut;
  }
}

}  // namespace
}  // namespace otscope::c37118
