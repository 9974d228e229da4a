// The GOOSE and Sampled Values decoders on the first frame of GOOSE.pcap and on frames built
// from IEC 61850-8-1 and 9-2, one test per error, and the session's sequence checks: a replayed
// or injected message breaks its rule, a publisher's restart does not.
#include "protocols/goose/goose.h"

#include <gtest/gtest.h>

#include <vector>

#include "protocols/goose/pdu.h"
#include "tests/goose/goose_frames.h"
#include "tests/support/test_support.h"

namespace otscope::goose {
namespace {

// GOOSE.pcap frame 1 after the Ethernet type (a GE F650 relay).
const char* kF650 =
    "0001009100000000618186801a4745446576696365463635302f4c4c4e3024474f246763"
    "6230318103009c4082184745446576696365463635302f4c4c4e3024474f4f534531830b"
    "463635305f474f4f5345318408386ebbf34217280a85010186010a870100880101890100"
    "8a0108ab2083010084030300008301008403030000830100840303000083010084030300"
    "00";

TEST(GoosePdu, DecodesTheF650sMessage) {
  GoosePdu pdu;
  ASSERT_EQ(decode_goose(::otscope::test::hex(kF650), pdu), PduError::None);
  EXPECT_EQ(pdu.appid, 1);
  EXPECT_EQ(pdu.gocb_ref, "GEDeviceF650/LLN0$GO$gcb01");
  EXPECT_EQ(pdu.dataset, "GEDeviceF650/LLN0$GOOSE1");
  EXPECT_EQ(pdu.go_id, "F650_GOOSE1");
  EXPECT_EQ(pdu.time_allowed_ms, 40000u);
  EXPECT_EQ(pdu.st_num, 1u);
  EXPECT_EQ(pdu.sq_num, 10u);
  EXPECT_EQ(pdu.conf_rev, 1u);
  EXPECT_EQ(pdu.entries, 8u);
  EXPECT_FALSE(pdu.simulation);
}

TEST(GoosePdu, EveryMalformationIsItsOwnError) {
  GoosePdu p;
  EXPECT_EQ(decode_goose(::otscope::test::hex("0001 0091 00"), p), PduError::TooShort);
  EXPECT_EQ(decode_goose(::otscope::test::hex("0001 0004 0000 0000"), p), PduError::BadLength);
  EXPECT_EQ(decode_goose(::otscope::test::hex("0001 00ff 0000 0000 6103 800100"), p),
            PduError::BadLength);
  EXPECT_EQ(decode_goose(::otscope::test::hex("0001 000b 0000 0000 6001 00"), p),
            PduError::NotGoosePdu);
  EXPECT_EQ(decode_goose(::otscope::test::hex("0001 000e 0000 0000 6104 8005 4142"), p),
            PduError::Truncated);
  EXPECT_EQ(decode_goose(::otscope::test::hex("0001 000f 0000 0000 6105 8003 414243"), p),
            PduError::MissingField);
}

TEST(SvPdu, DecodesAnAsdu) {
  SvPdu pdu;
  ASSERT_EQ(decode_sv(test::sv_frame(0x4000, "MU01", 3999), pdu), PduError::None);
  EXPECT_EQ(pdu.appid, 0x4000);
  EXPECT_EQ(pdu.asdu_count, 1u);
  ASSERT_EQ(pdu.asdus.size(), 1u);
  EXPECT_EQ(pdu.asdus[0].sv_id, "MU01");
  EXPECT_EQ(pdu.asdus[0].smp_cnt, 3999u);
}

struct Recorder final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<IdentityEvent> identities;
  std::vector<AnomalyEvent> anomalies;
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent& ev) override {
    identities.push_back(ev);
  }
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent& ev) override {
    anomalies.push_back(ev);
  }
  std::vector<std::string> rules() const {
    std::vector<std::string> out;
    for (const AnomalyEvent& a : anomalies)
      if (a.rule != nullptr) out.emplace_back(a.rule->name);
    return out;
  }
};

