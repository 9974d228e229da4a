// CODESYS V3: the block driver and datagram layers, the layer-7 service header, the probe
// (conservative: magics only), and the session.
#include "protocols/codesys/codesys.h"

#include <gtest/gtest.h>

#include "protocols/codesys/decoder.h"
#include "tests/bacnet/recording_sink.h"
#include "tests/support/test_support.h"

namespace otscope::codesys {
namespace {

using B = std::vector<std::uint8_t>;

// Datagram layer (magic, header length 3 and hop count 13, priority normal, service, message
// id, address lengths 3+3 words), 12 address bytes, then `rest`.
B datagram(std::uint8_t service, const B& rest) {
  B d = {kDatagramMagic, 0x6B, 0x40, service, 0x00, 0x33};
  d.insert(d.end(), {0x04, 0x56, 10, 0, 0, 20, 0x04, 0x56, 10, 0, 0, 10});
  d.insert(d.end(), rest.begin(), rest.end());
  return d;
}

// First application block (request) carrying a layer-7 header for `group`/`service`.
B service_block(std::uint8_t group, std::uint16_t service, bool response = false) {
  B b = {kApplicationBlock, static_cast<std::uint8_t>(response ? 0x01 : 0x81), 0x01, 0x00};
  b.insert(b.end(), 16, 0x00);  // block id, ack id, remaining size, checksum
  const std::uint16_t g = static_cast<std::uint16_t>(group | (response ? 0x80 : 0));
  b.insert(b.end(), {0x55, 0xCD, 0x0C, 0x00, static_cast<std::uint8_t>(g),
                     static_cast<std::uint8_t>(g >> 8), static_cast<std::uint8_t>(service),
                     static_cast<std::uint8_t>(service >> 8), 0, 0, 0, 0, 0, 0, 0, 0});
  return b;
}

B tcp_block(const B& pdu) {
  const std::size_t n = 8 + pdu.size();
  B b = {0x00, 0x01, 0x17, 0xE8, static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8),
         0,    0};
  b.insert(b.end(), pdu.begin(), pdu.end());
  return b;
}

TEST(CodesysDecoder, LayersDownToTheService) {
  Datagram d;
  ASSERT_EQ(decode_datagram(datagram(kChannelManager, service_block(kGroupPlcShell, 1)), d),
            Error::None);
  EXPECT_EQ(d.service, kChannelManager);
  EXPECT_EQ(d.channel_type, kApplicationBlock);
  EXPECT_EQ(d.group, kGroupPlcShell);
  EXPECT_EQ(d.subservice, 1);
  EXPECT_FALSE(d.response);
  ASSERT_EQ(decode_datagram(datagram(kChannelManager, {kKeepAlive, 0, 1, 0}), d), Error::None);
  EXPECT_EQ(d.channel_type, kKeepAlive);
  EXPECT_FALSE(d.group.has_value());
  ASSERT_EQ(decode_datagram(datagram(kNameServiceClient, {0x80, 0xC2}), d), Error::None);
  EXPECT_FALSE(d.channel_type.has_value());
  EXPECT_EQ(decode_datagram(test::hex("c4 6b 40 40 00 33"), d), Error::BadMagic);
  EXPECT_EQ(decode_datagram(test::hex("c5 6c 40 40 00 33"), d), Error::BadMagic);
  EXPECT_EQ(decode_datagram(test::hex("c5 6b 40 40 00 33 0456"), d), Error::Truncated);
}

TEST(CodesysProbe, MagicsOnly) {
  const B pdu = datagram(kChannelManager, service_block(kGroupDevice, 2));
  EXPECT_EQ(probe(tcp_block(pdu), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(pdu, Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(test::hex("0001"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(test::hex("0001 17e9 1400 0000 c5"), Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(test::hex("0001 17e8 1400 0000 c4"), Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(pdu, Transport::Tcp), ProbeResult::NoMatch) << "TCP needs the block driver";
  EXPECT_EQ(probe(test::hex("c5 6b 40 09 00 33 0456 0a00 0014 0456 0a00 000a"), Transport::Udp),
            ProbeResult::NoMatch);
  EXPECT_EQ(probe({}, Transport::Udp), ProbeResult::NoMatch);
}

TEST(CodesysSession, ServicesAndCommands) {
  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = kTcpPort;
  test::RecordingSink sink;
  auto session = descriptor().create(flow, sink);
  PacketMeta meta;
  const B shell = tcp_block(datagram(kChannelManager, service_block(kGroupPlcShell, 1)));
  const B answer = tcp_block(datagram(kChannelManager, service_block(kGroupPlcShell, 1, true)));
  const B keepalive = tcp_block(datagram(kChannelManager, {kKeepAlive, 0, 1, 0}));
  B both = shell;
  both.insert(both.end(), keepalive.begin(), keepalive.end());
  session->on_data(Direction::AtoB, both, meta);
  session->on_data(Direction::BtoA, answer, meta);
  session->on_data(Direction::AtoB,
                   tcp_block(datagram(kChannelManager, service_block(kGroupForce, 3))), meta);
  ASSERT_EQ(sink.messages.size(), 4u);
  EXPECT_TRUE(sink.anomalies.empty());
  EXPECT_EQ(sink.messages[0].function, (kGroupPlcShell << 8) | 1u);
  EXPECT_EQ(sink.messages[0].function_name, "PlcShell");
  EXPECT_EQ(sink.messages[0].command, &kPlcShell);
  EXPECT_EQ(sink.messages[1].function, kDatagramBase | kChannelManager << 8 | kKeepAlive);
  EXPECT_EQ(sink.messages[2].role, MessageRole::Response);
  EXPECT_EQ(sink.messages[2].command, nullptr);
  EXPECT_EQ(sink.messages[3].command, &kForce);
}

}  // namespace
}  // namespace otscope::codesys

namespace otscope::codesys {
namespace {

TEST(CodesysSession, ASplitAnywhereFramesTheSame) {
  B stream = tcp_block(datagram(kChannelManager, {kKeepAlive, 0, 1, 0}));
  const B shell = tcp_block(datagram(kChannelManager, service_block(kGroupPlcShell, 1)));
  for (std::uint8_t x : shell) stream.push_back(x);
  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = kTcpPort;
  PacketMeta meta;
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    test::RecordingSink sink;
    auto session = descriptor().create(flow, sink);
    session->on_data(Direction::AtoB, Bytes(stream).first(cut), meta);
    session->on_data(Direction::AtoB, Bytes(stream).subspan(cut), meta);
    ASSERT_EQ(sink.messages.size(), 2u) << cut;
    EXPECT_EQ(sink.messages[1].command, &kPlcShell) << cut;
    EXPECT_TRUE(sink.anomalies.empty()) << cut;
  }
}

}  // namespace
}  // namespace otscope::codesys
