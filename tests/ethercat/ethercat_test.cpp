// EtherCAT frames written from IEC 61158-4-12's layout: datagrams, the AL Control state request
// and the bootstrap command, one test per error.
#include "protocols/ethercat/ethercat.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/support/test_support.h"

namespace otscope::ethercat {
namespace {

// Header: length 0x1c, type 1 (little-endian 0x101c). Datagram 1: BRD (7) of register 0x0130
// (AL Status), 2 bytes, "more" set. Datagram 2: FPWR (5) to station 0x1001, register 0x0120, 2
// bytes: request `state`.
std::vector<std::uint8_t> frame(std::uint8_t state) {
  auto f =
      test::hex("1c10 07 01 0000 3001 0280 0000 0000 0000 05 02 0110 2001 0200 0000 0000 0000");
  f[26] = state;
  return f;
}

TEST(EthercatFrame, DatagramsAndTheirCommands) {
  Frame f;
  ASSERT_EQ(decode_frame(frame(8), f), FrameError::None);
  EXPECT_EQ(f.type, 1);
  ASSERT_EQ(f.datagrams.size(), 2u);
  EXPECT_EQ(command_name(f.datagrams[0].command), "BRD");
  EXPECT_EQ(f.datagrams[0].ado, 0x0130);
  EXPECT_EQ(command_name(f.datagrams[1].command), "FPWR");
  EXPECT_EQ(f.datagrams[1].adp, 0x1001);
  EXPECT_EQ(f.datagrams[1].ado, kAlControl);
  EXPECT_EQ(command_op(5), OpClass::Write);
  EXPECT_EQ(command_op(7), OpClass::Read);
}

TEST(EthercatFrame, EveryMalformationIsItsOwnError) {
  Frame a, b, c;
  EXPECT_EQ(decode_frame(test::hex("1c"), a), FrameError::TooShort);
  EXPECT_EQ(decode_frame(test::hex("1c10 0701"), b), FrameError::LengthBeyondFrame);
  EXPECT_EQ(decode_frame(test::hex("0610 07 01 0000 3001"), c), FrameError::DatagramTruncated);
}

struct Recorder final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<AnomalyEvent> anomalies;
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent&) override {}
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent& ev) override {
    anomalies.push_back(ev);
  }
};

TEST(EthercatSession, AStateRequestIsAModeChangeAndBootstrapIsItsCommand) {
  FlowInfo flow;
  flow.transport = Transport::Ethernet;
  Recorder sink;
  auto session = descriptor().create(flow, sink);
  auto with_type = [](std::vector<std::uint8_t> f) {
    f.insert(f.begin(), {0x88, 0xA4});
    return f;
  };
  session->on_data(Direction::AtoB, with_type(frame(8)), PacketMeta{});
  session->on_data(Direction::AtoB, with_type(frame(3)), PacketMeta{});
  session->on_data(Direction::AtoB, with_type(test::hex("1c")), PacketMeta{});
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[0].op, OpClass::ModeChange);
  EXPECT_EQ(sink.messages[0].detail, "AL state OP");
  EXPECT_EQ(sink.messages[0].command, nullptr);
  EXPECT_EQ(sink.messages[1].detail, "AL state BOOTSTRAP");
  ASSERT_NE(sink.messages[1].command, nullptr);
  EXPECT_EQ(sink.messages[1].command->name, "ethercat.bootstrap");
  ASSERT_EQ(sink.anomalies.size(), 1u);
  EXPECT_EQ(sink.anomalies[0].kind, "ethercat.malformed");
  EXPECT_EQ(descriptor().probe(test::hex("88a4 1c10"), Transport::Ethernet), ProbeResult::Match);
  EXPECT_EQ(descriptor().probe(test::hex("8892 1c10"), Transport::Ethernet), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::ethercat