struct Publisher : ::testing::Test {
  Publisher() {
    flow.transport = Transport::Ethernet;
    flow.a.port = flow.b.port = kGooseEthertype;
    session = descriptor().create(flow, sink);
  }
  void send(const std::vector<std::uint8_t>& frame, std::uint16_t type = kGooseEthertype) {
    std::vector<std::uint8_t> data = {static_cast<std::uint8_t>(type >> 8),
                                      static_cast<std::uint8_t>(type)};
    data.insert(data.end(), frame.begin(), frame.end());
    ++meta.frame;
    session->on_data(Direction::AtoB, data, meta);
  }
  FlowInfo flow;
  Recorder sink;
  std::unique_ptr<ProtocolSession> session;
  PacketMeta meta{1'000'000, 0, 0};
};

TEST_F(Publisher, NormalRetransmissionsAndStateChangesBreakNothing) {
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 5, 0));
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 5, 1));
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 5, 2));
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 6, 0, 0x386ebbf34217290aull));
  EXPECT_TRUE(sink.anomalies.empty());
  ASSERT_EQ(sink.messages.size(), 4u);
  EXPECT_EQ(sink.messages[0].function_name, "State change");
  EXPECT_EQ(sink.messages[2].function_name, "Retransmission");
  EXPECT_EQ(sink.messages[0].role, MessageRole::Unsolicited);
  EXPECT_EQ(sink.messages[0].detail, "IED1/LLN0$GO$gcb1");
}

TEST_F(Publisher, AnOlderMessageIsAReplay) {
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 5, 7));
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 5, 3));  // same state, lower sequence
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 4, 9));  // an earlier state
  EXPECT_EQ(sink.rules(), (std::vector<std::string>{"goose.replay", "goose.replay"}));
}

TEST_F(Publisher, AStateNumberThatJumpsIsAnInjection) {
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 5, 2));
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 9, 0, 0x386ebbf34217390aull));
  EXPECT_EQ(sink.rules(), (std::vector<std::string>{"goose.state_jump"}));
  // Another control block of the same publisher keeps its own numbers.
  send(test::goose_frame(2, "IED1/LLN0$GO$gcb2", 1, 0));
  EXPECT_EQ(sink.rules().size(), 1u);
}

TEST_F(Publisher, ARestartIsReportedButIsNoAttack) {
  // GOOSE.pcap: stNum 1 sqNum 12, then stNum 1 sqNum 1 with a new event time.
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 1, 12));
  send(test::goose_frame(1, "IED1/LLN0$GO$gcb1", 1, 1, 0x386ebc0000000000ull));
  ASSERT_EQ(sink.anomalies.size(), 1u);
  EXPECT_EQ(sink.anomalies[0].kind, "goose.publisher_restarted");
  EXPECT_EQ(sink.anomalies[0].rule, nullptr);
  EXPECT_FALSE(sink.anomalies[0].malformed);
}

TEST_F(Publisher, SampledValuesAreCountedAndNamed) {
  send(test::sv_frame(0x4000, "MU01", 1), kSvEthertype);
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].protocol, kSv);
  EXPECT_EQ(session->claimed_as(), kSv);
  ASSERT_FALSE(sink.identities.empty());
  EXPECT_EQ(sink.identities[0].field, "sv_id");
  EXPECT_EQ(sink.identities[0].value, "MU01");
}

TEST_F(Publisher, AMalformedFrameIsCountedNotDecoded) {
  send(::otscope::test::hex("0001 0004 0000 0000"));
  ASSERT_EQ(sink.anomalies.size(), 1u);
  EXPECT_EQ(sink.anomalies[0].kind, "goose.malformed");
  EXPECT_TRUE(sink.anomalies[0].malformed);
  EXPECT_TRUE(sink.messages.empty());
}

TEST(Probe, ClaimsOnlyItsEthernetTypes) {
  EXPECT_EQ(descriptor().probe(::otscope::test::hex("88b8 0001"), Transport::Ethernet),
            ProbeResult::Match);
  EXPECT_EQ(descriptor().probe(::otscope::test::hex("88ba 4000"), Transport::Ethernet),
            ProbeResult::Match);
  EXPECT_EQ(descriptor().probe(::otscope::test::hex("8892 fefe"), Transport::Ethernet),
            ProbeResult::NoMatch);
  EXPECT_EQ(descriptor().probe(::otscope::test::hex("88b8 0001"), Transport::Udp),
            ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::goose
