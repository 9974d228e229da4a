// GE SRTP: the 56-byte header, the probe (the session's opening of zeros, service requests),
// and the session (service codes as functions, responses matched by sequence number, the
// dangerous services).
#include "protocols/srtp/srtp.h"

#include <gtest/gtest.h>

#include "protocols/srtp/decoder.h"
#include "tests/bacnet/recording_sink.h"

namespace otscope::srtp {
namespace {

using B = std::vector<std::uint8_t>;

// A request (type 2, message type 0xC0) or response (type 3, ACK 0xD4 / NACK 0xD1) with the
// service code at byte 42 and `text` after the header.
B packet(std::uint8_t type, std::uint8_t seq, std::uint8_t message_type, std::uint8_t service,
         const B& text = {}) {
  B p(kHeaderSize, 0);
  p[0] = type;
  p[2] = seq;
  p[4] = static_cast<std::uint8_t>(text.size());
  p[5] = static_cast<std::uint8_t>(text.size() >> 8);
  p[9] = 1;
  p[17] = 1;
  p[30] = seq;
  p[31] = message_type;
  p[36] = 0x10;
  p[37] = 0x0E;
  p[40] = 1;
  p[41] = 1;
  p[42] = type == kRequest ? service : 0;
  for (std::uint8_t x : text) p.push_back(x);
  return p;
}

TEST(SrtpDecoder, Header) {
  Header h;
  const B req = packet(kRequest, 5, kServiceRequest, kSetPlcState, {0x02, 0x00});
  ASSERT_EQ(decode_header(req, h), Error::None);
  EXPECT_EQ(h.type, kRequest);
  EXPECT_EQ(h.sequence, 5);
  EXPECT_EQ(h.text_length, 2);
  EXPECT_EQ(h.service, kSetPlcState);
  EXPECT_EQ(decode_header(B(10, 0), h), Error::Truncated);
  EXPECT_EQ(decode_header(B(56, 0x09), h), Error::BadHeader);
  B cut = req;
  cut.pop_back();
  EXPECT_EQ(decode_header(cut, h), Error::Truncated);
}

TEST(SrtpProbe, OpeningZerosAndRequests) {
  EXPECT_EQ(probe(B(56, 0), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(B(20, 0), Transport::Tcp), ProbeResult::NeedMore);
  B not_zero(56, 0);
  not_zero[10] = 1;
  EXPECT_EQ(probe(not_zero, Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(packet(kRequest, 1, kServiceRequest, 0x04), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(packet(kRequest, 1, 0x55, 0x04), Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(B(56, 0), Transport::Udp), ProbeResult::NoMatch);
}

TEST(SrtpSession, ServicesResponsesAndCommands) {
  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = kPort;
  test::RecordingSink sink;
  auto session = descriptor().create(flow, sink);
  PacketMeta meta;
  const auto send = [&](Direction d, const B& m) { session->on_data(d, m, meta); };
  send(Direction::AtoB, B(56, 0));
  B reply(56, 0);
  reply[0] = kInitReply;
  send(Direction::BtoA, reply);
  send(Direction::AtoB, packet(kRequest, 1, kServiceRequest, 0x04));
  send(Direction::BtoA, packet(kResponse, 1, kAckWithData, 0, {1, 2, 3, 4}));
  send(Direction::AtoB, packet(kRequest, 2, kServiceRequest, kSetPlcState, {0x02, 0x00}));
  send(Direction::BtoA, packet(kResponse, 2, kNack, 0, {0x05}));
  send(Direction::AtoB, packet(kRequest, 3, kServiceRequest, kProgramLoadService));
  ASSERT_EQ(sink.messages.size(), 7u);
  EXPECT_TRUE(sink.anomalies.empty());
  EXPECT_EQ(sink.messages[0].function, kPacketBase | kInit);
  EXPECT_EQ(sink.messages[1].role, MessageRole::Response);
  EXPECT_EQ(sink.messages[2].function, 0x04u);
  EXPECT_EQ(sink.messages[2].function_name, "Read System Memory");
  EXPECT_EQ(sink.messages[3].function, 0x04u) << "matched by sequence number";
  EXPECT_EQ(sink.messages[3].role, MessageRole::Response);
  EXPECT_EQ(sink.messages[4].command, &kPlcState);
  EXPECT_EQ(sink.messages[5].function, kSetPlcState);
  EXPECT_TRUE(sink.messages[5].exception);
  EXPECT_EQ(sink.messages[6].command, &kProgramLoad);
}

}  // namespace
}  // namespace otscope::srtp

namespace otscope::srtp {
namespace {

TEST(SrtpSession, ASplitAnywhereFramesTheSame) {
  B stream = B(kHeaderSize, 0);
  const B stop = packet(kRequest, 1, kServiceRequest, kSetPlcState, {0x02, 0x00});
  stream.reserve(stream.size() + stop.size());
  for (std::uint8_t x : stop) stream.push_back(x);
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
    EXPECT_EQ(sink.messages[1].command, &kPlcState) << cut;
    EXPECT_TRUE(sink.anomalies.empty()) << cut;
  }
}

}  // namespace
}  // namespace otscope::srtp
