// HART-IP: header and HART PDU decoding (HCF_SPEC-085/-081), the probe, and the session
// (pass-through commands as functions, the dangerous commands, identity from commands 0 and 20).
#include "protocols/hartip/hartip.h"

#include <gtest/gtest.h>

#include "protocols/hartip/decoder.h"
#include "tests/bacnet/recording_sink.h"
#include "tests/support/test_support.h"

namespace otscope::hartip {
namespace {

using B = std::vector<std::uint8_t>;

// A HART-IP message: version 1, type, id, status, sequence, then the body.
B message(std::uint8_t type, std::uint8_t id, std::uint16_t seq, const B& body,
          std::uint8_t status = 0) {
  const std::size_t n = 8 + body.size();
  B m = {1,
         type,
         id,
         status,
         static_cast<std::uint8_t>(seq >> 8),
         static_cast<std::uint8_t>(seq),
         static_cast<std::uint8_t>(n >> 8),
         static_cast<std::uint8_t>(n)};
  m.insert(m.end(), body.begin(), body.end());
  return m;
}

// A short-frame HART PDU (polling address 0): delimiter, address, command, count, data, check.
B pdu(std::uint8_t delimiter, std::uint8_t command, const B& data) {
  B p = {delimiter, 0x80, command, static_cast<std::uint8_t>(data.size())};
  p.insert(p.end(), data.begin(), data.end());
  std::uint8_t x = 0;
  for (std::uint8_t b : p) x ^= b;
  p.push_back(x);
  return p;
}

TEST(HartIpDecoder, HeaderAndPdu) {
  const B m = message(kRequest, kPassThrough, 7, pdu(0x02, 42, {}));
  Header h;
  ASSERT_EQ(decode_header(m, h), Error::None);
  EXPECT_EQ(h.version, 1);
  EXPECT_EQ(h.id, kPassThrough);
  EXPECT_EQ(h.sequence, 7);
  EXPECT_EQ(h.length, m.size());
  HartPdu p;
  ASSERT_EQ(decode_pdu(Bytes(m).subspan(8), p), Error::None);
  EXPECT_EQ(p.command, 42);
  EXPECT_FALSE(p.response_code.has_value());
  ASSERT_EQ(decode_pdu(pdu(0x06, 1, {0x00, 0x00, 0x07, 0x41, 0x20, 0, 0}), p), Error::None);
  EXPECT_EQ(p.response_code, 0);
  EXPECT_EQ(p.data.size(), 5u);
}

TEST(HartIpDecoder, OneErrorPerReason) {
  Header h;
  EXPECT_EQ(decode_header(test::hex("01 00 03 00 0001"), h), Error::Truncated);
  EXPECT_EQ(decode_header(test::hex("03 00 03 00 0001 0008"), h), Error::BadHeader);
  EXPECT_EQ(decode_header(test::hex("01 07 03 00 0001 0008"), h), Error::BadHeader);
  EXPECT_EQ(decode_header(test::hex("01 00 03 00 0001 0004"), h), Error::BadHeader);
  HartPdu p;
  EXPECT_EQ(decode_pdu(test::hex("05 80 00 00 85"), p), Error::BadPdu);
  EXPECT_EQ(decode_pdu(test::hex("02 80 00 05 00"), p), Error::Truncated);
  auto bad = pdu(0x02, 0, {});
  bad.back() ^= 1;
  EXPECT_EQ(decode_pdu(bad, p), Error::BadChecksum);
}

TEST(HartIpProbe, HeaderAndWhatFollows) {
  const B initiate = message(kRequest, kSessionInitiate, 1, {0x01, 0x00, 0x00, 0xEA, 0x60});
  EXPECT_EQ(probe(initiate, Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(initiate, Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(message(kRequest, kSessionInitiate, 1, {0x01}), Transport::Udp),
            ProbeResult::NoMatch);
  EXPECT_EQ(probe(message(kRequest, kPassThrough, 2, pdu(0x02, 0, {})), Transport::Tcp),
            ProbeResult::Match);
  EXPECT_EQ(probe(message(kRequest, kPassThrough, 2, {0x55, 0, 0, 0}), Transport::Tcp),
            ProbeResult::NoMatch);
  EXPECT_EQ(probe(test::hex("01 00"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(test::hex("160301 0050"), Transport::Tcp), ProbeResult::NoMatch);
}

TEST(HartIpSession, PassThroughCommandsAndIdentity) {
  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = kPort;
  test::RecordingSink sink;
  auto session = descriptor().create(flow, sink);
  PacketMeta meta;
  const auto send = [&](Direction d, const B& m) { session->on_data(d, m, meta); };
  send(Direction::AtoB, message(kRequest, kSessionInitiate, 1, {0x01, 0x00, 0x00, 0xEA, 0x60}));
  send(Direction::BtoA, message(kResponse, kSessionInitiate, 1, {0x01, 0x00, 0x00, 0xEA, 0x60}));
  send(Direction::AtoB, message(kRequest, kPassThrough, 2, pdu(0x02, 0, {})));
  // Command 0 response: 254, expanded device type 0x26 0x0A, ..., device id 0x12 0x34 0x56.
  send(Direction::BtoA,
       message(
           kResponse, kPassThrough, 2,
           pdu(0x06, 0, {0x00, 0x00, 254, 0x26, 0x0A, 5, 7, 1, 1, 0x08, 0x00, 0x12, 0x34, 0x56})));
  send(Direction::AtoB, message(kRequest, kPassThrough, 3, pdu(0x02, 20, {})));
  B tag(32, ' ');
  const std::string name = "FT-101 FLOW";
  std::copy(name.begin(), name.end(), tag.begin());
  tag.insert(tag.begin(), {0x00, 0x00});
  send(Direction::BtoA, message(kResponse, kPassThrough, 3, pdu(0x06, 20, tag)));
  send(Direction::AtoB, message(kRequest, kPassThrough, 4, pdu(0x02, 42, {})));
  send(Direction::AtoB,
       message(kRequest, kPassThrough, 5, pdu(0x02, 35, {0x20, 0, 0, 0, 0, 0x42, 0xC8, 0, 0})));
  send(Direction::AtoB, message(kRequest, kPassThrough, 6, pdu(0x02, 40, {0x41, 0x80, 0, 0})));
  ASSERT_EQ(sink.messages.size(), 9u);
  EXPECT_TRUE(sink.anomalies.empty());
  EXPECT_EQ(sink.messages[0].function, kMessageBase | kSessionInitiate);
  EXPECT_EQ(sink.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink.messages[1].role, MessageRole::Response);
  EXPECT_EQ(sink.messages[2].function, 0u);
  EXPECT_EQ(sink.messages[2].function_name, "Read Unique Identifier");
  EXPECT_EQ(sink.messages[2].unit, 0);
  EXPECT_EQ(sink.identity_value("hart_device_type"), "260A");
  EXPECT_EQ(sink.identity_value("hart_device_id"), "123456");
  EXPECT_EQ(sink.identity_value("device_name"), "FT-101 FLOW");
  EXPECT_EQ(sink.messages[6].command, &kDeviceReset);
  EXPECT_EQ(sink.messages[7].command, &kConfigurationWrite);
  EXPECT_EQ(sink.messages[8].command, &kLoopOverride);
  EXPECT_EQ(sink.messages[5].command, nullptr) << "responses name no command";
}

}  // namespace
}  // namespace otscope::hartip

namespace otscope::hartip {
namespace {

TEST(HartIpSession, ASplitAnywhereFramesTheSame) {
  B stream = message(kRequest, kSessionInitiate, 1, {0x01, 0x00, 0x00, 0xEA, 0x60});
  const B reset = message(kRequest, kPassThrough, 2, pdu(0x02, 42, {}));
  stream.insert(stream.end(), reset.begin(), reset.end());
  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = kPort;
  PacketMeta meta;
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    test::RecordingSink sink;
    auto session = descriptor().create(flow, sink);
    session->on_data(Direction::AtoB, Bytes(stream).first(cut), meta);
    session->on_data(Direction::AtoB, Bytes(stream).subspan(cut), meta);
    ASSERT_EQ(sink.messages.size(), 2u) << cut;
    EXPECT_EQ(sink.messages[1].command, &kDeviceReset) << cut;
    EXPECT_TRUE(sink.anomalies.empty()) << cut;
  }
}

}  // namespace
}  // namespace otscope::hartip
